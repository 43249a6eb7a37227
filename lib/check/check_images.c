/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Rules on identified images: size against the partition, the kind each
 * partition expects, preloader flash device and EMI table, the MBR/EBR chain
 * against the scatter (docs/formats.md, "MBR and EBR"), and Checksum.ini values.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "check_priv.h"

enum want { WANT_ANY, WANT_PRELOADER, WANT_LK, WANT_BOOT, WANT_LOGO, WANT_MBR, WANT_FS };

/* What a partition normally holds, by its MT6572-era or GPT-era name. */
static enum want wanted_kind(const char *name)
{
	static const struct {
		const char *name;
		enum want want;
	} table[] = {
		{"PRELOADER", WANT_PRELOADER},
		{"UBOOT", WANT_LK},
		{"LK", WANT_LK},
		{"BOOTIMG", WANT_BOOT},
		{"BOOT", WANT_BOOT},
		{"RECOVERY", WANT_BOOT},
		{"LOGO", WANT_LOGO},
		{"MBR", WANT_MBR},
		{"EBR1", WANT_MBR},
		{"EBR2", WANT_MBR},
		{"EBR3", WANT_MBR},
		{"ANDROID", WANT_FS},
		{"SYSTEM", WANT_FS},
		{"CACHE", WANT_FS},
		{"USRDATA", WANT_FS},
		{"USERDATA", WANT_FS},
		{"CUSTPACK", WANT_FS},
		{"PROTECT_F", WANT_FS},
		{"PROTECT_S", WANT_FS},
		{"PROTECT1", WANT_FS},
		{"PROTECT2", WANT_FS},
	};
	for (size_t i = 0; i < MTKFW_ARRAY_SIZE(table); i++)
		if (mtkfw_strieq(name, table[i].name))
			return table[i].want;
	return WANT_ANY;
}

static const char *want_text(enum want w)
{
	switch (w) {
	case WANT_PRELOADER:
		return "a preloader (GFH FILE_INFO header)";
	case WANT_LK:
		return "an lk image with a 512-byte MTK header";
	case WANT_BOOT:
		return "an Android boot image";
	case WANT_LOGO:
		return "a logo.bin with an MTK 'LOGO' header";
	case WANT_MBR:
		return "a 512-byte partition table";
	case WANT_FS:
		return "an ext4 or sparse image";
	default:
		return "anything";
	}
}

static bool kind_fits(enum want w, const struct mtkfw_image_info *im)
{
	switch (w) {
	case WANT_PRELOADER:
		return im->kind == MTKFW_IMG_PRELOADER;
	case WANT_LK:
		return im->kind == MTKFW_IMG_MTK &&
		       (!strcmp(im->mtk.name, "LK") || !strcmp(im->mtk.name, "UBOOT"));
	case WANT_BOOT:
		return im->kind == MTKFW_IMG_BOOT;
	case WANT_LOGO:
		return im->kind == MTKFW_IMG_LOGO;
	case WANT_MBR:
		return im->kind == MTKFW_IMG_MBR;
	case WANT_FS:
		return im->kind == MTKFW_IMG_SPARSE || im->kind == MTKFW_IMG_EXT4 ||
		       im->kind == MTKFW_IMG_YAFFS2;
	default:
		return true;
	}
}

/* Storage of the row: the per-row key, else the general block. */
static bool storage_is(const struct mtkfw_report *r, const struct mtkfw_scatter_part *p,
		       const char *what)
{
	if (p->storage)
		return strstr(p->storage, what) != NULL;
	const char *s = mtkfw_scatter_storage(r->sc);
	return s && !strcmp(s, what);
}

/* Preloader rules: flash device must match the storage; list supported memories. */
static void check_preloader(struct mtkfw_report *r, const struct mtkfw_check_row *row)
{
	const struct mtkfw_preloader_info *pl = &row->image.preloader;
	const char *name = row->part->name;
	uint8_t dev = pl->fi.flash_dev;
	bool emmc = storage_is(r, row->part, "EMMC"), nand = storage_is(r, row->part, "NAND");
	if ((emmc && dev != MTKFW_FLASH_DEV_EMMC_BOOT && dev != MTKFW_FLASH_DEV_EMMC_DATA) ||
	    (nand && (dev < MTKFW_FLASH_DEV_NAND_SEQUENTIAL || dev > MTKFW_FLASH_DEV_NAND_FDM50)))
		report_add(r, MTKFW_SEV_ERROR, "preloader-flash-device", name,
			   "%s is built for %s (GFH flash_dev %u) but the scatter's storage is %s: "
			   "it would not boot; use the preloader of a %s build",
			   row->file, mtkfw_flash_dev_name(dev), dev, emmc ? "eMMC" : "NAND",
			   emmc ? "eMMC" : "NAND");
	if (!pl->n_emi)
		return;
	char list[700] = "";
	for (unsigned i = 0; i < pl->n_emi && strlen(list) < sizeof(list) - 80; i++) {
		const struct mtkfw_emi_record *e = &pl->emi[i];
		const char *vendor = mtkfw_emmc_vendor_name(e->id[0]);
		char pnm[7];
		mtkfw_copy_field(pnm, sizeof(pnm), e->id + 3, 6);
		size_t l = strlen(list);
		snprintf(list + l, sizeof(list) - l, "%s%s%s%s (MID 0x%02x, %s, %u MiB)",
			 i ? "; " : "", vendor ? vendor : "unknown vendor", pnm[0] ? " " : "", pnm,
			 e->id[0], mtkfw_emi_type_name(e->type),
			 (unsigned)((e->rank_size[0] + (uint64_t)e->rank_size[1]) >> 20));
	}
	report_add(r, MTKFW_SEV_INFO, "preloader-emi", name,
		   "%s (EMI v%u) supports %u memory combination%s: %s", row->file, pl->emi_version,
		   pl->n_emi, pl->n_emi == 1 ? "" : "s", list);
}

/* boot.img carrying a recovery ramdisk (or the reverse) means swapped files. */
static void check_boot_pair(struct mtkfw_report *r, const struct mtkfw_check_row *row)
{
	const char *rd = row->image.boot.ramdisk_mtk;
	bool is_recovery = mtkfw_strieq(row->part->name, "RECOVERY");
	if (!rd[0])
		return;
	if (is_recovery ? !strcmp(rd, "ROOTFS") : !strcmp(rd, "RECOVERY"))
		report_add(r, MTKFW_SEV_WARNING, "image-kind-unexpected", row->part->name,
			   "%s carries a %s ramdisk: boot.img and recovery.img look swapped",
			   row->file, rd);
}

/* The image's written size against the partition. */
static void check_size(struct mtkfw_report *r, const struct mtkfw_check_row *row)
{
	const struct mtkfw_scatter_part *p = row->part;
	uint64_t size = row->probed ? row->image.content_size : row->file_size;
	if (row->probed && row->image.sparse.inner_ext4 && row->image.sparse.inner_fs_size > size)
		size = row->image.sparse.inner_fs_size;
	if (!p->has_size || !p->size || size <= p->size)
		return;
	report_add(r, MTKFW_SEV_ERROR, "image-too-large", p->name,
		   "%s %s %llu bytes but partition %s is %llu bytes (0x%llx), %llu too many: the "
		   "image belongs to another layout; use the scatter it was built with "
		   "(SP Flash Tool: 1011 S_NOT_ENOUGH_STORAGE_SPACE)",
		   row->file,
		   row->probed && row->image.kind == MTKFW_IMG_SPARSE ? "expands to" : "is",
		   (unsigned long long)size, p->name, (unsigned long long)p->size,
		   (unsigned long long)p->size, (unsigned long long)(size - p->size));
}

void check_image(struct mtkfw_report *r, struct mtkfw_check_row *row)
{
	if (!row->file || (!row->probed && !row->file_size_known))
		return;
	check_size(r, row);
	if (!row->probed)
		return;
	const struct mtkfw_image_info *im = &row->image;
	const char *name = row->part->name;
	for (unsigned i = 0; i < im->n_problems; i++)
		report_add(r, im->problems[i].severity, im->problems[i].code, name, "%s: %s",
			   row->file, im->problems[i].message);
	enum want w = wanted_kind(name);
	if (!kind_fits(w, im))
		report_add(r, w == WANT_PRELOADER ? MTKFW_SEV_ERROR : MTKFW_SEV_WARNING,
			   "image-kind-unexpected", name, "%s for %s should be %s, but it is: %s",
			   row->file, name, want_text(w), im->summary);
	if (im->kind == MTKFW_IMG_PRELOADER)
		check_preloader(r, row);
	if (im->kind == MTKFW_IMG_BOOT)
		check_boot_pair(r, row);
	if (im->kind == MTKFW_IMG_YAFFS2 && storage_is(r, row->part, "EMMC"))
		report_add(r, MTKFW_SEV_WARNING, "image-kind-unexpected", name,
			   "%s is a yaffs2 image, a NAND format, on an eMMC layout", row->file);
}

/* ---- MBR / EBR ---- */

static const struct mtkfw_check_row *row_named(const struct mtkfw_report *r, const char *name)
{
	for (size_t i = 0; i < r->n_rows; i++)
		if (mtkfw_strieq(r->rows[i].part->name, name))
			return &r->rows[i];
	return NULL;
}

/* The row of the same region whose start is addr, or NULL. */
static const struct mtkfw_scatter_part *
part_at(const struct mtkfw_report *r, const struct mtkfw_scatter_part *table, uint64_t addr)
{
	for (size_t i = 0; i < r->n_rows; i++) {
		const struct mtkfw_scatter_part *p = r->rows[i].part;
		bool same = (!p->region && !table->region) ||
			    (p->region && table->region && !strcmp(p->region, table->region));
		if (same && !p->from_end && p->start == addr)
			return p;
	}
	return NULL;
}

static bool is_extended(uint8_t type)
{
	return type == 0x05 || type == 0x0F || type == 0x85;
}

/* One entry of a table row: where it points must be where the scatter says. */
static void check_entry(struct mtkfw_report *r, const struct mtkfw_check_row *t, int i,
			uint64_t link_base)
{
	const struct mtkfw_mbr_entry *e = &t->image.mbr.e[i];
	const struct mtkfw_scatter_part *tp = t->part;
	uint64_t addr = (is_extended(e->type) ? link_base : tp->start) + (uint64_t)e->lba * 512;
	const struct mtkfw_scatter_part *p = part_at(r, tp, addr);
	if (is_extended(e->type)) {
		if (!p || strncasecmp(p->name, "EBR", 3))
			report_add(r, MTKFW_SEV_ERROR, "mbr-mismatch", tp->name,
				   "%s entry %d links the next table at 0x%llx, where the scatter "
				   "has %s: %s and the scatter come from different builds",
				   tp->name, i + 1, (unsigned long long)addr,
				   p ? p->name : "no partition", tp->name);
		return;
	}
	if (!p) {
		report_add(r, MTKFW_SEV_ERROR, "mbr-mismatch", tp->name,
			   "%s entry %d (lba 0x%x) starts at 0x%llx, where no scatter partition "
			   "starts: %s and the scatter come from different builds; flashing both "
			   "makes Android mount the wrong data",
			   tp->name, i + 1, e->lba, (unsigned long long)addr, tp->name);
		return;
	}
	uint64_t bytes = (uint64_t)e->sectors * 512;
	if (p->has_size && p->size && bytes != p->size && e->sectors < 0x80000000u)
		report_add(r, MTKFW_SEV_ERROR, "mbr-mismatch", tp->name,
			   "%s entry %d gives %s 0x%llx bytes but the scatter gives 0x%llx",
			   tp->name, i + 1, p->name, (unsigned long long)bytes,
			   (unsigned long long)p->size);
}

void check_mbr_chain(struct mtkfw_report *r)
{
	const struct mtkfw_check_row *mbr = row_named(r, "MBR"), *ebr1 = row_named(r, "EBR1");
	for (size_t i = 0; i < r->n_rows; i++) {
		const struct mtkfw_check_row *t = &r->rows[i];
		const char *n = t->part->name;
		bool table = mtkfw_strieq(n, "MBR") ||
			     (!strncasecmp(n, "EBR", 3) && n[3] >= '1' && n[3] <= '9' && !n[4]);
		if (!table || !t->probed || t->image.kind != MTKFW_IMG_MBR)
			continue;
		/* Links in an EBR count from EBR1, in the MBR from the MBR (ptgen). */
		const struct mtkfw_check_row *base = t == mbr ? mbr : ebr1;
		if (!base)
			continue;
		for (int k = 0; k < 4; k++)
			if (t->image.mbr.e[k].type)
				check_entry(r, t, k, base->part->start);
	}
}

/* ---- Checksum.ini ---- */

/* The row a Checksum.ini key refers to: partition name, else file name. */
static struct mtkfw_check_row *row_for_key(struct mtkfw_report *r, const char *key)
{
	for (size_t i = 0; i < r->n_rows; i++)
		if (mtkfw_strieq(r->rows[i].part->name, key))
			return &r->rows[i];
	for (size_t i = 0; i < r->n_rows; i++)
		if (r->rows[i].part->file && mtkfw_strieq(r->rows[i].part->file, key))
			return &r->rows[i];
	return NULL;
}

static void compare_entry(struct mtkfw_report *r, const struct mtkfw_checksum_entry *e)
{
	struct mtkfw_check_row *row = row_for_key(r, e->name);
	if (!row) {
		report_add(r, MTKFW_SEV_WARNING, "checksum-entry-unknown", NULL,
			   "Checksum.ini line %u names '%s', which is not a partition of the "
			   "scatter: the file belongs to another package",
			   e->line, e->name);
		return;
	}
	row->checksum_listed = true;
	row->checksum_expected = e->value;
	if (!row->probed || !row->image.has_bytesum)
		return;
	if (e->value > 0xFFFF || e->value != row->image.bytesum)
		report_add(
			r, MTKFW_SEV_ERROR, "checksum-mismatch", row->part->name,
			"Checksum.ini says %s=0x%04X but %s sums to 0x%04X: the file was damaged "
			"in download or changed; download the package again (if you changed "
			"the file on purpose, 'mtkfw checksum --write' updates Checksum.ini). "
			"SP Flash Tool: 4009 S_FT_DOWNLOAD_CHKSUM_MISMATCH",
			e->name, e->value, row->file, row->image.bytesum);
}

void check_checksums(struct mtkfw_report *r)
{
	if (!r->ini)
		return;
	const char *ver = mtkfw_checksum_ini_version(r->ini);
	if (ver && !mtkfw_strieq(ver, "V1")) {
		report_add(r, MTKFW_SEV_WARNING, "checksum-version-unsupported", NULL,
			   "Checksum.ini is VERSION=%s; only V1 (16-bit byte sums) is verified by "
			   "mtkfw, its newer layout is not documented",
			   ver);
		return;
	}
	if (mtkfw_checksum_ini_switch(r->ini) == 0)
		report_add(r, MTKFW_SEV_INFO, "checksum-disabled", NULL,
			   "Checksum.ini has CHECKSUM_SWITCH=0: SP Flash Tool will not verify "
			   "images; mtkfw checks the values anyway");
	for (size_t i = 0; i < mtkfw_checksum_ini_count(r->ini); i++)
		compare_entry(r, mtkfw_checksum_ini_entry(r->ini, i));
	for (size_t i = 0; i < r->n_rows; i++)
		if (r->rows[i].probed && !r->rows[i].checksum_listed)
			report_add(r, MTKFW_SEV_INFO, "checksum-entry-missing",
				   r->rows[i].part->name,
				   "Checksum.ini has no value for %s; it cannot be verified",
				   r->rows[i].part->name);
}
