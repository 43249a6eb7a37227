/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Writing backed-up ranges back: each file's hash is checked before anything
 * is written, data runs are written and holes (zeros) erased where the
 * phone's erase leaves zeros or written as zeros, and the range is verified
 * by hash afterwards. Idempotent: an interrupted restore is simply run again.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "internal.h"
#include "mtkfw/backup.h"
#include "mtkfw/layout.h"
#include "mtkfw/pmt.h"
#include "store.h"

#define IO_BLOCK	 (1u << 20)
#define VERIFY_WHOLE_MAX (64u << 20) /* up to this, every byte is read back after writing */

struct writer {
	struct mtkfw_session *s;
	int fd;
	uint8_t *buf;
	const struct mtkfw_range *to;
	uint64_t len; /* bytes of the file that fit the target */
	mtkfw_progress_cb progress;
	void *user;
	struct mtkfw_fsmap data; /* the data runs written, for the verification */
};

/* Write [off, off+n) of the file (data) to the same offset of the target. */
static int put_data(struct writer *w, uint64_t off, uint64_t n)
{
	struct mtkfw_da *da = mtkfw_session_da(w->s);
	uint64_t len = (n + 511) / 512 * 512;
	int r = mtkfw_da_write_begin(da, w->to->part, w->to->offset + off, len);
	for (uint64_t done = 0; !r && done < n;) {
		size_t k = n - done < IO_BLOCK ? (size_t)(n - done) : IO_BLOCK;
		ssize_t got = pread(w->fd, w->buf, k, (off_t)(off + done));
		if (got <= 0)
			return mtkfw_fail(mtkfw_session_ctx(w->s), MTKFW_E_IO,
					  "backup read failed");
		r = mtkfw_da_write_push(da, w->buf, (size_t)got);
		done += (uint64_t)got;
		if (w->progress)
			w->progress(w->user, off + done, w->len);
	}
	return r ? r : mtkfw_da_write_end(da, NULL);
}

/* Zeros over [off, off+n): erased where that leaves zeros (mtkfw_erase_to_zeros), else written. */
static int put_zeros(struct writer *w, uint64_t off, uint64_t n)
{
	struct mtkfw_range r = {w->to->part, w->to->offset + off, n};
	bool erased;
	int rc = mtkfw_erase_to_zeros(w->s, &r, &erased);
	if (rc || erased)
		return rc;
	struct mtkfw_da *da = mtkfw_session_da(w->s);
	memset(w->buf, 0, IO_BLOCK);
	rc = mtkfw_da_write_begin(da, r.part, r.offset, (n + 511) / 512 * 512);
	for (uint64_t done = 0; !rc && done < n; done += IO_BLOCK)
		rc = mtkfw_da_write_push(da, w->buf,
					 n - done < IO_BLOCK ? (size_t)(n - done) : IO_BLOCK);
	return rc ? rc : mtkfw_da_write_end(da, NULL);
}

/* One run of the file onto the phone; data runs are remembered for the verification. */
static int put_run(void *user, uint64_t off, uint64_t len, bool data)
{
	struct writer *w = user;
	if (!len)
		return 0;
	if (!data)
		return put_zeros(w, off, len);
	int r = put_data(w, off, len);
	if (!r && mtkfw_fsmap_add(&w->data, off, len))
		r = mtkfw_fail(mtkfw_session_ctx(w->s), MTKFW_E_NO_MEM, "out of memory");
	return r;
}

/* SHA-256 of the file's bytes in the data runs, in order (what the phone must hold there). */
static int file_runs_sha(struct writer *w, uint8_t sha[32])
{
	int r = store_file_spans_sha(w->fd, w->data.ext, w->data.n, sha);
	return r ? mtkfw_fail(mtkfw_session_ctx(w->s), r, "cannot hash the backup file") : 0;
}

/*
 * Read back what was written. Up to VERIFY_WHOLE_MAX (identity partitions,
 * tables) every byte, against the manifest's hash; a bigger file (a full
 * backup's user area) in its data runs only, against the file: its zero runs
 * rest on the writes' checks, or on erases this phone was seen to leave zeros
 * with (mtkfw_erase_to_zeros), so the time follows the data.
 */
static int verify_written(struct writer *w, const struct mtkfw_backup_file *f)
{
	struct mtkfw_range written = {w->to->part, w->to->offset, f->length};
	uint8_t sha[32], want[32];
	int r;
	if (f->length <= VERIFY_WHOLE_MAX) {
		r = mtkfw_hash_range(w->s, &written, sha, NULL, NULL);
		memcpy(want, f->sha256, 32);
	} else if (!w->data.n) {
		return 0; /* all erased */
	} else if (!(r = file_runs_sha(w, want))) {
		r = mtkfw_hash_range_extents(w->s, &written, w->data.ext, w->data.n, sha, NULL,
					     NULL);
	}
	if (!r && memcmp(sha, want, 32))
		r = mtkfw_fail(mtkfw_session_ctx(w->s), MTKFW_E_IDENTITY,
			       "%s: after writing, the phone's data differs from the file "
			       "(the eMMC did not keep what was written)",
			       f->name);
	return r;
}

/* Write the file at path, described by f (length, SHA-256), at to; verified after. */
static int write_file(struct mtkfw_session *s, const char *path, const struct mtkfw_backup_file *f,
		      const struct mtkfw_range *to, mtkfw_progress_cb progress, void *user)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	if (f->length > to->length)
		return mtkfw_fail(ctx, MTKFW_E_TOO_LARGE,
				  "%s: %llu bytes but its place on the phone has only %llu",
				  f->name, (unsigned long long)f->length,
				  (unsigned long long)to->length);
	struct writer w = {.s = s, .to = to, .len = f->length, .progress = progress, .user = user};
	w.fd = open(path, O_RDONLY | O_CLOEXEC);
	w.buf = malloc(IO_BLOCK);
	int r = w.fd < 0 || !w.buf ? mtkfw_fail(ctx, MTKFW_E_IO, "cannot read %s: %s", path,
						mtkfw_errno_text(errno))
				   : 0;
	if (!r)
		r = store_file_runs(w.fd, w.len, put_run, &w);
	if (!r)
		r = verify_written(&w, f);
	if (w.fd >= 0)
		close(w.fd);
	free(w.buf);
	mtkfw_fsmap_free(&w.data);
	return r;
}

int mtkfw_backup_write_file(struct mtkfw_session *s, const struct mtkfw_backup *b,
			    const struct mtkfw_backup_file *f, const struct mtkfw_range *to,
			    mtkfw_progress_cb progress, void *user)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s/%s", b->dir, f->file);
	mtkfw_set_step(mtkfw_session_ctx(s), "restore");
	return write_file(s, path, f, to, progress, user);
}

int mtkfw_write_file_to(struct mtkfw_session *s, const char *path, const struct mtkfw_range *to,
			mtkfw_progress_cb progress, void *user)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	struct mtkfw_backup_file f = {.part = to->part, .offset = to->offset};
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	off_t end = fd < 0 ? -1 : lseek(fd, 0, SEEK_END);
	struct mtkfw_span all = {0, end > 0 ? (uint64_t)end : 0};
	if (fd < 0 || end < 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return mtkfw_fail(ctx, MTKFW_E_IO, "cannot read %s: %s", path, mtkfw_errno_text(e));
	}
	/* the whole file's hash is what the read-back compares with, up to VERIFY_WHOLE_MAX;
	 * past it the data runs are compared (verify_written) and this hash is not needed */
	int r = all.length <= VERIFY_WHOLE_MAX ? store_file_spans_sha(fd, &all, 1, f.sha256) : 0;
	close(fd);
	if (r == MTKFW_E_NO_MEM)
		return mtkfw_fail(ctx, r, "out of memory");
	if (r)
		return mtkfw_fail(ctx, r, "cannot read %s", path);
	f.length = all.length;
	snprintf(f.name, sizeof(f.name), "%s", path);
	mtkfw_set_step(ctx, "write");
	return write_file(s, path, &f, to, progress, user);
}

/*
 * Where a saved file goes now (docs/backup.md): a partition where the layout
 * in force has it, and nowhere when it has none; a whole area and a range
 * where they were; the PMT blocks where the PMT sits.
 */
static int target(struct mtkfw_ctx *ctx, const struct mtkfw_layout *l,
		  const struct mtkfw_backup_file *f, struct mtkfw_range *to)
{
	switch (f->what) {
	case MTKFW_SAVED_PMT:
		*to = (struct mtkfw_range){MTKFW_PART_USER, mtkfw_pmt_blocks_at(l->user_size),
					   f->length};
		return to->offset
			       ? 0
			       : mtkfw_fail(
					 ctx, MTKFW_E_TOO_LARGE,
					 "%s: this user area (0x%llx bytes) has no room for a PMT",
					 f->name, (unsigned long long)l->user_size);
	case MTKFW_SAVED_AREA:
	case MTKFW_SAVED_RANGE:
		*to = (struct mtkfw_range){f->part, f->offset, f->length};
		return 0;
	default:
		if (!mtkfw_layout_range(ctx, l, f->name, to))
			return 0;
		return mtkfw_fail_prefix(ctx,
					 "%s was saved as a partition and goes back only where "
					 "the phone's layout puts it",
					 f->name);
	}
}

/*
 * Is the file restored into an identity partition that partition's own
 * backup, from this phone (or its former eMMC, other_device)? A file saved as
 * that partition; or a whole area or a range whose backup recorded the
 * partition at the very place the layout in force has it.
 */
static bool own_backup(const struct mtkfw_backup *b, const struct mtkfw_backup_file *f,
		       const struct mtkfw_claim *id, bool own_phone)
{
	uint64_t base = mtkfw_backup_user_base(b);
	if (!own_phone)
		return false;
	if (f->what == MTKFW_SAVED_PARTITION)
		return mtkfw_strieq(f->name, id->name);
	if ((f->what != MTKFW_SAVED_AREA && f->what != MTKFW_SAVED_RANGE) ||
	    id->r.part != MTKFW_PART_USER || f->part != MTKFW_PART_USER)
		return false;
	for (size_t i = 0; i < b->n_pmt; i++)
		if (mtkfw_strieq(b->pmt[i].name, id->name))
			return b->pmt[i].offset >= base && b->pmt[i].offset - base == id->r.offset;
	return false;
}

/* One file's place, refused when it would put foreign bytes into an identity partition. */
static int place(struct mtkfw_ctx *ctx, const struct mtkfw_layout *l,
		 const struct mtkfw_backup_file *f, const struct mtkfw_restore_opts *o,
		 struct mtkfw_range *to)
{
	char hits[200];
	int r = target(ctx, l, f, to);
	if (r || f->what != MTKFW_SAVED_RANGE || o->write_identity)
		return r;
	mtkfw_layout_identity_hits(l, to, hits, sizeof(hits));
	if (!*hits)
		return 0;
	return mtkfw_fail(
		ctx, MTKFW_E_IDENTITY,
		"%s saved the range %s+0x%llx (0x%llx bytes) as it was, and the phone's "
		"layout now puts %s there: restoring it would write other bytes over this "
		"phone's identity. Refused; nothing was written (--write-identity "
		"overrides, and the identity check afterwards still says what changed)",
		f->name, mtkfw_part_name(to->part), (unsigned long long)to->offset,
		(unsigned long long)to->length, hits);
}

/* The identity partitions of l that the restore put back from their own backup, into out. */
static void put_back(const struct mtkfw_layout *l, const struct mtkfw_backup *b,
		     const struct mtkfw_range *to, const bool *chosen, bool own_phone, char *out,
		     size_t n)
{
	out[0] = 0;
	for (size_t k = 0; k < l->n_identity; k++) {
		const struct mtkfw_claim *id = &l->identity[k];
		bool own = false;
		for (size_t i = 0; i < b->n_files && !own; i++) {
			const struct mtkfw_range *t = &to[i];
			own = chosen[i] && t->part == id->r.part && t->offset <= id->r.offset &&
			      id->r.offset + id->r.length <= t->offset + t->length &&
			      own_backup(b, &b->files[i], id, own_phone);
		}
		if (own) {
			size_t k2 = strlen(out);
			snprintf(out + k2, n - k2, "%s%s", k2 ? "," : "", id->name);
		}
	}
}

int mtkfw_backup_restore(struct mtkfw_session *s, const struct mtkfw_layout *l,
			 const struct mtkfw_backup *b, const struct mtkfw_restore_opts *o,
			 struct mtkfw_restore_result *res)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	struct mtkfw_range to[MTKFW_ARRAY_SIZE(b->files)], touch[MTKFW_ARRAY_SIZE(b->files)];
	bool chosen[MTKFW_ARRAY_SIZE(b->files)] = {0};
	size_t n = 0;
	char cid[33];
	bool own_phone = mtkfw_backup_same_phone(b, s);
	memset(res, 0, sizeof(*res));
	mtkfw_session_cid_hex(s, cid);
	mtkfw_set_step(ctx, "restore");
	if (!own_phone && !o->other_device)
		return mtkfw_fail(
			ctx, MTKFW_E_IDENTITY,
			"%s is a backup of another phone (CID %s, this one %s): writing it "
			"would give this phone another phone's IMEI and calibration, which "
			"is illegal in many countries and breaks its radio. Refused "
			"(--force-other-device overrides)",
			b->dir, b->cid, cid);
	int r = mtkfw_layout_may_write(ctx, l, "restore");
	if (!r)
		r = mtkfw_backup_verify(ctx, b, NULL, NULL);
	for (size_t i = 0; !r && i < b->n_files; i++) /* every place settled before a write */
		if ((chosen[i] = !o->only || mtkfw_in_list(o->only, b->files[i].name)) &&
		    !(r = place(ctx, l, &b->files[i], o, &to[i])))
			touch[n++] = to[i];
	struct mtkfw_backup *guard = r ? NULL : malloc(sizeof(*guard));
	if (!r && !guard)
		r = mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	if (!r)
		r = mtkfw_identity_guard(s, l, o->store, touch, n, guard, o->progress, o->user);
	if (!r)
		snprintf(res->guard, sizeof(res->guard), "%s", guard->dir);
	for (size_t i = 0; !r && i < b->n_files; i++)
		if (chosen[i])
			r = mtkfw_backup_write_file(s, b, &b->files[i], &to[i], o->progress,
						    o->user);
	if (!r) { /* what the restore did not put back from its own backup is as it was */
		put_back(l, b, to, chosen, own_phone || o->other_device, res->written,
			 sizeof(res->written));
		r = mtkfw_identity_check(s, l, guard, res->written);
	}
	free(guard);
	return r;
}
