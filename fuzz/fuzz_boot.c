/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Fuzz target: Android boot image header and MTK sections. */
#include "fuzz_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_with_prefix((const uint8_t *)"ANDROID!", 8, data, size);
}
