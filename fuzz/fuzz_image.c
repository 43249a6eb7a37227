/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Fuzz target: generic identification (any format). */
#include "fuzz_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_with_prefix((const uint8_t *)"", 0, data, size);
}
