/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw format: erase a partition, a range, or the user area except what must survive. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "progress.h"

static const char usage_text[] =
	"usage: mtkfw format (--partition NAME | --range START LEN | --all-except-bootloader)\n"
	"                    [--region user|boot1|boot2] [--force-identity] [--store DIR]\n"
	"                    [device options]\n"
	"\n"
	"Erase part of the phone's eMMC. Identity partitions (NVRAM, PRO_INFO, PROTECT_F,\n"
	"PROTECT_S, SECCFG: IMEI, calibration, MAC addresses) are refused, and left out of\n"
	"--all-except-bootloader, unless --force-identity is given. Before anything is\n"
	"erased, a verified identity backup of this phone must be in the store (one is\n"
	"made when there is none).\n"
	"\n"
	"  --partition NAME        one partition of the phone's PMT\n"
	"  --range START LEN       byte range of --region (default user)\n"
	"  --all-except-bootloader the whole user area (boot1 keeps the preloader)\n"
	"  --force-identity        also erase identity partitions (back them up first!)\n"
	"  --store DIR             backup store (default $MTKFW_STORE or ~/.local/share/mtkfw/backups)\n" DEV_USAGE;

struct fmt_args {
	const char *partition, *region, *store;
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
					     {"store", required_argument, NULL, 'S'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "p:r:g:qh", opts, NULL)) != -1) {
		if (c == 'p')
			f->partition = optarg;
		else if (c == 'r' && optind < argc) {
			f->range = true;
			f->start = strtoull(optarg, NULL, 0);
			f->len = strtoull(argv[optind++], NULL, 0);
		} else if (c == 'A')
			f->all = true;
		else if (c == 'g')
			f->region = optarg;
		else if (c == 'F')
			f->force = true;
		else if (c == 'S')
			f->store = optarg;
		else if (!dev_option(a, c, optarg))
			return EX_USAGE;
	}
	if (optind != argc || (!!f->partition + f->range + f->all) != 1)
		return EX_USAGE;
	if (f->region && mtkfw_part_by_name(f->region) < 0)
		return EX_USAGE;
	return 0;
}

/* The identity partitions a range touches, named into out ("" if none). */
static void identity_hits(struct mtkfw_session *s, const struct mtkfw_range *rg, char *out,
			  size_t n)
{
	out[0] = 0;
	for (size_t i = 0; i < mtkfw_session_pmt_count(s); i++) {
		const struct mtkfw_pmt_entry *p = mtkfw_session_pmt(s, i);
		struct mtkfw_range pr;
		if (!mtkfw_is_identity_partition(p->name) ||
		    mtkfw_partition_range(s, p->name, &pr) || pr.part != rg->part ||
		    pr.offset >= rg->offset + rg->length || pr.offset + pr.length <= rg->offset)
			continue;
		size_t l = strlen(out);
		snprintf(out + l, n - l, "%s%s", l ? ", " : "", p->name);
	}
}

/* Erase [from, to) of the user area, progress per piece. */
static int erase(struct mtkfw_session *s, uint64_t from, uint64_t to, struct cli_progress *pg)
{
	struct mtkfw_range r = {MTKFW_PART_USER, from, to - from};
	return to > from ? mtkfw_format_range(s, &r, cli_progress_cb, pg) : 0;
}

/* The user area minus identity partitions, in pieces between them. */
static int erase_all_but_identity(struct mtkfw_session *s, bool force, struct cli_progress *pg)
{
	uint64_t user = mtkfw_session_flash(s)->user, at = 0;
	int r = 0;
	for (size_t i = 0; !r && i < mtkfw_session_pmt_count(s) && !force; i++) {
		const struct mtkfw_pmt_entry *p = mtkfw_session_pmt(s, i);
		struct mtkfw_range pr;
		if (!mtkfw_is_identity_partition(p->name) ||
		    mtkfw_partition_range(s, p->name, &pr) || pr.part != MTKFW_PART_USER ||
		    pr.offset < at)
			continue;
		r = erase(s, at, pr.offset, pg);
		at = pr.offset + pr.length;
	}
	return r ? r : erase(s, at, user, pg);
}

/* The guard: a verified identity backup of this phone in the store, before any erase. */
static int guard(struct mtkfw_session *s, const struct fmt_args *f, const struct dev_args *a)
{
	struct cli_progress prog;
	struct mtkfw_backup b;
	cli_progress_init(&prog, "identity backup", a->json, a->quiet);
	int rc = mtkfw_identity_guard(s, f->store, &b, cli_progress_cb, &prog);
	cli_progress_done(&prog);
	if (!rc)
		dev_event(a, "guard", "identity of this phone on file: %s", b.dir);
	return rc;
}

int cmd_format(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	struct dev_args a = {.wait_ms = 10000, .events = true};
	struct fmt_args f = {0};
	if (cli_wants_help(argc, argv, usage_text))
		return EX_OK;
	if (parse(argc, argv, &f, &a))
		return fputs(usage_text, stderr), EX_USAGE;
	struct mtkfw_session *s;
	int rc = dev_open(ctx, &a, NULL, false, &s);
	if (rc)
		return dev_fail(ctx, &a, rc);
	struct cli_progress prog;
	struct mtkfw_range rg = {
		(enum mtkfw_emmc_part)mtkfw_part_by_name(f.region ? f.region : "user"), f.start,
		f.len};
	char hits[256] = "";
	if (!f.all && !(rc = f.partition ? mtkfw_partition_range(s, f.partition, &rg) : 0))
		identity_hits(s, &rg, hits, sizeof(hits));
	if (!rc && *hits && !f.force) {
		cli_msg("error: refusing to erase %s: identity partitions (IMEI, calibration, "
			"MAC addresses) that no firmware can give back. Back them up ('mtkfw "
			"backup') and add --force-identity if you really mean it",
			hits);
		mtkfw_session_reboot(s);
		mtkfw_session_close(s);
		return EX_NOPERM;
	}
	if (!rc)
		rc = guard(s, &f, &a);
	cli_progress_init(&prog, "erasing", a.json, a.quiet);
	if (!rc)
		rc = f.all ? erase_all_but_identity(s, f.force, &prog)
			   : mtkfw_format_range(s, &rg, cli_progress_cb, &prog);
	cli_progress_done(&prog);
	if (!rc) {
		dev_event(&a, "done", "erased%s%s", f.partition ? " " : "",
			  f.partition ? f.partition : "");
		rc = mtkfw_session_reboot(s);
	}
	if (rc)
		rc = dev_fail(ctx, &a, rc);
	mtkfw_session_close(s);
	return rc;
}
