/* SPDX-License-Identifier: LGPL-2.1-or-later */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

/* Tests never touch the user's own backup store: a private one per process. */
static char store[64];

static void drop_store(void)
{
	tu_rmtree(store);
}

__attribute__((constructor)) static void private_store(void)
{
	snprintf(store, sizeof(store), "/tmp/mtkfw-store-%d", (int)getpid());
	setenv("MTKFW_STORE", store, 1);
	atexit(drop_store);
}

char *tu_tmpdir(void)
{
	const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char *t = malloc(strlen(base) + 32);
	assert_non_null(t);
	sprintf(t, "%s/mtkfw-test-XXXXXX", base);
	assert_non_null(mkdtemp(t));
	return t;
}

static int rm_one(const char *p, const struct stat *st, int f, struct FTW *w)
{
	(void)st;
	(void)f;
	(void)w;
	return remove(p);
}

void tu_rmtree(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void mkparents(char *path)
{
	for (char *s = strchr(path + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = 0;
		mkdir(path, 0755);
		*s = '/';
	}
}

char *tu_write(const char *dir, const char *name, const void *data, size_t len)
{
	char *p = malloc(strlen(dir) + strlen(name) + 2);
	assert_non_null(p);
	sprintf(p, "%s/%s", dir, name);
	mkparents(p);
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return p;
}

uint8_t *tu_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *b = malloc((size_t)n + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return b;
}

const char *tu_shared(void)
{
	return MTKFW_SHARED_DIR;
}

int tu_errmsg_has(struct mtkfw_ctx *ctx, const char *needle)
{
	const char *m = mtkfw_ctx_errmsg(ctx);
	if (strstr(m, needle))
		return 1;
	print_error("error message '%s' lacks '%s'\n", m, needle);
	return 0;
}
