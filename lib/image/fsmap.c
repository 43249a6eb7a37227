/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Filesystem usage maps (mtkfw/fsmap.h). ext2/3/4 is opened read-only with
 * libext2fs through an I/O manager that reads via the caller's callback, and
 * its block bitmap gives the used blocks. FAT16/32 is parsed here: boot
 * sector, then the first FAT, whose non-zero entries are the used clusters.
 * Both distrust what they read: anything inconsistent means "no map".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "ext4_priv.h"
#include "internal.h"
#include "mtkfw/fsmap.h"

#define FAT_MAX_TABLE (64u << 20) /* a first FAT bigger than this is not believed */

/* ---- the map ---- */

/* Append [off, off+len) at or after the last extent, merged with it across a gap below gap. */
static int add_gap(struct mtkfw_fsmap *m, uint64_t off, uint64_t len, uint64_t gap)
{
	if (!len)
		return 0;
	struct mtkfw_span *last = m->n ? &m->ext[m->n - 1] : NULL;
	if (last && off <= last->offset + last->length + gap) {
		uint64_t end = off + len > last->offset + last->length
				       ? off + len
				       : last->offset + last->length;
		m->used += end - (last->offset + last->length);
		last->length = end - last->offset;
		return 0;
	}
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 64;
		struct mtkfw_span *e = realloc(m->ext, cap * sizeof(*e));
		if (!e)
			return MTKFW_E_NO_MEM;
		m->ext = e;
		m->cap = cap;
	}
	m->ext[m->n++] = (struct mtkfw_span){off, len};
	m->used += len;
	return 0;
}

int mtkfw_fsmap_add(struct mtkfw_fsmap *m, uint64_t off, uint64_t len)
{
	return add_gap(m, off, len, MTKFW_FSMAP_MIN_GAP);
}

int mtkfw_fsmap_clip(const struct mtkfw_fsmap *a, const struct mtkfw_span *within, size_t n,
		     struct mtkfw_fsmap *out)
{
	int r = 0;
	memset(out, 0, sizeof(*out));
	out->fs = a->fs;
	for (size_t i = 0, k = 0; !r && i < a->n && k < n;) {
		uint64_t ae = a->ext[i].offset + a->ext[i].length;
		uint64_t we = within[k].offset + within[k].length;
		uint64_t s =
			a->ext[i].offset > within[k].offset ? a->ext[i].offset : within[k].offset;
		uint64_t e = ae < we ? ae : we;
		if (e > s)
			r = add_gap(out, s, e - s, 0);
		if (ae < we)
			i++;
		else
			k++;
	}
	if (r)
		mtkfw_fsmap_free(out);
	return r;
}

int mtkfw_fsmap_append(struct mtkfw_fsmap *m, uint64_t off, uint64_t len)
{
	return add_gap(m, off, len, 0);
}

int mtkfw_fsmap_union(const struct mtkfw_fsmap *a, const struct mtkfw_fsmap *b,
		      struct mtkfw_fsmap *out)
{
	int r = 0;
	memset(out, 0, sizeof(*out));
	out->fs = a->fs;
	for (size_t i = 0, k = 0; !r && (i < a->n || k < b->n);) {
		bool from_b = i == a->n || (k < b->n && b->ext[k].offset < a->ext[i].offset);
		const struct mtkfw_span *x = from_b ? &b->ext[k++] : &a->ext[i++];
		r = mtkfw_fsmap_add(out, x->offset, x->length);
	}
	if (r)
		mtkfw_fsmap_free(out);
	return r;
}

int mtkfw_fsmap_minus(const struct mtkfw_fsmap *a, const struct mtkfw_fsmap *b,
		      struct mtkfw_fsmap *out)
{
	int r = 0;
	size_t k = 0;
	memset(out, 0, sizeof(*out));
	out->fs = a->fs;
	for (size_t i = 0; !r && i < a->n; i++) {
		uint64_t s = a->ext[i].offset, e = s + a->ext[i].length;
		while (k < b->n && b->ext[k].offset + b->ext[k].length <= s)
			k++; /* b's extents wholly before this one: before every later one too */
		for (size_t j = k; !r && s < e && j < b->n && b->ext[j].offset < e; j++) {
			if (b->ext[j].offset > s)
				r = add_gap(out, s, b->ext[j].offset - s, 0);
			uint64_t be = b->ext[j].offset + b->ext[j].length;
			s = be > s ? be : s;
		}
		if (!r && s < e)
			r = add_gap(out, s, e - s, 0);
	}
	if (r)
		mtkfw_fsmap_free(out);
	return r;
}

void mtkfw_fsmap_free(struct mtkfw_fsmap *m)
{
	if (m) {
		free(m->ext);
		memset(m, 0, sizeof(*m));
	}
}

#ifndef MTKFW_NO_EXT2FS
/* Used runs of the block bitmap, then whatever lies past the filesystem. */
static int ext_runs(ext2_filsys fs, uint64_t len, struct mtkfw_fsmap *m)
{
	uint64_t bs = fs->blocksize;
	blk64_t first = fs->super->s_first_data_block, last = ext2fs_blocks_count(fs->super) - 1;
	int r = mtkfw_fsmap_add(m, 0,
				first * bs); /* the boot block before a 1 KiB-block filesystem */
	for (blk64_t b = first; !r && b <= last;) {
		blk64_t s, e;
		if (ext2fs_find_first_set_block_bitmap2(fs->block_map, b, last, &s))
			break;
		if (ext2fs_find_first_zero_block_bitmap2(fs->block_map, s, last, &e))
			e = last + 1;
		r = mtkfw_fsmap_add(m, s * bs, (e - s) * bs);
		b = e;
	}
	uint64_t end = (last + 1) * bs;
	return r ? r : mtkfw_fsmap_add(m, end, len - end);
}

static int ext_map(struct xio *x, uint64_t len, struct mtkfw_fsmap *m)
{
	ext2_filsys fs = NULL;
	int r = ext4_open(x, len, true, &fs);
	if (!r) { /* its size was checked against the partition by ext4_open */
		r = ext_runs(fs, len, m);
		m->fs = "ext4";
	}
	if (fs)
		ext2fs_close_free(&fs);
	return x->err ? x->err : r;
}
#else /* a build without libext2fs (Windows): no ext4 map, every byte is read */
static int ext_map(struct xio *x, uint64_t len, struct mtkfw_fsmap *m)
{
	(void)x, (void)len, (void)m;
	return MTKFW_E_FORMAT;
}
#endif

/* ---- FAT16 / FAT32 ---- */

struct fat {
	uint32_t bps, spc, reserved, nfats, fat_secs, root_secs, total, clusters;
	bool fat32;
};

/* The BIOS parameter block, every field checked; false when it is not FAT16/32. */
static bool fat_bpb(const uint8_t *b, uint64_t len, struct fat *f)
{
	f->bps = get_le16(b + 11);
	f->spc = b[13];
	f->reserved = get_le16(b + 14);
	f->nfats = b[16];
	uint32_t root_ents = get_le16(b + 17), fat16 = get_le16(b + 22);
	f->total = get_le16(b + 19) ? get_le16(b + 19) : get_le32(b + 32);
	f->fat_secs = fat16 ? fat16 : get_le32(b + 36);
	if ((b[0] != 0xEB && b[0] != 0xE9) || b[510] != 0x55 || b[511] != 0xAA)
		return false;
	if (f->bps < 512 || f->bps > 4096 || (f->bps & (f->bps - 1)) || !f->spc ||
	    (f->spc & (f->spc - 1)) || !f->reserved || !f->nfats || f->nfats > 4 || !f->fat_secs ||
	    (b[21] != 0xF0 && b[21] < 0xF8))
		return false;
	f->root_secs = (root_ents * 32 + f->bps - 1) / f->bps;
	uint64_t data = (uint64_t)f->reserved + (uint64_t)f->nfats * f->fat_secs + f->root_secs;
	if ((uint64_t)f->total * f->bps > len || f->total <= data)
		return false;
	f->clusters = (uint32_t)((f->total - data) / f->spc);
	f->fat32 = f->clusters >= 65525;
	if (f->clusters < 4085 || (f->fat32 && (root_ents || fat16)))
		return false; /* FAT12 is not mapped: small enough to read whole */
	uint64_t need = ((uint64_t)f->clusters + 2) * (f->fat32 ? 4 : 2);
	return need <= (uint64_t)f->fat_secs * f->bps && need <= FAT_MAX_TABLE;
}

static uint32_t fat_entry(const uint8_t *t, const struct fat *f, uint32_t c)
{
	return f->fat32 ? get_le32(t + 4 * (size_t)c) & 0x0FFFFFFFu : get_le16(t + 2 * (size_t)c);
}

/* Runs of allocated clusters; the FAT's first entry must repeat the media byte. */
static int fat_runs(const uint8_t *t, const struct fat *f, uint8_t media, uint64_t len,
		    struct mtkfw_fsmap *m)
{
	uint64_t cl = (uint64_t)f->spc * f->bps;
	uint64_t data =
		((uint64_t)f->reserved + (uint64_t)f->nfats * f->fat_secs + f->root_secs) * f->bps;
	if ((fat_entry(t, f, 0) & 0xFF) != media)
		return MTKFW_E_FORMAT;
	int r = mtkfw_fsmap_add(m, 0, data); /* boot sector, reserved sectors, FATs, FAT16 root */
	for (uint32_t c = 2; !r && c < f->clusters + 2;) {
		if (!fat_entry(t, f, c)) {
			c++;
			continue;
		}
		uint32_t s = c;
		while (c < f->clusters + 2 && fat_entry(t, f, c))
			c++;
		r = mtkfw_fsmap_add(m, data + (uint64_t)(s - 2) * cl, (uint64_t)(c - s) * cl);
	}
	uint64_t end = data + (uint64_t)f->clusters * cl;
	m->fs = f->fat32 ? "fat32" : "fat16";
	return r ? r : mtkfw_fsmap_add(m, end, len - end);
}

static int fat_map(struct xio *x, uint64_t len, struct mtkfw_fsmap *m)
{
	uint8_t b[512];
	struct fat f;
	int r = len < sizeof(b) ? MTKFW_E_FORMAT : x->read(x->user, 0, b, sizeof(b));
	if (r)
		return r;
	if (!fat_bpb(b, len, &f))
		return MTKFW_E_FORMAT;
	size_t n = ((size_t)f.clusters + 2) * (f.fat32 ? 4 : 2);
	uint8_t *t = malloc(n);
	if (!t)
		return MTKFW_E_NO_MEM;
	r = x->read(x->user, (uint64_t)f.reserved * f.bps, t, n);
	if (!r)
		r = fat_runs(t, &f, b[21], len, m);
	free(t);
	return r;
}

int mtkfw_fsmap_build(struct mtkfw_ctx *ctx, mtkfw_read_at_cb read, void *user, uint64_t len,
		      struct mtkfw_fsmap *out)
{
	struct xio x = {read, user, len, 0};
	memset(out, 0, sizeof(*out));
	int r = len >= 2048 ? ext_map(&x, len, out) : MTKFW_E_FORMAT;
	if (r == MTKFW_E_FORMAT) {
		mtkfw_fsmap_free(out);
		r = fat_map(&x, len, out);
	}
	if (r) {
		mtkfw_fsmap_free(out);
		return r == MTKFW_E_NO_MEM ? mtkfw_fail(ctx, r, "out of memory") : r;
	}
	return 0;
}
