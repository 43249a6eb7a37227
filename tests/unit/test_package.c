/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Package sources: folders and archives listed and streamed the same way; hostile members. */
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

struct member {
	const char *path;
	const char *data; /* file content, or link target for links */
	int type;	  /* AE_IFREG, AE_IFLNK, or 0 for a hard link */
};

static char *make_archive(const char *name, const struct member *m, size_t n)
{
	char *path = malloc(strlen(tu_dir) + strlen(name) + 2);
	sprintf(path, "%s/%s", tu_dir, name);
	struct archive *a = archive_write_new();
	if (strstr(name, ".zip"))
		archive_write_set_format_zip(a);
	else if (strstr(name, ".7z"))
		archive_write_set_format_7zip(a);
	else
		archive_write_set_format_pax_restricted(a);
	if (strstr(name, ".gz"))
		archive_write_add_filter_gzip(a);
	assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *e = archive_entry_new();
		archive_entry_set_pathname(e, m[i].path);
		archive_entry_set_perm(e, 0644);
		if (m[i].type == AE_IFREG) {
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_size(e, (la_int64_t)strlen(m[i].data));
		} else if (m[i].type == AE_IFLNK) {
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_symlink(e, m[i].data);
		} else {
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_hardlink(e, m[i].data);
		}
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		if (m[i].type == AE_IFREG)
			archive_write_data(a, m[i].data, strlen(m[i].data));
		archive_entry_free(e);
	}
	archive_write_close(a);
	archive_write_free(a);
	return path;
}

static const struct member good[] = {
	{"fw/MT6572_Android_scatter.txt", "PRELOADER 0x0\n", AE_IFREG},
	{"fw/lk.bin", "lk-data", AE_IFREG},
	{"fw/Preloader_x.bin", "pl", AE_IFREG},
	{"readme.txt", "hello", AE_IFREG},
};

struct gathered {
	char text[256];
};

static int gather(void *user, size_t idx, struct mtkfw_stream *s)
{
	struct gathered *g = user;
	char buf[64];
	ssize_t n;
	(void)idx;
	while ((n = mtkfw_stream_read(s, buf, sizeof(buf) - 1)) > 0) {
		buf[n] = 0;
		strcat(g->text, buf);
		strcat(g->text, "|");
	}
	return n < 0 ? (int)n : 0;
}

/* Every container kind lists, finds and streams the same members. */
static void check_good_package(const char *path, const char *kind)
{
	struct mtkfw_pkg *pkg;
	assert_int_equal(mtkfw_pkg_open(tu_ctx, path, &pkg), 0);
	assert_string_equal(mtkfw_pkg_kind(pkg), kind);
	size_t idx;
	assert_int_equal(mtkfw_pkg_find(pkg, "fw", "lk.bin", false, &idx), 0);
	assert_string_equal(mtkfw_pkg_entry(pkg, idx)->path, "fw/lk.bin");
	assert_int_equal(mtkfw_pkg_entry(pkg, idx)->size, 7);
	assert_int_equal(mtkfw_pkg_find(pkg, "fw", "LK.BIN", false, &idx), MTKFW_E_NOT_FOUND);
	assert_int_equal(mtkfw_pkg_find(pkg, "fw", "LK.BIN", true, &idx), 0);
	assert_int_equal(mtkfw_pkg_find(pkg, "fw", "preloader*.bin", true, &idx), 0);
	assert_int_equal(mtkfw_pkg_find(pkg, "", "lk.bin", false, &idx), MTKFW_E_NOT_FOUND);
	char *text;
	size_t len;
	assert_int_equal(mtkfw_pkg_find(pkg, "fw", "MT6572_Android_scatter.txt", false, &idx), 0);
	assert_int_equal(mtkfw_pkg_read_small(tu_ctx, pkg, idx, 1024, &text, &len), 0);
	assert_string_equal(text, "PRELOADER 0x0\n");
	free(text);
	assert_int_equal(mtkfw_pkg_read_small(tu_ctx, pkg, idx, 4, &text, &len), MTKFW_E_TOO_LARGE);
	struct gathered g = {""};
	assert_int_equal(mtkfw_pkg_foreach(tu_ctx, pkg, NULL, gather, &g), 0);
	assert_non_null(strstr(g.text, "lk-data|"));
	assert_non_null(strstr(g.text, "hello|"));
	mtkfw_pkg_close(pkg);
}

static void zip_7z_tar_and_folder_are_read_alike(void **state)
{
	(void)state;
	const char *names[] = {"p.zip", "p.7z", "p.tar.gz", "p.tar"};
	const char *kinds[] = {"zip", "7z", "tar.gz", "tar"};
	for (int i = 0; i < 4; i++) {
		char *p = make_archive(names[i], good, 4);
		check_good_package(p, kinds[i]);
		free(p);
	}
	char *folder = malloc(strlen(tu_dir) + 8);
	sprintf(folder, "%s/fold", tu_dir);
	for (int i = 0; i < 4; i++) {
		char sub[4096];
		snprintf(sub, sizeof(sub), "fold/%s", good[i].path);
		free(tu_write(tu_dir, sub, good[i].data, strlen(good[i].data)));
	}
	check_good_package(folder, "folder");
	free(folder);
}

static void hostile_members_are_flagged_and_never_read(void **state)
{
	(void)state;
	const struct member bad[] = {
		{"../evil.bin", "x", AE_IFREG},
		{"/abs/path.bin", "y", AE_IFREG},
		{"fw/link.bin", "/etc/passwd", AE_IFLNK},
		{"fw/hard.bin", "fw/link.bin", 0},
		{"fw/ok.bin", "z", AE_IFREG},
	};
	char *p = make_archive("bad.tar", bad, 5);
	struct mtkfw_pkg *pkg;
	assert_int_equal(mtkfw_pkg_open(tu_ctx, p, &pkg), 0);
	assert_int_equal(mtkfw_pkg_count(pkg), 5);
	assert_true(mtkfw_pkg_entry(pkg, 0)->unsafe_path);
	assert_true(mtkfw_pkg_entry(pkg, 1)->unsafe_path);
	assert_int_equal(mtkfw_pkg_entry(pkg, 2)->type, MTKFW_ENTRY_SYMLINK);
	assert_string_equal(mtkfw_pkg_entry(pkg, 2)->link, "/etc/passwd");
	assert_int_equal(mtkfw_pkg_entry(pkg, 3)->type, MTKFW_ENTRY_HARDLINK);
	assert_false(mtkfw_pkg_entry(pkg, 4)->unsafe_path);
	struct mtkfw_stream *s;
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(mtkfw_pkg_open_entry(tu_ctx, pkg, i, &s), MTKFW_E_UNSAFE);
	assert_int_equal(mtkfw_pkg_open_entry(tu_ctx, pkg, 4, &s), 0);
	char c;
	assert_int_equal(mtkfw_stream_read(s, &c, 1), 1);
	assert_int_equal(c, 'z');
	mtkfw_stream_close(s);
	mtkfw_pkg_close(pkg);
	free(p);
}

static void folder_links_to_files_are_followed(void **state)
{
	(void)state;
	free(tu_write(tu_dir, "lf/real.img", "abc", 3));
	char link[4096], target[4096];
	snprintf(link, sizeof(link), "%s/lf/system.img", tu_dir);
	snprintf(target, sizeof(target), "%s/lf/real.img", tu_dir);
	assert_int_equal(symlink(target, link), 0);
	snprintf(link, sizeof(link), "%s/lf", tu_dir);
	struct mtkfw_pkg *pkg;
	assert_int_equal(mtkfw_pkg_open(tu_ctx, link, &pkg), 0);
	size_t idx;
	assert_int_equal(mtkfw_pkg_find(pkg, "", "system.img", false, &idx), 0);
	assert_int_equal(mtkfw_pkg_entry(pkg, idx)->type, MTKFW_ENTRY_FILE);
	assert_int_equal(mtkfw_pkg_entry(pkg, idx)->size, 3);
	mtkfw_pkg_close(pkg);
}

static void not_a_package_is_refused_clearly(void **state)
{
	(void)state;
	char *p = tu_write(tu_dir, "junk.bin", "\x01\x02\x03garbage", 10);
	struct mtkfw_pkg *pkg;
	assert_int_equal(mtkfw_pkg_open(tu_ctx, p, &pkg), MTKFW_E_NOT_PACKAGE);
	assert_true(tu_errmsg_has(tu_ctx, "is not a package mtkfw can read"));
	free(p);
	assert_int_equal(mtkfw_pkg_open(tu_ctx, "/nonexistent/pkg.zip", &pkg), MTKFW_E_NOT_FOUND);
	assert_true(tu_errmsg_has(tu_ctx, "/nonexistent/pkg.zip"));
}

static void scatter_path_opens_its_folder(void **state)
{
	(void)state;
	char *s = tu_write(tu_dir, "sp/MT6572_Android_scatter.txt", "PRELOADER 0x0\n", 14);
	free(tu_write(tu_dir, "sp/other_Android_scatter.txt", "X 0x0\n", 6));
	struct mtkfw_pkg *pkg;
	assert_int_equal(mtkfw_pkg_open(tu_ctx, s, &pkg), 0);
	assert_string_equal(mtkfw_pkg_kind(pkg), "folder");
	assert_string_equal(mtkfw_pkg_preferred_scatter(pkg), "MT6572_Android_scatter.txt");
	assert_int_equal(mtkfw_pkg_count(pkg), 2);
	mtkfw_pkg_close(pkg);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(zip_7z_tar_and_folder_are_read_alike),
		cmocka_unit_test(hostile_members_are_flagged_and_never_read),
		cmocka_unit_test(folder_links_to_files_are_followed),
		cmocka_unit_test(not_a_package_is_refused_clearly),
		cmocka_unit_test(scatter_path_opens_its_folder),
	};
	return cmocka_run_group_tests(tests, tu_setup, tu_teardown);
}
