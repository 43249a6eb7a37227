/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * An archive package unpacked once into a folder of its own, so that many
 * phones flashed from it read plain files instead of each inflating the
 * archive again (mtkfw station; bench/RESULTS.md says why this and not one
 * reader feeding every phone). One pass over the archive; each wanted member
 * lands under its own file name, all-zero 4 KiB blocks as holes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "mtkfw/package.h"

#define HOLE_BLOCK 4096u

struct unpack {
	struct mtkfw_ctx *ctx;
	struct mtkfw_pkg *pkg;
	const char *dir;
	mtkfw_progress_cb progress;
	void *user;
	uint64_t done, total;
};

/* Is the whole block zero? */
static bool all_zero(const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/* Write n bytes at off of fd, all-zero 4 KiB blocks (4 KiB-aligned) skipped as holes. */
static int put(int fd, uint64_t off, const uint8_t *data, size_t n)
{
	while (n) {
		size_t k = HOLE_BLOCK - (size_t)(off % HOLE_BLOCK);
		k = k < n ? k : n;
		if (!(k == HOLE_BLOCK && all_zero(data, k))) {
			ssize_t w = pwrite(fd, data, k, (off_t)off);
			if (w != (ssize_t)k)
				return w < 0 ? -errno : -EIO;
		}
		off += k;
		data += k;
		n -= k;
	}
	return 0;
}

/* One member into dir under its own name: streamed, sized at the end (trailing holes). */
static int unpack_one(void *user, size_t idx, struct mtkfw_stream *s)
{
	struct unpack *u = user;
	const struct mtkfw_pkg_entry *e = mtkfw_pkg_entry(u->pkg, idx);
	char path[4400];
	const uint8_t *data;
	size_t len;
	uint64_t off = 0;
	int r, w = 0;
	snprintf(path, sizeof(path), "%s/%s", u->dir, e->name);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return mtkfw_fail(u->ctx, MTKFW_E_IO, "cannot create %s: %s", path,
				  mtkfw_errno_text(errno));
	while ((r = mtkfw_stream_next(s, &data, &len)) > 0 && !w) {
		w = put(fd, off, data, len);
		off += len;
		u->done += len;
		if (!w && u->progress && u->progress(u->user, u->done, u->total))
			r = MTKFW_E_CANCELLED;
		if (r == MTKFW_E_CANCELLED)
			break;
	}
	if (!w && r >= 0 && ftruncate(fd, (off_t)off))
		w = -errno;
	if (close(fd) && !w)
		w = -errno;
	if (r < 0)
		return r == MTKFW_E_CANCELLED ? mtkfw_fail(u->ctx, r, "cancelled")
					      : mtkfw_fail_prefix(u->ctx, "unpacking %s", e->path);
	if (w)
		return mtkfw_fail(u->ctx, MTKFW_E_IO, "cannot write %s: %s", path,
				  mtkfw_errno_text(-w));
	return 0;
}

/* Every wanted member a plain file with a name of its own (no two alike, none unsafe). */
static int names_ok(struct mtkfw_ctx *ctx, const struct mtkfw_pkg *pkg, const bool *wanted,
		    uint64_t *total)
{
	size_t n = mtkfw_pkg_count(pkg);
	*total = 0;
	for (size_t i = 0; i < n; i++) {
		const struct mtkfw_pkg_entry *e = mtkfw_pkg_entry(pkg, i);
		if (!wanted[i])
			continue;
		if (e->type != MTKFW_ENTRY_FILE || e->unsafe_path || e->encrypted || !*e->name ||
		    !strcmp(e->name, ".") || !strcmp(e->name, ".."))
			return mtkfw_fail(ctx, MTKFW_E_UNSAFE,
					  "%s cannot be unpacked: not a plain file with a safe "
					  "name",
					  e->path);
		for (size_t k = 0; k < i; k++)
			if (wanted[k] && !strcmp(mtkfw_pkg_entry(pkg, k)->name, e->name))
				return mtkfw_fail(ctx, MTKFW_E_AMBIGUOUS,
						  "%s and %s would both be unpacked as %s",
						  mtkfw_pkg_entry(pkg, k)->path, e->path, e->name);
		*total += e->size_known ? e->size : 0;
	}
	return 0;
}

int mtkfw_pkg_unpack(struct mtkfw_ctx *ctx, struct mtkfw_pkg *pkg, const bool *wanted,
		     const char *dir, mtkfw_progress_cb progress, void *user)
{
	struct unpack u = {ctx, pkg, dir, progress, user, 0, 0};
	int r = names_ok(ctx, pkg, wanted, &u.total);
	return r ? r : mtkfw_pkg_foreach(ctx, pkg, wanted, unpack_one, &u);
}
