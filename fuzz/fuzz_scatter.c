/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Fuzz target: scatter parser (all three formats) and its query functions. */
#include "mtkfw/mtkfw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mtkfw_ctx *ctx;
	struct mtkfw_scatter *sc;
	if (mtkfw_ctx_new(&ctx))
		return 0;
	if (!mtkfw_scatter_parse(ctx, (const char *)data, size, &sc)) {
		for (size_t i = 0; i < mtkfw_scatter_count(sc); i++) {
			const struct mtkfw_scatter_part *p = mtkfw_scatter_part(sc, i);
			(void)mtkfw_is_identity_partition(p->name);
			(void)mtkfw_scatter_find(sc, p->name);
		}
		mtkfw_scatter_free(sc);
	}
	mtkfw_ctx_free(ctx);
	return 0;
}
