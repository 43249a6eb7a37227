/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Package writers without a phone: split-dump against a scatter, raw ->
 * Android sparse (android-libsparse) decoded back by mtkfw's own decoder,
 * and a folder packed into a ZIP read back through the package reader.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static const char scatter[] =
	"- general: MTK_PLATFORM_CFG\n"
	"  info: \n"
	"    - config_version: V1.1.1\n"
	"      platform: MT6572\n"
	"      storage: EMMC\n"
	"- partition_index: SYS0\n  partition_name: PRELOADER\n  file_name: pl.bin\n"
	"  is_download: true\n  linear_start_addr: 0x0\n  partition_size: 0x40000\n"
	"  region: EMMC_BOOT_1\n"
	"- partition_index: SYS1\n  partition_name: MBR\n  file_name: MBR\n"
	"  is_download: true\n  linear_start_addr: 0x40000\n  partition_size: 0x1000\n"
	"  region: EMMC_USER\n"
	"- partition_index: SYS2\n  partition_name: NVRAM\n  file_name: NONE\n"
	"  is_download: false\n  linear_start_addr: 0x41000\n  partition_size: 0x3000\n"
	"  region: EMMC_USER\n"
	"- partition_index: SYS3\n  partition_name: ANDROID\n  file_name: system.img\n"
	"  is_download: true\n  linear_start_addr: 0x44000\n  partition_size: 0x0\n"
	"  region: EMMC_USER\n"
	"- partition_index: SYS4\n  partition_name: BMTPOOL\n  file_name: NONE\n"
	"  is_download: false\n  linear_start_addr: 0xFFFF0010\n  partition_size: 0x0\n"
	"  region: EMMC_USER\n";

static uint8_t pattern(size_t i)
{
	return (uint8_t)(i * 7 + (i >> 9));
}

/* A dump: user bytes [0, len) where byte i = pattern(i), with a zero hole at [0x8000, 0xC000). */
static char *make_dump(const char *dir, size_t len)
{
	uint8_t *b = malloc(len);
	for (size_t i = 0; i < len; i++)
		b[i] = i >= 0x8000 && i < 0xC000 ? 0 : pattern(i);
	char *p = tu_write(dir, "ROM_0", b, len);
	free(b);
	return p;
}

static void split_dump_cuts_by_scatter(void **state)
{
	(void)state;
	struct mtkfw_scatter *sc;
	char out[4200], path[4300], *skipped = NULL;
	assert_int_equal(mtkfw_scatter_parse(tu_ctx, scatter, strlen(scatter), &sc), 0);
	char *dump = make_dump(tu_dir, 0x10000);
	snprintf(out, sizeof(out), "%s/split", tu_dir);
	assert_int_equal(mtkfw_split_dump(tu_ctx, dump, sc, out, NULL, NULL, &skipped), 0);
	/* boot-area and reserved rows are not in a user-area dump, and are said so */
	assert_non_null(skipped);
	assert_string_equal(skipped, "PRELOADER,BMTPOOL");
	size_t n;
	snprintf(path, sizeof(path), "%s/MBR", out);
	uint8_t *mbr = tu_read(path, &n);
	assert_int_equal(n, 0x1000);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(mbr[i], pattern(i));
	free(mbr);
	snprintf(path, sizeof(path), "%s/NVRAM.bin", out); /* no file name: NAME.bin */
	uint8_t *nv = tu_read(path, &n);
	assert_int_equal(n, 0x3000);
	assert_int_equal(nv[0], pattern(0x1000));
	free(nv);
	/* size 0 = the rest of the dump; its zero run became a hole of the same bytes */
	snprintf(path, sizeof(path), "%s/system.img", out);
	uint8_t *sys = tu_read(path, &n);
	assert_int_equal(n, 0x10000 - 0x4000);
	for (size_t i = 0; i < n; i++) {
		size_t at = 0x4000 + i;
		assert_int_equal(sys[i], at >= 0x8000 && at < 0xC000 ? 0 : pattern(at));
	}
	free(sys);
	free(skipped);
	free(dump);
	mtkfw_scatter_free(sc);
}

struct expand {
	uint8_t *out;
	size_t len;
};

static int expand_cb(void *user, const struct mtkfw_extent *e)
{
	struct expand *x = user;
	if (e->offset + e->length > x->len)
		return -1;
	if (e->kind == MTKFW_EXTENT_DATA)
		memcpy(x->out + e->offset, e->data, e->length);
	else if (e->kind == MTKFW_EXTENT_FILL)
		for (uint64_t i = 0; i < e->length; i += 4)
			memcpy(x->out + e->offset + i, &e->fill, 4);
	return 0;
}

static void sparse_writer_round_trips(void **state)
{
	(void)state;
	char sparse[4200];
	size_t len = 1u << 20, n;
	uint8_t *raw = calloc(1, len);
	for (size_t i = 0; i < 0x3000; i++) /* data, then zeros, then a fill pattern */
		raw[i] = pattern(i);
	memset(raw + 0x80000, 0xAB, 0x10000);
	char *rawp = tu_write(tu_dir, "raw.img", raw, len);
	snprintf(sparse, sizeof(sparse), "%s/sparse.img", tu_dir);
	assert_int_equal(mtkfw_sparse_write_from_raw(tu_ctx, rawp, sparse), 0);
	uint8_t *s = tu_read(sparse, &n);
	assert_true(n < len / 8); /* zeros and the fill cost nothing */
	struct expand x = {calloc(1, len), len};
	struct mtkfw_sparse_dec *d;
	assert_int_equal(mtkfw_sparse_dec_new(&d, expand_cb, &x), 0);
	assert_int_equal(mtkfw_sparse_dec_feed(d, s, n), 0);
	assert_int_equal(mtkfw_sparse_dec_finish(d), 0);
	assert_memory_equal(x.out, raw, len);
	mtkfw_sparse_dec_free(d);
	/* a size that is not a whole number of sectors is refused with the numbers */
	char *odd = tu_write(tu_dir, "odd.img", raw, 1000);
	assert_int_equal(mtkfw_sparse_write_from_raw(tu_ctx, odd, sparse), MTKFW_E_INVALID_PARAM);
	assert_true(tu_errmsg_has(tu_ctx, "1000 bytes"));
	free(odd);
	free(x.out);
	free(s);
	free(raw);
	free(rawp);
}

static void zip_folder_reads_back(void **state)
{
	(void)state;
	struct mtkfw_pkg *pkg;
	char sub[4200], zip[4200], *buf;
	size_t n, idx;
	snprintf(sub, sizeof(sub), "%s/pkg", tu_dir);
	mkdir(sub, 0755);
	free(tu_write(sub, "MT6572_Android_scatter.txt", scatter, strlen(scatter)));
	free(tu_write(sub, "MBR", "\x55\xAA", 2));
	snprintf(zip, sizeof(zip), "%s/out.zip", tu_dir);
	assert_int_equal(mtkfw_zip_folder(tu_ctx, sub, zip), 0);
	assert_int_equal(mtkfw_pkg_open(tu_ctx, zip, &pkg), 0);
	assert_int_equal(mtkfw_pkg_count(pkg), 2);
	assert_int_equal(mtkfw_pkg_find(pkg, "", "MBR", false, &idx), 0);
	assert_int_equal(mtkfw_pkg_read_small(tu_ctx, pkg, idx, 16, &buf, &n), 0);
	assert_int_equal(n, 2);
	assert_memory_equal(buf, "\x55\xAA", 2);
	free(buf);
	mtkfw_pkg_close(pkg);
	/* no temporary name left behind */
	char tmp[4300];
	snprintf(tmp, sizeof(tmp), "%s.incomplete", zip);
	assert_int_not_equal(access(tmp, F_OK), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(split_dump_cuts_by_scatter, tu_setup, tu_teardown),
		cmocka_unit_test_setup_teardown(sparse_writer_round_trips, tu_setup, tu_teardown),
		cmocka_unit_test_setup_teardown(zip_folder_reads_back, tu_setup, tu_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
