/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A package member as extents of the image the phone will hold (mtkfw/image_source.h). */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "mtkfw/image_source.h"

struct mtkfw_image_source {
	struct mtkfw_ctx *ctx;
	struct mtkfw_pkg *pkg;
	size_t member;
	struct mtkfw_stream *s;
	const uint8_t *first; /* the first chunk, still valid until the stream moves on */
	size_t first_n;
	bool sparse, used;
	uint64_t size, file_size;
};

/* A sparse header at the start: the expanded size, from the decoder's own parse. */
static int sparse_size(struct mtkfw_image_source *src)
{
	struct mtkfw_sparse_dec *d;
	if (mtkfw_sparse_dec_new(&d, NULL, NULL))
		return mtkfw_fail(src->ctx, MTKFW_E_NO_MEM, "out of memory");
	int r = mtkfw_sparse_dec_feed(d, src->first, src->first_n);
	const struct mtkfw_sparse_header *h = mtkfw_sparse_dec_header(d);
	if (!r && h)
		src->size = (uint64_t)h->blk_sz * h->total_blks;
	else
		r = mtkfw_fail(src->ctx, MTKFW_E_FORMAT, "%s: %s",
			       mtkfw_pkg_entry(src->pkg, src->member)->path,
			       r ? mtkfw_sparse_dec_error(d) : "the sparse header is cut short");
	mtkfw_sparse_dec_free(d);
	return r;
}

int mtkfw_image_source_open(struct mtkfw_ctx *ctx, struct mtkfw_pkg *pkg, size_t member,
			    struct mtkfw_image_source **out)
{
	struct mtkfw_image_source *src = calloc(1, sizeof(*src));
	const struct mtkfw_pkg_entry *e = mtkfw_pkg_entry(pkg, member);
	if (!src || !e) {
		free(src);
		return mtkfw_fail(ctx, src ? MTKFW_E_INVALID_PARAM : MTKFW_E_NO_MEM,
				  src ? "no member %zu in the package" : "out of memory", member);
	}
	*src = (struct mtkfw_image_source){.ctx = ctx, .pkg = pkg, .member = member};
	int r = mtkfw_pkg_open_entry(ctx, pkg, member, &src->s);
	int got = r ? 0 : mtkfw_stream_next(src->s, &src->first, &src->first_n);
	if (!r && got < 0)
		r = got;
	src->sparse = !r && mtkfw_sparse_detect(src->first, src->first_n);
	src->file_size = e->size;
	if (!r && src->sparse)
		r = sparse_size(src);
	else if (!r && !e->size_known)
		r = mtkfw_fail(ctx, MTKFW_E_UNSUPPORTED, "%s: the archive does not say its size",
			       e->path);
	else
		src->size = e->size;
	if (r) {
		mtkfw_image_source_close(src);
		return r;
	}
	*out = src;
	return 0;
}

uint64_t mtkfw_image_source_size(const struct mtkfw_image_source *src)
{
	return src->size;
}

bool mtkfw_image_source_sparse(const struct mtkfw_image_source *src)
{
	return src->sparse;
}

/* One chunk of a raw image: a DATA piece of the one run that is the whole image. */
static int raw_piece(struct mtkfw_image_source *src, uint64_t at, const uint8_t *p, size_t n,
		     mtkfw_extent_cb cb, void *user)
{
	struct mtkfw_extent x = {.kind = MTKFW_EXTENT_DATA,
				 .offset = at,
				 .length = n,
				 .data = p,
				 .run_offset = 0,
				 .run_length = src->size};
	return n ? cb(user, &x) : 0;
}

int mtkfw_image_source_extents(struct mtkfw_image_source *src, mtkfw_extent_cb cb, void *user,
			       mtkfw_progress_cb progress, void *puser)
{
	struct mtkfw_sparse_dec *d = NULL;
	const uint8_t *p = src->first;
	size_t n = src->first_n;
	uint64_t read = 0;
	int r = src->used ? mtkfw_fail(src->ctx, MTKFW_E_INVALID_PARAM,
				       "an image source is read once")
			  : 0;
	src->used = true;
	if (!r && src->sparse && mtkfw_sparse_dec_new(&d, cb, user))
		r = mtkfw_fail(src->ctx, MTKFW_E_NO_MEM, "out of memory");
	while (!r) {
		if (!src->sparse && read + n > src->size)
			n = (size_t)(src->size - read); /* never more than announced */
		r = d ? mtkfw_sparse_dec_feed(d, p, n) : raw_piece(src, read, p, n, cb, user);
		read += n;
		if (!r && progress)
			progress(puser, read, src->file_size);
		if (r || (!d && read >= src->size))
			break;
		int got = mtkfw_stream_next(src->s, &p, &n);
		if (got <= 0) {
			r = got;
			break;
		}
	}
	if (!r && !d && read < src->size)
		r = mtkfw_fail(src->ctx, MTKFW_E_FORMAT, "%s ends after %llu of its %llu bytes",
			       mtkfw_pkg_entry(src->pkg, src->member)->path,
			       (unsigned long long)read, (unsigned long long)src->size);
	if (!r && d)
		r = mtkfw_sparse_dec_finish(d);
	if (r == MTKFW_E_FORMAT && d)
		r = mtkfw_fail(src->ctx, MTKFW_E_FORMAT, "%s: %s",
			       mtkfw_pkg_entry(src->pkg, src->member)->path,
			       mtkfw_sparse_dec_error(d));
	mtkfw_sparse_dec_free(d);
	return r;
}

void mtkfw_image_source_close(struct mtkfw_image_source *src)
{
	if (!src)
		return;
	mtkfw_stream_close(src->s);
	free(src);
}
