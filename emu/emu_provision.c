/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Factory provisioning of the virtual phone: the package's preloader into
 * boot1 behind an EMMC_BOOT/BRLYT header, every image at its scatter address,
 * a PMT near the end of the user area (docs/formats.md, "PMT"), and a unique identity
 * (NVRAM, PRO_INFO, PROTECT_F/S, SECCFG) derived from the seed, so tests can
 * prove the identity survived a flash or was lost.
 *
 * The package is read through libmtkfw's public package API (this is a
 * factory, not the device protocol); the eMMC is written directly.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "demo.h"
#include "emu_priv.h"
#include "mtkfw/mtkfw.h"

#define PMT_SIG_MAIN   0x50547631u /* "PTv1" as little-endian u32 (uncertain) */
#define PMT_SIG_MIRROR 0x4D505431u /* "MPT1" */
#define PMT_ENTRY      88
#define PMT_MAX	       40
#define BOOT_HDR       0x800 /* EMMC_BOOT + BRLYT in front of the preloader (typical) */

struct prov {
	const struct mtkfw_emu_config *cfg;
	struct emu_storage st;
	struct mtkfw_ctx *ctx;
	uint64_t user_base; /* linear address of the user area's first byte */
	int area;
	uint64_t base; /* where the current image starts in its area */
	char *err;
	size_t errlen;
};

static int fail(struct prov *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->err, p->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

void emu_fill_pseudo(uint8_t *b, size_t n, uint32_t seed)
{
	uint32_t x = seed | 1;
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		b[i] = (uint8_t)x;
	}
}

/* ---- images ---- */

static int put_extent(void *user, const struct mtkfw_extent *x)
{
	struct prov *p = user;
	uint64_t off = p->base + x->offset;
	if (x->kind == MTKFW_EXTENT_DATA)
		return emu_storage_write(&p->st, p->area, off, x->data, (size_t)x->length);
	if (x->kind == MTKFW_EXTENT_SKIP)
		return 0;
	if (!x->fill)
		return emu_storage_erase(&p->st, p->area, off, x->length);
	uint8_t pat[4096];
	for (size_t i = 0; i < sizeof(pat); i += 4)
		emu_put_le32(pat + i, x->fill);
	for (uint64_t done = 0; done < x->length; done += sizeof(pat)) {
		size_t k =
			x->length - done < sizeof(pat) ? (size_t)(x->length - done) : sizeof(pat);
		if (emu_storage_write(&p->st, p->area, off + done, pat, k))
			return -1;
	}
	return 0;
}

/* Stream one image to its place, as the extents of what the phone holds (sparse expanded). */
static int put_image(struct prov *p, struct mtkfw_pkg *pkg, size_t member)
{
	struct mtkfw_image_source *src;
	if (mtkfw_image_source_open(p->ctx, pkg, member, &src))
		return fail(p, "%s", mtkfw_ctx_errmsg(p->ctx));
	int r = mtkfw_image_source_extents(src, put_extent, p, NULL, NULL);
	if (r == -1) /* put_extent's: the storage */
		fail(p, "cannot write %s into the virtual eMMC (does it fit?)",
		     mtkfw_pkg_entry(pkg, member)->path);
	else if (r)
		fail(p, "%s", mtkfw_ctx_errmsg(p->ctx));
	mtkfw_image_source_close(src);
	return r ? -1 : 0;
}

/*
 * boot1: EMMC_BOOT header, BRLYT pointing at the GFH image at 0x800 (docs/formats.md,
 * "Preloader"). The emulator's own copy of what the host writes (lib/ops/onflash.c), on
 * purpose: the two sides share the format, never the code.
 */
static int put_boot_header(struct prov *p)
{
	uint8_t h[BOOT_HDR] = {0};
	memcpy(h, "EMMC_BOOT", 9);
	emu_put_le32(h + 0x0C, 1);
	emu_put_le32(h + 0x10, 0x200);
	memcpy(h + 0x200, "BRLYT", 5);
	emu_put_le32(h + 0x208, 1);
	emu_put_le32(h + 0x20C, BOOT_HDR);
	emu_put_le32(h + 0x210, BOOT_HDR);
	memcpy(h + 0x214, "BBBB", 4);
	emu_put_le16(h + 0x218, 5); /* F_EMMC_BOOT_REGION */
	emu_put_le16(h + 0x21A, 1); /* ARM_BL */
	emu_put_le32(h + 0x21C, BOOT_HDR);
	return emu_storage_write(&p->st, MTKFW_EMU_BOOT1, 0, h, sizeof(h));
}

/* ---- identity ---- */

/* A test IMEI: TAC 00100100 (reserved for tests), serial from the seed, Luhn digit. */
static void test_imei(uint32_t seed, char out[16])
{
	snprintf(out, 16, "001001%08u", (unsigned)(seed % 100000000u));
	int sum = 0;
	for (int i = 0; i < 14; i++) {
		int d = out[i] - '0';
		if (i % 2) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	out[14] = (char)('0' + (10 - sum % 10) % 10);
	out[15] = 0;
}

/* Copy the file at path (n bytes) into the user area at off. */
static int copy_in(struct prov *p, const char *path, uint64_t off, uint64_t n)
{
	enum { CHUNK = 1 << 20 };
	FILE *f = fopen(path, "rb");
	uint8_t *b = malloc(CHUNK);
	int r = f && b ? 0 : -1;
	for (uint64_t done = 0; !r && done < n; done += CHUNK) {
		size_t k = n - done < CHUNK ? (size_t)(n - done) : CHUNK;
		r = fread(b, 1, k, f) == k
			    ? emu_storage_write(&p->st, MTKFW_EMU_USER, off + done, b, k)
			    : -1;
	}
	if (f)
		fclose(f);
	free(b);
	return r;
}

/*
 * PROTECT_F or PROTECT_S as a phone's are: an ext4 filesystem (mke2fs -d, reproducible, its
 * UUID from the seed) holding text (what put_identity writes at the head of the others) and
 * calibration bytes as its files.
 */
static int put_protect(struct prov *p, const struct mtkfw_scatter_part *row, const uint8_t *text,
		       size_t text_len, const uint8_t *calib, size_t calib_len, uint32_t seed)
{
	char stage[4096], path[4200], raw[4200], uuid[40], name[64] = "", mount[66];
	const char *tmp = getenv("TMPDIR");
	snprintf(stage, sizeof(stage), "%s/mtkfw-emu-protect-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(stage))
		return fail(p, "cannot make a folder for %s's files", row->name);
	snprintf(path, sizeof(path), "%s/files", stage);
	snprintf(raw, sizeof(raw), "%s/fs.img", stage);
	snprintf(uuid, sizeof(uuid), "6d746b66-772d-4964-656e-%012x", (unsigned)seed);
	for (size_t i = 0; row->name[i] && i + 1 < sizeof(name); i++)
		name[i] = (char)tolower((unsigned char)row->name[i]), name[i + 1] = 0;
	snprintf(mount, sizeof(mount), "/%s", name); /* where a phone mounts it: /protect_f */
	int r = mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/files/identity.txt", stage);
	if (!r)
		r = demo_write_file(path, text, text_len);
	snprintf(path, sizeof(path), "%s/files/calibration.bin", stage);
	if (!r)
		r = demo_write_file(path, calib, calib_len);
	snprintf(path, sizeof(path), "%s/files", stage);
	if (!r)
		r = demo_mkfs_ext4(path, raw, row->size, name, mount, uuid);
	if (!r)
		r = copy_in(p, raw, row->start - p->user_base, row->size);
	remove(raw);
	snprintf(raw, sizeof(raw), "%s/files/identity.txt", stage);
	remove(raw);
	snprintf(raw, sizeof(raw), "%s/files/calibration.bin", stage);
	remove(raw);
	remove(path);
	remove(stage);
	return r ? fail(p, "cannot make %s an ext4 filesystem", row->name) : 0;
}

/* Fill one identity partition with data unique to this virtual phone. */
static int put_identity(struct prov *p, const struct mtkfw_scatter_part *row)
{
	enum { HEAD = 64 * 1024 };
	uint8_t *b = malloc(HEAD);
	if (!b)
		return -1;
	uint32_t seed = p->cfg->seed * 2654435761u ^ (uint32_t)row->start;
	char imei[16];
	test_imei(p->cfg->seed, imei);
	emu_fill_pseudo(b, HEAD, seed);
	int n = snprintf((char *)b, 256,
			 "MTKFW VIRTUAL %s\nIMEI1=%s\nWIFI_MAC=02:6d:74:%02x:%02x:%02x\nSEED=%u\n",
			 row->name, imei, p->cfg->seed & 0xFF, (p->cfg->seed >> 8) & 0xFF,
			 (p->cfg->seed >> 16) & 0xFF, p->cfg->seed);
	b[n] = 0;
	if (!strncasecmp(row->name, "PROTECT_", 8) && row->has_size && row->size >= (1u << 20) &&
	    row->start >= p->user_base) {
		uint8_t *calib = malloc(HEAD);
		int r = calib ? 0 : -1;
		if (calib) {
			emu_fill_pseudo(calib, HEAD, seed ^ 0xCA11B);
			r = put_protect(p, row, b, (size_t)n, calib, HEAD, seed);
		}
		free(calib);
		free(b);
		return r;
	}
	uint64_t off = row->start - p->user_base, size = row->has_size ? row->size : HEAD;
	int r = emu_storage_write(&p->st, MTKFW_EMU_USER, off, b,
				  size < HEAD ? (size_t)size : HEAD);
	/* Calibration data near the end of big partitions, too. */
	if (!r && size > 2 * HEAD) {
		emu_fill_pseudo(b, HEAD, seed ^ 0xCA11B);
		r = emu_storage_write(&p->st, MTKFW_EMU_USER, off + size - HEAD, b, HEAD);
	}
	free(b);
	return r;
}

/* ---- sizes ---- */

/* A row's size; a row of size 0 in the user area is "the rest", up to the reserved tail. */
static uint64_t row_size(const struct prov *p, const struct mtkfw_scatter *sc,
			 const struct mtkfw_scatter_part *row, uint64_t at)
{
	uint64_t size = row->has_size ? row->size : 0;
	uint64_t end = p->st.size[MTKFW_EMU_USER] - mtkfw_scatter_reserved_tail(sc);
	if (!size && at >= p->user_base && at - p->user_base < end)
		size = end - (at - p->user_base);
	return size;
}

/* ---- internal storage ---- */

/* The FAT partition (internal storage) formatted FAT32, as phones ship; unless --fat-raw. */
static int put_fat(struct prov *p, const struct mtkfw_scatter *sc,
		   const struct mtkfw_scatter_part *row)
{
	uint64_t size = row_size(p, sc, row, row->start);
	if (p->cfg->fat_raw || row->start < p->user_base || !size)
		return 0;
	uint64_t off = row->start - p->user_base;
	int r = emu_format_fat32(&p->st, MTKFW_EMU_USER, off, size, off / 512,
				 p->cfg->seed * 2654435761u);
	return r < 0 ? fail(p, "cannot format %s as FAT32", row->name) : 0;
}

/* ---- PMT ---- */

/*
 * The PMT blocks for the scatter's rows; shift moves every row after EBR1
 * (another layout's table), reverse writes the entries out of address order.
 */
static int put_pmt(struct prov *p, const struct mtkfw_scatter *sc, uint64_t shift, bool reverse)
{
	uint8_t blk[4096] = {0};
	uint64_t user = p->st.size[MTKFW_EMU_USER];
	size_t k = 0, n = mtkfw_scatter_count(sc);
	bool after_ebr1 = false;
	for (size_t j = 0; j < n && k < PMT_MAX; j++) {
		const struct mtkfw_scatter_part *row =
			mtkfw_scatter_part(sc, reverse ? n - 1 - j : j);
		if (row->from_end)
			continue;
		uint64_t at = row->start + (after_ebr1 && !reverse ? shift : 0);
		after_ebr1 |= !strcmp(row->name, "EBR1");
		uint8_t *e = blk + 8 + k++ * PMT_ENTRY;
		uint64_t size = row_size(p, sc, row, at);
		snprintf((char *)e, 64, "%s", row->name);
		emu_put_le64(e + 64, size);
		emu_put_le64(e + 72, at); /* linear offsets (docs/formats.md, "PMT"; uncertain) */
	}
	memcpy(blk + 4, "1.0", 4);
	uint64_t at = user - EMU_PMT_FROM_END;
	emu_put_le32(blk, PMT_SIG_MAIN);
	emu_put_le32(blk + sizeof(blk) - 4, PMT_SIG_MAIN);
	int r = emu_storage_write(&p->st, MTKFW_EMU_USER, at, blk, sizeof(blk));
	emu_put_le32(blk, PMT_SIG_MIRROR);
	emu_put_le32(blk + sizeof(blk) - 4, PMT_SIG_MIRROR);
	return r ? r
		 : emu_storage_write(&p->st, MTKFW_EMU_USER, at + sizeof(blk), blk, sizeof(blk));
}

/* ---- driver ---- */

static int lay_down(struct prov *p, const struct mtkfw_report *rep)
{
	const struct mtkfw_scatter *sc = mtkfw_report_scatter(rep);
	for (size_t i = 0; i < mtkfw_report_row_count(rep); i++) {
		const struct mtkfw_check_row *row = mtkfw_report_row(rep, i);
		const struct mtkfw_scatter_part *part = row->part;
		if (mtkfw_is_identity_partition(part->name)) {
			if (put_identity(p, part))
				return fail(p, "cannot write the identity of %s", part->name);
			continue;
		}
		if (!row->file && !strcasecmp(part->name, "FAT") && put_fat(p, sc, part))
			return -1;
		if (!row->file)
			continue;
		bool boot = mtkfw_scatter_part_in_boot(part);
		p->area = boot ? MTKFW_EMU_BOOT1 : MTKFW_EMU_USER;
		p->base = boot ? BOOT_HDR : part->start - p->user_base;
		if (boot && put_boot_header(p))
			return fail(p, "cannot write the boot1 header");
		if (put_image(p, mtkfw_report_package(rep), row->member))
			return -1;
	}
	return put_pmt(p, sc, 0, false) ? fail(p, "cannot write the PMT") : 0;
}

/* ---- damage: the dead or tampered phones of the tests (docs/emulator.md) ---- */

/* Overwrite [off, off+n) of the user area with zeros, or pseudo-random bytes after a signature. */
static int scribble(struct prov *p, uint64_t off, size_t n, bool garbage)
{
	uint8_t *b = calloc(1, n);
	if (!b)
		return -1;
	if (garbage) {
		emu_fill_pseudo(b + 8, n - 8, p->cfg->seed ^ 0x6A7B);
		emu_put_le32(b, PMT_SIG_MAIN); /* a table that looks like one, full of rubbish */
		memcpy(b + 4, "1.0", 4);
	}
	int r = emu_storage_write(&p->st, MTKFW_EMU_USER, off, b, n);
	free(b);
	return r;
}

/* Overwrite the first n bytes of the named partition (0: all of it) with zeros or garbage. */
static int scribble_part(struct prov *p, const struct mtkfw_scatter *sc, const char *name,
			 uint64_t n, bool garbage)
{
	for (size_t i = 0; i < mtkfw_scatter_count(sc); i++) {
		const struct mtkfw_scatter_part *row = mtkfw_scatter_part(sc, i);
		if (strcasecmp(row->name, name) || mtkfw_scatter_part_in_boot(row))
			continue;
		uint64_t len = n ? n : row->size;
		for (uint64_t at = 0; at < len; at += 1 << 20) { /* a MiB at a time */
			size_t piece = (size_t)(len - at < (1 << 20) ? len - at : (1 << 20));
			if (scribble(p, row->start - p->user_base + at, piece, garbage && !at))
				return -1;
		}
		return 0;
	}
	return fail(p, "the package's scatter has no %s to damage", name);
}

/* boot1 (its header and the preloader behind it) read back as an erased eMMC does: zeros. */
static int erase_boot1(struct prov *p)
{
	size_t n = 1 << 20;
	uint8_t *b = calloc(1, n);
	int r = b ? emu_storage_write(&p->st, MTKFW_EMU_BOOT1, 0, b, n) : -1;
	free(b);
	return r;
}

/* One kind of damage after the factory's work: pmt-zeroed, pmt-garbage, pmt-unsorted, pmt-shift:MB,
 * mbr-zeroed; the dead phones of mtkfw doctor: boot1-erased, lk-damaged, boot-damaged,
 * identity-zeroed. */
static int damage(struct prov *p, const struct mtkfw_scatter *sc, const char *kind)
{
	static const char *const identity[] = {"PRO_INFO", "NVRAM", "PROTECT_F", "PROTECT_S"};
	if (!strcmp(kind, "boot1-erased"))
		return erase_boot1(p);
	if (!strcmp(kind, "lk-damaged")) /* its MTK header garbled: the preloader cannot load it */
		return scribble_part(p, sc, "UBOOT", 4096, true);
	if (!strcmp(kind, "boot-damaged")) /* no ANDROID! header: lk cannot boot the kernel */
		return scribble_part(p, sc, "BOOTIMG", 4096, true);
	if (!strcmp(kind, "identity-zeroed")) {
		for (size_t i = 0; i < sizeof(identity) / sizeof(identity[0]); i++)
			if (scribble_part(p, sc, identity[i], 0, false))
				return -1;
		return 0;
	}
	uint64_t pmt = p->st.size[MTKFW_EMU_USER] - EMU_PMT_FROM_END;
	if (!strcmp(kind, "pmt-zeroed"))
		return scribble(p, pmt, 2 * 4096, false);
	if (!strcmp(kind, "pmt-garbage"))
		return scribble(p, pmt, 4096, true);
	if (!strcmp(kind, "pmt-unsorted"))
		return put_pmt(p, sc, 0, true);
	if (!strncmp(kind, "pmt-shift:", 10))
		return put_pmt(p, sc, strtoull(kind + 10, NULL, 0) << 20, false);
	if (!strcmp(kind, "mbr-zeroed")) {
		int r = 0;
		for (size_t i = 0; !r && i < mtkfw_scatter_count(sc); i++) {
			const struct mtkfw_scatter_part *row = mtkfw_scatter_part(sc, i);
			if (!strcmp(row->name, "MBR") || !strncmp(row->name, "EBR", 3))
				r = scribble(p, row->start - p->user_base, 512, false);
		}
		return r;
	}
	return fail(p,
		    "unknown damage '%s' (pmt-zeroed, pmt-garbage, pmt-unsorted, pmt-shift:MB, "
		    "mbr-zeroed, boot1-erased, lk-damaged, boot-damaged, identity-zeroed)",
		    kind);
}

/* Linear address of the user area's start: the first EMMC_USER row (the MBR). */
static uint64_t user_base(const struct mtkfw_scatter *sc)
{
	for (size_t i = 0; i < mtkfw_scatter_count(sc); i++) {
		const struct mtkfw_scatter_part *p = mtkfw_scatter_part(sc, i);
		if (!p->from_end && !mtkfw_scatter_part_in_boot(p))
			return p->start;
	}
	return 0;
}

int mtkfw_emu_provision(const struct mtkfw_emu_config *cfg, const char *package, char *err,
			size_t errlen)
{
	struct prov p = {.cfg = cfg, .err = err, .errlen = errlen};
	struct mtkfw_report *rep = NULL;
	struct mtkfw_check_opts o = {0};
	err[0] = 0;
	if (mtkfw_ctx_new(&p.ctx))
		return -1;
	int r = emu_storage_open(&p.st, cfg, err, errlen);
	if (!r && mtkfw_check_package(p.ctx, package, &o, &rep))
		r = fail(&p, "%s", mtkfw_ctx_errmsg(p.ctx));
	if (!r && (!mtkfw_report_scatter(rep) || mtkfw_report_count(rep, MTKFW_SEV_ERROR)))
		r = fail(&p,
			 "%s does not pass 'mtkfw info' (%u errors): a factory would not use it",
			 package, mtkfw_report_count(rep, MTKFW_SEV_ERROR));
	if (!r) {
		p.user_base = user_base(mtkfw_report_scatter(rep));
		r = lay_down(&p, rep);
	}
	for (size_t i = 0; !r && i < cfg->n_damage; i++)
		if (damage(&p, mtkfw_report_scatter(rep), cfg->damage[i]))
			r = err[0] ? -1 : fail(&p, "cannot damage the eMMC (%s)", cfg->damage[i]);
	mtkfw_report_free(rep);
	emu_storage_close(&p.st);
	mtkfw_ctx_free(p.ctx);
	return r;
}
