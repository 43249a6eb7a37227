/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The image-source seam: a package member as the phone will hold it. Raw and
 * Android sparse images alike come out as extents {offset, length, data |
 * fill | don't care} of the expanded image (mtkfw/sparse.h), with the
 * expanded size known before anything is written. Whoever writes an image
 * writes extents and never asks what kind of file they came from: the source
 * decides that once, when it opens, with mtkfw_sparse_detect().
 */
#ifndef MTKFW_IMAGE_SOURCE_H
#define MTKFW_IMAGE_SOURCE_H

#include "mtkfw/package.h"
#include "mtkfw/sparse.h"

#ifdef __cplusplus
extern "C" {
#endif

struct mtkfw_image_source;

/**
 * Open a member of pkg and look at its first bytes: a sparse header gives
 * the expanded size; anything else is a raw image of the member's size.
 * MTKFW_E_UNSUPPORTED for a raw member whose size the archive does not say.
 */
int mtkfw_image_source_open(struct mtkfw_ctx *ctx, struct mtkfw_pkg *pkg, size_t member,
			    struct mtkfw_image_source **out);

/** Bytes the image takes once written. */
uint64_t mtkfw_image_source_size(const struct mtkfw_image_source *src);

/** True for an Android sparse image. */
bool mtkfw_image_source_sparse(const struct mtkfw_image_source *src);

/**
 * Deliver the image's extents in order to cb: a raw image as DATA pieces of
 * one run (the whole image), a sparse one chunk by chunk. progress (may be
 * NULL) gets the member's bytes read and its size. A source is read once.
 * Returns 0, cb's non-zero value, or an error (a malformed sparse image:
 * MTKFW_E_FORMAT naming the member and what is wrong).
 */
int mtkfw_image_source_extents(struct mtkfw_image_source *src, mtkfw_extent_cb cb, void *user,
			       mtkfw_progress_cb progress, void *puser);

/** Close; NULL is accepted. */
void mtkfw_image_source_close(struct mtkfw_image_source *src);

/*
 * Random reads of a member's expanded image, for readers that jump (a
 * filesystem lookup) over a member that can only be streamed (an archive, a
 * sparse image). A read of bytes not held yet is noted and fails; a fetch
 * then streams the member once, from its start to the last byte noted,
 * keeping what was noted and a little after it. The reader runs again until
 * nothing is missing. Memory stays below the cap given at open. A folder's
 * member is read in place instead (no pass, nothing streamed).
 */
struct mtkfw_image_view;

/** A view of a member, holding at most cap bytes. Close with mtkfw_image_view_close. */
int mtkfw_image_view_open(struct mtkfw_ctx *ctx, struct mtkfw_pkg *pkg, size_t member, size_t cap,
			  struct mtkfw_image_view **out);

/** The expanded image's size. */
uint64_t mtkfw_image_view_size(const struct mtkfw_image_view *v);

/**
 * A mtkfw_read_at_cb (user: the view): the bytes when held, else
 * MTKFW_E_NOT_FOUND and the range noted for the next fetch.
 */
int mtkfw_image_view_read(void *v, uint64_t offset, void *buf, size_t len);

/** True when a read since the last fetch missed. */
bool mtkfw_image_view_missed(const struct mtkfw_image_view *v);

/**
 * Stream the member once and keep what was missed. 0; MTKFW_E_TOO_LARGE when
 * the cap would be passed; a read or format error of the member.
 */
int mtkfw_image_view_fetch(struct mtkfw_image_view *v);

/** The member's bytes streamed by all fetches so far (its stored, not expanded, bytes). */
uint64_t mtkfw_image_view_streamed(const struct mtkfw_image_view *v);

/** Close; NULL is accepted. */
void mtkfw_image_view_close(struct mtkfw_image_view *v);

/*
 * A local image file, raw or Android sparse, read at any offset of the image
 * it expands to, without expanding it: a sparse file's chunk headers are
 * indexed once (its data is skipped over, not read), then each read goes to
 * the bytes that hold it. For `mtkfw image ls/cat/get` on a system.img.
 */
struct mtkfw_image_file;

/** Open path; MTKFW_E_FORMAT (named) for a malformed sparse file. */
int mtkfw_image_file_open(struct mtkfw_ctx *ctx, const char *path, struct mtkfw_image_file **out);

/** The expanded image's size. */
uint64_t mtkfw_image_file_size(const struct mtkfw_image_file *f);

/** True for an Android sparse file. */
bool mtkfw_image_file_sparse(const struct mtkfw_image_file *f);

/** A mtkfw_read_at_cb (user: the file): don't-care runs read as zeros. */
int mtkfw_image_file_read(void *f, uint64_t offset, void *buf, size_t len);

/**
 * Write the expanded image to out (a new file, through a temporary name):
 * data copied, fills written, don't-care and zero fills left as holes.
 * Memory stays bounded whatever the size.
 */
int mtkfw_image_file_expand(struct mtkfw_image_file *f, const char *out);

/** Close; NULL is accepted. */
void mtkfw_image_file_close(struct mtkfw_image_file *f);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_IMAGE_SOURCE_H */
