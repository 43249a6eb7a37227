/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Board profiles: the driver-name scanner on names as MediaTek's lk and
 * kernels carry them (and on strings that only look alike), the boot image's
 * kernel and ramdisk, the real lk.bin of an MT6572 phone.
 */
#include <archive.h>
#include <archive_entry.h>
#include <lz4.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "demo.h"
#include "testutil.h"

static bool has(const struct mtkfw_names *n, const char *name)
{
	for (size_t i = 0; i < n->n; i++)
		if (!strcmp(n->v[i], name))
			return true;
	return false;
}

/* Feed text in chunks of step bytes (names and the banner cross chunk edges). */
static struct mtkfw_driver_scan *scan(const char *text, size_t len, size_t step)
{
	struct mtkfw_driver_scan *s;
	assert_int_equal(mtkfw_driver_scan_new(&s), 0);
	for (size_t i = 0; i < len; i += step)
		assert_int_equal(mtkfw_driver_scan_feed(s, (const uint8_t *)text + i,
							len - i < step ? len - i : step),
				 0);
	return s;
}

static void names_are_classified_in_any_chunking(void **state)
{
	(void)state;
	static const char text[] =
		"\0st7701_wvga_dsi_vdo\0ili9806e_dsi_wvga_vdo_hlt\0OTM8019A_WVGA_DSI_VDO\0"
		"gc2355_mipi_raw\0sp0a19_yuv\0ov5647mipiraw\0gt9xx\0ft5x0x_ts\0mtk-tpd\0"
		"mc3410\0stk3x1x\0ltr559\0akm09911\0"
		/* look-alikes that are no driver names */
		"dsi_enable_power\0lcm_resume\0lcm_compare_id\0st7701 %s, id0 = 0x%08x\0"
		"[LCM Auto Detect] [%d] - [%s]\0DSI_STATUS_OK\0mipi_dsi_vdo\0raw_yuv\0"
		"gt9xx_but_much_too_long_to_be_the_name_of_any_driver_at_all_really_yes\0"
		"Linux version 3.4.67 (liusong@liusong) (gcc version 4.7 (GCC) ) #1 SMP\n";
	for (size_t step = 1; step <= sizeof(text); step = step * 3 + 1) {
		struct mtkfw_driver_scan *s = scan(text, sizeof(text) - 1, step);
		const struct mtkfw_names *lcm = mtkfw_driver_scan_names(s, MTKFW_DRV_LCM);
		assert_int_equal(lcm->n, 3);
		assert_string_equal(lcm->v[0], "ili9806e_dsi_wvga_vdo_hlt"); /* sorted */
		assert_true(has(lcm, "otm8019a_wvga_dsi_vdo"));		     /* lower case */
		assert_true(has(lcm, "st7701_wvga_dsi_vdo"));
		const struct mtkfw_names *cam = mtkfw_driver_scan_names(s, MTKFW_DRV_CAMERA);
		assert_int_equal(cam->n, 3);
		assert_true(has(cam, "ov5647mipiraw"));
		const struct mtkfw_names *tp = mtkfw_driver_scan_names(s, MTKFW_DRV_TOUCH);
		assert_int_equal(tp->n, 3);
		assert_true(has(tp, "ft5x0x_ts") && has(tp, "gt9xx") && has(tp, "mtk-tpd"));
		const struct mtkfw_names *sn = mtkfw_driver_scan_names(s, MTKFW_DRV_SENSOR);
		assert_int_equal(sn->n, 4);
		assert_string_equal(mtkfw_driver_scan_linux_version(s),
				    "3.4.67 (liusong@liusong) (gcc version 4.7 (GCC) ) #1 SMP");
		mtkfw_driver_scan_free(s);
	}
}

/* The lk.bin of a real MT6572 phone names the panel its phone.info reports (1-st7701...). */
static void real_lk_names_its_panel(void **state)
{
	(void)state;
	char path[4096];
	size_t len;
	snprintf(path, sizeof(path), "%s/corpus/firmware/mobiwire_s10/lk.bin", tu_shared());
	uint8_t *lk = tu_read(path, &len);
	assert_non_null(lk);
	struct mtkfw_driver_scan *s = scan((const char *)lk, len, 65536);
	const struct mtkfw_names *lcm = mtkfw_driver_scan_names(s, MTKFW_DRV_LCM);
	assert_true(has(lcm, "st7701_wvga_dsi_vdo"));
	assert_true(has(lcm, "otm8019a_wvga_dsi_vdo"));
	assert_true(lcm->n <= 6);
	assert_int_equal(mtkfw_driver_scan_names(s, MTKFW_DRV_CAMERA)->n, 0);
	mtkfw_driver_scan_free(s);
	free(lk);
}

static uint8_t *demo_boot(size_t *len)
{
	struct demo_opts o = {.project = "t", .seed = 5};
	return tu_demo_image(tu_build_boot, &o, "boot.img", len);
}

static void boot_image_gives_kernel_drivers_and_android(void **state)
{
	(void)state;
	size_t len;
	uint8_t *boot = demo_boot(&len);
	struct mtkfw_board b = {0};
	assert_int_equal(mtkfw_board_add_image(&b, MTKFW_BOARD_BOOT, "boot.img", boot, len), 0);
	assert_string_equal(b.kernel,
			    "3.4.67 (mtkfw@demo) (gcc version 4.7 (GCC) ) #1 SMP PREEMPT");
	assert_true(has(&b.drivers[MTKFW_DRV_LCM], "hx8379c_fwvga_dsi_vdo"));
	assert_true(has(&b.drivers[MTKFW_DRV_CAMERA], "gc2355_mipi_raw"));
	assert_true(has(&b.drivers[MTKFW_DRV_TOUCH], "gt9xx"));
	assert_true(has(&b.drivers[MTKFW_DRV_SENSOR], "stk3x1x"));
	assert_false(has(&b.drivers[MTKFW_DRV_TOUCH], "tpd_probe"));
	assert_string_equal(b.android_version, "4.4.2");
	assert_string_equal(b.model, "mtkfw demo");
	assert_string_equal(b.device, "mtkfw_demo");
	assert_int_equal(b.unread.n, 0);
	assert_int_equal(b.factory.n, 0);
	mtkfw_board_free(&b);
	/* cut short: said, not guessed */
	memset(&b, 0, sizeof(b));
	assert_int_equal(mtkfw_board_add_image(&b, MTKFW_BOARD_BOOT, "boot.img", boot, len / 2), 0);
	assert_int_equal(b.unread.n, 1);
	assert_non_null(strstr(b.unread.v[0], "not a whole Android boot image"));
	assert_string_equal(b.kernel, "");
	mtkfw_board_free(&b);
	free(boot);
}

/* A gzip'd newc cpio of the given (name, body) pairs, made with libarchive. */
static size_t cpio_gz(const char *const *files, size_t n, uint8_t *out, size_t cap)
{
	struct archive *a = archive_write_new();
	size_t used = 0;
	archive_write_set_format_cpio_newc(a);
	archive_write_add_filter_gzip(a);
	assert_int_equal(archive_write_open_memory(a, out, cap, &used), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *e = archive_entry_new();
		archive_entry_set_pathname(e, files[2 * i]);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)strlen(files[2 * i + 1]));
		archive_write_header(a, e);
		archive_write_data(a, files[2 * i + 1], strlen(files[2 * i + 1]));
		archive_entry_free(e);
	}
	archive_write_close(a);
	archive_write_free(a);
	return used;
}

/*
 * A kernel as "lz4 -l" leaves it in a zImage: the legacy magic, blocks of a
 * 32-bit size and compressed data (each at most 8 MiB decoded), then the
 * decoded size the kernel's build appends. Returns its length in out.
 */
static size_t lz4_kernel(const char *text, size_t split, uint8_t *out, size_t cap)
{
	size_t len = strlen(text), at = 0x400, parts[2][2] = {{0, split}, {split, len - split}};
	memset(out, 0, at);
	put_le32(out + 0x24, 0x016F2818); /* zImage magic */
	put_le32(out + at, 0x184C2102u);
	at += 4;
	for (int i = 0; i < 2; i++) {
		int n = LZ4_compress_default(text + parts[i][0], (char *)out + at + 4,
					     (int)parts[i][1], (int)(cap - at - 8));
		assert_true(n > 0);
		put_le32(out + at, (uint32_t)n);
		at += 4 + (size_t)n;
	}
	put_le32(out + at, (uint32_t)len);
	return at + 4;
}

/* A boot image of a kernel and a ramdisk with factory init scripts. */
static size_t boot_of(uint8_t *img, const uint8_t *k, size_t klen, const uint8_t *rd, size_t rlen)
{
	enum { PAGE = 2048 };
	size_t kpad = (klen + PAGE - 1) / PAGE * PAGE;
	memset(img, 0, PAGE);
	memcpy(img, "ANDROID!", 8);
	put_le32(img + 8, (uint32_t)klen);
	put_le32(img + 16, (uint32_t)rlen);
	put_le32(img + 36, PAGE);
	memcpy(img + PAGE, k, klen);
	memcpy(img + PAGE + kpad, rd, rlen);
	return PAGE + kpad + rlen;
}

/* An LZ4 kernel is read like a gzip one; a factory ramdisk is said; a broken frame too. */
static void factory_ramdisk_and_lz4_kernel(void **state)
{
	(void)state;
	static const char *const files[] = {
		"default.prop",	   "ro.build.type=eng\nro.product.model=X1\n",
		"init.factory.rc", "on init\n",
		"sbin/meta_init",  "#!/sbin/sh\n",
		"init.rc",	   "on boot\n"};
	static const char text[] =
		"\x01\x02Linux version 3.10.65 (b@h) (gcc version 4.8) #2 SMP PREEMPT\n"
		"....ili9806e_fwvga_dsi_vdo...ft5x0x_ts...ov5647_mipi_raw...bma222e...";
	uint8_t *img = calloc(1, 64 * 1024), rd[16384], k[8192];
	size_t rlen = cpio_gz(files, 4, rd, sizeof(rd));
	assert_true(rlen > 0 && rlen < sizeof(rd));
	/* the split falls inside a driver name: blocks feed one scanner */
	size_t klen = lz4_kernel(text, strstr(text, "dsi_vdo") - text, k, sizeof(k));
	size_t len = boot_of(img, k, klen, rd, rlen);
	struct mtkfw_board b = {0};
	assert_int_equal(mtkfw_board_add_image(&b, MTKFW_BOARD_BOOT, "boot.img", img, len), 0);
	assert_int_equal(b.unread.n, 0);
	assert_string_equal(b.kernel, "3.10.65 (b@h) (gcc version 4.8) #2 SMP PREEMPT");
	assert_true(has(&b.drivers[MTKFW_DRV_LCM], "ili9806e_fwvga_dsi_vdo"));
	assert_true(has(&b.drivers[MTKFW_DRV_CAMERA], "ov5647_mipi_raw"));
	assert_string_equal(b.build_type, "eng");
	assert_string_equal(b.model, "X1");
	assert_int_equal(b.factory.n, 2);
	assert_true(has(&b.factory, "init.factory.rc"));
	assert_true(has(&b.factory, "sbin/meta_init"));
	mtkfw_board_free(&b);
	/* a frame whose first block does not decode: said, nothing guessed */
	memset(k + 0x408, 0xFF, 16);
	len = boot_of(img, k, klen, rd, rlen);
	memset(&b, 0, sizeof(b));
	assert_int_equal(mtkfw_board_add_image(&b, MTKFW_BOARD_BOOT, "boot.img", img, len), 0);
	assert_int_equal(b.unread.n, 1);
	assert_non_null(strstr(b.unread.v[0], "LZ4 frame that decodes"));
	assert_string_equal(b.kernel, "");
	mtkfw_board_free(&b);
	free(img);
}

/* build.prop's facts win over default.prop's; its fingerprint is kept. */
static void build_prop_is_read(void **state)
{
	(void)state;
	static const char prop[] = "# begin build properties\nro.build.version.release = 4.4.4\n"
				   "ro.build.fingerprint=acme/x1/x1:4.4.4/KTU84P/7:user/"
				   "release-keys\nro.product.model=X1 Pro\n\x00junk=1\n";
	struct mtkfw_board b = {0};
	snprintf(b.model, sizeof(b.model), "X1");
	assert_int_equal(mtkfw_board_add_image(&b, MTKFW_BOARD_BUILD_PROP, "system.img",
					       (const uint8_t *)prop, sizeof(prop) - 1),
			 0);
	assert_string_equal(b.android_version, "4.4.4");
	assert_string_equal(b.model, "X1 Pro");
	assert_string_equal(b.fingerprint, "acme/x1/x1:4.4.4/KTU84P/7:user/release-keys");
	assert_int_equal(b.n_sources, 1);
	assert_string_equal(b.sources[0].file, "system.img: /build.prop");
	mtkfw_board_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_are_classified_in_any_chunking),
		cmocka_unit_test(real_lk_names_its_panel),
		cmocka_unit_test(boot_image_gives_kernel_drivers_and_android),
		cmocka_unit_test(factory_ramdisk_and_lz4_kernel),
		cmocka_unit_test(build_prop_is_read),
	};
	return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
