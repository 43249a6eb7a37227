/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A slot watcher as a program, for tests/e2e/slots_udev.sh: waits `waits` times on spec and
 * prints each list as one line, "wait N: T ms: id(port,mode) ...", as soon as it has it.
 * Usage: slots_probe SPEC TIMEOUT_MS WAITS
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "mtkfw/mtkfw.h"

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	struct mtkfw_ctx *ctx;
	struct mtkfw_slot_watch *w;
	struct mtkfw_slot s[16];
	if (argc != 4 || mtkfw_ctx_new(&ctx))
		return 64;
	if (mtkfw_slot_watch_new(ctx, argv[1], &w)) {
		fprintf(stderr, "%s\n", mtkfw_ctx_errmsg(ctx));
		return 1;
	}
	int rc = 0;
	for (int i = 0; !rc && i < atoi(argv[3]); i++) {
		size_t n = 0;
		long long t0 = now_ms();
		if ((rc = mtkfw_slot_watch_wait(w, (unsigned)atoi(argv[2]), s, 16, &n)) != 0) {
			fprintf(stderr, "%s\n", mtkfw_ctx_errmsg(ctx));
			break;
		}
		printf("wait %d: %lld ms:", i, now_ms() - t0);
		for (size_t k = 0; k < n && k < 16; k++)
			printf(" %s(%s,%s)", s[k].id, s[k].port, mtkfw_port_mode_name(s[k].mode));
		printf("\n");
		fflush(stdout);
	}
	mtkfw_slot_watch_free(w);
	mtkfw_ctx_free(ctx);
	return rc ? 1 : 0;
}
