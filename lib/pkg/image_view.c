/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Random reads over a streamed member (mtkfw/image_source.h): the image is
 * held as 64 KiB windows, kept sorted by index. A read that touches a
 * window not held notes it (and the windows of read-ahead after it) and
 * fails; a fetch streams the member's extents once, up to the last noted
 * window, and keeps the noted ones. A filesystem lookup needs a handful of
 * passes (superblock, group descriptors, inode table, directory, file),
 * each stopping at the highest byte it needs. A folder's member is a file
 * that can seek: it is read in place (mtkfw_image_file), nothing streamed.
 */
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "internal.h"
#include "mtkfw/image_source.h"

#define WIN	  (64u * 1024)
#define READAHEAD 4u /* windows noted after each missed one */
#define STOP	  1  /* the extent callback's "enough" */

struct window {
	uint64_t idx;
	uint8_t *data; /* NULL while only noted */
};

struct mtkfw_image_view {
	struct mtkfw_ctx *ctx;
	struct mtkfw_pkg *pkg;
	size_t member, cap, held;
	uint64_t size, streamed, pass_streamed, last_noted;
	struct window *w; /* sorted by idx */
	size_t n, alloc;
	bool missed;
	struct mtkfw_image_file *file; /* a folder's member, read in place */
};

int mtkfw_image_view_open(struct mtkfw_ctx *ctx, struct mtkfw_pkg *pkg, size_t member, size_t cap,
			  struct mtkfw_image_view **out)
{
	struct mtkfw_image_source *src = NULL;
	char *local = mtkfw_pkg_local_path(pkg, member);
	struct mtkfw_image_file *file = NULL;
	int r = local ? mtkfw_image_file_open(ctx, local, &file)
		      : mtkfw_image_source_open(ctx, pkg, member, &src);
	struct mtkfw_image_view *v = r ? NULL : calloc(1, sizeof(*v));
	if (!r && !v)
		r = mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	if (!r) {
		*v = (struct mtkfw_image_view){
			.ctx = ctx, .pkg = pkg, .member = member, .cap = cap};
		v->size = file ? mtkfw_image_file_size(file) : mtkfw_image_source_size(src);
		v->file = file;
		file = NULL;
		*out = v;
	}
	mtkfw_image_file_close(file);
	mtkfw_image_source_close(src);
	free(local);
	return r;
}

uint64_t mtkfw_image_view_size(const struct mtkfw_image_view *v)
{
	return v->size;
}

bool mtkfw_image_view_missed(const struct mtkfw_image_view *v)
{
	return v->missed;
}

uint64_t mtkfw_image_view_streamed(const struct mtkfw_image_view *v)
{
	return v->streamed;
}

/* The position of window idx in v->w, or where it would go. */
static size_t find(const struct mtkfw_image_view *v, uint64_t idx)
{
	size_t lo = 0, hi = v->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v->w[mid].idx < idx)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Note window idx as wanted (nothing when held or noted); false when out of memory. */
static bool note(struct mtkfw_image_view *v, uint64_t idx)
{
	size_t at = find(v, idx);
	if (at < v->n && v->w[at].idx == idx)
		return true;
	if (v->n == v->alloc) {
		size_t na = v->alloc ? v->alloc * 2 : 64;
		struct window *nw = realloc(v->w, na * sizeof(*nw));
		if (!nw)
			return false;
		v->w = nw;
		v->alloc = na;
	}
	memmove(v->w + at + 1, v->w + at, (v->n - at) * sizeof(*v->w));
	v->w[at] = (struct window){idx, NULL};
	v->n++;
	v->last_noted = idx > v->last_noted ? idx : v->last_noted;
	return true;
}

int mtkfw_image_view_read(void *user, uint64_t off, void *buf, size_t len)
{
	struct mtkfw_image_view *v = user;
	if (off > v->size || len > v->size - off)
		return MTKFW_E_FORMAT;
	if (v->file)
		return mtkfw_image_file_read(v->file, off, buf, len);
	if (!len)
		return 0;
	uint64_t first = off / WIN, last = (off + len - 1) / WIN;
	bool held = true;
	for (uint64_t i = first; i <= last; i++) {
		size_t at = find(v, i);
		if (at < v->n && v->w[at].idx == i && v->w[at].data)
			continue;
		held = false;
		v->missed = true;
		for (uint64_t j = i; j <= i + READAHEAD && j * WIN < v->size; j++)
			if (!note(v, j))
				return MTKFW_E_NO_MEM;
	}
	if (!held)
		return MTKFW_E_NOT_FOUND;
	for (uint64_t i = first; i <= last; i++) {
		const struct window *w = &v->w[find(v, i)];
		uint64_t ws = i * WIN, s = off > ws ? off - ws : 0;
		uint64_t e = off + len < ws + WIN ? off + len - ws : WIN;
		memcpy((uint8_t *)buf + (ws + s - off), w->data + s, (size_t)(e - s));
	}
	return 0;
}

/* Copy an extent's bytes into the noted windows it covers. */
static int keep(void *user, const struct mtkfw_extent *e)
{
	struct mtkfw_image_view *v = user;
	if (e->offset / WIN > v->last_noted)
		return STOP;
	uint64_t end = e->offset + e->length;
	for (size_t at = find(v, e->offset / WIN); at < v->n && v->w[at].idx * WIN < end; at++) {
		struct window *w = &v->w[at];
		if (!w->data) {
			if (v->held + WIN > v->cap)
				return MTKFW_E_TOO_LARGE;
			if (!(w->data = calloc(1, WIN))) /* don't-care bytes read as zeros */
				return MTKFW_E_NO_MEM;
			v->held += WIN;
		}
		uint64_t ws = w->idx * WIN, s = e->offset > ws ? e->offset : ws;
		uint64_t t = end < ws + WIN ? end : ws + WIN;
		if (e->kind == MTKFW_EXTENT_DATA)
			memcpy(w->data + (s - ws), e->data + (s - e->offset), (size_t)(t - s));
		else if (e->kind == MTKFW_EXTENT_FILL)
			for (uint64_t b = s; b < t; b++)
				w->data[b - ws] = mtkfw_fill_byte(e->fill, b);
	}
	return 0;
}

/* How far the pass has streamed the member. */
static int count(void *user, uint64_t done, uint64_t total)
{
	(void)total;
	((struct mtkfw_image_view *)user)->pass_streamed = done;
	return 0;
}

int mtkfw_image_view_fetch(struct mtkfw_image_view *v)
{
	struct mtkfw_image_source *src = NULL;
	int r = mtkfw_image_source_open(v->ctx, v->pkg, v->member, &src);
	v->pass_streamed = 0;
	if (!r)
		r = mtkfw_image_source_extents(src, keep, v, count, v);
	mtkfw_image_source_close(src);
	v->streamed += v->pass_streamed;
	v->missed = false;
	size_t kept = 0; /* what the stream did not reach (past its end) is not noted any more */
	for (size_t i = 0; i < v->n; i++)
		if (v->w[i].data)
			v->w[kept++] = v->w[i];
	v->n = kept;
	v->last_noted = 0;
	if (r == STOP)
		return 0;
	if (r == MTKFW_E_TOO_LARGE)
		return mtkfw_fail(v->ctx, r, "%s: a lookup would hold more than %zu bytes of it",
				  mtkfw_pkg_entry(v->pkg, v->member)->path, v->cap);
	return r == MTKFW_E_NO_MEM ? mtkfw_fail(v->ctx, r, "out of memory") : r;
}

void mtkfw_image_view_close(struct mtkfw_image_view *v)
{
	if (!v)
		return;
	mtkfw_image_file_close(v->file);
	for (size_t i = 0; i < v->n; i++)
		free(v->w[i].data);
	free(v->w);
	free(v);
}
