/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * An image behind a 512-byte MTK header (lk.bin and the like): the header
 * kept as it is (header.mtk), the payload as a file, the bytes after it (a
 * partition dump's padding) as a trailer. Repack sets the header's size to
 * the payload's and its name to the manifest's.
 */
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "imgpack_priv.h"
#include "mtkfw/image.h"

#define MTK_HDR	     512u
#define MTK_NAME_OFF 8u
#define MTK_NAME_LEN 32u

/* The payload behind the header at buf, its name, its size; MTKFW_E_FORMAT when there is none. */
static int mtk_parse(struct pack *p, const uint8_t *buf, size_t len, const char *what,
		     struct mtkfw_mtkhdr_info *h)
{
	if (mtkfw_mtkhdr_parse(buf, len, h) || h->payload > len - MTK_HDR)
		return mtkfw_fail(p->ctx, MTKFW_E_FORMAT,
				  "%s: no MTK header whose payload size fits the %zu bytes", what,
				  len);
	return 0;
}

int mtk_unpack(struct pack *p, const uint8_t *img, size_t len)
{
	struct mtkfw_mtkhdr_info h;
	int r = mtk_parse(p, img, len, "image", &h);
	if (!r)
		r = pack_set(p, "name", "%s", h.name);
	if (!r)
		r = pack_set(p, "payload", "payload");
	if (!r)
		r = pack_write(p, "header.mtk", img, MTK_HDR);
	if (!r)
		r = pack_write(p, "payload", img + MTK_HDR, h.payload);
	if (!r)
		r = pack_trailer_save(p, img + MTK_HDR + h.payload, len - MTK_HDR - h.payload);
	return r;
}

/*
 * Set a kept MTK header's payload size and, when it differs, its name
 * (NUL-padded); the rest of the 512 bytes stays as it was.
 */
int mtk_header_patch(struct pack *p, uint8_t hdr[512], const char *name, size_t payload)
{
	char had[MTK_NAME_LEN + 1];
	mtkfw_copy_field(had, sizeof(had), hdr + MTK_NAME_OFF, MTK_NAME_LEN);
	if (name && strcmp(had, name)) {
		if (strlen(name) > MTK_NAME_LEN)
			return mtkfw_fail(p->ctx, MTKFW_E_FORMAT,
					  "%s: MTK header name '%s' is longer than %u bytes",
					  p->dir, name, MTK_NAME_LEN);
		memset(hdr + MTK_NAME_OFF, 0, MTK_NAME_LEN);
		memcpy(hdr + MTK_NAME_OFF, name, strlen(name));
	}
	if (payload > UINT32_MAX)
		return mtkfw_fail(p->ctx, MTKFW_E_TOO_LARGE, "%s: payload of %zu bytes", p->dir,
				  payload);
	put_le32(hdr + 4, (uint32_t)payload);
	return 0;
}

/* A kept header: read and checked (it must still be an MTK header). */
int mtk_header_load(struct pack *p, const char *file, uint8_t hdr[512])
{
	uint8_t *b;
	size_t n;
	int r = pack_read(p, file, MTK_HDR, &b, &n);
	if (!r && (n != MTK_HDR || get_le32(b) != 0x58881688u))
		r = mtkfw_fail(p->ctx, MTKFW_E_FORMAT,
			       "%s/%s: %zu bytes, want the 512 of an MTK header (magic 0x58881688)",
			       p->dir, file, n);
	if (!r)
		memcpy(hdr, b, MTK_HDR);
	free(b);
	return r;
}

int mtk_repack(struct pack *p, uint8_t **out, size_t *len)
{
	uint8_t hdr[MTK_HDR], *pay = NULL, *tr = NULL;
	size_t plen = 0, tlen = 0;
	char name[64];
	int r = mtk_header_load(p, "header.mtk", hdr);
	if (!r)
		r = pack_read(p, "payload", IMGPACK_MAX, &pay, &plen);
	if (!r)
		r = mtk_header_patch(p, hdr, pack_get(p, "name", name, sizeof(name)), plen);
	if (!r)
		r = pack_trailer_load(p, &tr, &tlen);
	uint8_t *img = r ? NULL : malloc(MTK_HDR + plen + tlen);
	if (!r && !img)
		r = MTKFW_E_NO_MEM;
	if (!r) {
		memcpy(img, hdr, MTK_HDR);
		memcpy(img + MTK_HDR, pay, plen);
		if (tlen)
			memcpy(img + MTK_HDR + plen, tr, tlen);
		*out = img;
		*len = MTK_HDR + plen + tlen;
	}
	free(pay);
	free(tr);
	return r;
}
