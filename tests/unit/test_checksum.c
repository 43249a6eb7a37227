/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Checksum.ini: the real V1 layout, older section-only files, and refusals. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* Shaped like two real SP Flash Tool v5.18/v5.19 files (docs/formats.md). */
static const char v1[] = "[VERSION]\r\nVERSION=V1\r\nTOOL=v5.1832.00\r\nChange_ID=1556599975\r\n"
			 "[IsEnableChecksum]\r\nCHECKSUM_SWITCH=1\r\n[CheckSum]\r\n"
			 "preloader=0xA558\r\nlk_a=0x2CB4   ; comment\r\n\r\n";

static void checksum_ini_v1_is_read(void **state)
{
	(void)state;
	struct mtkfw_checksum_ini *ini;
	assert_int_equal(mtkfw_checksum_ini_parse(tu_ctx, v1, strlen(v1), &ini), 0);
	assert_string_equal(mtkfw_checksum_ini_version(ini), "V1");
	assert_int_equal(mtkfw_checksum_ini_switch(ini), 1);
	assert_int_equal(mtkfw_checksum_ini_count(ini), 2);
	assert_int_equal(mtkfw_checksum_ini_find(ini, "LK_A")->value, 0x2CB4);
	assert_int_equal(mtkfw_checksum_ini_entry(ini, 0)->line, 8);
	mtkfw_checksum_ini_free(ini);
}

static void checksum_ini_without_version_section(void **state)
{
	(void)state;
	struct mtkfw_checksum_ini *ini;
	const char t[] = "\xEF\xBB\xBF[CheckSum]\nPRELOADER=0x1234\nUBOOT=0xabcd\n";
	assert_int_equal(mtkfw_checksum_ini_parse(tu_ctx, t, strlen(t), &ini), 0);
	assert_null(mtkfw_checksum_ini_version(ini));
	assert_int_equal(mtkfw_checksum_ini_switch(ini), -1);
	assert_int_equal(mtkfw_checksum_ini_find(ini, "uboot")->value, 0xABCD);
	mtkfw_checksum_ini_free(ini);
}

static void checksum_ini_refuses_bad_values_with_line(void **state)
{
	(void)state;
	struct mtkfw_checksum_ini *ini = NULL;
	const char t[] = "[CheckSum]\nPRELOADER=zz\n";
	assert_int_equal(mtkfw_checksum_ini_parse(tu_ctx, t, strlen(t), &ini), MTKFW_E_FORMAT);
	assert_true(tu_errmsg_has(tu_ctx, "line 2: value of PRELOADER"));
	const char u[] = "[CheckSum\nX=1\n";
	assert_int_equal(mtkfw_checksum_ini_parse(tu_ctx, u, strlen(u), &ini), MTKFW_E_FORMAT);
	assert_true(tu_errmsg_has(tu_ctx, "unclosed"));
	const char b[] = "[CheckSum]\nA=1\0\n";
	assert_int_equal(mtkfw_checksum_ini_parse(tu_ctx, b, sizeof(b), &ini), MTKFW_E_FORMAT);
	assert_true(tu_errmsg_has(tu_ctx, "binary data"));
}

static void checksum_ini_format_round_trips(void **state)
{
	(void)state;
	struct mtkfw_checksum_entry e[] = {{"PRELOADER", 0xA558, 0}, {"UBOOT", 0x2CB4, 0}};
	char *text = mtkfw_checksum_ini_format(e, 2);
	assert_non_null(strstr(text, "\r\nPRELOADER=0xA558\r\n"));
	struct mtkfw_checksum_ini *ini;
	assert_int_equal(mtkfw_checksum_ini_parse(tu_ctx, text, strlen(text), &ini), 0);
	assert_string_equal(mtkfw_checksum_ini_version(ini), "V1");
	assert_int_equal(mtkfw_checksum_ini_find(ini, "UBOOT")->value, 0x2CB4);
	mtkfw_checksum_ini_free(ini);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(checksum_ini_v1_is_read),
		cmocka_unit_test(checksum_ini_without_version_section),
		cmocka_unit_test(checksum_ini_refuses_bad_values_with_line),
		cmocka_unit_test(checksum_ini_format_round_trips),
	};
	return cmocka_run_group_tests(tests, tu_setup_ctx, tu_teardown);
}
