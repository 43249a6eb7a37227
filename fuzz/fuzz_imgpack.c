/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target: taking an image apart (mtkfw_image_unpack with the ramdisk as
 * a folder) and the repack its proof runs: boot headers, MTK headers, the
 * ramdisk's cpio (libarchive; every path checked before anything is made),
 * logo tables and zlib streams, PNG encode and decode. Whatever the input,
 * nothing may be made outside the unpack folder: its parent must hold only
 * the input and that folder afterwards.
 */
#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st, (void)flag, (void)f;
	return remove(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mtkfw_ctx *ctx;
	struct mtkfw_imgpack_result res;
	const char *in = fuzz_put_file("image.bin", data, size);
	char out[600];
	if (!in || mtkfw_ctx_new(&ctx))
		return 0;
	snprintf(out, sizeof(out), "%s/unpacked", fuzz_scratch_dir());
	mtkfw_image_unpack(ctx, in, out, MTKFW_UNPACK_RAMDISK_TREE, &res);
	DIR *d = opendir(fuzz_scratch_dir());
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    strcmp(e->d_name, "image.bin") && strcmp(e->d_name, "unpacked"))
			__builtin_trap(); /* something was made outside the folder */
	if (d)
		closedir(d);
	nftw(out, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	mtkfw_ctx_free(ctx);
	return 0;
}
