/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Streaming Android sparse image decoder.
 *
 * Why not Debian's android-libsparse: its reader needs a seekable file
 * descriptor, and mtkfw streams images straight out of ZIP/7z members. This
 * decoder takes the bytes as they come and turns them into extents
 * {offset, length, data | fill | don't care}, the "image source" shape the
 * flash code writes, without ever holding a whole chunk.
 */
#ifndef MTKFW_SPARSE_H
#define MTKFW_SPARSE_H

#include "mtkfw/core.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MTKFW_SPARSE_MAGIC 0xED26FF3Au

/**
 * Do the first n bytes of a file start an Android sparse image (its magic)?
 * The one test of "is this sparse": the image source, the image file, image
 * identification and the decoder all ask it.
 */
bool mtkfw_sparse_detect(const void *head, size_t n);

/** What an extent holds. */
enum mtkfw_extent_kind {
	MTKFW_EXTENT_DATA = 0, /**< bytes in data[0..length) */
	MTKFW_EXTENT_FILL,     /**< the 32-bit little-endian pattern fill, repeated */
	MTKFW_EXTENT_SKIP,     /**< don't care: leave the target as it is */
};

/** A run of the expanded image. */
struct mtkfw_extent {
	enum mtkfw_extent_kind kind;
	uint64_t offset; /**< byte offset in the expanded image */
	uint64_t length;
	const uint8_t *data; /**< DATA only; valid during the callback; NULL when skipped */
	uint32_t fill;	     /**< FILL only */
	uint64_t run_offset; /**< the chunk this extent belongs to: DATA comes in pieces */
	uint64_t run_length;
	uint64_t source; /**< DATA only: where its bytes start in the sparse file */
};

/**
 * The byte at offset (of the expanded image) of a FILL run: fill chunks start
 * on a block boundary, so the pattern's phase is the offset's.
 */
static inline uint8_t mtkfw_fill_byte(uint32_t fill, uint64_t offset)
{
	return (uint8_t)(fill >> (8 * (offset % 4)));
}

/** Receives extents in order; a non-zero return stops decoding and is returned. */
typedef int (*mtkfw_extent_cb)(void *user, const struct mtkfw_extent *e);

/** The sparse file header. */
struct mtkfw_sparse_header {
	uint16_t major, minor, file_hdr_sz, chunk_hdr_sz;
	uint32_t blk_sz, total_blks, total_chunks, checksum;
};

struct mtkfw_sparse_dec;

/** New decoder delivering extents to cb (which may be NULL to only validate). */
int mtkfw_sparse_dec_new(struct mtkfw_sparse_dec **out, mtkfw_extent_cb cb, void *user);

/**
 * Feed the next bytes. Returns 0; MTKFW_E_FORMAT on malformed data
 * (mtkfw_sparse_dec_error() says what); or the callback's non-zero value.
 */
int mtkfw_sparse_dec_feed(struct mtkfw_sparse_dec *d, const void *buf, size_t len);

/**
 * Bytes of a RAW chunk's body the decoder waits for next (0 when it waits
 * for anything else): a reader of a seekable file may skip them.
 */
uint64_t mtkfw_sparse_dec_raw_pending(const struct mtkfw_sparse_dec *d);

/**
 * Pass over n (at most the pending) bytes of a RAW body without reading
 * them: the callback gets a DATA extent whose data is NULL and whose source
 * says where they lie in the file. 0 or the callback's value.
 */
int mtkfw_sparse_dec_skip(struct mtkfw_sparse_dec *d, uint64_t n);

/** End of input: MTKFW_E_FORMAT if the image is truncated. */
int mtkfw_sparse_dec_finish(struct mtkfw_sparse_dec *d);

/** Header, once at least its bytes were fed (NULL before). */
const struct mtkfw_sparse_header *mtkfw_sparse_dec_header(const struct mtkfw_sparse_dec *d);

/** Sentence describing the last failure. */
const char *mtkfw_sparse_dec_error(const struct mtkfw_sparse_dec *d);

/** Chunk counters so far: raw, fill, don't care, crc. */
void mtkfw_sparse_dec_counts(const struct mtkfw_sparse_dec *d, uint32_t counts[4]);

/** Free a decoder; NULL is accepted. */
void mtkfw_sparse_dec_free(struct mtkfw_sparse_dec *d);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_SPARSE_H */
