/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target: a PNG a user put in an unpacked logo folder, decoded for the
 * repack (libpng with every transform to 8-bit RGBA). The first byte picks
 * the pixel format (even: RGB565, odd: BGRA) and, with the second, the size
 * the PNG must have (1..64 x 1..64).
 */
#include <stdint.h>
#include <stdlib.h>

#include "imgpack_priv.h" /* logo_png_decode: the targets link the static library */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	uint8_t *px = NULL;
	char why[128];
	uint32_t w = (data[0] >> 1) % 64 + 1, h = data[1] % 64 + 1;
	if (!logo_png_decode(data + 2, size - 2, data[0] & 1 ? LOGO_BGRA : LOGO_RGB565, w, h, &px,
			     why, sizeof(why)))
		free(px);
	return 0;
}
