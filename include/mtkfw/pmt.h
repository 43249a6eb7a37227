/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The PMT, MediaTek's partition management table on MT6572-era eMMC phones
 * (docs/formats.md, "PMT"): what the DA's READ_PMT command returns, and the
 * two 4 KiB blocks near the end of the user area that hold it. One codec for
 * both directions; the values no real dump has confirmed yet are the
 * MTKFW_PMT_* constants below, and nowhere else.
 */
#ifndef MTKFW_PMT_H
#define MTKFW_PMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MTKFW_PMT_MAX	     128	 /**< entries accepted from a DA */
#define MTKFW_PMT_BLOCK_MAX  40		 /**< pt_resident[PART_MAX_COUNT] of an on-flash block */
#define MTKFW_PMT_BLOCK	     4096u	 /**< one copy; the mirror follows it */
#define MTKFW_PMT_FROM_END   0x700000u	 /**< main copy at user size - 7 MiB (uncertain) */
#define MTKFW_PMT_SIG_MAIN   0x50547631u /**< "PTv1" as a little-endian u32 (uncertain) */
#define MTKFW_PMT_SIG_MIRROR 0x4D505431u /**< "MPT1" */
#define MTKFW_PMT_NAME	     64		 /**< name field bytes, NUL-terminated */
#define MTKFW_PMT_ALIGN	     512u	 /**< partitions start on a sector */

/** The entry layouts seen in the wild. */
enum mtkfw_pmt_form {
	MTKFW_PMT_FORM_NONE = 0,
	MTKFW_PMT_FORM_88 = 88, /**< name[64], size, offset, mask_flags (MediaTek pt_resident) */
	MTKFW_PMT_FORM_96 = 96, /**< name[64], size @0x40, mask @0x48, offset @0x50, pad */
};

/**
 * One partition. offset is a linear address (mtkfw_pmt_user_base() says where
 * the user area starts in that space); a reserved-tail row's is computed from
 * the 0xFFFFnnnn value the table holds (table_offset), as a scatter's is.
 */
struct mtkfw_pmt_entry {
	char name[MTKFW_PMT_NAME + 1];
	uint64_t size, offset, mask;
	uint64_t table_offset; /**< the offset as the table wrote it */
	bool reserved;	       /**< a reserved-tail row (otp, bmtpool): placed back from the end */
	bool grown;	       /**< the last partition, sized 0 or grown past the others: clipped */
};

/** What a PMT said, once checked. */
enum mtkfw_pmt_state {
	MTKFW_PMT_EMPTY = 0,  /**< no entries: a blank or wiped table */
	MTKFW_PMT_OK,	      /**< one entry layout fits every check */
	MTKFW_PMT_UNREADABLE, /**< bytes that pass neither layout's checks: never acted on */
};

/** A decoded table: entries sorted by offset, or the reason none can be trusted. */
struct mtkfw_pmt {
	enum mtkfw_pmt_state state;
	enum mtkfw_pmt_form form;
	bool was_sorted; /**< the entries arrived in address order */
	size_t n;
	struct mtkfw_pmt_entry e[MTKFW_PMT_MAX];
	char why[320]; /**< UNREADABLE: what failed, for each layout */
};

/**
 * Decode the entries a DA returns. A layout is accepted when every entry has a
 * NUL-terminated name of letters, digits, _ and - (no duplicates, in any
 * case), a non-zero size and a sector-aligned offset, the entries do not
 * overlap, and (with user_size > 0) each lies inside the boot area before the
 * MBR entry or inside the user area after it. As MT6572 kernels write the
 * table (docs/formats.md): names may be lowercase; reserved-tail rows carry
 * 0xFFFFnnnn instead of an address and are placed back from the end of the
 * user area by the scatter's rule (known user_size only); the last partition
 * before them may be sized 0 or grown to (or past) the end, and is then
 * clipped to the user area and the reserved rows (grown). Trailing all-zero
 * entries are ignored. Never fails: the verdict is out->state, with out->why
 * for an unreadable table.
 */
void mtkfw_pmt_decode(const uint8_t *buf, size_t len, uint64_t user_size, struct mtkfw_pmt *out);

/**
 * Decode one on-flash block (signature, "1.0", 88-byte entries up to the
 * first empty one). A block without either signature is EMPTY when it is all
 * zeros and UNREADABLE otherwise.
 */
void mtkfw_pmt_decode_block(const uint8_t blk[MTKFW_PMT_BLOCK], uint64_t user_size,
			    struct mtkfw_pmt *out);

/** Write n entries (at most MTKFW_PMT_BLOCK_MAX) as the main or mirror block. */
void mtkfw_pmt_encode_block(const struct mtkfw_pmt_entry *e, size_t n, bool mirror,
			    uint8_t blk[MTKFW_PMT_BLOCK]);

/**
 * The linear address of the user area's first byte in a decoded table: its
 * MBR entry's offset, 0 without one. The one place that says which address
 * space PMT offsets are in (linear, as a scatter's: uncertain, since the
 * kernel's /proc/dumchar_info lists user-area offsets; docs/formats.md).
 */
uint64_t mtkfw_pmt_user_base(const struct mtkfw_pmt *p);

/**
 * Where the two PMT blocks (main, then mirror) sit: the user-area offset of
 * the main block on a user area of user_size bytes, 0 when it is too small.
 * The one place that says it (MTKFW_PMT_FROM_END, uncertain); they take
 * 2 * MTKFW_PMT_BLOCK bytes.
 */
uint64_t mtkfw_pmt_blocks_at(uint64_t user_size);

/** The entry named name (case-insensitive), or NULL. */
const struct mtkfw_pmt_entry *mtkfw_pmt_find(const struct mtkfw_pmt *p, const char *name);

/** "88-byte entries", "0x60-byte entries", or "-". */
const char *mtkfw_pmt_form_name(enum mtkfw_pmt_form f);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_PMT_H */
