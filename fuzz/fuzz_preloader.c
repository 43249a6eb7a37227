/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Fuzz target: GFH preloader (FILE_INFO, chain, EMI table). */
#include "fuzz_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_with_prefix((const uint8_t *)"MMM\x01\x38\x00\x00\x00"
						 "FILE_INFO\0\0\0",
				20, data, size);
}
