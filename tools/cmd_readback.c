/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw readback: copy a partition, a range or a whole eMMC area into a file. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "progress.h"

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

/* The range to read, from the options and the phone's layout. */
static int resolve(struct mtkfw_ctx *ctx, const struct dev_args *a, struct mtkfw_session *s,
		   const struct rb_args *r, struct mtkfw_range *rg)
{
	if (r->partition) {
		struct mtkfw_layout *l = NULL;
		int rc = dev_layout(ctx, a, s, &l);
		if (!rc)
			rc = mtkfw_layout_range(ctx, l, r->partition, rg);
		mtkfw_layout_free(l);
		return rc;
	}
	rg->part = (enum mtkfw_emmc_part)mtkfw_part_by_name(r->region ? r->region : "user");
	rg->offset = r->full ? 0 : r->start;
	rg->length = r->full ? mtkfw_da_part_size(mtkfw_session_da(s), rg->part) : r->len;
	return 0;
}

int cmd_readback(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	struct dev_args a = {.wait_ms = 10000, .events = true};
	struct rb_args r = {0};
	if (cli_wants_help(argc, argv, usage_text))
		return EX_OK;
	if (parse(argc, argv, &r, &a))
		return fputs(usage_text, stderr), EX_USAGE;
	struct mtkfw_session *s;
	int rc = dev_open(ctx, &a, NULL, false, &s);
	if (rc)
		return dev_fail(ctx, &a, rc);
	struct mtkfw_range rg;
	struct mtkfw_readback_result res;
	struct cli_progress prog;
	cli_progress_init(&prog, "reading", a.json, a.quiet);
	rc = resolve(ctx, &a, s, &r, &rg);
	if (!rc)
		rc = mtkfw_readback_file(s, &rg, r.out, cli_progress_cb, &prog, &res);
	cli_progress_done(&prog);
	if (!rc) {
		char hex[65], sz[24], zs[24];
		mtkfw_sha256_hex(res.sha256, hex);
		if (a.json)
			printf("{\"event\": \"done\", \"file\": \"%s\", \"region\": \"%s\", \"offset\": "
			       "%" PRIu64 ", \"bytes\": %" PRIu64 ", \"zero_bytes\": %" PRIu64
			       ", \"sha256\": \"%s\"}\n",
			       r.out, mtkfw_part_name(rg.part), rg.offset, res.bytes,
			       res.zero_bytes, hex);
		else
			printf("%s: %s from %s+0x%" PRIx64
			       " (%s of zeros left as holes)\nsha256 %s\n",
			       r.out, cli_size(sz, sizeof(sz), res.bytes), mtkfw_part_name(rg.part),
			       rg.offset, cli_size(zs, sizeof(zs), res.zero_bytes), hex);
		rc = mtkfw_session_reboot(s);
	}
	if (rc)
		rc = dev_fail(ctx, &a, rc);
	mtkfw_session_close(s);
	return rc;
}
