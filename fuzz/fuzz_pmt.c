/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target: the PMT codec. The first byte picks the user-area size the
 * entries are checked against (0 = unknown); the rest is a DA's READ_PMT
 * reply, and its first 4 KiB also an on-flash block. A table that decodes
 * must encode into a block that decodes to the same entries (a grown last
 * partition is written with its clipped size, so only that mark may differ).
 */
#include <stdlib.h>
#include <string.h>

#include "mtkfw/pmt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The same partitions, but for the grown mark. */
static int same_entries(const struct mtkfw_pmt *a, const struct mtkfw_pmt *b)
{
	for (size_t i = 0; i < a->n; i++) {
		const struct mtkfw_pmt_entry *x = &a->e[i], *y = &b->e[i];
		if (strcmp(x->name, y->name) || x->size != y->size || x->offset != y->offset ||
		    x->mask != y->mask || x->table_offset != y->table_offset ||
		    x->reserved != y->reserved)
			return 0;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mtkfw_pmt p, q;
	static uint8_t blk[MTKFW_PMT_BLOCK];
	uint64_t user = size ? (uint64_t)data[0] << 26 : 0; /* 0 .. ~16 GiB */
	const uint8_t *in = size ? data + 1 : data;
	size_t n = size ? size - 1 : 0;
	mtkfw_pmt_decode(in, n, user, &p);
	if (p.state == MTKFW_PMT_OK && p.n <= MTKFW_PMT_BLOCK_MAX) {
		mtkfw_pmt_encode_block(p.e, p.n, false, blk);
		mtkfw_pmt_decode_block(blk, user, &q);
		if (q.state != MTKFW_PMT_OK || q.n != p.n || !same_entries(&p, &q))
			abort(); /* the codec does not round-trip: a bug */
	}
	memset(blk, 0, sizeof(blk));
	memcpy(blk, in, n < sizeof(blk) ? n : sizeof(blk));
	mtkfw_pmt_decode_block(blk, user, &q);
	return 0;
}
