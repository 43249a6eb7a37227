/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Fuzz target: preloader behind an EMMC_BOOT/BRLYT header. */
#include "fuzz_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_with_prefix((const uint8_t *)"EMMC_BOOT\0\0\0\x01\0\0\0", 16, data, size);
}
