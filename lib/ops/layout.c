/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PMT blocks and the boot1 header, as the host writes them (see layout.h). */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "layout.h"

uint64_t layout_user_base(const struct mtkfw_scatter *sc)
{
	for (size_t i = 0; i < mtkfw_scatter_count(sc); i++) {
		const struct mtkfw_scatter_part *p = mtkfw_scatter_part(sc, i);
		if (!p->from_end && !mtkfw_scatter_part_in_boot(p))
			return p->start;
	}
	return 0;
}

uint64_t layout_reserved_tail(const struct mtkfw_scatter *sc)
{
	uint64_t t = 0;
	for (size_t i = 0; i < mtkfw_scatter_count(sc); i++)
		if (mtkfw_scatter_part(sc, i)->from_end)
			t += mtkfw_scatter_part(sc, i)->from_end_bytes;
	return t;
}

void layout_pmt_block(const struct mtkfw_scatter *sc, uint64_t user, bool mirror, uint8_t *blk)
{
	uint64_t base = layout_user_base(sc), tail = layout_reserved_tail(sc);
	size_t k = 0;
	memset(blk, 0, MTKFW_PMT_BLOCK);
	for (size_t i = 0; i < mtkfw_scatter_count(sc) && k < MTKFW_PMT_MAX; i++) {
		const struct mtkfw_scatter_part *p = mtkfw_scatter_part(sc, i);
		if (p->from_end)
			continue;
		uint8_t *e = blk + 8 + k++ * MTKFW_PMT_ENTRY;
		uint64_t size = p->has_size ? p->size : 0;
		if (!size && p->start >= base && user > tail + (p->start - base))
			size = user - tail - (p->start - base); /* "the rest of the device" */
		snprintf((char *)e, 64, "%s", p->name);
		put_le64(e + 64, size);
		put_le64(e + 72, p->start);
	}
	uint32_t sig = mirror ? MTKFW_PMT_SIG_MIRROR : MTKFW_PMT_SIG_MAIN;
	put_le32(blk, sig);
	memcpy(blk + 4, "1.0", 4);
	put_le32(blk + MTKFW_PMT_BLOCK - 4, sig);
}

void layout_boot_header(uint8_t *h)
{
	memset(h, 0, MTKFW_BOOT_HEADER);
	memcpy(h, "EMMC_BOOT", 9);
	put_le32(h + 0x0C, 1);
	put_le32(h + 0x10, 0x200);
	memcpy(h + 0x200, "BRLYT", 5);
	put_le32(h + 0x208, 1);
	put_le32(h + 0x20C, MTKFW_BOOT_HEADER);
	put_le32(h + 0x210, MTKFW_BOOT_HEADER);
	memcpy(h + 0x214, "BBBB", 4);
	put_le16(h + 0x218, 5); /* F_EMMC_BOOT_REGION */
	put_le16(h + 0x21A, 1); /* ARM_BL */
	put_le32(h + 0x21C, MTKFW_BOOT_HEADER);
}
