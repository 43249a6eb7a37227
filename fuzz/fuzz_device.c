/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target: the host's device stack against a hostile phone. The input is
 * everything the "phone" sends, served to mtkfw_session_open() through a
 * transport seam: the input is chunks of 1..64 bytes, each after a byte
 * giving its length - 1 (a read takes what it asks for of the current chunk);
 * at the end of the input the link times out. The
 * handshake, BROM replies, DA reports, flash info, PMT, the MBR/EBR chain and
 * superblocks the layout reads, and the answers to a read, a write and a
 * format all come from here (fuzz_host_work); the host must fail cleanly or
 * succeed, never crash or hang.
 */
#include <string.h>

#include "fuzz_util.h"
#include "mtkfw/mtkfw.h"
#include "mtkfw_emu.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct feed {
	const uint8_t *p;
	size_t n, at, left; /* left: bytes still due of the current chunk */
};

static int f_read(void *impl, void *buf, size_t len, unsigned timeout_ms, size_t *got)
{
	struct feed *f = impl;
	(void)timeout_ms;
	if (!f->left && f->at < f->n)
		f->left = 1 + (f->p[f->at++] & 63);
	size_t k = f->left < f->n - f->at ? f->left : f->n - f->at;
	if (k > len)
		k = len;
	if (!k)
		return MTKFW_E_TIMEOUT; /* the input is exhausted: the phone is silent */
	memcpy(buf, f->p + f->at, k);
	f->at += k;
	f->left -= k;
	*got = k;
	return 0;
}

static int f_write(void *impl, const void *buf, size_t len, unsigned timeout_ms, size_t *sent)
{
	(void)impl, (void)buf, (void)timeout_ms;
	*sent = len;
	return 0;
}

static void f_close(void *impl)
{
	(void)impl;
}

static const struct mtkfw_transport_ops ops = {"fuzz", f_read, f_write, NULL, f_close};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char da[300];
	struct mtkfw_ctx *ctx;
	struct mtkfw_transport *t;
	struct mtkfw_session *s;
	struct feed f = {data, size, 0, 0};
	char err[256];
	if (!da[0]) { /* a synthetic DA file, made once */
		snprintf(da, sizeof(da), "%s/da.bin", fuzz_scratch_dir());
		if (mtkfw_emu_make_da(da, err, sizeof(err)))
			return 0;
	}
	if (mtkfw_ctx_new(&ctx))
		return 0;
	if (!mtkfw_transport_new(ctx, &ops, &f, &t)) {
		struct mtkfw_session_opts o = {.transport = t,
					       .da_path = da,
					       .preloader_path = fuzz_demo_preloader(),
					       .store = fuzz_scratch_dir()};
		if (!mtkfw_session_open(ctx, &o, &s)) {
			(void)fuzz_host_work(s, fuzz_scratch_dir());
			mtkfw_session_close(s);
		}
	}
	mtkfw_ctx_free(ctx);
	return 0;
}
