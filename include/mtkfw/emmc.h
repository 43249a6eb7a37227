/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Byte ranges of a connected phone's eMMC: reading them into files (zero
 * blocks as holes, optionally only given extents), hashing, erasing, small
 * reads into memory, and which bytes of the user area the filesystems use.
 * Where partitions are is layout.h's, flashing flash.h's, backups backup.h's.
 */
#ifndef MTKFW_EMMC_H
#define MTKFW_EMMC_H

#include "mtkfw/fsmap.h"
#include "mtkfw/session.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A byte range of one eMMC area. */
struct mtkfw_range {
	enum mtkfw_emmc_part part;
	uint64_t offset, length;
};

/** What a readback produced. */
struct mtkfw_readback_result {
	uint64_t bytes;		 /**< bytes read */
	uint64_t zero_bytes;	 /**< of which in all-zero 4 KiB blocks, left as holes */
	uint64_t skipped_bytes;	 /**< of those, not read at all (outside the extents) */
	uint8_t read_sha256[32]; /**< with extents: of the bytes read only, in order */
	uint8_t sha256[32];	 /**< of all bytes read */
};

/**
 * Read a range into a file: all-zero 4 KiB blocks become holes (time and disk
 * in proportion to the data), written under a temporary name, fsync'd and
 * renamed: an interrupted readback never leaves a complete-looking file.
 */
int mtkfw_readback_file(struct mtkfw_session *s, const struct mtkfw_range *r, const char *path,
			mtkfw_progress_cb progress, void *user, struct mtkfw_readback_result *res);

/**
 * The same, reading only the given extents (offsets relative to the range,
 * sorted, disjoint; a filesystem's used bytes, mtkfw/fsmap.h): the bytes
 * between them are not read and count as zeros, in the hash and the file.
 */
int mtkfw_readback_file_extents(struct mtkfw_session *s, const struct mtkfw_range *r,
				const struct mtkfw_span *ext, size_t n_ext, const char *path,
				mtkfw_progress_cb progress, void *user,
				struct mtkfw_readback_result *res);

/** SHA-256 of a range of the phone's eMMC. */
int mtkfw_hash_range(struct mtkfw_session *s, const struct mtkfw_range *r, uint8_t sha256[32],
		     mtkfw_progress_cb progress, void *user);

/**
 * With extents: SHA-256 of the bytes read only (what mtkfw_readback_file_extents
 * gives as read_sha256); without: of the whole range.
 */
int mtkfw_hash_range_extents(struct mtkfw_session *s, const struct mtkfw_range *r,
			     const struct mtkfw_span *ext, size_t n_ext, uint8_t sha256[32],
			     mtkfw_progress_cb progress, void *user);

struct mtkfw_layout;

/** One read the mapping of the user area made: a backup compares it with its own read. */
struct mtkfw_map_read {
	uint64_t offset, length; /**< user-area bytes */
	uint8_t sha256[32];	 /**< of the bytes as that read returned them */
	const char *name;	 /**< the partition being mapped (the layout's string) */
};

/** What a full backup knows of the user area before reading it (mtkfw_user_used_spans). */
struct mtkfw_user_map {
	struct mtkfw_fsmap used; /**< read by a full backup: all but filesystems' free space */
	struct mtkfw_fsmap unformatted; /**< partitions meant only for a filesystem (system, cache,
					     user data, internal storage) that hold none; in used */
	struct mtkfw_map_read *reads;	/**< what the mapping read, in its order; in used */
	size_t n_reads, cap_reads;
};

/**
 * Map the user area for a full backup: used is everything except the free
 * space of the filesystems in the layout's partitions (identity partitions
 * always whole), the bytes the mapping itself read included; the bytes left
 * out are the area's size minus used.used. Free with mtkfw_user_map_free.
 */
int mtkfw_user_used_spans(struct mtkfw_session *s, const struct mtkfw_layout *l,
			  struct mtkfw_user_map *out);

/** Release a user-area map (safe on a zeroed one). */
void mtkfw_user_map_free(struct mtkfw_user_map *m);

/**
 * What the filesystem in one partition (range pr, named name in the log) uses, offsets relative
 * to the partition: 0 with a map, MTKFW_E_FORMAT when it holds no filesystem mtkfw/fsmap.h is
 * sure of (read it whole), a read's error otherwise. Free out with mtkfw_fsmap_free.
 */
int mtkfw_partition_used_spans(struct mtkfw_session *s, const struct mtkfw_range *pr,
			       const char *name, struct mtkfw_fsmap *out);

/** Read a range (small: metadata, headers) into buf, which holds r->length bytes. */
int mtkfw_read_mem(struct mtkfw_session *s, const struct mtkfw_range *r, void *buf);

/**
 * Erase a range (no safety rules here: the CLI and the planner apply them).
 * What it leaves is the phone's: zeros on most eMMCs, 0xFF on others
 * (mtkfw_da_erase_fill).
 */
int mtkfw_format_range(struct mtkfw_session *s, const struct mtkfw_range *r,
		       mtkfw_progress_cb progress, void *user);

/**
 * Zeros over a range the quick way where this phone allows it: an erase, when
 * the range is at least 1 MiB of whole sectors and the phone's erase leaves
 * zeros (not yet known this session: erased, then read back). *erased false:
 * the caller writes the zeros (nothing was done, or the erase left another value).
 */
int mtkfw_erase_to_zeros(struct mtkfw_session *s, const struct mtkfw_range *r, bool *erased);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_EMMC_H */
