/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The demo's partition layout: the MT6572 ptgen output of a real source tree
 * (li127832919/MTK6572, project pe900s; MBR at 12 MiB), and the MBR/EBR
 * tables ptgen's GenMBRFile derives from it.
 */
#include <string.h>

#include "demo.h"
#include "bytes.h"

#define ROW(nm, fl, dl, ty, st, sz, rg, op)                                                        \
	{                                                                                          \
		.name = nm, .file = fl, .download = dl, .type = ty, .start = st, .has_size = true, \
		.size = sz, .region = rg, .operation = op, .boundary_check = MTKFW_UNSET,          \
		.is_reserved = MTKFW_UNSET, .is_upgradable = MTKFW_UNSET,                          \
		.empty_boot_needed = MTKFW_UNSET                                                   \
	}

static const char U[] = "EMMC_USER";

static const struct mtkfw_scatter_part layout[] = {
	ROW("PRELOADER", "preloader_mtkfw_demo.bin", true, "SV5_BL_BIN", 0x0, 0xc00000,
	    "EMMC_BOOT_1", "BOOTLOADERS"),
	ROW("MBR", "MBR", true, "NORMAL_ROM", 0xc00000, 0x80000, U, "UPDATE"),
	ROW("EBR1", "EBR1", true, "NORMAL_ROM", 0xc80000, 0x80000, U, "UPDATE"),
	ROW("PRO_INFO", NULL, false, NULL, 0xd00000, 0x300000, U, "PROTECTED"),
	ROW("NVRAM", NULL, false, NULL, 0x1000000, 0x500000, U, "BINREGION"),
	ROW("PROTECT_F", NULL, false, NULL, 0x1500000, 0xa00000, U, "PROTECTED"),
	ROW("PROTECT_S", NULL, false, NULL, 0x1f00000, 0xa00000, U, "PROTECTED"),
	ROW("SECCFG", NULL, false, NULL, 0x2900000, 0x20000, U, "INVISIBLE"),
	ROW("UBOOT", "lk.bin", true, "NORMAL_ROM", 0x2920000, 0x60000, U, "UPDATE"),
	ROW("BOOTIMG", "boot.img", true, "NORMAL_ROM", 0x2980000, 0x600000, U, "UPDATE"),
	ROW("RECOVERY", "recovery.img", true, "NORMAL_ROM", 0x2f80000, 0x600000, U, "UPDATE"),
	ROW("SEC_RO", "secro.img", true, "NORMAL_ROM", 0x3580000, 0x40000, U, "UPDATE"),
	ROW("MISC", NULL, false, NULL, 0x35c0000, 0x80000, U, "INVISIBLE"),
	ROW("LOGO", "logo.bin", true, "NORMAL_ROM", 0x3640000, 0x300000, U, "UPDATE"),
	ROW("EXPDB", NULL, false, NULL, 0x3940000, 0xa00000, U, "INVISIBLE"),
	ROW("ANDROID", "system.img", true, "YAFFS_IMG", 0x4340000, 0x28a00000, U, "UPDATE"),
	ROW("CACHE", "cache.img", true, "YAFFS_IMG", 0x2cd40000, 0x20000000, U, "UPDATE"),
	ROW("USRDATA", "userdata.img", true, "YAFFS_IMG", 0x4cd40000, 0x20000000, U, "UPDATE"),
	ROW("FAT", NULL, false, NULL, 0x6cd40000, 0x0, U, "INVISIBLE"),
	{.name = "BMTPOOL",
	 .start = 0xFFFF00a8,
	 .from_end = true,
	 .from_end_bytes = 0x1500000,
	 .has_size = true,
	 .size = 0x1500000,
	 .region = U,
	 .operation = "RESERVED",
	 .boundary_check = MTKFW_FALSE,
	 .is_reserved = MTKFW_TRUE,
	 .is_upgradable = MTKFW_UNSET,
	 .empty_boot_needed = MTKFW_UNSET},
};

#define N_ROWS (sizeof(layout) / sizeof(layout[0]))

static struct mtkfw_scatter_part changed[N_ROWS]; /* the layout as shift/compact left it */
static uint64_t shift_by;
static bool compact;

const struct mtkfw_scatter_part *demo_layout(size_t *n)
{
	*n = N_ROWS;
	return changed[0].name ? changed : layout;
}

/* The layout with the changes asked for so far, each row after the previous one. */
static void rebuild(void)
{
	/* smaller filesystems for quick tests: system 128 MiB, cache and userdata 64 MiB */
	static const struct {
		const char *name;
		uint64_t size;
	} small[] = {{"ANDROID", 0x8000000}, {"CACHE", 0x4000000}, {"USRDATA", 0x4000000}};
	memcpy(changed, layout, sizeof(layout));
	for (size_t i = 0; i < N_ROWS; i++) {
		for (size_t k = 0; compact && k < sizeof(small) / sizeof(small[0]); k++)
			if (!strcmp(changed[i].name, small[k].name))
				changed[i].size = small[k].size;
		if (!strcmp(changed[i].name, "EBR1")) /* a bigger EBR1: another build's layout */
			changed[i].size += shift_by;
		if (i > 1 && !changed[i].from_end)
			changed[i].start = changed[i - 1].start + changed[i - 1].size;
	}
}

void demo_layout_shift(uint64_t bytes)
{
	shift_by = bytes;
	rebuild();
}

void demo_layout_compact(bool on)
{
	compact = on;
	rebuild();
}

/* Partitions with a filesystem get MBR/EBR slots (ptgen: xls type EXT4 or FAT). */
static bool has_slot(const struct mtkfw_scatter_part *p)
{
	static const char *const fs[] = {"PROTECT_F", "PROTECT_S", "ANDROID",
					 "CACHE",     "USRDATA",   "FAT"};
	for (size_t i = 0; i < sizeof(fs) / sizeof(fs[0]); i++)
		if (!strcmp(p->name, fs[i]))
			return true;
	return false;
}

static void put_entry(uint8_t *t, int slot, uint8_t type, uint32_t lba, uint32_t sectors)
{
	uint8_t *e = t + 0x1BE + 16 * slot;
	e[4] = type;
	put_le32(e + 8, lba);
	put_le32(e + 12, sectors);
}

int demo_build_mbr(const struct mtkfw_scatter_part *rows, size_t n, uint8_t tables[][512],
		   size_t max_tables)
{
	uint64_t base[8] = {0}; /* table addresses: MBR, EBR1, EBR2... */
	const struct mtkfw_scatter_part *fs[32];
	size_t nfs = 0, ntab = 0;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(rows[i].name, "MBR") || !strncmp(rows[i].name, "EBR", 3)) {
			if (ntab < 8)
				base[ntab++] = rows[i].start;
		} else if (has_slot(&rows[i]) && nfs < 32)
			fs[nfs++] = &rows[i];
	}
	if (ntab > max_tables)
		ntab = max_tables;
	memset(tables, 0, ntab * 512);
	for (size_t t = 0; t < ntab; t++) {
		tables[t][510] = 0x55;
		tables[t][511] = 0xAA;
	}
	/* The MBR holds the link to EBR1 plus 3 filesystems; each EBR 3 more plus a link. */
	if (ntab > 1)
		put_entry(tables[0], 0, 0x05, (uint32_t)((base[1] - base[0]) / 512), 0xffffffff);
	for (size_t k = 0; k < nfs; k++) {
		size_t t = ntab > 1 ? (k < 3 ? 0 : 1 + (k - 3) / 3) : 0;
		int slot = ntab > 1 ? (t == 0 ? 1 + (int)k : (int)((k - 3) % 3)) : (int)k;
		if (t >= ntab || slot > 3)
			break;
		uint32_t lba = (uint32_t)((fs[k]->start - base[t]) / 512);
		uint32_t sectors = (uint32_t)(fs[k]->size / 512);
		if (k == nfs - 1) /* the last one runs to the end of the device */
			sectors = 0xffffffffu -
				  (uint32_t)((fs[k]->start - base[ntab > 1 ? 1 : 0]) / 512);
		put_entry(tables[t], slot, 0x83, lba, sectors);
		if (t > 0 && slot == 2 && k + 1 < nfs && t + 1 < ntab)
			put_entry(tables[t], 3, 0x05, (uint32_t)((base[t + 1] - base[1]) / 512),
				  0xffffffff);
	}
	return (int)ntab;
}
