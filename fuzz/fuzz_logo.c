/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Fuzz target: logo.bin table and its streamed zlib images (MTK "LOGO" header given). */
#include "fuzz_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t h[512];
	memset(h, 0xFF, sizeof(h));
	memcpy(h, "\x88\x16\x88\x58", 4);
	h[4] = (uint8_t)size;
	h[5] = (uint8_t)(size >> 8);
	h[6] = (uint8_t)(size >> 16);
	h[7] = (uint8_t)(size >> 24);
	memset(h + 8, 0, 32);
	memcpy(h + 8, "LOGO", 4);
	return fuzz_with_prefix(h, sizeof(h), data, size);
}
