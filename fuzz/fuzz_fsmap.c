/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target: filesystem usage maps (ext2/3/4 through libext2fs, FAT16/32)
 * and files read out of ext2/3/4 by path (build.prop, and through a link).
 * The first byte sets the partition size, (byte + 1) MiB; the rest is the
 * partition's head, and every read past it gives zeros.
 */
#include <stdlib.h>
#include <string.h>

#include "mtkfw/mtkfw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct part {
	const uint8_t *p;
	size_t n;
};

static int read_at(void *user, uint64_t off, void *buf, size_t len)
{
	const struct part *h = user;
	size_t have = off < h->n ? h->n - (size_t)off : 0;
	size_t k = have < len ? have : len;
	if (k)
		memcpy(buf, h->p + off, k);
	memset((uint8_t *)buf + k, 0, len - k);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mtkfw_ctx *ctx;
	struct mtkfw_fsmap m;
	if (!size || mtkfw_ctx_new(&ctx))
		return 0;
	struct part h = {data + 1, size - 1};
	uint64_t len = (uint64_t)(data[0] + 1) << 20;
	if (!mtkfw_fsmap_build(ctx, read_at, &h, len, &m)) {
		uint64_t end = 0, used = 0;
		for (size_t i = 0; i < m.n; i++) { /* the contract: sorted, disjoint, inside */
			if ((i && m.ext[i].offset <= end) ||
			    m.ext[i].offset + m.ext[i].length > len)
				__builtin_trap();
			end = m.ext[i].offset + m.ext[i].length;
			used += m.ext[i].length;
		}
		if (used != m.used)
			__builtin_trap();
		mtkfw_fsmap_free(&m);
	}
	static const char *const paths[] = {"/build.prop", "d/link"};
	for (int i = 0; i < 2; i++) {
		uint8_t *text = NULL;
		size_t n = 0;
		if (!mtkfw_ext4_read_file(ctx, read_at, &h, len, paths[i], 1u << 20, &text, &n) &&
		    (!text || text[n] != 0))
			__builtin_trap(); /* the contract: NUL-terminated */
		free(text);
	}
	mtkfw_ctx_free(ctx);
	return 0;
}
