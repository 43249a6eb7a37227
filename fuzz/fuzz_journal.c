/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Fuzz target: a flash journal (what --resume reads after an interrupted flash). */
#include "fuzz_util.h"
#include "journal.h"
#include "mtkfw/mtkfw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mtkfw_ctx *ctx;
	static struct journal j;
	const char *path = fuzz_put_file("journal", data, size);
	if (!path || mtkfw_ctx_new(&ctx))
		return 0;
	(void)journal_read(ctx, path, &j);
	mtkfw_ctx_free(ctx);
	return 0;
}
