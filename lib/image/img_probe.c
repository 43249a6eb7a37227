/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Identify an image from a stream. The first 64 KiB are kept to decide what
 * the image is; after that, only the format's own streaming reader (sparse
 * chunks, logo zlib streams, a 512-byte capture inside a boot image) sees the
 * bytes. A preloader is small and is kept whole (at most 4 MiB).
 */
#include <stdlib.h>
#include <string.h>

#include "img_priv.h"
#include "mtkfw/sparse.h"

#define HEAD_MAX      (64u * 1024)
#define PRELOADER_MAX (4u << 20)
#define INNER_HEAD    2048

struct mtkfw_probe {
	unsigned flags;
	uint8_t *head;
	size_t head_len, head_cap;
	bool decided, head_overflow;
	uint64_t total;
	uint32_t sum;
	struct mtkfw_image_info info;
	struct mtkfw_sparse_dec *sparse;
	bool sparse_failed;
	uint8_t inner[INNER_HEAD]; /* first bytes of the expanded sparse content */
	struct logo_state *logo;
	uint64_t ramdisk_off; /* boot image: where the ramdisk's MTK header is */
	uint8_t cap[MTKHDR_SIZE];
	size_t cap_len;
	uint64_t tail_from; /* MTK header images: where the image ends and padding begins */
	bool tail_seen, tail_mixed;
	uint8_t tail_byte;
};

int mtkfw_probe_new(struct mtkfw_probe **out, unsigned flags)
{
	struct mtkfw_probe *p = calloc(1, sizeof(*p));
	if (!p)
		return MTKFW_E_NO_MEM;
	p->head = malloc(HEAD_MAX);
	if (!p->head) {
		free(p);
		return MTKFW_E_NO_MEM;
	}
	p->head_cap = HEAD_MAX;
	p->flags = flags;
	*out = p;
	return 0;
}

void mtkfw_probe_free(struct mtkfw_probe *p)
{
	if (!p)
		return;
	mtkfw_sparse_dec_free(p->sparse);
	logo_free(p->logo);
	mtkfw_image_info_clear(&p->info);
	free(p->head);
	free(p);
}

/* Sparse extents: count what must be written, keep the first expanded bytes. */
static int sparse_extent(void *user, const struct mtkfw_extent *e)
{
	struct mtkfw_probe *p = user;
	struct mtkfw_sparse_info *s = &p->info.sparse;
	if (e->kind == MTKFW_EXTENT_SKIP) {
		s->skip_bytes += e->length;
		return 0;
	}
	if (e->kind == MTKFW_EXTENT_DATA)
		s->raw_bytes += e->length;
	else
		s->fill_bytes += e->length;
	if (e->offset >= INNER_HEAD)
		return 0;
	size_t n = e->length < INNER_HEAD - e->offset ? (size_t)e->length
						      : (size_t)(INNER_HEAD - e->offset);
	if (e->kind == MTKFW_EXTENT_DATA) {
		memcpy(p->inner + e->offset, e->data, n);
	} else {
		for (size_t i = 0; i < n; i++)
			p->inner[e->offset + i] = mtkfw_fill_byte(e->fill, e->offset + i);
	}
	return 0;
}

static bool looks_preloader(const uint8_t *h, size_t n)
{
	if (n >= 9 && !memcmp(h, "EMMC_BOOT", 9))
		return true;
	return n >= 0x38 && !memcmp(h, "MMM", 3) && !memcmp(h + 8, "FILE_INFO", 9);
}

static void capture(struct mtkfw_probe *p, uint64_t at, const uint8_t *buf, size_t len);

/* Watch the bytes past an MTK header image's end: all one value (padding) or not. */
static void watch_tail(struct mtkfw_probe *p, uint64_t at, const uint8_t *buf, size_t len)
{
	if (p->tail_mixed || at + len <= p->tail_from)
		return;
	size_t i = at < p->tail_from ? (size_t)(p->tail_from - at) : 0;
	if (!p->tail_seen) {
		p->tail_byte = buf[i];
		p->tail_seen = true;
	}
	for (; i < len; i++)
		if (buf[i] != p->tail_byte) {
			p->tail_mixed = true;
			return;
		}
}

/* Pick the kind from the head and start its streaming reader. */
static void decide(struct mtkfw_probe *p)
{
	const uint8_t *h = p->head;
	size_t n = p->head_len;
	struct mtkfw_image_info *info = &p->info;
	struct mtkfw_mbr_info mbr;
	p->decided = true;
	if (looks_preloader(h, n)) {
		info->kind = MTKFW_IMG_PRELOADER;
	} else if (!mtkfw_mtkhdr_parse(h, n, &info->mtk)) {
		info->kind = strcmp(info->mtk.name, "LOGO") ? MTKFW_IMG_MTK : MTKFW_IMG_LOGO;
		p->tail_from = (uint64_t)info->mtk.payload + MTKHDR_SIZE;
		watch_tail(p, 0, h, n);
		if (info->kind == MTKFW_IMG_LOGO && logo_begin(&p->logo, h, n, info) == 0)
			logo_feed(p->logo, h, n);
	} else if (n >= 8 && !memcmp(h, "ANDROID!", 8)) {
		info->kind = MTKFW_IMG_BOOT;
		boot_parse(h, n, info, &p->ramdisk_off);
		capture(p, 0, h, n);
	} else if (mtkfw_sparse_detect(h, n)) {
		info->kind = MTKFW_IMG_SPARSE;
		if (mtkfw_sparse_dec_new(&p->sparse, sparse_extent, p) == 0 &&
		    mtkfw_sparse_dec_feed(p->sparse, h, n))
			p->sparse_failed = true;
	} else if (!mtkfw_ext4_parse(h, n, &info->ext4)) {
		info->kind = MTKFW_IMG_EXT4;
	} else if (!mtkfw_mbr_parse(h, n, &mbr)) {
		info->kind = MTKFW_IMG_MBR;
		info->mbr = mbr;
	} else if (mtkfw_yaffs2_detect(h, n)) {
		info->kind = MTKFW_IMG_YAFFS2;
	} else {
		info->kind = n ? MTKFW_IMG_UNKNOWN : MTKFW_IMG_EMPTY;
	}
}

/* Keep the bytes of a boot image's ramdisk header as they pass. */
static void capture(struct mtkfw_probe *p, uint64_t at, const uint8_t *buf, size_t len)
{
	uint64_t want = p->ramdisk_off + p->cap_len;
	if (!p->ramdisk_off || p->cap_len == MTKHDR_SIZE || at + len <= want || at > want)
		return;
	size_t skip = (size_t)(want - at), n = len - skip;
	if (n > MTKHDR_SIZE - p->cap_len)
		n = MTKHDR_SIZE - p->cap_len;
	memcpy(p->cap + p->cap_len, buf + skip, n);
	p->cap_len += n;
}

/* Bytes after the decision go to the kind's streaming reader. */
static void stream(struct mtkfw_probe *p, uint64_t at, const uint8_t *buf, size_t len)
{
	switch (p->info.kind) {
	case MTKFW_IMG_SPARSE:
		if (p->sparse && !p->sparse_failed && mtkfw_sparse_dec_feed(p->sparse, buf, len))
			p->sparse_failed = true;
		break;
	case MTKFW_IMG_LOGO:
		if (p->logo)
			logo_feed(p->logo, buf, len);
		watch_tail(p, at, buf, len);
		break;
	case MTKFW_IMG_MTK:
		watch_tail(p, at, buf, len);
		break;
	case MTKFW_IMG_BOOT:
		capture(p, at, buf, len);
		break;
	default:
		break;
	}
}

/* Append to the head; a preloader may grow it up to PRELOADER_MAX. Returns bytes taken. */
static size_t keep_head(struct mtkfw_probe *p, const uint8_t *buf, size_t len)
{
	size_t limit = p->decided ? PRELOADER_MAX : HEAD_MAX;
	size_t n = limit - p->head_len < len ? limit - p->head_len : len;
	if (p->head_len + n > p->head_cap) {
		size_t cap = p->head_cap * 2 < limit ? p->head_cap * 2 : limit;
		while (cap < p->head_len + n)
			cap = cap * 2 < limit ? cap * 2 : limit;
		uint8_t *nh = realloc(p->head, cap);
		if (!nh)
			return 0;
		p->head = nh;
		p->head_cap = cap;
	}
	memcpy(p->head + p->head_len, buf, n);
	p->head_len += n;
	return n;
}

int mtkfw_probe_feed(struct mtkfw_probe *p, const void *data, size_t len)
{
	const uint8_t *buf = data;
	uint64_t at = p->total;
	p->total += len;
	if (p->flags & MTKFW_PROBE_BYTESUM)
		p->sum = mtkfw_bytesum_update(p->sum, buf, len);
	if (!p->decided) {
		size_t n = keep_head(p, buf, len);
		if (p->head_len < HEAD_MAX)
			return 0;
		decide(p);
		buf += n;
		len -= n;
		at += n;
	}
	if (p->info.kind == MTKFW_IMG_PRELOADER) {
		size_t n = keep_head(p, buf, len);
		if (n < len)
			p->head_overflow = true;
		return 0;
	}
	stream(p, at, buf, len);
	return 0;
}

/* Finish a sparse image: validate the end, learn sizes and the inner filesystem. */
static void finish_sparse(struct mtkfw_probe *p)
{
	struct mtkfw_image_info *info = &p->info;
	struct mtkfw_sparse_info *s = &info->sparse;
	const struct mtkfw_sparse_header *h = p->sparse ? mtkfw_sparse_dec_header(p->sparse) : NULL;
	if (p->sparse && (p->sparse_failed || mtkfw_sparse_dec_finish(p->sparse)))
		img_problem(info, MTKFW_SEV_ERROR, "image-invalid", "sparse image: %s",
			    mtkfw_sparse_dec_error(p->sparse));
	if (!h)
		return;
	uint32_t c[4];
	mtkfw_sparse_dec_counts(p->sparse, c);
	s->blk_sz = h->blk_sz;
	s->total_blks = h->total_blks;
	s->total_chunks = h->total_chunks;
	s->raw_chunks = c[0];
	s->fill_chunks = c[1];
	s->dontcare_chunks = c[2];
	s->crc_chunks = c[3];
	info->content_size = (uint64_t)h->total_blks * h->blk_sz;
	struct mtkfw_ext4_info e;
	if (!mtkfw_ext4_parse(p->inner, sizeof(p->inner), &e)) {
		s->inner_ext4 = true;
		s->inner_fs_size = e.blocks * e.block_size;
		info->ext4 = e;
	}
	img_summary(info,
		    "sparse image: %llu bytes expanded (%llu data, %llu fill, %llu don't care) in "
		    "%u chunks%s",
		    (unsigned long long)info->content_size, (unsigned long long)s->raw_bytes,
		    (unsigned long long)s->fill_bytes, (unsigned long long)s->skip_bytes,
		    h->total_chunks, s->inner_ext4 ? ", ext4 inside" : "");
}

/*
 * Check an MTK header's payload size against the file size: shorter is a
 * truncated image; longer is a whole-partition dump (MTK Droid Tools, WwR,
 * readbacks), padded after the image, which flashes as it is.
 */
static void finish_mtk(struct mtkfw_probe *p)
{
	struct mtkfw_image_info *info = &p->info;
	uint64_t want = (uint64_t)info->mtk.payload + MTKHDR_SIZE;
	info->mtk.pad_fill = -1;
	if (want > info->file_size)
		img_problem(info, MTKFW_SEV_ERROR, "image-invalid",
			    "MTK header '%s' says %u payload bytes (%llu with the header) but the "
			    "file has only %llu bytes: the image is truncated",
			    info->mtk.name, info->mtk.payload, (unsigned long long)want,
			    (unsigned long long)info->file_size);
	if (want < info->file_size) {
		info->mtk.pad_bytes = info->file_size - want;
		info->mtk.pad_fill = p->tail_mixed ? -1 : p->tail_byte;
	}
	if (want < info->file_size && !p->tail_mixed)
		img_problem(info, MTKFW_SEV_INFO, "image-padded",
			    "'%s' image of %llu bytes, then %llu bytes of 0x%02x: a partition "
			    "dump, flashed as it is",
			    info->mtk.name, (unsigned long long)want,
			    (unsigned long long)info->mtk.pad_bytes, p->tail_byte);
	else if (want < info->file_size)
		img_problem(info, MTKFW_SEV_WARNING, "image-trailing-data",
			    "'%s' image of %llu bytes, then %llu bytes that are not padding (a "
			    "partition dump holding older data?): the phone reads only the image, "
			    "but check that this is the file you meant",
			    info->mtk.name, (unsigned long long)want,
			    (unsigned long long)info->mtk.pad_bytes);
	if (info->kind == MTKFW_IMG_MTK)
		img_summary(info, "MTK image '%s', %u payload bytes", info->mtk.name,
			    info->mtk.payload);
}

static void finish_ext4(struct mtkfw_image_info *info)
{
	info->content_size = info->ext4.blocks * info->ext4.block_size;
	if (info->file_size < info->content_size)
		img_problem(info, MTKFW_SEV_ERROR, "image-invalid",
			    "ext4 image is truncated: its superblock says %llu bytes, the file has "
			    "%llu",
			    (unsigned long long)info->content_size,
			    (unsigned long long)info->file_size);
	img_summary(info, "ext4 filesystem: %llu blocks of %u bytes%s%s",
		    (unsigned long long)info->ext4.blocks, info->ext4.block_size,
		    info->ext4.last_mounted[0] ? ", last mounted on " : "",
		    info->ext4.last_mounted);
}

static void finish_mbr(struct mtkfw_image_info *info)
{
	img_summary(info, "partition table:");
	for (int i = 0; i < 4; i++)
		if (info->mbr.e[i].type)
			img_summary(info, " [type 0x%02x lba 0x%x n 0x%x]", info->mbr.e[i].type,
				    info->mbr.e[i].lba, info->mbr.e[i].sectors);
}

static void finish_unknown(struct mtkfw_probe *p)
{
	const uint8_t *h = p->head;
	size_t n = p->head_len, zero = 0;
	while (zero < n && !h[zero])
		zero++;
	if (n >= 13 && !memcmp(h, "AND_AC_REGION", 13))
		img_summary(&p->info, "secure RO data (AND_AC_REGION)");
	else if (zero == n)
		img_summary(&p->info, "zeros (no recognised header)");
	else
		img_summary(&p->info, "unrecognised data");
}

/* Complete the kind-specific part of the info. */
static void finish_kind(struct mtkfw_probe *p)
{
	struct mtkfw_image_info *info = &p->info;
	switch (info->kind) {
	case MTKFW_IMG_PRELOADER:
		if (p->head_overflow)
			img_problem(info, MTKFW_SEV_ERROR, "preloader-invalid",
				    "preloader is %llu bytes, larger than any real one (%u)",
				    (unsigned long long)info->file_size, PRELOADER_MAX);
		else if (mtkfw_preloader_parse(p->head, p->head_len, info))
			img_problem(info, MTKFW_SEV_ERROR, "preloader-invalid",
				    "EMMC_BOOT header without a valid BRLYT/GFH behind it");
		break;
	case MTKFW_IMG_LOGO:
		finish_mtk(p);
		if (p->logo)
			logo_finish(p->logo, info);
		break;
	case MTKFW_IMG_MTK:
		finish_mtk(p);
		break;
	case MTKFW_IMG_BOOT:
		boot_section_name(p->cap, p->cap_len, info->boot.ramdisk_mtk);
		boot_finish(info);
		break;
	case MTKFW_IMG_SPARSE:
		finish_sparse(p);
		break;
	case MTKFW_IMG_EXT4:
		finish_ext4(info);
		break;
	case MTKFW_IMG_MBR:
		finish_mbr(info);
		break;
	case MTKFW_IMG_YAFFS2:
		img_summary(info, "yaffs2 image (recognised by its first object header)");
		break;
	case MTKFW_IMG_EMPTY:
		img_summary(info, "empty file");
		break;
	default:
		finish_unknown(p);
	}
}

int mtkfw_probe_finish(struct mtkfw_probe *p, struct mtkfw_image_info *info)
{
	if (!p->decided)
		decide(p);
	p->info.file_size = p->total;
	p->info.content_size = p->total;
	if (p->flags & MTKFW_PROBE_BYTESUM) {
		p->info.has_bytesum = true;
		p->info.bytesum = (uint16_t)(p->sum & 0xFFFF);
	}
	finish_kind(p);
	*info = p->info;
	/* Ownership of the logo size table moves to the caller's info. */
	memset(&p->info, 0, sizeof(p->info));
	return 0;
}

int mtkfw_image_identify(const void *buf, size_t len, unsigned flags, struct mtkfw_image_info *info)
{
	struct mtkfw_probe *p;
	int r = mtkfw_probe_new(&p, flags);
	if (r)
		return r;
	r = mtkfw_probe_feed(p, buf, len);
	if (!r)
		r = mtkfw_probe_finish(p, info);
	mtkfw_probe_free(p);
	return r;
}
