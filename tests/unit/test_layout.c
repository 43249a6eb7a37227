/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The PMT codec (both entry layouts, chosen by validation), the MBR/EBR chain
 * (a real MT6572 MBR/EBR1 pair from the shared corpus, and damaged ones), and
 * the layout's verdicts from sources built without a phone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "demo.h"
#include "testutil.h"

#define USER	 0x72000000ull /* the demo phone's user area in the identity tests */
#define BOOT1	 0x200000ull
#define MBR_BASE 0xc00000ull /* the demo layout's MBR_START */

/* ---- helpers ---- */

/* The demo layout's rows (in the user area or boot1) as PMT entries of one form. */
static size_t demo_pmt(uint8_t *buf, size_t entry, bool reverse)
{
	size_t n, k = 0;
	const struct mtkfw_scatter_part *rows = demo_layout(&n);
	memset(buf, 0, 64 * entry);
	for (size_t j = 0; j < n; j++) {
		size_t i = reverse ? n - 1 - j : j;
		if (rows[i].from_end)
			continue;
		uint8_t *e = buf + k++ * entry;
		uint64_t size =
			rows[i].size ? rows[i].size : USER - 0x1500000 - (rows[i].start - MBR_BASE);
		memcpy(e, rows[i].name, strlen(rows[i].name));
		put_le64(e + 0x40, size);
		put_le64(e + (entry == 88 ? 72 : 0x50), rows[i].start);
		put_le64(e + (entry == 88 ? 80 : 0x48), entry == 88 ? 0 : 0xFF);
	}
	return k * entry;
}

/*
 * The demo layout as an MT6572 kernel's pmt.c writes it from PartInfo[]:
 * lowercase names, linear offsets, the last partition grown to the end of
 * the user area, then otp and bmtpool with 0xFFFFnnnn instead of an address.
 */
static size_t kernel_pmt(uint8_t *buf)
{
	size_t n = demo_pmt(buf, 88, false) / 88;
	for (size_t i = 0; i < n; i++)
		for (uint8_t *c = buf + i * 88; *c; c++)
			*c = (uint8_t)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
	uint8_t *last = buf + (n - 1) * 88;
	put_le64(last + 64, MBR_BASE + USER - get_le64(last + 72));
	static const struct {
		const char *name;
		uint64_t size, at;
	} tail[] = {{"otp", 0x2b00000, 0xFFFF0200}, {"bmtpool", 0x1500000, 0xFFFF00a8}};
	for (size_t i = 0; i < 2; i++) {
		uint8_t *e = buf + (n + i) * 88;
		memcpy(e, tail[i].name, strlen(tail[i].name));
		put_le64(e + 64, tail[i].size);
		put_le64(e + 72, tail[i].at);
	}
	return (n + 2) * 88;
}

static void decode(const uint8_t *buf, size_t len, struct mtkfw_pmt *p)
{
	mtkfw_pmt_decode(buf, len, USER, p);
}

/* A user area image holding the demo MBR/EBR tables, read through a callback. */
struct disk {
	uint8_t *img;
	size_t len;
};

static int disk_read(void *user, uint64_t off, void *buf, size_t len)
{
	struct disk *d = user;
	memset(buf, 0, len);
	if (off < d->len)
		memcpy(buf, d->img + off, off + len <= d->len ? len : d->len - off);
	return 0;
}

static void demo_chain(struct mtkfw_mbr_chain *c, uint8_t *img, size_t len)
{
	size_t n;
	const struct mtkfw_scatter_part *rows = demo_layout(&n);
	uint8_t t[4][512];
	static const char *const names[] = {"MBR", "EBR1", "EBR2", "EBR3"};
	int nt = demo_build_mbr(rows, n, t, 4);
	memset(img, 0, len);
	for (int i = 0; i < nt; i++)
		for (size_t r = 0; r < n; r++)
			if (!strcmp(rows[r].name, names[i]))
				memcpy(img + (rows[r].start - MBR_BASE), t[i], 512);
	struct disk d = {img, len};
	assert_int_equal(mtkfw_mbr_chain_read(disk_read, &d, USER, c), 0);
}

static struct mtkfw_scatter *demo_scatter(void)
{
	size_t n;
	const struct mtkfw_scatter_part *rows = demo_layout(&n);
	char *text;
	struct mtkfw_scatter *sc;
	assert_int_equal(mtkfw_scatter_write_v11(rows, n, "MT6572", "t", "EMMC", &text), 0);
	assert_int_equal(mtkfw_scatter_parse(tu_ctx, text, strlen(text), &sc), 0);
	free(text);
	return sc;
}

/* A layout of the healthy demo phone: its PMT and its MBR/EBR chain. */
static struct mtkfw_layout *healthy(void)
{
	static uint8_t buf[64 * 96], img[0x100000];
	struct mtkfw_pmt p;
	struct mtkfw_mbr_chain c;
	struct mtkfw_layout *l = mtkfw_layout_new(USER, BOOT1);
	decode(buf, demo_pmt(buf, 88, false), &p);
	demo_chain(&c, img, sizeof(img));
	mtkfw_layout_add_pmt(l, &p);
	mtkfw_layout_add_mbr(l, &c, NULL);
	return l;
}

/* A backup manifest of the demo phone with NVRAM at nvram_off (user area). */
static void demo_backup(struct mtkfw_backup *b, uint64_t nvram_off, uint8_t sha_byte)
{
	memset(b, 0, sizeof(*b));
	snprintf(b->dir, sizeof(b->dir), "/store/X/20261201-000000-01-identity");
	b->n_files = 1;
	snprintf(b->files[0].name, sizeof(b->files[0].name), "NVRAM");
	b->files[0].part = MTKFW_PART_USER;
	b->files[0].offset = nvram_off;
	b->files[0].length = 0x500000;
	memset(b->files[0].sha256, sha_byte, 32);
}

static int hash_says(void *user, const struct mtkfw_range *r, uint8_t sha[32])
{
	(void)r;
	memset(sha, *(uint8_t *)user, 32);
	return 0;
}

/* A phone whose every range hashes to bytes of *byte (no filesystem anywhere). */
static struct mtkfw_layout_probe hashing(uint8_t *byte)
{
	return (struct mtkfw_layout_probe){.hash = hash_says, .user = byte};
}

/* What a test phone holds: content (hash byte 1) at one offset, a filesystem at another. */
struct holds {
	uint64_t content_at;  /* user offset where the saved content is (hash 01..), else 00.. */
	uint64_t fs_at;	      /* user offset of an ext4 superblock */
	const char *fs_mount; /* its last mount point */
};

static int holds_hash(void *user, const struct mtkfw_range *r, uint8_t sha[32])
{
	const struct holds *h = user;
	memset(sha, r->offset == h->content_at, 32);
	return 0;
}

static int holds_mount(void *user, const struct mtkfw_range *r, char *out, size_t n)
{
	const struct holds *h = user;
	if (r->offset != h->fs_at)
		return MTKFW_E_FORMAT;
	snprintf(out, n, "%s", h->fs_mount);
	return 0;
}

static struct mtkfw_layout_probe holding(struct holds *h)
{
	return (struct mtkfw_layout_probe){holds_hash, holds_mount, h};
}

/* A phone with the given sources missing (PMT blank, no MBR), and a scatter given. */
static struct mtkfw_layout *wiped_tables(struct mtkfw_scatter *given)
{
	struct mtkfw_pmt p = {.state = MTKFW_PMT_EMPTY};
	struct mtkfw_mbr_chain none = {.state = MTKFW_MBR_NONE};
	struct mtkfw_layout *l = mtkfw_layout_new(USER, BOOT1);
	mtkfw_layout_add_pmt(l, &p);
	mtkfw_layout_add_mbr(l, &none, NULL);
	if (given)
		mtkfw_layout_add_scatter(l, MTKFW_SOURCE_GIVEN, given, "given layout x.txt");
	return l;
}

/* ---- PMT codec ---- */

static void pmt_reads_88_byte_entries(void **state)
{
	(void)state;
	static uint8_t buf[64 * 96];
	struct mtkfw_pmt p;
	decode(buf, demo_pmt(buf, 88, false), &p);
	assert_int_equal(p.state, MTKFW_PMT_OK);
	assert_int_equal(p.form, MTKFW_PMT_FORM_88);
	assert_true(p.was_sorted);
	assert_int_equal(p.n, 19);
	assert_string_equal(mtkfw_pmt_find(&p, "NVRAM")->name, "NVRAM");
	assert_int_equal(mtkfw_pmt_find(&p, "NVRAM")->offset, 0x1000000);
	assert_int_equal(mtkfw_pmt_find(&p, "NVRAM")->size, 0x500000);
}

static void pmt_reads_0x60_byte_entries_that_fail_as_88(void **state)
{
	(void)state;
	static uint8_t buf[64 * 96];
	struct mtkfw_pmt p;
	size_t len = demo_pmt(buf, 96, false);
	decode(buf, len, &p);
	assert_int_equal(p.state, MTKFW_PMT_OK);
	assert_int_equal(p.form, MTKFW_PMT_FORM_96);
	assert_int_equal(mtkfw_pmt_find(&p, "PROTECT_F")->offset, 0x1500000);
	assert_int_equal(mtkfw_pmt_find(&p, "PROTECT_F")->size, 0xa00000);
	/* what a host that knows only 88-byte entries used to list: no row at 0xff */
	for (size_t i = 0; i < p.n; i++)
		assert_true(p.e[i].offset != 0xff && p.e[i].name[0]);
}

static void pmt_out_of_order_is_sorted_and_said(void **state)
{
	(void)state;
	static uint8_t buf[64 * 96];
	struct mtkfw_pmt p;
	decode(buf, demo_pmt(buf, 88, true), &p);
	assert_int_equal(p.state, MTKFW_PMT_OK);
	assert_false(p.was_sorted);
	for (size_t i = 1; i < p.n; i++)
		assert_true(p.e[i - 1].offset < p.e[i].offset);
}

static void pmt_garbage_and_zeros(void **state)
{
	(void)state;
	static uint8_t buf[64 * 96];
	struct mtkfw_pmt p;
	uint32_t x = 7;
	demo_fill(buf, 88 * 12, &x);
	decode(buf, 88 * 12, &p);
	assert_int_equal(p.state, MTKFW_PMT_UNREADABLE);
	assert_int_equal(p.n, 0);
	assert_non_null(strstr(p.why, "as 88-byte entries"));
	assert_non_null(strstr(p.why, "as 0x60-byte entries"));
	memset(buf, 0, sizeof(buf));
	decode(buf, 88 * 40, &p);
	assert_int_equal(p.state, MTKFW_PMT_EMPTY);
	decode(buf, 0, &p);
	assert_int_equal(p.state, MTKFW_PMT_EMPTY);
}

static void pmt_rejects_each_broken_rule(void **state)
{
	(void)state;
	static uint8_t good[64 * 96], buf[64 * 96];
	size_t len = demo_pmt(good, 88, false);
	struct mtkfw_pmt p;
	struct {
		size_t at;	  /* byte to change */
		uint64_t value;	  /* written little-endian (8 bytes) unless byte */
		int byte;	  /* >= 0: write this single byte instead */
		const char *word; /* in the reason */
	} cases[] = {
		{3 * 88 + 64, 0, -1, "size 0"},			/* PRO_INFO size 0 */
		{3 * 88 + 72, 0x1000001, -1, "unaligned"},	/* PRO_INFO offset */
		{4 * 88 + 72, 0xd00000, -1, "overlaps"},	/* NVRAM on PRO_INFO */
		{4 * 88, 0, 'E', "twice"},			/* NVRAM -> EVRAM ... */
		{5 * 88 + 2, 0, 0x07, "no name"},		/* a control character */
		{17 * 88 + 64, USER, -1, "outside"},		/* USRDATA past FAT and the end */
		{3 * 88 + 72, 0xFFFF4000, -1, "reserved tail"}, /* PRO_INFO 2 GiB back */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(buf, good, len);
		if (cases[i].byte >= 0)
			buf[cases[i].at] = (uint8_t)cases[i].byte;
		else
			put_le64(buf + cases[i].at, cases[i].value);
		if (!strcmp(cases[i].word, "twice")) /* make a duplicate name: NVRAM -> PRO_INFO */
			memcpy(buf + 4 * 88, "PRO_INFO", 9);
		decode(buf, len, &p);
		print_message("case %zu: %s\n", i, p.why);
		assert_int_equal(p.state, MTKFW_PMT_UNREADABLE);
		assert_non_null(strstr(p.why, cases[i].word));
	}
}

static void pmt_as_a_kernel_writes_it(void **state)
{
	(void)state;
	static uint8_t buf[64 * 96];
	struct mtkfw_pmt p;
	decode(buf, kernel_pmt(buf), &p);
	print_message("%s\n", p.why);
	assert_int_equal(p.state, MTKFW_PMT_OK);
	assert_int_equal(p.n, 21);
	assert_int_equal(mtkfw_pmt_user_base(&p), MBR_BASE);
	/* names in any case */
	assert_string_equal(mtkfw_pmt_find(&p, "NVRAM")->name, "nvram");
	assert_int_equal(mtkfw_pmt_find(&p, "NVRAM")->offset, 0x1000000);
	/* reserved rows placed back from the end by the scatter's rule */
	const struct mtkfw_pmt_entry *bmt = mtkfw_pmt_find(&p, "BMTPOOL"),
				     *otp = mtkfw_pmt_find(&p, "otp"),
				     *fat = mtkfw_pmt_find(&p, "fat");
	assert_true(bmt->reserved && otp->reserved);
	assert_int_equal(bmt->table_offset, 0xFFFF00a8);
	assert_int_equal(bmt->offset, MBR_BASE + USER - 0xa8 * 0x20000ull);
	assert_int_equal(otp->offset, MBR_BASE + USER - 0x200 * 0x20000ull);
	/* the grown last partition ends where the reserved tail begins */
	assert_true(fat->grown);
	assert_int_equal(fat->offset + fat->size, otp->offset);
	/* a size of 0 for the last partition reads the same */
	put_le64(buf + 18 * 88 + 64, 0);
	decode(buf, 21 * 88, &p);
	assert_int_equal(p.state, MTKFW_PMT_OK);
	assert_int_equal(mtkfw_pmt_find(&p, "fat")->offset + mtkfw_pmt_find(&p, "fat")->size,
			 mtkfw_pmt_find(&p, "otp")->offset);
	/* without the user area's size the tail cannot be placed, but nothing is rejected */
	mtkfw_pmt_decode(buf, 21 * 88, 0, &p);
	assert_int_equal(p.state, MTKFW_PMT_OK);
	assert_true(mtkfw_pmt_find(&p, "bmtpool")->reserved);
	/* the table's own values go back on flash */
	static uint8_t blk[MTKFW_PMT_BLOCK];
	struct mtkfw_pmt q;
	decode(buf, kernel_pmt(buf), &p);
	mtkfw_pmt_encode_block(p.e, p.n, false, blk);
	mtkfw_pmt_decode_block(blk, USER, &q);
	assert_int_equal(q.state, MTKFW_PMT_OK);
	assert_int_equal(mtkfw_pmt_find(&q, "bmtpool")->offset, bmt->offset);
}

static void a_kernel_pmt_and_the_mbr_agree(void **state)
{
	(void)state;
	static uint8_t buf[64 * 96], img[0x100000];
	struct mtkfw_pmt p;
	struct mtkfw_mbr_chain c;
	struct mtkfw_layout *l = mtkfw_layout_new(USER, BOOT1);
	decode(buf, kernel_pmt(buf), &p);
	demo_chain(&c, img, sizeof(img));
	mtkfw_layout_add_pmt(l, &p);
	mtkfw_layout_add_mbr(l, &c, NULL);
	mtkfw_layout_decide(l, NULL);
	print_message("%s\n", l->why);
	assert_int_equal(l->state, MTKFW_LAYOUT_OK);
	assert_non_null(mtkfw_layout_identity(l, "NVRAM"));
	assert_int_equal(mtkfw_layout_identity(l, "NVRAM")->r.offset, 0x1000000 - MBR_BASE);
	struct mtkfw_range r;
	assert_int_equal(mtkfw_layout_range(NULL, l, "USRDATA", &r), 0);
	assert_int_equal(mtkfw_layout_range(NULL, l, "bmtpool", &r), 0);
	assert_int_equal(r.offset, USER - 0x1500000);
	mtkfw_layout_free(l);
}

static void pmt_block_round_trip(void **state)
{
	(void)state;
	static uint8_t buf[64 * 96], blk[MTKFW_PMT_BLOCK];
	struct mtkfw_pmt p, q;
	decode(buf, demo_pmt(buf, 88, false), &p);
	mtkfw_pmt_encode_block(p.e, p.n, true, blk);
	assert_int_equal(get_le32(blk), MTKFW_PMT_SIG_MIRROR);
	mtkfw_pmt_decode_block(blk, USER, &q);
	assert_int_equal(q.state, MTKFW_PMT_OK);
	assert_int_equal(q.n, p.n);
	assert_memory_equal(q.e, p.e, p.n * sizeof(p.e[0]));
	memset(blk, 0, sizeof(blk));
	mtkfw_pmt_decode_block(blk, USER, &q);
	assert_int_equal(q.state, MTKFW_PMT_EMPTY);
	blk[100] = 1;
	mtkfw_pmt_decode_block(blk, USER, &q);
	assert_int_equal(q.state, MTKFW_PMT_UNREADABLE);
}

/* ---- MBR/EBR chain ---- */

static void chain_of_a_real_mt6572_phone(void **state)
{
	(void)state;
	char path[4096];
	size_t nm, ne;
	snprintf(path, sizeof(path), "%s/corpus/firmware/mobiwire_s10/MBR", tu_shared());
	uint8_t *mbr = tu_read(path, &nm);
	snprintf(path, sizeof(path), "%s/corpus/firmware/mobiwire_s10/EBR1", tu_shared());
	uint8_t *ebr = tu_read(path, &ne);
	static uint8_t img[0x100000];
	memcpy(img, mbr, 512);
	memcpy(img + 0x80000, ebr, 512); /* EBR1 0x80000 after the MBR, as its scatter says */
	struct disk d = {img, sizeof(img)};
	struct mtkfw_mbr_chain c;
	assert_int_equal(mtkfw_mbr_chain_read(disk_read, &d, 0xEC000000ull, &c), 0);
	assert_int_equal(c.state, MTKFW_MBR_OK);
	assert_int_equal(c.n, 5);
	/* the scatter's linear addresses minus its MBR start 0x1400000 */
	assert_int_equal(c.p[0].offset, 0x1D00000 - 0x1400000); /* PROTECT_F */
	assert_int_equal(c.p[0].size, 0xA00000);
	assert_int_equal(c.p[3].offset, 0x40140000 - 0x1400000); /* CACHE, from EBR1 */
	assert_true(c.p[4].to_end);				 /* USRDATA: the rest */
	assert_int_equal(c.n_tables, 2);
	free(mbr);
	free(ebr);
}

static void chain_blank_garbage_and_loops(void **state)
{
	(void)state;
	static uint8_t img[0x100000];
	struct disk d = {img, sizeof(img)};
	struct mtkfw_mbr_chain c;
	memset(img, 0, sizeof(img));
	assert_int_equal(mtkfw_mbr_chain_read(disk_read, &d, USER, &c), 0);
	assert_int_equal(c.state, MTKFW_MBR_NONE);
	img[7] = 0x42;
	assert_int_equal(mtkfw_mbr_chain_read(disk_read, &d, USER, &c), 0);
	assert_int_equal(c.state, MTKFW_MBR_DAMAGED);
	demo_chain(&c, img, sizeof(img));
	assert_int_equal(c.state, MTKFW_MBR_OK);
	assert_int_equal(c.n, 6);
	/* the last entry "to the end", far beyond the eMMC, as MT6572 firmware writes it */
	uint64_t last = c.p[5].offset;
	bool patched = false;
	for (uint64_t t = 0; t <= 0x80000; t += 0x80000)
		for (int i = 0; i < 4; i++) {
			uint8_t *e = img + t + 0x1BE + 16 * i;
			if (e[4] && e[4] != 0x05 && t + get_le32(e + 8) * 512ull == last) {
				put_le32(e + 12, 0xFFFFFFFF);
				patched = true;
			}
		}
	assert_true(patched);
	assert_int_equal(mtkfw_mbr_chain_read(disk_read, &d, USER, &c), 0);
	assert_int_equal(c.state, MTKFW_MBR_OK);
	assert_true(c.p[5].to_end);
	assert_int_equal(c.p[5].offset + c.p[5].size, USER);
	demo_chain(&c, img, sizeof(img));
	put_le32(img + 0x80000 + 0x1BE + 48 + 8, 0); /* EBR1's link points back at EBR1 */
	img[0x80000 + 0x1BE + 48 + 4] = 0x05;
	assert_int_equal(mtkfw_mbr_chain_read(disk_read, &d, USER, &c), 0);
	assert_int_equal(c.state, MTKFW_MBR_DAMAGED);
	demo_chain(&c, img, sizeof(img));
	put_le32(img + 0x1BE + 16 + 8, 0x4800 + 8); /* PROTECT_F runs into PROTECT_S */
	put_le32(img + 0x1BE + 16 + 12, 0x5000 + 0x5000);
	assert_int_equal(mtkfw_mbr_chain_read(disk_read, &d, USER, &c), 0);
	assert_int_equal(c.state, MTKFW_MBR_DAMAGED);
	assert_non_null(strstr(c.why, "overlap"));
}

/* ---- verdicts ---- */

static void healthy_phone_is_ok(void **state)
{
	(void)state;
	struct mtkfw_layout *l = healthy();
	mtkfw_layout_decide(l, NULL);
	assert_int_equal(l->state, MTKFW_LAYOUT_OK);
	assert_true(mtkfw_layout_trusted(l));
	const struct mtkfw_claim *nv = mtkfw_layout_identity(l, "NVRAM");
	assert_non_null(nv);
	assert_int_equal(nv->r.offset, 0x1000000 - MBR_BASE);
	assert_int_equal(l->n_identity, 5);
	assert_non_null(strstr(l->basis, "MBR/EBR"));
	assert_int_equal(mtkfw_layout_may_write(NULL, l, "flash"), 0);
	struct mtkfw_range r;
	assert_int_equal(mtkfw_layout_range(NULL, l, "FAT", &r), 0);
	assert_int_equal(r.offset + r.length, USER - 0x1500000);
	mtkfw_layout_free(l);
}

static void zeroed_pmt_without_backup_is_unknown(void **state)
{
	(void)state;
	static uint8_t img[0x100000];
	struct mtkfw_pmt p = {.state = MTKFW_PMT_EMPTY};
	struct mtkfw_mbr_chain c;
	struct mtkfw_layout *l = mtkfw_layout_new(USER, BOOT1);
	demo_chain(&c, img, sizeof(img));
	mtkfw_layout_add_pmt(l, &p);
	mtkfw_layout_add_mbr(l, &c, NULL);
	mtkfw_layout_add_missing(l, MTKFW_SOURCE_BACKUP, MTKFW_SOURCE_ABSENT, "backup", "none");
	mtkfw_layout_decide(l, NULL);
	assert_int_equal(l->state, MTKFW_LAYOUT_UNKNOWN);
	assert_int_equal(l->n_identity, 0);
	assert_non_null(strstr(l->why, "NVRAM"));
	assert_non_null(strstr(l->why, "--layout-from"));
	assert_int_equal(mtkfw_layout_may_write(tu_ctx, l, "format"), MTKFW_E_IDENTITY);
	assert_true(tu_errmsg_has(tu_ctx, "refusing to format"));
	mtkfw_layout_free(l);
}

static void garbage_pmt_is_damaged_whatever_else_agrees(void **state)
{
	(void)state;
	static uint8_t buf[88 * 12], img[0x100000];
	uint32_t x = 3;
	struct mtkfw_pmt p;
	struct mtkfw_mbr_chain c;
	struct mtkfw_backup b;
	demo_fill(buf, sizeof(buf), &x);
	decode(buf, sizeof(buf), &p);
	struct mtkfw_layout *l = mtkfw_layout_new(USER, BOOT1);
	demo_chain(&c, img, sizeof(img));
	demo_backup(&b, 0x1000000 - MBR_BASE, 1);
	mtkfw_layout_add_pmt(l, &p);
	mtkfw_layout_add_mbr(l, &c, NULL);
	mtkfw_layout_add_backup(l, MTKFW_SOURCE_BACKUP, &b);
	mtkfw_layout_decide(l, NULL);
	assert_int_equal(l->state, MTKFW_LAYOUT_DAMAGED);
	assert_non_null(strstr(l->why, "PMT is present but unreadable"));
	mtkfw_layout_free(l);
}

static void pmt_alone_is_not_enough(void **state)
{
	(void)state;
	static uint8_t buf[64 * 96];
	struct mtkfw_pmt p;
	struct mtkfw_mbr_chain none = {.state = MTKFW_MBR_NONE};
	decode(buf, demo_pmt(buf, 88, false), &p);
	struct mtkfw_layout *l = mtkfw_layout_new(USER, BOOT1);
	mtkfw_layout_add_pmt(l, &p);
	mtkfw_layout_add_mbr(l, &none, NULL);
	mtkfw_layout_decide(l, NULL);
	assert_int_equal(l->state, MTKFW_LAYOUT_UNKNOWN);
	assert_non_null(strstr(l->why, "only the PMT"));
	/* an earlier backup that agrees confirms it */
	struct mtkfw_backup b;
	demo_backup(&b, 0x1000000 - MBR_BASE, 1);
	mtkfw_layout_add_backup(l, MTKFW_SOURCE_BACKUP, &b);
	mtkfw_layout_decide(l, NULL);
	assert_int_equal(l->state, MTKFW_LAYOUT_OK);
	mtkfw_layout_free(l);
}

static void tables_that_disagree_are_disputed(void **state)
{
	(void)state;
	static uint8_t buf[64 * 96], img[0x100000];
	struct mtkfw_pmt p;
	struct mtkfw_mbr_chain c;
	demo_chain(&c, img, sizeof(img)); /* the MBR of the original layout */
	demo_layout_shift(1 << 20);	  /* a PMT of a layout 1 MiB further */
	decode(buf, demo_pmt(buf, 88, false), &p);
	demo_layout_shift(0);
	struct mtkfw_layout *l = mtkfw_layout_new(USER, BOOT1);
	mtkfw_layout_add_pmt(l, &p);
	mtkfw_layout_add_mbr(l, &c, NULL);
	mtkfw_layout_decide(l, NULL);
	assert_int_equal(l->state, MTKFW_LAYOUT_DISPUTED);
	assert_non_null(strstr(l->why, "PROTECT_F: PMT (88-byte entries) says user+0xa00000"));
	assert_non_null(strstr(l->why, "MBR/EBR says user+0x900000"));
	mtkfw_layout_free(l);
}

static void a_backup_that_differs_is_settled_by_content(void **state)
{
	(void)state;
	struct mtkfw_backup b;
	uint8_t same = 9, other = 8;
	demo_backup(&b, 0x3000000, 9); /* NVRAM elsewhere, content hash 09.. */
	struct mtkfw_layout *l = healthy();
	mtkfw_layout_add_backup(l, MTKFW_SOURCE_BACKUP, &b);
	struct mtkfw_layout_probe po = hashing(&other), ps = hashing(&same);
	mtkfw_layout_decide(l, &po);
	assert_int_equal(l->state, MTKFW_LAYOUT_DISPUTED);
	assert_non_null(strstr(l->why, "NVRAM: PMT (88-byte entries) says user+0x400000"));
	mtkfw_layout_decide(l, &ps); /* the backup's content is where the PMT says */
	assert_int_equal(l->state, MTKFW_LAYOUT_OK);
	assert_int_equal(mtkfw_layout_identity(l, "NVRAM")->r.offset, 0x400000);
	mtkfw_layout_free(l);
}

static void a_backup_alone_needs_its_content_on_the_phone(void **state)
{
	(void)state;
	struct mtkfw_backup b;
	struct mtkfw_pmt p = {.state = MTKFW_PMT_EMPTY};
	struct mtkfw_mbr_chain none = {.state = MTKFW_MBR_NONE};
	uint8_t same = 1, other = 0;
	demo_backup(&b, 0x400000, 1);
	struct mtkfw_layout *l = mtkfw_layout_new(USER, BOOT1);
	mtkfw_layout_add_pmt(l, &p);
	mtkfw_layout_add_mbr(l, &none, NULL);
	mtkfw_layout_add_backup(l, MTKFW_SOURCE_BACKUP, &b);
	struct mtkfw_layout_probe po = hashing(&other), ps = hashing(&same);
	mtkfw_layout_decide(l, &po); /* a wiped phone */
	assert_int_equal(l->state, MTKFW_LAYOUT_UNKNOWN);
	mtkfw_layout_decide(l, &ps); /* tables gone, NVRAM still there */
	assert_int_equal(l->state, MTKFW_LAYOUT_OK);
	assert_non_null(strstr(l->basis, "content"));
	mtkfw_layout_free(l);
}

static void a_given_layout_the_tables_confirm_is_ok(void **state)
{
	(void)state;
	struct mtkfw_scatter *sc = demo_scatter();
	struct mtkfw_layout *l = healthy();
	mtkfw_layout_add_scatter(l, MTKFW_SOURCE_GIVEN, sc, "given layout x.txt");
	mtkfw_layout_decide(l, NULL);
	print_message("%s\n", l->basis);
	assert_int_equal(l->state, MTKFW_LAYOUT_OK);
	assert_non_null(strstr(l->basis, "NVRAM by PMT"));
	assert_non_null(strstr(l->basis, "PROTECT_F by MBR/EBR"));
	assert_string_equal(l->unconfirmed, "");
	mtkfw_layout_free(l);
	mtkfw_scatter_free(sc);
}

/* The case: the package to be flashed (another layout) given as the phone's. */
static void a_given_layout_a_readable_table_contradicts_is_disputed(void **state)
{
	(void)state;
	static uint8_t img[0x100000];
	struct mtkfw_mbr_chain c;
	struct mtkfw_pmt zeroed = {.state = MTKFW_PMT_EMPTY};
	demo_layout_shift(36 << 20);
	struct mtkfw_scatter *other = demo_scatter();
	demo_layout_shift(0);
	/* a healthy phone: the PMT says otherwise */
	struct mtkfw_layout *l = healthy();
	mtkfw_layout_add_scatter(l, MTKFW_SOURCE_GIVEN, other, "given layout other");
	mtkfw_layout_decide(l, NULL);
	print_message("%s\n", l->why);
	assert_int_equal(l->state, MTKFW_LAYOUT_DISPUTED);
	assert_false(mtkfw_layout_trusted(l));
	assert_non_null(strstr(l->why, "NVRAM: PMT (88-byte entries) says user+0x400000, given "
				       "layout other says user+0x2800000"));
	assert_non_null(strstr(l->why, "to check"));
	assert_null(strstr(l->why, "--layout-from")); /* not offered as the fix of a dispute */
	mtkfw_layout_free(l);
	/* the PMT zeroed: the MBR/EBR still places PROTECT_F and PROTECT_S */
	l = mtkfw_layout_new(USER, BOOT1);
	demo_chain(&c, img, sizeof(img));
	mtkfw_layout_add_pmt(l, &zeroed);
	mtkfw_layout_add_mbr(l, &c, NULL);
	mtkfw_layout_add_scatter(l, MTKFW_SOURCE_GIVEN, other, "given layout other");
	mtkfw_layout_decide(l, NULL);
	assert_int_equal(l->state, MTKFW_LAYOUT_DISPUTED);
	assert_non_null(strstr(l->why, "PROTECT_F: MBR/EBR says user+0x900000"));
	mtkfw_layout_free(l);
	mtkfw_scatter_free(other);
}

static void a_given_layout_nothing_confirms_rests_on_the_users_word(void **state)
{
	(void)state;
	struct mtkfw_scatter *sc = demo_scatter();
	struct mtkfw_layout *l = wiped_tables(sc);
	struct holds h = {.content_at = 1, .fs_at = 1};
	struct mtkfw_layout_probe probe = holding(&h);
	mtkfw_layout_decide(l, &probe);
	assert_int_equal(l->state, MTKFW_LAYOUT_GIVEN);
	assert_true(mtkfw_layout_trusted(l)); /* after the backup of every byte changed */
	assert_non_null(strstr(l->unconfirmed, "NVRAM"));
	assert_non_null(strstr(l->unconfirmed, "PROTECT_F"));
	assert_non_null(strstr(l->basis, "backed up first"));
	assert_int_equal(mtkfw_layout_identity(l, "NVRAM")->r.offset, 0x400000);
	/* PROTECT_F's own filesystem where the layout puts it confirms that one */
	h = (struct holds){.content_at = 1, .fs_at = 0x900000, .fs_mount = "/protect_f"};
	mtkfw_layout_decide(l, &probe);
	assert_int_equal(l->state, MTKFW_LAYOUT_GIVEN);
	assert_null(strstr(l->unconfirmed, "PROTECT_F"));
	assert_non_null(strstr(l->basis, "PROTECT_F by its filesystem"));
	/* another partition's filesystem there disputes it */
	h.fs_mount = "/system";
	mtkfw_layout_decide(l, &probe);
	assert_int_equal(l->state, MTKFW_LAYOUT_DISPUTED);
	assert_non_null(strstr(l->why, "last mounted on /system"));
	mtkfw_layout_free(l);
	mtkfw_scatter_free(sc);
}

static void an_earlier_backup_whose_content_is_there_decides(void **state)
{
	(void)state;
	struct mtkfw_backup b;
	demo_backup(&b, 0x400000, 1);
	/* the given layout puts NVRAM where the backup's content is: confirmed */
	struct mtkfw_scatter *sc = demo_scatter();
	struct mtkfw_layout *l = wiped_tables(NULL);
	mtkfw_layout_add_backup(l, MTKFW_SOURCE_BACKUP, &b);
	mtkfw_layout_add_scatter(l, MTKFW_SOURCE_GIVEN, sc, "given layout x.txt");
	struct holds h = {.content_at = 0x400000, .fs_at = 1};
	struct mtkfw_layout_probe probe = holding(&h);
	mtkfw_layout_decide(l, &probe);
	assert_int_equal(l->state, MTKFW_LAYOUT_GIVEN); /* PRO_INFO, PROTECT_F/S: word alone */
	assert_non_null(strstr(l->basis, "NVRAM by the content of backup"));
	assert_null(strstr(l->unconfirmed, "NVRAM"));
	mtkfw_layout_free(l);
	/* the backup's content is elsewhere than the given layout says: disputed */
	demo_layout_shift(36 << 20);
	struct mtkfw_scatter *other = demo_scatter();
	demo_layout_shift(0);
	l = wiped_tables(NULL);
	mtkfw_layout_add_backup(l, MTKFW_SOURCE_BACKUP, &b);
	mtkfw_layout_add_scatter(l, MTKFW_SOURCE_GIVEN, other, "given layout other");
	mtkfw_layout_decide(l, &probe);
	assert_int_equal(l->state, MTKFW_LAYOUT_DISPUTED);
	assert_non_null(strstr(l->why, "the content of backup"));
	mtkfw_layout_free(l);
	/* content nowhere (a wiped phone): the backup says nothing of now */
	h.content_at = 1;
	l = wiped_tables(NULL);
	mtkfw_layout_add_backup(l, MTKFW_SOURCE_BACKUP, &b);
	mtkfw_layout_add_scatter(l, MTKFW_SOURCE_GIVEN, other, "given layout other");
	mtkfw_layout_decide(l, &probe);
	assert_int_equal(l->state, MTKFW_LAYOUT_GIVEN);
	assert_non_null(strstr(l->unconfirmed, "NVRAM"));
	mtkfw_layout_free(l);
	mtkfw_scatter_free(sc);
	mtkfw_scatter_free(other);
}

static void a_given_backup_confirms_only_where_its_files_are(void **state)
{
	(void)state;
	struct mtkfw_backup b;
	demo_backup(&b, 0x400000, 1);
	struct mtkfw_layout *l = wiped_tables(NULL);
	mtkfw_layout_add_backup(l, MTKFW_SOURCE_GIVEN, &b);
	struct holds h = {.content_at = 0x400000, .fs_at = 1};
	struct mtkfw_layout_probe probe = holding(&h);
	mtkfw_layout_decide(l, &probe);
	assert_int_equal(l->state, MTKFW_LAYOUT_OK);
	assert_non_null(strstr(l->basis, "NVRAM by the given backup's content"));
	h.content_at = 1; /* wiped since */
	mtkfw_layout_decide(l, &probe);
	assert_int_equal(l->state, MTKFW_LAYOUT_GIVEN);
	assert_string_equal(l->unconfirmed, "NVRAM");
	mtkfw_layout_free(l);
}

static void an_mbr_partition_the_pmt_lacks_is_a_dispute(void **state)
{
	(void)state;
	static uint8_t buf[64 * 96], img[0x100000];
	struct mtkfw_pmt p;
	struct mtkfw_mbr_chain c;
	decode(buf, demo_pmt(buf, 88, false), &p);
	demo_chain(&c, img, sizeof(img));
	c.p[3].offset += 0x100000; /* CACHE somewhere the PMT has nothing */
	struct mtkfw_layout *l = mtkfw_layout_new(USER, BOOT1);
	mtkfw_layout_add_pmt(l, &p);
	mtkfw_layout_add_mbr(l, &c, NULL);
	mtkfw_layout_decide(l, NULL);
	assert_int_equal(l->state, MTKFW_LAYOUT_DISPUTED);
	assert_non_null(strstr(l->why, "where the PMT has none"));
	mtkfw_layout_free(l);
}

static void ext4_mount_points_name_the_mbr_partitions(void **state)
{
	(void)state;
	static uint8_t img[0x100000];
	struct mtkfw_mbr_chain c;
	const char *mounted[8] = {"/protect_s", "/protect_f", "/system"}; /* swapped on purpose */
	demo_chain(&c, img, sizeof(img));
	struct mtkfw_layout *l = mtkfw_layout_new(USER, BOOT1);
	mtkfw_layout_add_mbr(l, &c, mounted);
	assert_string_equal(l->src[0].c[0].name, "PROTECT_S");
	assert_false(l->src[0].c[0].by_rule);
	assert_string_equal(l->src[0].c[2].name, "ANDROID");
	struct mtkfw_layout *m = mtkfw_layout_new(USER, BOOT1);
	mtkfw_layout_add_mbr(m, &c, NULL);
	assert_string_equal(m->src[0].c[0].name, "PROTECT_F");
	assert_true(m->src[0].c[0].by_rule);
	assert_string_equal(m->src[0].c[2].name, "");
	mtkfw_layout_free(l);
	mtkfw_layout_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pmt_reads_88_byte_entries),
		cmocka_unit_test(pmt_reads_0x60_byte_entries_that_fail_as_88),
		cmocka_unit_test(pmt_out_of_order_is_sorted_and_said),
		cmocka_unit_test(pmt_garbage_and_zeros),
		cmocka_unit_test(pmt_rejects_each_broken_rule),
		cmocka_unit_test(pmt_as_a_kernel_writes_it),
		cmocka_unit_test(a_kernel_pmt_and_the_mbr_agree),
		cmocka_unit_test(pmt_block_round_trip),
		cmocka_unit_test(chain_of_a_real_mt6572_phone),
		cmocka_unit_test(chain_blank_garbage_and_loops),
		cmocka_unit_test(healthy_phone_is_ok),
		cmocka_unit_test(zeroed_pmt_without_backup_is_unknown),
		cmocka_unit_test(garbage_pmt_is_damaged_whatever_else_agrees),
		cmocka_unit_test(pmt_alone_is_not_enough),
		cmocka_unit_test(tables_that_disagree_are_disputed),
		cmocka_unit_test(a_backup_that_differs_is_settled_by_content),
		cmocka_unit_test(a_backup_alone_needs_its_content_on_the_phone),
		cmocka_unit_test(a_given_layout_the_tables_confirm_is_ok),
		cmocka_unit_test(a_given_layout_a_readable_table_contradicts_is_disputed),
		cmocka_unit_test(a_given_layout_nothing_confirms_rests_on_the_users_word),
		cmocka_unit_test(an_earlier_backup_whose_content_is_there_decides),
		cmocka_unit_test(a_given_backup_confirms_only_where_its_files_are),
		cmocka_unit_test(an_mbr_partition_the_pmt_lacks_is_a_dispute),
		cmocka_unit_test(ext4_mount_points_name_the_mbr_partitions),
	};
	return cmocka_run_group_tests(tests, tu_setup_ctx, tu_teardown);
}
