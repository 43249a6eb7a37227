/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Streaming sparse decoder: extents, every chunk type, and each kind of damage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "testutil.h"

#define BLK 4096

/* Build a sparse image: RAW(2 blocks) FILL(3) DONT_CARE(4) CRC RAW(1). */
static size_t build(uint8_t *out, uint32_t total_blks, uint32_t chunks)
{
	uint8_t *p = out;
	put_le32(p, MTKFW_SPARSE_MAGIC);
	put_le16(p + 4, 1);
	put_le16(p + 6, 0);
	put_le16(p + 8, 28);
	put_le16(p + 10, 12);
	put_le32(p + 12, BLK);
	put_le32(p + 16, total_blks);
	put_le32(p + 20, chunks);
	put_le32(p + 24, 0);
	p += 28;
	struct {
		uint16_t type;
		uint32_t blocks, body;
	} c[] = {{0xCAC1, 2, 2 * BLK},
		 {0xCAC2, 3, 4},
		 {0xCAC3, 4, 0},
		 {0xCAC4, 0, 4},
		 {0xCAC1, 1, BLK}};
	for (int i = 0; i < 5; i++) {
		put_le16(p, c[i].type);
		put_le16(p + 2, 0);
		put_le32(p + 4, c[i].blocks);
		put_le32(p + 8, 12 + c[i].body);
		p += 12;
		for (uint32_t k = 0; k < c[i].body; k++)
			p[k] = (uint8_t)(i * 16 + k % 7);
		p += c[i].body;
	}
	return (size_t)(p - out);
}

struct seen {
	uint64_t data, fill, skip, next_off;
	uint32_t fill_value;
	int order_ok;
};

static int collect(void *user, const struct mtkfw_extent *e)
{
	struct seen *s = user;
	if (e->offset != s->next_off)
		s->order_ok = 0;
	s->next_off = e->offset + e->length;
	if (e->kind == MTKFW_EXTENT_DATA)
		s->data += e->length;
	else if (e->kind == MTKFW_EXTENT_FILL) {
		s->fill += e->length;
		s->fill_value = e->fill;
	} else
		s->skip += e->length;
	return 0;
}

static int feed_all(const uint8_t *img, size_t len, size_t piece, struct seen *s,
		    struct mtkfw_sparse_dec **out)
{
	struct mtkfw_sparse_dec *d;
	assert_int_equal(mtkfw_sparse_dec_new(&d, collect, s), 0);
	int r = 0;
	for (size_t i = 0; !r && i < len; i += piece)
		r = mtkfw_sparse_dec_feed(d, img + i, len - i < piece ? len - i : piece);
	if (!r)
		r = mtkfw_sparse_dec_finish(d);
	*out = d;
	return r;
}

static void sparse_extents_cover_the_image_in_order(void **state)
{
	(void)state;
	static uint8_t img[64 * 1024];
	size_t len = build(img, 10, 5);
	size_t pieces[] = {1, 7, 4096, sizeof(img)};
	for (size_t k = 0; k < 4; k++) {
		struct seen s = {.order_ok = 1};
		struct mtkfw_sparse_dec *d;
		assert_int_equal(feed_all(img, len, pieces[k], &s, &d), 0);
		assert_true(s.order_ok);
		assert_int_equal(s.data, 3 * BLK);
		assert_int_equal(s.fill, 3 * BLK);
		assert_int_equal(s.skip, 4 * BLK);
		assert_int_equal(s.fill_value, get_le32(img + 28 + 12 + 2 * BLK + 12));
		uint32_t counts[4];
		mtkfw_sparse_dec_counts(d, counts);
		assert_int_equal(counts[0], 2);
		assert_int_equal(counts[1], 1);
		assert_int_equal(counts[2], 1);
		assert_int_equal(counts[3], 1);
		assert_int_equal(mtkfw_sparse_dec_header(d)->total_blks, 10);
		mtkfw_sparse_dec_free(d);
	}
}

static void sparse_damage_is_named(void **state)
{
	(void)state;
	static uint8_t img[64 * 1024];
	struct seen s = {0};
	struct mtkfw_sparse_dec *d;
	size_t len = build(img, 10, 5);
	/* Truncated. */
	assert_int_equal(feed_all(img, len - 10, 100, &s, &d), MTKFW_E_FORMAT);
	assert_non_null(strstr(mtkfw_sparse_dec_error(d), "truncated sparse image"));
	mtkfw_sparse_dec_free(d);
	/* Trailing bytes. */
	assert_int_equal(feed_all(img, len + 5, 100, &s, &d), MTKFW_E_FORMAT);
	assert_non_null(strstr(mtkfw_sparse_dec_error(d), "trailing data"));
	mtkfw_sparse_dec_free(d);
	/* Header says fewer blocks than the chunks carry. */
	build(img, 9, 5);
	assert_int_equal(feed_all(img, len, 100, &s, &d), MTKFW_E_FORMAT);
	assert_non_null(strstr(mtkfw_sparse_dec_error(d), "run past the image"));
	mtkfw_sparse_dec_free(d);
	/* RAW chunk whose total size disagrees with its blocks. */
	build(img, 10, 5);
	put_le32(img + 28 + 8, 12 + BLK);
	assert_int_equal(feed_all(img, len, 100, &s, &d), MTKFW_E_FORMAT);
	assert_non_null(strstr(mtkfw_sparse_dec_error(d), "RAW body"));
	mtkfw_sparse_dec_free(d);
	/* Unknown chunk type, bad block size, bad magic. */
	build(img, 10, 5);
	put_le16(img + 28, 0xCAFF);
	assert_int_equal(feed_all(img, len, 100, &s, &d), MTKFW_E_FORMAT);
	assert_non_null(strstr(mtkfw_sparse_dec_error(d), "unknown chunk type 0xcaff"));
	mtkfw_sparse_dec_free(d);
	build(img, 10, 5);
	put_le32(img + 12, 1002);
	assert_int_equal(feed_all(img, len, 100, &s, &d), MTKFW_E_FORMAT);
	assert_non_null(strstr(mtkfw_sparse_dec_error(d), "block size 1002"));
	mtkfw_sparse_dec_free(d);
	img[0] = 0;
	assert_int_equal(feed_all(img, len, 100, &s, &d), MTKFW_E_FORMAT);
	assert_non_null(strstr(mtkfw_sparse_dec_error(d), "not a sparse image"));
	mtkfw_sparse_dec_free(d);
}

static int stop_at_fill(void *user, const struct mtkfw_extent *e)
{
	(void)user;
	return e->kind == MTKFW_EXTENT_FILL ? MTKFW_E_CANCELLED : 0;
}

static void sparse_callback_can_stop_decoding(void **state)
{
	(void)state;
	static uint8_t img[64 * 1024];
	size_t len = build(img, 10, 5);
	struct mtkfw_sparse_dec *d;
	assert_int_equal(mtkfw_sparse_dec_new(&d, stop_at_fill, NULL), 0);
	assert_int_equal(mtkfw_sparse_dec_feed(d, img, len), MTKFW_E_CANCELLED);
	mtkfw_sparse_dec_free(d);
}

static void sparse_probe_reports_sizes_and_too_large_content(void **state)
{
	(void)state;
	static uint8_t img[64 * 1024];
	size_t len = build(img, 10, 5);
	struct mtkfw_image_info im;
	assert_int_equal(mtkfw_image_identify(img, len, 0, &im), 0);
	assert_int_equal(im.kind, MTKFW_IMG_SPARSE);
	assert_int_equal(im.content_size, 10 * BLK);
	assert_int_equal(im.sparse.raw_bytes, 3 * BLK);
	assert_int_equal(im.sparse.fill_bytes, 3 * BLK);
	assert_int_equal(im.sparse.skip_bytes, 4 * BLK);
	assert_int_equal(im.n_problems, 0);
	mtkfw_image_info_clear(&im);
	assert_int_equal(mtkfw_image_identify(img, len - 1, 0, &im), 0);
	assert_int_equal(im.n_problems, 1);
	assert_string_equal(im.problems[0].code, "image-invalid");
	mtkfw_image_info_clear(&im);
}

/* The one test of "is this sparse": the magic, little-endian, and nothing short of it. */
static void sparse_is_detected_by_its_magic_alone(void **state)
{
	(void)state;
	static uint8_t img[64 * 1024];
	size_t len = build(img, 10, 5);
	assert_true(mtkfw_sparse_detect(img, len));
	assert_true(mtkfw_sparse_detect(img, 4));
	assert_false(mtkfw_sparse_detect(img, 3));
	assert_false(mtkfw_sparse_detect(img, 0));
	put_be32(img, MTKFW_SPARSE_MAGIC);
	assert_false(mtkfw_sparse_detect(img, len));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sparse_extents_cover_the_image_in_order),
		cmocka_unit_test(sparse_damage_is_named),
		cmocka_unit_test(sparse_callback_can_stop_decoding),
		cmocka_unit_test(sparse_probe_reports_sizes_and_too_large_content),
		cmocka_unit_test(sparse_is_detected_by_its_magic_alone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
