/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw format: erase a partition, a range, or the user area except what must survive. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "progress.h"

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

/*
 * What --all-except-bootloader erases: the user area around the identity
 * partitions (all of it with force), in address order whatever order the
 * tables had; returns how many ranges (at most MTKFW_LAYOUT_IDENTITY + 1).
 */
static size_t all_but_identity(const struct mtkfw_layout *l, uint64_t user, bool force,
			       struct mtkfw_range *out)
{
	struct mtkfw_range keep[MTKFW_LAYOUT_IDENTITY];
	size_t n = 0, k = 0;
	uint64_t at = 0;
	for (size_t i = 0; !force && i < l->n_identity; i++)
		if (l->identity[i].r.part == MTKFW_PART_USER &&
		    !mtkfw_layout_range(NULL, l, l->identity[i].name, &keep[n]))
			n++;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && keep[j - 1].offset > keep[j].offset; j--) {
			struct mtkfw_range t = keep[j];
			keep[j] = keep[j - 1];
			keep[j - 1] = t;
		}
	for (size_t i = 0; i <= n; i++) {
		uint64_t end = i < n ? keep[i].offset : user;
		if (end > at)
			out[k++] = (struct mtkfw_range){MTKFW_PART_USER, at, end - at};
		if (i < n && keep[i].offset + keep[i].length > at)
			at = keep[i].offset + keep[i].length;
	}
	return k;
}

/* The guard: a verified identity backup of this phone in the store, before any erase. */
static int guard(struct mtkfw_session *s, const struct mtkfw_layout *l, const struct dev_args *a,
		 const struct mtkfw_range *touch, size_t n, struct mtkfw_backup *b)
{
	struct cli_progress prog;
	cli_progress_init(&prog, "identity backup", a->json, a->quiet);
	int rc = mtkfw_identity_guard(s, l, a->store, touch, n, b, cli_progress_cb, &prog);
	cli_progress_done(&prog);
	if (!rc)
		dev_event(a, "guard", "identity of this phone on file: %s", b->dir);
	return rc;
}

/* The identity partitions the erase destroys on purpose (--force-identity), into out. */
static void forced(const struct mtkfw_layout *l, const struct fmt_args *f,
		   const struct mtkfw_range *rg, char *out, size_t n)
{
	struct mtkfw_range all = {MTKFW_PART_USER, 0, l->user_size};
	out[0] = 0;
	if (f->force)
		mtkfw_layout_identity_hits(l, f->all ? &all : rg, out, n);
	for (char *c = out; *c; c++) /* a name list: "A,B" */
		if (*c == ' ')
			memmove(c, c + 1, strlen(c));
}

/* What the erase left, when it is not zeros (docs/flash.md), for the "done" line: into out. */
static const char *erase_left(struct mtkfw_session *s, char *out, size_t n)
{
	int fill = mtkfw_da_erase_fill(mtkfw_session_da(s));
	if (fill == MTKFW_ERASE_MIXED)
		snprintf(out, n, " (this eMMC's erase leaves mixed bytes)");
	else if (fill > 0)
		snprintf(out, n, " (this eMMC's erase leaves 0x%02x, not zeros)", fill);
	else
		out[0] = 0;
	return out;
}

int cmd_format(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	struct dev_args a = {.wait_ms = 10000, .events = true};
	struct fmt_args f = {0};
	struct mtkfw_layout *l = NULL;
	struct mtkfw_backup *b = malloc(sizeof(*b));
	if (cli_wants_help(argc, argv, usage_text) || !b) {
		free(b);
		return b ? EX_OK : EX_OSERR;
	}
	if (parse(argc, argv, &f, &a)) {
		free(b);
		return fputs(usage_text, stderr), EX_USAGE;
	}
	struct mtkfw_session *s;
	int rc = dev_open(ctx, &a, NULL, false, &s);
	if (rc) {
		free(b);
		return dev_fail(ctx, &a, rc);
	}
	struct cli_progress prog;
	struct mtkfw_range rg = {
		(enum mtkfw_emmc_part)mtkfw_part_by_name(f.region ? f.region : "user"), f.start,
		f.len};
	char hits[256] = "", skip[256];
	rc = dev_layout(ctx, &a, s, &l);
	if (!rc && !f.all && f.partition)
		rc = mtkfw_layout_range(ctx, l, f.partition, &rg);
	if (!rc && !f.all)
		mtkfw_layout_identity_hits(l, &rg, hits, sizeof(hits));
	if (!rc && *hits && !f.force) {
		cli_msg("error: refusing to erase %s: identity partitions (IMEI, calibration, "
			"MAC addresses) that no firmware can give back. Back them up ('mtkfw "
			"backup') and add --force-identity if you really mean it",
			hits);
		mtkfw_session_reboot(s);
		mtkfw_session_close(s);
		mtkfw_layout_free(l);
		free(b);
		return EX_NOPERM;
	}
	struct mtkfw_range erase[MTKFW_LAYOUT_IDENTITY + 1];
	size_t n_erase = 0;
	if (!rc && f.all)
		n_erase = all_but_identity(l, mtkfw_session_flash(s)->user, f.force, erase);
	else if (!rc)
		erase[n_erase++] = rg;
	if (!rc)
		rc = guard(s, l, &a, erase, n_erase, b);
	cli_progress_init(&prog, "erasing", a.json, a.quiet);
	for (size_t i = 0; !rc && i < n_erase; i++)
		rc = mtkfw_format_range(s, &erase[i], cli_progress_cb, &prog);
	cli_progress_done(&prog);
	if (!rc) {
		forced(l, &f, &rg, skip, sizeof(skip));
		rc = mtkfw_identity_check(s, l, b, skip);
	}
	if (!rc) {
		char left[64];
		dev_event(&a, "done", "erased%s%s%s; identity read back and intact%s%s",
			  f.partition ? " " : "", f.partition ? f.partition : "",
			  erase_left(s, left, sizeof(left)), *skip ? " except, on purpose, " : "",
			  skip);
		rc = mtkfw_session_reboot(s);
	}
	if (rc)
		rc = dev_fail(ctx, &a, rc);
	mtkfw_session_close(s);
	mtkfw_layout_free(l);
	free(b);
	return rc;
}
