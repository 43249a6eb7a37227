/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Shared body of the image fuzz targets: prefix the input with a format's
 * magic (so each target reaches its own parser), then identify it twice: in
 * one piece and in small pieces (exercising the streaming readers).
 */
#include <stdlib.h>
#include <string.h>

#include "mtkfw/mtkfw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void identify_both_ways(const uint8_t *buf, size_t len)
{
	struct mtkfw_image_info a, b;
	struct mtkfw_probe *p;
	if (!mtkfw_image_identify(buf, len, MTKFW_PROBE_BYTESUM, &a))
		mtkfw_image_info_clear(&a);
	if (mtkfw_probe_new(&p, 0))
		return;
	size_t step = len % 61 + 1;
	for (size_t i = 0; i < len; i += step)
		mtkfw_probe_feed(p, buf + i, len - i < step ? len - i : step);
	if (!mtkfw_probe_finish(p, &b))
		mtkfw_image_info_clear(&b);
	mtkfw_probe_free(p);
}

static int fuzz_with_prefix(const uint8_t *prefix, size_t plen, const uint8_t *data, size_t size)
{
	uint8_t *buf = malloc(plen + size + 1);
	if (!buf)
		return 0;
	memcpy(buf, prefix, plen);
	memcpy(buf + plen, data, size);
	identify_both_ways(buf, plen + size);
	free(buf);
	return 0;
}
