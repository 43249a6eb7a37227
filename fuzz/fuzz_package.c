/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target: the package reader and the whole check on an archive made of
 * the input (libarchive's ZIP/7z/tar readers, member judgement, scatter
 * discovery, matching and image streaming).
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "mtkfw/mtkfw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/mtkfw-fuzz-pkg-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	struct mtkfw_ctx *ctx;
	if (!mtkfw_ctx_new(&ctx)) {
		struct mtkfw_check_opts o = {.read_images = true, .bytesum = true};
		struct mtkfw_report *r;
		if (!mtkfw_check_package(ctx, path, &o, &r))
			mtkfw_report_free(r);
		mtkfw_ctx_free(ctx);
	}
	unlink(path);
	return 0;
}
