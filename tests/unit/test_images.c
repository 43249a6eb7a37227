/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Image parsers on synthetic images in the real formats, good and damaged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "bytes.h"
#include "demo.h"
#include "testutil.h"

static struct demo_opts opts;

static int setup(void **state)
{
	int r = tu_setup(state);
	opts = (struct demo_opts){.dir = tu_dir, .project = "unit", .seed = 7, .n_emi = 2};
	memcpy(opts.emi_cid[0],
	       "\x11\x01\x00"
	       "004G90",
	       9);
	memcpy(opts.emi_cid[1],
	       "\x45\x01\x00"
	       "SEM04G",
	       9);
	return r;
}

static bool has_problem(const struct mtkfw_image_info *im, const char *code, const char *needle)
{
	for (unsigned i = 0; i < im->n_problems; i++)
		if (!strcmp(im->problems[i].code, code) && strstr(im->problems[i].message, needle))
			return true;
	for (unsigned i = 0; i < im->n_problems; i++)
		print_error("problem %s: %s\n", im->problems[i].code, im->problems[i].message);
	return false;
}

static void preloader_gfh_and_emi_table_are_read(void **state)
{
	(void)state;
	size_t len;
	uint8_t *f = tu_demo_image(demo_write_preloader, &opts, "pl.bin", &len);
	struct mtkfw_image_info im;
	assert_int_equal(mtkfw_image_identify(f, len, MTKFW_PROBE_BYTESUM, &im), 0);
	assert_int_equal(im.kind, MTKFW_IMG_PRELOADER);
	assert_int_equal(im.n_problems, 0);
	const struct mtkfw_preloader_info *pl = &im.preloader;
	assert_int_equal(pl->fi.file_len, len);
	assert_int_equal(pl->fi.flash_dev, MTKFW_FLASH_DEV_EMMC_BOOT);
	assert_int_equal(pl->fi.load_addr, 0x02007200);
	assert_int_equal(pl->n_gfh, 6);
	assert_true(pl->has_emi);
	assert_int_equal(pl->emi_version, 11);
	assert_string_equal(pl->project, "preloader_unit.bin");
	assert_int_equal(pl->n_emi, 2);
	assert_int_equal(pl->emi[0].type, 0x0202);
	assert_int_equal(pl->emi[0].id_len, 9);
	assert_memory_equal(pl->emi[1].id, "\x45\x01\x00SEM04G", 9);
	assert_int_equal(pl->emi[1].rank_size[0], 0x20000000);
	assert_string_equal(mtkfw_emmc_vendor_name(pl->emi[1].id[0]), "SanDisk");
	uint32_t sum = 0;
	for (size_t i = 0; i < len; i++)
		sum += f[i];
	assert_int_equal(im.bytesum, sum & 0xFFFF);
	mtkfw_image_info_clear(&im);
	free(f);
}

static void preloader_behind_emmc_boot_header_is_found(void **state)
{
	(void)state;
	size_t len;
	uint8_t *f = tu_demo_image(demo_write_preloader, &opts, "pl.bin", &len);
	size_t dump = 2 << 20;
	uint8_t *d = calloc(1, dump);
	memcpy(d, "EMMC_BOOT", 9);
	put_le32(d + 0xC, 1);
	put_le32(d + 0x10, 0x200);
	memcpy(d + 0x200, "BRLYT", 5);
	put_le32(d + 0x208, 1);
	put_le32(d + 0x20C, 0x800);
	memcpy(d + 0x800, f, len);
	struct mtkfw_image_info im;
	assert_int_equal(mtkfw_image_identify(d, dump, 0, &im), 0);
	assert_int_equal(im.kind, MTKFW_IMG_PRELOADER);
	assert_true(im.preloader.emmc_boot_header);
	assert_int_equal(im.preloader.gfh_offset, 0x800);
	assert_int_equal(im.preloader.n_emi, 2);
	assert_int_equal(im.n_problems, 0);
	mtkfw_image_info_clear(&im);
	free(d);
	free(f);
}

static void preloader_damage_is_reported(void **state)
{
	(void)state;
	size_t len;
	uint8_t *f = tu_demo_image(demo_write_preloader, &opts, "pl.bin", &len);
	struct mtkfw_image_info im;
	/* Truncated file. */
	assert_int_equal(mtkfw_image_identify(f, len - 100, 0, &im), 0);
	assert_true(has_problem(&im, "preloader-invalid", "truncated or padded"));
	mtkfw_image_info_clear(&im);
	/* EMI table erased: blob length word and marker gone. */
	uint8_t *g = malloc(len);
	memcpy(g, f, len);
	uint32_t sig = get_le32(g + 0x2C), end = (uint32_t)len - sig;
	memset(g + end - 4 - get_le32(g + end - 4), 0, get_le32(g + end - 4) + 4);
	assert_int_equal(mtkfw_image_identify(g, len, 0, &im), 0);
	assert_true(has_problem(&im, "preloader-no-emi", "5054"));
	mtkfw_image_info_clear(&im);
	/* A broken GFH chain. */
	memcpy(g, f, len);
	put_le16(g + 0x38 + 4, 0x7000);
	assert_int_equal(mtkfw_image_identify(g, len, 0, &im), 0);
	assert_true(has_problem(&im, "preloader-invalid", "runs past the code start"));
	mtkfw_image_info_clear(&im);
	free(g);
	free(f);
}

static void logo_table_and_resolution(void **state)
{
	(void)state;
	size_t len;
	uint8_t *f = tu_demo_image(demo_write_logo, &opts, "logo.bin", &len);
	struct mtkfw_image_info im;
	assert_int_equal(mtkfw_image_identify(f, len, 0, &im), 0);
	assert_int_equal(im.kind, MTKFW_IMG_LOGO);
	assert_int_equal(im.n_problems, 0);
	assert_int_equal(im.logo.count, 6);
	assert_int_equal(im.logo.n_sizes, 6);
	assert_int_equal(im.logo.sizes[5], 480 * 854 * 2);
	assert_int_equal(im.logo.width, 480);
	assert_int_equal(im.logo.height, 854);
	assert_int_equal(im.logo.bpp, 16);
	mtkfw_image_info_clear(&im);
	/* Damage the third zlib stream. */
	uint32_t off = get_le32(f + 512 + 8 + 4 * 2);
	memset(f + 512 + off, 0xAB, 16);
	assert_int_equal(mtkfw_image_identify(f, len, 0, &im), 0);
	assert_true(has_problem(&im, "image-invalid", "not valid zlib"));
	mtkfw_image_info_clear(&im);
	/* Cut in the middle. */
	assert_int_equal(mtkfw_image_identify(f, len / 2, 0, &im), 0);
	assert_true(has_problem(&im, "image-invalid", "MTK header 'LOGO' says"));
	mtkfw_image_info_clear(&im);
	free(f);
}

/* MTK Droid Tools' lk.bin and logo.bin of a real MT6572 phone are partition dumps: padded. */
static void real_partition_dumps_are_padded(void **state)
{
	(void)state;
	static const struct {
		const char *file;
		uint64_t pad;
	} want[] = {{"lk.bin", 393216 - 266528}, {"logo.bin", 3145728 - 220406}};
	for (size_t i = 0; i < 2; i++) {
		char path[4096];
		size_t len;
		snprintf(path, sizeof(path), "%s/corpus/firmware/mobiwire_s10/%s", tu_shared(),
			 want[i].file);
		uint8_t *f = tu_read(path, &len);
		assert_non_null(f);
		struct mtkfw_image_info im;
		assert_int_equal(mtkfw_image_identify(f, len, 0, &im), 0);
		for (unsigned k = 0; k < im.n_problems; k++)
			assert_int_equal(im.problems[k].severity, MTKFW_SEV_INFO);
		assert_true(has_problem(&im, "image-padded", "of 0x00"));
		assert_int_equal(im.mtk.pad_bytes, want[i].pad);
		assert_int_equal(im.mtk.pad_fill, 0);
		mtkfw_image_info_clear(&im);
		free(f);
	}
}

static void boot_images_name_their_mtk_sections(void **state)
{
	(void)state;
	size_t len;
	uint8_t *f = tu_demo_image(tu_build_boot, &opts, "boot.img", &len);
	struct mtkfw_image_info im;
	assert_int_equal(mtkfw_image_identify(f, len, 0, &im), 0);
	assert_int_equal(im.kind, MTKFW_IMG_BOOT);
	assert_int_equal(im.n_problems, 0);
	assert_int_equal(im.boot.page_size, 2048);
	assert_string_equal(im.boot.kernel_mtk, "KERNEL");
	assert_string_equal(im.boot.ramdisk_mtk, "ROOTFS");
	assert_string_equal(im.boot.board, "mtkfw_demo");
	mtkfw_image_info_clear(&im);
	assert_int_equal(mtkfw_image_identify(f, len - 4096, 0, &im), 0);
	assert_true(has_problem(&im, "image-invalid", "boot image truncated"));
	mtkfw_image_info_clear(&im);
	free(f);
	f = tu_demo_image(tu_build_recovery, &opts, "recovery.img", &len);
	assert_int_equal(mtkfw_image_identify(f, len, 0, &im), 0);
	assert_string_equal(im.boot.ramdisk_mtk, "RECOVERY");
	mtkfw_image_info_clear(&im);
	free(f);
}

static void lk_header_and_secro(void **state)
{
	(void)state;
	size_t len;
	uint8_t *f = tu_demo_image(demo_write_lk, &opts, "lk.bin", &len);
	struct mtkfw_image_info im;
	assert_int_equal(mtkfw_image_identify(f, len, 0, &im), 0);
	assert_int_equal(im.kind, MTKFW_IMG_MTK);
	assert_string_equal(im.mtk.name, "LK");
	assert_int_equal(im.mtk.payload + 512, len);
	mtkfw_image_info_clear(&im);
	assert_int_equal(mtkfw_image_identify(f, len + 0 - 1, 0, &im), 0);
	assert_true(has_problem(&im, "image-invalid", "payload bytes"));
	mtkfw_image_info_clear(&im);
	/* A whole-partition dump: the image, then padding (info), or older data (warning). */
	uint8_t *pad = calloc(1, len + 70000);
	assert_non_null(pad);
	memcpy(pad, f, len);
	memset(pad + len, 0xFF, 70000);
	assert_int_equal(mtkfw_image_identify(pad, len + 70000, 0, &im), 0);
	assert_int_equal(im.n_problems, 1);
	assert_true(has_problem(&im, "image-padded", "70000 bytes of 0xff"));
	assert_int_equal(im.problems[0].severity, MTKFW_SEV_INFO);
	assert_int_equal(im.mtk.pad_bytes, 70000);
	assert_int_equal(im.mtk.pad_fill, 0xFF);
	mtkfw_image_info_clear(&im);
	pad[len + 69000] = 0x12;
	assert_int_equal(mtkfw_image_identify(pad, len + 70000, 0, &im), 0);
	assert_true(has_problem(&im, "image-trailing-data", "not padding"));
	assert_int_equal(im.mtk.pad_fill, -1);
	mtkfw_image_info_clear(&im);
	free(pad);
	free(f);
	f = tu_demo_image(demo_write_secro, &opts, "secro.img", &len);
	assert_int_equal(mtkfw_image_identify(f, len, 0, &im), 0);
	assert_int_equal(im.kind, MTKFW_IMG_UNKNOWN);
	assert_non_null(strstr(im.summary, "AND_AC_REGION"));
	mtkfw_image_info_clear(&im);
	free(f);
}

static void ext4_superblock_and_mbr(void **state)
{
	(void)state;
	uint8_t sb[4096] = {0};
	put_le16(sb + 1024 + 0x38, 0xEF53);
	put_le32(sb + 1024 + 0x04, 1000);
	put_le32(sb + 1024 + 0x18, 2); /* 4 KiB blocks */
	memcpy(sb + 1024 + 0x88, "/system", 7);
	struct mtkfw_image_info im;
	assert_int_equal(mtkfw_image_identify(sb, sizeof(sb), 0, &im), 0);
	assert_int_equal(im.kind, MTKFW_IMG_EXT4);
	assert_int_equal(im.content_size, 4096000);
	assert_string_equal(im.ext4.last_mounted, "/system");
	assert_true(has_problem(&im, "image-invalid", "ext4 image is truncated"));
	mtkfw_image_info_clear(&im);

	size_t n;
	const struct mtkfw_scatter_part *rows = demo_layout(&n);
	uint8_t t[4][512];
	assert_int_equal(demo_build_mbr(rows, n, t, 4), 2);
	assert_int_equal(mtkfw_image_identify(t[0], 512, 0, &im), 0);
	assert_int_equal(im.kind, MTKFW_IMG_MBR);
	assert_int_equal(im.mbr.e[0].type, 0x05);
	assert_int_equal(im.mbr.e[0].lba, 0x400);
	assert_int_equal(im.mbr.e[1].lba, 0x4800); /* PROTECT_F, as on the real A516 MBR */
	mtkfw_image_info_clear(&im);
	t[0][0x1BE] = 0x12; /* impossible boot flag: not a partition table */
	assert_int_equal(mtkfw_image_identify(t[0], 512, 0, &im), 0);
	assert_int_equal(im.kind, MTKFW_IMG_UNKNOWN);
	mtkfw_image_info_clear(&im);
}

static void yaffs2_and_empty_and_unknown(void **state)
{
	(void)state;
	uint8_t y[2112] = {0};
	put_le32(y, 3);
	put_le32(y + 4, 1);
	y[8] = y[9] = 0xFF;
	struct mtkfw_image_info im;
	assert_int_equal(mtkfw_image_identify(y, sizeof(y), 0, &im), 0);
	assert_int_equal(im.kind, MTKFW_IMG_YAFFS2);
	mtkfw_image_info_clear(&im);
	assert_int_equal(mtkfw_image_identify(y, 0, 0, &im), 0);
	assert_int_equal(im.kind, MTKFW_IMG_EMPTY);
	mtkfw_image_info_clear(&im);
	assert_int_equal(mtkfw_image_identify("hello", 5, 0, &im), 0);
	assert_int_equal(im.kind, MTKFW_IMG_UNKNOWN);
	mtkfw_image_info_clear(&im);
}

static void bytesum_matches_a_plain_loop_at_every_alignment(void **state)
{
	(void)state;
	uint8_t buf[5000];
	uint32_t seed = 99;
	demo_fill(buf, sizeof(buf), &seed);
	memset(buf + 1000, 0xFF, 3000); /* worst case for lane overflow */
	for (size_t off = 0; off < 9; off++)
		for (size_t len = 0; len + off < sizeof(buf); len += 777) {
			uint32_t want = 0;
			for (size_t i = 0; i < len; i++)
				want += buf[off + i];
			assert_int_equal(mtkfw_bytesum(0, buf + off, len) & 0xFFFF, want & 0xFFFF);
		}
}

static void probe_in_small_pieces_equals_probe_in_one(void **state)
{
	(void)state;
	size_t len;
	uint8_t *f = tu_demo_image(demo_write_logo, &opts, "logo.bin", &len);
	struct mtkfw_probe *p;
	struct mtkfw_image_info a, b;
	assert_int_equal(mtkfw_image_identify(f, len, MTKFW_PROBE_BYTESUM, &a), 0);
	assert_int_equal(mtkfw_probe_new(&p, MTKFW_PROBE_BYTESUM), 0);
	for (size_t i = 0; i < len; i += 333)
		mtkfw_probe_feed(p, f + i, len - i < 333 ? len - i : 333);
	assert_int_equal(mtkfw_probe_finish(p, &b), 0);
	mtkfw_probe_free(p);
	assert_int_equal(a.kind, b.kind);
	assert_int_equal(a.bytesum, b.bytesum);
	assert_int_equal(a.logo.n_sizes, b.logo.n_sizes);
	assert_string_equal(a.summary, b.summary);
	mtkfw_image_info_clear(&a);
	mtkfw_image_info_clear(&b);
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(preloader_gfh_and_emi_table_are_read),
		cmocka_unit_test(preloader_behind_emmc_boot_header_is_found),
		cmocka_unit_test(preloader_damage_is_reported),
		cmocka_unit_test(logo_table_and_resolution),
		cmocka_unit_test(boot_images_name_their_mtk_sections),
		cmocka_unit_test(lk_header_and_secro),
		cmocka_unit_test(real_partition_dumps_are_padded),
		cmocka_unit_test(ext4_superblock_and_mbr),
		cmocka_unit_test(yaffs2_and_empty_and_unknown),
		cmocka_unit_test(bytesum_matches_a_plain_loop_at_every_alignment),
		cmocka_unit_test(probe_in_small_pieces_equals_probe_in_one),
	};
	return cmocka_run_group_tests(tests, setup, tu_teardown);
}
