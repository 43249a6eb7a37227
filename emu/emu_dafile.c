/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * DA files in the MTK_DOWNLOAD_AGENT container (docs/protocol.md 2): the virtual
 * phone's own reader, and a generator of synthetic DA files (real ones are
 * MediaTek's and never enter this repository).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu_priv.h"

#define DA_HDR	    0x6C
#define DA_MAGIC    0x22668899u
#define ENTRY_NEW   0xDC
#define ENTRY_OLD   0xD8
#define REGION	    20
#define MAX_ENTRIES 512

int emu_da_find(const uint8_t *f, size_t len, uint16_t hw_code, struct emu_da_entry *out)
{
	if (len < DA_HDR || memcmp(f, "MTK_DOWNLOAD_AGENT", 18) ||
	    emu_get_le32(f + 0x64) != DA_MAGIC)
		return -1;
	uint32_t n = emu_get_le32(f + 0x68);
	/* Old loaders have no sw_version/reserved1: their second entry starts at 0xD8. */
	size_t stride =
		len >= DA_HDR + ENTRY_OLD + 2 && emu_get_le16(f + DA_HDR + ENTRY_OLD) == 0xDADA
			? ENTRY_OLD
			: ENTRY_NEW;
	size_t regions = stride == ENTRY_NEW ? 0x14 : 0x10;
	if (n > MAX_ENTRIES || DA_HDR + (size_t)n * stride > len)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *e = f + DA_HDR + (size_t)i * stride;
		if (emu_get_le16(e) != 0xDADA || emu_get_le16(e + 2) != hw_code)
			continue;
		memset(out, 0, sizeof(*out));
		out->hw_code = hw_code;
		out->hw_sub = emu_get_le16(e + 4);
		out->hw_ver = emu_get_le16(e + 6);
		out->sw_ver = stride == ENTRY_NEW ? emu_get_le16(e + 8) : 0;
		out->region_count = emu_get_le16(e + regions - 2);
		if (out->region_count > 10)
			return -1;
		for (uint32_t r = 0; r < out->region_count; r++) {
			const uint8_t *g = e + regions + (size_t)r * REGION;
			out->r[r].buf = emu_get_le32(g);
			out->r[r].len = emu_get_le32(g + 4);
			out->r[r].start = emu_get_le32(g + 8);
			out->r[r].offset = emu_get_le32(g + 12);
			out->r[r].sig = emu_get_le32(g + 16);
		}
		return 0;
	}
	return -1;
}

/* ---- synthetic DA files ---- */

struct blob {
	uint32_t start, len, sig;
	const char *label;
};

struct chip_da {
	uint16_t hw_code, hw_ver;
	struct blob r[3];
};

/* One entry per chip; addresses as the real MT6572 entry (Tools/da_info.txt), others made up. */
static const struct chip_da chips[] = {
	{0x6572,
	 0xCA00,
	 {{0x80010000, 0x200, 0, "region0"},
	  {0x02007000, 0x10000, 0x100, "DA1 MT6572"},
	  {0x80000000, 0x30000, 0x100, "DA2 MT6572"}}},
	{0x6582,
	 0xCA00,
	 {{0x80010000, 0x200, 0, "region0"},
	  {0x00200000, 0x10000, 0x100, "DA1 MT6582"},
	  {0x80000000, 0x30000, 0x100, "DA2 MT6582"}}},
	{0x6592,
	 0xCA00,
	 {{0x80010000, 0x200, 0, "region0"},
	  {0x00200000, 0x10000, 0x100, "DA1 MT6592"},
	  {0x80000000, 0x30000, 0x100, "DA2 MT6592"}}},
};

/* Pseudo-random bytes that start with a label saying what they are (never MediaTek code). */
static void fill(uint8_t *p, size_t n, uint32_t seed, const char *label)
{
	emu_fill_pseudo(p, n, seed);
	snprintf((char *)p, n, "MTKFW SYNTHETIC %s: test data, not MediaTek code", label);
}

/* Lay out header, entries and blobs in one buffer; returns its size. */
static size_t build(uint8_t *f, size_t cap)
{
	const size_t n = sizeof(chips) / sizeof(chips[0]);
	size_t off = DA_HDR + n * ENTRY_NEW;
	memset(f, 0, cap);
	memcpy(f, "MTK_DOWNLOAD_AGENT", 18);
	snprintf((char *)f + 0x20, 64, "MTK_AllInOne_DA_v3.3001.mtkfw-synthetic");
	emu_put_le32(f + 0x60, 4);
	emu_put_le32(f + 0x64, DA_MAGIC);
	emu_put_le32(f + 0x68, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		uint8_t *e = f + DA_HDR + i * ENTRY_NEW;
		emu_put_le16(e, 0xDADA);
		emu_put_le16(e + 2, chips[i].hw_code);
		emu_put_le16(e + 6, chips[i].hw_ver);
		emu_put_le16(e + 0x0C, 0x800);
		emu_put_le16(e + 0x12, 3);
		for (int r = 0; r < 3; r++) {
			const struct blob *b = &chips[i].r[r];
			uint8_t *g = e + 0x14 + r * REGION;
			off = (off + 15) & ~(size_t)15;
			emu_put_le32(g, (uint32_t)off);
			emu_put_le32(g + 4, b->len);
			emu_put_le32(g + 8, b->start);
			emu_put_le32(g + 16, b->sig);
			fill(f + off, b->len, chips[i].hw_code * 3u + (uint32_t)r, b->label);
			off += b->len;
		}
	}
	return off;
}

int mtkfw_emu_make_da(const char *path, char *err, size_t errlen)
{
	size_t cap = 1 << 20;
	uint8_t *f = malloc(cap);
	FILE *out = f ? fopen(path, "wb") : NULL;
	int r = -1;
	if (!out) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
	} else {
		size_t n = build(f, cap);
		r = fwrite(f, 1, n, out) == n ? 0 : -1;
		if (fclose(out) || r) {
			snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
			r = -1;
		}
	}
	free(f);
	return r;
}
