/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Android boot and recovery images v0 (docs/images.md): the header page is
 * kept as it is (header) and the manifest's fields are written over it on
 * repack only where they differ, so bytes mtkfw does not name survive; the
 * kernel and the ramdisk come out without their MTK headers (kept as
 * kernel.mtk, ramdisk.mtk, sizes set on repack); the SHA-1 id is computed as
 * mkbootimg does when the original carried it so ("id: sha1"), else kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "digest.h"
#include "imgpack_priv.h"
#include "mtkfw/image.h"

#define MTK_HDR	  512u
#define MTK_MAGIC 0x58881688u
#define HDR_MIN	  1632u /* through extra_cmdline */
#define NAME_OFF  48u
#define NAME_LEN  16u
#define CMD_OFF	  64u
#define CMD_LEN	  512u
#define ID_OFF	  576u
#define ID_LEN	  32u

/* A boot image's sections, as found or as rebuilt. */
struct sections {
	const uint8_t *part[3]; /* kernel, ramdisk, second: each with its MTK header if any */
	size_t len[3];
};

static const char *const part_name[3] = {"kernel", "ramdisk", "second"};

static size_t page_up(size_t n, uint32_t ps)
{
	return (n + ps - 1) / ps * ps;
}

/* mkbootimg's id: SHA-1 over each section then its 32-bit size. */
static void boot_id(const struct sections *s, uint8_t id[ID_LEN])
{
	struct digest *md = digest_new(DIGEST_SHA1);
	uint8_t sha[20];
	memset(id, 0, ID_LEN);
	bool ok = md != NULL;
	for (int i = 0; ok && i < 3; i++) {
		uint8_t le[4];
		put_le32(le, (uint32_t)s->len[i]);
		ok = (!s->len[i] || digest_update(md, s->part[i], s->len[i])) &&
		     digest_update(md, le, 4);
	}
	if (ok && digest_final(md, sha))
		memcpy(id, sha, sizeof(sha));
	digest_free(md);
}

/* One section into the folder: its MTK header apart when it has one. */
static int save_part(struct pack *p, int i, const uint8_t *b, size_t len)
{
	struct mtkfw_mtkhdr_info h;
	char mtkfile[16];
	int r = pack_set(p, part_name[i], "%s", part_name[i]);
	if (!r && len >= MTK_HDR && !mtkfw_mtkhdr_parse(b, len, &h) && h.payload == len - MTK_HDR) {
		snprintf(mtkfile, sizeof(mtkfile), "%s.mtk", part_name[i]);
		char key[24];
		snprintf(key, sizeof(key), "%s_mtk", part_name[i]);
		r = pack_set(p, key, "%s", h.name);
		if (!r)
			r = pack_write(p, mtkfile, b, MTK_HDR);
		b += MTK_HDR;
		len -= MTK_HDR;
	}
	return r ? r : pack_write(p, part_name[i], b, len);
}

int boot_unpack(struct pack *p, const uint8_t *img, size_t len, unsigned flags)
{
	struct mtkfw_image_info im;
	uint64_t koff, roff, end;
	if (mtkfw_image_identify(img, len, 0, &im))
		return MTKFW_E_NO_MEM;
	struct mtkfw_boot_info bi = im.boot;
	mtkfw_image_info_clear(&im);
	if (len < HDR_MIN || !mtkfw_boot_sections(&bi, &koff, &roff, &end) || end > len)
		return mtkfw_fail(
			p->ctx, MTKFW_E_FORMAT,
			"boot image: page size %u, kernel %u, ramdisk %u, second %u bytes "
			"do not fit its %zu bytes",
			bi.page_size, bi.kernel_size, bi.ramdisk_size, bi.second_size, len);
	uint32_t ps = bi.page_size;
	struct sections s = {{img + koff, img + roff, img + roff + page_up(bi.ramdisk_size, ps)},
			     {bi.kernel_size, bi.ramdisk_size, bi.second_size}};
	uint8_t id[ID_LEN];
	char name[NAME_LEN + 1], cmd[CMD_LEN + 1], hex[2 * ID_LEN + 1];
	boot_id(&s, id);
	mtkfw_copy_field(name, sizeof(name), img + NAME_OFF, NAME_LEN);
	mtkfw_copy_field(cmd, sizeof(cmd), img + CMD_OFF, CMD_LEN);
	for (unsigned i = 0; i < ID_LEN; i++)
		sprintf(hex + 2 * i, "%02x", img[ID_OFF + i]);
	int r = pack_set(p, "page_size", "%u", ps);
	static const struct {
		const char *key;
		unsigned off;
	} addrs[] = {
		{"kernel_addr", 12}, {"ramdisk_addr", 20}, {"second_addr", 28}, {"tags_addr", 32}};
	for (size_t i = 0; !r && i < MTKFW_ARRAY_SIZE(addrs); i++)
		r = pack_set(p, addrs[i].key, "0x%08X", get_le32(img + addrs[i].off));
	if (!r)
		r = pack_set(p, "name", "%s", name);
	if (!r)
		r = pack_set(p, "cmdline", "%s", cmd);
	if (!r)
		r = pack_set(p, "id", "%s", memcmp(id, img + ID_OFF, ID_LEN) ? hex : "sha1");
	if (!r)
		r = pack_write(p, "header", img, ps);
	for (int i = 0; !r && i < 3; i++)
		if (s.len[i] || i < 2)
			r = save_part(p, i, s.part[i], s.len[i]);
	if (!r && (flags & MTKFW_UNPACK_RAMDISK_TREE))
		r = ramdisk_tree_save(p);
	if (!r)
		r = pack_trailer_save(p, img + end, len - (size_t)end);
	return r;
}

/* One section from the folder: its file behind its kept (or a new) MTK header. */
static int load_part(struct pack *p, int i, uint8_t **out, size_t *len)
{
	char v[64], key[24], mtkfile[16];
	uint8_t *body = NULL, hdr[MTK_HDR];
	size_t blen = 0;
	*out = NULL;
	*len = 0;
	if (!pack_get(p, part_name[i], v, sizeof(v)))
		return 0; /* no such section */
	int r = i == 1 ? ramdisk_load(p, &body, &blen)
		       : pack_read(p, part_name[i], IMGPACK_MAX, &body, &blen);
	snprintf(key, sizeof(key), "%s_mtk", part_name[i]);
	snprintf(mtkfile, sizeof(mtkfile), "%s.mtk", part_name[i]);
	bool mtk = pack_get(p, key, v, sizeof(v)) != NULL;
	if (!r && mtk && pack_has(p, mtkfile)) {
		r = mtk_header_load(p, mtkfile, hdr);
	} else if (!r && mtk) { /* a header of MediaTek's usual form */
		memset(hdr, 0xFF, MTK_HDR);
		put_le32(hdr, MTK_MAGIC);
		memset(hdr + 8, 0, 32);
	}
	if (!r && mtk)
		r = mtk_header_patch(p, hdr, v, blen);
	uint8_t *sec = r ? NULL : malloc((mtk ? MTK_HDR : 0) + blen + 1);
	if (!r && !sec)
		r = MTKFW_E_NO_MEM;
	if (!r) {
		if (mtk)
			memcpy(sec, hdr, MTK_HDR);
		memcpy(sec + (mtk ? MTK_HDR : 0), body, blen);
		*out = sec;
		*len = (mtk ? MTK_HDR : 0) + blen;
	}
	free(body);
	return r;
}

/* Write a manifest field over the kept header page where it differs. */
static int set_fields(struct pack *p, uint8_t *h, const struct sections *s)
{
	static const struct {
		const char *key;
		unsigned off;
	} addrs[] = {
		{"kernel_addr", 12}, {"ramdisk_addr", 20}, {"second_addr", 28}, {"tags_addr", 32}};
	uint32_t v;
	int r = 0;
	for (size_t i = 0; !r && i < MTKFW_ARRAY_SIZE(addrs); i++)
		if (!(r = pack_get_u32(p, addrs[i].key, &v)))
			put_le32(h + addrs[i].off, v);
	static const struct {
		const char *key;
		unsigned off, len;
	} strs[] = {{"name", NAME_OFF, NAME_LEN}, {"cmdline", CMD_OFF, CMD_LEN}};
	for (size_t i = 0; !r && i < MTKFW_ARRAY_SIZE(strs); i++) {
		char want[1100], had[CMD_LEN + 1];
		const char *w = pack_get(p, strs[i].key, want, sizeof(want));
		mtkfw_copy_field(had, sizeof(had), h + strs[i].off, strs[i].len);
		if (!w || !strcmp(w, had))
			continue;
		if (strlen(w) >= strs[i].len)
			return mtkfw_fail(p->ctx, MTKFW_E_FORMAT,
					  "%s: %s is %zu bytes, a boot image holds at most %u",
					  p->dir, strs[i].key, strlen(w), strs[i].len - 1);
		memset(h + strs[i].off, 0, strs[i].len);
		memcpy(h + strs[i].off, w, strlen(w));
	}
	memcpy(h, "ANDROID!", 8);
	put_le32(h + 8, (uint32_t)s->len[0]);
	put_le32(h + 16, (uint32_t)s->len[1]);
	put_le32(h + 24, (uint32_t)s->len[2]);
	char id[80];
	if (!r && pack_get(p, "id", id, sizeof(id)) && !strcmp(id, "sha1")) {
		boot_id(s, h + ID_OFF);
	} else if (!r && pack_get(p, "id", id, sizeof(id))) {
		for (unsigned i = 0; !r && i < ID_LEN; i++) {
			unsigned x;
			if (strlen(id) != 2 * ID_LEN || sscanf(id + 2 * i, "%2x", &x) != 1)
				r = mtkfw_fail(p->ctx, MTKFW_E_FORMAT,
					       "%s: id '%s' is neither sha1 nor 64 hex digits",
					       p->dir, id);
			else
				h[ID_OFF + i] = (uint8_t)x;
		}
	}
	return r;
}

int boot_repack(struct pack *p, uint8_t **out, size_t *len)
{
	uint32_t ps = 0;
	uint8_t *hdr = NULL, *part[3] = {NULL}, *tr = NULL;
	size_t hlen = 0, plen[3] = {0}, tlen = 0;
	int r = pack_get_u32(p, "page_size", &ps);
	if (!r && (ps < 2048 || ps > 16384 || (ps & (ps - 1))))
		r = mtkfw_fail(p->ctx, MTKFW_E_FORMAT,
			       "%s: page_size %u is not 2048..16384 and a power of two", p->dir,
			       ps);
	if (!r)
		r = pack_has(p, "header") ? pack_read(p, "header", ps, &hdr, &hlen) : 0;
	for (int i = 0; !r && i < 3; i++)
		r = load_part(p, i, &part[i], &plen[i]);
	if (!r)
		r = pack_trailer_load(p, &tr, &tlen);
	struct sections s = {{part[0], part[1], part[2]}, {plen[0], plen[1], plen[2]}};
	size_t total = r ? 0 /* ps may be 0 */
			 : ps + page_up(plen[0], ps) + page_up(plen[1], ps) + page_up(plen[2], ps);
	uint8_t *img = r ? NULL : calloc(1, total + tlen + 1);
	if (!r && !img)
		r = MTKFW_E_NO_MEM;
	if (!r) {
		if (hdr)
			memcpy(img, hdr, hlen);
		r = set_fields(p, img, &s);
	}
	if (!r) {
		size_t at = ps;
		for (int i = 0; i < 3; i++) {
			if (plen[i])
				memcpy(img + at, part[i], plen[i]);
			at += page_up(plen[i], ps);
		}
		if (tlen)
			memcpy(img + at, tr, tlen);
		*out = img;
		*len = total + tlen;
		img = NULL;
	}
	free(img);
	free(hdr);
	for (int i = 0; i < 3; i++)
		free(part[i]);
	free(tr);
	return r;
}
