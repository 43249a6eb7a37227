/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* An ext2/3/4 filesystem opened read-only through a read callback (ext4.c). */
#ifndef MTKFW_EXT4_PRIV_H
#define MTKFW_EXT4_PRIV_H

#include <stdbool.h>
#ifndef MTKFW_NO_EXT2FS
#include <ext2fs/ext2fs.h>
#endif

#include "mtkfw/fsmap.h"

struct xio {
	mtkfw_read_at_cb read;
	void *user;
	uint64_t len;
	int err; /* the callback's own error, passed on instead of "no filesystem" */
};

#ifndef MTKFW_NO_EXT2FS
/**
 * Open the filesystem at the start of x's len bytes, read-only, after its
 * superblock's geometry was found plausible. 0 with *fs (ext2fs_close_free
 * it); MTKFW_E_FORMAT when it is no ext2/3/4 mtkfw trusts; x->err when a
 * read failed. With bitmaps, the block bitmap is read too. libext2fs's own
 * messages are silenced.
 */
int ext4_open(struct xio *x, uint64_t len, bool bitmaps, ext2_filsys *fs);
#endif

#endif
