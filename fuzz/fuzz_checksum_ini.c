/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Fuzz target: Checksum.ini parser. */
#include <stdlib.h>

#include "mtkfw/mtkfw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mtkfw_ctx *ctx;
	struct mtkfw_checksum_ini *ini;
	if (mtkfw_ctx_new(&ctx))
		return 0;
	if (!mtkfw_checksum_ini_parse(ctx, (const char *)data, size, &ini)) {
		for (size_t i = 0; i < mtkfw_checksum_ini_count(ini); i++)
			(void)mtkfw_checksum_ini_find(ini, mtkfw_checksum_ini_entry(ini, i)->name);
		mtkfw_checksum_ini_free(ini);
	}
	mtkfw_ctx_free(ctx);
	return 0;
}
