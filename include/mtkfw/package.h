/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Firmware packages: a folder, or a ZIP / 7z / tar(.gz/.xz/.bz2/.zst) file
 * read through libarchive without extracting anything to disk. Entries are
 * listed once at open; their data is streamed on request.
 */
#ifndef MTKFW_PACKAGE_H
#define MTKFW_PACKAGE_H

#include <sys/types.h>

#include "mtkfw/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Entries larger than this are refused as absurd (no MT65xx eMMC is larger). */
#define MTKFW_PKG_MAX_ENTRY_SIZE (64ull << 30)

enum mtkfw_entry_type {
	MTKFW_ENTRY_FILE = 0,
	MTKFW_ENTRY_DIR,
	MTKFW_ENTRY_SYMLINK,
	MTKFW_ENTRY_HARDLINK,
	MTKFW_ENTRY_OTHER, /**< device, fifo, socket, dangling folder link */
};

/** One member of a package. */
struct mtkfw_pkg_entry {
	const char *path; /**< '/'-separated path inside the package, no leading "./" */
	const char *name; /**< last path component */
	const char *dir;  /**< directory part, "" at the top */
	enum mtkfw_entry_type type;
	bool size_known;
	uint64_t size;
	const char *link; /**< link target, for links */
	bool unsafe_path; /**< absolute, drive-lettered or containing ".." */
	bool encrypted;	  /**< cannot be read without a password */
};

struct mtkfw_pkg;
struct mtkfw_stream;

/**
 * Open a package. path may be a folder, an archive file, or a scatter file
 * inside a folder (the folder is opened and that scatter preferred).
 */
int mtkfw_pkg_open(struct mtkfw_ctx *ctx, const char *path, struct mtkfw_pkg **out);

/** Close a package; NULL is accepted. */
void mtkfw_pkg_close(struct mtkfw_pkg *pkg);

/** The path given to mtkfw_pkg_open(). */
const char *mtkfw_pkg_path(const struct mtkfw_pkg *pkg);

/**
 * Where entry idx of a folder package lies on disk (malloc'd; free it), for
 * readers that seek; NULL for an archive's member (or out of memory).
 */
char *mtkfw_pkg_local_path(const struct mtkfw_pkg *pkg, size_t idx);

/** "folder", "zip", "7z", "tar", "tar.gz", "tar.xz", ... */
const char *mtkfw_pkg_kind(const struct mtkfw_pkg *pkg);

/** When opened through a scatter file: its entry path, else NULL. */
const char *mtkfw_pkg_preferred_scatter(const struct mtkfw_pkg *pkg);

size_t mtkfw_pkg_count(const struct mtkfw_pkg *pkg);

const struct mtkfw_pkg_entry *mtkfw_pkg_entry(const struct mtkfw_pkg *pkg, size_t i);

/**
 * Find the regular file named name in directory dir. name may end in '*'
 * ("preloader*.bin" style globs: one '*' anywhere). With icase, ASCII case is
 * ignored. Returns 0 and *idx, MTKFW_E_NOT_FOUND, or MTKFW_E_AMBIGUOUS for a
 * glob with several matches.
 */
int mtkfw_pkg_find(const struct mtkfw_pkg *pkg, const char *dir, const char *name, bool icase,
		   size_t *idx);

/**
 * Read a whole small entry (at most max bytes) into a new buffer, NUL
 * terminated; *len excludes the NUL. MTKFW_E_TOO_LARGE if bigger.
 */
int mtkfw_pkg_read_small(struct mtkfw_ctx *ctx, struct mtkfw_pkg *pkg, size_t idx, size_t max,
			 char **buf, size_t *len);

/** Called for each wanted entry with a stream of its data; non-zero stops the walk. */
typedef int (*mtkfw_pkg_visit_cb)(void *user, size_t idx, struct mtkfw_stream *s);

/**
 * Stream the wanted entries (wanted[i] for entry i; NULL = every file) in
 * package order, each exactly once: a single pass over an archive.
 */
int mtkfw_pkg_foreach(struct mtkfw_ctx *ctx, struct mtkfw_pkg *pkg, const bool *wanted,
		      mtkfw_pkg_visit_cb cb, void *user);

/** Open one entry for reading (an archive is reopened and wound to it). */
int mtkfw_pkg_open_entry(struct mtkfw_ctx *ctx, struct mtkfw_pkg *pkg, size_t idx,
			 struct mtkfw_stream **out);

/**
 * Read up to n bytes: returns the count, 0 at the end, or a negative
 * MTKFW_E_* (MTKFW_E_UNSAFE when a member yields more than its declared size).
 */
ssize_t mtkfw_stream_read(struct mtkfw_stream *s, void *buf, size_t n);

/**
 * Zero-copy read: *data points at the next bytes (valid until the next call),
 * *len how many. Returns 1 with data, 0 at the end, or a negative MTKFW_E_*.
 * Faster than mtkfw_stream_read() for archives (no copy out of libarchive).
 */
int mtkfw_stream_next(struct mtkfw_stream *s, const uint8_t **data, size_t *len);

/** Close a stream from mtkfw_pkg_open_entry(); NULL is accepted. */
void mtkfw_stream_close(struct mtkfw_stream *s);

/**
 * Unpack the wanted members (wanted[i] for entry i) into the existing folder
 * dir, each under its own file name, in one pass: all-zero 4 KiB blocks
 * become holes. Refused before anything is written when a wanted member is
 * not a plain file with a safe name (MTKFW_E_UNSAFE) or two share a name
 * (MTKFW_E_AMBIGUOUS). progress (may be NULL) gets the bytes unpacked of the
 * members' total; non-zero from it stops with MTKFW_E_CANCELLED.
 */
int mtkfw_pkg_unpack(struct mtkfw_ctx *ctx, struct mtkfw_pkg *pkg, const bool *wanted,
		     const char *dir, mtkfw_progress_cb progress, void *user);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_PACKAGE_H */
