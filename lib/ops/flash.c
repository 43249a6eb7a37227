/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The flash executor: runs a plan step by step. Images stream from the
 * package as extents (mtkfw/image_source.h: data written, zero fills erased
 * or skipped where the phone's erase leaves zeros, don't-care left alone),
 * each finished step is journalled so `--resume` continues instead of
 * starting over, and the identity backup of the journal is reused, never
 * taken again mid-flash.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "digest.h"
#include "flash_priv.h"
#include "journal.h"
#include "onflash.h"
#include "mtkfw/layout.h"
#include "mtkfw/image_source.h"

#define PEEK 64

/* A range written, for --verify: where, how long, and the SHA-256 of what was sent. */
struct written {
	enum mtkfw_emmc_part part;
	uint64_t offset, length;
	uint8_t sha256[32];
};

/* One execution of a plan: what it needs and what it keeps (the plan itself holds none of it). */
struct run {
	struct mtkfw_session *s;
	const struct mtkfw_layout *l;
	const struct mtkfw_report *rep;
	const struct mtkfw_plan *p;
	const struct mtkfw_flash_opts *o;
	struct journal *j;	    /* what an interrupted run left (resume), else empty */
	struct mtkfw_backup backup; /* the identity backup: made, or the journal's */
	bool have_backup;
	struct written *runs; /* for --verify */
	size_t n_runs, cap_runs;
	uint64_t sent, erased, skipped;
	char mended[256]; /* identity partitions the checks had to write back */
	char journal[4200];
};

/* ---- writing an image ---- */

struct writer {
	struct mtkfw_session *s;
	struct mtkfw_da *da;
	struct run *run;
	const struct mtkfw_plan_step *st;
	const struct mtkfw_flash_opts *o;
	uint64_t base;	    /* target offset of the image's byte 0 */
	uint64_t resume_at; /* image bytes before this are on the phone already */
	bool erased;	    /* the target was erased (format-all) */
	bool in_run;
	uint64_t run_start, run_end, pushed;
	uint64_t run_target; /* where the run starts on the phone */
	struct digest *md;   /* the run being written, for --verify */
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
	if (w->o->verify) {
		digest_free(w->md);
		if (!(w->md = digest_new(DIGEST_SHA256)))
			return MTKFW_E_NO_MEM;
	}
	return 0;
}

static int run_push(struct writer *w, const uint8_t *d, size_t n)
{
	if (w->o->verify && !digest_update(w->md, d, n))
		return MTKFW_E_NO_MEM;
	w->pushed += n;
	w->run->sent += n;
	return mtkfw_da_write_push(w->da, d, n);
}

/* Close a run (zero padding included in its hash) and remember it for --verify. */
static int run_end(struct writer *w)
{
	static const uint8_t zeros[512];
	uint64_t pad = w->run_end - w->run_start - w->pushed;
	if (w->o->verify)
		for (uint64_t k = 0; k < pad; k += sizeof(zeros))
			digest_update(w->md, zeros,
				      pad - k < sizeof(zeros) ? pad - k : sizeof(zeros));
	int r = mtkfw_da_write_end(w->da, NULL);
	w->in_run = false;
	if (r || !w->o->verify)
		return r;
	struct run *run = w->run;
	if (mtkfw_grow((void **)&run->runs, &run->cap_runs, run->n_runs + 1, sizeof(*run->runs)))
		return MTKFW_E_NO_MEM;
	struct written *x = &run->runs[run->n_runs++];
	x->part = w->st->part;
	x->offset = w->run_target;
	x->length = w->run_end - w->run_start;
	return digest_final(w->md, x->sha256) ? 0 : MTKFW_E_NO_MEM;
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

/*
 * A FILL extent. Zeros are skipped on a target erased to zeros (format-all),
 * else erased where that leaves zeros (mtkfw_erase_to_zeros); patterns, and
 * zeros an erase does not give on this phone, are written.
 */
static int put_fill(struct writer *w, const struct mtkfw_extent *e)
{
	if (e->offset + e->length <= w->resume_at)
		return 0;
	if (!e->fill && w->erased && mtkfw_da_erase_fill(w->da) == 0) {
		w->run->skipped += e->length;
		return 0;
	}
	struct mtkfw_range rg = {w->st->part, w->base + e->offset, e->length};
	bool erased = false;
	int r = e->fill ? 0 : mtkfw_erase_to_zeros(w->s, &rg, &erased);
	if (r || erased) {
		w->run->erased += erased ? e->length : 0;
		return r;
	}
	uint8_t pat[4096];
	for (size_t i = 0; i < sizeof(pat); i += 4)
		put_le32(pat + i, e->fill);
	r = run_begin(w, e->offset, e->offset + e->length);
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
		w->run->skipped += e->length;
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

static int step_write(struct run *run, size_t i)
{
	const struct mtkfw_plan_step *st = mtkfw_plan_step(run->p, i);
	const struct mtkfw_check_row *row = mtkfw_report_row(run->rep, st->row);
	struct writer w = {.s = run->s,
			   .da = mtkfw_session_da(run->s),
			   .run = run,
			   .st = st,
			   .o = run->o,
			   .base = st->offset,
			   .erased = mtkfw_plan_mode(run->p) == MTKFW_FLASH_FORMAT_ALL};
	if (run->j->at_step == i && !st->boot_header)
		w.resume_at = run->j->at_offset;
	int r = write_image(&w, run->rep, row->member);
	if (r == MTKFW_E_NO_MEM)
		r = mtkfw_fail(mtkfw_session_ctx(run->s), r, "out of memory");
	if (r && w.in_run && !st->boot_header) /* resume where the phone's ACKs stopped */
		journal_line(run->journal, "at %zu %llu\n", i,
			     (unsigned long long)(w.run_start + mtkfw_da_write_done(w.da)));
	digest_free(w.md);
	return r;
}

/* ---- other steps ---- */

static int step_pmt(struct run *run, const struct mtkfw_plan_step *st)
{
	uint8_t blk[2 * MTKFW_PMT_BLOCK];
	struct mtkfw_pmt_entry e[MTKFW_PMT_BLOCK_MAX];
	uint64_t done;
	size_t n = onflash_pmt_entries(mtkfw_report_scatter(run->rep),
				       mtkfw_session_flash(run->s)->user, e, MTKFW_PMT_BLOCK_MAX);
	mtkfw_pmt_encode_block(e, n, false, blk);
	mtkfw_pmt_encode_block(e, n, true, blk + MTKFW_PMT_BLOCK);
	struct mtkfw_da *da = mtkfw_session_da(run->s);
	int r = mtkfw_da_write_begin(da, st->part, st->offset, sizeof(blk));
	if (!r)
		r = mtkfw_da_write_push(da, blk, sizeof(blk));
	if (!r)
		r = mtkfw_da_write_end(da, &done);
	return r ? r : mtkfw_session_reload_pmt(run->s);
}

static int step_backup(struct run *run)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(run->s);
	int r;
	if (*run->j->backup) { /* resuming: the phone may be half-flashed; trust only this backup */
		r = mtkfw_backup_load(ctx, run->j->backup, &run->backup);
		if (!r)
			r = mtkfw_backup_verify(ctx, &run->backup, NULL, NULL);
	} else {
		r = mtkfw_backup_make(run->s, run->l, MTKFW_BACKUP_IDENTITY, run->o->store, NULL,
				      run->o->progress, run->o->user, &run->backup);
		if (!r)
			journal_line(run->journal, "backup %s\n", run->backup.dir);
	}
	if (r)
		return mtkfw_fail_prefix(ctx, "no verified identity backup, nothing was changed");
	run->have_backup = true;
	return 0;
}

/*
 * The layout rests on the user's word alone: every byte the plan changes is
 * saved first, once (a resumed flash has it in its journal already).
 */
static int step_changed(struct run *run)
{
	struct mtkfw_range r[JOURNAL_MAX_STEPS];
	struct mtkfw_backup *b;
	if (*run->j->before) {
		mtkfw_log(mtkfw_session_ctx(run->s), MTKFW_LOG_INFO,
			  "every byte this flash changes was saved before it began: %s",
			  run->j->before);
		return 0;
	}
	size_t n = mtkfw_plan_changed(run->p, r, JOURNAL_MAX_STEPS);
	if (!(b = malloc(sizeof(*b))))
		return mtkfw_fail(mtkfw_session_ctx(run->s), MTKFW_E_NO_MEM, "out of memory");
	int rc = mtkfw_backup_changed(run->s, run->l, r, n, run->o->store, run->o->progress,
				      run->o->user, b);
	if (!rc)
		journal_line(run->journal, "before %s\n", b->dir);
	free(b);
	return rc;
}

static int step_restore(struct run *run, const struct mtkfw_plan_step *st)
{
	const struct mtkfw_backup_file *f = mtkfw_backup_find(&run->backup, st->name);
	struct mtkfw_range to = {st->part, st->offset, st->length};
	if (!f) /* the phone had the partition but it was empty of meaning: nothing saved */
		return mtkfw_fail(mtkfw_session_ctx(run->s), MTKFW_E_IDENTITY,
				  "the identity backup has no %s", st->name);
	return mtkfw_backup_write_file(run->s, &run->backup, f, &to, run->o->progress,
				       run->o->user);
}

/* An identity partition must read back as the backup holds it; mended once if not. */
static int step_check(struct run *run, const struct mtkfw_plan_step *st)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(run->s);
	const struct mtkfw_backup_file *f = mtkfw_backup_find(&run->backup, st->name);
	struct mtkfw_range at = {st->part, st->offset, f ? f->length : 0}, to = at;
	uint8_t sha[32];
	mtkfw_set_step(ctx, "check-identity");
	if (!f)
		return mtkfw_fail(ctx, MTKFW_E_IDENTITY, "the identity backup %s has no %s",
				  run->backup.dir, st->name);
	int r = mtkfw_hash_range(run->s, &at, sha, NULL, NULL);
	if (r || !memcmp(sha, f->sha256, 32))
		return r;
	mtkfw_log(ctx, MTKFW_LOG_WARNING, "%s differs from the backup: restoring it", f->name);
	to.length = st->length;
	r = mtkfw_backup_write_file(run->s, &run->backup, f, &to, run->o->progress, run->o->user);
	if (r)
		return mtkfw_fail(
			ctx, MTKFW_E_IDENTITY,
			"%s differs from this phone's backup and could not be restored (%s); "
			"restore it with 'mtkfw restore %s'",
			f->name, mtkfw_ctx_errmsg(ctx), run->backup.dir);
	size_t l = strlen(run->mended);
	snprintf(run->mended + l, sizeof(run->mended) - l, "%s%s", l ? ", " : "", f->name);
	return 0;
}

/* After a run that mended identity partitions: say so, and fail. */
static int mended(const struct run *run)
{
	if (!*run->mended)
		return 0;
	return mtkfw_fail(mtkfw_session_ctx(run->s), MTKFW_E_IDENTITY,
			  "after the flash %s differed from this phone's backup: restored from %s "
			  "and verified. Something wrote into identity ranges: check the package's "
			  "layout before flashing it again",
			  run->mended, run->backup.dir);
}

/* Where the plan's check step of an identity partition reads it, or a length of 0. */
static struct mtkfw_range checked_at(const struct run *run, const struct mtkfw_backup_file *f)
{
	struct mtkfw_range at = {f->part, f->offset, 0};
	for (size_t k = 0; k < mtkfw_plan_count(run->p); k++) {
		const struct mtkfw_plan_step *st = mtkfw_plan_step(run->p, k);
		if (st->kind == MTKFW_STEP_CHECK && mtkfw_strieq(st->name, f->name))
			at = (struct mtkfw_range){st->part, st->offset, f->length};
	}
	return at;
}

/*
 * When the flash moved identity partitions, the store gets a record of the
 * backup at their new places, so the newest backup agrees with the new PMT.
 */
static void record_moves(const struct run *run)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(run->s);
	struct mtkfw_range moved[MTKFW_ARRAY_SIZE(run->backup.files)];
	struct mtkfw_pmt_entry table[MTKFW_PMT_BLOCK_MAX];
	struct mtkfw_backup *rec = malloc(sizeof(*rec));
	bool any = false;
	char sbuf[4096];
	for (size_t i = 0; i < run->backup.n_files; i++) {
		const struct mtkfw_backup_file *f = &run->backup.files[i];
		moved[i] = checked_at(run, f);
		any |= moved[i].length &&
		       (moved[i].part != f->part || moved[i].offset != f->offset);
	}
	size_t n =
		onflash_pmt_entries(mtkfw_report_scatter(run->rep),
				    mtkfw_session_flash(run->s)->user, table, MTKFW_PMT_BLOCK_MAX);
	const char *store = run->o->store ? run->o->store : mtkfw_backup_store(sbuf, sizeof(sbuf));
	if (any && rec &&
	    !mtkfw_backup_record_moved(ctx, &run->backup, moved, table, n, store, rec))
		mtkfw_log(ctx, MTKFW_LOG_INFO, "identity recorded at its new places: %s", rec->dir);
	else if (any)
		mtkfw_log(ctx, MTKFW_LOG_WARNING, "could not record the identity's new places: %s",
			  rec ? mtkfw_ctx_errmsg(ctx) : "out of memory");
	free(rec);
}

/* Read every range written since the from-th back and compare its hash (--verify). */
static int verify_runs(struct run *run, size_t from)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(run->s);
	for (size_t k = from; k < run->n_runs; k++) {
		const struct written *x = &run->runs[k];
		struct mtkfw_range rg = {x->part, x->offset, x->length};
		uint8_t sha[32];
		int r = mtkfw_hash_range(run->s, &rg, sha, NULL, NULL);
		mtkfw_set_step(ctx, "verify"); /* a failure is the verification's */
		if (r)
			return r;
		if (memcmp(sha, x->sha256, 32))
			return mtkfw_fail(
				ctx, MTKFW_E_MISMATCH,
				"verify: %s+0x%llx (%llu bytes) reads back different from "
				"what was written",
				mtkfw_part_name(x->part), (unsigned long long)x->offset,
				(unsigned long long)x->length);
	}
	return 0;
}

static int run_step(struct run *run, size_t i)
{
	const struct mtkfw_plan_step *st = mtkfw_plan_step(run->p, i);
	struct mtkfw_range rg = {st->part, st->offset, st->length};
	size_t before = run->n_runs;
	int r;
	switch (st->kind) {
	case MTKFW_STEP_BACKUP:
		return strcmp(st->name, MTKFW_STEP_CHANGED) ? step_backup(run) : step_changed(run);
	case MTKFW_STEP_ERASE:
		run->erased += st->length;
		return mtkfw_format_range(run->s, &rg, run->o->progress, run->o->user);
	case MTKFW_STEP_WRITE:
		r = step_write(run, i);
		return !r && run->o->verify ? verify_runs(run, before) : r;
	case MTKFW_STEP_PMT:
		return step_pmt(run, st);
	case MTKFW_STEP_RESTORE:
		return step_restore(run, st);
	case MTKFW_STEP_CHECK:
		return step_check(run, st);
	}
	return 0;
}

/* Open the journal: the interrupted run's (resuming), or a new one holding the plan. */
static int open_journal(struct run *run)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(run->s);
	const struct mtkfw_plan *p = run->p;
	char id[65];
	run->j->at_step = SIZE_MAX;
	journal_path(run->s, run->o->store, run->journal, sizeof(run->journal));
	if (mtkfw_plan_resumed(p))
		return journal_read(ctx, run->journal, run->j);
	mtkfw_plan_package_id(run->rep, id);
	return journal_create(ctx, run->journal, mtkfw_pkg_path(mtkfw_report_package(run->rep)), id,
			      mtkfw_plan_mode(p), p->steps, p->n);
}

/* Each step in order, journalled as it ends; those the interrupted run finished are skipped. */
static int run_steps(struct run *run)
{
	const struct mtkfw_flash_opts *o = run->o;
	size_t n = mtkfw_plan_count(run->p);
	int r = 0;
	for (size_t i = 0; !r && i < n; i++) {
		const struct mtkfw_plan_step *st = mtkfw_plan_step(run->p, i);
		bool skip = run->j->done[i] && st->kind != MTKFW_STEP_BACKUP;
		if (o->step_cb)
			o->step_cb(o->user, i, n, st, skip ? "skipped" : "start");
		if (skip)
			continue;
		if ((r = run_step(run, i)) != 0) {
			if (o->step_cb)
				o->step_cb(o->user, i, n, st, "failed");
			break;
		}
		journal_line(run->journal, "done %zu\n", i);
		if (o->step_cb)
			o->step_cb(o->user, i, n, st, "done");
	}
	return r;
}

int mtkfw_flash_run(struct mtkfw_session *s, const struct mtkfw_layout *l,
		    const struct mtkfw_report *rep, const struct mtkfw_plan *p,
		    const struct mtkfw_flash_opts *o, struct mtkfw_flash_result *res)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	struct run *run = calloc(1, sizeof(*run));
	struct journal *j = calloc(1, sizeof(*j));
	int r = run && j ? 0 : mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	if (!r) {
		*run = (struct run){.s = s, .l = l, .rep = rep, .p = p, .o = o, .j = j};
		r = open_journal(run);
	}
	if (!r)
		r = run_steps(run);
	if (!r)
		r = mended(run);
	if (!r) {
		unlink(run->journal);
		if (mtkfw_plan_mode(p) != MTKFW_FLASH_DOWNLOAD && run->have_backup)
			record_moves(run);
	}
	if (res && run) {
		res->sent = run->sent;
		res->erased = run->erased;
		res->skipped = run->skipped;
		res->have_backup = run->have_backup;
		snprintf(res->backup_dir, sizeof(res->backup_dir), "%s",
			 run->have_backup ? run->backup.dir : "");
	}
	if (run)
		free(run->runs);
	free(run);
	free(j);
	return r;
}
