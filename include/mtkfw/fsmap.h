/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Which bytes of a partition its filesystem uses. A full backup reads those
 * and leaves the filesystem's free space out (restored as zeros): its time
 * and size follow the data, not the eMMC's capacity. ext2/3/4 through
 * libext2fs (block bitmaps), FAT16/FAT32 from the first FAT. Anything not
 * recognised with certainty is "no map": every byte is read.
 */
#ifndef MTKFW_FSMAP_H
#define MTKFW_FSMAP_H

#include <stddef.h>
#include <stdint.h>

#include "mtkfw/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Free runs shorter than this are read anyway: fewer, longer reads. */
#define MTKFW_FSMAP_MIN_GAP (1u << 20)

/** A byte range inside a partition. */
struct mtkfw_span {
	uint64_t offset, length;
};

/** What a filesystem uses: sorted, disjoint extents covering metadata and data. */
struct mtkfw_fsmap {
	const char *fs; /**< "ext4" (any ext2/3/4), "fat16", "fat32" */
	struct mtkfw_span *ext;
	size_t n, cap;
	uint64_t used; /**< sum of the extents' lengths */
};

/** Read len bytes at offset of the partition into buf; 0 or an MTKFW_E_* code. */
typedef int (*mtkfw_read_at_cb)(void *user, uint64_t offset, void *buf, size_t len);

/**
 * Map the filesystem at the start of a partition of len bytes, reading
 * through read. 0 with a map; MTKFW_E_FORMAT when there is no filesystem it
 * is sure of (the caller reads everything); a read's own error otherwise.
 * Bytes beyond the filesystem's end count as used. Free with mtkfw_fsmap_free.
 */
int mtkfw_fsmap_build(struct mtkfw_ctx *ctx, mtkfw_read_at_cb read, void *user, uint64_t len,
		      struct mtkfw_fsmap *out);

/**
 * Append a used range at or after the last one, merged with it when the gap
 * is below MTKFW_FSMAP_MIN_GAP. 0 or MTKFW_E_NO_MEM (nothing reported).
 */
int mtkfw_fsmap_add(struct mtkfw_fsmap *m, uint64_t off, uint64_t len);

/**
 * The parts of a's extents that lie inside the n sorted, disjoint spans of
 * within, exactly (nothing merged across a gap), into out (fs kept). 0 or
 * MTKFW_E_NO_MEM (nothing reported, out empty). Free with mtkfw_fsmap_free.
 */
int mtkfw_fsmap_clip(const struct mtkfw_fsmap *a, const struct mtkfw_span *within, size_t n,
		     struct mtkfw_fsmap *out);

/**
 * Append a range at or after the last one, joined with it only where the two
 * touch or overlap (no gap merged). 0 or MTKFW_E_NO_MEM (nothing reported).
 */
int mtkfw_fsmap_append(struct mtkfw_fsmap *m, uint64_t off, uint64_t len);

/**
 * The extents of a and b together, in order, merged across gaps below
 * MTKFW_FSMAP_MIN_GAP as mtkfw_fsmap_add does, into out (a's fs kept). 0 or
 * MTKFW_E_NO_MEM (nothing reported, out empty). Free with mtkfw_fsmap_free.
 */
int mtkfw_fsmap_union(const struct mtkfw_fsmap *a, const struct mtkfw_fsmap *b,
		      struct mtkfw_fsmap *out);

/**
 * The parts of a's extents outside every extent of b, exactly, into out (a's fs
 * kept). 0 or MTKFW_E_NO_MEM (nothing reported, out empty). Free with
 * mtkfw_fsmap_free.
 */
int mtkfw_fsmap_minus(const struct mtkfw_fsmap *a, const struct mtkfw_fsmap *b,
		      struct mtkfw_fsmap *out);

/** Release a map (safe on a zeroed one). */
void mtkfw_fsmap_free(struct mtkfw_fsmap *m);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_FSMAP_H */
