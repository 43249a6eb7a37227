/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Files out of an ext2/3/4 image, read-only, through libext2fs: a system.img
 * in a package (raw or sparse, through the caller's reader), a partition of
 * the phone through the DA. Only the blocks the lookup and the file need are
 * read. The superblock's geometry is checked before libext2fs trusts it.
 */
#ifndef MTKFW_EXT4_H
#define MTKFW_EXT4_H

#include <stddef.h>
#include <stdint.h>

#include "mtkfw/core.h"
#include "mtkfw/fsmap.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Read the regular file at path ('/'-separated from the filesystem's root;
 * symbolic links inside the filesystem followed) out of the ext2/3/4
 * filesystem at the start of an image of len bytes, reading through read.
 * At most max bytes: 0 with *out (malloc'd, NUL-terminated; free it) and
 * *out_len. MTKFW_E_FORMAT: no ext2/3/4 mtkfw trusts, or a damaged inode;
 * MTKFW_E_NOT_FOUND: no such regular file; MTKFW_E_TOO_LARGE: bigger than
 * max. A failing read's own code is returned as it is (the callback says
 * why); every other failure is said on ctx.
 */
int mtkfw_ext4_read_file(struct mtkfw_ctx *ctx, mtkfw_read_at_cb read, void *user, uint64_t len,
			 const char *path, size_t max, uint8_t **out, size_t *out_len);

/** Receives a file's bytes in order; non-zero stops and is returned. */
typedef int (*mtkfw_ext4_sink_cb)(void *user, const void *buf, size_t len);

/**
 * The regular file at path (as mtkfw_ext4_read_file finds it) to sink, in
 * pieces of at most 1 MiB: memory stays bounded whatever the file's size.
 * 0, the sink's non-zero value as it is, or the errors of
 * mtkfw_ext4_read_file (MTKFW_E_TOO_LARGE aside).
 */
int mtkfw_ext4_copy_file(struct mtkfw_ctx *ctx, mtkfw_read_at_cb read, void *user, uint64_t len,
			 const char *path, mtkfw_ext4_sink_cb sink, void *sink_user);

/** One file of a directory listing. */
struct mtkfw_ext4_entry {
	const char *name; /**< the name in its directory (the path's last part for a file) */
	uint32_t mode;	  /**< type and permission bits, as stat's st_mode */
	uint32_t uid, gid;
	uint64_t size;
	int64_t mtime;
	const char *link; /**< a symbolic link's target (NULL otherwise, or unreadable) */
	uint32_t rdev;	  /**< a device node's major << 8 | minor (old encoding) */
};

/** Receives each entry; non-zero stops the listing and is returned. */
typedef int (*mtkfw_ext4_list_cb)(void *user, const struct mtkfw_ext4_entry *e);

/**
 * List the directory at path (its entries in directory order, "." and ".."
 * left out) or, for any other file, that file alone; symbolic links are
 * followed to get there except for the last part. Errors as
 * mtkfw_ext4_read_file().
 */
int mtkfw_ext4_list(struct mtkfw_ctx *ctx, mtkfw_read_at_cb read, void *user, uint64_t len,
		    const char *path, mtkfw_ext4_list_cb cb, void *cb_user);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_EXT4_H */
