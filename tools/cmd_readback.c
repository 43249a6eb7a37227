/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw readback: copy a partition, a range or a whole eMMC area into a file. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

static const char usage_text[] =
	"usage: mtkfw readback (--partition NAME | --range START LEN | --full)\n"
	"                      [--region user|boot1|boot2|rpmb] [device options] OUT\n"
	"\n"
	"Read from the phone's eMMC into OUT. Partition names come from the phone's own\n"
	"partition table. Zero blocks are left as holes (the file takes the room of its\n"
	"data); the SHA-256 of everything read is printed. OUT appears only when complete.\n"
	"\n"
	"  --partition NAME  one partition of the phone's PMT (PRELOADER = boot1)\n"
	"  --range START LEN byte range of --region (0x hex accepted)\n"
	"  --full            the whole --region (default user)\n" DEV_USAGE;

struct rb_args {
	const char *partition, *region, *out;
	uint64_t start, len;
	bool range, full;
};

static int parse(int argc, char **argv, struct rb_args *r, struct dev_args *a)
{
	static const struct option opts[] = {DEV_OPTIONS,
					     {"partition", required_argument, NULL, 'p'},
					     {"range", required_argument, NULL, 'r'},
					     {"full", no_argument, NULL, 'f'},
					     {"region", required_argument, NULL, 'g'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "p:r:fg:qh", opts, NULL)) != -1) {
		if (c == 'p')
			r->partition = optarg;
		else if (c == 'r') {
			r->range = true;
			if (cli_range_arg(argc, argv, 1, &r->start, &r->len))
				return EX_USAGE;
		} else if (c == 'f')
			r->full = true;
		else if (c == 'g')
			r->region = optarg;
		else if (dev_option(a, c, optarg) <= 0)
			return EX_USAGE;
	}
	if (optind + 1 != argc || (!!r->partition + r->range + r->full) != 1)
		return EX_USAGE;
	if (r->region && mtkfw_part_by_name(r->region) < 0) {
		cli_msg("error: --region is user, boot1, boot2 or rpmb, not '%s'", r->region);
		return EX_USAGE;
	}
	r->out = argv[optind];
	return 0;
}

int cmd_readback(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	struct dev_args a = {.wait_ms = 10000};
	struct rb_args rb = {0};
	struct render r = {0};
	struct mtkfw_job *j;
	struct mtkfw_phone *p = NULL;
	(void)ctx;
	if (cli_wants_help(argc, argv, usage_text))
		return EX_OK;
	if (parse(argc, argv, &rb, &a))
		return fputs(usage_text, stderr), EX_USAGE;
	if (dev_job(&a, &r, &j))
		return EX_OSERR;
	struct mtkfw_phone_opts po = dev_phone_opts(&a);
	struct mtkfw_readback_opts o = MTKFW_INIT(o);
	const struct mtkfw_readback_result *res = NULL;
	o.path = rb.out;
	o.partition = rb.partition;
	o.area = (enum mtkfw_emmc_part)mtkfw_part_by_name(rb.region ? rb.region : "user");
	o.start = rb.start;
	o.length = rb.len;
	o.whole = rb.full;
	int rc = mtkfw_phone_open(j, &po, NULL, &p);
	if (!rc)
		rc = mtkfw_job_readback(j, p, &o, &res);
	if (!rc && !a.json) {
		char sz[24], zs[24];
		printf("%s: %s from %s+0x%" PRIx64 " (%s of zeros left as holes)\nsha256 %s\n",
		       rb.out, cli_size(sz, sizeof(sz), res->bytes), cli_jstr(r.result, "region"),
		       cli_jnum(r.result, "offset"), cli_size(zs, sizeof(zs), res->zero_bytes),
		       cli_jstr(r.result, "sha256"));
	}
	if (p)
		rc = dev_phone_done(j, p, rc, true);
	dev_job_free(j, &r);
	return dev_exit(rc);
}
