/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The board a package was built for (docs/board.md): the preloader's name
 * and EMI table, LCM drivers named in lk, the kernel's banner and driver
 * names (its gzip image inflated as it streams, or its LZ4 one decoded
 * block by block), default.prop and
 * factory marks in the ramdisk (a cpio read with libarchive), the display
 * from logo.bin. Only those images are read, each at most once.
 */
#include <archive.h>
#include <archive_entry.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lz4.h>
#include <zlib.h>

#include "bytes.h"
#include "check_priv.h"
#include "mtkfw/board.h"
#include "mtkfw/ext4.h"
#include "mtkfw/image_source.h"
#include "mtkfw/scatter.h"

#define LK_MAX		 (8u << 20)
#define LOGO_MAX	 (32u << 20)
#define BOOT_MAX	 (64u << 20)
#define PL_MAX		 (4u << 20)
#define PROP_MAX	 (256u * 1024)
#define INFLATE_BUF	 (256u * 1024)
#define LZ4_LEGACY_MAGIC 0x184C2102u
#define LZ4_LEGACY_BLOCK (8 << 20)   /* a legacy frame's blocks decode to at most this */
#define VIEW_CAP	 (32u << 20) /* what a build.prop lookup may hold of system.img */
#define VIEW_PASSES	 12

struct bctx {
	struct mtkfw_ctx *ctx;
	const struct mtkfw_report *rep;
	struct mtkfw_board *b;
};

/* Record where a fact came from. */
static void source(struct bctx *c, const char *fact, const char *file, const char *what)
{
	struct mtkfw_board *b = c->b;
	if (b->n_sources >= MTKFW_ARRAY_SIZE(b->sources))
		return;
	struct mtkfw_board_source *s = &b->sources[b->n_sources++];
	snprintf(s->fact, sizeof(s->fact), "%s", fact);
	snprintf(s->file, sizeof(s->file), "%s%s%s", file, what ? ": " : "", what ? what : "");
}

/* Say what could not be read, and why. */
static int unread(struct bctx *c, const char *fmt, ...) MTKFW_PRINTF(2, 3);
static int unread(struct bctx *c, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	return mtkfw_names_add(&c->b->unread, line);
}

/* The first row named one of names that has a file in the package. */
static const struct mtkfw_check_row *row_of(const struct mtkfw_report *rep,
					    const char *const names[3])
{
	for (size_t i = 0; i < mtkfw_report_row_count(rep); i++) {
		const struct mtkfw_check_row *row = mtkfw_report_row(rep, i);
		for (const char *const *n = names; n < names + 3 && *n; n++)
			if (row->file && mtkfw_strieq(row->part->name, *n))
				return row;
	}
	return NULL;
}

/* A row's whole file (at most max bytes), or NULL with the reason in unread. */
static uint8_t *load(struct bctx *c, const struct mtkfw_check_row *row, size_t max, size_t *len)
{
	char *buf = NULL;
	int r = mtkfw_pkg_read_small(c->ctx, mtkfw_report_package(c->rep), row->member, max, &buf,
				     len);
	if (r) {
		unread(c, "%s: %s", row->file, mtkfw_ctx_errmsg(c->ctx));
		return NULL;
	}
	return (uint8_t *)buf;
}

/* ---- preloader, lk, logo ---- */

static int preloader_profile(struct bctx *c, const char *file, const uint8_t *buf, size_t len)
{
	struct mtkfw_image_info im;
	if (mtkfw_image_identify(buf, len, 0, &im))
		return MTKFW_E_NO_MEM;
	const struct mtkfw_preloader_info *pl = &im.preloader;
	int r = 0;
	if (im.kind == MTKFW_IMG_PRELOADER && pl->has_emi) {
		snprintf(c->b->preloader_board, sizeof(c->b->preloader_board), "%s", pl->project);
		c->b->n_emi = pl->n_emi < MTKFW_EMI_MAX ? pl->n_emi : MTKFW_EMI_MAX;
		memcpy(c->b->emi, pl->emi, c->b->n_emi * sizeof(pl->emi[0]));
		source(c, "preloader", file, "MTK_BLOADER_INFO");
	} else {
		r = unread(c, "%s: no preloader with an EMI table", file);
	}
	mtkfw_image_info_clear(&im);
	return r;
}

/* lk: the LCM drivers built in. */
static int lk_profile(struct bctx *c, const char *file, const uint8_t *buf, size_t len)
{
	struct mtkfw_driver_scan *s;
	int r = mtkfw_driver_scan_new(&s);
	if (!r)
		r = mtkfw_driver_scan_feed(s, buf, len);
	const struct mtkfw_names *n = r ? NULL : mtkfw_driver_scan_names(s, MTKFW_DRV_LCM);
	for (size_t i = 0; n && !r && i < n->n; i++)
		r = mtkfw_names_add(&c->b->drivers[MTKFW_DRV_LCM], n->v[i]);
	if (n && n->n)
		source(c, "lcm", file, "names built into lk");
	mtkfw_driver_scan_free(s);
	return r;
}

static int logo_profile(struct bctx *c, const char *file, const uint8_t *buf, size_t len)
{
	struct mtkfw_image_info im;
	if (mtkfw_image_identify(buf, len, 0, &im))
		return MTKFW_E_NO_MEM;
	int r = 0;
	if (im.kind == MTKFW_IMG_LOGO && im.logo.width) {
		c->b->width = im.logo.width;
		c->b->height = im.logo.height;
		source(c, "display", file, "size of the first image");
	} else {
		r = unread(c, "%s: no logo table with a known resolution", file);
	}
	mtkfw_image_info_clear(&im);
	return r;
}

/* ---- the boot image: kernel and ramdisk ---- */

/* A section of the boot image without its MTK header. */
static const uint8_t *section(const uint8_t *p, size_t len, size_t *out_len)
{
	struct mtkfw_mtkhdr_info h;
	bool mtk = !mtkfw_mtkhdr_parse(p, len, &h);
	*out_len = mtk ? len - 512 : len;
	return mtk ? p + 512 : p;
}

/* Inflate one gzip stream at p into the scanner; true when it ran to its end. */
static bool inflate_into(struct mtkfw_driver_scan *s, const uint8_t *p, size_t len, uint8_t *out)
{
	z_stream z = {0};
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return false;
	z.next_in = (Bytef *)(uintptr_t)p;
	z.avail_in = (uInt)(len > UINT32_MAX ? UINT32_MAX : len);
	int r = Z_OK;
	while (r == Z_OK) {
		z.next_out = out;
		z.avail_out = INFLATE_BUF;
		r = inflate(&z, Z_NO_FLUSH);
		if ((r == Z_OK || r == Z_STREAM_END) &&
		    mtkfw_driver_scan_feed(s, out, INFLATE_BUF - z.avail_out))
			r = Z_MEM_ERROR;
	}
	inflateEnd(&z);
	return r == Z_STREAM_END;
}

/*
 * Decode an LZ4 legacy frame at p (the kernel's "lz4 -l": the magic, then
 * blocks of a 32-bit size and at most 8 MiB of output each, ended by the
 * data's end or by what is no block) into the scanner; true when at least
 * one block decoded.
 */
static bool lz4_into(struct mtkfw_driver_scan *s, const uint8_t *p, size_t len, int *err)
{
	size_t at = 4, blocks = 0;
	char *out = NULL;
	while (at + 4 <= len && !*err) {
		uint32_t n = get_le32(p + at);
		at += 4;
		if (n == LZ4_LEGACY_MAGIC)
			continue; /* a second frame follows */
		if (!n || n > len - at || n > (uint32_t)LZ4_compressBound(LZ4_LEGACY_BLOCK))
			break;
		if (!out && !(out = malloc(LZ4_LEGACY_BLOCK)))
			*err = MTKFW_E_NO_MEM;
		int got = out ? LZ4_decompress_safe((const char *)p + at, out, (int)n,
						    LZ4_LEGACY_BLOCK)
			      : -1;
		if (got < 0)
			break;
		if (mtkfw_driver_scan_feed(s, (const uint8_t *)out, (size_t)got))
			*err = MTKFW_E_NO_MEM;
		blocks++;
		at += n;
	}
	free(out);
	return blocks > 0;
}

/*
 * The kernel: a zImage whose payload is the first gzip stream that inflates
 * whole or the first LZ4 legacy frame that decodes.
 */
static int scan_kernel(struct bctx *c, const char *file, const uint8_t *k, size_t len)
{
	struct mtkfw_driver_scan *s = NULL;
	uint8_t *out = malloc(INFLATE_BUF);
	int r = out ? 0 : MTKFW_E_NO_MEM;
	bool done = false;
	for (size_t i = 0; !r && !done && i + 4 <= len; i++) {
		bool gz = k[i] == 0x1f && k[i + 1] == 0x8b && k[i + 2] == 8;
		bool lz4 = get_le32(k + i) == LZ4_LEGACY_MAGIC;
		if (!gz && !lz4)
			continue;
		mtkfw_driver_scan_free(s); /* a stream that did not decode told nothing */
		r = mtkfw_driver_scan_new(&s);
		if (!r)
			done = gz ? inflate_into(s, k + i, len - i, out)
				  : lz4_into(s, k + i, len - i, &r);
	}
	if (!r && !done)
		r = unread(c, "%s: kernel without a gzip stream or LZ4 frame that decodes", file);
	if (!r && done) {
		const char *v = mtkfw_driver_scan_linux_version(s);
		if (v) {
			snprintf(c->b->kernel, sizeof(c->b->kernel), "%s", v);
			source(c, "kernel", file, "Linux version banner");
		}
		for (int kind = 0; !r && kind < MTKFW_DRV_KINDS; kind++) {
			const struct mtkfw_names *n = mtkfw_driver_scan_names(s, kind);
			for (size_t i = 0; !r && i < n->n; i++)
				r = mtkfw_names_add(&c->b->drivers[kind], n->v[i]);
		}
		source(c, "drivers", file, "names in the kernel");
	}
	mtkfw_driver_scan_free(s);
	free(out);
	return r;
}

/* Keep the properties of default.prop or build.prop the profile shows (the later wins). */
static void props(struct bctx *c, char *text)
{
	static const struct {
		const char *key;
		size_t off, size;
	} keys[] = {
		{"ro.build.version.release", offsetof(struct mtkfw_board, android_version),
		 sizeof(((struct mtkfw_board *)0)->android_version)},
		{"ro.build.display.id", offsetof(struct mtkfw_board, build),
		 sizeof(((struct mtkfw_board *)0)->build)},
		{"ro.product.brand", offsetof(struct mtkfw_board, brand),
		 sizeof(((struct mtkfw_board *)0)->brand)},
		{"ro.product.model", offsetof(struct mtkfw_board, model),
		 sizeof(((struct mtkfw_board *)0)->model)},
		{"ro.product.device", offsetof(struct mtkfw_board, device),
		 sizeof(((struct mtkfw_board *)0)->device)},
		{"ro.build.type", offsetof(struct mtkfw_board, build_type),
		 sizeof(((struct mtkfw_board *)0)->build_type)},
		{"ro.build.fingerprint", offsetof(struct mtkfw_board, fingerprint),
		 sizeof(((struct mtkfw_board *)0)->fingerprint)},
	};
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		char *eq = strchr(line, '=');
		if (!eq || *line == '#')
			continue;
		*eq = 0;
		const char *k = mtkfw_strtrim(line), *v = mtkfw_strtrim(eq + 1);
		for (size_t i = 0; i < MTKFW_ARRAY_SIZE(keys); i++)
			if (!strcmp(k, keys[i].key))
				snprintf((char *)c->b + keys[i].off, keys[i].size, "%s", v);
	}
}

/* Ramdisk entries that mark a factory (META, burn-in) build. */
static bool factory_mark(const char *name)
{
	static const char *const marks[] = {"factory", "meta_init", "burnin", "runin", NULL};
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	for (const char *const *m = marks; *m; m++)
		if (strstr(base, *m))
			return true;
	return false;
}

/* The ramdisk: a (gzip'd) cpio read with libarchive; default.prop and factory marks. */
static int scan_ramdisk(struct bctx *c, const char *file, const uint8_t *p, size_t len)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	int r = a ? 0 : MTKFW_E_NO_MEM, got = 0;
	if (!r) {
		archive_read_support_filter_gzip(a);
		archive_read_support_format_cpio(a);
		if (archive_read_open_memory(a, p, len) != ARCHIVE_OK)
			r = unread(c, "%s: ramdisk is no (gzip'd) cpio: %s", file,
				   archive_error_string(a));
	}
	while (!r && (got = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(e);
		if (name && factory_mark(name))
			r = mtkfw_names_add(&c->b->factory, name);
		bool prop =
			name && (!strcmp(name, "default.prop") || !strcmp(name, "./default.prop"));
		int64_t size = archive_entry_size(e);
		if (!r && prop && size > 0 && size <= PROP_MAX) {
			char *text = malloc((size_t)size + 1);
			ssize_t n = text ? archive_read_data(a, text, (size_t)size) : -1;
			if (n >= 0) {
				text[n] = 0;
				props(c, text);
				source(c, "android", file, "ramdisk default.prop");
			}
			free(text);
		}
	}
	if (!r && got != ARCHIVE_EOF && got != ARCHIVE_OK && a)
		r = unread(c, "%s: ramdisk cpio damaged: %s", file, archive_error_string(a));
	if (!r && c->b->factory.n)
		source(c, "factory", file, "ramdisk file names");
	archive_read_free(a);
	return r;
}

/* Kernel and ramdisk of a boot image held in buf. */
static int boot_profile(struct bctx *c, const char *file, const uint8_t *buf, size_t len)
{
	struct mtkfw_image_info im;
	if (mtkfw_image_identify(buf, len, 0, &im))
		return MTKFW_E_NO_MEM;
	const struct mtkfw_boot_info *bi = &im.boot;
	uint64_t koff, roff, end, klen = bi->kernel_size, rlen = bi->ramdisk_size;
	int r = 0;
	if (im.kind != MTKFW_IMG_BOOT || !mtkfw_boot_sections(bi, &koff, &roff, &end) ||
	    koff + klen > len || roff + rlen > len) {
		r = unread(c, "%s: not a whole Android boot image", file);
	} else {
		size_t n;
		const uint8_t *k = section(buf + koff, (size_t)klen, &n);
		r = scan_kernel(c, file, k, n);
		const uint8_t *rd = section(buf + roff, (size_t)rlen, &n);
		if (!r)
			r = scan_ramdisk(c, file, rd, n);
	}
	mtkfw_image_info_clear(&im);
	return r;
}

/* The system partition's build.prop: its text, a copy cut at the first NUL. */
static int build_prop(struct bctx *c, const char *file, const uint8_t *buf, size_t len)
{
	char *text = malloc(len + 1);
	if (!text)
		return MTKFW_E_NO_MEM;
	memcpy(text, buf, len);
	text[len] = 0;
	props(c, text);
	free(text);
	source(c, "android", file, "/build.prop");
	return 0;
}

int mtkfw_board_add_image(struct mtkfw_board *b, enum mtkfw_board_image what, const char *file,
			  const uint8_t *buf, size_t len)
{
	struct bctx c = {NULL, NULL, b};
	switch (what) {
	case MTKFW_BOARD_PRELOADER:
		return preloader_profile(&c, file, buf, len);
	case MTKFW_BOARD_LK:
		return lk_profile(&c, file, buf, len);
	case MTKFW_BOARD_LOGO:
		return logo_profile(&c, file, buf, len);
	case MTKFW_BOARD_BOOT:
		return boot_profile(&c, file, buf, len);
	case MTKFW_BOARD_BUILD_PROP:
		return build_prop(&c, file, buf, len);
	}
	return 0;
}

/*
 * build.prop out of the package's system image (raw or sparse, in any
 * package): the filesystem lookup runs against a view of the member, which
 * streams it again, each time only as far as the lookup got, until nothing
 * is missing.
 */
static int system_profile(struct bctx *c, const struct mtkfw_check_row *row)
{
	struct mtkfw_image_view *v = NULL;
	struct mtkfw_pkg *pkg = mtkfw_report_package(c->rep);
	uint8_t *text = NULL;
	size_t len = 0;
	int r = mtkfw_image_view_open(c->ctx, pkg, row->member, VIEW_CAP, &v);
	for (int pass = 0; !r; pass++) {
		r = mtkfw_ext4_read_file(c->ctx, mtkfw_image_view_read, v, mtkfw_image_view_size(v),
					 "/build.prop", PROP_MAX, &text, &len);
		if (!mtkfw_image_view_missed(v))
			break;
		r = pass < VIEW_PASSES
			    ? mtkfw_image_view_fetch(v)
			    : mtkfw_fail(c->ctx, MTKFW_E_FORMAT,
					 "the lookup of build.prop did not end in %d passes",
					 VIEW_PASSES);
	}
	if (v)
		c->b->system_streamed += mtkfw_image_view_streamed(v);
	mtkfw_image_view_close(v);
	if (r == MTKFW_E_NO_MEM)
		return r;
	if (r)
		return unread(c, "%s: %s", row->file, mtkfw_ctx_errmsg(c->ctx));
	r = mtkfw_board_add_image(c->b, MTKFW_BOARD_BUILD_PROP, row->file, text, len);
	free(text);
	return r;
}

/* Each image of the package that tells, read once. */
static int from_images(struct bctx *c)
{
	static const struct {
		enum mtkfw_board_image what;
		const char *names[3];
		size_t max;
		const char *missing;
	} images[] = {
		{MTKFW_BOARD_PRELOADER, {"PRELOADER"}, PL_MAX, "preloader: the package has none"},
		{MTKFW_BOARD_LK,
		 {"UBOOT", "LK"},
		 LK_MAX,
		 "lk: the package has no lk image (UBOOT)"},
		{MTKFW_BOARD_LOGO,
		 {"LOGO"},
		 LOGO_MAX,
		 "display: the package has no logo.bin (LOGO)"},
		{MTKFW_BOARD_BOOT,
		 {"BOOTIMG", "BOOT"},
		 BOOT_MAX,
		 "kernel, ramdisk: the package has no boot image (BOOTIMG)"},
	};
	int r = 0;
	for (size_t i = 0; !r && i < MTKFW_ARRAY_SIZE(images); i++) {
		const struct mtkfw_check_row *row = row_of(c->rep, images[i].names);
		size_t len;
		uint8_t *buf = row ? load(c, row, images[i].max, &len) : NULL;
		if (!row)
			r = unread(c, "%s", images[i].missing);
		else if (buf)
			r = mtkfw_board_add_image(c->b, images[i].what, row->file, buf, len);
		free(buf);
	}
	static const char *const sys[3] = {"ANDROID", "SYSTEM"};
	const struct mtkfw_check_row *row = r ? NULL : row_of(c->rep, sys);
	if (!r)
		r = row ? system_profile(c, row)
			: unread(c, "build.prop: the package has no system image (ANDROID)");
	return r;
}

/* ---- the profile ---- */

int mtkfw_board_from_package(struct mtkfw_ctx *ctx, const struct mtkfw_report *rep,
			     struct mtkfw_board *out)
{
	struct bctx c = {ctx, rep, out};
	const struct mtkfw_scatter *sc = mtkfw_report_scatter(rep);
	memset(out, 0, sizeof(*out));
	snprintf(out->chip, sizeof(out->chip), "%s",
		 sc && mtkfw_scatter_platform(sc) ? mtkfw_scatter_platform(sc)
						  : mtkfw_report_chip(rep));
	snprintf(out->project, sizeof(out->project), "%s",
		 sc && mtkfw_scatter_project(sc) ? mtkfw_scatter_project(sc) : "");
	int r = 0;
	for (size_t i = 0; !r && i < mtkfw_report_row_count(rep); i++) {
		const struct mtkfw_check_row *row = mtkfw_report_row(rep, i);
		if (row->file && mtkfw_is_identity_partition(row->part->name))
			r = mtkfw_names_add(&out->identity, row->part->name);
	}
	if (!r)
		r = from_images(&c);
	if (r)
		mtkfw_board_free(out);
	return r ? mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory") : 0;
}

void mtkfw_board_free(struct mtkfw_board *b)
{
	for (int k = 0; k < MTKFW_DRV_KINDS; k++)
		mtkfw_names_free(&b->drivers[k]);
	mtkfw_names_free(&b->factory);
	mtkfw_names_free(&b->identity);
	mtkfw_names_free(&b->unread);
}
