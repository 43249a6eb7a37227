/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the image unpackers (imgpack_*.c) share: the folder, its manifest, trailers. */
#ifndef MTKFW_IMGPACK_PRIV_H
#define MTKFW_IMGPACK_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "mtkfw/imgpack.h"

#define IMGPACK_MAX (64u << 20) /* an image taken apart is held whole: at most this */

/** A folder being written (unpack) or read (repack), with its manifest's lines. */
struct pack {
	struct mtkfw_ctx *ctx;
	const char *dir;
	char *text; /* unpack: the manifest as it grows; repack: as read */
	size_t len, cap;
	unsigned files;
};

/** Add "key: value" to the manifest (value printf-formatted, one line). 0 or MTKFW_E_NO_MEM. */
int pack_set(struct pack *p, const char *key, const char *fmt, ...) MTKFW_PRINTF(3, 4);

/** A manifest value (NULL when absent), copied into buf (at most n bytes). */
const char *pack_get(const struct pack *p, const char *key, char *buf, size_t n);

/** A number of the manifest (decimal or 0x hex); MTKFW_E_FORMAT naming the key. */
int pack_get_u32(const struct pack *p, const char *key, uint32_t *out);

/** A whole file (at most max bytes, NUL added) into a new buffer; MTKFW_E_NOT_FOUND when absent. */
int pack_read_file(struct mtkfw_ctx *ctx, const char *path, size_t max, uint8_t **buf, size_t *len);

/** Write name (a plain file name) inside the folder. */
int pack_write(struct pack *p, const char *name, const void *buf, size_t len);

/** Read name of the folder whole (at most max bytes); MTKFW_E_NOT_FOUND when absent (said). */
int pack_read(struct pack *p, const char *name, size_t max, uint8_t **buf, size_t *len);

/** True when the folder has a file of that name. */
bool pack_has(const struct pack *p, const char *name);

/**
 * Keep the bytes after an image: as "trailer_fill"/"trailer_size" when all
 * one byte (a partition dump's padding), else as the file "trailer".
 */
int pack_trailer_save(struct pack *p, const uint8_t *buf, size_t len);

/** The trailer pack_trailer_save kept (NULL, 0 when none). */
int pack_trailer_load(struct pack *p, uint8_t **buf, size_t *len);

/** Read a kept 512-byte MTK header (file in the folder), checked. */
int mtk_header_load(struct pack *p, const char *file, uint8_t hdr[512]);

/** Set a kept MTK header's payload size and, when it differs, its name. */
int mtk_header_patch(struct pack *p, uint8_t hdr[512], const char *name, size_t payload);

/**
 * The ramdisk (the folder's file "ramdisk", a cpio, gzip'd or not) also as a
 * folder ramdisk.d with a list of every entry's type, mode, owner, device
 * number and time (ramdisk.list); nothing but plain files and folders is
 * made on disk, and no path leads out of ramdisk.d.
 */
int ramdisk_tree_save(struct pack *p);

/**
 * The ramdisk to repack: the file "ramdisk", unless the folder ramdisk.d or
 * its list changed since the unpack: then a new cpio (newc, gzip'd when the
 * original was) from the list and the folder, in the list's order, files new
 * in the folder after it.
 */
int ramdisk_load(struct pack *p, uint8_t **buf, size_t *len);

#define LOGO_RGB565 1
#define LOGO_BGRA   2

/**
 * A PNG of any depth and colour type that must be w x h, into pixels of
 * format f (LOGO_RGB565 or LOGO_BGRA) in a new buffer. MTKFW_E_FORMAT with
 * the reason in why (its size, or "not a readable PNG"); nothing printed.
 */
int logo_png_decode(const uint8_t *buf, size_t len, int f, uint32_t w, uint32_t h, uint8_t **out,
		    char *why, size_t why_len);

/* The kinds: each unpacks an image held whole, and repacks into a new buffer. */
int boot_unpack(struct pack *p, const uint8_t *img, size_t len, unsigned flags);
int boot_repack(struct pack *p, uint8_t **out, size_t *len);
int mtk_unpack(struct pack *p, const uint8_t *img, size_t len);
int mtk_repack(struct pack *p, uint8_t **out, size_t *len);
int logo_unpack(struct pack *p, const uint8_t *img, size_t len);
int logo_repack(struct pack *p, uint8_t **out, size_t *len);

#endif
