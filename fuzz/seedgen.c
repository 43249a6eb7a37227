/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * seedgen DIR: record a real session (detect, PMT, a small read, a small
 * write) of mtkfw against the in-process virtual phone, and write the two
 * directions as seeds in the chunk formats of fuzz_emu.c (what the host
 * sent: DIR/emu/<mode>.bin) and fuzz_device.c (what the phone sent:
 * DIR/device/<mode>.bin). BROM mode takes its EMI settings from the same
 * synthetic preloader fuzz_device.c uses.
 * Used by make-seeds.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "mtkfw/mtkfw.h"
#include "mtkfw_emu.h"

struct rec {
	struct mtkfw_transport *inner;
	FILE *host, *dev;
};

/* Append data as chunks of at most 64 bytes, each after a byte holding its length - 1. */
static void chunks(FILE *f, const uint8_t *p, size_t n)
{
	while (n) {
		size_t k = n < 64 ? n : 64;
		fputc((int)(k - 1), f);
		fwrite(p, 1, k, f);
		p += k;
		n -= k;
	}
}

static int r_read(void *impl, void *buf, size_t len, unsigned ms, size_t *got)
{
	struct rec *r = impl;
	int rc = mtkfw_transport_read_some(r->inner, buf, len, ms, got);
	if (!rc)
		chunks(r->dev, buf, *got);
	return rc;
}

static int r_write(void *impl, const void *buf, size_t len, unsigned ms, size_t *sent)
{
	struct rec *r = impl;
	int rc = mtkfw_transport_write(r->inner, buf, len, ms, "seed");
	*sent = rc ? 0 : len;
	if (!rc)
		chunks(r->host, buf, len);
	return rc;
}

static void r_close(void *impl)
{
	(void)impl;
}

static const struct mtkfw_transport_ops rec_ops = {"record", r_read, r_write, NULL, r_close};

static int session(const char *dir, const char *da, const char *pl, enum mtkfw_emu_mode mode,
		   const char *name)
{
	char path[3][600], err[256];
	struct mtkfw_emu_config cfg;
	struct mtkfw_emu *e;
	struct mtkfw_ctx *ctx;
	struct mtkfw_transport *link = NULL, *t = NULL;
	struct mtkfw_session *s;
	mtkfw_emu_config_default(&cfg);
	snprintf(path[0], sizeof(path[0]), "%s/phone.img", dir);
	cfg.path[MTKFW_EMU_USER] = path[0];
	cfg.size[MTKFW_EMU_USER] = 64u << 20;
	cfg.accept_any_da = true;
	cfg.mode = mode;
	cfg.hwcode_quirk = false;
	snprintf(path[1], sizeof(path[1]), "%s/emu/%s.bin", dir, name);
	snprintf(path[2], sizeof(path[2]), "%s/device/%s.bin", dir, name);
	struct rec r = {.host = fopen(path[1], "wb"), .dev = fopen(path[2], "wb")};
	if (!r.host || !r.dev || mtkfw_emu_new(&cfg, &e, err, sizeof(err)) || mtkfw_ctx_new(&ctx))
		return fprintf(stderr, "seedgen: %s\n", err), 1;
	fputc(mode == MTKFW_EMU_PRELOADER, r.host); /* fuzz_emu's first byte: the mode */
	mtkfw_emu_connect(e);
	int rc = mtkfw_emu_transport(e, ctx, &link);
	r.inner = link;
	if (!rc)
		rc = mtkfw_transport_new(ctx, &rec_ops, &r, &t);
	struct mtkfw_session_opts o = {
		.transport = t, .da_path = da, .preloader_path = pl, .store = dir};
	if (!rc && !(rc = mtkfw_session_open(ctx, &o, &s))) {
		struct mtkfw_range rg = {MTKFW_PART_USER, 0, 8192};
		uint8_t sha[32], blk[1024];
		memset(blk, 0x5A, sizeof(blk));
		rc = mtkfw_hash_range(s, &rg, sha, NULL, NULL);
		if (!rc &&
		    !(rc = mtkfw_da_write_begin(mtkfw_session_da(s), MTKFW_PART_USER, 0, 1024)) &&
		    !(rc = mtkfw_da_write_push(mtkfw_session_da(s), blk, sizeof(blk))))
			rc = mtkfw_da_write_end(mtkfw_session_da(s), NULL);
		if (!rc)
			rc = mtkfw_session_reboot(s);
		mtkfw_session_close(s);
	}
	if (rc)
		fprintf(stderr, "seedgen: %s: %s\n", name, mtkfw_ctx_errmsg(ctx));
	fclose(r.host);
	fclose(r.dev);
	mtkfw_ctx_free(ctx);
	mtkfw_emu_free(e);
	return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
	char da[600], err[256];
	if (argc != 2 || !fuzz_demo_preloader())
		return fprintf(stderr, "usage: seedgen DIR\n"), 64;
	snprintf(da, sizeof(da), "%s/da.bin", argv[1]);
	if (mtkfw_emu_make_da(da, err, sizeof(err)))
		return fprintf(stderr, "seedgen: %s\n", err), 1;
	return session(argv[1], da, fuzz_demo_preloader(), MTKFW_EMU_PRELOADER, "preloader") |
	       session(argv[1], da, fuzz_demo_preloader(), MTKFW_EMU_BROM, "brom");
}
