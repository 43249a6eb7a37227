/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * logo.bin (docs/images.md): its MTK header kept (header.mtk), then each
 * image of its table inflated: a full-screen image (the size logo.bin's
 * first image gives: 16-bit RGB565 or 32-bit BGRA) as a PNG (libpng),
 * any other (battery digits and the like, whose width logo.bin does not
 * say) as its raw pixel bytes, and beside each its original zlib stream
 * (NNN.z). Repack takes that stream while the image's pixels are those it
 * was made from (their SHA-256 is in the manifest), and deflates a changed
 * image at the level the original stream's header names. The table's
 * offsets follow the images.
 */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "bytes.h"
#include "digest.h"
#include "imgpack_priv.h"
#include "mtkfw/image.h"

#define MTK_HDR	  512u
#define PIXEL_MAX (64u << 20) /* an image's pixels at most */

enum fmt { FMT_RAW, FMT_RGB565 = LOGO_RGB565, FMT_BGRA = LOGO_BGRA };
static const char *const fmt_name[] = {"raw", "rgb565", "bgra8888"};

/* One image's manifest line: "image.NNN: FILE FORMAT WxH zlibL SHA256". */
struct pic {
	char file[32];
	enum fmt fmt;
	uint32_t w, h;
	int level; /* for a changed image */
	char sha[65];
};

/* zlib at level into a new buffer; 0 or MTKFW_E_NO_MEM. */
static int deflate_at(const uint8_t *in, size_t n, int level, uint8_t **out, size_t *olen)
{
	uLongf cap = compressBound((uLong)n);
	uint8_t *b = malloc(cap);
	if (!b || compress2(b, &cap, in, (uLong)n, level) != Z_OK) {
		free(b);
		return MTKFW_E_NO_MEM;
	}
	*out = b;
	*olen = cap;
	return 0;
}

/* The compression level a zlib stream's header names (its FLEVEL bits). */
static int level_of(const uint8_t *z, size_t n)
{
	static const int levels[4] = {1, 5, 6, 9};
	return n >= 2 && (z[0] & 0x0F) == 8 ? levels[z[1] >> 6] : 9;
}

/* ---- PNG ---- */

struct membuf {
	uint8_t *b;
	size_t len, cap;
	const uint8_t *in;
	size_t in_len, at;
};

static void png_put(png_structp png, png_bytep data, size_t n)
{
	struct membuf *m = png_get_io_ptr(png);
	if (mtkfw_grow((void **)&m->b, &m->cap, m->len + n, 1))
		png_error(png, "out of memory");
	memcpy(m->b + m->len, data, n);
	m->len += n;
}

static void png_flush_none(png_structp png)
{
	(void)png;
}

static void png_get(png_structp png, png_bytep data, size_t n)
{
	struct membuf *m = png_get_io_ptr(png);
	if (n > m->in_len - m->at)
		png_error(png, "PNG data ends early");
	memcpy(data, m->in + m->at, n);
	m->at += n;
}

/* libpng's messages are not printed (the library never prints): a warning is dropped. */
static void png_quiet(png_structp png, png_const_charp msg)
{
	(void)png, (void)msg;
}

/* An error goes back to the setjmp of the call, said by the caller. */
static void png_fail(png_structp png, png_const_charp msg)
{
	(void)msg;
	png_longjmp(png, 1);
}

/* Pixels (RGB565 or BGRA) as a PNG (RGB or RGBA, 8 bits) in a new buffer. */
static int png_encode(const uint8_t *px, enum fmt f, uint32_t w, uint32_t h, uint8_t **out,
		      size_t *len)
{
	struct membuf m = {0};
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, png_quiet);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	uint8_t *row = malloc((size_t)w * 4);
	if (!png || !info || !row || setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		free(row);
		free(m.b);
		return MTKFW_E_NO_MEM;
	}
	png_set_write_fn(png, &m, png_put, png_flush_none);
	png_set_compression_level(png, 1);
	png_set_filter(png, 0,
		       PNG_FILTER_SUB); /* one cheap filter: flat logos compress well with it */
	png_set_IHDR(png, info, w, h, 8, f == FMT_BGRA ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_RGB,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (uint32_t y = 0; y < h; y++) {
		for (uint32_t x = 0; x < w; x++) {
			size_t i = (size_t)y * w + x;
			if (f == FMT_RGB565) { /* 5/6 bits widened by repeating their top bits */
				uint16_t c = get_le16(px + 2 * i);
				uint8_t r = c >> 11, g = (c >> 5) & 63, b = c & 31;
				row[3 * x] = (uint8_t)(r << 3 | r >> 2);
				row[3 * x + 1] = (uint8_t)(g << 2 | g >> 4);
				row[3 * x + 2] = (uint8_t)(b << 3 | b >> 2);
			} else {
				const uint8_t *s = px + 4 * i;
				row[4 * x] = s[2], row[4 * x + 1] = s[1], row[4 * x + 2] = s[0];
				row[4 * x + 3] = s[3];
			}
		}
		png_write_row(png, row);
	}
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	free(row);
	*out = m.b;
	*len = m.len;
	return 0;
}

int logo_png_decode(const uint8_t *buf, size_t len, int f, uint32_t w, uint32_t h, uint8_t **out,
		    char *why, size_t why_len)
{
	struct membuf m = {.in = buf, .in_len = len};
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, png_quiet);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	uint8_t *volatile row = NULL, *volatile px = NULL;
	png_bytep *volatile rows = NULL;
	if (!png || !info) {
		png_destroy_read_struct(&png, &info, NULL);
		return MTKFW_E_NO_MEM;
	}
	if (setjmp(png_jmpbuf(png))) {
		snprintf(why, why_len, "not a readable PNG");
		png_destroy_read_struct(&png, &info, NULL);
		free(row);
		free(px);
		free(rows);
		return MTKFW_E_FORMAT;
	}
	png_set_read_fn(png, &m, png_get);
	png_set_user_limits(png, 16384, 16384);
	png_read_info(png, info);
	uint32_t pw = png_get_image_width(png, info), ph = png_get_image_height(png, info);
	if (pw != w || ph != h) {
		snprintf(why, why_len, "%ux%u, the image it stands for is %ux%u", pw, ph, w, h);
		png_destroy_read_struct(&png, &info, NULL);
		return MTKFW_E_FORMAT;
	}
	png_set_expand(png); /* palette, gray below 8 bits, tRNS: to 8-bit RGB(A) */
	png_set_strip_16(png);
	png_set_gray_to_rgb(png);
	png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
	png_set_interlace_handling(png);
	png_read_update_info(png, info);
	if (png_get_rowbytes(png, info) != (size_t)w * 4) {
		snprintf(why, why_len, "a colour type mtkfw cannot turn into RGBA");
		png_destroy_read_struct(&png, &info, NULL);
		return MTKFW_E_FORMAT;
	}
	size_t bpp = f == FMT_BGRA ? 4 : 2;
	row = malloc((size_t)w * 4 * h);
	px = malloc((size_t)w * h * bpp);
	rows = malloc(h * sizeof(*rows));
	if (!row || !px || !rows) {
		png_destroy_read_struct(&png, &info, NULL);
		free(row);
		free(px);
		free(rows);
		return MTKFW_E_NO_MEM;
	}
	for (uint32_t y = 0; y < h; y++)
		rows[y] = row + (size_t)y * w * 4;
	png_read_image(png, rows);
	png_read_end(png, NULL);
	png_destroy_read_struct(&png, &info, NULL);
	free(rows);
	for (size_t i = 0; i < (size_t)w * h; i++) {
		const uint8_t *s = row + 4 * i;
		if (f == FMT_RGB565)
			put_le16(px + 2 * i,
				 (uint16_t)((s[0] >> 3) << 11 | (s[1] >> 2) << 5 | (s[2] >> 3)));
		else
			px[4 * i] = s[2], px[4 * i + 1] = s[1], px[4 * i + 2] = s[0],
			       px[4 * i + 3] = s[3];
	}
	free(row);
	*out = px;
	return 0;
}

/* ---- the table ---- */

/* The table at the payload: count, offsets (count + 1, the last being total); checked. */
static int table(struct pack *p, const uint8_t *pay, size_t len, uint32_t *count, uint32_t **off)
{
	uint32_t n = len >= 8 ? get_le32(pay) : 0, total = len >= 8 ? get_le32(pay + 4) : 0;
	if (!n || n > MTKFW_LOGO_MAX || 8 + 4 * (size_t)n > len || total > len || total < 8 + 4 * n)
		return mtkfw_fail(p->ctx, MTKFW_E_FORMAT,
				  "logo table: %u images, %u bytes, in a %zu-byte payload", n,
				  total, len);
	uint32_t *o = malloc((n + 1) * sizeof(*o));
	if (!o)
		return MTKFW_E_NO_MEM;
	for (uint32_t i = 0; i <= n; i++) {
		o[i] = i < n ? get_le32(pay + 8 + 4 * i) : total;
		if (o[i] < 8 + 4 * n || o[i] > total || (i && o[i] < o[i - 1])) {
			uint32_t at = o[i];
			free(o);
			return mtkfw_fail(p->ctx, MTKFW_E_FORMAT,
					  "logo table: image %u starts at %u, outside %u..%u or "
					  "before the one ahead of it",
					  i, at, 8 + 4 * n, total);
		}
	}
	*count = n;
	*off = o;
	return 0;
}

/* Inflate one image (at most PIXEL_MAX bytes) into a new buffer. */
static int inflate_image(struct pack *p, unsigned i, const uint8_t *z, size_t zlen, uint8_t **out,
			 size_t *len)
{
	z_stream s = {0};
	size_t cap = 1u << 20, n = 0;
	uint8_t *b = malloc(cap);
	int zr = b && inflateInit(&s) == Z_OK ? Z_OK : Z_MEM_ERROR;
	s.next_in = (Bytef *)(uintptr_t)z;
	s.avail_in = (uInt)zlen;
	while (zr == Z_OK) {
		if (n == cap) {
			uint8_t *nb = cap < PIXEL_MAX ? realloc(b, cap * 2) : NULL;
			if (!nb) {
				zr = cap < PIXEL_MAX ? Z_MEM_ERROR : Z_BUF_ERROR;
				break;
			}
			b = nb;
			cap *= 2;
		}
		s.next_out = b + n;
		s.avail_out = (uInt)(cap - n);
		zr = inflate(&s, Z_NO_FLUSH);
		n = cap - s.avail_out;
		if (zr == Z_BUF_ERROR && s.avail_out)
			break; /* input ended before the stream */
	}
	inflateEnd(&s);
	if (zr != Z_STREAM_END) {
		free(b);
		return zr == Z_MEM_ERROR ? MTKFW_E_NO_MEM
					 : mtkfw_fail(p->ctx, MTKFW_E_FORMAT,
						      "logo image %u: its zlib stream does not "
						      "inflate (%d) or is over %u bytes",
						      i, zr, PIXEL_MAX);
	}
	*out = b;
	*len = n;
	return 0;
}

/* Save one image: a PNG when it has the screen's size, else raw; the manifest line. */
static int save_image(struct pack *p, unsigned i, const uint8_t *z, size_t zlen,
		      const struct mtkfw_logo_info *li)
{
	uint8_t *px = NULL, *file = NULL;
	size_t n = 0, flen = 0;
	int r = inflate_image(p, i, z, zlen, &px, &n);
	if (r)
		return r;
	struct pic pc = {.level = level_of(z, zlen)};
	uint64_t screen = (uint64_t)li->width * li->height;
	pc.fmt = screen && li->bpp == 16 && n == screen * 2   ? FMT_RGB565
		 : screen && li->bpp == 32 && n == screen * 4 ? FMT_BGRA
							      : FMT_RAW;
	pc.w = pc.fmt == FMT_RAW ? (uint32_t)n : li->width;
	pc.h = pc.fmt == FMT_RAW ? 1 : li->height;
	snprintf(pc.file, sizeof(pc.file), "%03u.%s", i, pc.fmt == FMT_RAW ? "raw" : "png");
	digest_sha256_hex(px, n, pc.sha);
	if (pc.fmt == FMT_RAW)
		r = pack_write(p, pc.file, px, n);
	else if (!(r = png_encode(px, pc.fmt, pc.w, pc.h, &file, &flen)))
		r = pack_write(p, pc.file, file, flen);
	char zname[32], key[24];
	snprintf(zname, sizeof(zname), "%03u.z", i);
	if (!r)
		r = pack_write(p, zname, z, zlen);
	snprintf(key, sizeof(key), "image.%03u", i);
	if (!r)
		r = pack_set(p, key, "%s %s %ux%u zlib%d %s", pc.file, fmt_name[pc.fmt], pc.w, pc.h,
			     pc.level, pc.sha);
	free(px);
	free(file);
	return r;
}

int logo_unpack(struct pack *p, const uint8_t *img, size_t len)
{
	struct mtkfw_image_info im;
	struct mtkfw_mtkhdr_info h;
	uint32_t n = 0, *off = NULL;
	if (mtkfw_image_identify(img, len, 0, &im))
		return MTKFW_E_NO_MEM;
	int r = mtkfw_mtkhdr_parse(img, len, &h) || h.payload > len - MTK_HDR
			? mtkfw_fail(p->ctx, MTKFW_E_FORMAT, "logo.bin: no MTK header that fits")
			: 0;
	const uint8_t *pay = img + MTK_HDR;
	if (!r)
		r = table(p, pay, h.payload, &n, &off);
	if (!r)
		r = pack_set(p, "name", "%s", h.name);
	if (!r)
		r = pack_set(p, "images", "%u", n);
	if (!r && im.logo.width)
		r = pack_set(p, "screen", "%ux%u %u-bit", im.logo.width, im.logo.height,
			     im.logo.bpp);
	if (!r)
		r = pack_write(p, "header.mtk", img, MTK_HDR);
	for (uint32_t i = 0; !r && i < n; i++)
		r = save_image(p, i, pay + off[i], off[i + 1] - off[i], &im.logo);
	if (!r && off[n] < h.payload) /* bytes of the payload after the table's total */
		r = mtkfw_fail(p->ctx, MTKFW_E_UNSUPPORTED,
			       "logo.bin: %u payload bytes after its table's %u",
			       h.payload - off[n], off[n]);
	if (!r)
		r = pack_trailer_save(p, img + MTK_HDR + h.payload, len - MTK_HDR - h.payload);
	free(off);
	mtkfw_image_info_clear(&im);
	return r;
}

/* A manifest image line, parsed and checked. */
static int parse_pic(struct pack *p, unsigned i, struct pic *pc)
{
	char key[24], v[256], fmt[16];
	snprintf(key, sizeof(key), "image.%03u", i);
	if (!pack_get(p, key, v, sizeof(v)))
		return mtkfw_fail(p->ctx, MTKFW_E_FORMAT, "%s/%s: no %s line", p->dir,
				  MTKFW_IMGPACK_MANIFEST, key);
	if (sscanf(v, "%31s %15s %ux%u zlib%d %64s", pc->file, fmt, &pc->w, &pc->h, &pc->level,
		   pc->sha) != 6 ||
	    strchr(pc->file, '/') || pc->file[0] == '.')
		return mtkfw_fail(p->ctx, MTKFW_E_FORMAT,
				  "%s/%s: %s: '%s' is not 'FILE FORMAT WxH zlibN SHA256'", p->dir,
				  MTKFW_IMGPACK_MANIFEST, key, v);
	pc->fmt = !strcmp(fmt, "rgb565")     ? FMT_RGB565
		  : !strcmp(fmt, "bgra8888") ? FMT_BGRA
		  : !strcmp(fmt, "raw")	     ? FMT_RAW
					     : (enum fmt) - 1;
	if ((int)pc->fmt < 0 || !pc->w || !pc->h || pc->h > 16384 || pc->level < 0 ||
	    pc->level > 9 || (uint64_t)pc->w * pc->h * 4 > PIXEL_MAX)
		return mtkfw_fail(p->ctx, MTKFW_E_FORMAT,
				  "%s/%s: %s: format '%s', size %ux%u or zlib level out of range",
				  p->dir, MTKFW_IMGPACK_MANIFEST, key, fmt, pc->w, pc->h);
	return 0;
}

/* One image's zlib stream: from its PNG or raw file, as the original when unchanged. */
static int load_image(struct pack *p, unsigned i, uint8_t **z, size_t *zlen)
{
	struct pic pc;
	uint8_t *file = NULL, *px = NULL;
	size_t flen = 0;
	char why[128], sha[65], zname[32];
	int r = parse_pic(p, i, &pc);
	if (!r)
		r = pack_read(p, pc.file, PIXEL_MAX, &file, &flen);
	size_t n = pc.fmt == FMT_RAW ? flen : (size_t)pc.w * pc.h * (pc.fmt == FMT_BGRA ? 4 : 2);
	if (!r && pc.fmt == FMT_RAW) {
		px = file;
		file = NULL;
	} else if (!r && logo_png_decode(file, flen, pc.fmt, pc.w, pc.h, &px, why, sizeof(why))) {
		r = mtkfw_fail(p->ctx, MTKFW_E_FORMAT, "%s/%s: %s", p->dir, pc.file, why);
	}
	if (!r)
		digest_sha256_hex(px, n, sha);
	snprintf(zname, sizeof(zname), "%03u.z", i);
	if (!r && !strcmp(sha, pc.sha) && pack_has(p, zname))
		r = pack_read(p, zname, PIXEL_MAX, z, zlen); /* unchanged: the original stream */
	else if (!r)
		r = deflate_at(px, n, pc.level, z, zlen);
	free(file);
	free(px);
	return r;
}

int logo_repack(struct pack *p, uint8_t **out, size_t *len)
{
	uint8_t hdr[MTK_HDR], *img = NULL, *tr = NULL;
	size_t cap = 0, at, tlen = 0;
	uint32_t n = 0;
	char name[64];
	int r = mtk_header_load(p, "header.mtk", hdr);
	if (!r)
		r = pack_get_u32(p, "images", &n);
	if (!r && (!n || n > MTKFW_LOGO_MAX))
		r = mtkfw_fail(p->ctx, MTKFW_E_FORMAT, "%s: images %u, want 1..%u", p->dir, n,
			       MTKFW_LOGO_MAX);
	at = MTK_HDR + 8 + 4 * (size_t)n;
	if (!r && mtkfw_grow((void **)&img, &cap, at, 1))
		r = MTKFW_E_NO_MEM;
	for (uint32_t i = 0; !r && i < n; i++) {
		uint8_t *z = NULL;
		size_t zl = 0;
		r = load_image(p, i, &z, &zl);
		if (!r && (at + zl - MTK_HDR > UINT32_MAX || at + zl > IMGPACK_MAX))
			r = mtkfw_fail(p->ctx, MTKFW_E_TOO_LARGE, "%s: the images pass %u bytes",
				       p->dir, IMGPACK_MAX);
		if (!r && mtkfw_grow((void **)&img, &cap, at + zl, 1))
			r = MTKFW_E_NO_MEM;
		if (!r) {
			put_le32(img + MTK_HDR + 8 + 4 * i, (uint32_t)(at - MTK_HDR));
			memcpy(img + at, z, zl);
			at += zl;
		}
		free(z);
	}
	if (!r)
		r = pack_trailer_load(p, &tr, &tlen);
	if (!r && mtkfw_grow((void **)&img, &cap, at + tlen + 1, 1))
		r = MTKFW_E_NO_MEM;
	if (!r)
		r = mtk_header_patch(p, hdr, pack_get(p, "name", name, sizeof(name)), at - MTK_HDR);
	if (!r) {
		put_le32(img + MTK_HDR, n);
		put_le32(img + MTK_HDR + 4, (uint32_t)(at - MTK_HDR));
		memcpy(img, hdr, MTK_HDR);
		if (tlen)
			memcpy(img + at, tr, tlen);
		*out = img;
		*len = at + tlen;
		img = NULL;
	}
	free(img);
	free(tr);
	return r;
}
