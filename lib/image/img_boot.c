/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Android boot image v0 (docs/formats.md, "Android boot"). On MT6572 the kernel and the
 * ramdisk each start with a 512-byte MTK header ("KERNEL", "ROOTFS" or
 * "RECOVERY"); their names tell boot.img from recovery.img.
 */
#include <stdio.h>
#include <string.h>

#include "img_priv.h"

#define BOOT_MAGIC   "ANDROID!"
#define BOOT_HDR_MIN 0x260 /* through the 512-byte cmdline */

static uint64_t pages(uint64_t bytes, uint32_t page)
{
	return (bytes + page - 1) / page * page;
}

bool mtkfw_boot_sections(const struct mtkfw_boot_info *b, uint64_t *kernel_off,
			 uint64_t *ramdisk_off, uint64_t *end)
{
	uint32_t ps = b->page_size;
	if (ps < 2048 || ps > 16384 || (ps & (ps - 1)))
		return false;
	*kernel_off = ps;
	*ramdisk_off = ps + pages(b->kernel_size, ps);
	*end = *ramdisk_off + pages(b->ramdisk_size, ps) + pages(b->second_size, ps);
	return true;
}

void boot_section_name(const uint8_t *buf, size_t len, char name[33])
{
	struct mtkfw_mtkhdr_info h;
	name[0] = 0;
	if (!mtkfw_mtkhdr_parse(buf, len, &h))
		snprintf(name, 33, "%s", h.name);
}

int boot_parse(const uint8_t *buf, size_t len, struct mtkfw_image_info *info, uint64_t *ramdisk_off)
{
	struct mtkfw_boot_info *b = &info->boot;
	if (len < BOOT_HDR_MIN || memcmp(buf, BOOT_MAGIC, 8))
		return MTKFW_E_FORMAT;
	b->kernel_size = get_le32(buf + 8);
	b->kernel_addr = get_le32(buf + 12);
	b->ramdisk_size = get_le32(buf + 16);
	b->ramdisk_addr = get_le32(buf + 20);
	b->second_size = get_le32(buf + 24);
	b->tags_addr = get_le32(buf + 32);
	b->page_size = get_le32(buf + 36);
	mtkfw_copy_field(b->board, sizeof(b->board), buf + 48, 16);
	mtkfw_copy_field(b->cmdline, sizeof(b->cmdline), buf + 64, 512);
	uint32_t ps = b->page_size;
	uint64_t koff, end;
	if (!mtkfw_boot_sections(b, &koff, ramdisk_off, &end)) {
		img_problem(info, MTKFW_SEV_ERROR, "image-invalid",
			    "boot image page size %u is not 2048..16384 and a power of two", ps);
		*ramdisk_off = 0;
		return 0;
	}
	if (len > ps)
		boot_section_name(buf + ps, len - ps, b->kernel_mtk);
	return 0;
}

void boot_finish(struct mtkfw_image_info *info)
{
	const struct mtkfw_boot_info *b = &info->boot;
	uint32_t ps = b->page_size;
	uint64_t koff, roff, need;
	if (!mtkfw_boot_sections(b, &koff, &roff, &need))
		return;
	/* The last section need not be padded to a full page. */
	uint64_t last = b->second_size ? b->second_size : b->ramdisk_size;
	uint64_t min = need - pages(last, ps) + last;
	if (info->file_size < min)
		img_problem(info, MTKFW_SEV_ERROR, "image-invalid",
			    "boot image truncated: kernel %u + ramdisk %u + second %u bytes need "
			    "%llu bytes, the file has %llu",
			    b->kernel_size, b->ramdisk_size, b->second_size,
			    (unsigned long long)min, (unsigned long long)info->file_size);
	if (!b->kernel_size)
		img_problem(info, MTKFW_SEV_ERROR, "image-invalid", "boot image has no kernel");
	img_summary(info,
		    "Android boot image: kernel %u bytes%s%s%s, ramdisk %u bytes%s%s%s, page %u",
		    b->kernel_size, b->kernel_mtk[0] ? " (MTK " : "", b->kernel_mtk,
		    b->kernel_mtk[0] ? ")" : "", b->ramdisk_size, b->ramdisk_mtk[0] ? " (MTK " : "",
		    b->ramdisk_mtk, b->ramdisk_mtk[0] ? ")" : "", ps);
}
