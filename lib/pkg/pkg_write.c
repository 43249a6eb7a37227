/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Writing packages: Android sparse images from raw ones (android-libsparse)
 * and a folder packed into a ZIP (libarchive). Both stream: memory stays
 * bounded whatever the image sizes.
 */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef MTKFW_NO_LIBSPARSE
#include <sparse/sparse.h>
#endif

#include "internal.h"
#include "mtkfw/dump.h"

#define ZIP_BLOCK (1u << 20)

#ifndef MTKFW_NO_LIBSPARSE
int mtkfw_sparse_write_from_raw(struct mtkfw_ctx *ctx, const char *raw, const char *out)
{
	int in = open(raw, O_RDONLY | O_CLOEXEC), r = 0;
	if (in < 0)
		return mtkfw_fail(ctx, MTKFW_E_IO, "cannot read %s: %s", raw,
				  mtkfw_errno_text(errno));
	off_t len = lseek(in, 0, SEEK_END);
	unsigned blk = len % 4096 == 0 ? 4096 : 512;
	struct sparse_file *sf = len > 0 && len % 512 == 0 ? sparse_file_new(blk, len) : NULL;
	char tmp[4200];
	snprintf(tmp, sizeof(tmp), "%s.tmp", out);
	int fd = sf ? open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : -1;
	if (!sf)
		r = mtkfw_fail(ctx, MTKFW_E_INVALID_PARAM,
			       "%s is %lld bytes: a sparse image needs a whole number of sectors",
			       raw, (long long)len);
	else if (fd < 0)
		r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot create %s: %s", tmp,
			       mtkfw_errno_text(errno));
	else if (lseek(in, 0, SEEK_SET) || sparse_file_read(sf, in, false, false) < 0 ||
		 sparse_file_write(sf, fd, false, true, false) < 0 || fsync(fd))
		r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot make a sparse image of %s into %s", raw,
			       tmp);
	if (fd >= 0 && close(fd) && !r)
		r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot write %s: %s", tmp,
			       mtkfw_errno_text(errno));
	if (!r && rename(tmp, out))
		r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot rename %s: %s", tmp,
			       mtkfw_errno_text(errno));
	if (r && fd >= 0)
		unlink(tmp);
	if (sf)
		sparse_file_destroy(sf);
	close(in);
	return r;
}
#else /* a build without android-libsparse (Windows: docs/windows.md) */
int mtkfw_sparse_write_from_raw(struct mtkfw_ctx *ctx, const char *raw, const char *out)
{
	(void)out;
	return mtkfw_fail(ctx, MTKFW_E_UNSUPPORTED,
			  "%s: this build of mtkfw has no android-libsparse (Windows): it "
			  "cannot write sparse images; the Linux build can",
			  raw);
}
#endif

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int regular_only(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Append one file to the archive, in blocks. */
static int zip_one(struct mtkfw_ctx *ctx, struct archive *a, const char *dir, const char *name,
		   uint8_t *buf)
{
	char path[4400];
	struct stat st;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	int fd = open(path, O_RDONLY | O_CLOEXEC), r = 0;
	if (fd < 0 || fstat(fd, &st))
		r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot read %s: %s", path,
			       mtkfw_errno_text(errno));
	if (!r && !S_ISREG(st.st_mode)) {
		close(fd);
		return 0;
	}
	struct archive_entry *e = r ? NULL : archive_entry_new();
	if (e) {
		archive_entry_set_pathname(e, name);
		archive_entry_set_size(e, st.st_size);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_mtime(e, st.st_mtime, 0);
		if (archive_write_header(a, e) != ARCHIVE_OK)
			r = mtkfw_fail(ctx, MTKFW_E_ARCHIVE, "%s: %s", name,
				       archive_error_string(a));
	}
	ssize_t n;
	while (!r && (n = read(fd, buf, ZIP_BLOCK)) > 0)
		if (archive_write_data(a, buf, (size_t)n) != n)
			r = mtkfw_fail(ctx, MTKFW_E_ARCHIVE, "%s: %s", name,
				       archive_error_string(a));
	archive_entry_free(e);
	if (fd >= 0)
		close(fd);
	return r;
}

int mtkfw_zip_folder(struct mtkfw_ctx *ctx, const char *dir, const char *zip)
{
	struct dirent **list = NULL;
	int n = scandir(dir, &list, regular_only, by_name), r = 0;
	char tmp[4200];
	snprintf(tmp, sizeof(tmp), "%s.incomplete", zip);
	struct archive *a = archive_write_new();
	uint8_t *buf = malloc(ZIP_BLOCK);
	if (n < 0)
		r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot list %s: %s", dir, mtkfw_errno_text(errno));
	else if (!a || !buf)
		r = MTKFW_E_NO_MEM;
	else if (archive_write_set_format_zip(a) != ARCHIVE_OK ||
		 archive_write_zip_set_compression_deflate(a) != ARCHIVE_OK ||
		 archive_write_open_filename(a, tmp) != ARCHIVE_OK)
		r = mtkfw_fail(ctx, MTKFW_E_ARCHIVE, "cannot create %s: %s", tmp,
			       archive_error_string(a));
	for (int i = 0; !r && i < n; i++)
		r = zip_one(ctx, a, dir, list[i]->d_name, buf);
	if (a && archive_write_close(a) != ARCHIVE_OK && !r)
		r = mtkfw_fail(ctx, MTKFW_E_ARCHIVE, "cannot finish %s: %s", tmp,
			       archive_error_string(a));
	if (a)
		archive_write_free(a);
	if (!r && rename(tmp, zip))
		r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot rename %s: %s", tmp,
			       mtkfw_errno_text(errno));
	if (r)
		unlink(tmp);
	for (int i = 0; i < n; i++)
		free(list[i]);
	free(list);
	free(buf);
	return r;
}
