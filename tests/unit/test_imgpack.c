/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Images taken apart and put back (mtkfw/imgpack.h): byte-identical round
 * trips of the real logo.bin and lk.bin of an MT6572 phone and of demo boot
 * and recovery images; edits that give valid images (a cmdline, a file added
 * to the ramdisk, a new boot logo); hostile input refused with nothing
 * written outside the folder.
 */
#include <archive.h>
#include <archive_entry.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "bytes.h"
#include "demo.h"
#include "testutil.h"

static char *path_of(const char *name)
{
	char *p = malloc(strlen(tu_dir) + strlen(name) + 2);
	sprintf(p, "%s/%s", tu_dir, name);
	return p;
}

/* Unpack file into tu_dir/name; the round trip must be exact. */
static char *unpack_exact(const char *file, const char *name, unsigned flags, const char *kind)
{
	struct mtkfw_imgpack_result res;
	char *out = path_of(name);
	assert_int_equal(mtkfw_image_unpack(tu_ctx, file, out, flags, &res), 0);
	assert_string_equal(res.kind, kind);
	if (!res.exact)
		fail_msg("%s: %s", file, res.note);
	assert_true(res.files >= 2);
	return out;
}

/* Repack folder into a file; its bytes equal the file's when same is given. */
static uint8_t *repack(const char *folder, const char *name, const char *same, size_t *len)
{
	struct mtkfw_imgpack_result res;
	char *out = path_of(name);
	assert_int_equal(mtkfw_image_repack(tu_ctx, folder, out, &res), 0);
	uint8_t *b = tu_read(out, len);
	assert_int_equal(res.bytes, *len);
	if (same) {
		size_t n;
		uint8_t *o = tu_read(same, &n);
		assert_int_equal(n, *len);
		assert_memory_equal(o, b, n);
		free(o);
	}
	free(out);
	return b;
}

/* Rewrite one manifest line (key) with a new value. */
static void set_line(const char *folder, const char *key, const char *value)
{
	char path[4300], line[1200];
	snprintf(path, sizeof(path), "%s/mtkfw-image.txt", folder);
	char *text = tu_read_text(path), *out = calloc(1, strlen(text) + 1200), *at = out;
	bool done = false;
	for (char *l = text, *next; l && *l; l = next) {
		next = strchr(l, '\n');
		if (next)
			*next++ = 0;
		if (!strncmp(l, key, strlen(key)) && l[strlen(key)] == ':') {
			snprintf(line, sizeof(line), "%s: %s", key, value);
			l = line;
			done = true;
		}
		at += sprintf(at, "%s\n", l);
	}
	assert_true(done);
	FILE *f = fopen(path, "w");
	fputs(out, f);
	fclose(f);
	free(text);
	free(out);
}

static void real_logo_and_lk_round_trip(void **state)
{
	(void)state;
	char src[4096];
	static const char *const files[][2] = {{"logo.bin", "logo"}, {"lk.bin", "mtk"}};
	for (int i = 0; i < 2; i++) {
		snprintf(src, sizeof(src), "%s/corpus/firmware/mobiwire_s10/%s", tu_shared(),
			 files[i][0]);
		char name[32];
		snprintf(name, sizeof(name), "real-%s", files[i][1]);
		char *out = unpack_exact(src, name, 0, files[i][1]);
		size_t len;
		snprintf(name, sizeof(name), "real-%s.bin", files[i][1]);
		free(repack(out, name, src, &len)); /* padding kept: the partition dump's size */
		free(out);
	}
}

/* A solid colour PNG of w x h made with libpng's simplified API. */
static void write_png(const char *path, unsigned w, unsigned h, uint8_t r, uint8_t g, uint8_t b)
{
	png_image im = {
		.version = PNG_IMAGE_VERSION, .width = w, .height = h, .format = PNG_FORMAT_RGB};
	uint8_t *px = malloc((size_t)w * h * 3);
	for (size_t i = 0; i < (size_t)w * h; i++)
		px[3 * i] = r, px[3 * i + 1] = g, px[3 * i + 2] = b;
	assert_true(png_image_write_to_file(&im, path, 0, px, 0, NULL));
	free(px);
}

static void logo_edit_gives_new_pixels_and_keeps_the_rest(void **state)
{
	(void)state;
	char src[4096], png[4300];
	snprintf(src, sizeof(src), "%s/corpus/firmware/mobiwire_s10/logo.bin", tu_shared());
	char *out = unpack_exact(src, "logo-edit", 0, "logo");
	snprintf(png, sizeof(png), "%s/000.png", out);
	write_png(png, 480, 800, 255, 0, 0);
	size_t len;
	uint8_t *img = repack(out, "logo-red.bin", NULL, &len);
	struct mtkfw_image_info im;
	assert_int_equal(mtkfw_image_identify(img, len, 0, &im), 0);
	assert_int_equal(im.kind, MTKFW_IMG_LOGO);
	assert_int_equal(im.logo.count, 39);
	for (unsigned i = 0; i < im.n_problems; i++) /* its padding is said, as info */
		assert_int_equal(im.problems[i].severity, MTKFW_SEV_INFO);
	mtkfw_image_info_clear(&im);
	/* image 0 is red now (RGB565 0xF800); image 1 is the original stream, byte for byte */
	uint32_t o0 = get_le32(img + 512 + 8), o1 = get_le32(img + 512 + 12);
	uint8_t px[4];
	uLongf n = sizeof(px);
	assert_int_equal(uncompress(px, &n, img + 512 + o0, o1 - o0), Z_BUF_ERROR); /* a part */
	assert_int_equal(get_le16(px), 0xF800);
	size_t orig_len;
	uint8_t *orig = tu_read(src, &orig_len);
	uint32_t p1 = get_le32(orig + 512 + 12), p2 = get_le32(orig + 512 + 16);
	assert_memory_equal(orig + 512 + p1, img + 512 + o1, p2 - p1);
	free(orig);
	free(img);
	/* a PNG of the wrong size is refused, naming it and both sizes */
	write_png(png, 100, 80, 0, 0, 255);
	char *bad = path_of("logo-bad.bin");
	struct mtkfw_imgpack_result res;
	assert_int_equal(mtkfw_image_repack(tu_ctx, out, bad, &res), MTKFW_E_FORMAT);
	assert_true(tu_errmsg_has(tu_ctx, "000.png: 100x80, the image it stands for is 480x800"));
	assert_int_not_equal(access(bad, F_OK), 0);
	/* something that is no PNG at all */
	free(tu_write(out, "000.png", "not a png", 9));
	assert_int_equal(mtkfw_image_repack(tu_ctx, out, bad, &res), MTKFW_E_FORMAT);
	assert_true(tu_errmsg_has(tu_ctx, "not a readable PNG"));
	free(bad);
	free(out);
}

static char *demo_boot(const char *name, bool recovery)
{
	char *p = path_of(name);
	struct demo_opts o = {.project = "t", .seed = 7};
	assert_int_equal(demo_write_boot(&o, p, recovery), 0);
	return p;
}

static void boot_round_trip_and_edits(void **state)
{
	(void)state;
	char *img = demo_boot("boot.img", false);
	char *out = unpack_exact(img, "boot", 0, "android-boot");
	size_t len;
	free(repack(out, "boot-again.img", img, &len));
	/* a new cmdline: the header says it, the id follows */
	set_line(out, "cmdline", "console=ttyMT0,921600n1 androidboot.selinux=permissive");
	uint8_t *b = repack(out, "boot-cmd.img", NULL, &len);
	struct mtkfw_image_info im;
	assert_int_equal(mtkfw_image_identify(b, len, 0, &im), 0);
	assert_int_equal(im.kind, MTKFW_IMG_BOOT);
	assert_string_equal(im.boot.kernel_mtk, "KERNEL");
	mtkfw_image_info_clear(&im);
	assert_string_equal((char *)b + 64,
			    "console=ttyMT0,921600n1 androidboot.selinux=permissive");
	free(b);
	char *again = path_of("boot-cmd.img");
	char *out2 = unpack_exact(again, "boot-cmd", 0, "android-boot");
	char mpath[4300];
	snprintf(mpath, sizeof(mpath), "%s/mtkfw-image.txt", out2);
	char *man = tu_read_text(mpath);
	assert_non_null(strstr(man, "\nid: sha1\n")); /* the id was recomputed */
	free(man);
	/* a page size no boot image has is refused, naming it */
	set_line(out, "page_size", "0");
	struct mtkfw_imgpack_result r0;
	char *bad0 = path_of("boot-ps.img");
	assert_int_equal(mtkfw_image_repack(tu_ctx, out, bad0, &r0), MTKFW_E_FORMAT);
	assert_true(tu_errmsg_has(tu_ctx, "page_size 0 is not 2048..16384"));
	free(bad0);
	set_line(out, "page_size", "2048");
	/* a cmdline longer than the header holds is refused */
	char longer[600];
	memset(longer, 'x', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = 0;
	set_line(out, "cmdline", longer);
	struct mtkfw_imgpack_result res;
	char *bad = path_of("boot-bad.img");
	assert_int_equal(mtkfw_image_repack(tu_ctx, out, bad, &res), MTKFW_E_FORMAT);
	assert_true(tu_errmsg_has(tu_ctx, "cmdline is 599 bytes, a boot image holds at most 511"));
	free(bad);
	free(again);
	free(out2);
	free(out);
	free(img);
}

static void ramdisk_tree_edits(void **state)
{
	(void)state;
	char *img = demo_boot("recovery.img", true);
	char *out = unpack_exact(img, "rec", MTKFW_UNPACK_RAMDISK_TREE, "android-boot");
	size_t len;
	free(repack(out, "rec-same.img", img, &len)); /* the tree as unpacked: the same bytes */
	char p[4300];
	snprintf(p, sizeof(p), "%s/ramdisk.d/default.prop", out);
	FILE *f = fopen(p, "a");
	fputs("ro.adb.secure=0\n", f);
	fclose(f);
	snprintf(p, sizeof(p), "%s/ramdisk.d/sbin", out);
	mkdir(p, 0755);
	free(tu_write(out, "ramdisk.d/sbin/su", "#!/sbin/sh\n", 11));
	snprintf(p, sizeof(p), "%s/ramdisk.d/sbin/su", out);
	chmod(p, 0755);
	free(repack(out, "rec-edit.img", NULL, &len));
	char *edited = path_of("rec-edit.img");
	char *out2 = unpack_exact(edited, "rec-edit", MTKFW_UNPACK_RAMDISK_TREE, "android-boot");
	snprintf(p, sizeof(p), "%s/ramdisk.d/default.prop", out2);
	char *prop = tu_read_text(p);
	assert_non_null(strstr(prop, "ro.product.device=mtkfw_demo\nro.adb.secure=0\n"));
	free(prop);
	snprintf(p, sizeof(p), "%s/ramdisk.list", out2);
	char *list = tu_read_text(p);
	assert_non_null(strstr(list, "d 0755 0 0 0:0 0 sbin\n"));
	assert_non_null(strstr(list, "f 0755 0 0 0:0 0 sbin/su\n"));
	free(list);
	/* the ramdisk of the edited image still says RECOVERY in its MTK header */
	snprintf(p, sizeof(p), "%s/mtkfw-image.txt", out2);
	char *man = tu_read_text(p);
	assert_non_null(strstr(man, "ramdisk_mtk: RECOVERY\n"));
	free(man);
	free(edited);
	free(out2);
	free(out);
	free(img);
}

/* A boot image whose ramdisk cpio holds the given path. */
static char *boot_with_entry(const char *name, const char *entry)
{
	uint8_t cpio[8192];
	size_t used = 0;
	struct archive *a = archive_write_new();
	archive_write_set_format_cpio_newc(a);
	archive_write_open_memory(a, cpio, sizeof(cpio), &used);
	struct archive_entry *e = archive_entry_new();
	archive_entry_set_pathname(e, entry);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, 4);
	archive_write_header(a, e);
	archive_write_data(a, "evil", 4);
	archive_entry_free(e);
	archive_write_close(a);
	archive_write_free(a);
	enum { PAGE = 2048 };
	uint8_t *img = calloc(1, 4 * PAGE + sizeof(cpio));
	memcpy(img, "ANDROID!", 8);
	put_le32(img + 8, 4);
	put_le32(img + 16, (uint32_t)used);
	put_le32(img + 36, PAGE);
	memcpy(img + PAGE, "kern", 4);
	memcpy(img + 2 * PAGE, cpio, used);
	size_t total = 2 * PAGE + (used + PAGE - 1) / PAGE * PAGE;
	char *p = tu_write(tu_dir, name, img, total);
	free(img);
	return p;
}

static void hostile_ramdisk_paths_write_nothing_outside(void **state)
{
	(void)state;
	static const char *const evil[] = {"../evil", "/abs-evil", "a/../../evil"};
	for (int i = 0; i < 3; i++) {
		char name[32], folder[32];
		snprintf(name, sizeof(name), "hostile%d.img", i);
		snprintf(folder, sizeof(folder), "hostile%d", i);
		char *img = boot_with_entry(name, evil[i]), *out = path_of(folder);
		struct mtkfw_imgpack_result res;
		assert_int_equal(
			mtkfw_image_unpack(tu_ctx, img, out, MTKFW_UNPACK_RAMDISK_TREE, &res),
			MTKFW_E_UNSAFE);
		assert_true(tu_errmsg_has(tu_ctx, "leads out of its folder"));
		char *outside = path_of("evil"), *abs = strdup("/abs-evil");
		assert_int_not_equal(access(outside, F_OK), 0);
		assert_int_not_equal(access(abs, F_OK), 0);
		free(outside);
		free(abs);
		free(out);
		free(img);
	}
	/* without --ramdisk-tree the same image unpacks: the ramdisk stays one file */
	char *img = path_of("hostile0.img");
	free(unpack_exact(img, "hostile-flat", 0, "android-boot"));
	free(img);
}

static void refusals(void **state)
{
	(void)state;
	struct mtkfw_imgpack_result res;
	char *img = demo_boot("boot-r.img", false), *out = path_of("full");
	mkdir(out, 0755);
	free(tu_write(out, "x", "x", 1));
	assert_int_equal(mtkfw_image_unpack(tu_ctx, img, out, 0, &res), MTKFW_E_INVALID_PARAM);
	assert_true(tu_errmsg_has(tu_ctx, "is not empty"));
	char *junk = tu_write(tu_dir, "junk.bin", "0123456789abcdef", 16), *o2 = path_of("junk");
	assert_int_equal(mtkfw_image_unpack(tu_ctx, junk, o2, 0, &res), MTKFW_E_UNSUPPORTED);
	assert_int_not_equal(access(o2, F_OK), 0); /* nothing made */
	char *o3 = path_of("nothing.img");
	assert_int_equal(mtkfw_image_repack(tu_ctx, tu_dir, o3, &res), MTKFW_E_NOT_FOUND);
	assert_true(tu_errmsg_has(tu_ctx, "mtkfw-image.txt"));
	/* a truncated boot image names its sizes */
	size_t len;
	uint8_t *b = tu_read(img, &len);
	char *cut = tu_write(tu_dir, "cut.img", b, len / 2), *o4 = path_of("cut");
	assert_int_equal(mtkfw_image_unpack(tu_ctx, cut, o4, 0, &res), MTKFW_E_FORMAT);
	assert_true(tu_errmsg_has(tu_ctx, "do not fit its"));
	assert_int_not_equal(access(o4, F_OK), 0); /* a failed unpack leaves nothing */
	/* a logo table with a huge count, one whose offsets run past its end */
	uint8_t logo[512 + 24] = {0};
	put_le32(logo, 0x58881688);
	put_le32(logo + 4, 24);
	memcpy(logo + 8, "LOGO", 4);
	memset(logo + 40, 0xFF, 472);
	put_le32(logo + 512, 0xFFFFFFF0u);
	put_le32(logo + 516, 24);
	char *huge = tu_write(tu_dir, "huge-logo.bin", logo, sizeof(logo)), *o5 = path_of("huge");
	assert_int_not_equal(mtkfw_image_unpack(tu_ctx, huge, o5, 0, &res), 0);
	assert_int_not_equal(access(o5, F_OK), 0);
	put_le32(logo + 512, 2);
	put_le32(logo + 520, 16);
	put_le32(logo + 524, 4000);
	char *past = tu_write(tu_dir, "past-logo.bin", logo, sizeof(logo));
	assert_int_not_equal(mtkfw_image_unpack(tu_ctx, past, o5, 0, &res), 0);
	assert_int_not_equal(access(o5, F_OK), 0);
	free(huge);
	free(past);
	free(o5);
	free(b);
	free(cut);
	free(o4);
	free(o3);
	free(junk);
	free(o2);
	free(out);
	free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_logo_and_lk_round_trip),
		cmocka_unit_test(logo_edit_gives_new_pixels_and_keeps_the_rest),
		cmocka_unit_test(boot_round_trip_and_edits),
		cmocka_unit_test(ramdisk_tree_edits),
		cmocka_unit_test(hostile_ramdisk_paths_write_nothing_outside),
		cmocka_unit_test(refusals),
	};
	return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
