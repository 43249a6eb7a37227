/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The internal storage as phones ship it: the FAT partition formatted FAT32
 * the way mkfs.vfat and Android's vold do (512-byte sectors, 32 reserved
 * sectors with the FSInfo sector at 1 and a boot sector copy at 6, two FATs,
 * an empty root directory in cluster 2). Layout: docs/formats.md, "ext4 and FAT".
 */
#include <stdlib.h>
#include <string.h>

#include "emu_priv.h"

#define SECTOR	      512u
#define RESERVED      32u
#define NFATS	      2u
#define FAT32_MIN     65525u /* fewer clusters make FAT16 (Microsoft's FAT specification) */
#define MAX_CLUSTER   4096u  /* 4 KiB clusters, as for volumes up to 8 GiB */
#define FAT32_ENTRIES 0x0FFFFFF5u

struct geometry {
	uint32_t spc, total, fat_secs, clusters;
};

/* Sectors per cluster, FAT size and cluster count for a volume of total sectors. */
static bool fat32_geometry(uint64_t size, struct geometry *g)
{
	uint64_t total = size / SECTOR;
	g->total = total > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)total;
	for (g->spc = MAX_CLUSTER / SECTOR; g->spc; g->spc /= 2) {
		uint32_t per = (256u * g->spc + NFATS) / 2; /* sectors covered per FAT sector */
		if (g->total <= RESERVED + per)
			continue;
		g->fat_secs = (g->total - RESERVED + per - 1) / per;
		uint64_t data = (uint64_t)RESERVED + (uint64_t)NFATS * g->fat_secs;
		uint64_t clusters = (g->total - data) / g->spc;
		if (clusters >= FAT32_MIN && clusters < FAT32_ENTRIES &&
		    (clusters + 2) * 4 <= (uint64_t)g->fat_secs * SECTOR) {
			g->clusters = (uint32_t)clusters;
			return true;
		}
	}
	return false;
}

static void boot_sector(uint8_t *b, const struct geometry *g, uint64_t lba, uint32_t serial)
{
	memset(b, 0, SECTOR);
	memcpy(b,
	       "\xEB\x58\x90"
	       "mtkfwemu",
	       11);
	emu_put_le16(b + 11, SECTOR);
	b[13] = (uint8_t)g->spc;
	emu_put_le16(b + 14, RESERVED);
	b[16] = NFATS;
	b[21] = 0xF8; /* fixed disk */
	emu_put_le16(b + 24, 63);
	emu_put_le16(b + 26, 255);
	emu_put_le32(b + 28, lba > 0xFFFFFFFFu ? 0 : (uint32_t)lba); /* hidden sectors */
	emu_put_le32(b + 32, g->total);
	emu_put_le32(b + 36, g->fat_secs);
	emu_put_le32(b + 44, 2); /* root directory cluster */
	emu_put_le16(b + 48, 1); /* FSInfo sector */
	emu_put_le16(b + 50, 6); /* boot sector copy */
	b[64] = 0x80;
	b[66] = 0x29;
	emu_put_le32(b + 67, serial);
	memcpy(b + 71, "NO NAME    FAT32   ", 19);
	b[510] = 0x55;
	b[511] = 0xAA;
}

static void fsinfo_sector(uint8_t *b, const struct geometry *g)
{
	memset(b, 0, SECTOR);
	memcpy(b, "RRaA", 4);
	memcpy(b + 484, "rrAa", 4);
	emu_put_le32(b + 488, g->clusters - 1); /* free clusters: all but the root directory's */
	emu_put_le32(b + 492, 3);		/* next free cluster */
	b[510] = 0x55;
	b[511] = 0xAA;
}

int emu_format_fat32(struct emu_storage *st, int area, uint64_t off, uint64_t size, uint64_t lba,
		     uint32_t serial)
{
	struct geometry g;
	if (!fat32_geometry(size, &g))
		return 1;
	uint64_t data = ((uint64_t)RESERVED + (uint64_t)NFATS * g.fat_secs) * SECTOR;
	uint8_t *b = calloc(RESERVED, SECTOR);
	if (!b)
		return -1;
	boot_sector(b, &g, lba, serial);
	fsinfo_sector(b + SECTOR, &g);
	memcpy(b + 6 * SECTOR, b, 2 * SECTOR);
	int r = emu_storage_erase(st, area, off, data + (uint64_t)g.spc * SECTOR);
	if (!r)
		r = emu_storage_write(st, area, off, b, RESERVED * SECTOR);
	memset(b, 0, SECTOR);
	emu_put_le32(b, 0x0FFFFFF8);	 /* media byte in entry 0 */
	emu_put_le32(b + 4, 0x0FFFFFFF); /* entry 1: end of chain */
	emu_put_le32(b + 8, 0x0FFFFFFF); /* cluster 2, the root directory: one cluster */
	for (uint32_t i = 0; !r && i < NFATS; i++)
		r = emu_storage_write(
			st, area, off + ((uint64_t)RESERVED + (uint64_t)i * g.fat_secs) * SECTOR, b,
			SECTOR);
	free(b);
	return r ? -1 : 0;
}
