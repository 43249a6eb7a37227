/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Streaming Android sparse decoder (docs/formats.md, "Android sparse"). A small state machine:
 * header -> (chunk header -> chunk body)* -> done. Headers are gathered in a
 * fixed buffer; RAW bodies are passed through without copying.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "mtkfw/sparse.h"

#define CHUNK_RAW	0xCAC1
#define CHUNK_FILL	0xCAC2
#define CHUNK_DONT_CARE 0xCAC3
#define CHUNK_CRC32	0xCAC4

#define HDR_MAX	   1024 /* largest file/chunk header size we accept */
#define BLK_SZ_MAX (64u << 20)

enum state { ST_FILE_HDR, ST_CHUNK_HDR, ST_RAW, ST_TAIL4, ST_DONE, ST_ERROR };

struct mtkfw_sparse_dec {
	mtkfw_extent_cb cb;
	void *user;
	int stop; /* the callback's positive value, when it asked to stop */
	enum state st;
	struct mtkfw_sparse_header hdr;
	bool have_hdr;
	uint8_t buf[HDR_MAX];
	size_t need, got; /* bytes wanted / gathered in buf */
	uint16_t chunk_type;
	uint32_t chunk_no;
	uint64_t remaining; /* bytes left in a RAW body */
	uint64_t raw_done;  /* bytes of the RAW body already passed on */
	uint64_t out_off;   /* offset in the expanded image */
	uint64_t chunk_len; /* expanded bytes of the current chunk */
	uint32_t blocks_done;
	uint32_t counts[4];
	uint64_t in_off;
	char err[256];
};

/* Record a format error and park the decoder; returns MTKFW_E_FORMAT. */
static int bad(struct mtkfw_sparse_dec *d, const char *fmt, ...) MTKFW_PRINTF(2, 3);
static int bad(struct mtkfw_sparse_dec *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->err, sizeof(d->err), fmt, ap);
	va_end(ap);
	d->st = ST_ERROR;
	return MTKFW_E_FORMAT;
}

int mtkfw_sparse_dec_new(struct mtkfw_sparse_dec **out, mtkfw_extent_cb cb, void *user)
{
	struct mtkfw_sparse_dec *d = calloc(1, sizeof(*d));
	if (!d)
		return MTKFW_E_NO_MEM;
	d->cb = cb;
	d->user = user;
	d->st = ST_FILE_HDR;
	d->need = 28;
	*out = d;
	return 0;
}

void mtkfw_sparse_dec_free(struct mtkfw_sparse_dec *d)
{
	free(d);
}

/* Hand one extent at offset out_off + skip of the expanded image to the callback. */
static int emit(struct mtkfw_sparse_dec *d, enum mtkfw_extent_kind kind, uint64_t skip,
		uint64_t len, const uint8_t *data, uint32_t fill)
{
	if (!d->cb || !len)
		return 0;
	struct mtkfw_extent e = {kind, d->out_off + skip, len,		data,
				 fill, d->out_off,	  d->chunk_len, d->in_off};
	return d->cb(d->user, &e);
}

bool mtkfw_sparse_detect(const void *head, size_t n)
{
	return n >= 4 && get_le32(head) == MTKFW_SPARSE_MAGIC;
}

/* The 28-byte file header is complete (plus any extra header bytes, skipped). */
static int file_header(struct mtkfw_sparse_dec *d)
{
	struct mtkfw_sparse_header *h = &d->hdr;
	if (!mtkfw_sparse_detect(d->buf, 28))
		return bad(d, "not a sparse image (magic 0x%08x, want 0x%08x)", get_le32(d->buf),
			   MTKFW_SPARSE_MAGIC);
	h->major = get_le16(d->buf + 4);
	h->minor = get_le16(d->buf + 6);
	h->file_hdr_sz = get_le16(d->buf + 8);
	h->chunk_hdr_sz = get_le16(d->buf + 10);
	h->blk_sz = get_le32(d->buf + 12);
	h->total_blks = get_le32(d->buf + 16);
	h->total_chunks = get_le32(d->buf + 20);
	h->checksum = get_le32(d->buf + 24);
	if (h->major != 1)
		return bad(d, "sparse major version %u, only 1 exists", h->major);
	if (h->file_hdr_sz < 28 || h->file_hdr_sz > HDR_MAX)
		return bad(d, "sparse file header size %u, want 28..%d", h->file_hdr_sz, HDR_MAX);
	if (h->chunk_hdr_sz < 12 || h->chunk_hdr_sz > HDR_MAX)
		return bad(d, "sparse chunk header size %u, want 12..%d", h->chunk_hdr_sz, HDR_MAX);
	if (!h->blk_sz || h->blk_sz % 4 || h->blk_sz > BLK_SZ_MAX)
		return bad(d, "sparse block size %u is not a positive multiple of 4 up to %u",
			   h->blk_sz, BLK_SZ_MAX);
	d->have_hdr = true;
	/* Extra header bytes, if any, are gathered and ignored before the chunks. */
	d->need = h->file_hdr_sz;
	return 0;
}

/* The whole file header is in: the first chunk header comes next. */
static void begin_chunks(struct mtkfw_sparse_dec *d)
{
	d->got = 0;
	d->need = d->hdr.chunk_hdr_sz;
	d->st = d->hdr.total_chunks ? ST_CHUNK_HDR : ST_DONE;
}

/* A chunk header is complete: check its sizes against its type. */
static int chunk_header(struct mtkfw_sparse_dec *d)
{
	const struct mtkfw_sparse_header *h = &d->hdr;
	uint16_t type = get_le16(d->buf);
	uint32_t blocks = get_le32(d->buf + 4), total = get_le32(d->buf + 8);
	uint64_t body = (uint64_t)total >= h->chunk_hdr_sz ? total - (uint64_t)h->chunk_hdr_sz : 0;
	uint64_t expanded = (uint64_t)blocks * h->blk_sz;
	if ((uint64_t)total < h->chunk_hdr_sz)
		return bad(d, "chunk %u: total size %u is smaller than its header", d->chunk_no,
			   total);
	if ((uint64_t)d->blocks_done + blocks > h->total_blks)
		return bad(d, "chunk %u: %u blocks run past the image's %u blocks", d->chunk_no,
			   blocks, h->total_blks);
	d->chunk_type = type;
	d->chunk_len = expanded;
	d->got = 0;
	switch (type) {
	case CHUNK_RAW:
		if (body != expanded)
			return bad(d, "chunk %u: RAW body is %llu bytes, %u blocks need %llu",
				   d->chunk_no, (unsigned long long)body, blocks,
				   (unsigned long long)expanded);
		d->counts[0]++;
		d->remaining = body;
		d->raw_done = 0;
		d->st = ST_RAW;
		return 0;
	case CHUNK_FILL:
	case CHUNK_CRC32:
		if (body != 4)
			return bad(d, "chunk %u: %s body is %llu bytes, want 4", d->chunk_no,
				   type == CHUNK_FILL ? "FILL" : "CRC32", (unsigned long long)body);
		if (type == CHUNK_CRC32 && blocks)
			return bad(d, "chunk %u: CRC32 chunk covers %u blocks, want 0", d->chunk_no,
				   blocks);
		d->counts[type == CHUNK_FILL ? 1 : 3]++;
		d->need = 4;
		d->st = ST_TAIL4;
		return 0;
	case CHUNK_DONT_CARE:
		if (body)
			return bad(d, "chunk %u: DONT_CARE has a %llu-byte body", d->chunk_no,
				   (unsigned long long)body);
		d->counts[2]++;
		return 0; /* finished by end_chunk() */
	default:
		return bad(d, "chunk %u: unknown chunk type 0x%04x", d->chunk_no, type);
	}
}

/* Account a finished chunk and move on. */
static void end_chunk(struct mtkfw_sparse_dec *d)
{
	d->out_off += d->chunk_len;
	d->blocks_done += (uint32_t)(d->chunk_len / d->hdr.blk_sz);
	d->chunk_no++;
	d->got = 0;
	d->need = d->hdr.chunk_hdr_sz;
	d->st = d->chunk_no < d->hdr.total_chunks ? ST_CHUNK_HDR : ST_DONE;
}

/* Gather header bytes into buf; returns how many of the input were used. */
static size_t gather(struct mtkfw_sparse_dec *d, const uint8_t *p, size_t len)
{
	size_t take = d->need - d->got;
	if (take > len)
		take = len;
	memcpy(d->buf + d->got, p, take);
	d->got += take;
	return take;
}

/* Run one step of the state machine on the input; returns bytes used or <0. */
static long long step(struct mtkfw_sparse_dec *d, const uint8_t *p, size_t len)
{
	int r = 0;
	size_t used;
	switch (d->st) {
	case ST_FILE_HDR:
		used = gather(d, p, len);
		if (d->got == d->need && !d->have_hdr)
			r = file_header(d);
		if (!r && d->have_hdr && d->got == d->need)
			begin_chunks(d);
		break;
	case ST_CHUNK_HDR:
		used = gather(d, p, len);
		if (d->got == d->need) {
			r = chunk_header(d);
			if (!r && d->chunk_type == CHUNK_DONT_CARE) {
				r = emit(d, MTKFW_EXTENT_SKIP, 0, d->chunk_len, NULL, 0);
				end_chunk(d);
			} else if (!r && d->st == ST_RAW && !d->remaining) {
				end_chunk(d); /* an empty RAW chunk */
			}
		}
		break;
	case ST_RAW:
		used = len < d->remaining ? len : (size_t)d->remaining;
		r = emit(d, MTKFW_EXTENT_DATA, d->raw_done, used, p, 0);
		d->raw_done += used;
		d->remaining -= used;
		if (!d->remaining)
			end_chunk(d);
		break;
	case ST_TAIL4:
		used = gather(d, p, len);
		if (d->got == 4) {
			if (d->chunk_type == CHUNK_FILL)
				r = emit(d, MTKFW_EXTENT_FILL, 0, d->chunk_len, NULL,
					 get_le32(d->buf));
			end_chunk(d);
		}
		break;
	case ST_DONE:
		return bad(d, "%zu bytes of trailing data after the last of %u chunks", len,
			   d->hdr.total_chunks);
	default:
		return MTKFW_E_FORMAT;
	}
	if (r > 0) /* the callback asked to stop: not a byte count */
		d->stop = r;
	return r < 0 ? r : (long long)used;
}

int mtkfw_sparse_dec_feed(struct mtkfw_sparse_dec *d, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	while (len) {
		long long used = step(d, p, len);
		if (used < 0)
			return (int)used;
		if (d->stop)
			return d->stop;
		p += used;
		len -= (size_t)used;
		d->in_off += (uint64_t)used;
	}
	return 0;
}

uint64_t mtkfw_sparse_dec_raw_pending(const struct mtkfw_sparse_dec *d)
{
	return d->st == ST_RAW ? d->remaining : 0;
}

int mtkfw_sparse_dec_skip(struct mtkfw_sparse_dec *d, uint64_t n)
{
	if (d->st != ST_RAW || n > d->remaining)
		return MTKFW_E_INVALID_PARAM;
	int r = emit(d, MTKFW_EXTENT_DATA, d->raw_done, n, NULL, 0);
	d->raw_done += n;
	d->remaining -= n;
	d->in_off += n;
	if (!d->remaining)
		end_chunk(d);
	return r;
}

int mtkfw_sparse_dec_finish(struct mtkfw_sparse_dec *d)
{
	if (d->st == ST_ERROR)
		return MTKFW_E_FORMAT;
	if (d->st != ST_DONE)
		return bad(d, "truncated sparse image: ended in chunk %u of %u after %llu bytes",
			   d->chunk_no, d->hdr.total_chunks, (unsigned long long)d->in_off);
	if (d->blocks_done != d->hdr.total_blks)
		return bad(d, "chunks cover %u blocks but the header says %u", d->blocks_done,
			   d->hdr.total_blks);
	return 0;
}

const struct mtkfw_sparse_header *mtkfw_sparse_dec_header(const struct mtkfw_sparse_dec *d)
{
	return d->have_hdr ? &d->hdr : NULL;
}

const char *mtkfw_sparse_dec_error(const struct mtkfw_sparse_dec *d)
{
	return d->err;
}

void mtkfw_sparse_dec_counts(const struct mtkfw_sparse_dec *d, uint32_t counts[4])
{
	memcpy(counts, d->counts, sizeof(d->counts));
}
