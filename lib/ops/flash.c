/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The flash executor: runs a plan step by step. Images stream from the
 * package as extents (mtkfw/image_source.h: data written, zero fills erased
 * or skipped, don't-care left alone), each finished step is
 * journalled so `--resume` continues instead of starting over, and the
 * identity backup of the journal is reused, never taken again mid-flash.
 */
#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flash_priv.h"
#include "journal.h"
#include "onflash.h"
#include "mtkfw/layout.h"
#include "mtkfw/image_source.h"

#define ERASE_MIN (1u << 20) /* zero fills this big are erased rather than sent */
#define PEEK	  64

/* ---- writing an image ---- */

struct writer {
	struct mtkfw_session *s;
	struct mtkfw_da *da;
	struct mtkfw_plan *p;
	const struct mtkfw_plan_step *st;
	const struct mtkfw_flash_opts *o;
	uint64_t base;	    /* target offset of the image's byte 0 */
	uint64_t resume_at; /* image bytes before this are on the phone already */
	bool erased;	    /* the target reads zero already (format-all) */
	bool in_run;
	uint64_t run_start, run_end, pushed;
	uint64_t run_target; /* where the run starts on the phone */
	EVP_MD_CTX *md;
};

static int run_begin(struct writer *w, uint64_t start, uint64_t end)
{
	uint64_t len = (end - start + 511) / 512 * 512;
	int r = mtkfw_da_write_begin(w->da, w->st->part, w->base + start, len);
	if (r)
		return r;
	w->in_run = true;
	w->run_target = w->base + start;
	w->run_start = start;
	w->run_end = start + len;
	w->pushed = 0;
	if (w->o->verify)
		EVP_DigestInit_ex(w->md, EVP_sha256(), NULL);
	return 0;
}

static int run_push(struct writer *w, const uint8_t *d, size_t n)
{
	if (w->o->verify)
		EVP_DigestUpdate(w->md, d, n);
	w->pushed += n;
	w->p->sent += n;
	return mtkfw_da_write_push(w->da, d, n);
}

/* Close a run (zero padding included in its hash) and remember it for --verify. */
static int run_end(struct writer *w)
{
	static const uint8_t zeros[512];
	uint64_t pad = w->run_end - w->run_start - w->pushed;
	if (w->o->verify)
		for (uint64_t k = 0; k < pad; k += sizeof(zeros))
			EVP_DigestUpdate(w->md, zeros,
					 pad - k < sizeof(zeros) ? pad - k : sizeof(zeros));
	int r = mtkfw_da_write_end(w->da, NULL);
	w->in_run = false;
	if (r || !w->o->verify)
		return r;
	struct mtkfw_plan *p = w->p;
	if (mtkfw_grow((void **)&p->runs, &p->cap_runs, p->n_runs + 1, sizeof(*p->runs)))
		return MTKFW_E_NO_MEM;
	struct plan_run *run = &p->runs[p->n_runs++];
	unsigned n;
	run->part = w->st->part;
	run->offset = w->run_target;
	run->length = w->run_end - w->run_start;
	EVP_DigestFinal_ex(w->md, run->sha256, &n);
	return 0;
}

/* A DATA extent: part of a RAW chunk, which is one write command. */
static int put_data(struct writer *w, const struct mtkfw_extent *e)
{
	uint64_t off = e->offset, end = e->offset + e->length;
	const uint8_t *d = e->data;
	if (end <= w->resume_at)
		return 0;
	if (off < w->resume_at) {
		d += w->resume_at - off;
		off = w->resume_at;
	}
	int r = 0;
	if (!w->in_run) {
		uint64_t from = e->run_offset > w->resume_at ? e->run_offset : w->resume_at;
		r = run_begin(w, from, e->run_offset + e->run_length);
	}
	if (!r)
		r = run_push(w, d, (size_t)(end - off));
	if (!r && end == e->run_offset + e->run_length)
		r = run_end(w);
	return r;
}

/* A FILL extent: zeros are skipped (erased target) or erased; patterns are written. */
static int put_fill(struct writer *w, const struct mtkfw_extent *e)
{
	if (e->offset + e->length <= w->resume_at)
		return 0;
	if (!e->fill && w->erased) {
		w->p->skipped += e->length;
		return 0;
	}
	const struct mtkfw_chip *chip = mtkfw_session_brom(w->s)->chip;
	if (!e->fill && chip->emmc_erase_zero && e->length >= ERASE_MIN &&
	    !((w->base + e->offset) % 512) && !(e->length % 512)) {
		struct mtkfw_range rg = {w->st->part, w->base + e->offset, e->length};
		w->p->erased += e->length;
		return mtkfw_format_range(w->s, &rg, NULL, NULL);
	}
	uint8_t pat[4096];
	for (size_t i = 0; i < sizeof(pat); i += 4)
		put_le32(pat + i, e->fill);
	int r = run_begin(w, e->offset, e->offset + e->length);
	for (uint64_t k = 0; !r && k < e->length; k += sizeof(pat))
		r = run_push(w, pat,
			     e->length - k < sizeof(pat) ? (size_t)(e->length - k) : sizeof(pat));
	return r ? r : run_end(w);
}

static int on_extent(void *user, const struct mtkfw_extent *e)
{
	struct writer *w = user;
	switch (e->kind) {
	case MTKFW_EXTENT_DATA:
		return put_data(w, e);
	case MTKFW_EXTENT_FILL:
		return put_fill(w, e);
	default:
		w->p->skipped += e->length;
		return 0;
	}
}

/* The EMMC_BOOT header in front of the preloader, a run of its own; the image follows it. */
static int put_boot_header(struct writer *w)
{
	uint8_t h[MTKFW_BOOT_HEADER];
	onflash_boot_header(h);
	w->base = w->st->offset;
	int r = run_begin(w, 0, sizeof(h));
	if (!r)
		r = run_push(w, h, sizeof(h));
	if (!r)
		r = run_end(w);
	w->base = w->st->offset + sizeof(h);
	return r;
}

static int write_progress(void *user, uint64_t done, uint64_t total)
{
	const struct writer *w = user;
	return w->o->progress ? w->o->progress(w->o->user, done, total) : 0;
}

/* Stream one package member into the phone, as the extents of the image it holds. */
static int write_image(struct writer *w, const struct mtkfw_report *rep, size_t member)
{
	struct mtkfw_image_source *src;
	int r = mtkfw_image_source_open(mtkfw_session_ctx(w->s), mtkfw_report_package(rep), member,
					&src);
	if (r)
		return r;
	if (w->st->boot_header)
		r = put_boot_header(w);
	if (!r)
		r = mtkfw_image_source_extents(src, on_extent, w, write_progress, w);
	if (!r && w->in_run)
		r = run_end(w);
	mtkfw_image_source_close(src);
	return r;
}

static int step_write(struct mtkfw_session *s, const struct mtkfw_report *pkg, struct mtkfw_plan *p,
		      size_t i, const struct mtkfw_flash_opts *o, const struct journal *j)
{
	const struct mtkfw_plan_step *st = &p->steps[i];
	const struct mtkfw_check_row *row = mtkfw_report_row(pkg, st->row);
	struct writer w = {.s = s,
			   .da = mtkfw_session_da(s),
			   .p = p,
			   .st = st,
			   .o = o,
			   .base = st->offset,
			   .erased = p->mode == MTKFW_FLASH_FORMAT_ALL,
			   .md = EVP_MD_CTX_new()};
	if (j->at_step == i && !st->boot_header)
		w.resume_at = j->at_offset;
	int r = w.md ? write_image(&w, pkg, row->member)
		     : mtkfw_fail(mtkfw_session_ctx(s), MTKFW_E_NO_MEM, "out of memory");
	if (r && w.in_run && !st->boot_header) /* resume where the phone's ACKs stopped */
		journal_line(p->journal, "at %zu %llu\n", i,
			     (unsigned long long)(w.run_start + mtkfw_da_write_done(w.da)));
	EVP_MD_CTX_free(w.md);
	return r;
}

/* ---- other steps ---- */

static int step_pmt(struct mtkfw_session *s, const struct mtkfw_report *pkg,
		    const struct mtkfw_plan_step *st)
{
	uint8_t blk[2 * MTKFW_PMT_BLOCK];
	struct mtkfw_pmt_entry e[MTKFW_PMT_BLOCK_MAX];
	uint64_t done;
	size_t n = onflash_pmt_entries(mtkfw_report_scatter(pkg), mtkfw_session_flash(s)->user, e,
				       MTKFW_PMT_BLOCK_MAX);
	mtkfw_pmt_encode_block(e, n, false, blk);
	mtkfw_pmt_encode_block(e, n, true, blk + MTKFW_PMT_BLOCK);
	struct mtkfw_da *da = mtkfw_session_da(s);
	int r = mtkfw_da_write_begin(da, st->part, st->offset, sizeof(blk));
	if (!r)
		r = mtkfw_da_write_push(da, blk, sizeof(blk));
	if (!r)
		r = mtkfw_da_write_end(da, &done);
	return r ? r : mtkfw_session_reload_pmt(s);
}

static int step_backup(struct mtkfw_session *s, const struct mtkfw_layout *l, struct mtkfw_plan *p,
		       const struct mtkfw_flash_opts *o, const struct journal *j)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	int r;
	if (*j->backup) { /* resuming: the phone may be half-flashed; trust only this backup */
		r = mtkfw_backup_load(ctx, j->backup, &p->backup);
		if (!r)
			r = mtkfw_backup_verify(ctx, &p->backup, NULL, NULL);
	} else {
		r = mtkfw_backup_make(s, l, MTKFW_BACKUP_IDENTITY, o->store, NULL, o->progress,
				      o->user, &p->backup);
		if (!r)
			journal_line(p->journal, "backup %s\n", p->backup.dir);
	}
	if (r)
		return mtkfw_fail_prefix(ctx, "no verified identity backup, nothing was changed");
	p->have_backup = true;
	return 0;
}

static int step_restore(struct mtkfw_session *s, struct mtkfw_plan *p,
			const struct mtkfw_plan_step *st, const struct mtkfw_flash_opts *o)
{
	const struct mtkfw_backup_file *f = mtkfw_backup_find(&p->backup, st->name);
	struct mtkfw_range to = {st->part, st->offset, st->length};
	if (!f) /* the phone had the partition but it was empty of meaning: nothing saved */
		return mtkfw_fail(mtkfw_session_ctx(s), MTKFW_E_IDENTITY,
				  "the identity backup has no %s", st->name);
	return mtkfw_backup_write_file(s, &p->backup, f, &to, o->progress, o->user);
}

/* An identity partition must read back as the backup holds it; mended once if not. */
static int step_check(struct mtkfw_session *s, struct mtkfw_plan *p,
		      const struct mtkfw_plan_step *st, const struct mtkfw_flash_opts *o)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	const struct mtkfw_backup_file *f = mtkfw_backup_find(&p->backup, st->name);
	struct mtkfw_range at = {st->part, st->offset, f ? f->length : 0}, to = at;
	uint8_t sha[32];
	mtkfw_set_step(ctx, "check-identity");
	if (!f)
		return mtkfw_fail(ctx, MTKFW_E_IDENTITY, "the identity backup %s has no %s",
				  p->backup.dir, st->name);
	int r = mtkfw_hash_range(s, &at, sha, NULL, NULL);
	if (r || !memcmp(sha, f->sha256, 32))
		return r;
	mtkfw_log(ctx, MTKFW_LOG_WARNING, "%s differs from the backup: restoring it", f->name);
	to.length = st->length;
	r = mtkfw_backup_write_file(s, &p->backup, f, &to, o->progress, o->user);
	if (r)
		return mtkfw_fail(
			ctx, MTKFW_E_IDENTITY,
			"%s differs from this phone's backup and could not be restored (%s); "
			"restore it with 'mtkfw restore %s'",
			f->name, mtkfw_ctx_errmsg(ctx), p->backup.dir);
	size_t l = strlen(p->mended);
	snprintf(p->mended + l, sizeof(p->mended) - l, "%s%s", l ? ", " : "", f->name);
	return 0;
}

/* After a run that mended identity partitions: say so, and fail. */
static int mended(struct mtkfw_session *s, const struct mtkfw_plan *p)
{
	if (!*p->mended)
		return 0;
	return mtkfw_fail(mtkfw_session_ctx(s), MTKFW_E_IDENTITY,
			  "after the flash %s differed from this phone's backup: restored from %s "
			  "and verified. Something wrote into identity ranges: check the package's "
			  "layout before flashing it again",
			  p->mended, p->backup.dir);
}

/*
 * When the flash moved identity partitions, the store gets a record of the
 * backup at their new places, so the newest backup agrees with the new PMT.
 */
static void record_moves(struct mtkfw_session *s, const struct mtkfw_report *pkg,
			 const struct mtkfw_plan *p, const struct mtkfw_flash_opts *o)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	struct mtkfw_range moved[MTKFW_ARRAY_SIZE(p->backup.files)];
	struct mtkfw_pmt_entry table[MTKFW_PMT_BLOCK_MAX];
	struct mtkfw_backup *rec = malloc(sizeof(*rec));
	bool any = false;
	char sbuf[4096];
	for (size_t i = 0; i < p->backup.n_files; i++) {
		const struct mtkfw_backup_file *f = &p->backup.files[i];
		moved[i] = (struct mtkfw_range){f->part, f->offset, 0};
		for (size_t k = 0; k < p->n; k++)
			if (p->steps[k].kind == MTKFW_STEP_CHECK &&
			    mtkfw_strieq(p->steps[k].name, f->name))
				moved[i] = (struct mtkfw_range){p->steps[k].part,
								p->steps[k].offset, f->length};
		any |= moved[i].length &&
		       (moved[i].part != f->part || moved[i].offset != f->offset);
	}
	size_t n = onflash_pmt_entries(mtkfw_report_scatter(pkg), mtkfw_session_flash(s)->user,
				       table, MTKFW_PMT_BLOCK_MAX);
	if (any && rec &&
	    !mtkfw_backup_record_moved(ctx, &p->backup, moved, table, n,
				       o->store ? o->store : mtkfw_backup_store(sbuf, sizeof(sbuf)),
				       rec))
		mtkfw_log(ctx, MTKFW_LOG_INFO, "identity recorded at its new places: %s", rec->dir);
	else if (any)
		mtkfw_log(ctx, MTKFW_LOG_WARNING, "could not record the identity's new places: %s",
			  rec ? mtkfw_ctx_errmsg(ctx) : "out of memory");
	free(rec);
}

/* Read every written run back and compare its hash (--verify). */
static int verify_runs(struct mtkfw_session *s, struct mtkfw_plan *p, size_t from)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	for (size_t k = from; k < p->n_runs; k++) {
		const struct plan_run *run = &p->runs[k];
		struct mtkfw_range rg = {run->part, run->offset, run->length};
		uint8_t sha[32];
		int r = mtkfw_hash_range(s, &rg, sha, NULL, NULL);
		mtkfw_set_step(ctx,
			       "verify"); /* a failure is the verification's, a read's included */
		if (r)
			return r;
		if (memcmp(sha, run->sha256, 32))
			return mtkfw_fail(
				ctx, MTKFW_E_MISMATCH,
				"verify: %s+0x%llx (%llu bytes) reads back different from "
				"what was written",
				mtkfw_part_name(run->part), (unsigned long long)run->offset,
				(unsigned long long)run->length);
	}
	return 0;
}

static int run_step(struct mtkfw_session *s, const struct mtkfw_layout *l,
		    const struct mtkfw_report *pkg, struct mtkfw_plan *p, size_t i,
		    const struct mtkfw_flash_opts *o, const struct journal *j)
{
	const struct mtkfw_plan_step *st = &p->steps[i];
	struct mtkfw_range rg = {st->part, st->offset, st->length};
	size_t runs = p->n_runs;
	int r;
	switch (st->kind) {
	case MTKFW_STEP_BACKUP:
		return step_backup(s, l, p, o, j);
	case MTKFW_STEP_ERASE:
		p->erased += st->length;
		return mtkfw_format_range(s, &rg, o->progress, o->user);
	case MTKFW_STEP_WRITE:
		r = step_write(s, pkg, p, i, o, j);
		return !r && o->verify ? verify_runs(s, p, runs) : r;
	case MTKFW_STEP_PMT:
		return step_pmt(s, pkg, st);
	case MTKFW_STEP_RESTORE:
		return step_restore(s, p, st, o);
	case MTKFW_STEP_CHECK:
		return step_check(s, p, st, o);
	}
	return 0;
}

int mtkfw_flash_run(struct mtkfw_session *s, const struct mtkfw_layout *l,
		    const struct mtkfw_report *pkg, struct mtkfw_plan *p,
		    const struct mtkfw_flash_opts *o)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	struct journal *j = calloc(1, sizeof(*j));
	int r = 0;
	if (!j)
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	j->at_step = SIZE_MAX;
	journal_path(s, o->store, p->journal, sizeof(p->journal));
	char id[65];
	mtkfw_plan_package_id(pkg, id);
	if (p->resumed)
		r = journal_read(ctx, p->journal, j);
	else
		r = journal_create(ctx, p->journal, mtkfw_pkg_path(mtkfw_report_package(pkg)), id,
				   p->mode, p->steps, p->n);
	p->sent = p->erased = p->skipped = 0;
	p->mended[0] = 0;
	for (size_t i = 0; !r && i < p->n; i++) {
		const struct mtkfw_plan_step *st = &p->steps[i];
		bool skip = j->done[i] && st->kind != MTKFW_STEP_BACKUP;
		if (o->step_cb)
			o->step_cb(o->user, i, p->n, st, skip ? "skipped" : "start");
		if (skip)
			continue;
		if ((r = run_step(s, l, pkg, p, i, o, j)) != 0) {
			if (o->step_cb)
				o->step_cb(o->user, i, p->n, st, "failed");
			break;
		}
		journal_line(p->journal, "done %zu\n", i);
		if (o->step_cb)
			o->step_cb(o->user, i, p->n, st, "done");
	}
	if (!r)
		r = mended(s, p);
	if (!r) {
		unlink(p->journal);
		if (p->mode != MTKFW_FLASH_DOWNLOAD && p->have_backup)
			record_moves(s, pkg, p, o);
	}
	free(j);
	return r;
}
