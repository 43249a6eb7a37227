/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Random reads of a local raw or sparse image (mtkfw/image_source.h). A
 * sparse file is walked once with the streaming decoder, fed only the
 * header bytes: each RAW body is skipped (mtkfw_sparse_dec_skip), so the
 * index {expanded offset, length, kind, file offset | fill} costs a read
 * per chunk, not per byte. Reads then binary-search the index.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytes.h"
#include "internal.h"
#include "mtkfw/image_source.h"

#define HEAD_READ 4096u
#define COPY_BUF  (1u << 20)

struct run {
	uint64_t off, len, src; /* src: DATA's offset in the file */
	uint32_t fill;
	enum mtkfw_extent_kind kind;
};

struct mtkfw_image_file {
	struct mtkfw_ctx *ctx;
	int fd;
	bool sparse;
	uint64_t size;
	struct run *runs;
	size_t n, cap;
};

/* Append an extent to the index, merged with the previous run when it continues it. */
static int index_extent(void *user, const struct mtkfw_extent *e)
{
	struct mtkfw_image_file *f = user;
	struct run *last = f->n ? &f->runs[f->n - 1] : NULL;
	if (last && e->kind == MTKFW_EXTENT_DATA && last->kind == MTKFW_EXTENT_DATA &&
	    last->off + last->len == e->offset && last->src + last->len == e->source) {
		last->len += e->length;
		return 0;
	}
	if (f->n == f->cap) {
		size_t nc = f->cap ? f->cap * 2 : 64;
		struct run *nr = realloc(f->runs, nc * sizeof(*nr));
		if (!nr)
			return MTKFW_E_NO_MEM;
		f->runs = nr;
		f->cap = nc;
	}
	f->runs[f->n++] = (struct run){e->offset, e->length, e->source, e->fill, e->kind};
	return 0;
}

/* Index a sparse file's chunks, skipping their data. */
static int index_sparse(struct mtkfw_image_file *f, const char *path)
{
	struct mtkfw_sparse_dec *d = NULL;
	uint8_t buf[HEAD_READ];
	uint64_t pos = 0;
	int r = mtkfw_sparse_dec_new(&d, index_extent, f) ? MTKFW_E_NO_MEM : 0;
	while (!r) {
		uint64_t pending = mtkfw_sparse_dec_raw_pending(d);
		if (pending) {
			r = mtkfw_sparse_dec_skip(d, pending);
			pos += pending;
			continue;
		}
		ssize_t n = pread(f->fd, buf, sizeof(buf), (off_t)pos);
		if (n < 0)
			r = mtkfw_fail(f->ctx, MTKFW_E_IO, "%s: %s", path, mtkfw_errno_text(errno));
		if (n <= 0)
			break;
		r = mtkfw_sparse_dec_feed(d, buf, (size_t)n);
		pos += (uint64_t)n;
	}
	if (!r)
		r = mtkfw_sparse_dec_finish(d);
	if (r == MTKFW_E_FORMAT)
		r = mtkfw_fail(f->ctx, r, "%s: %s", path, mtkfw_sparse_dec_error(d));
	else if (r == MTKFW_E_NO_MEM)
		r = mtkfw_fail(f->ctx, r, "out of memory");
	if (!r) {
		const struct mtkfw_sparse_header *h = mtkfw_sparse_dec_header(d);
		f->size = (uint64_t)h->total_blks * h->blk_sz;
	}
	mtkfw_sparse_dec_free(d);
	return r;
}

int mtkfw_image_file_open(struct mtkfw_ctx *ctx, const char *path, struct mtkfw_image_file **out)
{
	struct mtkfw_image_file *f = calloc(1, sizeof(*f));
	if (!f)
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	f->ctx = ctx;
	f->fd = open(path, O_RDONLY | O_CLOEXEC);
	uint8_t magic[4] = {0};
	int r = 0;
	if (f->fd < 0)
		r = mtkfw_fail(ctx, errno == ENOENT ? MTKFW_E_NOT_FOUND : MTKFW_E_IO,
			       "cannot open %s: %s", path, mtkfw_errno_text(errno));
	off_t end = r ? -1 : lseek(f->fd, 0, SEEK_END);
	if (!r && end < 0)
		r = mtkfw_fail(ctx, MTKFW_E_IO, "%s: %s", path, mtkfw_errno_text(errno));
	if (!r && pread(f->fd, magic, 4, 0) == 4 && mtkfw_sparse_detect(magic, sizeof(magic))) {
		f->sparse = true;
		r = index_sparse(f, path);
	} else if (!r) {
		f->size = (uint64_t)end;
	}
	if (r) {
		mtkfw_image_file_close(f);
		return r;
	}
	*out = f;
	return 0;
}

uint64_t mtkfw_image_file_size(const struct mtkfw_image_file *f)
{
	return f->size;
}

bool mtkfw_image_file_sparse(const struct mtkfw_image_file *f)
{
	return f->sparse;
}

/* The run holding offset off (the runs cover the image in order). */
static size_t run_at(const struct mtkfw_image_file *f, uint64_t off)
{
	size_t lo = 0, hi = f->n;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->runs[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* n bytes of the file at src, whole. */
static int pread_all(const struct mtkfw_image_file *f, uint8_t *buf, size_t n, uint64_t src)
{
	while (n) {
		ssize_t got = pread(f->fd, buf, n, (off_t)src);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return mtkfw_fail(f->ctx, MTKFW_E_IO, "image file: read at %llu: %s",
					  (unsigned long long)src,
					  got ? mtkfw_errno_text(errno) : "short");
		buf += got;
		n -= (size_t)got;
		src += (uint64_t)got;
	}
	return 0;
}

int mtkfw_image_file_read(void *user, uint64_t off, void *out, size_t len)
{
	struct mtkfw_image_file *f = user;
	uint8_t *buf = out;
	if (off > f->size || len > f->size - off)
		return MTKFW_E_FORMAT;
	if (!f->sparse)
		return pread_all(f, buf, len, off);
	for (size_t i = len ? run_at(f, off) : 0; len && i < f->n; i++) {
		const struct run *r = &f->runs[i];
		uint64_t in = off - r->off, k = r->len - in < len ? r->len - in : len;
		int rc = 0;
		if (r->kind == MTKFW_EXTENT_DATA)
			rc = pread_all(f, buf, (size_t)k, r->src + in);
		else if (r->kind == MTKFW_EXTENT_FILL)
			for (uint64_t b = 0; b < k; b++)
				buf[b] = mtkfw_fill_byte(r->fill, r->off + in + b);
		else
			memset(buf, 0, (size_t)k);
		if (rc)
			return rc;
		buf += k;
		off += k;
		len -= (size_t)k;
	}
	return len ? MTKFW_E_FORMAT : 0;
}

/* Write one run of the index at its place in fd (a hole for zeros). */
static int expand_run(struct mtkfw_image_file *f, const struct run *r, int fd, uint8_t *buf)
{
	if (r->kind == MTKFW_EXTENT_SKIP || (r->kind == MTKFW_EXTENT_FILL && !r->fill))
		return 0;
	for (uint64_t done = 0; done < r->len;) {
		size_t n = r->len - done < COPY_BUF ? (size_t)(r->len - done) : COPY_BUF;
		int rc = mtkfw_image_file_read(f, r->off + done, buf, n);
		if (rc)
			return rc;
		if (pwrite(fd, buf, n, (off_t)(r->off + done)) != (ssize_t)n)
			return mtkfw_fail(f->ctx, MTKFW_E_IO, "cannot write: %s",
					  mtkfw_errno_text(errno));
		done += n;
	}
	return 0;
}

int mtkfw_image_file_expand(struct mtkfw_image_file *f, const char *out)
{
	char *tmp = mtkfw_asprintf("%s.mtkfw-tmp", out);
	uint8_t *buf = malloc(COPY_BUF);
	int fd = tmp ? open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : -1;
	int r = !tmp || !buf ? mtkfw_fail(f->ctx, MTKFW_E_NO_MEM, "out of memory")
		: fd < 0     ? mtkfw_fail(f->ctx, MTKFW_E_IO, "cannot create %s: %s", tmp,
					  mtkfw_errno_text(errno))
			     : 0;
	struct run whole = {0, f->size, 0, 0, MTKFW_EXTENT_DATA};
	for (size_t i = 0; !r && i < (f->sparse ? f->n : 1); i++)
		r = expand_run(f, f->sparse ? &f->runs[i] : &whole, fd, buf);
	if (!r && ftruncate(fd, (off_t)f->size))
		r = mtkfw_fail(f->ctx, MTKFW_E_IO, "cannot size %s: %s", tmp,
			       mtkfw_errno_text(errno));
	if (fd >= 0 && close(fd) && !r)
		r = mtkfw_fail(f->ctx, MTKFW_E_IO, "cannot write %s: %s", tmp,
			       mtkfw_errno_text(errno));
	if (!r && rename(tmp, out))
		r = mtkfw_fail(f->ctx, MTKFW_E_IO, "cannot rename %s to %s: %s", tmp, out,
			       mtkfw_errno_text(errno));
	if (r && tmp)
		unlink(tmp);
	free(tmp);
	free(buf);
	return r;
}

void mtkfw_image_file_close(struct mtkfw_image_file *f)
{
	if (!f)
		return;
	if (f->fd >= 0)
		close(f->fd);
	free(f->runs);
	free(f);
}
