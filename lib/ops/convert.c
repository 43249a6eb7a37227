/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A clean SP Flash Tool package out of a checked one, mostly a backup made by
 * a readback tool (docs/check.md, "Converting a backup"): each image as the
 * phone needs it (a padded partition dump trimmed to its MTK image, the
 * preloader taken out of a dump of boot1), rows without an image not
 * downloaded, identity left out unless asked, a v1.1 scatter, Checksum.ini.
 * Streams: memory stays bounded whatever the image sizes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "mtkfw/check.h"
#include "mtkfw/dump.h"
#include "mtkfw/package.h"
#include "mtkfw/scatter.h"
#include "pkgmake.h"

struct conv {
	struct mtkfw_ctx *ctx;
	const struct mtkfw_report *rep;
	char dir[4096]; /* dir.incomplete */
};

int pkgmake_finish(struct mtkfw_ctx *ctx, const char *dir)
{
	struct mtkfw_check_opts co = {.read_images = true, .bytesum = true};
	struct mtkfw_report *rep = NULL;
	char *ini = NULL, *path = mtkfw_asprintf("%s/Checksum.ini", dir);
	size_t n;
	int r = path ? mtkfw_check_package(ctx, dir, &co, &rep)
		     : mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	if (!r && mtkfw_report_count(rep, MTKFW_SEV_ERROR))
		r = mtkfw_fail(ctx, MTKFW_E_FORMAT,
			       "the package written does not pass its own check (%u errors): run "
			       "'mtkfw check %s' to see them",
			       mtkfw_report_count(rep, MTKFW_SEV_ERROR), dir);
	if (!r && !(r = mtkfw_report_checksum_text(rep, &ini, &n))) {
		int err = mtkfw_write_file_atomic(path, ini, strlen(ini));
		if (err)
			r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot write %s: %s", path,
				       mtkfw_errno_text(-err));
	}
	free(ini);
	free(path);
	mtkfw_report_free(rep);
	return r;
}

/*
 * The bytes of a row's file the phone needs: a padded partition dump's MTK
 * image, the preloader inside a dump of boot1, else the whole file.
 */
static int image_span(struct conv *c, const struct mtkfw_check_row *row, uint64_t *off,
		      uint64_t *len)
{
	const struct mtkfw_image_info *im = &row->image;
	*off = 0;
	*len = im->file_size;
	if ((im->kind == MTKFW_IMG_MTK || im->kind == MTKFW_IMG_LOGO) && im->mtk.pad_bytes)
		*len = im->file_size - im->mtk.pad_bytes;
	if (im->kind == MTKFW_IMG_PRELOADER && im->preloader.emmc_boot_header &&
	    mtkfw_preloader_span(&im->preloader, im->file_size, off, len))
		return mtkfw_fail(c->ctx, MTKFW_E_FORMAT,
				  "%s: the preloader inside this boot1 dump does not fit it "
				  "(FILE_INFO says %u bytes at 0x%x)",
				  row->file, im->preloader.fi.file_len, im->preloader.gfh_offset);
	return 0;
}

/* Copy [off, off+len) of a package member into path. */
static int copy_span(struct conv *c, size_t member, const char *path, uint64_t off, uint64_t len)
{
	struct mtkfw_stream *s = NULL;
	int fd = -1, r = mtkfw_pkg_open_entry(c->ctx, mtkfw_report_package(c->rep), member, &s);
	if (!r && (fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0)
		r = mtkfw_fail(c->ctx, MTKFW_E_IO, "cannot create %s: %s", path,
			       mtkfw_errno_text(errno));
	uint64_t at = 0, end = off + len;
	const uint8_t *d;
	size_t n;
	int got = 0;
	while (!r && at < end && (got = mtkfw_stream_next(s, &d, &n)) > 0) {
		uint64_t from = at < off ? off - at : 0, to = end - at < n ? end - at : n;
		if (from < to && write(fd, d + from, (size_t)(to - from)) != (ssize_t)(to - from))
			r = mtkfw_fail(c->ctx, MTKFW_E_IO, "cannot write %s: %s", path,
				       mtkfw_errno_text(errno));
		at += n;
	}
	if (!r && got < 0)
		r = mtkfw_fail_prefix(c->ctx, "reading the package");
	if (!r && at < end)
		r = mtkfw_fail(c->ctx, MTKFW_E_FORMAT, "%s ended after %llu of %llu bytes", path,
			       (unsigned long long)at, (unsigned long long)end);
	if (fd >= 0 && (fsync(fd) || close(fd)) && !r)
		r = mtkfw_fail(c->ctx, MTKFW_E_IO, "cannot write %s: %s", path,
			       mtkfw_errno_text(errno));
	mtkfw_stream_close(s);
	return r;
}

/* Does the converted package write this row, and from which file name? */
static const char *kept_file(const struct mtkfw_check_row *row, bool with_identity)
{
	const struct mtkfw_scatter_part *p = row->part;
	if (!p->download || !*p->name || !row->file || !row->probed ||
	    (mtkfw_is_identity_partition(p->name) && !with_identity))
		return NULL;
	if (p->file && !strchr(p->file, '*') && !strchr(p->file, '/'))
		return p->file;
	const char *slash = strrchr(row->file, '/');
	return slash ? slash + 1 : row->file;
}

/* Write each kept image and the scatter naming them. */
static int write_all(struct conv *c, bool with_identity, struct mtkfw_convert_result *out)
{
	const struct mtkfw_scatter *sc = mtkfw_report_scatter(c->rep);
	size_t n = mtkfw_report_row_count(c->rep);
	struct mtkfw_scatter_part *rows = calloc(n ? n : 1, sizeof(*rows));
	int r = rows ? 0 : mtkfw_fail(c->ctx, MTKFW_E_NO_MEM, "out of memory");
	for (size_t i = 0; !r && i < n; i++) {
		const struct mtkfw_check_row *row = mtkfw_report_row(c->rep, i);
		const char *file = kept_file(row, with_identity);
		uint64_t off = 0, len = 0;
		rows[i] = *row->part;
		rows[i].file = file;
		rows[i].download = file != NULL;
		if (!file) {
			out->left_out += row->file && row->part->download;
			continue;
		}
		char *path = mtkfw_asprintf("%s/%s", c->dir, file);
		r = path ? image_span(c, row, &off, &len)
			 : mtkfw_fail(c->ctx, MTKFW_E_NO_MEM, "out of memory");
		if (!r)
			r = copy_span(c, row->member, path, off, len);
		free(path);
		out->images++;
		out->trimmed_bytes += row->image.file_size - len;
	}
	char *text = NULL, *path = NULL;
	const char *name = strrchr(mtkfw_report_scatter_path(c->rep), '/');
	name = name ? name + 1 : mtkfw_report_scatter_path(c->rep);
	if (!r &&
	    (mtkfw_scatter_write_v11(rows, n, mtkfw_scatter_platform(sc), mtkfw_scatter_project(sc),
				     mtkfw_scatter_storage(sc), &text) ||
	     !(path = mtkfw_asprintf("%s/%s", c->dir, name))))
		r = mtkfw_fail(c->ctx, MTKFW_E_NO_MEM, "out of memory");
	int err = r ? 0 : mtkfw_write_file_atomic(path, text, strlen(text));
	if (err)
		r = mtkfw_fail(c->ctx, MTKFW_E_IO, "cannot write %s: %s", path,
			       mtkfw_errno_text(-err));
	free(text);
	free(path);
	free(rows);
	return r;
}

int mtkfw_package_convert(struct mtkfw_ctx *ctx, const struct mtkfw_report *rep, const char *dir,
			  bool with_identity, struct mtkfw_convert_result *out)
{
	struct conv c = {.ctx = ctx, .rep = rep};
	struct stat st;
	memset(out, 0, sizeof(*out));
	if (!mtkfw_report_scatter(rep) || !mtkfw_report_scatter_path(rep))
		return mtkfw_fail(ctx, MTKFW_E_FORMAT,
				  "the package has no usable scatter: nothing to convert from");
	if (!stat(dir, &st))
		return mtkfw_fail(ctx, MTKFW_E_INVALID_PARAM,
				  "%s already exists: give a new folder name (nothing is "
				  "overwritten)",
				  dir);
	snprintf(c.dir, sizeof(c.dir), "%s.incomplete", dir);
	int r = mkdir(c.dir, 0755) ? mtkfw_fail(ctx, MTKFW_E_IO, "cannot create %s: %s", c.dir,
						mtkfw_errno_text(errno))
				   : 0;
	if (!r)
		r = write_all(&c, with_identity, out);
	if (!r)
		r = pkgmake_finish(ctx, c.dir);
	if (!r && rename(c.dir, dir))
		r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot rename %s to %s: %s", c.dir, dir,
			       mtkfw_errno_text(errno));
	return r; /* on failure dir.incomplete stays, visibly incomplete */
}
