/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Taking MT6572 images apart and putting them back (docs/images.md): Android
 * boot and recovery images (v0, kernel and ramdisk behind MTK headers),
 * logo.bin (every image as a PNG), and any other image behind an MTK header
 * (lk.bin). An unpacked folder holds a manifest (mtkfw-image.txt: "key:
 * value" lines a user may edit), the parts as files, and what the parts do
 * not say (a header page, MTK headers, trailing padding) so that a repack
 * without edits gives the same bytes. Every unpack proves that: it repacks
 * into a scratch file and compares.
 */
#ifndef MTKFW_IMGPACK_H
#define MTKFW_IMGPACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mtkfw/core.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MTKFW_IMGPACK_MANIFEST "mtkfw-image.txt"

/** Unpack flags. */
#define MTKFW_UNPACK_RAMDISK_TREE 0x1 /**< also extract a boot image's ramdisk as a folder */

/** What an unpack or repack did. */
struct mtkfw_imgpack_result {
	char kind[24];	 /**< "android-boot", "logo", "mtk" */
	unsigned files;	 /**< files written into the folder (unpack) */
	uint64_t bytes;	 /**< bytes of the image (read by unpack, written by repack) */
	bool exact;	 /**< unpack: a repack without edits gives the same bytes */
	char note[256];	 /**< unpack: why not exact; repack: what was rebuilt, or "" */
	char sha256[65]; /**< of the image read (unpack) or written (repack) */
};

/**
 * Unpack the image file into dir (created; it must not exist or be empty).
 * Nothing is written outside dir, and names inside an image (a ramdisk's
 * paths) never lead out of it. MTKFW_E_UNSUPPORTED for an image of a kind
 * mtkfw cannot take apart; MTKFW_E_FORMAT naming the field for a damaged
 * one.
 */
int mtkfw_image_unpack(struct mtkfw_ctx *ctx, const char *file, const char *dir, unsigned flags,
		       struct mtkfw_imgpack_result *res);

/**
 * Build the image described by dir's manifest into out (written to a
 * temporary name, then renamed). Sizes, page alignment and the boot image's
 * SHA-1 id follow the parts; a part that cannot be represented (a PNG of the
 * wrong size, a ramdisk path leading out) is refused naming it.
 */
int mtkfw_image_repack(struct mtkfw_ctx *ctx, const char *dir, const char *out,
		       struct mtkfw_imgpack_result *res);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_IMGPACK_H */
