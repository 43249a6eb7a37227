/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Helpers shared by the image parsers. */
#ifndef MTKFW_IMG_PRIV_H
#define MTKFW_IMG_PRIV_H

#include "internal.h"
#include "mtkfw/image.h"

/** Record a problem on info (the first MTKFW_IMAGE_MAX_PROBLEMS are kept). */
void img_problem(struct mtkfw_image_info *info, enum mtkfw_severity sev, const char *code,
		 const char *fmt, ...) MTKFW_PRINTF(4, 5);

/** Append formatted text to info->summary. */
void img_summary(struct mtkfw_image_info *info, const char *fmt, ...) MTKFW_PRINTF(2, 3);

#define MTKHDR_MAGIC 0x58881688u
#define MTKHDR_SIZE  512

/* Streaming logo.bin table walker (img_logo.c). */
struct logo_state;
int logo_begin(struct logo_state **out, const uint8_t *head, size_t len,
	       struct mtkfw_image_info *info);
void logo_feed(struct logo_state *ls, const uint8_t *buf, size_t len);
void logo_finish(struct logo_state *ls, struct mtkfw_image_info *info);
void logo_free(struct logo_state *ls);

/* Android boot image header (img_boot.c); *ramdisk_off tells where the ramdisk starts. */
int boot_parse(const uint8_t *buf, size_t len, struct mtkfw_image_info *info,
	       uint64_t *ramdisk_off);
/* Name the MTK header at the start of a boot image section, "" if none. */
void boot_section_name(const uint8_t *buf, size_t len, char name[33]);
/* End-of-stream checks of a boot image against the total file size. */
void boot_finish(struct mtkfw_image_info *info);

#endif
