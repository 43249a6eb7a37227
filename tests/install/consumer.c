/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A program of someone else's, built against the installed libmtkfw through pkg-config
 * (tests/install/install.sh): the public headers stand alone and the library links.
 * It parses the scatter file given as its argument and prints its partition count.
 */
#include <stdio.h>

#include <mtkfw/mtkfw.h>

int main(int argc, char **argv)
{
	struct mtkfw_ctx *ctx;
	struct mtkfw_scatter *sc;
	if (argc != 2 || mtkfw_ctx_new(&ctx))
		return 2;
	int rc = mtkfw_scatter_load(ctx, argv[1], &sc);
	if (rc) {
		fprintf(stderr, "consumer: %s\n", mtkfw_ctx_errmsg(ctx));
		mtkfw_ctx_free(ctx);
		return 1;
	}
	printf("libmtkfw %s: %zu partitions\n", mtkfw_version(), mtkfw_scatter_count(sc));
	mtkfw_scatter_free(sc);
	mtkfw_ctx_free(ctx);
	return 0;
}
