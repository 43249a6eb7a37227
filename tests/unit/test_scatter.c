/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Scatter parser: the real corpus, the tolerance real files need, and refusals. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "corpus_expected.h"

static struct mtkfw_scatter *parse_ok(const char *text)
{
	struct mtkfw_scatter *sc = NULL;
	int r = mtkfw_scatter_parse(tu_ctx, text, strlen(text), &sc);
	if (r)
		print_error("parse failed: %s\n", mtkfw_ctx_errmsg(tu_ctx));
	assert_int_equal(r, 0);
	return sc;
}

static void parse_fails(const char *text, size_t len, const char *needle)
{
	struct mtkfw_scatter *sc = NULL;
	assert_int_not_equal(mtkfw_scatter_parse(tu_ctx, text, len, &sc), 0);
	assert_null(sc);
	assert_true(tu_errmsg_has(tu_ctx, needle));
}

static void corpus_files_parse_to_hand_checked_values(void **state)
{
	(void)state;
	for (size_t f = 0; f < sizeof(expected) / sizeof(expected[0]); f++) {
		const struct exp_file *e = &expected[f];
		char path[4096];
		snprintf(path, sizeof(path), "%s/corpus/scatter/%s", tu_shared(), e->file);
		struct mtkfw_scatter *sc = NULL;
		int r = mtkfw_scatter_load(tu_ctx, path, &sc);
		if (r)
			print_error("%s: %s\n", e->file, mtkfw_ctx_errmsg(tu_ctx));
		assert_int_equal(r, 0);
		assert_string_equal(mtkfw_scatter_format_name(mtkfw_scatter_format(sc)), e->format);
		if (e->platform)
			assert_string_equal(mtkfw_scatter_platform(sc), e->platform);
		else
			assert_null(mtkfw_scatter_platform(sc));
		assert_int_equal(mtkfw_scatter_count(sc), e->n);
		for (size_t i = 0; i < e->n; i++) {
			const struct mtkfw_scatter_part *p = mtkfw_scatter_part(sc, i);
			assert_string_equal(p->name, e->parts[i].name);
			assert_int_equal(p->start, e->parts[i].start);
			assert_int_equal(p->download, e->parts[i].download);
			if (e->parts[i].size < 0) {
				assert_false(p->has_size);
			} else {
				assert_true(p->has_size);
				assert_int_equal(p->size, (uint64_t)e->parts[i].size);
			}
		}
		mtkfw_scatter_free(sc);
	}
}

static void corpus_files_keep_their_particular_facts(void **state)
{
	(void)state;
	char path[4096];
	struct mtkfw_scatter *sc;
	/* Wiko readback: identity partitions given files and made downloadable. */
	snprintf(path, sizeof(path), "%s/corpus/scatter/%s", tu_shared(),
		 "WikoSunset2-LineageOS__wiko_s4050ap_part_layout__MT6572_Android_scatter.txt");
	assert_int_equal(mtkfw_scatter_load(tu_ctx, path, &sc), 0);
	const struct mtkfw_scatter_part *nv = mtkfw_scatter_find(sc, "nvram");
	assert_non_null(nv);
	assert_true(nv->download);
	assert_string_equal(nv->operation, "BINREGION");
	assert_true(mtkfw_is_identity_partition(nv->name));
	const struct mtkfw_scatter_part *bmt = mtkfw_scatter_find(sc, "BMTPOOL");
	assert_true(bmt->from_end);
	assert_int_equal(bmt->from_end_bytes, 0x1500000);
	assert_string_equal(mtkfw_scatter_project(sc), "s4050ap");
	assert_string_equal(mtkfw_scatter_storage(sc), "EMMC");
	mtkfw_scatter_free(sc);
	/* MT6592 V1.1.2: addresses restart at 0 in the user area. */
	snprintf(path, sizeof(path), "%s/corpus/scatter/%s", tu_shared(),
		 "luisetex84__android_device_bq_Aquaris_E10__MT6592_Android_scatter.txt");
	assert_int_equal(mtkfw_scatter_load(tu_ctx, path, &sc), 0);
	assert_string_equal(mtkfw_scatter_config_version(sc), "V1.1.2");
	assert_int_equal(mtkfw_scatter_find(sc, "MBR")->start, 0);
	assert_string_equal(mtkfw_scatter_find(sc, "MBR")->region, "EMMC_USER");
	mtkfw_scatter_free(sc);
	/* MT6577 legacy: __NODL_ prefix gone from the name, download false. */
	snprintf(path, sizeof(path), "%s/corpus/scatter/%s", tu_shared(),
		 "luckasfb__IQ441-kernel-3.4.5-bb__mediatek_misc_MT6577_Android_scatter_emmc.txt");
	assert_int_equal(mtkfw_scatter_load(tu_ctx, path, &sc), 0);
	const struct mtkfw_scatter_part *pmt = mtkfw_scatter_find(sc, "PMT");
	assert_non_null(pmt);
	assert_false(pmt->download);
	assert_true(pmt->size_derived);
	assert_null(mtkfw_scatter_find(sc, "__NODL_PMT"));
	mtkfw_scatter_free(sc);
}

static const char tolerant[] = "\xEF\xBB\xBF############\r\n"
			       "#  banner  \r\n"
			       "- general: MTK_PLATFORM_CFG   \r\n"
			       "  info: \r\n"
			       "    - config_version: V1.1.2\r\n"
			       "      platform: MT6572\r\n"
			       "      project: demo\r\n"
			       "      storage: emmc\r\n"
			       "      vendor_key: kept\r\n"
			       "\r\n"
			       "- partition_index: SYS0\r\n"
			       "  partition_name: PRELOADER\r\n"
			       "  file_name: preloader.bin   # inline comment\r\n"
			       "  is_download: TRUE\r\n"
			       "  type: SV5_BL_BIN\r\n"
			       "  linear_start_addr: 0X0\r\n"
			       "  partition_size: 0xC00000\r\n"
			       "  region: EMMC_BOOT_1\r\n"
			       "  d_type: FALSE\r\n"
			       "  is_upgradable: true\r\n"
			       "  empty_boot_needed: false\r\n"
			       "  new_key: 42\r\n"
			       "- partition_index: SYS1\r\n"
			       "  partition_name: FAT\r\n"
			       "  file_name: NONE\r\n"
			       "  is_download: false\r\n"
			       "  linear_start_addr: 0xC00000\r\n"
			       "  partition_size: 0x0\r\n"
			       "  operation_type: INVISIBLE\r\n"
			       "- partition_index: SYS2\r\n"
			       "  partition_name: BMTPOOL\r\n"
			       "  is_download: false\r\n"
			       "  linear_start_addr: 0xFFFF00A8\r\n"
			       "  partition_size: 0x1500000   \r\n";

static void scatter_tolerates_crlf_bom_banners_case_and_unknown_keys(void **state)
{
	(void)state;
	struct mtkfw_scatter *sc = parse_ok(tolerant);
	assert_int_equal(mtkfw_scatter_format(sc), MTKFW_SCATTER_V1_1);
	assert_string_equal(mtkfw_scatter_platform(sc), "MT6572");
	assert_string_equal(mtkfw_scatter_storage(sc), "EMMC");
	assert_int_equal(mtkfw_scatter_general_count(sc), 5);
	assert_string_equal(mtkfw_scatter_general(sc, 4)->key, "vendor_key");
	assert_int_equal(mtkfw_scatter_count(sc), 3);
	const struct mtkfw_scatter_part *p = mtkfw_scatter_part(sc, 0);
	assert_string_equal(p->file, "preloader.bin");
	assert_true(p->download);
	assert_int_equal(p->size, 0xC00000);
	assert_int_equal(p->n_extra, 2);
	assert_string_equal(p->extra[0].key, "d_type");
	assert_string_equal(p->extra[0].value, "FALSE");
	assert_string_equal(p->extra[1].key, "new_key");
	assert_int_equal(p->is_upgradable, MTKFW_TRUE);
	assert_int_equal(p->empty_boot_needed, MTKFW_FALSE);
	const struct mtkfw_scatter_part *fat = mtkfw_scatter_part(sc, 1);
	assert_null(fat->file);
	assert_true(fat->has_size);
	assert_int_equal(fat->size, 0);
	const struct mtkfw_scatter_part *bmt = mtkfw_scatter_part(sc, 2);
	assert_true(bmt->from_end);
	assert_int_equal(bmt->from_end_bytes, 0xA8 * 0x20000);
	assert_int_equal(bmt->index, 2);
	mtkfw_scatter_free(sc);
}

static void legacy_one_line_entry_and_nodl_prefix(void **state)
{
	(void)state;
	struct mtkfw_scatter *sc = parse_ok("PRELOADER 0x0 {}\n__NODL_NVRAM 0x600000\n{\n}\n"
					    "__NODL_RSV_OTP 0xFFFF0200 { }\n");
	assert_int_equal(mtkfw_scatter_format(sc), MTKFW_SCATTER_LEGACY);
	assert_int_equal(mtkfw_scatter_count(sc), 3);
	assert_int_equal(mtkfw_scatter_part(sc, 0)->size, 0x600000);
	assert_true(mtkfw_scatter_part(sc, 0)->size_derived);
	assert_string_equal(mtkfw_scatter_part(sc, 1)->name, "NVRAM");
	assert_false(mtkfw_scatter_part(sc, 1)->download);
	assert_false(mtkfw_scatter_part(sc, 1)->has_size);
	assert_string_equal(mtkfw_scatter_part(sc, 2)->name, "RSV_OTP");
	assert_int_equal(mtkfw_scatter_part(sc, 2)->is_reserved, MTKFW_TRUE);
	mtkfw_scatter_free(sc);
}

static void scatter_refuses_bad_number_with_line_and_key(void **state)
{
	(void)state;
	const char *t = "- partition_index: SYS0\n  partition_name: X\n  linear_start_addr: 0xZZ\n";
	parse_fails(t, strlen(t), "line 3: linear_start_addr must be a number");
	const char *b = "- partition_index: SYS0\n  partition_name: X\n  is_download: maybe\n";
	parse_fails(b, strlen(b), "line 3: is_download must be true or false, got 'maybe'");
}

static void scatter_refuses_row_without_name_or_start(void **state)
{
	(void)state;
	const char *a = "- partition_index: SYS0\n  linear_start_addr: 0x0\n";
	parse_fails(a, strlen(a), "without partition_name");
	const char *b = "- partition_index: SYS0\n  partition_name: BOOT\n";
	parse_fails(b, strlen(b), "BOOT has no linear_start_addr");
}

static void scatter_refuses_binary_and_empty_input(void **state)
{
	(void)state;
	static const char bin[] = "PRELOADER 0x0\n\0\x01\x02";
	parse_fails(bin, sizeof(bin), "NUL byte");
	parse_fails("# only a banner\n\n", 17, "no partition rows");
	parse_fails("PRELOADER zero {\n}\n", 19, "expected an address");
	parse_fails("PRELOADER 0x0 {\n", 16, "not closed");
	parse_fails("- partition_index: SYS0\n  is_download: maybe\n", 45, "true or false");
}

static void scatter_refuses_absurd_sizes(void **state)
{
	(void)state;
	size_t n = 600 * 24;
	char *big = malloc(n + 1), *p = big;
	for (int i = 0; i < 600; i++)
		p += sprintf(p, "P%03d 0x%x {\n}\n", i, i * 0x1000);
	parse_fails(big, strlen(big), "more than 512 partitions");
	memset(big, 'A', n);
	big[n] = 0;
	parse_fails(big, n, "longer than 4096");
	free(big);
}

static void identity_partitions_are_recognised_in_both_eras(void **state)
{
	(void)state;
	const char *yes[] = {"NVRAM",	"pro_info", "PROTECT_F", "PROTECT_S", "SECCFG",
			     "proinfo", "protect1", "protect2",	 "nvdata"};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(mtkfw_is_identity_partition(yes[i]));
	assert_false(mtkfw_is_identity_partition("ANDROID"));
	assert_false(mtkfw_is_identity_partition(NULL));
	assert_string_equal(mtkfw_scatter_default_file("UBOOT"), "lk.bin");
	assert_null(mtkfw_scatter_default_file("NVRAM"));
}

static void written_scatter_parses_back_to_the_same_rows(void **state)
{
	(void)state;
	char path[4096];
	struct mtkfw_scatter *sc, *back;
	snprintf(path, sizeof(path), "%s/corpus/scatter/%s", tu_shared(),
		 "NeverMine17__fly-iq-4407-scatter__MT6572_Android_scatter.txt");
	assert_int_equal(mtkfw_scatter_load(tu_ctx, path, &sc), 0);
	size_t n = mtkfw_scatter_count(sc);
	struct mtkfw_scatter_part *rows = calloc(n, sizeof(*rows));
	for (size_t i = 0; i < n; i++)
		rows[i] = *mtkfw_scatter_part(sc, i);
	char *text;
	assert_int_equal(mtkfw_scatter_write_v11(rows, n, "MT6572", "x", "EMMC", &text), 0);
	assert_int_equal(mtkfw_scatter_parse(tu_ctx, text, strlen(text), &back), 0);
	assert_int_equal(mtkfw_scatter_count(back), n);
	for (size_t i = 0; i < n; i++) {
		const struct mtkfw_scatter_part *a = mtkfw_scatter_part(sc, i),
						*b = mtkfw_scatter_part(back, i);
		assert_string_equal(a->name, b->name);
		assert_int_equal(a->start, b->start);
		assert_int_equal(a->size, b->size);
		assert_int_equal(a->download, b->download);
		assert_int_equal(a->from_end, b->from_end);
	}
	free(text);
	free(rows);
	mtkfw_scatter_free(back);
	mtkfw_scatter_free(sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(corpus_files_parse_to_hand_checked_values),
		cmocka_unit_test(corpus_files_keep_their_particular_facts),
		cmocka_unit_test(scatter_tolerates_crlf_bom_banners_case_and_unknown_keys),
		cmocka_unit_test(legacy_one_line_entry_and_nodl_prefix),
		cmocka_unit_test(scatter_refuses_bad_number_with_line_and_key),
		cmocka_unit_test(scatter_refuses_row_without_name_or_start),
		cmocka_unit_test(scatter_refuses_binary_and_empty_input),
		cmocka_unit_test(scatter_refuses_absurd_sizes),
		cmocka_unit_test(identity_partitions_are_recognised_in_both_eras),
		cmocka_unit_test(written_scatter_parses_back_to_the_same_rows),
	};
	return cmocka_run_group_tests(tests, tu_setup_ctx, tu_teardown);
}
