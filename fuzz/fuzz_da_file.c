/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Fuzz target: the DA file container (MTK_DOWNLOAD_AGENT index, entries, regions). */
#include <stdlib.h>

#include "fuzz_util.h"
#include "mtkfw/mtkfw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mtkfw_ctx *ctx;
	struct mtkfw_da_file *df;
	struct mtkfw_da_entry e;
	const char *path = fuzz_put_file("da.bin", data, size);
	if (!path || mtkfw_ctx_new(&ctx))
		return 0;
	if (!mtkfw_da_file_open(ctx, path, &df)) {
		if (!mtkfw_da_file_select(ctx, df, 0x6572, 0xCA01, 0, &e)) {
			for (unsigned i = 0; i < e.n_regions && i < 10; i++) {
				uint8_t *buf = NULL;
				if (!mtkfw_da_file_load(ctx, df, &e.r[i], &buf))
					free(buf);
			}
		}
		mtkfw_da_file_close(df);
	}
	mtkfw_ctx_free(ctx);
	return 0;
}
