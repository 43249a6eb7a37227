/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw write: one image into one partition, or raw bytes into a range (mtkfw_job_write). */
#include <string.h>

#include "render.h"

static const char write_usage[] =
	"usage: mtkfw write --partition NAME FILE [--dry-run] [--no-reboot]\n"
	"                   [--write-identity] [--write-preloader] [--any-kind]\n"
	"                   [--force-compat WHAT] [device options]\n"
	"       mtkfw write --range START LEN FILE [--dry-run] [--no-reboot]\n"
	"                   [--write-identity] [device options]\n"
	"\n"
	"Write one image into one partition of the phone (a custom recovery, a new\n"
	"logo): what SP Flash Tool does with every row but one unticked. The image is\n"
	"checked against the partition (its kind, header and size) and against the\n"
	"phone's layout and board as a flash is; what it overwrites is saved into the\n"
	"store first (a 'partitions' backup: 'mtkfw restore DIR' puts it back); an\n"
	"Android sparse image is written sparse; every written byte is read back and\n"
	"compared; the phone's identity is backed up before and checked after.\n"
	"\n"
	"  --partition NAME   the partition, as the phone's layout names it\n"
	"  --range START LEN  a byte range of the user area instead, whole 512-byte\n"
	"                     sectors (0x hex accepted): a raw FILE of at most LEN\n"
	"                     bytes written at START; refused\n"
	"                     over the partition tables (MBR, EBR, PMT) and, without\n"
	"                     --write-identity, over identity partitions\n"
	"  --dry-run          print the plan and stop\n"
	"  --no-reboot        leave the phone in download mode at the end\n"
	"  --write-identity   NAME may be an identity partition (NVRAM, PRO_INFO,\n"
	"                     PROTECT_F/S, SECCFG): only with a file of this phone\n"
	"  --write-preloader  NAME may be PRELOADER (a wrong one leaves the phone dead)\n"
	"  --any-kind         write an image whose kind is not what NAME holds\n"
	"  --force-compat WHAT  as flash\n" DEV_USAGE;

struct write_args {
	struct dev_args dev;
	struct mtkfw_write_opts o;
	bool range, no_reboot;
};

static int write_parse(int argc, char **argv, struct write_args *w)
{
	static const struct option opts[] = {DEV_OPTIONS,
					     {"partition", required_argument, NULL, 'P'},
					     {"range", required_argument, NULL, 'G'},
					     {"dry-run", no_argument, NULL, 'n'},
					     {"no-reboot", no_argument, NULL, 'R'},
					     {"write-identity", no_argument, NULL, 'I'},
					     {"write-preloader", no_argument, NULL, 'B'},
					     {"any-kind", no_argument, NULL, 'K'},
					     {"force-compat", required_argument, NULL, 'F'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "nqh", opts, NULL)) != -1) {
		if (c == 'P') {
			w->o.partition = optarg;
		} else if (c == 'G') {
			w->range = true;
			if (cli_range_arg(argc, argv, MTKFW_SECTOR, &w->o.start, &w->o.length))
				return EX_USAGE;
		} else if (c == 'n') {
			w->o.dry_run = true;
		} else if (c == 'R') {
			w->no_reboot = true;
		} else if (c == 'I') {
			w->o.write_identity = true;
		} else if (c == 'B') {
			w->o.write_preloader = true;
		} else if (c == 'K') {
			w->o.any_kind = true;
		} else if (c == 'F') {
			w->o.force_compat = optarg;
		} else if (dev_option(&w->dev, c, optarg) <= 0) {
			return EX_USAGE;
		}
	}
	if (optind + 1 != argc || !w->o.partition == !w->range)
		return EX_USAGE;
	w->o.file = argv[optind];
	return 0;
}

int cmd_write(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	struct write_args w = {.dev = {.wait_ms = 10000}, .o = MTKFW_INIT(w.o)};
	struct render r = {0};
	struct mtkfw_job *j = NULL;
	struct mtkfw_phone *p = NULL;
	struct mtkfw_write_result res = MTKFW_INIT(res);
	(void)ctx;
	if (cli_wants_help(argc, argv, write_usage))
		return EX_OK;
	if (write_parse(argc, argv, &w))
		return fputs(write_usage, stderr), EX_USAGE;
	struct mtkfw_phone_opts po = dev_phone_opts(&w.dev);
	int rc = dev_job(&w.dev, &r, &j) ? MTKFW_E_NO_MEM : mtkfw_phone_open(j, &po, NULL, &p);
	r.show_plan = (w.o.dry_run || !w.dev.quiet) && !w.dev.json;
	r.compat_lines = true;
	if (!rc)
		rc = mtkfw_job_write(j, p, &w.o, &res);
	if (p)
		rc = dev_phone_done(j, p, rc, !w.no_reboot);
	dev_job_free(j, &r);
	return dev_exit(rc);
}
