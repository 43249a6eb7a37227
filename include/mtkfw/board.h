/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Board profiles (docs/board.md): what board a package was built for, from
 * the few images that say it (preloader, lk, boot image, logo). Driver
 * names are evidence from strings (mtkfw/drivers.h), never proof of the
 * hardware.
 */
#ifndef MTKFW_BOARD_H
#define MTKFW_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mtkfw/check.h"
#include "mtkfw/drivers.h"
#include "mtkfw/image.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Where a fact of the profile came from. */
struct mtkfw_board_source {
	char fact[24];	/**< "lcm", "kernel", "display", "android", ... */
	char file[160]; /**< the package member, with what inside it ("boot.img: kernel") */
};

/** What a package says about the board it was built for. */
struct mtkfw_board {
	char chip[16], project[64];
	char preloader_board[62]; /**< the preloader's own name in its EMI table */
	unsigned n_emi;
	struct mtkfw_emi_record emi[MTKFW_EMI_MAX];
	struct mtkfw_names drivers[MTKFW_DRV_KINDS];
	unsigned width, height; /**< display, from logo.bin's first image (0 = unknown) */
	char kernel[161];	/**< "3.4.67 (builder@host) (gcc ...) #1 SMP ..." */
	/** ro.build.version.release, ro.build.display.id, ro.product.brand/model/device */
	char android_version[16], build[96], brand[48], model[64], device[48], build_type[16];
	char fingerprint[160];	     /**< ro.build.fingerprint (build.prop) */
	struct mtkfw_names factory;  /**< marks of a factory or burn-in build */
	struct mtkfw_names identity; /**< identity partitions the package has files for */
	struct mtkfw_names unread;   /**< what could not be read, and why (one line each) */
	struct mtkfw_board_source sources[24];
	size_t n_sources;
	uint64_t system_streamed; /**< stored bytes of the package's system image streamed */
};

/**
 * Profile the board of a package already checked (info mode is enough: the
 * images needed are read here, and only those; of the system image only the
 * blocks that lead to its build.prop, streamed up to the last of them). 0, or MTKFW_E_NO_MEM; an
 * image that cannot be read leaves its facts empty and says so in unread.
 * Free with mtkfw_board_free().
 */
int mtkfw_board_from_package(struct mtkfw_ctx *ctx, const struct mtkfw_report *rep,
			     struct mtkfw_board *out);

/** The images a profile is made from. */
enum mtkfw_board_image {
	MTKFW_BOARD_PRELOADER, /**< the preloader's name and EMI table (a boot1 dump too) */
	MTKFW_BOARD_LK,	       /**< the LCM drivers built into lk */
	MTKFW_BOARD_LOGO,      /**< the display's size */
	MTKFW_BOARD_BOOT, /**< kernel banner and drivers, ramdisk default.prop, factory marks */
	MTKFW_BOARD_BUILD_PROP, /**< the system partition's build.prop (its text) */
};

/**
 * Add what one image held whole in buf says to a profile (a package's file
 * or what was read from a phone); file names it in sources and unread. 0 or
 * MTKFW_E_NO_MEM; an image that says nothing is listed in unread.
 */
int mtkfw_board_add_image(struct mtkfw_board *b, enum mtkfw_board_image what, const char *file,
			  const uint8_t *buf, size_t len);

struct mtkfw_session;
struct mtkfw_layout;

/**
 * Profile the connected phone's board from the same images, read through the
 * DA only as far as each image's header says it goes (boot1's first 512 KiB,
 * lk's and logo's MTK payload, the boot image's sections, the blocks of the
 * system filesystem that lead to build.prop). The partition
 * names come from l (any verdict: nothing is written). *read_bytes: what was
 * read. 0 or an MTKFW_E_* of the link; free with mtkfw_board_free().
 */
int mtkfw_board_from_phone(struct mtkfw_session *s, const struct mtkfw_layout *l,
			   struct mtkfw_board *out, uint64_t *read_bytes);

void mtkfw_board_free(struct mtkfw_board *b);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_BOARD_H */
