/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * emurate PORT DA PRELOADER MIB: how fast mtkfw-emu serves a readback, with a
 * host that does nothing but the protocol (packet byte sums and ACKs: no
 * hashing, no file). Reads MIB mebibytes of the user area from offset 0 and
 * prints "<MB/s>" on stdout. bench/device.sh compares it with the raw pty rate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "mtkfw/mtkfw.h"

int main(int argc, char **argv)
{
	struct mtkfw_ctx *ctx;
	struct mtkfw_session *s;
	struct timespec a, b;
	if (argc != 5)
		return fprintf(stderr, "usage: emurate PORT DA PRELOADER MIB\n"), 64;
	uint64_t len = (uint64_t)atol(argv[4]) << 20;
	struct mtkfw_session_opts o = {
		.port = argv[1], .da_path = argv[2], .preloader_path = argv[3], .wait_ms = 10000};
	if (mtkfw_ctx_new(&ctx))
		return 1;
	int r = mtkfw_session_open(ctx, &o, &s);
	if (!r) {
		clock_gettime(CLOCK_MONOTONIC, &a);
		r = mtkfw_da_read(mtkfw_session_da(s), MTKFW_PART_USER, 0, len, NULL, NULL, NULL,
				  NULL);
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (!r)
			printf("%.1f\n", (double)len /
						 ((double)(b.tv_sec - a.tv_sec) +
						  (double)(b.tv_nsec - a.tv_nsec) / 1e9) /
						 1e6);
		mtkfw_session_reboot(s);
		mtkfw_session_close(s);
	}
	if (r)
		fprintf(stderr, "emurate: %s\n", mtkfw_ctx_errmsg(ctx));
	mtkfw_ctx_free(ctx);
	return r ? 1 : 0;
}
