/* SPDX-License-Identifier: LGPL-2.1-or-later */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <openssl/evp.h>
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
	b[n] = 0;
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

char *tu_read_text(const char *path)
{
	size_t n;
	return (char *)tu_read(path, &n);
}

size_t tu_unhex(const char *hex, uint8_t *out)
{
	size_t n = 0;
	for (; *hex; hex++) {
		if (*hex == ' ')
			continue;
		unsigned v;
		assert_int_not_equal(hex[1], 0); /* whole bytes only */
		assert_int_equal(sscanf(hex, "%2x", &v), 1);
		out[n++] = (uint8_t)v;
		hex++;
	}
	return n;
}

char *tu_dir;
struct mtkfw_ctx *tu_ctx;
char tu_da_path[4096];

int tu_setup_ctx(void **state)
{
	(void)state;
	return mtkfw_ctx_new(&tu_ctx) ? -1 : 0;
}

int tu_setup(void **state)
{
	tu_dir = tu_tmpdir();
	return tu_setup_ctx(state);
}

int tu_setup_phone(void **state)
{
	char err[256];
	int r = tu_setup(state);
	snprintf(tu_da_path, sizeof(tu_da_path), "%s/MTK_AllInOne_DA_mt6590.bin", tu_dir);
	if (!r && mtkfw_emu_make_da(tu_da_path, err, sizeof(err))) {
		print_error("%s\n", err);
		r = -1;
	}
	return r;
}

int tu_teardown(void **state)
{
	(void)state;
	if (tu_dir)
		tu_rmtree(tu_dir);
	free(tu_dir);
	tu_dir = NULL;
	mtkfw_ctx_free(tu_ctx);
	tu_ctx = NULL;
	tu_da_path[0] = 0;
	return 0;
}

struct mtkfw_emu *tu_phone(const struct tu_phone_opts *o)
{
	static int n;
	static char paths[128][512], hubs[128][512]; /* the emulator keeps the config's pointers */
	char err[256];
	struct mtkfw_emu_config cfg;
	mtkfw_emu_config_default(&cfg);
	char *path = paths[n % 128], *hub = hubs[n % 128];
	snprintf(path, sizeof(paths[0]), "%s/user%d.img", tu_dir, n++);
	cfg.path[MTKFW_EMU_USER] = path;
	cfg.size[MTKFW_EMU_USER] = o->user_size;
	cfg.mode = o->mode;
	cfg.da_path = tu_da_path;
	cfg.variants = o->variants;
	cfg.fault_log_path = o->fault_log;
	if (o->hub) {
		snprintf(hub, sizeof(hubs[0]), "%s", o->hub);
		cfg.hub_path = hub;
	}
	if (o->hub_mbps > 0)
		cfg.hub_mbps = o->hub_mbps;
	if (o->fault) {
		assert_int_equal(mtkfw_emu_parse_fault(o->fault, &cfg.faults[0], err, sizeof(err)),
				 0);
		cfg.n_faults = 1;
	}
	struct mtkfw_emu *e;
	int r = mtkfw_emu_new(&cfg, &e, err, sizeof(err));
	if (r)
		print_error("%s\n", err);
	assert_int_equal(r, 0);
	return e;
}

uint8_t *tu_demo_image(int (*build)(const struct demo_opts *, const char *),
		       const struct demo_opts *o, const char *name, size_t *len)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", tu_dir, name);
	assert_int_equal(build(o, path), 0);
	return tu_read(path, len);
}

int tu_build_boot(const struct demo_opts *o, const char *path)
{
	return demo_write_boot(o, path, false);
}

int tu_build_recovery(const struct demo_opts *o, const char *path)
{
	return demo_write_boot(o, path, true);
}

void tu_user_range(const struct mtkfw_report *report, const char *name, uint64_t *off,
		   uint64_t *len)
{
	const struct mtkfw_scatter *sc = mtkfw_report_scatter(report);
	const struct mtkfw_scatter_part *p = mtkfw_scatter_find(sc, name);
	const struct mtkfw_scatter_part *mbr = mtkfw_scatter_find(sc, "MBR");
	assert_non_null(p);
	assert_non_null(mbr);
	*off = p->start - mbr->start;
	*len = p->size;
}

void tu_sha256_range(const char *path, uint64_t off, uint64_t len, uint8_t out[32])
{
	int fd = open(path, O_RDONLY);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	uint8_t *buf = malloc(1 << 20);
	assert_true(fd >= 0 && md && buf);
	assert_int_equal(EVP_DigestInit_ex(md, EVP_sha256(), NULL), 1);
	for (uint64_t at = 0; at < len;) {
		size_t n = len - at < (1 << 20) ? (size_t)(len - at) : 1 << 20;
		assert_int_equal(pread(fd, buf, n, (off_t)(off + at)), (ssize_t)n);
		assert_int_equal(EVP_DigestUpdate(md, buf, n), 1);
		at += n;
	}
	assert_int_equal(EVP_DigestFinal_ex(md, out, NULL), 1);
	EVP_MD_CTX_free(md);
	free(buf);
	close(fd);
}
