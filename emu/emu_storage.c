/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The virtual eMMC: boot1, boot2, rpmb and user areas, each a raw image file
 * (created sparse when absent), accessed with pread/pwrite so memory does not
 * depend on the size. Plain raw files: a full readback of a real phone loads
 * as is.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emu_priv.h"

static const uint64_t default_size[MTKFW_EMU_AREAS] = {
	0x200000,   /* boot1 (real MT6572, docs/protocol.md 6) */
	0x200000,   /* boot2 */
	0x80000,    /* rpmb (Toshiba) */
	0xEC000000, /* user */
};
static const char *const area_name[MTKFW_EMU_AREAS] = {"boot1", "boot2", "rpmb", "user"};

const char *emu_area_name(int area)
{
	return area >= 0 && area < MTKFW_EMU_AREAS ? area_name[area] : "?";
}

/* Open (or create, sparse) one area's file; the size comes from the file unless forced. */
static int open_area(struct emu_storage *st, int a, const char *path, uint64_t want, char *err,
		     size_t errlen)
{
	struct stat sb;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0 || fstat(fd, &sb)) {
		emu_errf(err, errlen, "cannot open %s image %s: %s", area_name[a], path,
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	uint64_t have = (uint64_t)sb.st_size;
	if (!have) {
		have = want ? want : default_size[a];
		if (ftruncate(fd, (off_t)have)) {
			emu_errf(err, errlen, "cannot size %s to %llu bytes: %s", path,
				 (unsigned long long)have, strerror(errno));
			close(fd);
			return -1;
		}
	} else if (want && want != have) {
		emu_errf(err, errlen, "%s is %llu bytes but a %s area of %llu was asked for", path,
			 (unsigned long long)have, area_name[a], (unsigned long long)want);
		close(fd);
		return -1;
	}
	st->fd[a] = fd;
	st->size[a] = have;
	return 0;
}

int emu_storage_open(struct emu_storage *st, const struct mtkfw_emu_config *cfg, char *err,
		     size_t errlen)
{
	for (int a = 0; a < MTKFW_EMU_AREAS; a++)
		st->fd[a] = -1;
	if (!cfg->path[MTKFW_EMU_USER]) {
		emu_errf(err, errlen, "no user-area image given (--user FILE)");
		return -1;
	}
	for (int a = 0; a < MTKFW_EMU_AREAS; a++) {
		char path[4096];
		if (cfg->path[a])
			snprintf(path, sizeof(path), "%s", cfg->path[a]);
		else
			snprintf(path, sizeof(path), "%s.%s", cfg->path[MTKFW_EMU_USER],
				 area_name[a]);
		if (open_area(st, a, path, cfg->size[a], err, errlen)) {
			emu_storage_close(st);
			return -1;
		}
	}
	st->write_mbps = cfg->emmc_write_mbps;
	return 0;
}

void emu_storage_close(struct emu_storage *st)
{
	for (int a = 0; a < MTKFW_EMU_AREAS; a++)
		if (st->fd[a] >= 0) {
			close(st->fd[a]);
			st->fd[a] = -1;
		}
}

static bool bounds(const struct emu_storage *st, int a, uint64_t off, uint64_t n)
{
	return a >= 0 && a < MTKFW_EMU_AREAS && st->fd[a] >= 0 && off <= st->size[a] &&
	       n <= st->size[a] - off;
}

int emu_storage_read(struct emu_storage *st, int a, uint64_t off, void *buf, size_t n)
{
	if (!bounds(st, a, off, n))
		return -1;
	uint8_t *p = buf;
	while (n) {
		ssize_t r = pread(st->fd[a], p, n, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0) { /* past the end of a short file: erased flash reads as zeros */
			memset(p, 0, n);
			break;
		}
		p += r;
		off += (uint64_t)r;
		n -= (size_t)r;
	}
	return 0;
}

int emu_storage_write(struct emu_storage *st, int a, uint64_t off, const void *buf, size_t n)
{
	if (!bounds(st, a, off, n))
		return -1;
	st->changed += n;
	const uint8_t *p = buf;
	while (n) {
		ssize_t r = pwrite(st->fd[a], p, n, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		off += (uint64_t)r;
		n -= (size_t)r;
	}
	return 0;
}

int emu_storage_erase(struct emu_storage *st, int a, uint64_t off, uint64_t n)
{
	return emu_storage_fill(st, a, off, n, 0);
}

int emu_storage_fill(struct emu_storage *st, int a, uint64_t off, uint64_t n, uint8_t byte)
{
	if (!bounds(st, a, off, n))
		return -1;
	/* Punching a hole is instant and leaves zeros, like an erased eMMC here. */
	if (!byte && !fallocate(st->fd[a], FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off,
				(off_t)n)) {
		st->changed += n;
		return 0;
	}
	uint8_t blk[1 << 16];
	memset(blk, byte, sizeof(blk));
	while (n) {
		size_t k = n < sizeof(blk) ? (size_t)n : sizeof(blk);
		if (emu_storage_write(st, a, off, blk, k))
			return -1;
		off += k;
		n -= k;
	}
	return 0;
}
