/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The PMT codec (see mtkfw/pmt.h): DA reports in either entry layout, chosen
 * by validation, and the on-flash blocks. A table is acted on only when one
 * layout passes every check; anything else is "unreadable", with the reason.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "mtkfw/pmt.h"

/* Where the fields of one entry layout are. */
struct form {
	enum mtkfw_pmt_form form;
	size_t size, at_size, at_offset, at_mask;
};

static const struct form forms[] = {
	{MTKFW_PMT_FORM_88, 88, 64, 72, 80},
	{MTKFW_PMT_FORM_96, 96, 0x40, 0x50, 0x48},
};

#define BLOCK_ENTRIES 8 /* entries start after the signature and "1.0" */

const char *mtkfw_pmt_form_name(enum mtkfw_pmt_form f)
{
	return f == MTKFW_PMT_FORM_88	? "88-byte entries"
	       : f == MTKFW_PMT_FORM_96 ? "0x60-byte entries"
					: "-";
}

static bool all_zero(const uint8_t *p, size_t n)
{
	return !n || (p[0] == 0 && !memcmp(p, p + 1, n - 1));
}

/* A NUL-terminated name of letters, digits, '_' and '-' into out; false if it is not one. */
static bool take_name(const uint8_t *p, char *out)
{
	size_t n = 0;
	while (n < MTKFW_PMT_NAME && p[n]) {
		uint8_t c = p[n];
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			  (c >= '0' && c <= '9') || c == '_' || c == '-';
		if (!ok)
			return false;
		out[n] = (char)c;
		n++;
	}
	out[n] = 0;
	return n > 0 && n < MTKFW_PMT_NAME;
}

static void say(char *why, size_t n, const char *fmt, ...) MTKFW_PRINTF(3, 4);
static void say(char *why, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, n, fmt, ap);
	va_end(ap);
}

/* Sort by offset (insertion sort: tables are small); true if they already were. */
static bool sort_entries(struct mtkfw_pmt *p)
{
	bool sorted = true;
	for (size_t i = 1; i < p->n; i++)
		for (size_t j = i; j > 0 && p->e[j - 1].offset > p->e[j].offset; j--) {
			struct mtkfw_pmt_entry t = p->e[j];
			p->e[j] = p->e[j - 1];
			p->e[j - 1] = t;
			sorted = false;
		}
	return sorted;
}

uint64_t mtkfw_pmt_user_base(const struct mtkfw_pmt *p)
{
	const struct mtkfw_pmt_entry *mbr = mtkfw_pmt_find(p, "MBR");
	return mbr ? mbr->offset : 0;
}

uint64_t mtkfw_pmt_blocks_at(uint64_t user_size)
{
	return user_size > MTKFW_PMT_FROM_END ? user_size - MTKFW_PMT_FROM_END : 0;
}

/*
 * Reserved-tail rows (0xFFFFnnnn, as MT6572 kernels write otp and bmtpool)
 * placed back from the end of the user area by the scatter's rule; left
 * where they are when the user area's size is unknown. False (why set) for
 * one that cannot lie in the tail.
 */
static bool place_reserved(struct mtkfw_pmt *p, uint64_t user_size, char *why, size_t n)
{
	uint64_t base = mtkfw_pmt_user_base(p);
	for (size_t i = 0; i < p->n; i++) {
		struct mtkfw_pmt_entry *e = &p->e[i];
		uint64_t back;
		if (!(e->reserved = mtkfw_tail_address(e->offset, &back)) || !user_size)
			continue;
		if (!back || back > user_size || !e->size || e->size > back) {
			say(why, n,
			    "%s (0x%llx bytes at 0x%llx: 0x%llx back from the end) does not fit "
			    "the reserved tail of a 0x%llx-byte user area",
			    e->name, (unsigned long long)e->size, (unsigned long long)e->offset,
			    (unsigned long long)back, (unsigned long long)user_size);
			return false;
		}
		e->offset = base + user_size - back;
	}
	return true;
}

/* Where the reserved tail starts (linear), or the end of the user area; 0 if unknown. */
static uint64_t tail_start(const struct mtkfw_pmt *p, uint64_t user_size)
{
	uint64_t end = user_size ? mtkfw_pmt_user_base(p) + user_size : 0;
	for (size_t i = 0; end && i < p->n; i++)
		if (p->e[i].reserved && p->e[i].offset < end)
			end = p->e[i].offset;
	return end;
}

/*
 * The last partition of the user area before the reserved tail, sized 0 or
 * grown to (or past) the end as kernels write it: clipped to the tail.
 * Sorted entries; any other size or overlap is left for geometry_fits.
 */
static void clip_grown(struct mtkfw_pmt *p, uint64_t user_size)
{
	uint64_t base = mtkfw_pmt_user_base(p), end = tail_start(p, user_size);
	struct mtkfw_pmt_entry *last = NULL;
	for (size_t i = 0; i < p->n; i++)
		if (!p->e[i].reserved && p->e[i].offset >= base)
			last = &p->e[i];
	if (!last || (end && last->offset >= end))
		return;
	if (!last->size) {
		last->grown = true;
		last->size = end ? end - last->offset : 0;
	} else if (end && last->size > end - last->offset) {
		last->grown = true;
		last->size = end - last->offset;
	}
}

/*
 * The sorted entries tile the device: no overlaps, duplicates or sizes of 0
 * (but a grown last partition of unknown end), sector-aligned, and inside the
 * boot area (before the MBR entry) or inside the user area (after it) when
 * its size is known. Reserved rows the size did not place are left out.
 */
static bool geometry_fits(const struct mtkfw_pmt *p, uint64_t user_size, char *why, size_t n)
{
	uint64_t base = mtkfw_pmt_user_base(p);
	const struct mtkfw_pmt_entry *prev = NULL;
	for (size_t i = 0; i < p->n; i++) {
		const struct mtkfw_pmt_entry *e = &p->e[i];
		bool inside = e->offset < base
				      ? e->size <= base - e->offset
				      : !user_size || (e->offset - base <= user_size &&
						       e->size <= user_size - (e->offset - base));
		for (size_t k = 0; k < i; k++)
			if (mtkfw_strieq(p->e[k].name, e->name)) {
				say(why, n, "%s appears twice", e->name);
				return false;
			}
		if (e->reserved && !user_size)
			continue;
		if ((!e->size && !e->grown) || e->offset % MTKFW_PMT_ALIGN) {
			say(why, n,
			    "%s has size 0x%llx at offset 0x%llx (a size of 0 or an "
			    "unaligned offset)",
			    e->name, (unsigned long long)e->size, (unsigned long long)e->offset);
			return false;
		}
		if (!inside) {
			say(why, n, "%s (0x%llx+0x%llx) lies outside the eMMC", e->name,
			    (unsigned long long)e->offset, (unsigned long long)e->size);
			return false;
		}
		if (prev && (prev->offset + prev->size > e->offset ||
			     prev->offset + prev->size < prev->offset)) {
			say(why, n, "%s overlaps %s", prev->name, e->name);
			return false;
		}
		prev = e;
	}
	return true;
}

/* Read buf as entries of one layout; false (why set) unless every check passes. */
static bool decode_form(const uint8_t *buf, size_t len, const struct form *f, uint64_t user_size,
			struct mtkfw_pmt *out, char *why, size_t wn)
{
	size_t count = len / f->size;
	out->n = 0;
	if (len % f->size) {
		say(why, wn, "%zu bytes are not a whole number of entries", len);
		return false;
	}
	while (count && all_zero(buf + (count - 1) * f->size, f->size))
		count--; /* unused slots at the end of a fixed-size table */
	if (count > MTKFW_PMT_MAX) {
		say(why, wn, "%zu entries, more than %d", count, MTKFW_PMT_MAX);
		return false;
	}
	for (size_t i = 0; i < count; i++) {
		const uint8_t *e = buf + i * f->size;
		struct mtkfw_pmt_entry *p = &out->e[out->n++];
		if (!take_name(e, p->name)) {
			say(why, wn, "entry %zu has no name of letters, digits and '_'", i + 1);
			return false;
		}
		p->size = get_le64(e + f->at_size);
		p->offset = p->table_offset = get_le64(e + f->at_offset);
		p->mask = get_le64(e + f->at_mask);
	}
	if (!place_reserved(out, user_size, why, wn))
		return false;
	out->was_sorted = sort_entries(out);
	clip_grown(out, user_size);
	return geometry_fits(out, user_size, why, wn);
}

void mtkfw_pmt_decode(const uint8_t *buf, size_t len, uint64_t user_size, struct mtkfw_pmt *out)
{
	char why[2][150];
	memset(out, 0, sizeof(*out));
	if (all_zero(buf, len)) {
		out->state = MTKFW_PMT_EMPTY;
		return;
	}
	for (size_t i = 0; i < MTKFW_ARRAY_SIZE(forms); i++) {
		if (decode_form(buf, len, &forms[i], user_size, out, why[i], sizeof(why[i]))) {
			out->state = MTKFW_PMT_OK;
			out->form = forms[i].form;
			return;
		}
	}
	out->n = 0;
	out->state = MTKFW_PMT_UNREADABLE;
	snprintf(out->why, sizeof(out->why), "%zu bytes; as %s: %s; as %s: %s", len,
		 mtkfw_pmt_form_name(forms[0].form), why[0], mtkfw_pmt_form_name(forms[1].form),
		 why[1]);
}

void mtkfw_pmt_decode_block(const uint8_t blk[MTKFW_PMT_BLOCK], uint64_t user_size,
			    struct mtkfw_pmt *out)
{
	uint32_t sig = get_le32(blk);
	size_t k = 0;
	if (sig != MTKFW_PMT_SIG_MAIN && sig != MTKFW_PMT_SIG_MIRROR) {
		memset(out, 0, sizeof(*out));
		out->state =
			all_zero(blk, MTKFW_PMT_BLOCK) ? MTKFW_PMT_EMPTY : MTKFW_PMT_UNREADABLE;
		snprintf(out->why, sizeof(out->why), "no PMT signature (0x%08x)", sig);
		return;
	}
	while (k < MTKFW_PMT_BLOCK_MAX && blk[BLOCK_ENTRIES + k * forms[0].size])
		k++;
	char why[150];
	memset(out, 0, sizeof(*out));
	if (!k) {
		out->state = MTKFW_PMT_EMPTY;
	} else if (decode_form(blk + BLOCK_ENTRIES, k * forms[0].size, &forms[0], user_size, out,
			       why, sizeof(why))) {
		out->state = MTKFW_PMT_OK;
		out->form = MTKFW_PMT_FORM_88;
	} else {
		out->n = 0;
		out->state = MTKFW_PMT_UNREADABLE;
		snprintf(out->why, sizeof(out->why), "PMT block: %s", why);
	}
}

void mtkfw_pmt_encode_block(const struct mtkfw_pmt_entry *e, size_t n, bool mirror,
			    uint8_t blk[MTKFW_PMT_BLOCK])
{
	uint32_t sig = mirror ? MTKFW_PMT_SIG_MIRROR : MTKFW_PMT_SIG_MAIN;
	memset(blk, 0, MTKFW_PMT_BLOCK);
	put_le32(blk, sig);
	memcpy(blk + 4, "1.0", 4);
	for (size_t i = 0; i < n && i < MTKFW_PMT_BLOCK_MAX; i++) {
		uint8_t *p = blk + BLOCK_ENTRIES + i * forms[0].size;
		memcpy(p, e[i].name, strnlen(e[i].name, MTKFW_PMT_NAME - 1));
		put_le64(p + forms[0].at_size, e[i].size);
		put_le64(p + forms[0].at_offset, e[i].reserved ? e[i].table_offset : e[i].offset);
		put_le64(p + forms[0].at_mask, e[i].mask);
	}
	put_le32(blk + MTKFW_PMT_BLOCK - 4, sig);
}

const struct mtkfw_pmt_entry *mtkfw_pmt_find(const struct mtkfw_pmt *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (mtkfw_strieq(p->e[i].name, name))
			return &p->e[i];
	return NULL;
}
