/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Firmware packages from a working phone (docs/backup.md): the phone's own
 * layout as a V1.1.1 scatter, a flashable package split from a readback, and
 * the split of an existing full dump (SP Flash Tool's ROM_0 readback).
 */
#ifndef MTKFW_DUMP_H
#define MTKFW_DUMP_H

#include "mtkfw/check.h"
#include "mtkfw/image.h"
#include "mtkfw/emmc.h"
#include "mtkfw/scatter.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MTKFW_DEVICE_ROWS_MAX 66 /**< PMT entries (64) + reserved tail + spare */

/** One partition of a phone's layout, and what a dump made of it. */
struct mtkfw_device_row {
	char name[65];
	char file[96];	  /**< image file name; "" = none (not downloadable) */
	const char *type; /**< scatter type: SV5_BL_BIN, NORMAL_ROM, YAFFS_IMG, or NULL */
	const char *operation;
	bool identity; /**< NVRAM, PRO_INFO, PROTECT_F/S, SECCFG */
	bool download;
	bool reserved;	 /**< counted from the end of the user area (0xFFFFnnnn) */
	uint64_t linear; /**< scatter linear_start_addr */
	uint64_t size;	 /**< partition_size as the layout gives it (PRELOADER: its linear span) */
	struct mtkfw_range range;
	enum mtkfw_image_kind kind; /**< what the dump found there */
	uint64_t image_bytes;	    /**< bytes of the image file written (0 = none) */
	uint64_t read_bytes;	    /**< bytes read from the phone for it (free space is not) */
};

/** A phone's layout as scatter rows (from its layout, mtkfw/layout.h). */
struct mtkfw_device_scatter {
	char platform[16]; /**< "MT6572" */
	char project[64];  /**< from the preloader when known, else "mtkfw_dump" */
	size_t n;
	struct mtkfw_device_row p[MTKFW_DEVICE_ROWS_MAX];
};

/**
 * The connected phone's layout l as scatter rows (sorted by address): the
 * boot1 PRELOADER row, every partition, and a BMTPOOL row for the space the
 * partitions leave at the end of the user area. l must be trusted. Firmware partitions (those SP
 * Flash Tool has a file name for, FAT excepted: it is the user's storage)
 * are downloadable; identity partitions only with with_identity. The
 * project name comes from the preloader in boot1 when it has one.
 */
int mtkfw_device_scatter_build(struct mtkfw_session *s, const struct mtkfw_layout *l,
			       bool with_identity, struct mtkfw_device_scatter *out);

/** The layout as a V1.1.1 scatter text (malloc'd) that SP Flash Tool and mtkfw load. */
int mtkfw_device_scatter_text(const struct mtkfw_device_scatter *l, char **out);

/** Options of mtkfw_dump_package(). */
struct mtkfw_dump_opts {
	bool with_identity; /**< include (downloadable) NVRAM, PRO_INFO, PROTECT_F/S, SECCFG */
	mtkfw_progress_cb progress; /**< per partition read */
	void *user;
	/** Called before each partition is read (name), may be NULL. */
	void (*on_part)(void *user, const struct mtkfw_device_row *p);
};

/**
 * Make a flashable package of the phone in dir (which must not exist):
 * the scatter, the preloader taken out of boot1 without its EMMC_BOOT
 * header, each partition's image trimmed to what its header says (ext4 as
 * Android sparse images, other data to its last non-zero byte; empty
 * partitions are left out), and a Checksum.ini. Written under dir.incomplete
 * and renamed when whole.
 */
int mtkfw_dump_package(struct mtkfw_session *s, const struct mtkfw_layout *l, const char *dir,
		       const struct mtkfw_dump_opts *o, struct mtkfw_device_scatter *out);

/**
 * Split a full dump of the user area (a readback from address 0, as SP Flash
 * Tool's ROM_0) into one image per scatter partition in dir, zero blocks as
 * holes. Rows in the boot area or beyond the dump's end are listed in
 * *skipped (comma-separated, malloc'd, may be NULL).
 */
int mtkfw_split_dump(struct mtkfw_ctx *ctx, const char *dump, const struct mtkfw_scatter *sc,
		     const char *dir, mtkfw_progress_cb progress, void *user, char **skipped);

/** What mtkfw_package_convert() wrote. */
struct mtkfw_convert_result {
	size_t images;		/**< image files written */
	size_t left_out;	/**< images of the package not carried (identity unless asked) */
	uint64_t trimmed_bytes; /**< padding and boot1 headers taken off */
};

/**
 * Write a clean SP Flash Tool package into dir (which must not exist) from a
 * package checked with read_images (mostly a backup made by a readback tool,
 * mtkfw_report_origin()): each image as the phone needs it (a padded
 * partition dump trimmed to its MTK image, the preloader taken out of a dump
 * of boot1), rows without an image not downloaded, identity partitions left
 * out unless with_identity, a v1.1 scatter and a Checksum.ini. Written under
 * dir.incomplete, checked, then renamed.
 */
int mtkfw_package_convert(struct mtkfw_ctx *ctx, const struct mtkfw_report *rep, const char *dir,
			  bool with_identity, struct mtkfw_convert_result *out);

/**
 * Convert a raw image file (holes welcome) into an Android sparse image at
 * out (android-libsparse: zero and fill blocks become FILL chunks).
 */
int mtkfw_sparse_write_from_raw(struct mtkfw_ctx *ctx, const char *raw, const char *out);

/** Pack the files of a folder (flat) into a ZIP archive at zip (libarchive, deflate). */
int mtkfw_zip_folder(struct mtkfw_ctx *ctx, const char *dir, const char *zip);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_DUMP_H */
