/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Names, problem recording and the small fixed-format parsers (MTK header, ext4, MBR, yaffs2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "img_priv.h"

const char *mtkfw_severity_name(enum mtkfw_severity sev)
{
	switch (sev) {
	case MTKFW_SEV_INFO:
		return "info";
	case MTKFW_SEV_WARNING:
		return "warning";
	case MTKFW_SEV_ERROR:
		return "error";
	}
	return "unknown";
}

const char *mtkfw_image_kind_name(enum mtkfw_image_kind kind)
{
	static const char *const names[] = {"unknown", "empty",	 "preloader", "mtk", "logo",
					    "boot",    "sparse", "ext4",      "mbr", "yaffs2"};
	return (unsigned)kind < MTKFW_ARRAY_SIZE(names) ? names[kind] : "unknown";
}

void img_problem(struct mtkfw_image_info *info, enum mtkfw_severity sev, const char *code,
		 const char *fmt, ...)
{
	if (info->n_problems >= MTKFW_IMAGE_MAX_PROBLEMS)
		return;
	struct mtkfw_image_problem *p = &info->problems[info->n_problems++];
	va_list ap;
	p->severity = sev;
	snprintf(p->code, sizeof(p->code), "%s", code);
	va_start(ap, fmt);
	vsnprintf(p->message, sizeof(p->message), fmt, ap);
	va_end(ap);
}

void img_summary(struct mtkfw_image_info *info, const char *fmt, ...)
{
	size_t n = strlen(info->summary);
	if (n + 1 >= sizeof(info->summary))
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(info->summary + n, sizeof(info->summary) - n, fmt, ap);
	va_end(ap);
}

void mtkfw_image_info_clear(struct mtkfw_image_info *info)
{
	if (!info)
		return;
	free(info->logo.sizes);
	memset(info, 0, sizeof(*info));
}

int mtkfw_mtkhdr_parse(const uint8_t *buf, size_t len, struct mtkfw_mtkhdr_info *out)
{
	if (len < MTKHDR_SIZE || get_le32(buf) != MTKHDR_MAGIC)
		return MTKFW_E_FORMAT;
	out->payload = get_le32(buf + 4);
	mtkfw_copy_field(out->name, sizeof(out->name), buf + 8, 32);
	return 0;
}

int mtkfw_ext4_parse(const uint8_t *buf, size_t len, struct mtkfw_ext4_info *out)
{
	if (len < 2048 || get_le16(buf + 1024 + 0x38) != 0xEF53)
		return MTKFW_E_FORMAT;
	const uint8_t *sb = buf + 1024;
	uint32_t log = get_le32(sb + 0x18);
	if (log > 6) /* block sizes 1 KiB .. 64 KiB */
		return MTKFW_E_FORMAT;
	out->block_size = 1024u << log;
	out->blocks = get_le32(sb + 0x04);
	if (get_le32(sb + 0x60) & 0x80) /* INCOMPAT_64BIT: high half of the count */
		out->blocks |= (uint64_t)get_le32(sb + 0x150) << 32;
	mtkfw_copy_field(out->volume, sizeof(out->volume), sb + 0x78, 16);
	mtkfw_copy_field(out->last_mounted, sizeof(out->last_mounted), sb + 0x88, 64);
	return 0;
}

int mtkfw_mbr_parse(const uint8_t *buf, size_t len, struct mtkfw_mbr_info *out)
{
	if (len < 512 || buf[510] != 0x55 || buf[511] != 0xAA)
		return MTKFW_E_FORMAT;
	for (int i = 0; i < 4; i++) {
		const uint8_t *e = buf + 0x1BE + 16 * i;
		if (e[0] != 0 && e[0] != 0x80)
			return MTKFW_E_FORMAT;
		out->e[i].boot = e[0];
		out->e[i].type = e[4];
		out->e[i].lba = get_le32(e + 8);
		out->e[i].sectors = get_le32(e + 12);
	}
	return 0;
}

bool mtkfw_yaffs2_detect(const uint8_t *buf, size_t len)
{
	/* First chunk = object header: type 1..5, parent object 1, unused sum 0xFFFF. */
	if (len < 2048 + 64)
		return false;
	uint32_t type = get_le32(buf), parent = get_le32(buf + 4);
	return type >= 1 && type <= 5 && parent == 1 && buf[8] == 0xFF && buf[9] == 0xFF;
}
