/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PMT entries from a scatter and the boot1 header, as the host writes them (onflash.h). */
#include <stdio.h>
#include <string.h>

#include "onflash.h"

size_t onflash_pmt_entries(const struct mtkfw_scatter *sc, uint64_t user,
			   struct mtkfw_pmt_entry *out, size_t max)
{
	uint64_t base = mtkfw_scatter_user_base(sc), tail = mtkfw_scatter_reserved_tail(sc);
	size_t k = 0;
	for (size_t i = 0; i < mtkfw_scatter_count(sc) && k < max; i++) {
		const struct mtkfw_scatter_part *p = mtkfw_scatter_part(sc, i);
		if (p->from_end)
			continue;
		struct mtkfw_pmt_entry *e = &out[k++];
		memset(e, 0, sizeof(*e));
		snprintf(e->name, sizeof(e->name), "%s", p->name);
		e->size = p->has_size ? p->size : 0;
		if (!e->size && p->start >= base && user > tail + (p->start - base))
			e->size = user - tail - (p->start - base); /* "the rest of the device" */
		e->offset = p->start;
	}
	return k;
}

void onflash_boot_header(uint8_t h[MTKFW_BOOT_HEADER])
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
