/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target: the board profile's readers. First byte even: the driver-name
 * scanner, fed in chunks of (byte / 2 + 1) bytes; odd: one image held whole,
 * (byte >> 1) % 4 saying which: preloader, lk, logo, or a boot image (its
 * kernel's gzip stream, the ramdisk's cpio through libarchive, default.prop).
 */
#include <stdint.h>
#include <stdlib.h>

#include "mtkfw/mtkfw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	if (data[0] & 1) {
		struct mtkfw_board b = {0};
		mtkfw_board_add_image(&b, (enum mtkfw_board_image)((data[0] >> 1) % 4), "image",
				      data + 1, size - 1);
		mtkfw_board_free(&b);
		return 0;
	}
	struct mtkfw_driver_scan *s;
	if (mtkfw_driver_scan_new(&s))
		return 0;
	size_t step = (size_t)data[0] / 2 + 1;
	for (size_t i = 1; i < size; i += step)
		if (mtkfw_driver_scan_feed(s, data + i, size - i < step ? size - i : step))
			break;
	for (int k = 0; k < MTKFW_DRV_KINDS; k++)
		(void)mtkfw_driver_scan_names(s, k);
	(void)mtkfw_driver_scan_linux_version(s);
	mtkfw_driver_scan_free(s);
	return 0;
}
