/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw format: erase a partition, a range, or the user area except what must survive. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

static const char usage_text[] =
	"usage: mtkfw format (--partition NAME | --range START LEN | --all-except-bootloader)\n"
	"                    [--region user|boot1|boot2] [--force-identity] [device options]\n"
	"\n"
	"Erase part of the phone's eMMC. Identity partitions (NVRAM, PRO_INFO, PROTECT_F,\n"
	"PROTECT_S, SECCFG: IMEI, calibration, MAC addresses) are refused, and left out of\n"
	"--all-except-bootloader, unless --force-identity is given. Before anything is\n"
	"erased, a verified identity backup of this phone must be in the store (one is\n"
	"made when there is none), and the phone's layout must say for sure where its\n"
	"identity is (docs/identity.md); afterwards the identity is read back and compared\n"
	"with that backup.\n"
	"\n"
	"  --partition NAME        one partition of the phone's PMT\n"
	"  --range START LEN       byte range of --region (default user), whole 512-byte\n"
	"                          sectors (0x hex accepted)\n"
	"  --all-except-bootloader the whole user area (boot1 keeps the preloader)\n"
	"  --force-identity        also erase identity partitions (back them up first!)\n" DEV_USAGE;

struct fmt_args {
	const char *partition, *region;
	uint64_t start, len;
	bool range, all, force;
};

static int parse(int argc, char **argv, struct fmt_args *f, struct dev_args *a)
{
	static const struct option opts[] = {DEV_OPTIONS,
					     {"partition", required_argument, NULL, 'p'},
					     {"range", required_argument, NULL, 'r'},
					     {"all-except-bootloader", no_argument, NULL, 'A'},
					     {"region", required_argument, NULL, 'g'},
					     {"force-identity", no_argument, NULL, 'F'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "p:r:g:qh", opts, NULL)) != -1) {
		if (c == 'p')
			f->partition = optarg;
		else if (c == 'r') {
			f->range = true;
			if (cli_range_arg(argc, argv, MTKFW_SECTOR, &f->start, &f->len))
				return EX_USAGE;
		} else if (c == 'A')
			f->all = true;
		else if (c == 'g')
			f->region = optarg;
		else if (c == 'F')
			f->force = true;
		else if (dev_option(a, c, optarg) <= 0)
			return EX_USAGE;
	}
	if (optind != argc || (!!f->partition + f->range + f->all) != 1)
		return EX_USAGE;
	if (f->region && mtkfw_part_by_name(f->region) < 0) {
		cli_msg("error: --region is user, boot1, boot2 or rpmb, not '%s'", f->region);
		return EX_USAGE;
	}
	return 0;
}

int cmd_format(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	struct dev_args a = {.wait_ms = 10000};
	struct fmt_args f = {0};
	struct render r = {0};
	struct mtkfw_job *j;
	struct mtkfw_phone *p = NULL;
	(void)ctx;
	if (cli_wants_help(argc, argv, usage_text))
		return EX_OK;
	if (parse(argc, argv, &f, &a))
		return fputs(usage_text, stderr), EX_USAGE;
	if (dev_job(&a, &r, &j))
		return EX_OSERR;
	struct mtkfw_phone_opts po = dev_phone_opts(&a);
	struct mtkfw_format_opts o = MTKFW_INIT(o);
	struct mtkfw_format_result res = MTKFW_INIT(res);
	o.partition = f.partition;
	o.all_except_bootloader = f.all;
	o.area = (enum mtkfw_emmc_part)mtkfw_part_by_name(f.region ? f.region : "user");
	o.start = f.start;
	o.length = f.len;
	o.force_identity = f.force;
	int rc = mtkfw_phone_open(j, &po, NULL, &p);
	if (!rc)
		rc = mtkfw_job_format(j, p, &o, &res);
	if (p)
		rc = dev_phone_done(j, p, rc, true);
	dev_job_free(j, &r);
	return dev_exit(rc);
}
