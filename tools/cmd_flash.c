/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mtkfw flash: write a firmware package to the phone, identity kept.
 * mtkfw write: one image into one partition, through the same checks, plan
 * and executor, by way of a one-image package made from the phone's layout.
 */
#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef _WIN32
#include <windows.h>
#endif

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
	const char *write_part, *write_file; /* mtkfw write: the partition and its image */
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
			if ((m = mtkfw_flash_mode_by_name(optarg)) < 0) {
				cli_msg("error: --mode is download, upgrade or format-all, not '%s'",
					optarg);
				return EX_USAGE;
			}
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
			if (dev_option(&f->dev, c, optarg) <= 0)
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

/*
 * Is the package's board compared with the phone's? For a package, always;
 * for one image (write) only the preloader touches what the comparison is about.
 */
static bool compares_boards(const struct flash_args *f)
{
	return !f->write_part || !strcasecmp(f->write_part, "PRELOADER");
}

/* Check the package and profile its board (which reads its preloader's EMI table). */
static int load_package(struct mtkfw_ctx *ctx, struct flash_args *f, struct mtkfw_report **r)
{
	struct mtkfw_check_opts co = {.read_images = f->write_part != NULL}; /* write: its kind */
	int rc = mtkfw_check_package(ctx, f->pkg, &co, r);
	if (rc)
		return cli_fail(ctx, rc);
	if (mtkfw_report_count(*r, MTKFW_SEV_ERROR) || !mtkfw_report_scatter(*r)) {
		cli_report_print(f->pkg, *r, false);
		if (f->write_part)
			cli_msg("error: %s cannot go into %s as it is (above); nothing was written",
				f->write_file, f->write_part);
		else
			cli_msg("error: the package has errors ('mtkfw check %s'); nothing was "
				"written",
				f->pkg);
		return EX_DATAERR;
	}
	if (!compares_boards(f))
		return 0; /* its profile would not be used: not read */
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

/*
 * mtkfw write: before anything is written, what the image will overwrite is
 * saved into the store as a "partitions" backup (restorable with restore).
 */
static int save_overwritten(struct mtkfw_ctx *ctx, struct flash_args *f, struct mtkfw_session *s,
			    const struct mtkfw_layout *l)
{
	struct mtkfw_backup b;
	cli_progress_init(&f->prog, "backup", f->dev.json, f->dev.quiet);
	f->prog.label = f->write_part;
	int rc = mtkfw_backup_partitions(s, l, f->write_part, f->dev.store, progress, f, &b);
	cli_progress_done(&f->prog);
	if (!rc)
		dev_event(&f->dev, "backup", "%s as it was: %s ('mtkfw restore %s' puts it back)",
			  f->write_part, b.dir, b.dir);
	(void)ctx;
	return rc;
}

/* Connect, establish the layout, compare boards, plan, and (unless --dry-run) write. */
static int run(struct mtkfw_ctx *ctx, struct flash_args *f, struct mtkfw_session *s,
	       const struct mtkfw_layout *l, const struct mtkfw_report *rep)
{
	struct mtkfw_plan *p = NULL;
	struct mtkfw_flash_result res;
	f->o.step_cb = on_step;
	f->o.progress = progress;
	f->o.user = f;
	int rc = 0;
	if ((compares_boards(f) && (rc = compat_gate(ctx, f, s, l, rep))) ||
	    (rc = mtkfw_flash_plan(s, l, rep, &f->o, &p)))
		rc = dev_fail(ctx, &f->dev, rc);
	if (!rc && mtkfw_plan_resumed(p))
		dev_event(&f->dev, "resume", "resuming the interrupted %s flash of %s",
			  mtkfw_flash_mode_name(mtkfw_plan_mode(p)), f->pkg);
	if (!rc && (f->dry_run || !f->dev.quiet) && !f->dev.json)
		print_plan(p);
	if (!rc && f->dry_run) {
		rc = f->no_reboot ? 0 : mtkfw_session_reboot(s);
	} else if (!rc && f->write_part && (rc = save_overwritten(ctx, f, s, l))) {
		rc = dev_fail(ctx, &f->dev, rc);
	} else if (!rc && (rc = mtkfw_flash_run(s, l, rep, p, &f->o, &res))) {
		rc = dev_fail(ctx, &f->dev, rc);
		if (!f->write_part)
			cli_msg("the flash stopped; what finished is journalled: 'mtkfw flash %s "
				"--resume' continues it (in %s mode)",
				f->pkg, mtkfw_flash_mode_name(mtkfw_plan_mode(p)));
	} else if (!rc) {
		rc = finish(ctx, f, s, &res);
	}
	mtkfw_plan_free(p);
	return rc;
}

int cmd_flash(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	struct flash_args f = {.dev = {.wait_ms = 10000, .events = true}};
	struct mtkfw_report *rep = NULL;
	struct mtkfw_session *s = NULL;
	if (cli_wants_help(argc, argv, usage_text))
		return EX_OK;
	if (parse(argc, argv, &f))
		return fputs(usage_text, stderr), EX_USAGE;
	f.start = cli_now();
	struct mtkfw_layout *l = NULL;
	int rc = load_package(ctx, &f, &rep);
	if (!rc && (rc = dev_open(ctx, &f.dev, cli_board_dram(&f.board, &f.dram), false, &s)))
		rc = dev_fail(ctx, &f.dev, rc);
	if (!rc && (rc = dev_layout(ctx, &f.dev, s, &l)))
		rc = dev_fail(ctx, &f.dev, rc);
	if (!rc)
		rc = run(ctx, &f, s, l, rep);
	mtkfw_layout_free(l);
	mtkfw_session_close(s);
	mtkfw_report_free(rep);
	mtkfw_board_free(&f.board);
	return rc;
}

/* ---- mtkfw write ---- */

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
	struct flash_args f;
	bool identity, preloader, any_kind, range;
	uint64_t start, len;
	char overwritten[256]; /* identity partitions a --range write covers (--write-identity) */
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
			w->f.write_part = optarg;
		} else if (c == 'G') {
			w->range = true;
			if (cli_range_arg(argc, argv, MTKFW_SECTOR, &w->start, &w->len))
				return EX_USAGE;
		} else if (c == 'n')
			w->f.dry_run = true;
		else if (c == 'R')
			w->f.no_reboot = true;
		else if (c == 'I')
			w->identity = true;
		else if (c == 'B')
			w->preloader = true;
		else if (c == 'K')
			w->any_kind = true;
		else if (c == 'F')
			w->f.force_compat = optarg;
		else if (dev_option(&w->f.dev, c, optarg) <= 0)
			return EX_USAGE;
	}
	if (optind + 1 != argc || !w->f.write_part == !w->range)
		return EX_USAGE;
	w->f.write_file = argv[optind];
	return 0;
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st, (void)flag, (void)f;
	return remove(p);
}

/* The image in the one-image package: a symbolic link (Windows: a hard link, same volume). */
static int link_file(const char *target, const char *path)
{
#ifdef _WIN32
	return CreateHardLinkA(path, target, NULL) ? 0 : (errno = EXDEV, -1);
#else
	return symlink(target, path);
#endif
}

/*
 * The one-image package: a scatter of the phone's own layout in which only
 * the partition is downloadable, its file a link to the image.
 */
static int one_image_package(struct mtkfw_ctx *ctx, struct write_args *w, struct mtkfw_session *s,
			     const struct mtkfw_layout *l, char *dir, size_t n)
{
	static struct mtkfw_device_scatter ds;
	const char *t = getenv("TMPDIR");
	char *text = NULL, link[4400], real[4096];
	if (!realpath(w->f.write_file, real)) {
		cli_msg("error: %s: %s", w->f.write_file, strerror(errno));
		return errno == ENOENT ? EX_NOINPUT : EX_IOERR;
	}
	int rc = mtkfw_device_scatter_build(s, l, true, &ds);
	if (rc)
		return dev_fail(ctx, &w->f.dev, rc);
	struct mtkfw_device_row *row = NULL;
	for (size_t i = 0; i < ds.n; i++) {
		ds.p[i].download = false;
		ds.p[i].file[0] = 0;
		if (!strcasecmp(ds.p[i].name, w->f.write_part))
			row = &ds.p[i];
	}
	if (!row || row->reserved) {
		cli_msg("error: the phone's layout has no partition %s to write ('mtkfw detect' "
			"lists them)",
			w->f.write_part);
		return EX_DATAERR;
	}
	w->f.write_part = row->name; /* as the layout spells it */
	row->download = true;
	const char *base = real; /* the file's own name when a scatter can hold it */
	for (const char *c = real; *c; c++)
		if (*c == '/' || *c == '\\')
			base = c + 1;
	bool plain =
		*base && strlen(base) < sizeof(row->file) &&
		strspn(base, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") ==
			strlen(base) &&
		strcasecmp(base, "Checksum.ini") && !strstr(base, "scatter");
	snprintf(row->file, sizeof(row->file), plain ? "%s" : "%s.img", plain ? base : row->name);
#ifdef _WIN32 /* beside the image: a hard link needs the same volume */
	char *slash = strrchr(real, '\\');
	snprintf(dir, n, "%.*s\\mtkfw-write-XXXXXX", slash ? (int)(slash - real) : 1,
		 slash ? real : ".");
	(void)t;
#else
	snprintf(dir, n, "%s/mtkfw-write-XXXXXX", t && *t ? t : "/tmp");
#endif
	if (!mkdtemp(dir)) {
		cli_msg("error: cannot make a folder %s: %s", dir, strerror(errno));
		*dir = 0;
		return EX_CANTCREAT;
	}
	snprintf(link, sizeof(link), "%s/%s", dir, row->file);
	if (mtkfw_device_scatter_text(&ds, &text) || link_file(real, link)) {
		cli_msg("error: cannot make the one-image package in %s: %s", dir, strerror(errno));
		free(text);
		return EX_CANTCREAT;
	}
	char scatter[4400];
	snprintf(scatter, sizeof(scatter), "%s/%s_Android_scatter.txt", dir, ds.platform);
	FILE *fp = fopen(scatter, "w");
	bool ok = fp && fputs(text, fp) >= 0;
	ok = fp && !fclose(fp) && ok;
	free(text);
	if (!ok) {
		cli_msg("error: cannot write %s: %s", scatter, strerror(errno));
		return EX_CANTCREAT;
	}
	return 0;
}

/* The image checked as the partition's: an image of another kind is refused unless --any-kind. */
static int kind_gate(const struct write_args *w, const struct mtkfw_report *rep)
{
	for (size_t i = 0; i < mtkfw_report_finding_count(rep); i++) {
		const struct mtkfw_finding *fi = mtkfw_report_finding(rep, i);
		if (!strcmp(fi->code, "image-kind-unexpected") && !w->any_kind) {
			cli_msg("error: %s: %s; nothing was written (--any-kind writes it anyway)",
				w->f.write_file, fi->message);
			return EX_DATAERR;
		}
	}
	return 0;
}

/* What a raw range write must not touch: the tables always, identity unless asked. */
static int range_gate(struct write_args *w, const struct mtkfw_layout *l, uint64_t user)
{
	uint64_t s0 = w->start, e0 = w->start + w->len;
	if (e0 < s0 || e0 > user) {
		cli_msg("error: the range 0x%llx+0x%llx runs past the user area's 0x%llx bytes",
			(unsigned long long)w->start, (unsigned long long)w->len,
			(unsigned long long)user);
		return EX_USAGE;
	}
	for (size_t i = 0; i < l->n_parts; i++) {
		struct mtkfw_range r;
		const char *n = l->parts[i].name;
		bool table = !strcasecmp(n, "MBR") || !strncasecmp(n, "EBR", 3);
		bool identity = mtkfw_is_identity_partition(n);
		if ((!table && !identity) || mtkfw_layout_range(NULL, l, n, &r) ||
		    r.part != MTKFW_PART_USER || r.offset >= e0 || r.offset + r.length <= s0)
			continue;
		if (!table && w->identity) {
			size_t k = strlen(w->overwritten);
			snprintf(w->overwritten + k, sizeof(w->overwritten) - k, "%s%s",
				 k ? "," : "", n);
			continue;
		}
		{
			cli_msg("error: the range 0x%llx+0x%llx overlaps %s (0x%llx+0x%llx), %s; "
				"nothing was written%s",
				(unsigned long long)w->start, (unsigned long long)w->len, n,
				(unsigned long long)r.offset, (unsigned long long)r.length,
				table ? "a partition table" : "an identity partition",
				table ? " ('mtkfw flash --mode upgrade' changes tables)"
				      : " (--write-identity, with a file of this very phone)");
			return EX_NOPERM;
		}
	}
	uint64_t pmt = mtkfw_pmt_blocks_at(user);
	if (pmt && e0 > pmt && s0 < pmt + 2 * MTKFW_PMT_BLOCK) {
		cli_msg("error: the range overlaps the PMT blocks near the end of the user area; "
			"nothing was written");
		return EX_NOPERM;
	}
	return 0;
}

/*
 * write --range: a raw file at a range of the user area, the range saved
 * first, identity guarded before and checked after, read back and compared.
 */
static int write_range(struct mtkfw_ctx *ctx, struct write_args *w, struct mtkfw_session *s,
		       const struct mtkfw_layout *l)
{
	struct flash_args *f = &w->f;
	struct mtkfw_image_file *img = NULL;
	uint64_t user = mtkfw_session_flash(s)->user;
	int rc = range_gate(w, l, user);
	if (rc)
		return rc;
	if ((rc = mtkfw_image_file_open(ctx, f->write_file, &img)))
		return cli_fail(ctx, rc);
	bool sparse = mtkfw_image_file_sparse(img);
	uint64_t size = mtkfw_image_file_size(img);
	mtkfw_image_file_close(img);
	if (sparse || size > w->len) {
		cli_msg("error: %s: %s; nothing was written", f->write_file,
			sparse ? "an Android sparse image: --range writes raw bytes ('mtkfw image raw "
				 "FILE -o RAW' first)"
			       : "bigger than the range (SP Flash Tool: 1011 S_NOT_ENOUGH_STORAGE_SPACE)");
		return EX_DATAERR;
	}
	struct mtkfw_range to = {MTKFW_PART_USER, w->start, size};
	printf("write %s: %llu bytes at user+0x%llx (range 0x%llx bytes)\n", f->write_file,
	       (unsigned long long)size, (unsigned long long)w->start, (unsigned long long)w->len);
	if (f->dry_run) {
		rc = f->no_reboot ? 0 : mtkfw_session_reboot(s);
		return rc ? dev_fail(ctx, &f->dev, rc) : EX_OK;
	}
	struct mtkfw_backup id, saved;
	char name[64];
	snprintf(name, sizeof(name), "user-0x%llx", (unsigned long long)w->start);
	if ((rc = mtkfw_identity_guard(s, l, f->dev.store, &to, 1, &id, NULL, NULL)) ||
	    (rc = mtkfw_backup_range(s, l, name, &to, f->dev.store, NULL, NULL, &saved)))
		return dev_fail(ctx, &f->dev, rc);
	dev_event(&f->dev, "backup", "the range as it was: %s ('mtkfw restore %s' puts it back)",
		  saved.dir, saved.dir);
	cli_progress_init(&f->prog, "write", f->dev.json, f->dev.quiet);
	f->prog.label = name;
	rc = mtkfw_write_file_to(s, f->write_file, &to, progress, f);
	cli_progress_done(&f->prog);
	if (!rc)
		rc = mtkfw_identity_check(s, l, &id, w->overwritten);
	if (rc)
		return dev_fail(ctx, &f->dev, rc);
	dev_event(&f->dev, "summary",
		  "wrote and verified %llu bytes in %.1f s; identity checked "
		  "against %s",
		  (unsigned long long)size, cli_now() - f->start, id.dir);
	rc = f->no_reboot ? 0 : mtkfw_session_reboot(s);
	return rc ? dev_fail(ctx, &f->dev, rc) : EX_OK;
}

int cmd_write(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	struct write_args w = {.f = {.dev = {.wait_ms = 10000, .events = true}}};
	struct flash_args *f = &w.f;
	struct mtkfw_report *rep = NULL;
	struct mtkfw_session *s = NULL;
	struct mtkfw_layout *l = NULL;
	char dir[4096] = "";
	if (cli_wants_help(argc, argv, write_usage))
		return EX_OK;
	if (write_parse(argc, argv, &w))
		return fputs(write_usage, stderr), EX_USAGE;
	f->start = cli_now();
	if (w.range) {
		int rc = dev_open(ctx, &f->dev, NULL, false, &s);
		if (!rc && (rc = dev_layout(ctx, &f->dev, s, &l)))
			rc = dev_fail(ctx, &f->dev, rc);
		else if (rc)
			rc = dev_fail(ctx, &f->dev, rc);
		if (!rc)
			rc = write_range(ctx, &w, s, l);
		mtkfw_layout_free(l);
		mtkfw_session_close(s);
		return rc;
	}
	bool identity = mtkfw_is_identity_partition(f->write_part);
	if ((identity && !w.identity) ||
	    (!strcasecmp(f->write_part, "PRELOADER") && !w.preloader)) {
		cli_msg("error: %s is %s; nothing was written (%s if you mean it)", f->write_part,
			identity ? "an identity partition: the phone's IMEI and calibration"
				 : "the preloader: a wrong one leaves the phone dead",
			identity ? "--write-identity, with a file of this very phone,"
				 : "--write-preloader");
		return EX_NOPERM;
	}
	f->o.mode = MTKFW_FLASH_DOWNLOAD;
	f->o.only = f->write_part;
	f->o.verify = true;
	f->o.write_identity = w.identity;
	f->o.store = f->dev.store;
	int rc = dev_open(ctx, &f->dev, NULL, false, &s);
	if (!rc && (rc = dev_layout(ctx, &f->dev, s, &l)))
		rc = dev_fail(ctx, &f->dev, rc);
	else if (rc)
		rc = dev_fail(ctx, &f->dev, rc);
	if (!rc && !(rc = one_image_package(ctx, &w, s, l, dir, sizeof(dir)))) {
		f->pkg = dir;
		f->o.only = f->write_part;
		rc = load_package(ctx, f, &rep);
	}
	if (!rc)
		rc = kind_gate(&w, rep);
	if (!rc)
		rc = run(ctx, f, s, l, rep);
	if (*dir) /* the one-image package: its scatter and the link */
		nftw(dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
	mtkfw_layout_free(l);
	mtkfw_session_close(s);
	mtkfw_report_free(rep);
	mtkfw_board_free(&f->board);
	return rc;
}
