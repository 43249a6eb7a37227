/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * On-flash layout structures the host writes itself: the PMT blocks near the
 * end of the user area and the EMMC_BOOT/BRLYT header in front of the
 * preloader in boot1 (FORMATS.md c.3, d.1). The values marked uncertain are
 * not confirmed on a real dump: they live here only.
 */
#ifndef MTKFW_LAYOUT_H
#define MTKFW_LAYOUT_H

#include "mtkfw/scatter.h"

#define MTKFW_PMT_FROM_END   0x700000u	 /* pt_start = user size - 1 MiB - 6 MiB (uncertain) */
#define MTKFW_PMT_BLOCK	     4096u	 /* main copy, mirror right after it */
#define MTKFW_PMT_SIG_MAIN   0x50547631u /* "PTv1" as a little-endian u32 (uncertain) */
#define MTKFW_PMT_SIG_MIRROR 0x4D505431u /* "MPT1" */
#define MTKFW_PMT_ENTRY	     88		 /* name[64] size offset mask, little-endian */
#define MTKFW_PMT_MAX	     40
#define MTKFW_BOOT_HEADER    0x800u /* GFH image offset behind EMMC_BOOT (typical) */

/** The linear address of the user area's first byte: the first non-boot, non-reserved row. */
uint64_t layout_user_base(const struct mtkfw_scatter *sc);

/** Bytes the reserved tail rows (0xFFFFnnnn) take from the end of the user area. */
uint64_t layout_reserved_tail(const struct mtkfw_scatter *sc);

/** Fill one PMT block (main or mirror) for the scatter's rows on a user area of user bytes. */
void layout_pmt_block(const struct mtkfw_scatter *sc, uint64_t user, bool mirror, uint8_t *blk);

/** The EMMC_BOOT + BRLYT header that precedes the preloader in boot1. */
void layout_boot_header(uint8_t *h);

#endif
