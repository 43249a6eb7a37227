/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw verify / restore: a backup checked, and put back on the phone it came from. */
#include <string.h>

#include "render.h"

static const char verify_usage[] =
	"usage: mtkfw verify BACKUP [--json]\n"
	"\n"
	"Check every file of a backup against the SHA-256 in its manifest (no phone\n"
	"needed). Exit status 0 when intact.\n";

static const char restore_usage[] =
	"usage: mtkfw restore BACKUP [--only NAMES] [--force-other-device]\n"
	"                     [--write-identity] [--no-reboot] [device options]\n"
	"\n"
	"Write a backup back to the phone it was made from. Every file's hash is checked\n"
	"before anything is written and every range is read back and compared after.\n"
	"A partition goes back where the phone's layout has it now, a whole area or a\n"
	"saved range where it was; a range the layout now gives to an identity partition\n"
	"is refused. Before writing, a verified identity backup of the phone must exist\n"
	"(one is made when there is none); afterwards the identity is read back and\n"
	"compared with it, but for partitions put back from their own backup. A backup\n"
	"of another phone (other eMMC CID or ME_ID) is refused. Running it again after\n"
	"an interruption completes it.\n"
	"\n"
	"  --only NAMES          only these files (partition names, boot1/boot2/user, or\n"
	"                        a range's name such as user-0x2800000)\n"
	"  --write-identity      put a saved range back even where the phone's layout now\n"
	"                        has an identity partition (the check afterwards still\n"
	"                        says what changed)\n"
	"  --force-other-device  write another phone's backup: this gives the phone that\n"
	"                        phone's IMEI and calibration, which is illegal in many\n"
	"                        countries and leaves its radio mis-tuned. Only for a\n"
	"                        repair of the *same* phone whose eMMC was replaced.\n"
	"  --no-reboot           leave the phone in download mode\n" DEV_USAGE;

struct rs_args {
	struct dev_args dev;
	const char *dir, *only;
	bool other, write_identity, no_reboot;
};

int cmd_verify(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	bool json = argc == 3 && !strcmp(argv[2], "--json");
	struct dev_args a = {.json = json, .quiet = true};
	struct render r = {0};
	struct mtkfw_job *j;
	const struct mtkfw_backup *b = NULL;
	(void)ctx;
	if (cli_wants_help(argc, argv, verify_usage))
		return EX_OK;
	if (argc != 2 && !json)
		return fputs(verify_usage, stderr), EX_USAGE;
	if (dev_job(&a, &r, &j))
		return EX_OSERR;
	int rc = mtkfw_job_verify(j, argv[1], &b);
	if (!rc && !json)
		cli_backup_print(b, "intact");
	dev_job_free(j, &r);
	return dev_exit(rc);
}

static int parse_restore(int argc, char **argv, struct rs_args *a)
{
	static const struct option opts[] = {DEV_OPTIONS,
					     {"only", required_argument, NULL, 'o'},
					     {"force-other-device", no_argument, NULL, 'F'},
					     {"write-identity", no_argument, NULL, 'I'},
					     {"no-reboot", no_argument, NULL, 'R'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
		if (c == 'o')
			a->only = optarg;
		else if (c == 'F')
			a->other = true;
		else if (c == 'I')
			a->write_identity = true;
		else if (c == 'R')
			a->no_reboot = true;
		else if (dev_option(&a->dev, c, optarg) <= 0)
			return EX_USAGE;
	}
	if (optind + 1 != argc)
		return EX_USAGE;
	a->dir = argv[optind];
	return 0;
}

int cmd_restore(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	struct rs_args a = {.dev = {.wait_ms = 10000}};
	struct render r = {0};
	struct mtkfw_job *j;
	struct mtkfw_phone *p = NULL;
	struct mtkfw_restore_job_result res = MTKFW_INIT(res);
	(void)ctx;
	if (cli_wants_help(argc, argv, restore_usage))
		return EX_OK;
	if (parse_restore(argc, argv, &a))
		return fputs(restore_usage, stderr), EX_USAGE;
	if (dev_job(&a.dev, &r, &j))
		return EX_OSERR;
	struct mtkfw_phone_opts po = dev_phone_opts(&a.dev);
	struct mtkfw_restore_job_opts o = MTKFW_INIT(o);
	o.only = a.only;
	o.other_device = a.other;
	o.write_identity = a.write_identity;
	/* a damaged backup is refused before the phone is even asked for */
	int rc = mtkfw_job_verify(j, a.dir, NULL);
	if (!rc)
		rc = mtkfw_phone_open(j, &po, NULL, &p);
	if (!rc)
		rc = mtkfw_job_restore(j, p, a.dir, &o, &res);
	if (p)
		rc = dev_phone_done(j, p, rc, !a.no_reboot);
	dev_job_free(j, &r);
	return dev_exit(rc);
}
