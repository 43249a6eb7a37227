/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The flash planner: every safety rule in one place. Which rows are written,
 * what is erased, where identity partitions go, whether the package's layout
 * may replace the phone's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "mtkfw/image.h"
#include "mtkfw/image_source.h"
#include "mtkfw/layout.h"

#include "digest.h"
#include "flash_priv.h"
#include "journal.h"
#include "onflash.h"

const char *mtkfw_flash_mode_name(enum mtkfw_flash_mode m)
{
	static const char *const names[] = {"download", "upgrade", "format-all"};
	return (unsigned)m < MTKFW_ARRAY_SIZE(names) ? names[m] : "?";
}

int mtkfw_flash_mode_by_name(const char *name)
{
	for (int m = 0; m <= MTKFW_FLASH_FORMAT_ALL; m++)
		if (!strcmp(name, mtkfw_flash_mode_name((enum mtkfw_flash_mode)m)))
			return m;
	return -1;
}

const char *mtkfw_step_kind_name(enum mtkfw_step_kind k)
{
	static const char *const names[] = {"backup", "erase",	 "write",
					    "pmt",    "restore", "check-identity"};
	return (unsigned)k < MTKFW_ARRAY_SIZE(names) ? names[k] : "?";
}

static struct mtkfw_plan_step *add(struct mtkfw_plan *p, enum mtkfw_step_kind k, const char *name)
{
	if (mtkfw_grow((void **)&p->steps, &p->cap, p->n + 1, sizeof(*p->steps)))
		return NULL;
	struct mtkfw_plan_step *s = &p->steps[p->n++];
	memset(s, 0, sizeof(*s));
	s->kind = k;
	snprintf(s->name, sizeof(s->name), "%s", name);
	return s;
}

/* Where a scatter row lives on this phone. */
void plan_locate(const struct mtkfw_plan *p, const struct mtkfw_scatter_part *row,
		 enum mtkfw_emmc_part *part, uint64_t *off)
{
	if (mtkfw_scatter_part_in_boot(row)) {
		*part = MTKFW_PART_BOOT1;
		*off = row->start;
	} else {
		*part = MTKFW_PART_USER;
		*off = row->start - p->user_base;
	}
}

/* A row's size on this phone ("the rest" stretches to the reserved tail). */
uint64_t plan_row_size(const struct mtkfw_plan *p, const struct mtkfw_scatter_part *row)
{
	if (mtkfw_scatter_part_in_boot(row))
		return p->boot1 > row->start ? p->boot1 - row->start : 0;
	if (row->has_size && row->size)
		return row->size;
	uint64_t at = row->start - p->user_base;
	return p->user > p->tail + at ? p->user - p->tail - at : 0;
}

/* ---- layout comparison (download) ---- */

static void note(char *buf, size_t n, const char *fmt, ...) MTKFW_PRINTF(3, 4);
static void note(char *buf, size_t n, const char *fmt, ...)
{
	size_t l = strlen(buf);
	va_list ap;
	if (l + 4 >= n)
		return;
	if (l)
		buf[l++] = ';', buf[l++] = ' ', buf[l] = 0;
	va_start(ap, fmt);
	vsnprintf(buf + l, n - l, fmt, ap);
	va_end(ap);
}

size_t plan_layout_diff(const struct mtkfw_layout *l, const struct mtkfw_scatter *sc, char *diff,
			size_t n)
{
	struct mtkfw_plan p = {.user_base = mtkfw_scatter_user_base(sc)};
	size_t count = 0;
	diff[0] = 0;
	for (size_t i = 0; i < mtkfw_scatter_count(sc); i++) {
		const struct mtkfw_scatter_part *r = mtkfw_scatter_part(sc, i);
		const struct mtkfw_claim *e = NULL;
		struct mtkfw_range at;
		if (r->from_end || mtkfw_scatter_part_in_boot(r) || !*r->name)
			continue;
		for (size_t k = 0; k < l->n_parts && !e; k++)
			if (mtkfw_strieq(l->parts[k].name, r->name))
				e = &l->parts[k];
		plan_locate(&p, r, &at.part, &at.offset);
		bool moved = e && (e->r.offset != at.offset || e->r.part != at.part);
		bool resized = e && !moved && r->has_size && r->size && !e->to_end &&
			       e->r.length != r->size;
		if (!e)
			note(diff, n, "%s is not on the phone", r->name);
		else if (moved)
			note(diff, n, "%s moved 0x%llx -> 0x%llx", r->name,
			     (unsigned long long)e->linear, (unsigned long long)r->start);
		else if (resized)
			note(diff, n, "%s resized 0x%llx -> 0x%llx", r->name,
			     (unsigned long long)e->r.length, (unsigned long long)r->size);
		count += !e || moved || resized;
	}
	return count;
}

/*
 * Download keeps the phone's layout: every row must be where the phone's
 * layout has it (its partitions as the PMT, or the newest backup, gives them).
 */
static int same_layout(struct mtkfw_session *s, const struct mtkfw_layout *l,
		       const struct mtkfw_scatter *sc)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	char diff[1024];
	if (!l->n_parts)
		return mtkfw_fail(
			ctx, MTKFW_E_LAYOUT,
			"the phone has no partition table (a blank or wiped eMMC): "
			"'download' cannot lay one out; use --mode upgrade or format-all");
	if (!plan_layout_diff(l, sc, diff, sizeof(diff)))
		return 0;
	return mtkfw_fail(ctx, MTKFW_E_LAYOUT,
			  "the package's layout differs from the phone's partition table (%s): a "
			  "plain download would put images in the wrong places. Use --mode upgrade "
			  "(identity carried over) or format-all",
			  diff);
}

/*
 * Nothing is written unless the phone's layout is trusted; in download mode
 * the package's scatter, which must be the phone's layout, is one more source.
 */
static int layout_allows(struct mtkfw_session *s, const struct mtkfw_layout *l,
			 const struct mtkfw_scatter *sc, const struct mtkfw_flash_opts *o)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	struct mtkfw_layout *lp = NULL;
	int r = o->mode == MTKFW_FLASH_DOWNLOAD ? same_layout(s, l, sc) : 0;
	if (!r && o->mode == MTKFW_FLASH_DOWNLOAD && !mtkfw_layout_trusted(l))
		r = mtkfw_layout_with_package(s, l, sc, &lp);
	if (!r)
		r = mtkfw_layout_may_write(ctx, lp ? lp : l, "flash");
	mtkfw_layout_free(lp);
	return r;
}

/* ---- rows ---- */

bool plan_selected(const struct mtkfw_flash_opts *o, const char *name)
{
	return (!o->only || mtkfw_in_list(o->only, name)) && !mtkfw_in_list(o->skip, name);
}

bool mtkfw_flash_selects(const struct mtkfw_flash_opts *o, const char *name)
{
	return plan_selected(o, name);
}

/* The image must fit: the size it takes on the phone (a sparse image's expanded size). */
static int fits(struct mtkfw_session *s, const struct mtkfw_report *rep,
		const struct mtkfw_check_row *row, uint64_t room)
{
	struct mtkfw_image_source *src;
	int r = mtkfw_image_source_open(mtkfw_session_ctx(s), mtkfw_report_package(rep),
					row->member, &src);
	if (r)
		return r;
	uint64_t size = mtkfw_image_source_size(src);
	mtkfw_image_source_close(src);
	if (size > room)
		return mtkfw_fail(
			mtkfw_session_ctx(s), MTKFW_E_TOO_LARGE,
			"%s needs %llu bytes but %s has %llu on this phone (SP Flash Tool "
			"1011 S_NOT_ENOUGH_STORAGE_SPACE)",
			row->file, (unsigned long long)size, row->part->name,
			(unsigned long long)room);
	return 0;
}

/*
 * A preloader brings the RAM up at every boot from its EMI table: one without
 * a record for this phone's eMMC would leave it unable to start. *own_header:
 * the file is a dump of boot1 that carries its EMMC_BOOT header already.
 */
static int preloader_fits(struct mtkfw_session *s, const struct mtkfw_report *rep,
			  const struct mtkfw_check_row *row, bool *own_header)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	const uint8_t *cid = mtkfw_session_flash(s)->cid;
	struct mtkfw_image_info im;
	char *buf;
	size_t n;
	int r = mtkfw_pkg_read_small(ctx, mtkfw_report_package(rep), row->member, 4u << 20, &buf,
				     &n);
	if (r)
		return r;
	r = mtkfw_image_identify(buf, n, 0, &im);
	free(buf);
	if (r)
		return mtkfw_fail(ctx, r, "out of memory");
	bool ok = false;
	for (unsigned i = 0; i < im.preloader.n_emi; i++) {
		const struct mtkfw_emi_record *e = &im.preloader.emi[i];
		ok |= mtkfw_emi_fits(e, cid);
	}
	unsigned n_emi = im.preloader.n_emi;
	*own_header = im.preloader.emmc_boot_header;
	mtkfw_image_info_clear(&im);
	if (ok)
		return 0;
	const char *v = mtkfw_emmc_vendor_name(cid[0]);
	return mtkfw_fail(
		ctx, MTKFW_E_DRAM,
		"the package's preloader %s lists %u memory configuration%s, none for "
		"this phone's eMMC (%s %.6s): written, it could not bring the RAM up and "
		"the phone would not start (SP Flash Tool 4032 S_FT_ENABLE_DRAM_FAIL). "
		"Use this phone's own firmware, or --skip PRELOADER to keep its preloader",
		row->file, n_emi, n_emi == 1 ? "" : "s", v ? v : "unknown vendor",
		(const char *)cid + 3);
}

static int add_writes(struct mtkfw_session *s, const struct mtkfw_report *rep,
		      const struct mtkfw_flash_opts *o, struct mtkfw_plan *p)
{
	for (size_t i = 0; i < mtkfw_report_row_count(rep); i++) {
		const struct mtkfw_check_row *row = mtkfw_report_row(rep, i);
		const struct mtkfw_scatter_part *part = row->part;
		bool id = mtkfw_is_identity_partition(part->name);
		if (!part->download || !*part->name || !row->file ||
		    !plan_selected(o, part->name) || (id && !o->write_identity))
			continue;
		struct mtkfw_plan_step *st = add(p, MTKFW_STEP_WRITE, part->name);
		if (!st)
			return MTKFW_E_NO_MEM;
		plan_locate(p, part, &st->part, &st->offset);
		st->length = plan_row_size(p, part);
		st->row = i;
		bool boot1 = st->part == MTKFW_PART_BOOT1, own = false;
		int r = boot1 ? preloader_fits(s, rep, row, &own) : 0;
		st->boot_header = boot1 && !own; /* a dump of boot1 is written as it is */
		if (!r)
			r = fits(s, rep, row,
				 st->length - (st->boot_header ? MTKFW_BOOT_HEADER : 0));
		if (r)
			return r;
		snprintf(st->source, sizeof(st->source), "%s%s%s", row->file,
			 st->boot_header ? " behind an EMMC_BOOT header"
			 : own		 ? " (a boot1 dump, its own EMMC_BOOT header)"
					 : "",
			 id ? " (identity from the package: --write-identity)" : "");
	}
	return 0;
}

/* ---- identity ---- */

/* Does the package write this identity partition itself (--write-identity, a dump of this phone)?
 */
static bool written_on_purpose(const struct mtkfw_report *rep, const struct mtkfw_flash_opts *o,
			       const struct mtkfw_scatter_part *row)
{
	for (size_t i = 0; o->write_identity && i < mtkfw_report_row_count(rep); i++) {
		const struct mtkfw_check_row *r = mtkfw_report_row(rep, i);
		if (r->part == row && r->file && row->download && plan_selected(o, row->name))
			return true;
	}
	return false;
}

/*
 * Each identity partition of the phone's layout: it must have room in the
 * package's layout; it is written back from the backup where it moves or is
 * erased, and read back and compared with the backup at the end.
 */
static int add_identity_steps(struct mtkfw_session *s, const struct mtkfw_layout *l,
			      const struct mtkfw_report *rep, const struct mtkfw_flash_opts *o,
			      struct mtkfw_plan *p)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	const struct mtkfw_scatter *sc = mtkfw_report_scatter(rep);
	for (int pass = 0; pass < 2; pass++) /* restores first, then every check */
		for (size_t i = 0; i < l->n_identity; i++) {
			const struct mtkfw_claim *e = &l->identity[i];
			const struct mtkfw_scatter_part *row = mtkfw_scatter_find(sc, e->name);
			struct mtkfw_range to;
			if (!row)
				return mtkfw_fail(
					ctx, MTKFW_E_IDENTITY,
					"the package's layout has no %s: flashing it would lose this "
					"phone's %s. Refused",
					e->name, e->name);
			plan_locate(p, row, &to.part, &to.offset);
			to.length = plan_row_size(p, row);
			if (to.length < e->r.length)
				return mtkfw_fail(
					ctx, MTKFW_E_IDENTITY,
					"the package makes %s smaller (0x%llx < 0x%llx bytes): the "
					"phone's data would not fit. Refused",
					e->name, (unsigned long long)to.length,
					(unsigned long long)e->r.length);
			bool in_place = to.part == e->r.part && to.offset == e->r.offset &&
					to.length == e->r.length;
			if (written_on_purpose(rep, o, row))
				continue;
			if (pass == 0)
				note(p->preserved, sizeof(p->preserved), "%s", e->name);
			if (pass == 0 && (o->mode == MTKFW_FLASH_DOWNLOAD ||
					  (o->mode == MTKFW_FLASH_FORMAT_ALL && in_place)))
				continue; /* neither erased nor moved */
			struct mtkfw_plan_step *st =
				add(p, pass ? MTKFW_STEP_CHECK : MTKFW_STEP_RESTORE, e->name);
			if (!st)
				return MTKFW_E_NO_MEM;
			st->part = to.part;
			st->offset = to.offset;
			st->length = to.length;
			snprintf(st->source, sizeof(st->source), "%s this phone's backup of %s",
				 pass ? "SHA-256 against" : "", e->name);
		}
	return 0;
}

/* Identity partitions of the layout that stay where they are in the package's (user area, by
 * offset). */
static size_t kept_identity(const struct mtkfw_layout *l, const struct mtkfw_scatter *sc,
			    const struct mtkfw_plan *p, struct mtkfw_range *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n_identity && n < max; i++) {
		const struct mtkfw_claim *e = &l->identity[i];
		const struct mtkfw_scatter_part *row = mtkfw_scatter_find(sc, e->name);
		struct mtkfw_range at;
		if (!row || e->r.part != MTKFW_PART_USER)
			continue;
		plan_locate(p, row, &at.part, &at.offset);
		if (at.part == e->r.part && at.offset == e->r.offset &&
		    plan_row_size(p, row) == e->r.length)
			out[n++] = e->r;
	}
	for (size_t i = 1; i < n; i++) /* in address order, whatever order the tables had */
		for (size_t j = i; j > 0 && out[j - 1].offset > out[j].offset; j--) {
			struct mtkfw_range t = out[j];
			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	return n;
}

static int add_erase_step(struct mtkfw_plan *p, uint64_t from, uint64_t to)
{
	struct mtkfw_plan_step *st = to > from ? add(p, MTKFW_STEP_ERASE, "user area") : NULL;
	if (to > from && !st)
		return MTKFW_E_NO_MEM;
	if (st) {
		st->part = MTKFW_PART_USER;
		st->offset = from;
		st->length = to - from;
		snprintf(st->source, sizeof(st->source), "erase");
	}
	return 0;
}

/* format-all: erase the user area, around identity partitions that do not move. */
static int add_erase(const struct mtkfw_layout *l, const struct mtkfw_scatter *sc,
		     struct mtkfw_plan *p)
{
	struct mtkfw_range keep[MTKFW_LAYOUT_IDENTITY];
	size_t n = kept_identity(l, sc, p, keep, MTKFW_LAYOUT_IDENTITY);
	uint64_t at = 0;
	int r = 0;
	for (size_t i = 0; !r && i < n; i++) {
		r = add_erase_step(p, at, keep[i].offset > at ? keep[i].offset : at);
		if (keep[i].offset + keep[i].length > at)
			at = keep[i].offset + keep[i].length;
	}
	return r ? r : add_erase_step(p, at, p->user);
}

/*
 * The safety net over the whole plan: an identity partition that an erase or
 * a write touches must be written back from the backup afterwards (or be
 * written from the package on purpose).
 */
static int identity_covered(struct mtkfw_session *s, const struct mtkfw_layout *l,
			    const struct mtkfw_report *rep, const struct mtkfw_flash_opts *o,
			    const struct mtkfw_plan *p)
{
	for (size_t i = 0; i < l->n_identity; i++) {
		const struct mtkfw_claim *e = &l->identity[i];
		const struct mtkfw_scatter_part *row =
			mtkfw_scatter_find(mtkfw_report_scatter(rep), e->name);
		bool touched = false, restored = false;
		for (size_t k = 0; k < p->n; k++) {
			const struct mtkfw_plan_step *st = &p->steps[k];
			bool hits = st->part == e->r.part &&
				    st->offset < e->r.offset + e->r.length &&
				    e->r.offset < st->offset + st->length;
			touched |= hits &&
				   (st->kind == MTKFW_STEP_ERASE || st->kind == MTKFW_STEP_WRITE);
			restored |=
				st->kind == MTKFW_STEP_RESTORE && mtkfw_strieq(st->name, e->name);
		}
		if (touched && !restored && !(row && written_on_purpose(rep, o, row)))
			return mtkfw_fail(
				mtkfw_session_ctx(s), MTKFW_E_IDENTITY,
				"the plan would erase or overwrite %s (%s+0x%llx) without "
				"writing it back: refused",
				e->name, mtkfw_part_name(e->r.part),
				(unsigned long long)e->r.offset);
	}
	return 0;
}

/*
 * A layout that rests on the user's word alone: before anything else, every
 * byte the plan erases or writes is saved (mtkfw_backup_changed), so that
 * nothing is lost whatever the layout. A step of its own, first, so that
 * --dry-run shows it.
 */
static int add_changed(const struct mtkfw_layout *l, struct mtkfw_plan *p)
{
	struct mtkfw_plan_step *st = add(p, MTKFW_STEP_BACKUP, MTKFW_STEP_CHANGED);
	if (!st)
		return MTKFW_E_NO_MEM;
	snprintf(st->source, sizeof(st->source),
		 "the phone: every range below that is erased or written (only your word places "
		 "%s)",
		 l->unconfirmed);
	struct mtkfw_plan_step first = *st;
	memmove(p->steps + 1, p->steps, (p->n - 1) * sizeof(*p->steps));
	p->steps[0] = first;
	return 0;
}

size_t mtkfw_plan_changed(const struct mtkfw_plan *p, struct mtkfw_range *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n && n < max; i++) {
		const struct mtkfw_plan_step *st = &p->steps[i];
		if (st->kind == MTKFW_STEP_ERASE || st->kind == MTKFW_STEP_WRITE ||
		    st->kind == MTKFW_STEP_PMT || st->kind == MTKFW_STEP_RESTORE)
			out[n++] = (struct mtkfw_range){st->part, st->offset, st->length};
	}
	return n;
}

static int build(struct mtkfw_session *s, const struct mtkfw_layout *l,
		 const struct mtkfw_report *rep, const struct mtkfw_flash_opts *o,
		 struct mtkfw_plan *p)
{
	const struct mtkfw_scatter *sc = mtkfw_report_scatter(rep);
	struct mtkfw_plan_step *st;
	int r = layout_allows(s, l, sc, o);
	if (r)
		return r;
	if (!(st = add(p, MTKFW_STEP_BACKUP, "identity")))
		return MTKFW_E_NO_MEM;
	snprintf(st->source, sizeof(st->source), "the phone (into the backup store)");
	if (o->mode == MTKFW_FLASH_FORMAT_ALL && (r = add_erase(l, sc, p)))
		return r;
	if ((r = add_writes(s, rep, o, p)))
		return r;
	if (o->mode != MTKFW_FLASH_DOWNLOAD) {
		if (!(st = add(p, MTKFW_STEP_PMT, "PMT")))
			return MTKFW_E_NO_MEM;
		st->part = MTKFW_PART_USER;
		st->offset = mtkfw_pmt_blocks_at(p->user);
		st->length = 2 * MTKFW_PMT_BLOCK;
		snprintf(st->source, sizeof(st->source), "built from the package's scatter");
	}
	if ((r = add_identity_steps(s, l, rep, o, p)))
		return r;
	if ((r = identity_covered(s, l, rep, o, p)))
		return r;
	return l->state == MTKFW_LAYOUT_GIVEN ? add_changed(l, p) : 0;
}

/*
 * --resume: the plan that was interrupted, as journalled, in its mode, for
 * the same package (its fingerprint, wherever it now is). MTKFW_E_NOT_FOUND
 * (no error set) when nothing was interrupted.
 */
static int from_journal(struct mtkfw_session *s, const struct mtkfw_report *rep,
			const struct mtkfw_flash_opts *o, struct mtkfw_plan *p)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	struct journal *j = calloc(1, sizeof(*j));
	char path[4200], id[65];
	int r = j ? 0 : MTKFW_E_NO_MEM;
	journal_path(s, o->store, path, sizeof(path));
	if (!r && access(path, F_OK)) {
		free(j);
		return MTKFW_E_NOT_FOUND;
	}
	if (!r)
		r = journal_read(ctx, path, j);
	mtkfw_plan_package_id(rep, id);
	if (!r && (*j->package_id ? strcmp(j->package_id, id)
				  : strcmp(j->package, mtkfw_pkg_path(mtkfw_report_package(rep)))))
		r = mtkfw_fail(ctx, MTKFW_E_MISMATCH,
			       "the interrupted flash was of %s (package %.16s), this is %s "
			       "(package %.16s): resume with the same package, or flash this "
			       "one without --resume",
			       j->package, *j->package_id ? j->package_id : "-",
			       mtkfw_pkg_path(mtkfw_report_package(rep)), id);
	if (!r) {
		p->mode = (enum mtkfw_flash_mode)j->mode;
		mtkfw_log(ctx, MTKFW_LOG_INFO, "resuming the %s flash of %s (journal %s)",
			  mtkfw_flash_mode_name(p->mode), j->package, path);
	}
	for (size_t i = 0; !r && i < j->n; i++) {
		struct mtkfw_plan_step *st = add(p, j->steps[i].kind, j->steps[i].name);
		if (!st) {
			r = MTKFW_E_NO_MEM;
			break;
		}
		*st = j->steps[i];
		const struct mtkfw_check_row *row = st->row < mtkfw_report_row_count(rep)
							    ? mtkfw_report_row(rep, st->row)
							    : NULL;
		if (st->kind == MTKFW_STEP_WRITE &&
		    (!row || !row->file || !mtkfw_strieq(row->part->name, st->name) ||
		     (mtkfw_is_identity_partition(st->name) && !o->write_identity))) {
			r = mtkfw_fail(ctx, MTKFW_E_FORMAT,
				       "the flash journal %s does not match the package (step %zu "
				       "writes %s): flash again without --resume",
				       path, i + 1, st->name);
			break;
		}
		if (st->kind == MTKFW_STEP_WRITE)
			snprintf(st->source, sizeof(st->source), "%s", row->file);
		if (st->kind == MTKFW_STEP_CHECK)
			note(p->preserved, sizeof(p->preserved), "%s", st->name);
	}
	free(j);
	return r;
}

int mtkfw_flash_plan(struct mtkfw_session *s, const struct mtkfw_layout *l,
		     const struct mtkfw_report *rep, const struct mtkfw_flash_opts *o,
		     struct mtkfw_plan **out)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	const struct mtkfw_scatter *sc = mtkfw_report_scatter(rep);
	if (!sc)
		return mtkfw_fail(ctx, MTKFW_E_FORMAT, "the package has no usable scatter");
	struct mtkfw_plan *p = calloc(1, sizeof(*p));
	if (!p)
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	p->mode = o->mode;
	p->user = mtkfw_session_flash(s)->user;
	p->boot1 = mtkfw_session_flash(s)->boot1;
	p->user_base = mtkfw_scatter_user_base(sc);
	p->tail = mtkfw_scatter_reserved_tail(sc);
	mtkfw_set_step(ctx, "plan");
	int r = o->resume ? from_journal(s, rep, o, p) : MTKFW_E_NOT_FOUND;
	p->resumed = o->resume && !r;
	if (r == MTKFW_E_NOT_FOUND) {
		if (o->resume)
			mtkfw_log(ctx, MTKFW_LOG_WARNING,
				  "nothing was interrupted on this phone: flashing from the start");
		r = build(s, l, rep, o, p);
	}
	if (r) {
		if (r == MTKFW_E_NO_MEM)
			mtkfw_fail(ctx, r, "out of memory");
		mtkfw_plan_free(p);
		return r;
	}
	*out = p;
	return 0;
}

void mtkfw_plan_free(struct mtkfw_plan *p)
{
	if (!p)
		return;
	free(p->steps);
	free(p);
}

size_t mtkfw_plan_count(const struct mtkfw_plan *p)
{
	return p->n;
}

const struct mtkfw_plan_step *mtkfw_plan_step(const struct mtkfw_plan *p, size_t i)
{
	return i < p->n ? &p->steps[i] : NULL;
}

enum mtkfw_flash_mode mtkfw_plan_mode(const struct mtkfw_plan *p)
{
	return p->mode;
}

bool mtkfw_plan_resumed(const struct mtkfw_plan *p)
{
	return p->resumed;
}

void mtkfw_plan_package_id(const struct mtkfw_report *rep, char out[65])
{
	const struct mtkfw_scatter *sc = mtkfw_report_scatter(rep);
	struct digest *md = digest_new(DIGEST_SHA256);
	uint8_t sha[32] = {0};
	if (md) {
		for (size_t i = 0; sc && i < mtkfw_scatter_count(sc); i++) {
			const struct mtkfw_scatter_part *r = mtkfw_scatter_part(sc, i);
			char line[200];
			int k = snprintf(line, sizeof(line), "%s %llx %llx %d\n", r->name,
					 (unsigned long long)r->start,
					 (unsigned long long)(r->has_size ? r->size : 0),
					 r->download);
			digest_update(md, line, (size_t)k);
		}
		for (size_t i = 0; i < mtkfw_report_row_count(rep); i++) {
			const struct mtkfw_check_row *row = mtkfw_report_row(rep, i);
			const char *file = row->file ? mtkfw_base_name(row->file) : "-";
			char line[300];
			int k = snprintf(line, sizeof(line), "%s %s %llu\n", row->part->name, file,
					 (unsigned long long)row->file_size);
			digest_update(md, line, (size_t)k);
		}
		digest_final(md, sha);
	}
	digest_free(md);
	mtkfw_sha256_hex(sha, out);
}

const char *mtkfw_plan_preserved(const struct mtkfw_plan *p)
{
	return p->preserved;
}
