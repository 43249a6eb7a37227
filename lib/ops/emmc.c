/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Byte ranges of the eMMC: readback into files, hashing, erase, small reads (mtkfw/emmc.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "digest.h"
#include "internal.h"
#include "mtkfw/fsmap.h"
#include "mtkfw/emmc.h"

#define HOLE_BLOCK 4096
#define ERASE_MIN  (1u << 20) /* zero runs this big are erased (where that leaves zeros) */

/* Check a range against the area before any byte moves. */
static int in_area(struct mtkfw_session *s, const struct mtkfw_range *r)
{
	uint64_t area = mtkfw_da_part_size(mtkfw_session_da(s), r->part);
	if (!r->length || r->offset > area || r->length > area - r->offset)
		return mtkfw_fail(mtkfw_session_ctx(s), MTKFW_E_INVALID_PARAM,
				  "range 0x%llx+0x%llx does not fit the %s area (0x%llx bytes)",
				  (unsigned long long)r->offset, (unsigned long long)r->length,
				  mtkfw_part_name(r->part), (unsigned long long)area);
	return 0;
}

struct rb {
	int fd;
	uint64_t pos;
	struct digest *md;  /* every byte of the range, zeros between extents included; or NULL */
	struct digest *mdr; /* only the bytes read; or NULL */
	struct mtkfw_readback_result *res;
	int write_errno; /* why a write failed, kept before anything else can change errno */
};

static bool zero_block(const uint8_t *p, size_t n)
{
	return p[0] == 0 && !memcmp(p, p + 1, n - 1);
}

/* Write a run of data blocks in one call. */
static int put_run(struct rb *b, const uint8_t *d, size_t n, uint64_t at)
{
	ssize_t w = n ? pwrite(b->fd, d, n, (off_t)at) : 0;
	if (w == (ssize_t)n)
		return 0;
	b->write_errno = w < 0 ? errno : ENOSPC; /* a short write: the disk is full */
	return MTKFW_E_IO;
}

/* Hash everything; write runs of non-zero blocks, leave zero blocks as holes. */
static int rb_sink(void *user, const uint8_t *d, size_t n)
{
	struct rb *b = user;
	size_t run = 0; /* start of the pending run of data blocks */
	int r = 0;
	if ((b->md && !digest_update(b->md, d, n)) || (b->mdr && !digest_update(b->mdr, d, n)))
		return MTKFW_E_NO_MEM;
	for (size_t off = 0; b->fd >= 0 && !r && off < n; off += HOLE_BLOCK) {
		size_t k = n - off < HOLE_BLOCK ? n - off : HOLE_BLOCK;
		if (zero_block(d + off, k)) {
			b->res->zero_bytes += k;
			r = put_run(b, d + run, off - run, b->pos + run);
			run = off + k;
		}
	}
	if (b->fd >= 0 && !r)
		r = put_run(b, d + run, n - run, b->pos + run);
	b->pos += n;
	b->res->bytes += n;
	return r;
}

/* Bytes not read (outside the extents): hashed as zeros, left as holes. */
static int rb_skip(struct rb *b, uint64_t n)
{
	static const uint8_t zeros[1 << 16];
	for (uint64_t left = b->md ? n : 0; left;) {
		size_t k = left < sizeof(zeros) ? (size_t)left : sizeof(zeros);
		if (!digest_update(b->md, zeros, k))
			return MTKFW_E_NO_MEM;
		left -= k;
	}
	b->pos += n;
	b->res->bytes += n;
	b->res->zero_bytes += n;
	b->res->skipped_bytes += n;
	return 0;
}

/* Progress of one extent's read as progress of the whole range. */
struct rb_progress {
	mtkfw_progress_cb cb;
	void *user;
	uint64_t base, total;
};

static int rb_progress(void *user, uint64_t done, uint64_t total)
{
	struct rb_progress *p = user;
	(void)total;
	return p->cb(p->user, p->base + done, p->total);
}

/* The extents, checked: sorted, disjoint, inside the range. */
static int check_extents(struct mtkfw_ctx *ctx, const struct mtkfw_range *r,
			 const struct mtkfw_span *ext, size_t n)
{
	uint64_t end = 0;
	for (size_t i = 0; i < n; i++) {
		if (ext[i].offset < end || ext[i].offset > r->length ||
		    ext[i].length > r->length - ext[i].offset)
			return mtkfw_fail(ctx, MTKFW_E_INVALID_PARAM,
					  "extent %zu (0x%llx+0x%llx) is out of order or outside "
					  "the range of 0x%llx bytes",
					  i, (unsigned long long)ext[i].offset,
					  (unsigned long long)ext[i].length,
					  (unsigned long long)r->length);
		end = ext[i].offset + ext[i].length;
	}
	return 0;
}

/* A SHA-256 context, or NULL when not wanted or out of memory (*bad set). */
static struct digest *new_md(bool want, bool *bad)
{
	struct digest *m = want ? digest_new(DIGEST_SHA256) : NULL;
	if (want && !m)
		*bad = true;
	return m;
}

/*
 * Read the extents of a range (all of it when ext is NULL) through rb_sink;
 * fd < 0 only hashes. res->sha256: every byte of the range (when whole);
 * res->read_sha256: only the bytes read (when read_only).
 */
static int read_range(struct mtkfw_session *s, const struct mtkfw_range *r,
		      const struct mtkfw_span *ext, size_t n_ext, int fd, bool whole,
		      bool read_only, mtkfw_progress_cb progress, void *user,
		      struct mtkfw_readback_result *res)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	bool bad = false;
	struct rb b = {.fd = fd, .res = res};
	struct mtkfw_span all = {0, r->length};
	struct rb_progress p = {progress, user, 0, r->length};
	memset(res, 0, sizeof(*res));
	if (!ext) {
		ext = &all;
		n_ext = 1;
	}
	b.md = new_md(whole, &bad);
	b.mdr = new_md(read_only, &bad);
	int rc = in_area(s, r);
	if (!rc)
		rc = check_extents(ctx, r, ext, n_ext);
	if (!rc && bad)
		rc = mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	for (size_t i = 0; !rc && i <= n_ext; i++) {
		uint64_t at = i < n_ext ? ext[i].offset : r->length;
		rc = rb_skip(&b, at - b.pos);
		if (rc || i == n_ext || !ext[i].length)
			continue;
		p.base = at;
		rc = mtkfw_da_read(mtkfw_session_da(s), r->part, r->offset + at, ext[i].length,
				   rb_sink, &b, progress ? rb_progress : NULL, &p);
	}
	if (rc == MTKFW_E_IO && b.write_errno) /* else the link's own I/O error */
		rc = mtkfw_fail(ctx, MTKFW_E_IO, "cannot write the readback: %s",
				mtkfw_errno_text(b.write_errno));
	else if (rc == MTKFW_E_NO_MEM)
		rc = mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	if (!rc && ((b.md && !digest_final(b.md, res->sha256)) ||
		    (b.mdr && !digest_final(b.mdr, res->read_sha256))))
		rc = mtkfw_fail(ctx, MTKFW_E_NO_MEM, "SHA-256 failed");
	digest_free(b.md);
	digest_free(b.mdr);
	return rc;
}

int mtkfw_readback_file(struct mtkfw_session *s, const struct mtkfw_range *r, const char *path,
			mtkfw_progress_cb progress, void *user, struct mtkfw_readback_result *res)
{
	return mtkfw_readback_file_extents(s, r, NULL, 0, path, progress, user, res);
}

int mtkfw_readback_file_extents(struct mtkfw_session *s, const struct mtkfw_range *r,
				const struct mtkfw_span *ext, size_t n_ext, const char *path,
				mtkfw_progress_cb progress, void *user,
				struct mtkfw_readback_result *res)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	char *tmp = mtkfw_asprintf("%s.part", path);
	if (!tmp)
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644), rc;
	if (fd < 0) {
		rc = mtkfw_fail(ctx, MTKFW_E_IO, "cannot create %s: %s", tmp,
				mtkfw_errno_text(errno));
		free(tmp);
		return rc;
	}
	rc = read_range(s, r, ext, n_ext, fd, true, ext != NULL, progress, user, res);
	if (!rc && (ftruncate(fd, (off_t)r->length) || fsync(fd)))
		rc = mtkfw_fail(ctx, MTKFW_E_IO, "cannot finish %s: %s", tmp,
				mtkfw_errno_text(errno));
	if (close(fd) && !rc)
		rc = mtkfw_fail(ctx, MTKFW_E_IO, "cannot close %s: %s", tmp,
				mtkfw_errno_text(errno));
	if (!rc && rename(tmp, path))
		rc = mtkfw_fail(ctx, MTKFW_E_IO, "cannot rename %s: %s", tmp,
				mtkfw_errno_text(errno));
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc;
}

int mtkfw_hash_range(struct mtkfw_session *s, const struct mtkfw_range *r, uint8_t sha256[32],
		     mtkfw_progress_cb progress, void *user)
{
	return mtkfw_hash_range_extents(s, r, NULL, 0, sha256, progress, user);
}

int mtkfw_hash_range_extents(struct mtkfw_session *s, const struct mtkfw_range *r,
			     const struct mtkfw_span *ext, size_t n_ext, uint8_t sha256[32],
			     mtkfw_progress_cb progress, void *user)
{
	struct mtkfw_readback_result res;
	int rc = read_range(s, r, ext, n_ext, -1, !ext, ext != NULL, progress, user, &res);
	if (!rc)
		memcpy(sha256, ext ? res.read_sha256 : res.sha256, 32);
	return rc;
}

struct mem {
	uint8_t *p;
	size_t n, cap;
};

static int mem_sink(void *user, const uint8_t *d, size_t n)
{
	struct mem *m = user;
	if (n > m->cap - m->n)
		return MTKFW_E_TOO_LARGE;
	memcpy(m->p + m->n, d, n);
	m->n += n;
	return 0;
}

int mtkfw_read_mem(struct mtkfw_session *s, const struct mtkfw_range *r, void *buf)
{
	struct mem m = {buf, 0, (size_t)r->length};
	int rc = r->length > SIZE_MAX ? MTKFW_E_TOO_LARGE : in_area(s, r);
	return rc ? rc
		  : mtkfw_da_read(mtkfw_session_da(s), r->part, r->offset, r->length, mem_sink, &m,
				  NULL, NULL);
}

/* A cancel is heard between pieces this big: under a second at 50 MB/s, a slow eMMC's erase. */
#define ERASE_PIECE (32ull << 20)

/* Progress over the pieces of one erase. */
struct pieces {
	mtkfw_progress_cb progress;
	void *user;
	uint64_t base, total;
};

static int piece_progress(void *user, uint64_t done, uint64_t total)
{
	const struct pieces *p = user;
	(void)total;
	return p->progress ? p->progress(p->user, p->base + done, p->total) : 0;
}

int mtkfw_format_range(struct mtkfw_session *s, const struct mtkfw_range *r,
		       mtkfw_progress_cb progress, void *user)
{
	struct mtkfw_da *da = mtkfw_session_da(s);
	struct pieces p = {progress, user, 0, r->length};
	int rc = in_area(s, r);
	while (!rc && p.base < r->length) {
		uint64_t n = r->length - p.base < ERASE_PIECE ? r->length - p.base : ERASE_PIECE;
		if (p.base && (rc = mtkfw_da_cancelled(da, "erase")))
			break;
		rc = mtkfw_da_format(da, r->part, r->offset + p.base, n, piece_progress, &p);
		p.base += n;
	}
	return rc;
}

int mtkfw_erase_to_zeros(struct mtkfw_session *s, const struct mtkfw_range *r, bool *erased)
{
	struct mtkfw_da *da = mtkfw_session_da(s);
	int fill = mtkfw_da_erase_fill(da);
	*erased = false;
	if (r->length < ERASE_MIN || r->offset % MTKFW_SECTOR || r->length % MTKFW_SECTOR ||
	    (fill != 0 && fill != MTKFW_ERASE_UNKNOWN))
		return 0;
	int rc = mtkfw_format_range(s, r, NULL, NULL);
	*erased = !rc && mtkfw_da_erase_fill(da) == 0;
	return rc;
}
