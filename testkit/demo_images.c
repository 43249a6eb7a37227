/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Synthetic images in the real MT6572 formats (docs/formats.md): a GFH
 * preloader with an MTK_BLOADER_INFO_v11 EMI table, lk.bin, logo.bin,
 * boot/recovery images with MTK headers and a gzip'd cpio ramdisk, secro.
 * The code bytes are filler: nothing here executes, nothing is vendor-made.
 */
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "bytes.h"
#include "demo.h"

#define MTKHDR 512

void demo_fill(uint8_t *buf, size_t len, uint32_t *state)
{
	uint32_t x = *state ? *state : 0x6572;
	for (size_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (uint8_t)x;
	}
	*state = x;
}

int demo_write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644), err = 0;
	if (fd < 0)
		return -errno;
	for (const uint8_t *p = data; len;) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		p += n;
		len -= (size_t)n;
	}
	if (close(fd) && !err)
		err = -errno;
	return err;
}

/* ---- preloader ---- */

static void gfh(uint8_t *p, uint16_t size, uint16_t type)
{
	memcpy(p, "MMM\x01", 4);
	put_le16(p + 4, size);
	put_le16(p + 6, type);
}

/* MTK_BLOADER_INFO_v11 blob (0x70 header + n * 0xA8 records); returns its length. */
static size_t bloader_blob(const struct demo_opts *o, uint8_t *b, uint32_t *seed)
{
	memset(b, 0, 0x70);
	memcpy(b, "MTK_BLOADER_INFO_v11", 20);
	snprintf((char *)b + 27, 61, "preloader_%s.bin", o->project);
	memcpy(b + 0x58, "V116", 4);
	put_le32(b + 0x5C, 0x33448822);
	put_le32(b + 0x60, 0x00700090);
	memcpy(b + 0x64, "MTK_BIN", 8);
	put_le32(b + 0x6C, o->n_emi);
	for (unsigned i = 0; i < o->n_emi; i++) {
		uint8_t *r = b + 0x70 + i * MTKFW_EMI_RECORD_SIZE;
		demo_fill(r, MTKFW_EMI_RECORD_SIZE, seed); /* stand-in DRAM timings */
		put_le32(r, 0x0202);			   /* eMMC + LPDDR2 */
		memset(r + 4, 0, 16);
		memcpy(r + 4, o->emi_cid[i], 9);
		put_le32(r + 0x14, 9);
		put_le32(r + 0x18, 266);
		put_le32(r + 0x90, 0x20000000); /* rank 0: 512 MiB */
		memset(r + 0x94, 0, 12);
	}
	return 0x70 + (size_t)o->n_emi * MTKFW_EMI_RECORD_SIZE;
}

int demo_write_preloader(const struct demo_opts *o, const char *path)
{
	enum { CODE_OFF = 0x2F8, CODE = 0xC000, SIG = 0x124 };
	size_t cap = CODE_OFF + CODE + 0x70 + DEMO_MAX_EMI * MTKFW_EMI_RECORD_SIZE + 4 + SIG;
	uint8_t *f = calloc(1, cap);
	uint32_t seed = o->seed ^ 0x50;
	if (!f)
		return -ENOMEM;
	gfh(f + 0x000, 0x38, 0x0000); /* FILE_INFO */
	gfh(f + 0x038, 0x0C, 0x0001); /* BL_INFO */
	put_le32(f + 0x040, 1);
	gfh(f + 0x044, 0x5C, 0x0007);  /* BROM_CFG */
	gfh(f + 0x0A0, 0x214, 0x0003); /* BL_SEC_KEY */
	gfh(f + 0x2B4, 0x14, 0x0002);  /* ANTI_CLONE */
	gfh(f + 0x2C8, 0x30, 0x0008);  /* BROM_SEC_CFG */
	size_t pos = CODE_OFF;
	demo_fill(f + pos, CODE, &seed);
	memcpy(f + pos, "mtkfw synthetic preloader: filler, not executable", 49);
	pos += CODE;
	size_t blob = bloader_blob(o, f + pos, &seed);
	pos += blob;
	put_le32(f + pos, (uint32_t)blob);
	pos += 4;
	demo_fill(f + pos, SIG, &seed); /* stand-in signature */
	pos += SIG;
	memcpy(f + 8, "FILE_INFO", 9);
	put_le32(f + 0x14, 1); /* file_ver */
	put_le16(f + 0x18, 1); /* ARM_BL */
	f[0x1A] = MTKFW_FLASH_DEV_EMMC_BOOT;
	f[0x1B] = 1;			/* SIG_PHASH */
	put_le32(f + 0x1C, 0x02007200); /* load address in SRAM, as on real MT6572 */
	put_le32(f + 0x20, (uint32_t)pos);
	put_le32(f + 0x24, 0x20000);
	put_le32(f + 0x28, CODE_OFF);
	put_le32(f + 0x2C, SIG);
	put_le32(f + 0x30, 0x300);
	put_le32(f + 0x34, 1);
	int r = demo_write_file(path, f, pos);
	free(f);
	return r;
}

/* ---- MTK-header images ---- */

static void mtkhdr(uint8_t *h, const char *name, uint32_t payload)
{
	memset(h, 0xFF, MTKHDR);
	put_le32(h, 0x58881688);
	put_le32(h + 4, payload);
	memset(h + 8, 0, 32);
	memcpy(h + 8, name, strlen(name));
}

/* The board's LCM names as a string table at p (NUL before, between and after; at most n bytes). */
static void put_lcm(const struct demo_opts *o, uint8_t *p, size_t n)
{
	const char *names = o->lcm ? o->lcm : DEMO_LCM;
	size_t k = strlen(names) < n - 2 ? strlen(names) : n - 2;
	p[-1] = 0;
	for (size_t i = 0; i < k; i++)
		p[i] = names[i] == ',' ? 0 : (uint8_t)names[i];
	p[k] = 0;
}

int demo_write_lk(const struct demo_opts *o, const char *path)
{
	enum { PAYLOAD = 200 * 1024 };
	uint8_t *f = malloc(MTKHDR + PAYLOAD);
	uint32_t seed = o->seed ^ 0x1c;
	if (!f)
		return -ENOMEM;
	mtkhdr(f, "LK", PAYLOAD);
	demo_fill(f + MTKHDR, PAYLOAD, &seed);
	memcpy(f + MTKHDR, "mtkfw synthetic lk", 18);
	/* the LCM drivers built in, named as MediaTek's lk names them (docs/board.md) */
	put_lcm(o, f + MTKHDR + 0x1000, 0x1000);
	int r = demo_write_file(path, f, MTKHDR + PAYLOAD);
	free(f);
	return r;
}

/* One 480x854 RGB565 frame: a gradient with a band whose place depends on i. */
static void logo_frame(uint8_t *px, unsigned i)
{
	for (unsigned y = 0; y < 854; y++)
		for (unsigned x = 0; x < 480; x++) {
			uint16_t c = (uint16_t)(((y * 31 / 854) << 11) | ((x * 63 / 480) << 5));
			if (y / 40 == i)
				c = 0xFFFF;
			put_le16(px + 2 * (y * 480 + x), c);
		}
}

int demo_write_logo(const struct demo_opts *o, const char *path)
{
	enum { N = 6, FRAME = 480 * 854 * 2 };
	(void)o;
	uLongf bound = compressBound(FRAME);
	uint8_t *frame = malloc(FRAME), *f = malloc(MTKHDR + 8 + 4 * N + N * bound);
	int r = -ENOMEM;
	if (!frame || !f)
		goto out;
	uint8_t *table = f + MTKHDR;
	uint32_t off = 8 + 4 * N;
	for (unsigned i = 0; i < N; i++) {
		uLongf clen = bound;
		logo_frame(frame, i);
		if (compress2(table + off, &clen, frame, FRAME, 9) != Z_OK)
			goto out;
		put_le32(table + 8 + 4 * i, off);
		off += (uint32_t)clen;
	}
	put_le32(table, N);
	put_le32(table + 4, off);
	mtkhdr(f, "LOGO", off);
	r = demo_write_file(path, f, MTKHDR + off);
out:
	free(frame);
	free(f);
	return r;
}

/* ---- boot images ---- */

/* A newc cpio with a couple of files and the trailer; returns its length. */
static size_t cpio(uint8_t *out, bool recovery)
{
	static const char *const names[] = {"init.rc", "default.prop", "TRAILER!!!"};
	const char *bodies[] = {recovery ? "# mtkfw demo recovery\n" : "# mtkfw demo init\n",
				"ro.build.version.release=4.4.2\nro.build.display.id=MTKFW_DEMO_1\n"
				"ro.build.type=user\nro.product.brand=mtkfw\n"
				"ro.product.model=mtkfw demo\nro.product.device=mtkfw_demo\n",
				""};
	size_t pos = 0;
	for (int i = 0; i < 3; i++) {
		size_t nl = strlen(names[i]) + 1, bl = strlen(bodies[i]);
		pos += (size_t)sprintf(
			(char *)out + pos,
			"070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X", i + 1,
			i == 2 ? 0 : 0100644, 0, 0, 1, 0, bl, 0, 0, 0, 0, nl, 0);
		memcpy(out + pos, names[i], nl);
		pos += nl;
		while (pos % 4)
			out[pos++] = 0;
		memcpy(out + pos, bodies[i], bl);
		pos += bl;
		while (pos % 4)
			out[pos++] = 0;
	}
	return pos;
}

/* gzip in into out (gzip wrapper: windowBits 31); returns length or 0. */
static size_t gzip(const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
	z_stream z = {0};
	if (deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return 0;
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	int r = deflate(&z, Z_FINISH);
	size_t n = r == Z_STREAM_END ? z.total_out : 0;
	deflateEnd(&z);
	return n;
}

/*
 * Kernel section: MTK header "KERNEL", then a stand-in zImage: a zImage magic
 * at +0x24, "decompressor" filler, and at +0x4000 the gzip'd kernel image
 * holding the Linux banner and the demo board's driver names.
 */
static size_t kernel_section(const struct demo_opts *o, uint8_t *k, size_t payload, uint32_t *seed)
{
	enum { IMAGE = 256 * 1024, PIGGY = 0x4000 };
	mtkhdr(k, "KERNEL", (uint32_t)payload);
	demo_fill(k + MTKHDR, payload, seed);
	put_le32(k + MTKHDR + 0x24, 0x016F2818);
	uint8_t *img = malloc(IMAGE);
	if (img) {
		memset(img, 0, IMAGE);
		memcpy(img + 0x1000, DEMO_KERNEL_STRINGS, sizeof(DEMO_KERNEL_STRINGS));
		put_lcm(o, img + 0x2000, 0x1000);
		gzip(img, IMAGE, k + MTKHDR + PIGGY, payload - PIGGY);
		free(img);
	}
	return MTKHDR + payload;
}

static size_t page_up(size_t n)
{
	return (n + 2047) / 2048 * 2048;
}

/* Header page of an Android boot image v0 with the SHA-1 id of its sections. */
static void boot_header(uint8_t *h, const uint8_t *k, uint32_t klen, const uint8_t *rd,
			uint32_t rlen, bool recovery)
{
	uint8_t zero[4] = {0}, le[2][4], id[EVP_MAX_MD_SIZE];
	unsigned idlen = 0;
	memcpy(h, "ANDROID!", 8);
	put_le32(h + 8, klen);
	put_le32(h + 12, 0x10008000);
	put_le32(h + 16, rlen);
	put_le32(h + 20, 0x11000000);
	put_le32(h + 28, 0x10f00000);
	put_le32(h + 32, 0x10000100);
	put_le32(h + 36, 2048);
	snprintf((char *)h + 48, 16, "mtkfw_demo");
	snprintf((char *)h + 64, 512, "console=ttyMT0,921600n1 vmalloc=496M%s",
		 recovery ? " androidboot.mode=recovery" : "");
	put_le32(le[0], klen);
	put_le32(le[1], rlen);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (md && EVP_DigestInit_ex(md, EVP_sha1(), NULL) && EVP_DigestUpdate(md, k, klen) &&
	    EVP_DigestUpdate(md, le[0], 4) && EVP_DigestUpdate(md, rd, rlen) &&
	    EVP_DigestUpdate(md, le[1], 4) && EVP_DigestUpdate(md, zero, 4) && /* no second */
	    EVP_DigestFinal_ex(md, id, &idlen))
		memcpy(h + 576, id, idlen < 32 ? idlen : 32);
	EVP_MD_CTX_free(md);
}

int demo_write_boot(const struct demo_opts *o, const char *path, bool recovery)
{
	enum { KPAY = 2 << 20, RAW = 4096, GZ = 8192 };
	uint32_t seed = o->seed ^ (recovery ? 0xEC : 0xB0);
	uint8_t *k = malloc(MTKHDR + KPAY), raw[RAW], *rd = malloc(MTKHDR + GZ);
	uint8_t *img = malloc(2048 + page_up(MTKHDR + KPAY) + page_up(MTKHDR + GZ));
	int r = -ENOMEM;
	if (!k || !rd || !img)
		goto out;
	size_t klen = kernel_section(o, k, KPAY, &seed);
	size_t glen = gzip(raw, cpio(raw, recovery), rd + MTKHDR, GZ);
	if (!glen)
		goto out;
	mtkhdr(rd, recovery ? "RECOVERY" : "ROOTFS", (uint32_t)glen);
	size_t rlen = MTKHDR + glen, total = 2048 + page_up(klen) + page_up(rlen);
	memset(img, 0, total);
	boot_header(img, k, (uint32_t)klen, rd, (uint32_t)rlen, recovery);
	memcpy(img + 2048, k, klen);
	memcpy(img + 2048 + page_up(klen), rd, rlen);
	r = demo_write_file(path, img, total);
out:
	free(k);
	free(rd);
	free(img);
	return r;
}

int demo_write_secro(const struct demo_opts *o, const char *path)
{
	enum { SIZE = 0x20000 };
	uint8_t *f = calloc(1, SIZE);
	uint32_t seed = o->seed ^ 0x5e;
	if (!f)
		return -ENOMEM;
	memcpy(f, "AND_AC_REGION", 13);
	demo_fill(f + 0x40, 0x1000, &seed);
	int r = demo_write_file(path, f, SIZE);
	free(f);
	return r;
}
