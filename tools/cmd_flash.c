/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw flash: write a firmware package to the phone, identity kept. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "progress.h"

static const char usage_text[] =
	"usage: mtkfw flash PKG [--mode download|upgrade|format-all] [--only NAMES]\n"
	"                   [--skip NAMES] [--verify] [--dry-run] [--resume] [--no-reboot]\n"
	"                   [--write-identity] [--force-compat WHAT] [device options]\n"
	"\n"
	"Write a firmware package (folder, ZIP, 7z, tar) to the phone. Before anything\n"
	"is written, the phone's identity (NVRAM, PRO_INFO, PROTECT_F/S, SECCFG) is backed\n"
	"up and verified; after every mode it is compared by hash with that backup.\n"
	"Nothing is written unless the phone's own sources agree where its identity is\n"
	"(docs/identity.md), nor when the package is for another chip or board: its\n"
	"profile is compared with the phone's first, as 'mtkfw compat' does; risks are\n"
	"told, stops refused (docs/board.md).\n"
	"\n"
	"  --mode download    images only; the package layout must equal the phone's\n"
	"                     (else SP Flash Tool's 8038): the default\n"
	"  --mode upgrade     new layout (PMT), images, identity restored where it now is\n"
	"  --mode format-all  erase the user area (identity kept), write everything\n"
	"  --only NAMES       only these partitions (comma-separated)\n"
	"  --skip NAMES       not these\n"
	"  --verify           read every written range back and compare SHA-256\n"
	"  --dry-run          print the plan (each region, address, length, source) and stop\n"
	"  --resume           continue an interrupted flash from its journal, in its mode\n"
	"                     (the same package, wherever it now is; nothing interrupted:\n"
	"                     the flash starts from the beginning)\n"
	"  --no-reboot        leave the phone in download mode at the end\n"
	"  --write-identity   also write identity partitions the package carries (a\n"
	"                     full dump of *this* phone); off by default\n"
	"  --force-compat WHAT  flash past these 'stop' lines of the compatibility\n"
	"                     check (comma-separated: chip, storage, preloader)\n" DEV_USAGE;

struct flash_args {
	const char *pkg, *force_compat;
	struct mtkfw_flash_opts o;
	bool dry_run, no_reboot;
	struct dev_args dev;
	struct cli_progress prog;
	double start;
	struct mtkfw_board board;	  /* the package's, for the compatibility check */
	struct mtkfw_preloader_info dram; /* its EMI records, to connect with */
};

static int parse(int argc, char **argv, struct flash_args *f)
{
	static const struct option opts[] = {DEV_OPTIONS,
					     {"mode", required_argument, NULL, 'm'},
					     {"only", required_argument, NULL, 'o'},
					     {"skip", required_argument, NULL, 's'},
					     {"verify", no_argument, NULL, 'v'},
					     {"dry-run", no_argument, NULL, 'n'},
					     {"resume", no_argument, NULL, 'r'},
					     {"no-reboot", no_argument, NULL, 'R'},
					     {"write-identity", no_argument, NULL, 'I'},
					     {"force-compat", required_argument, NULL, 'F'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int c, m;
	while ((c = getopt_long(argc, argv, "m:o:s:vnrqh", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if ((m = mtkfw_flash_mode_by_name(optarg)) < 0)
				return EX_USAGE;
			f->o.mode = (enum mtkfw_flash_mode)m;
			break;
		case 'o':
			f->o.only = optarg;
			break;
		case 's':
			f->o.skip = optarg;
			break;
		case 'v':
			f->o.verify = true;
			break;
		case 'n':
			f->dry_run = true;
			break;
		case 'F':
			f->force_compat = optarg;
			break;
		case 'r':
			f->o.resume = true;
			break;
		case 'R':
			f->no_reboot = true;
			break;
		case 'I':
			f->o.write_identity = true;
			break;
		default:
			if (!dev_option(&f->dev, c, optarg))
				return EX_USAGE;
		}
	}
	if (optind + 1 != argc)
		return EX_USAGE;
	f->pkg = argv[optind];
	f->o.store = f->dev.store;
	return 0;
}

static void on_step(void *user, size_t i, size_t n, const struct mtkfw_plan_step *st,
		    const char *state)
{
	struct flash_args *f = user;
	if (!strcmp(state, "start")) {
		cli_progress_init(&f->prog, mtkfw_step_kind_name(st->kind), f->dev.json,
				  f->dev.quiet);
		f->prog.label = st->name;
	} else {
		cli_progress_done(&f->prog);
	}
	if (strcmp(state, "start") || f->dev.json)
		dev_event(&f->dev, state, "step %zu/%zu %s %s: %s", i + 1, n,
			  mtkfw_step_kind_name(st->kind), st->name, state);
}

static int progress(void *user, uint64_t done, uint64_t total)
{
	struct flash_args *f = user;
	return cli_progress_cb(&f->prog, done, total);
}

static void print_plan(const struct mtkfw_plan *p)
{
	printf("plan (%s mode%s, %zu steps):\n", mtkfw_flash_mode_name(mtkfw_plan_mode(p)),
	       mtkfw_plan_resumed(p) ? ", resuming an interrupted flash" : "", mtkfw_plan_count(p));
	printf("  %-3s %-15s %-12s %-6s %-12s %-12s %s\n", "#", "step", "partition", "region",
	       "offset", "length", "source");
	for (size_t i = 0; i < mtkfw_plan_count(p); i++) {
		const struct mtkfw_plan_step *st = mtkfw_plan_step(p, i);
		bool range = st->kind != MTKFW_STEP_BACKUP;
		printf("  %-3zu %-15s %-12s %-6s 0x%-10" PRIx64 " 0x%-10" PRIx64 " %s\n", i + 1,
		       mtkfw_step_kind_name(st->kind), st->name,
		       range ? mtkfw_part_name(st->part) : "-", range ? st->offset : 0,
		       range ? st->length : 0, st->source);
	}
	printf("preserved: %s\n", *mtkfw_plan_preserved(p) ? mtkfw_plan_preserved(p)
							   : "(no identity partitions found)");
	fflush(stdout); /* before the progress lines on stderr */
}

/* The package, checked; its preloader's EMI table for BROM mode. */
/* Check the package and profile its board (which reads its preloader's EMI table). */
static int load_package(struct mtkfw_ctx *ctx, struct flash_args *f, struct mtkfw_report **r)
{
	struct mtkfw_check_opts co = {0};
	int rc = mtkfw_check_package(ctx, f->pkg, &co, r);
	if (rc)
		return cli_fail(ctx, rc);
	if (mtkfw_report_count(*r, MTKFW_SEV_ERROR) || !mtkfw_report_scatter(*r)) {
		cli_report_print(f->pkg, *r, false);
		cli_msg("error: the package has errors ('mtkfw check %s'); nothing was written",
			f->pkg);
		return EX_DATAERR;
	}
	return mtkfw_board_from_package(ctx, *r, &f->board) ? cli_fail(ctx, mtkfw_ctx_errcode(ctx))
							    : 0;
}

/*
 * The package against the phone before any write (docs/board.md): every risk
 * and stop told as an event, stops refused unless --force-compat names them.
 */
static int compat_gate(struct mtkfw_ctx *ctx, struct flash_args *f, struct mtkfw_session *s,
		       const struct mtkfw_layout *l, const struct mtkfw_report *rep)
{
	struct mtkfw_board phone;
	struct mtkfw_compat c;
	uint64_t read = 0;
	int rc = mtkfw_board_from_phone(s, l, &phone, &read);
	if (!rc) {
		mtkfw_compat_check(s, l, rep, &f->board, &phone, &c);
		for (size_t i = 0; i < c.n; i++)
			if (c.lines[i].level != MTKFW_COMPAT_OK)
				dev_event(&f->dev, "compat", "%s %s: %s",
					  mtkfw_compat_level_name(c.lines[i].level),
					  c.lines[i].what, c.lines[i].evidence);
		rc = mtkfw_compat_allows(ctx, &c, mtkfw_flash_selects(&f->o, "PRELOADER"),
					 f->force_compat);
		mtkfw_board_free(&phone);
	}
	return rc;
}

static int finish(struct mtkfw_ctx *ctx, struct flash_args *f, struct mtkfw_session *s,
		  const struct mtkfw_flash_result *res)
{
	uint64_t sent = res->sent, erased = res->erased, skipped = res->skipped;
	char a[24], b[24], c[24];
	const char *bk = res->have_backup ? res->backup_dir : NULL;
	if (f->dev.json) { /* numbers for scripts (docs/json.md) */
		json_object *o = json_object_new_object();
		json_object_object_add(o, "event", json_object_new_string("summary"));
		json_object_object_add(o, "seconds", json_object_new_double(cli_now() - f->start));
		json_object_object_add(o, "sent", json_object_new_int64((int64_t)sent));
		json_object_object_add(o, "erased", json_object_new_int64((int64_t)erased));
		json_object_object_add(o, "untouched", json_object_new_int64((int64_t)skipped));
		json_object_object_add(o, "identity_backup", cli_json_str(bk));
		puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	} else {
		dev_event(
			&f->dev, "summary",
			"flashed in %.1f s: %s sent, %s erased instead of sent, %s left untouched; "
			"identity checked against %s",
			cli_now() - f->start, cli_size(a, sizeof(a), sent),
			cli_size(b, sizeof(b), erased), cli_size(c, sizeof(c), skipped),
			bk ? bk : "-");
	}
	int r = f->no_reboot ? 0 : mtkfw_session_reboot(s);
	return r ? dev_fail(ctx, &f->dev, r) : EX_OK;
}

int cmd_flash(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	struct flash_args f = {.dev = {.wait_ms = 10000, .events = true}};
	struct mtkfw_report *rep = NULL;
	struct mtkfw_session *s = NULL;
	struct mtkfw_plan *p = NULL;
	struct mtkfw_layout *l = NULL;
	struct mtkfw_flash_result res;
	if (cli_wants_help(argc, argv, usage_text))
		return EX_OK;
	if (parse(argc, argv, &f))
		return fputs(usage_text, stderr), EX_USAGE;
	f.start = cli_now();
	int rc = load_package(ctx, &f, &rep);
	if (!rc && (rc = dev_open(ctx, &f.dev, cli_board_dram(&f.board, &f.dram), false, &s)))
		rc = dev_fail(ctx, &f.dev, rc);
	f.o.step_cb = on_step;
	f.o.progress = progress;
	f.o.user = &f;
	if (!rc &&
	    ((rc = dev_layout(ctx, &f.dev, s, &l)) || (rc = compat_gate(ctx, &f, s, l, rep)) ||
	     (rc = mtkfw_flash_plan(s, l, rep, &f.o, &p))))
		rc = dev_fail(ctx, &f.dev, rc);
	if (!rc && mtkfw_plan_resumed(p))
		dev_event(&f.dev, "resume", "resuming the interrupted %s flash of %s",
			  mtkfw_flash_mode_name(mtkfw_plan_mode(p)), f.pkg);
	if (!rc && (f.dry_run || !f.dev.quiet) && !f.dev.json)
		print_plan(p);
	if (!rc && f.dry_run)
		rc = f.no_reboot ? 0 : mtkfw_session_reboot(s);
	else if (!rc && (rc = mtkfw_flash_run(s, l, rep, p, &f.o, &res))) {
		rc = dev_fail(ctx, &f.dev, rc);
		cli_msg("the flash stopped; what finished is journalled: 'mtkfw flash %s --resume' "
			"continues it (in %s mode)",
			f.pkg, mtkfw_flash_mode_name(mtkfw_plan_mode(p)));
	} else if (!rc) {
		rc = finish(ctx, &f, s, &res);
	}
	mtkfw_plan_free(p);
	mtkfw_layout_free(l);
	mtkfw_session_close(s);
	mtkfw_report_free(rep);
	mtkfw_board_free(&f.board);
	return rc;
}
