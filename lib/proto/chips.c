/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Per-chip facts, in one table. Sources: public hosts'
 * chip tables and what real phones sent (docs/protocol.md 6). Entries and fields marked
 * "uncertain" are not confirmed on hardware: correct them here.
 */
#include <string.h>

#include "internal.h"
#include "mtkfw/device.h"

static const struct mtkfw_chip chips[] = {
	{
		.hw_code = 0x6572,
		.name = "MT6572",
		.bbchip = 0x88,
		.da1_brom_addr = 0x02007000,
		.da1_pl_addr = 0x81E00000, /* the preloader loads DA1 here (docs/protocol.md 2) */
		.wdt_addr = 0x10007000,
		.wdt_value = 0x22000064,
		.emi_version = 11,
		.emi_len = 0xA8,
		.da2_packet = 0x1000,
		.rw_packet = 0x100000,
	},
	{
		.hw_code = 0x6582,
		.name = "MT6582",
		.bbchip = 0x87,
		.da1_brom_addr = 0x00200000, /* uncertain */
		.da1_pl_addr = 0x00200000,   /* uncertain */
		.wdt_addr = 0x10007000,
		.wdt_value = 0x22000064,
		.emi_version = 12,
		.emi_len = 0xA8, /* uncertain */
		.da2_packet = 0x1000,
		.rw_packet = 0x100000,
	},
	{
		.hw_code = 0x6592,
		.name = "MT6592",
		.bbchip = 0x8A,
		.da1_brom_addr = 0x00200000, /* uncertain */
		.da1_pl_addr = 0x00200000,   /* uncertain */
		.wdt_addr = 0x10007000,
		.wdt_value = 0x22000064,
		.emi_version = 12, /* uncertain */
		.emi_len = 0xA8,   /* uncertain */
		.da2_packet = 0x1000,
		.rw_packet = 0x100000,
	},
	{
		.hw_code = 0x6583, /* MT6589 reports 0x6583 (docs/protocol.md 6) */
		.name = "MT6589",
		.bbchip = 0x86,
		.da1_brom_addr = 0x12000000, /* uncertain */
		.da1_pl_addr = 0x12000000,   /* uncertain */
		.wdt_addr = 0x10000000,	     /* uncertain */
		.wdt_value = 0x22000064,
		.emi_version = 10,
		.emi_len = 0xA8, /* uncertain */
		.da2_packet = 0x1000,
		.rw_packet = 0x100000,
	},
};

const struct mtkfw_chip *mtkfw_chip_find(uint16_t hw_code)
{
	for (size_t i = 0; i < MTKFW_ARRAY_SIZE(chips); i++)
		if (chips[i].hw_code == hw_code)
			return &chips[i];
	return NULL;
}

const struct mtkfw_chip *mtkfw_chip_by_name(const char *name)
{
	for (size_t i = 0; i < MTKFW_ARRAY_SIZE(chips); i++)
		if (mtkfw_strieq(chips[i].name, name))
			return &chips[i];
	return NULL;
}
