/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * seedgen DIR: seeds recorded from real sessions, for make-seeds.sh.
 *
 * The host's work (fuzz_device.c's: connect, the phone's layout, a read, a
 * write, a format, reboot) runs against the in-process virtual phone once
 * per emulator variant (mtkfw-emu --variant) in BROM and preloader mode. Both
 * directions are recorded in the chunk format of the targets: what the host
 * sent becomes DIR/emu/ seeds (fuzz_emu.c, after its two bytes of mode and
 * variants), what the phone sent DIR/device/ seeds (fuzz_device.c). Each
 * session gives one seed per protocol step: the exchange up to the end of
 * that step. Identical prefixes are written once (files are named by step
 * and content hash). DIR/pmt/ and DIR/layout/ get the demo phone's PMT (both
 * entry layouts) and MBR/EBR chain.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "fuzz_util.h"
#include "mtkfw/mtkfw.h"
#include "mtkfw_emu.h"

#define MAX_STEPS 64

/* A growing byte buffer (chunked stream of one direction). */
struct buf {
	uint8_t *p;
	size_t n, cap;
};

static void put(struct buf *b, const void *d, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = (b->n + n) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			exit(1);
	}
	memcpy(b->p + b->n, d, n);
	b->n += n;
}

/* Append data as chunks of at most 64 bytes, each after a byte holding its length - 1. */
static void chunks(struct buf *b, const uint8_t *p, size_t n)
{
	while (n) {
		size_t k = n < 64 ? n : 64;
		uint8_t len = (uint8_t)(k - 1);
		put(b, &len, 1);
		put(b, p, k);
		p += k;
		n -= k;
	}
}

struct rec {
	struct mtkfw_transport *inner;
	struct mtkfw_ctx *ctx;
	struct buf host, dev;
	char step[MAX_STEPS][24];
	size_t at_host[MAX_STEPS], at_dev[MAX_STEPS], n_steps;
};

/* A new step begins: the exchange so far is one seed of the step before. */
static void mark(struct rec *r)
{
	const char *st = mtkfw_ctx_step(r->ctx);
	if (r->n_steps && !strcmp(r->step[r->n_steps - 1], st))
		return;
	if (r->n_steps < MAX_STEPS) {
		snprintf(r->step[r->n_steps], sizeof(r->step[0]), "%s", *st ? st : "start");
		r->at_host[r->n_steps] = r->host.n;
		r->at_dev[r->n_steps++] = r->dev.n;
	}
}

static int r_read(void *impl, void *buf, size_t len, unsigned ms, size_t *got)
{
	struct rec *r = impl;
	int rc = mtkfw_transport_read_some(r->inner, buf, len, ms, got);
	mark(r);
	if (!rc)
		chunks(&r->dev, buf, *got);
	return rc;
}

static int r_write(void *impl, const void *buf, size_t len, unsigned ms, size_t *sent)
{
	struct rec *r = impl;
	int rc = mtkfw_transport_write(r->inner, buf, len, ms, "seed");
	mark(r);
	*sent = rc ? 0 : len;
	if (!rc)
		chunks(&r->host, buf, len);
	return rc;
}

static void r_close(void *impl)
{
	(void)impl;
}

static const struct mtkfw_transport_ops rec_ops = {"record", r_read, r_write, NULL, r_close};

static uint64_t fnv(const uint8_t *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	while (n--)
		h = (h ^ *p++) * 1099511628211ull;
	return h;
}

/* head (a few bytes) + body[0..n) as DIR/sub/<step>-<hash>.bin */
static void seed(const char *dir, const char *sub, const char *step, const uint8_t *head, size_t hn,
		 const uint8_t *body, size_t n)
{
	char path[900];
	uint64_t h = fnv(head, hn) ^ fnv(body, n);
	snprintf(path, sizeof(path), "%s/%s/%s-%016llx.bin", dir, sub, step, (unsigned long long)h);
	FILE *f = fopen(path, "wb");
	if (f) {
		fwrite(head, 1, hn, f);
		fwrite(body, 1, n, f);
		fclose(f);
	}
}

/* One recorded session of a phone in mode with variants; its seeds written. */
static int session(const char *dir, const char *da, const char *pl, const char *image,
		   enum mtkfw_emu_mode mode, unsigned variants)
{
	char err[256];
	struct mtkfw_emu_config cfg;
	struct mtkfw_emu *e;
	struct mtkfw_transport *link = NULL, *t = NULL;
	struct mtkfw_session *s;
	struct rec r = {0};
	mtkfw_emu_config_default(&cfg);
	cfg.path[MTKFW_EMU_USER] = image;
	cfg.size[MTKFW_EMU_USER] = 64u << 20;
	cfg.accept_any_da = true;
	cfg.mode = mode;
	cfg.hwcode_quirk = false;
	cfg.variants = variants;
	if (mtkfw_emu_new(&cfg, &e, err, sizeof(err)) || mtkfw_ctx_new(&r.ctx))
		return fprintf(stderr, "seedgen: %s\n", err), 1;
	mtkfw_emu_connect(e);
	int rc = mtkfw_emu_transport(e, r.ctx, &link);
	r.inner = link;
	if (!rc)
		rc = mtkfw_transport_new(r.ctx, &rec_ops, &r, &t);
	struct mtkfw_session_opts o = {
		.transport = t, .da_path = da, .preloader_path = pl, .store = dir};
	if (!rc && !(rc = mtkfw_session_open(r.ctx, &o, &s))) {
		rc = fuzz_host_work(s, dir);
		mtkfw_session_close(s);
	}
	if (rc)
		fprintf(stderr, "seedgen: variants 0x%x: %s\n", variants, mtkfw_ctx_errmsg(r.ctx));
	mark(&r); /* the end */
	uint8_t head[2] = {(uint8_t)((mode == MTKFW_EMU_PRELOADER) | (variants << 1)),
			   (uint8_t)(variants >> 7)}; /* fuzz_emu's mode and variants */
	for (size_t i = 1; i < r.n_steps; i++) {
		seed(dir, "emu", r.step[i - 1], head, 2, r.host.p, r.at_host[i]);
		seed(dir, "device", r.step[i - 1], NULL, 0, r.dev.p, r.at_dev[i]);
	}
	free(r.host.p);
	free(r.dev.p);
	mtkfw_ctx_free(r.ctx);
	mtkfw_emu_free(e);
	return rc && !(variants & MTKFW_VARIANT_FLASH_INFO_FAIL) ? 1 : 0; /* that one is refused */
}

/*
 * A DA file with small DA1 and DA2 (512 B, 1 KiB) for the MT6572: the phone
 * runs any well-formed DA in these sessions, and small uploads keep the
 * emulator's seeds small and its fuzzing fast.
 */
static int small_da(const char *path)
{
	static uint8_t f[0x6C + 0xDC + 0x200 + 0x400 + 0x200];
	const uint32_t blob = 0x6C + 0xDC;
	const uint32_t reg[3][3] = {{0x80010000, 0x200, blob}, /* addr, len, offset */
				    {0x02007000, 0x200, blob + 0x200},
				    {0x80000000, 0x400, blob + 0x400}};
	memset(f, 0, sizeof(f));
	memcpy(f, "MTK_DOWNLOAD_AGENT", 18);
	snprintf((char *)f + 0x20, 64, "MTK_AllInOne_DA_v3.3001.mtkfw-seed");
	put_le32(f + 0x60, 4);
	put_le32(f + 0x64, 0x22668899);
	put_le32(f + 0x68, 1);
	uint8_t *e = f + 0x6C;
	put_le16(e, 0xDADA);
	put_le16(e + 2, 0x6572);
	put_le16(e + 6, 0xCA00);
	put_le16(e + 0x12, 3);
	for (int r = 0; r < 3; r++) {
		uint8_t *g = e + 0x14 + 20 * r;
		put_le32(g, reg[r][2]);
		put_le32(g + 4, reg[r][1]);
		put_le32(g + 8, reg[r][0]);
		for (uint32_t i = 0; i < reg[r][1]; i++)
			f[reg[r][2] + i] = (uint8_t)(i * 7 + r);
	}
	FILE *o = fopen(path, "wb");
	size_t n = o ? fwrite(f, 1, sizeof(f), o) : 0;
	if (o)
		fclose(o);
	return n == sizeof(f) ? 0 : -1;
}

/* The demo layout's PMT reply in one entry layout (88 or 96 bytes), for the pmt and layout seeds.
 */
static size_t demo_pmt(uint8_t *out, size_t entry)
{
	size_t n, k = 0;
	const struct mtkfw_scatter_part *rows = demo_layout(&n);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].from_end)
			continue;
		uint8_t *e = out + k++ * entry;
		uint64_t size = rows[i].size ? rows[i].size : 0x20000000;
		memset(e, 0, entry);
		memcpy(e, rows[i].name, strlen(rows[i].name));
		put_le64(e + 0x40, size);
		put_le64(e + (entry == 88 ? 72 : 0x50), rows[i].start);
	}
	return k * entry;
}

/*
 * The demo layout's PMT as an MT6572 kernel writes it (88-byte entries):
 * lowercase names, the last partition grown to the end of a user area of
 * user bytes, otp and bmtpool at 0xFFFFnnnn.
 */
static size_t kernel_pmt(uint8_t *out, uint64_t user)
{
	size_t k = demo_pmt(out, 88) / 88;
	uint64_t base = get_le64(out + 88 + 72); /* MBR, after PRELOADER */
	for (size_t i = 0; i < k; i++)
		for (uint8_t *c = out + i * 88; *c; c++)
			*c = (uint8_t)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
	put_le64(out + (k - 1) * 88 + 0x40, base + user - get_le64(out + (k - 1) * 88 + 72));
	memset(out + k * 88, 0, 2 * 88);
	memcpy(out + k * 88, "otp", 3);
	put_le64(out + k * 88 + 0x40, 0x2b00000);
	put_le64(out + k * 88 + 72, 0xFFFF0200);
	memcpy(out + (k + 1) * 88, "bmtpool", 7);
	put_le64(out + (k + 1) * 88 + 0x40, 0x1500000);
	put_le64(out + (k + 1) * 88 + 72, 0xFFFF00a8);
	return (k + 2) * 88;
}

/* DIR/pmt and DIR/layout seeds from the demo layout. */
static void table_seeds(const char *dir)
{
	static uint8_t pmt[64 * 96], disk[2 * (4 + 512)]; /* the MBR (sector 0), EBR1 (0x400) */
	uint8_t user = 0x72000000u >> 26, t[4][512], hdr[4] = {1, 0, 0, 0};
	size_t n, p88 = demo_pmt(pmt, 88);
	const struct mtkfw_scatter_part *rows = demo_layout(&n);
	seed(dir, "pmt", "demo88", &user, 1, pmt, p88);
	seed(dir, "pmt", "demo96", &user, 1, pmt, demo_pmt(pmt, 96));
	seed(dir, "pmt", "kernel88", &user, 1, pmt, kernel_pmt(pmt, (uint64_t)user << 26));
	demo_build_mbr(rows, n, t, 4);
	memcpy(disk + 4, t[0], 512);
	put_le32(disk + 516, 0x80000 / 512);
	memcpy(disk + 520, t[1], 512);
	p88 = demo_pmt(pmt, 88);
	hdr[2] = (uint8_t)(p88 >> 8);
	hdr[3] = (uint8_t)p88;
	uint8_t *all = malloc(p88 + sizeof(disk));
	if (!all)
		return;
	memcpy(all, pmt, p88);
	memcpy(all + p88, disk, sizeof(disk));
	for (uint8_t flags = 0; flags < 8; flags++) {
		char name[32];
		hdr[0] = flags;
		snprintf(name, sizeof(name), "demo-flags%u", flags);
		seed(dir, "layout", name, hdr, 4, all, p88 + sizeof(disk));
	}
	seed(dir, "layout", "mbr-only", hdr, 4, all, p88 + 516);
	size_t pk = kernel_pmt(pmt, 0x72000000u);
	uint8_t *kern = realloc(all, pk + sizeof(disk));
	if (!kern) {
		free(all);
		return;
	}
	all = kern;
	memcpy(all, pmt, pk);
	memcpy(all + pk, disk, sizeof(disk));
	hdr[0] = 4; /* a layout given too */
	hdr[2] = (uint8_t)(pk >> 8);
	hdr[3] = (uint8_t)pk;
	seed(dir, "layout", "kernel-given", hdr, 4, all, pk + sizeof(disk));
	free(all);
}

int main(int argc, char **argv)
{
	char da[600], image[600];
	unsigned all = 0;
	if (argc != 2 || !fuzz_demo_preloader())
		return fprintf(stderr, "usage: seedgen DIR\n"), 64;
	snprintf(da, sizeof(da), "%s/da_small.bin", argv[1]);
	snprintf(image, sizeof(image), "%s/phone.img", argv[1]);
	if (small_da(da))
		return fprintf(stderr, "seedgen: cannot write %s\n", da), 1;
	table_seeds(argv[1]);
	int bad = 0;
	for (int mode = 0; mode < 2; mode++) {
		enum mtkfw_emu_mode m = mode ? MTKFW_EMU_PRELOADER : MTKFW_EMU_BROM;
		bad |= session(argv[1], da, fuzz_demo_preloader(), image, m, 0);
		for (unsigned i = 0; mtkfw_emu_variant_name(i, NULL); i++) {
			unsigned v = mtkfw_emu_variant_by_name(mtkfw_emu_variant_name(i, NULL));
			all |= v & ~(unsigned)MTKFW_VARIANT_FLASH_INFO_FAIL;
			if (mode || !(v & (MTKFW_VARIANT_NO_ME_ID | MTKFW_VARIANT_BL_VER_3)))
				bad |= session(argv[1], da, fuzz_demo_preloader(), image, m, v);
		}
	}
	bad |= session(argv[1], da, fuzz_demo_preloader(), image, MTKFW_EMU_PRELOADER,
		       all); /* every variant at once */
	return bad;
}
