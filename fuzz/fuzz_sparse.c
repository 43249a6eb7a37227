/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Fuzz target: sparse image decoder. */
#include "fuzz_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_with_prefix((const uint8_t *)"\x3a\xff\x26\xed\x01\x00\x00\x00\x1c\x00\x0c\x00",
				12, data, size);
}
