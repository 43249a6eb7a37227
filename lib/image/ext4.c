/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ext2/3/4 read-only through libext2fs (mtkfw/ext4.h): an I/O manager whose
 * reads go to the caller's callback (a file, a package member, the phone
 * through the DA), the superblock checked before libext2fs trusts it, and
 * files read out by path. Used by the usage maps (fsmap.c) and by whoever
 * wants one file (build.prop) out of an image.
 */
#ifndef MTKFW_NO_EXT2FS
#include <et/com_err.h>
#include <pthread.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "ext4_priv.h"
#include "internal.h"
#include "mtkfw/ext4.h"

#ifndef MTKFW_NO_EXT2FS

/* ---- an I/O manager that reads through the caller ---- */

/* Filled in below and never written: it lacks const only because libext2fs's API does. */
static struct struct_io_manager x_manager;

/* The channel's name carries the struct xio's address ("mtkfw:%p"). */
static errcode_t x_open(const char *name, int flags, io_channel *channel)
{
	void *p = NULL;
	if (sscanf(name, "mtkfw:%p", &p) != 1 || !p)
		return EXT2_ET_BAD_DEVICE_NAME;
	if (flags & IO_FLAG_RW)
		return EXT2_ET_RO_FILSYS;
	io_channel io = calloc(1, sizeof(*io));
	char *nm = strdup(name);
	if (!io || !nm) {
		free(io);
		free(nm);
		return EXT2_ET_NO_MEMORY;
	}
	io->magic = EXT2_ET_MAGIC_IO_CHANNEL;
	io->manager = &x_manager;
	io->name = nm;
	io->block_size = 1024;
	io->refcount = 1;
	io->private_data = p;
	*channel = io;
	return 0;
}

static errcode_t x_close(io_channel io)
{
	if (--io->refcount > 0)
		return 0;
	free(io->name);
	free(io);
	return 0;
}

static errcode_t x_set_blksize(io_channel io, int size)
{
	if (size <= 0 || size > (1 << 16))
		return EXT2_ET_INVALID_ARGUMENT;
	io->block_size = size;
	return 0;
}

/* count < 0 means -count bytes (libext2fs's convention). */
static errcode_t x_read64(io_channel io, unsigned long long block, int count, void *data)
{
	struct xio *x = io->private_data;
	uint64_t n = count < 0 ? (uint64_t)(-(int64_t)count)
			       : (uint64_t)count * (uint64_t)io->block_size;
	if (block > x->len / (uint64_t)io->block_size)
		return EXT2_ET_SHORT_READ;
	uint64_t off = block * (uint64_t)io->block_size;
	if (n > x->len - off || n > (64u << 20))
		return EXT2_ET_SHORT_READ;
	int r = x->read(x->user, off, data, (size_t)n);
	if (r) {
		x->err = r;
		return EXT2_ET_SHORT_READ;
	}
	return 0;
}

static errcode_t x_read(io_channel io, unsigned long block, int count, void *data)
{
	return x_read64(io, block, count, data);
}

static errcode_t x_write(io_channel io, unsigned long block, int count, const void *data)
{
	(void)io, (void)block, (void)count, (void)data;
	return EXT2_ET_RO_FILSYS;
}

static errcode_t x_write64(io_channel io, unsigned long long block, int count, const void *data)
{
	(void)io, (void)block, (void)count, (void)data;
	return EXT2_ET_RO_FILSYS;
}

static errcode_t x_flush(io_channel io)
{
	(void)io;
	return 0;
}

static struct struct_io_manager x_manager = {
	.magic = EXT2_ET_MAGIC_IO_MANAGER,
	.name = "mtkfw read-only I/O",
	.open = x_open,
	.close = x_close,
	.set_blksize = x_set_blksize,
	.read_blk = x_read,
	.write_blk = x_write,
	.flush = x_flush,
	.read_blk64 = x_read64,
	.write_blk64 = x_write64,
};

/* A com_err hook that says nothing: the library never prints. */
static void quiet(const char *who, long code, const char *fmt, va_list ap)
{
	(void)who, (void)code, (void)fmt, (void)ap;
}

/*
 * libext2fs reports some errors through com_err, whose hook is one for the
 * whole process and prints by default. Set and reset around each open, two
 * sessions opening filesystems in two threads raced for it (one's reset
 * unsilenced the other's open, or left quiet in place for good), so it is set
 * once, before the first open, and never reset: to quiet, unless the program
 * has a hook of its own in place, which is kept (what it shows is its choice).
 * com_err gives no way to read the hook but by setting it: the program's hook
 * is taken out for the few instructions this takes, once.
 */
static void silence_com_err(void)
{
	void (*program)(const char *, long, const char *, va_list) = reset_com_err_hook();
	void (*printing)(const char *, long, const char *, va_list) = set_com_err_hook(quiet);
	if (program != printing)
		set_com_err_hook(program);
}

static pthread_once_t com_err_once = PTHREAD_ONCE_INIT;

/*
 * The superblock's geometry, checked before libext2fs sizes anything by it:
 * libext2fs 1.47 trusts some of these fields when it reads the bitmaps (a
 * first data block past 1 overran its buffer under the fuzzer).
 */
static bool ext_plausible(const uint8_t *sb, uint64_t len)
{
	uint32_t log = get_le32(sb + 0x18), clog = get_le32(sb + 0x1C);
	uint32_t per_group = get_le32(sb + 0x20), c_per_group = get_le32(sb + 0x24);
	uint32_t incompat = get_le32(sb + 0x60), first = get_le32(sb + 0x14);
	uint64_t blocks = get_le32(sb + 0x04);
	bool bigalloc = get_le32(sb + 0x64) & 0x200; /* RO_COMPAT_BIGALLOC */
	if (incompat & 0x80)			     /* INCOMPAT_64BIT */
		blocks |= (uint64_t)get_le32(sb + 0x150) << 32;
	if (get_le16(sb + 0x38) != 0xEF53 || log > 6 || get_le32(sb + 0x4C) > 1 ||
	    !get_le32(sb + 0x28))
		return false;
	uint64_t bs = 1024u << log;
	if (first != (bs == 1024 && !bigalloc ? 1u : 0u))
		return false;
	if (bigalloc ? clog < log || clog > log + 16 || !c_per_group || c_per_group > 8 * bs
		     : clog != log || c_per_group != per_group)
		return false;
	uint16_t ds = get_le16(sb + 0xFE);
	if ((incompat & 0x80) && (ds < 32 || ds > 1024 || (ds & (ds - 1))))
		return false;
	return blocks && blocks <= len / bs && blocks > first && per_group >= 8 &&
	       per_group <= 8 * bs;
}

int ext4_open(struct xio *x, uint64_t len, bool bitmaps, ext2_filsys *out)
{
	uint8_t sb[2048];
	*out = NULL;
	int r = len < sizeof(sb) ? MTKFW_E_FORMAT : x->read(x->user, 0, sb, sizeof(sb));
	if (r)
		return r;
	if (!ext_plausible(sb + 1024, len))
		return MTKFW_E_FORMAT;
	char name[64];
	ext2_filsys fs = NULL;
	snprintf(name, sizeof(name), "mtkfw:%p", (void *)x);
	pthread_once(&com_err_once, silence_com_err);
	errcode_t e = ext2fs_open2(name, NULL, EXT2_FLAG_64BITS, 0, 0, &x_manager, &fs);
	if (!e && bitmaps)
		e = ext2fs_read_block_bitmap(fs);
	if (e) {
		if (fs)
			ext2fs_close_free(&fs);
		return x->err ? x->err : MTKFW_E_FORMAT;
	}
	*out = fs;
	return 0;
}

/* The inode of path, symlinks followed (the last part too when follow); 0 or MTKFW_E_NOT_FOUND. */
static int lookup(ext2_filsys fs, const char *path, bool follow, ext2_ino_t *ino)
{
	while (*path == '/')
		path++;
	if (!*path) {
		*ino = EXT2_ROOT_INO;
		return 0;
	}
	errcode_t e = follow ? ext2fs_namei_follow(fs, EXT2_ROOT_INO, EXT2_ROOT_INO, path, ino)
			     : ext2fs_namei(fs, EXT2_ROOT_INO, EXT2_ROOT_INO, path, ino);
	return e ? MTKFW_E_NOT_FOUND : 0;
}

/*
 * The file ino (a regular file or a link's target text) to sink in pieces of
 * at most 1 MiB; *size first (before any piece), when size is not NULL and
 * check says yes to it. 0, the sink's or check's non-zero value, or an error.
 */
static int stream_file(ext2_filsys fs, ext2_ino_t ino, int (*check)(void *, uint64_t),
		       mtkfw_ext4_sink_cb sink, void *user)
{
	struct ext2_inode in;
	ext2_file_t f = NULL;
	if (ext2fs_read_inode(fs, ino, &in))
		return MTKFW_E_FORMAT;
	if (!LINUX_S_ISREG(in.i_mode) && !LINUX_S_ISLNK(in.i_mode))
		return MTKFW_E_NOT_FOUND;
	if (ext2fs_file_open(fs, ino, 0, &f))
		return MTKFW_E_FORMAT;
	__u64 size = 0;
	ext2fs_file_get_lsize(f, &size);
	uint8_t *buf = malloc(size < (1u << 20) ? (size_t)size + 1 : 1u << 20);
	int r = check ? check(user, size) : 0;
	if (!r && !buf)
		r = MTKFW_E_NO_MEM;
	for (uint64_t got = 0; !r && got < size;) {
		unsigned int n = 0,
			     want = size - got > (1u << 20) ? 1u << 20 : (unsigned)(size - got);
		if (ext2fs_file_read(f, buf, want, &n) || !n)
			r = MTKFW_E_FORMAT;
		else
			r = sink(user, buf, n);
		got += n;
	}
	ext2fs_file_close(f);
	free(buf);
	return r;
}

/* A whole file gathered in memory, at most max bytes. */
struct whole {
	uint8_t *buf;
	size_t len, max;
};

static int whole_size(void *user, uint64_t size)
{
	struct whole *w = user;
	if (size > w->max)
		return MTKFW_E_TOO_LARGE;
	return (w->buf = malloc((size_t)size + 1)) ? 0 : MTKFW_E_NO_MEM;
}

static int whole_put(void *user, const void *p, size_t n)
{
	struct whole *w = user;
	memcpy(w->buf + w->len, p, n);
	w->len += n;
	return 0;
}

/* The whole file ino (at most max bytes) into a new NUL-terminated buffer. */
static int read_whole(ext2_filsys fs, ext2_ino_t ino, size_t max, uint8_t **out, size_t *len)
{
	struct whole w = {NULL, 0, max};
	int r = stream_file(fs, ino, whole_size, whole_put, &w);
	if (r) {
		free(w.buf);
		return r;
	}
	if (!w.buf && !(w.buf = malloc(1)))
		return MTKFW_E_NO_MEM;
	w.buf[w.len] = 0;
	*out = w.buf;
	*len = w.len;
	return 0;
}

/* A lookup's outcome said on ctx (a failing read is the callback's to say). */
static int said(struct mtkfw_ctx *ctx, const struct xio *x, bool opened, int r, const char *path,
		const char *what, size_t max)
{
	if (x->err)
		return x->err;
	if (!opened && r == MTKFW_E_FORMAT)
		return mtkfw_fail(ctx, r,
				  "no ext2/3/4 filesystem: no superblock, or one whose geometry "
				  "does not fit the image's %llu bytes",
				  (unsigned long long)x->len);
	switch (r) {
	case 0:
		return 0;
	case MTKFW_E_NOT_FOUND:
		return mtkfw_fail(ctx, r, "%s: no such %s in the filesystem", path, what);
	case MTKFW_E_TOO_LARGE:
		return mtkfw_fail(ctx, r, "%s: bigger than %zu bytes", path, max);
	case MTKFW_E_NO_MEM:
		return mtkfw_fail(ctx, r, "out of memory");
	default:
		return mtkfw_fail(
			ctx, MTKFW_E_FORMAT,
			"%s: no readable ext2/3/4 filesystem holds it (superblock, inode, "
			"directory or extent damaged)",
			path);
	}
}

/*
 * The regular file at path streamed to sink (check first sees its size);
 * *opened: the filesystem was there. 0, check's or sink's value, or an error.
 */
static int stream_path(struct xio *x, const char *path, int (*check)(void *, uint64_t),
		       mtkfw_ext4_sink_cb sink, void *user, bool *opened)
{
	ext2_filsys fs = NULL;
	ext2_ino_t ino = 0;
	struct ext2_inode in;
	int r = ext4_open(x, x->len, false, &fs);
	if (!r)
		r = lookup(fs, path, true, &ino);
	if (!r)
		r = ext2fs_read_inode(fs, ino, &in) ? MTKFW_E_FORMAT
		    : LINUX_S_ISREG(in.i_mode)	    ? stream_file(fs, ino, check, sink, user)
						    : MTKFW_E_NOT_FOUND;
	*opened = fs != NULL;
	if (fs)
		ext2fs_close_free(&fs);
	return r;
}

int mtkfw_ext4_read_file(struct mtkfw_ctx *ctx, mtkfw_read_at_cb read, void *user, uint64_t len,
			 const char *path, size_t max, uint8_t **out, size_t *out_len)
{
	struct xio x = {read, user, len, 0};
	struct whole w = {NULL, 0, max};
	bool opened;
	*out = NULL;
	*out_len = 0;
	int r = stream_path(&x, path, whole_size, whole_put, &w, &opened);
	if (!r && !w.buf && !(w.buf = malloc(1)))
		r = MTKFW_E_NO_MEM;
	if (r) {
		free(w.buf);
		return said(ctx, &x, opened, r, path, "regular file", max);
	}
	w.buf[w.len] = 0;
	*out = w.buf;
	*out_len = w.len;
	return 0;
}

/* The caller's sink, its value kept apart from the filesystem's errors. */
struct sink_call {
	mtkfw_ext4_sink_cb sink;
	void *user;
	int r;
};

static int call_sink(void *user, const void *buf, size_t n)
{
	struct sink_call *c = user;
	return c->r = c->sink(c->user, buf, n);
}

int mtkfw_ext4_copy_file(struct mtkfw_ctx *ctx, mtkfw_read_at_cb read, void *user, uint64_t len,
			 const char *path, mtkfw_ext4_sink_cb sink, void *sink_user)
{
	struct xio x = {read, user, len, 0};
	struct sink_call c = {sink, sink_user, 0};
	bool opened;
	int r = stream_path(&x, path, NULL, call_sink, &c, &opened);
	return c.r ? c.r : said(ctx, &x, opened, r, path, "regular file", 0);
}

struct lister {
	ext2_filsys fs;
	mtkfw_ext4_list_cb cb;
	void *user;
	int r;	 /* MTKFW_E_FORMAT for an unreadable inode, or the callback's value */
	int cbr; /* the callback's non-zero value: returned as it is */
};

/* A symbolic link's target: in the inode (a fast link) or in its data. */
static char *link_target(ext2_filsys fs, ext2_ino_t ino, struct ext2_inode *in)
{
	if (ext2fs_is_fast_symlink(in)) {
		size_t n = strnlen((const char *)in->i_block, sizeof(in->i_block));
		char *t = malloc(n + 1);
		if (t) {
			memcpy(t, in->i_block, n);
			t[n] = 0;
		}
		return t;
	}
	uint8_t *t = NULL;
	size_t n;
	return read_whole(fs, ino, 4096, &t, &n) ? NULL : (char *)t;
}

/* One inode as an entry for the callback. */
static int emit_entry(struct lister *l, ext2_ino_t ino, const char *name)
{
	struct ext2_inode in;
	if (ext2fs_read_inode(l->fs, ino, &in))
		return MTKFW_E_FORMAT;
	struct mtkfw_ext4_entry e = {
		.name = name,
		.mode = in.i_mode,
		.uid = inode_uid(in),
		.gid = inode_gid(in),
		.size = EXT2_I_SIZE(&in),
		.mtime = (int64_t)in.i_mtime,
	};
	char *target = LINUX_S_ISLNK(in.i_mode) ? link_target(l->fs, ino, &in) : NULL;
	e.link = target;
	if (LINUX_S_ISCHR(in.i_mode) || LINUX_S_ISBLK(in.i_mode))
		e.rdev = in.i_block[0] ? in.i_block[0] : in.i_block[1];
	l->cbr = l->cb(l->user, &e);
	free(target);
	return l->cbr;
}

static int each_dirent(ext2_ino_t dir, int entry, struct ext2_dir_entry *d, int offset,
		       int blocksize, char *buf, void *priv)
{
	(void)dir, (void)entry, (void)offset, (void)blocksize, (void)buf;
	struct lister *l = priv;
	int n = ext2fs_dirent_name_len(d);
	char name[EXT2_NAME_LEN + 1];
	memcpy(name, d->name, (size_t)n);
	name[n] = 0;
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return 0;
	l->r = emit_entry(l, d->inode, name);
	return l->r ? DIRENT_ABORT : 0;
}

int mtkfw_ext4_list(struct mtkfw_ctx *ctx, mtkfw_read_at_cb read, void *user, uint64_t len,
		    const char *path, mtkfw_ext4_list_cb cb, void *cb_user)
{
	struct xio x = {read, user, len, 0};
	struct lister l = {NULL, cb, cb_user, 0, 0};
	ext2_ino_t ino = 0;
	struct ext2_inode in;
	int r = ext4_open(&x, len, false, &l.fs);
	if (!r)
		r = lookup(l.fs, path, false, &ino);
	if (!r && ext2fs_read_inode(l.fs, ino, &in))
		r = MTKFW_E_FORMAT;
	if (!r && LINUX_S_ISDIR(in.i_mode)) {
		errcode_t e = ext2fs_dir_iterate2(l.fs, ino, 0, NULL, each_dirent, &l);
		r = l.r ? l.r : e ? MTKFW_E_FORMAT : 0;
	} else if (!r) {
		const char *base = strrchr(path, '/');
		r = emit_entry(&l, ino, base && base[1] ? base + 1 : path);
	}
	bool opened = l.fs != NULL;
	if (l.fs)
		ext2fs_close_free(&l.fs);
	return l.cbr ? l.cbr : said(ctx, &x, opened, r, path, "file or directory", 0);
}

#else /* a build without libext2fs (Windows: docs/windows.md) */

static int no_ext2fs(struct mtkfw_ctx *ctx)
{
	return mtkfw_fail(ctx, MTKFW_E_UNSUPPORTED,
			  "this build of mtkfw has no libext2fs (Windows): it cannot read "
			  "ext2/3/4 images; the Linux build can");
}

int mtkfw_ext4_read_file(struct mtkfw_ctx *ctx, mtkfw_read_at_cb read, void *user, uint64_t len,
			 const char *path, size_t max, uint8_t **out, size_t *out_len)
{
	(void)read, (void)user, (void)len, (void)path, (void)max;
	*out = NULL;
	*out_len = 0;
	return no_ext2fs(ctx);
}

int mtkfw_ext4_list(struct mtkfw_ctx *ctx, mtkfw_read_at_cb read, void *user, uint64_t len,
		    const char *path, mtkfw_ext4_list_cb cb, void *cb_user)
{
	(void)read, (void)user, (void)len, (void)path, (void)cb, (void)cb_user;
	return no_ext2fs(ctx);
}

int mtkfw_ext4_copy_file(struct mtkfw_ctx *ctx, mtkfw_read_at_cb read, void *user, uint64_t len,
			 const char *path, mtkfw_ext4_sink_cb sink, void *sink_user)
{
	(void)read, (void)user, (void)len, (void)path, (void)sink, (void)sink_user;
	return no_ext2fs(ctx);
}
#endif
