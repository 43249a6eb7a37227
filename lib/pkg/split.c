/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Splitting a full user-area dump (SP Flash Tool's ROM_0 readback) into partition images. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "mtkfw/dump.h"

#define COPY_BLOCK (1u << 20)
#define HOLE_BLOCK 4096u

/* Copy [off, off+len) of in to a new file at path; zero blocks stay holes. */
static int copy_range(struct mtkfw_ctx *ctx, int in, uint64_t off, uint64_t len, const char *path,
		      uint8_t *buf, mtkfw_progress_cb progress, void *user, uint64_t *done,
		      uint64_t total)
{
	char tmp[4400];
	snprintf(tmp, sizeof(tmp), "%s.part", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644), r = 0;
	if (fd < 0)
		return mtkfw_fail(ctx, MTKFW_E_IO, "cannot create %s: %s", tmp,
				  mtkfw_errno_text(errno));
	for (uint64_t at = 0; !r && at < len;) {
		size_t k = len - at < COPY_BLOCK ? (size_t)(len - at) : COPY_BLOCK;
		ssize_t got = pread(in, buf, k, (off_t)(off + at));
		if (got != (ssize_t)k) {
			r = mtkfw_fail(ctx, MTKFW_E_IO, "the dump ended early at 0x%llx",
				       (unsigned long long)(off + at));
			break;
		}
		for (size_t b = 0; !r && b < k; b += HOLE_BLOCK) {
			size_t n = k - b < HOLE_BLOCK ? k - b : HOLE_BLOCK;
			bool zero = !buf[b] && !memcmp(buf + b, buf + b + 1, n - 1);
			if (!zero && pwrite(fd, buf + b, n, (off_t)(at + b)) != (ssize_t)n)
				r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot write %s: %s", tmp,
					       mtkfw_errno_text(errno));
		}
		at += k;
		*done += k;
		if (!r && progress && progress(user, *done, total))
			r = mtkfw_fail(ctx, MTKFW_E_CANCELLED, "cancelled");
	}
	if (!r && (ftruncate(fd, (off_t)len) || fsync(fd)))
		r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot finish %s: %s", tmp,
			       mtkfw_errno_text(errno));
	close(fd);
	if (!r && rename(tmp, path))
		r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot rename %s: %s", tmp,
			       mtkfw_errno_text(errno));
	if (r)
		unlink(tmp);
	return r;
}

/* The image name for a row: its file_name, else NAME.bin. */
static void out_name(const struct mtkfw_scatter_part *p, char *out, size_t n)
{
	if (p->file && !strchr(p->file, '/') && strcmp(p->file, "..") && strcmp(p->file, "."))
		snprintf(out, n, "%s", p->file);
	else
		snprintf(out, n, "%s.bin", p->name);
}

static void note(char **list, const char *name)
{
	char *old = *list;
	*list = old ? mtkfw_asprintf("%s,%s", old, name) : mtkfw_strdup(name);
	free(old);
}

int mtkfw_split_dump(struct mtkfw_ctx *ctx, const char *dump, const struct mtkfw_scatter *sc,
		     const char *dir, mtkfw_progress_cb progress, void *user, char **skipped)
{
	int in = open(dump, O_RDONLY | O_CLOEXEC), r = 0;
	if (in < 0)
		return mtkfw_fail(ctx, MTKFW_E_IO, "cannot read %s: %s", dump,
				  mtkfw_errno_text(errno));
	uint64_t size = (uint64_t)lseek(in, 0, SEEK_END), base = mtkfw_scatter_user_base(sc),
		 done = 0;
	uint8_t *buf = malloc(COPY_BLOCK);
	if (skipped)
		*skipped = NULL;
	if (!buf)
		r = MTKFW_E_NO_MEM;
	else if (mkdir(dir, 0755) && errno != EEXIST)
		r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot create %s: %s", dir,
			       mtkfw_errno_text(errno));
	for (size_t i = 0; !r && i < mtkfw_scatter_count(sc); i++) {
		const struct mtkfw_scatter_part *p = mtkfw_scatter_part(sc, i);
		uint64_t off = p->start - base;
		if (p->from_end || mtkfw_scatter_part_in_boot(p) || p->start < base ||
		    off >= size) {
			if (skipped)
				note(skipped, p->name);
			continue;
		}
		uint64_t len = p->has_size && p->size ? p->size : size - off;
		if (len > size - off)
			len = size - off; /* the dump ends inside it: keep what there is */
		char name[200], path[4400];
		out_name(p, name, sizeof(name));
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		r = copy_range(ctx, in, off, len, path, buf, progress, user, &done, size);
	}
	free(buf);
	close(in);
	return r;
}
