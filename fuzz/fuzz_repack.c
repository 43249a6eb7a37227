/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target: a manifest (mtkfw-image.txt) and a ramdisk list as a user may
 * have edited them, repacked (mtkfw_image_repack): numbers, names, the boot
 * id, logo image lines, list lines. The folder holds a demo boot image
 * unpacked with its ramdisk tree (made once per process). The first byte
 * picks what the rest replaces: even, the manifest; odd, ramdisk.list.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[600], out[600], what[700];
	struct mtkfw_ctx *ctx;
	struct mtkfw_imgpack_result res;
	if (!size || mtkfw_ctx_new(&ctx))
		return 0;
	if (!dir[0]) { /* the folder, once */
		char boot[600];
		struct demo_opts o = {.project = "fuzz", .seed = 2};
		snprintf(boot, sizeof(boot), "%s/boot.img", fuzz_scratch_dir());
		snprintf(dir, sizeof(dir), "%s/unpacked", fuzz_scratch_dir());
		snprintf(out, sizeof(out), "%s/repacked.img", fuzz_scratch_dir());
		if (demo_write_boot(&o, boot, true) ||
		    mtkfw_image_unpack(ctx, boot, dir, MTKFW_UNPACK_RAMDISK_TREE, &res))
			abort();
	}
	snprintf(what, sizeof(what), "%s/%s", dir,
		 data[0] & 1 ? "ramdisk.list" : "mtkfw-image.txt");
	FILE *f = fopen(what, "rb");
	size_t keep_len = 0;
	char *keep = malloc(1 << 16);
	if (f && keep)
		keep_len = fread(keep, 1, 1 << 16, f);
	if (f)
		fclose(f);
	f = fopen(what, "wb");
	if (f) {
		fwrite(data + 1, 1, size - 1, f);
		fclose(f);
		mtkfw_image_repack(ctx, dir, out, &res);
	}
	f = fopen(what, "wb"); /* the folder as it was, for the next input */
	if (f && keep) {
		fwrite(keep, 1, keep_len, f);
		fclose(f);
	}
	free(keep);
	mtkfw_ctx_free(ctx);
	return 0;
}
