/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Fuzz target: a backup's manifest.json (mtkfw_backup_load), then its verification. */
#include "fuzz_util.h"
#include "mtkfw/mtkfw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mtkfw_ctx *ctx;
	static struct mtkfw_backup b;
	if (!fuzz_put_file("manifest.json", data, size) || mtkfw_ctx_new(&ctx))
		return 0;
	if (!mtkfw_backup_load(ctx, fuzz_scratch_dir(), &b)) {
		(void)mtkfw_backup_find(&b, "NVRAM");
		(void)mtkfw_backup_verify(ctx, &b, NULL,
					  NULL); /* files are absent: must fail cleanly */
	}
	mtkfw_ctx_free(ctx);
	return 0;
}
