/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * On-flash structures the host writes from a package (onflash.c): the PMT
 * entries a scatter gives (encoded into blocks by lib/proto/pmt.c) and the
 * EMMC_BOOT/BRLYT header in front of the preloader in boot1 (docs/formats.md).
 */
#ifndef MTKFW_ONFLASH_H
#define MTKFW_ONFLASH_H

#include "internal.h"
#include "mtkfw/pmt.h"
#include "mtkfw/scatter.h"

#define MTKFW_BOOT_HEADER 0x800u /* GFH image offset behind EMMC_BOOT (typical) */

/**
 * The PMT entries for the scatter's rows on a user area of user bytes, in
 * scatter order; the row without a size ("the rest of the device") stretches
 * to the reserved tail. Returns how many (at most max).
 */
size_t onflash_pmt_entries(const struct mtkfw_scatter *sc, uint64_t user,
			   struct mtkfw_pmt_entry *out, size_t max);

/** The EMMC_BOOT + BRLYT header that precedes the preloader in boot1. */
void onflash_boot_header(uint8_t h[MTKFW_BOOT_HEADER]);

#endif
