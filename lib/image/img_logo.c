/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * logo.bin (docs/formats.md, "logo.bin"): MTK header "LOGO", then u32 count, u32 total,
 * count u32 offsets (relative to the payload), then count zlib streams. The
 * streams are inflated as the bytes pass to learn each image's size; output
 * goes to a small scratch buffer, so memory does not depend on the image.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "img_priv.h"

struct logo_state {
	uint32_t count, total;
	uint32_t *off; /* count + 1 entries: offsets, then total */
	uint32_t cur;  /* image being inflated */
	uint64_t pos;  /* absolute stream position of the next byte */
	z_stream zs;
	bool img_failed, ended;
	uint32_t out_bytes;
	uint32_t bad_images;
	uint8_t scratch[16384];
	struct mtkfw_image_info *info;
};

static const struct {
	uint32_t w, h;
} resolutions[] = {{240, 320},	{240, 400},  {320, 480},  {480, 800},  {480, 854},  {540, 960},
		   {600, 1024}, {720, 1280}, {768, 1024}, {800, 1280}, {1080, 1920}};

/* Guess width x height from a raw framebuffer size; RGB565 first (MT6572 default). */
static void guess_resolution(struct mtkfw_logo_info *l)
{
	static const uint32_t bpps[] = {2, 4, 3};
	for (size_t b = 0; b < MTKFW_ARRAY_SIZE(bpps); b++)
		for (size_t i = 0; i < MTKFW_ARRAY_SIZE(resolutions); i++)
			if ((uint64_t)resolutions[i].w * resolutions[i].h * bpps[b] ==
			    l->first_size) {
				l->width = resolutions[i].w;
				l->height = resolutions[i].h;
				l->bpp = bpps[b] * 8;
				return;
			}
}

/* Validate the table in the head; allocate the state. 0, MTKFW_E_FORMAT or NO_MEM. */
int logo_begin(struct logo_state **out, const uint8_t *head, size_t len,
	       struct mtkfw_image_info *info)
{
	const uint8_t *p = head + MTKHDR_SIZE;
	size_t avail = len - MTKHDR_SIZE;
	if (len < MTKHDR_SIZE + 8)
		return MTKFW_E_FORMAT;
	uint32_t count = get_le32(p), total = get_le32(p + 4);
	if (!count || count > MTKFW_LOGO_MAX || avail < 8 + 4 * (size_t)count ||
	    total < 8 + 4 * count || total > info->mtk.payload) {
		img_problem(
			info, MTKFW_SEV_ERROR, "image-invalid",
			"logo table is inconsistent: %u images, %u bytes of table data, payload "
			"%u bytes",
			count, total, info->mtk.payload);
		return MTKFW_E_FORMAT;
	}
	struct logo_state *ls = calloc(1, sizeof(*ls));
	uint32_t *off = calloc((size_t)count + 1, sizeof(*off));
	uint32_t *sizes = calloc(count, sizeof(*sizes));
	if (!ls || !off || !sizes || inflateInit(&ls->zs) != Z_OK) {
		free(ls);
		free(off);
		free(sizes);
		return MTKFW_E_NO_MEM;
	}
	for (uint32_t i = 0; i < count; i++)
		off[i] = get_le32(p + 8 + 4 * i);
	off[count] = total;
	for (uint32_t i = 0; i < count; i++)
		if (off[i] > off[i + 1] || (i == 0 && off[0] != 8 + 4 * count)) {
			img_problem(info, MTKFW_SEV_ERROR, "image-invalid",
				    "logo image %u offset 0x%x is out of order (next 0x%x)", i,
				    off[i], off[i + 1]);
			inflateEnd(&ls->zs);
			free(ls);
			free(off);
			free(sizes);
			return MTKFW_E_FORMAT;
		}
	ls->count = count;
	ls->total = total;
	ls->off = off;
	ls->info = info;
	info->logo.count = count;
	info->logo.total = total;
	info->logo.sizes = sizes;
	*out = ls;
	return 0;
}

/* Close the current image's stream and move to the next. */
static void next_image(struct logo_state *ls)
{
	struct mtkfw_logo_info *l = &ls->info->logo;
	if (ls->ended) {
		l->sizes[ls->cur] = ls->out_bytes;
		l->n_sizes = ls->cur + 1;
	} else if (!ls->img_failed) {
		ls->bad_images++;
	}
	ls->cur++;
	ls->out_bytes = 0;
	ls->img_failed = false;
	ls->ended = false;
	inflateReset(&ls->zs);
}

/* Inflate n compressed bytes of the current image, counting the output. */
static void inflate_some(struct logo_state *ls, const uint8_t *p, size_t n)
{
	if (ls->img_failed || ls->ended)
		return;
	ls->zs.next_in = (Bytef *)(uintptr_t)p;
	ls->zs.avail_in = (uInt)n;
	while (ls->zs.avail_in) {
		ls->zs.next_out = ls->scratch;
		ls->zs.avail_out = sizeof(ls->scratch);
		int r = inflate(&ls->zs, Z_NO_FLUSH);
		ls->out_bytes += (uint32_t)(sizeof(ls->scratch) - ls->zs.avail_out);
		if (r == Z_STREAM_END) {
			ls->ended = true; /* padding after the stream is tolerated */
			return;
		}
		if (r != Z_OK) {
			ls->img_failed = true;
			ls->bad_images++;
			return;
		}
	}
}

void logo_feed(struct logo_state *ls, const uint8_t *buf, size_t len)
{
	while (len && ls->cur < ls->count) {
		uint64_t start = MTKHDR_SIZE + (uint64_t)ls->off[ls->cur];
		uint64_t end = MTKHDR_SIZE + (uint64_t)ls->off[ls->cur + 1];
		if (ls->pos < start) { /* the header and table precede image 0 */
			uint64_t skip = start - ls->pos < len ? start - ls->pos : len;
			ls->pos += skip;
			buf += skip;
			len -= (size_t)skip;
			continue;
		}
		size_t n = end - ls->pos < len ? (size_t)(end - ls->pos) : len;
		inflate_some(ls, buf, n);
		ls->pos += n;
		buf += n;
		len -= n;
		if (ls->pos == end)
			next_image(ls);
	}
	ls->pos += len;
}

void logo_finish(struct logo_state *ls, struct mtkfw_image_info *info)
{
	struct mtkfw_logo_info *l = &info->logo;
	if (ls->cur < ls->count)
		img_problem(info, MTKFW_SEV_ERROR, "image-invalid",
			    "logo.bin is truncated: it ends inside image %u of %u", ls->cur,
			    ls->count);
	else if (ls->bad_images)
		img_problem(info, MTKFW_SEV_ERROR, "image-invalid",
			    "%u of %u logo images are not valid zlib streams", ls->bad_images,
			    ls->count);
	if (l->n_sizes) {
		l->first_size = l->sizes[0];
		guess_resolution(l);
	}
	img_summary(info, "logo: %u images", l->count);
	if (l->width)
		img_summary(info, ", first %u bytes = %ux%u %u-bit", l->first_size, l->width,
			    l->height, l->bpp);
	else if (l->n_sizes)
		img_summary(info, ", first %u bytes (resolution not recognised)", l->first_size);
}

void logo_free(struct logo_state *ls)
{
	if (!ls)
		return;
	inflateEnd(&ls->zs);
	free(ls->off);
	free(ls);
}
