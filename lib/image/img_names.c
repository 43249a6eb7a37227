/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Lookup tables: GFH flash devices, EMI record types, JEDEC eMMC vendors. */
#include "internal.h"
#include "mtkfw/image.h"

const char *mtkfw_flash_dev_name(uint8_t flash_dev)
{
	static const char *const names[] = {"NONE",	 "NOR",	       "NAND_SEQUENTIAL",
					    "NAND_TTBL", "NAND_FDM50", "EMMC_BOOT",
					    "EMMC_DATA", "SF",	       "XBOOT"};
	return flash_dev < MTKFW_ARRAY_SIZE(names) ? names[flash_dev] : "unknown";
}

/* From MediaTek's custom_emi.h comment on EMI_SETTINGS.type. */
const char *mtkfw_emi_type_name(uint32_t type)
{
	static const struct {
		uint32_t type;
		const char *name;
	} types[] = {
		{0x0001, "discrete DDR1"},   {0x0002, "discrete LPDDR2"},
		{0x0003, "discrete LPDDR3"}, {0x0004, "discrete PCDDR3"},
		{0x0101, "NAND+DDR1"},	     {0x0102, "NAND+LPDDR2"},
		{0x0103, "NAND+LPDDR3"},     {0x0104, "NAND+PCDDR3"},
		{0x0201, "eMMC+DDR1"},	     {0x0202, "eMMC+LPDDR2"},
		{0x0203, "eMMC+LPDDR3"},     {0x0204, "eMMC+PCDDR3"},
	};
	for (size_t i = 0; i < MTKFW_ARRAY_SIZE(types); i++)
		if (types[i].type == type)
			return types[i].name;
	return "unknown";
}

/* JEDEC manufacturer IDs seen in eMMC CIDs of MT65xx phones. */
const char *mtkfw_emmc_vendor_name(uint8_t mid)
{
	switch (mid) {
	case 0x02:
	case 0x45:
		return "SanDisk";
	case 0x11:
		return "Toshiba";
	case 0x13:
	case 0xFE:
		return "Micron";
	case 0x15:
		return "Samsung";
	case 0x70:
		return "Kingston";
	case 0x88:
		return "Foresee";
	case 0x90:
		return "SK Hynix";
	default:
		return NULL;
	}
}
