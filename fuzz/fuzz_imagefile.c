/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target: a local sparse image read at any offset (mtkfw_image_file:
 * the chunk index built by skipping RAW bodies), against the streaming
 * decoder as the oracle: for an image of at most 1 MiB expanded, every byte
 * the index reads must be the byte the decoder gives. The input follows a
 * sparse file header (magic, version 1.0, 28/12-byte headers).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

#define ORACLE_MAX (1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct expand {
	uint8_t *img;
	uint64_t size;
};

static int put(void *user, const struct mtkfw_extent *e)
{
	struct expand *x = user;
	if (e->offset > x->size || e->length > x->size - e->offset)
		__builtin_trap(); /* the decoder's contract: inside the header's size */
	for (uint64_t i = 0; i < e->length; i++)
		x->img[e->offset + i] = e->kind == MTKFW_EXTENT_DATA ? e->data[i]
					: e->kind == MTKFW_EXTENT_FILL
						? mtkfw_fill_byte(e->fill, e->offset + i)
						: 0;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t head[12] = {0x3a, 0xff, 0x26, 0xed, 1, 0, 0, 0, 28, 0, 12, 0};
	uint8_t *file = malloc(sizeof(head) + size + 1);
	struct mtkfw_ctx *ctx;
	if (!file || mtkfw_ctx_new(&ctx)) {
		free(file);
		return 0;
	}
	memcpy(file, head, sizeof(head));
	memcpy(file + sizeof(head), data, size);
	const char *path = fuzz_put_file("sparse.img", file, sizeof(head) + size);
	struct mtkfw_image_file *f = NULL;
	if (path && !mtkfw_image_file_open(ctx, path, &f)) {
		uint64_t n = mtkfw_image_file_size(f);
		struct expand x = {n <= ORACLE_MAX ? calloc(1, n + 1) : NULL, n};
		struct mtkfw_sparse_dec *d = NULL;
		uint8_t *got = x.img ? malloc(n + 1) : NULL;
		if (got && !mtkfw_sparse_dec_new(&d, put, &x) &&
		    !mtkfw_sparse_dec_feed(d, file, sizeof(head) + size) &&
		    !mtkfw_sparse_dec_finish(d) && !mtkfw_image_file_read(f, 0, got, n) &&
		    memcmp(got, x.img, n))
			__builtin_trap(); /* the index and the decoder disagree */
		uint8_t b[16];
		if (n >= 16) /* reads past the end are refused, never served */
			mtkfw_image_file_read(f, n - 8, b, 16);
		mtkfw_sparse_dec_free(d);
		free(got);
		free(x.img);
		mtkfw_image_file_close(f);
	}
	free(file);
	mtkfw_ctx_free(ctx);
	return 0;
}
