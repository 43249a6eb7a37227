/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mtkfw image ls|cat|get|raw|sparse: files out of ext2/3/4 images, raw or
 * sparse, without expanding them; an image turned raw or sparse (docs/images.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static void mode_string(uint32_t m, char s[11])
{
	static const char types[] = "?pc?d?b?-?l?s???";
	s[0] = types[(m >> 12) & 15];
	for (int i = 0; i < 9; i++)
		s[1 + i] = (m >> (8 - i)) & 1 ? "rwxrwxrwx"[i] : '-';
	if (m & 04000)
		s[3] = s[3] == 'x' ? 's' : 'S';
	if (m & 02000)
		s[6] = s[6] == 'x' ? 's' : 'S';
	if (m & 01000)
		s[9] = s[9] == 'x' ? 't' : 'T';
	s[10] = 0;
}

static int print_entry(void *user, const struct mtkfw_ext4_entry *e)
{
	json_object *arr = user;
	if (arr) {
		json_object *o = json_object_new_object();
		json_object_object_add(o, "name", json_object_new_string(e->name));
		json_object_object_add(o, "mode", json_object_new_int((int)e->mode));
		json_object_object_add(o, "uid", json_object_new_int64(e->uid));
		json_object_object_add(o, "gid", json_object_new_int64(e->gid));
		json_object_object_add(o, "size", json_object_new_uint64(e->size));
		json_object_object_add(o, "mtime", json_object_new_int64(e->mtime));
		json_object_object_add(o, "link", cli_json_str(e->link));
		json_object_array_add(arr, o);
		return 0;
	}
	char m[11], when[32];
	time_t t = (time_t)e->mtime;
	struct tm tm;
	mode_string(e->mode, m);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M", gmtime_r(&t, &tm));
	printf("%s %5u %5u %10llu %s %s%s%s\n", m, e->uid, e->gid, (unsigned long long)e->size,
	       when, e->name, e->link ? " -> " : "", e->link ? e->link : "");
	return 0;
}

/* Open an ext4 image file (raw or sparse) for ls/cat/get. */
static int open_fs(struct mtkfw_ctx *ctx, const char *path, struct mtkfw_image_file **f)
{
	return mtkfw_image_file_open(ctx, path, f);
}

int image_fs_ls(struct mtkfw_ctx *ctx, const char *img, const char *path, bool json)
{
	struct mtkfw_image_file *f;
	int rc = open_fs(ctx, img, &f);
	if (rc)
		return cli_fail(ctx, rc);
	json_object *arr = json ? json_object_new_array() : NULL;
	rc = mtkfw_ext4_list(ctx, mtkfw_image_file_read, f, mtkfw_image_file_size(f), path,
			     print_entry, arr);
	mtkfw_image_file_close(f);
	if (rc) {
		json_object_put(arr);
		return cli_fail(ctx, rc);
	}
	if (json) {
		json_object *o = json_object_new_object();
		json_object_object_add(o, "path", json_object_new_string(path));
		json_object_object_add(o, "entries", arr);
		cli_json_print(o);
	}
	return EX_OK;
}

static int put_out(void *user, const void *buf, size_t n)
{
	return fwrite(buf, 1, n, user) == n ? 0 : MTKFW_E_IO;
}

/* One file out of an ext4 image, streamed to out (or standard output). */
int image_fs_get(struct mtkfw_ctx *ctx, const char *img, const char *path, const char *out)
{
	struct mtkfw_image_file *f;
	int rc = open_fs(ctx, img, &f);
	if (rc)
		return cli_fail(ctx, rc);
	FILE *o = out ? fopen(out, "wb") : stdout;
	if (!o) {
		cli_msg("error: cannot create %s: %s", out, strerror(errno));
		mtkfw_image_file_close(f);
		return EX_CANTCREAT;
	}
	rc = mtkfw_ext4_copy_file(ctx, mtkfw_image_file_read, f, mtkfw_image_file_size(f), path,
				  put_out, o);
	long size = out ? ftell(o) : 0;
	bool ok = out ? !fclose(o) : !fflush(o);
	mtkfw_image_file_close(f);
	if (out && (rc || !ok))
		unlink(out); /* nothing half-written is left */
	if (rc == MTKFW_E_IO || (!rc && !ok)) {
		cli_msg("error: cannot write %s: %s", out ? out : "standard output",
			strerror(errno));
		return EX_IOERR;
	}
	if (rc)
		return cli_fail(ctx, rc);
	if (out)
		fprintf(stderr, "%s: %ld bytes of %s\n", out, size, path);
	return EX_OK;
}

/* A sparse image expanded into a raw one. */
int image_to_raw(struct mtkfw_ctx *ctx, const char *in, const char *out)
{
	struct mtkfw_image_file *f;
	int rc = mtkfw_image_file_open(ctx, in, &f);
	if (!rc && !mtkfw_image_file_sparse(f)) {
		cli_msg("error: %s is no Android sparse image: it is raw already", in);
		mtkfw_image_file_close(f);
		return EX_DATAERR;
	}
	if (!rc)
		rc = mtkfw_image_file_expand(f, out);
	uint64_t size = rc ? 0 : mtkfw_image_file_size(f);
	mtkfw_image_file_close(f);
	if (rc)
		return cli_fail(ctx, rc);
	printf("%s: %llu bytes\n", out, (unsigned long long)size);
	return EX_OK;
}

/* A raw image made sparse. */
int image_to_sparse(struct mtkfw_ctx *ctx, const char *in, const char *out)
{
	int rc = mtkfw_sparse_write_from_raw(ctx, in, out);
	if (rc)
		return cli_fail(ctx, rc);
	struct stat st;
	printf("%s: %lld bytes\n", out, stat(out, &st) ? -1LL : (long long)st.st_size);
	return EX_OK;
}
