/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Package check rules on small packages built here (tests/cases/ runs the demo package). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo.h"
#include "mtkfw/dump.h"
#include "testutil.h"

#define ROW(n, f, dl, st, sz, rg, op)                                                            \
	{                                                                                        \
		.name = n, .file = f, .download = dl, .start = st, .has_size = true, .size = sz, \
		.region = rg, .operation = op, .boundary_check = MTKFW_UNSET,                    \
		.is_reserved = MTKFW_UNSET                                                       \
	}

/* A small package in tu_dir/sub: PRELOADER, NVRAM (downloadable if dl_nvram), UBOOT. */
static char *small_package(const char *sub, const char *storage, bool dl_nvram, bool with_ini)
{
	struct mtkfw_scatter_part rows[] = {
		ROW("PRELOADER", "preloader_t.bin", true, 0, 0xc00000, "EMMC_BOOT_1",
		    "BOOTLOADERS"),
		ROW("NVRAM", dl_nvram ? "nvram.bin" : NULL, dl_nvram, 0xc00000, 0x500000,
		    "EMMC_USER", "BINREGION"),
		ROW("UBOOT", "lk.bin", true, 0x1100000, 0x60000, "EMMC_USER", "UPDATE"),
	};
	char *text, path[4096];
	struct demo_opts o = {.project = "t", .n_emi = 1, .seed = 3};
	memcpy(o.emi_cid[0], "\x15\x01\x00N5U00M", 9);
	assert_int_equal(mtkfw_scatter_write_v11(rows, 3, "MT6572", "t", storage, &text), 0);
	snprintf(path, sizeof(path), "%s/MT6572_Android_scatter.txt", sub);
	free(tu_write(tu_dir, path, text, strlen(text)));
	free(text);
	snprintf(path, sizeof(path), "%s/%s/preloader_t.bin", tu_dir, sub);
	assert_int_equal(demo_write_preloader(&o, path), 0);
	snprintf(path, sizeof(path), "%s/%s/lk.bin", tu_dir, sub);
	assert_int_equal(demo_write_lk(&o, path), 0);
	if (dl_nvram) {
		snprintf(path, sizeof(path), "%s/nvram.bin", sub);
		free(tu_write(tu_dir, path, "IMEI-of-another-phone", 21));
	}
	if (with_ini) {
		const char ini[] = "[CheckSum]\r\nPRELOADER=0x0001\r\n";
		snprintf(path, sizeof(path), "%s/Checksum.ini", sub);
		free(tu_write(tu_dir, path, ini, strlen(ini)));
	}
	char *pkg = malloc(strlen(tu_dir) + strlen(sub) + 2);
	sprintf(pkg, "%s/%s", tu_dir, sub);
	return pkg;
}

static const struct mtkfw_finding *finding(const struct mtkfw_report *r, const char *code)
{
	for (size_t i = 0; i < mtkfw_report_finding_count(r); i++)
		if (!strcmp(mtkfw_report_finding(r, i)->code, code))
			return mtkfw_report_finding(r, i);
	return NULL;
}

static struct mtkfw_report *run(const char *pkg, bool images, const char *chip)
{
	struct mtkfw_check_opts o = {.read_images = images, .chip = chip};
	struct mtkfw_report *r = NULL;
	assert_int_equal(mtkfw_check_package(tu_ctx, pkg, &o, &r), 0);
	return r;
}

static void info_mode_reads_no_image_bytes(void **state)
{
	(void)state;
	char *pkg = small_package("a", "EMMC", false, false);
	struct mtkfw_report *r = run(pkg, false, NULL);
	assert_int_equal(mtkfw_report_bytes_read(r), 0);
	assert_false(mtkfw_report_row(r, 0)->probed);
	assert_string_equal(mtkfw_report_row(r, 2)->file, "lk.bin");
	assert_int_equal(mtkfw_report_count(r, MTKFW_SEV_ERROR), 0);
	assert_non_null(finding(r, "checksum-ini-missing"));
	mtkfw_report_free(r);
	r = run(pkg, true, NULL);
	assert_true(mtkfw_report_bytes_read(r) > 0);
	assert_true(mtkfw_report_row(r, 0)->probed);
	assert_int_equal(mtkfw_report_row(r, 0)->image.kind, MTKFW_IMG_PRELOADER);
	assert_non_null(finding(r, "preloader-emi"));
	assert_non_null(strstr(finding(r, "preloader-emi")->message, "Samsung N5U00M"));
	mtkfw_report_free(r);
	free(pkg);
}

static void identity_partition_in_package_is_a_warning(void **state)
{
	(void)state;
	char *pkg = small_package("b", "EMMC", true, false);
	struct mtkfw_report *r = run(pkg, true, NULL);
	const struct mtkfw_finding *f = finding(r, "identity-downloadable");
	assert_non_null(f);
	assert_int_equal(f->severity, MTKFW_SEV_WARNING);
	assert_string_equal(f->partition, "NVRAM");
	assert_non_null(strstr(f->message, "nvram.bin"));
	mtkfw_report_free(r);
	free(pkg);
}

static void preloader_for_the_wrong_storage_is_an_error(void **state)
{
	(void)state;
	char *pkg = small_package("c", "NAND", false, false);
	struct mtkfw_report *r = run(pkg, true, NULL);
	const struct mtkfw_finding *f = finding(r, "preloader-flash-device");
	assert_non_null(f);
	assert_int_equal(f->severity, MTKFW_SEV_ERROR);
	assert_non_null(strstr(f->message, "EMMC_BOOT"));
	mtkfw_report_free(r);
	free(pkg);
}

static void checksum_mismatch_names_the_values(void **state)
{
	(void)state;
	char *pkg = small_package("d", "EMMC", false, true);
	struct mtkfw_report *r = run(pkg, true, NULL);
	const struct mtkfw_finding *f = finding(r, "checksum-mismatch");
	assert_non_null(f);
	assert_non_null(strstr(f->message, "PRELOADER=0x0001"));
	assert_non_null(strstr(f->message, "4009"));
	assert_non_null(finding(r, "checksum-entry-missing"));
	mtkfw_report_free(r);
	free(pkg);
}

static void other_chip_needs_chip_option(void **state)
{
	(void)state;
	char *pkg = small_package("e", "EMMC", false, false);
	struct mtkfw_report *r = run(pkg, false, "MT6582");
	assert_non_null(finding(r, "platform-mismatch"));
	assert_string_equal(mtkfw_report_chip(r), "MT6582");
	mtkfw_report_free(r);
	free(pkg);
}

static void several_scatters_are_listed_not_guessed(void **state)
{
	(void)state;
	char *pkg = small_package("f", "EMMC", false, false);
	free(tu_write(tu_dir, "f/old/MT6572_Android_scatter_emmc.txt", "PRELOADER 0x0 {}\n", 17));
	struct mtkfw_report *r = run(pkg, false, NULL);
	const struct mtkfw_finding *f = finding(r, "scatter-ambiguous");
	assert_non_null(f);
	assert_non_null(strstr(f->message, "old/MT6572_Android_scatter_emmc.txt"));
	assert_null(mtkfw_report_scatter(r));
	mtkfw_report_free(r);
	struct mtkfw_check_opts o = {.scatter = "MT6572_Android_scatter.txt"};
	assert_int_equal(mtkfw_check_package(tu_ctx, pkg, &o, &r), 0);
	assert_non_null(mtkfw_report_scatter(r));
	assert_string_equal(mtkfw_report_scatter_path(r), "MT6572_Android_scatter.txt");
	mtkfw_report_free(r);
	free(pkg);
}

static void unreadable_package_is_a_hard_error(void **state)
{
	(void)state;
	struct mtkfw_report *r = NULL;
	struct mtkfw_check_opts o = {0};
	assert_int_equal(mtkfw_check_package(tu_ctx, "/no/such/package", &o, &r),
			 MTKFW_E_NOT_FOUND);
	assert_null(r);
}

/* The real MTK Droid Tools backup in the shared corpus, read in place. */
static void droid_tools_backup_is_recognised_and_converted(void **state)
{
	(void)state;
	char src[4096], out[4200];
	snprintf(src, sizeof(src), "%s/corpus/firmware/mobiwire_s10", tu_shared());
	struct mtkfw_report *r = run(src, true, NULL);
	assert_string_equal(mtkfw_report_origin(r), "MTK Droid Tools backup");
	assert_string_equal(mtkfw_report_phone_fact(r, "lcd driver ic"), "1-st7701_wvga_dsi_vdo");
	assert_non_null(
		strstr(finding(r, "package-origin")->message, "STARSHINE_5, Android 4.4.2"));
	assert_string_equal(mtkfw_report_phone_fact(r, "Android v"), "4.4.2");
	const struct mtkfw_check_row *pl = mtkfw_report_row(r, 0);
	assert_string_equal(pl->part->name, "PRELOADER");
	assert_non_null(strstr(pl->file, "preloader_and_dsp"));
	assert_true(pl->image.preloader.emmc_boot_header);
	assert_non_null(finding(r, "preloader-from-dump"));
	assert_null(finding(r, "image-invalid"));
	assert_non_null(finding(r, "image-padded"));
	/* the images it lacks (boot, system, ...) are the only errors */
	for (size_t i = 0; i < mtkfw_report_finding_count(r); i++)
		if (mtkfw_report_finding(r, i)->severity == MTKFW_SEV_ERROR)
			assert_string_equal(mtkfw_report_finding(r, i)->code, "file-missing");
	struct mtkfw_convert_result res;
	snprintf(out, sizeof(out), "%s/converted", tu_dir);
	assert_int_equal(mtkfw_package_convert(tu_ctx, r, out, false, &res), 0);
	uint64_t pl_len = pl->image.preloader.fi.file_len;
	assert_int_equal(res.images, 6); /* preloader, MBR, EBR1, lk, secro, logo */
	assert_int_equal(res.trimmed_bytes,
			 (2097152 - pl_len) + (393216 - 266528) + (3145728 - 220406));
	assert_int_not_equal(mtkfw_package_convert(tu_ctx, r, out, false, &res), 0); /* exists */
	mtkfw_report_free(r);
	r = run(out, true, NULL);
	assert_null(mtkfw_report_origin(r));
	assert_int_equal(mtkfw_report_count(r, MTKFW_SEV_ERROR), 0);
	assert_int_equal(mtkfw_report_count(r, MTKFW_SEV_WARNING), 0);
	assert_non_null(mtkfw_report_checksum_ini(r));
	pl = mtkfw_report_row(r, 0);
	assert_string_equal(pl->file, "preloader.bin");
	assert_false(pl->image.preloader.emmc_boot_header);
	assert_int_equal(pl->image.file_size, pl_len);
	for (size_t i = 0; i < mtkfw_report_row_count(r); i++) {
		const struct mtkfw_check_row *row = mtkfw_report_row(r, i);
		if (!strcmp(row->part->name, "UBOOT"))
			assert_int_equal(row->image.file_size, 266528);
		if (!strcmp(row->part->name, "ANDROID"))
			assert_false(row->part->download); /* no image: not downloaded */
	}
	mtkfw_report_free(r);
}

/* WwR MTK's scatter banner makes a package a WwR backup; it converts like any backup. */
static void wwr_backup_is_recognised(void **state)
{
	(void)state;
	char *pkg = small_package("wwr", "EMMC", true, false), path[4300];
	size_t len;
	snprintf(path, sizeof(path), "%s/MT6572_Android_scatter.txt", pkg);
	uint8_t *text = tu_read(path, &len);
	static const char banner[] =
		"#############__WwR_MTK_2.51__#############\n#\n# General Setting\n";
	char *both = malloc(sizeof(banner) + len);
	memcpy(both, banner, sizeof(banner) - 1);
	memcpy(both + sizeof(banner) - 1, text, len);
	free(tu_write(tu_dir, "wwr/MT6572_Android_scatter.txt", both, sizeof(banner) - 1 + len));
	struct mtkfw_report *r = run(pkg, true, NULL);
	assert_string_equal(mtkfw_report_origin(r), "WwR MTK backup");
	assert_non_null(strstr(finding(r, "package-origin")->message, "written by WwR_MTK_2.51"));
	struct mtkfw_convert_result res;
	snprintf(path, sizeof(path), "%s/wwr-converted", tu_dir);
	assert_int_equal(mtkfw_package_convert(tu_ctx, r, path, false, &res), 0);
	assert_int_equal(res.left_out, 1); /* its nvram.bin stays out */
	mtkfw_report_free(r);
	/* the same words outside a comment line name no tool */
	static const char plain[] = "partition_name: x__WwR_MTK_2.51__\n";
	memcpy(both, plain, sizeof(plain) - 1);
	free(tu_write(tu_dir, "wwr/MT6572_Android_scatter.txt", both, sizeof(banner) - 1 + len));
	r = run(pkg, true, NULL);
	assert_null(mtkfw_report_origin(r));
	mtkfw_report_free(r);
	free(both);
	free(text);
	free(pkg);
}

/* A backup's identity files stay out of the converted package unless asked for. */
static void convert_leaves_identity_out_unless_asked(void **state)
{
	(void)state;
	char *pkg = small_package("bk", "EMMC", true, false); /* NVRAM downloadable: nvram.bin */
	free(tu_write(tu_dir, "bk/phone.info", "Model : X\n", 10));
	struct mtkfw_report *r = run(pkg, true, NULL);
	assert_string_equal(mtkfw_report_origin(r), "MTK Droid Tools backup");
	struct mtkfw_convert_result res;
	char out[4200], path[4300];
	snprintf(out, sizeof(out), "%s/no-identity", tu_dir);
	assert_int_equal(mtkfw_package_convert(tu_ctx, r, out, false, &res), 0);
	assert_int_equal(res.left_out, 1);
	snprintf(path, sizeof(path), "%s/nvram.bin", out);
	assert_int_not_equal(access(path, F_OK), 0);
	snprintf(out, sizeof(out), "%s/with-identity", tu_dir);
	assert_int_equal(mtkfw_package_convert(tu_ctx, r, out, true, &res), 0);
	assert_int_equal(res.left_out, 0);
	snprintf(path, sizeof(path), "%s/nvram.bin", out);
	assert_int_equal(access(path, F_OK), 0);
	mtkfw_report_free(r);
	r = run(out, true, NULL);
	const struct mtkfw_check_row *nv = mtkfw_report_row(r, 1);
	assert_string_equal(nv->part->name, "NVRAM");
	assert_true(nv->part->download);
	assert_non_null(finding(r, "identity-downloadable"));
	mtkfw_report_free(r);
	snprintf(out, sizeof(out), "%s/no-identity", tu_dir);
	r = run(out, true, NULL);
	assert_false(mtkfw_report_row(r, 1)->part->download);
	assert_null(finding(r, "identity-downloadable"));
	mtkfw_report_free(r);
	free(pkg);
}

/* Reserved rows with an empty partition_name load, with a warning. */
static void unnamed_rows_are_a_warning(void **state)
{
	(void)state;
	char *pkg = small_package("u", "EMMC", false, false);
	char path[4200];
	snprintf(path, sizeof(path), "%s/MT6572_Android_scatter.txt", pkg);
	size_t len;
	char *text = (char *)tu_read(path, &len);
	assert_non_null(text);
	const char *row = "- partition_index: SYS3\n  partition_name: \n  file_name: NONE\n"
			  "  is_download: false\n  type: NORMAL_ROM\n"
			  "  linear_start_addr: 0x1200000\n  physical_start_addr: 0x0\n"
			  "  partition_size: 0x100000\n  region: EMMC_USER\n"
			  "  storage: HW_STORAGE_EMMC\n  operation_type: RESERVED\n";
	char *more = malloc(len + strlen(row) + 1);
	memcpy(more, text, len);
	strcpy(more + len, row);
	free(tu_write(tu_dir, "u/MT6572_Android_scatter.txt", more, strlen(more)));
	struct mtkfw_report *r = run(pkg, true, NULL);
	assert_null(finding(r, "scatter-invalid"));
	assert_int_equal(mtkfw_report_row_count(r), 4);
	assert_string_equal(mtkfw_report_row(r, 3)->part->name, "");
	assert_non_null(finding(r, "partition-unnamed"));
	assert_int_equal(mtkfw_report_count(r, MTKFW_SEV_ERROR), 0);
	mtkfw_report_free(r);
	free(more);
	free(text);
	free(pkg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(info_mode_reads_no_image_bytes),
		cmocka_unit_test(identity_partition_in_package_is_a_warning),
		cmocka_unit_test(preloader_for_the_wrong_storage_is_an_error),
		cmocka_unit_test(checksum_mismatch_names_the_values),
		cmocka_unit_test(other_chip_needs_chip_option),
		cmocka_unit_test(several_scatters_are_listed_not_guessed),
		cmocka_unit_test(unreadable_package_is_a_hard_error),
		cmocka_unit_test(droid_tools_backup_is_recognised_and_converted),
		cmocka_unit_test(unnamed_rows_are_a_warning),
		cmocka_unit_test(convert_leaves_identity_out_unless_asked),
		cmocka_unit_test(wwr_backup_is_recognised),
	};
	return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
