/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Image unpack/repack (mtkfw/imgpack.h): the folder and its manifest, the
 * choice of kind, and the proof of an exact round trip. The kinds live in
 * imgpack_boot.c, imgpack_logo.c and imgpack_mtk.c.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bytes.h"
#include "digest.h"
#include "imgpack_priv.h"
#include "mtkfw/image.h"

#define MANIFEST_MAX (1u << 20)

/* dir, new or empty, made ready for an unpack; *made when it was created here. */
static int fresh_dir(struct mtkfw_ctx *ctx, const char *dir, bool *made)
{
	*made = !mkdir(dir, 0755);
	if (*made)
		return 0;
	if (errno != EEXIST)
		return mtkfw_fail(ctx, MTKFW_E_IO, "cannot create %s: %s", dir,
				  mtkfw_errno_text(errno));
	DIR *d = opendir(dir);
	if (!d)
		return mtkfw_fail(ctx, MTKFW_E_IO, "%s exists and is no folder", dir);
	struct dirent *e;
	int r = 0;
	while (!r && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			r = mtkfw_fail(ctx, MTKFW_E_INVALID_PARAM,
				       "%s is not empty: unpack into a new folder", dir);
	closedir(d);
	return r;
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st, (void)flag;
	return f->level ? remove(p) : 0; /* the folder itself is the caller's */
}

/* A failed unpack leaves the folder as it found it: empty, or not there when it made it. */
static void undo(const char *dir, bool made)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	if (made)
		rmdir(dir);
}

/* Which kind an image is: a boot image, logo.bin, or another MTK-header image. */
static const char *kind_of(const uint8_t *img, size_t len)
{
	struct mtkfw_image_info im;
	if (mtkfw_image_identify(img, len, 0, &im))
		return NULL;
	const char *k = im.kind == MTKFW_IMG_BOOT   ? "android-boot"
			: im.kind == MTKFW_IMG_LOGO ? "logo"
			: im.kind == MTKFW_IMG_MTK  ? "mtk"
						    : NULL;
	mtkfw_image_info_clear(&im);
	return k;
}

/* Build the image of the folder's manifest into a new buffer. */
static int repack_buf(struct pack *p, uint8_t **out, size_t *len, char kind[24])
{
	char k[24];
	if (!pack_get(p, "kind", k, sizeof(k)))
		return mtkfw_fail(p->ctx, MTKFW_E_FORMAT, "%s/%s: no kind line", p->dir,
				  MTKFW_IMGPACK_MANIFEST);
	snprintf(kind, 24, "%s", k);
	if (!strcmp(k, "android-boot"))
		return boot_repack(p, out, len);
	if (!strcmp(k, "logo"))
		return logo_repack(p, out, len);
	if (!strcmp(k, "mtk"))
		return mtk_repack(p, out, len);
	return mtkfw_fail(p->ctx, MTKFW_E_UNSUPPORTED, "%s/%s: kind '%s' is none mtkfw repacks",
			  p->dir, MTKFW_IMGPACK_MANIFEST, k);
}

/* The manifest of dir, read. */
static int load_manifest(struct pack *p)
{
	uint8_t *t;
	size_t n;
	int r = pack_read(p, MTKFW_IMGPACK_MANIFEST, MANIFEST_MAX, &t, &n);
	if (r == MTKFW_E_NOT_FOUND)
		return mtkfw_fail(p->ctx, r, "%s has no %s: not a folder 'mtkfw image unpack' made",
				  p->dir, MTKFW_IMGPACK_MANIFEST);
	p->text = (char *)t;
	p->len = p->cap = n;
	return r;
}

/* Where the rebuilt bytes first differ from the original (or the lengths). */
static void say_difference(struct mtkfw_imgpack_result *res, const uint8_t *a, size_t an,
			   const uint8_t *b, size_t bn)
{
	size_t i = 0;
	while (i < an && i < bn && a[i] == b[i])
		i++;
	snprintf(res->note, sizeof(res->note),
		 "a repack gives %zu bytes for the %zu read, the first difference at byte %zu", bn,
		 an, i);
}

int mtkfw_image_unpack(struct mtkfw_ctx *ctx, const char *file, const char *dir, unsigned flags,
		       struct mtkfw_imgpack_result *res)
{
	uint8_t *img = NULL, *again = NULL;
	size_t len = 0, alen = 0;
	memset(res, 0, sizeof(*res));
	int r = pack_read_file(ctx, file, IMGPACK_MAX, &img, &len);
	const char *kind = r ? NULL : kind_of(img, len);
	if (!r && !kind)
		r = mtkfw_fail(ctx, MTKFW_E_UNSUPPORTED,
			       "%s is no boot/recovery image, logo.bin or MTK-header image: "
			       "'mtkfw image info %s' says what it is",
			       file, file);
	bool made = false, ready = false;
	if (!r)
		ready = !(r = fresh_dir(ctx, dir, &made));
	struct pack p = {ctx, dir, NULL, 0, 0, 0};
	if (!r)
		r = pack_set(&p, "kind", "%s", kind);
	if (!r)
		r = !strcmp(kind, "android-boot") ? boot_unpack(&p, img, len, flags)
		    : !strcmp(kind, "logo")	  ? logo_unpack(&p, img, len)
						  : mtk_unpack(&p, img, len);
	if (!r)
		r = pack_write(&p, MTKFW_IMGPACK_MANIFEST, p.text, p.len);
	if (!r) { /* the proof: the folder as written gives the image back */
		snprintf(res->kind, sizeof(res->kind), "%s", kind);
		char k[24];
		r = repack_buf(&p, &again, &alen, k);
		res->exact = !r && alen == len && !memcmp(again, img, len);
		if (!r && !res->exact)
			say_difference(res, img, len, again, alen);
		res->files = p.files;
		res->bytes = len;
		digest_sha256_hex(img, len, res->sha256);
	}
	if (r == MTKFW_E_NO_MEM)
		r = mtkfw_fail(ctx, r, "out of memory");
	if (r && ready)
		undo(dir, made);
	free(p.text);
	free(img);
	free(again);
	return r;
}

int mtkfw_image_repack(struct mtkfw_ctx *ctx, const char *dir, const char *out,
		       struct mtkfw_imgpack_result *res)
{
	struct pack p = {ctx, dir, NULL, 0, 0, 0};
	uint8_t *img = NULL;
	size_t len = 0;
	memset(res, 0, sizeof(*res));
	int r = load_manifest(&p);
	if (!r)
		r = repack_buf(&p, &img, &len, res->kind);
	int e = r ? 0 : mtkfw_write_file_atomic(out, img, len); /* a new name, then renamed */
	if (e)
		r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot write %s: %s", out, mtkfw_errno_text(-e));
	if (!r) {
		res->bytes = len;
		digest_sha256_hex(img, len, res->sha256);
	}
	if (r == MTKFW_E_NO_MEM)
		r = mtkfw_fail(ctx, r, "out of memory");
	free(img);
	free(p.text);
	return r;
}
