/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Package sources. Archives go through libarchive (ZIP, 7z, tar with any
 * filter); folders through plain POSIX calls. Both are listed once into the
 * same entry table, and both hand out data as mtkfw_stream objects.
 */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "mtkfw/package.h"

#define PKG_MAX_ENTRIES 100000
#define PKG_MAX_DEPTH	16
#define ARCHIVE_BLOCK	(64u * 1024)

struct mtkfw_pkg {
	char *path; /* as given */
	char *root; /* folder root, or the archive file */
	bool is_folder;
	char kind[32];
	char *preferred; /* scatter entry path when opened through a scatter file */
	struct mtkfw_pkg_entry *e;
	size_t n, cap;
};

struct mtkfw_stream {
	struct mtkfw_ctx *ctx;
	const struct mtkfw_pkg_entry *entry;
	int fd;		   /* folder member */
	struct archive *a; /* archive member */
	bool own_archive;  /* close a on stream close */
	uint64_t done;
	uint8_t *buf;	  /* folder members: mtkfw_stream_next() buffer */
	bool has_pending; /* archive: next block, possibly behind a hole */
	const void *pending;
	size_t pending_len;
	uint64_t pending_off;
};

/* Folder reads: small enough to stay in cache between the copy and the use. */
#define FOLDER_BLOCK (128u * 1024)

/* ---- entry table ---- */

/* Normalise a member path: '\\' to '/', drop "./" and leading "/" (noting it). */
static char *normalise(const char *raw, bool *unsafe)
{
	char *p = mtkfw_strdup(raw);
	if (!p)
		return NULL;
	for (char *c = p; *c; c++)
		if (*c == '\\')
			*c = '/';
	*unsafe = p[0] == '/' || (p[0] && p[1] == ':');
	char *s = p;
	while (*s == '/' || (s[0] == '.' && s[1] == '/'))
		s += (*s == '/') ? 1 : 2;
	for (const char *c = s; *c; c++)
		if (c[0] == '.' && c[1] == '.' && (c == s || c[-1] == '/') &&
		    (c[2] == 0 || c[2] == '/'))
			*unsafe = true;
	size_t n = strlen(s);
	while (n && s[n - 1] == '/')
		s[--n] = 0;
	memmove(p, s, n + 1);
	return p;
}

/* Append an entry; path is taken over. name/dir point into a second copy. */
static int add_entry(struct mtkfw_ctx *ctx, struct mtkfw_pkg *pkg, const char *rawpath,
		     enum mtkfw_entry_type type, bool size_known, uint64_t size, const char *link)
{
	if (pkg->n >= PKG_MAX_ENTRIES)
		return mtkfw_fail(ctx, MTKFW_E_TOO_LARGE,
				  "%s has more than %d members: not a firmware package", pkg->path,
				  PKG_MAX_ENTRIES);
	if (mtkfw_grow((void **)&pkg->e, &pkg->cap, pkg->n + 1, sizeof(*pkg->e)))
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	struct mtkfw_pkg_entry *e = &pkg->e[pkg->n];
	memset(e, 0, sizeof(*e));
	char *path = normalise(rawpath, &e->unsafe_path);
	char *dir = mtkfw_strdup(path);
	char *lk = link ? mtkfw_strdup(link) : NULL;
	if (!path || !dir || (link && !lk)) {
		free(path);
		free(dir);
		free(lk);
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	}
	char *slash = strrchr(dir, '/');
	e->name = path + (slash ? (size_t)(slash - dir) + 1 : 0);
	if (slash)
		*slash = 0;
	else
		dir[0] = 0;
	e->path = path;
	e->dir = dir;
	e->type = type;
	e->size_known = size_known;
	e->size = size;
	e->link = lk;
	pkg->n++;
	return 0;
}

/* ---- folders ---- */

static int walk(struct mtkfw_ctx *ctx, struct mtkfw_pkg *pkg, const char *rel, int depth);

/* Add one directory member found by walk(). */
static int walk_one(struct mtkfw_ctx *ctx, struct mtkfw_pkg *pkg, const char *rel, int depth)
{
	char *full = mtkfw_asprintf("%s/%s", pkg->root, rel);
	if (!full)
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	struct stat ls, st;
	int r = 0;
	if (lstat(full, &ls)) {
		r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot stat %s: %s", full,
			       mtkfw_errno_text(errno));
	} else if (S_ISDIR(ls.st_mode)) {
		r = add_entry(ctx, pkg, rel, MTKFW_ENTRY_DIR, false, 0, NULL);
		if (!r)
			r = walk(ctx, pkg, rel, depth + 1);
	} else if (S_ISREG(ls.st_mode)) {
		r = add_entry(ctx, pkg, rel, MTKFW_ENTRY_FILE, true, (uint64_t)ls.st_size, NULL);
	} else if (S_ISLNK(ls.st_mode) && !stat(full, &st) && S_ISREG(st.st_mode)) {
		/* A link to a file in the user's own folder is followed, like a copy. */
		r = add_entry(ctx, pkg, rel, MTKFW_ENTRY_FILE, true, (uint64_t)st.st_size, NULL);
	} else {
		r = add_entry(ctx, pkg, rel, MTKFW_ENTRY_OTHER, false, 0, NULL);
	}
	free(full);
	return r;
}

/* List the folder rel (relative to the root, "" for the root) recursively. */
static int walk(struct mtkfw_ctx *ctx, struct mtkfw_pkg *pkg, const char *rel, int depth)
{
	if (depth > PKG_MAX_DEPTH)
		return mtkfw_fail(ctx, MTKFW_E_TOO_LARGE,
				  "%s: folders nested deeper than %d levels at '%s'", pkg->path,
				  PKG_MAX_DEPTH, rel);
	char *full = *rel ? mtkfw_asprintf("%s/%s", pkg->root, rel) : mtkfw_strdup(pkg->root);
	DIR *d = full ? opendir(full) : NULL;
	if (!d) {
		int r = full ? mtkfw_fail(ctx, MTKFW_E_IO, "cannot read folder %s: %s", full,
					  mtkfw_errno_text(errno))
			     : mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
		free(full);
		return r;
	}
	int r = 0;
	struct dirent *de;
	while (!r && (de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		char *child =
			*rel ? mtkfw_asprintf("%s/%s", rel, de->d_name) : mtkfw_strdup(de->d_name);
		r = child ? walk_one(ctx, pkg, child, depth)
			  : mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
		free(child);
	}
	closedir(d);
	free(full);
	return r;
}

/* ---- archives ---- */

/*
 * A reader for the containers firmware packages come in (ZIP, 7z, RAR, tar) under any
 * compression filter, opened on the file. Only these: with every format libarchive knows,
 * a text file passes as an mtree listing.
 */
static int archive_open(struct mtkfw_ctx *ctx, const char *file, struct archive **out)
{
	struct archive *a = archive_read_new();
	if (!a)
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	archive_read_support_filter_all(a);
	archive_read_support_format_zip(a);
	archive_read_support_format_7zip(a);
	archive_read_support_format_rar(a);
	archive_read_support_format_rar5(a);
	archive_read_support_format_tar(a);
	if (archive_read_open_filename(a, file, ARCHIVE_BLOCK) != ARCHIVE_OK) {
		int r = mtkfw_fail(
			ctx, MTKFW_E_NOT_PACKAGE,
			"%s is not a package mtkfw can read: not a folder, nor a ZIP, 7z, RAR or tar archive, compressed or not (%s)",
			file, archive_error_string(a) ? archive_error_string(a) : "unknown");
		archive_read_free(a);
		return r;
	}
	*out = a;
	return 0;
}

/* Name the archive's container and compression after the first header. */
static void archive_kind(struct archive *a, char *kind, size_t n)
{
	int fmt = archive_format(a) & ARCHIVE_FORMAT_BASE_MASK;
	const char *base = fmt == ARCHIVE_FORMAT_ZIP	  ? "zip"
			   : fmt == ARCHIVE_FORMAT_7ZIP	  ? "7z"
			   : fmt == ARCHIVE_FORMAT_TAR	  ? "tar"
			   : fmt == ARCHIVE_FORMAT_RAR	  ? "rar"
			   : fmt == ARCHIVE_FORMAT_RAR_V5 ? "rar"
							  : archive_format_name(a);
	const char *filter = "";
	switch (archive_filter_code(a, 0)) {
	case ARCHIVE_FILTER_GZIP:
		filter = ".gz";
		break;
	case ARCHIVE_FILTER_XZ:
		filter = ".xz";
		break;
	case ARCHIVE_FILTER_BZIP2:
		filter = ".bz2";
		break;
	case ARCHIVE_FILTER_ZSTD:
		filter = ".zst";
		break;
	default:
		break;
	}
	snprintf(kind, n, "%s%s", base ? base : "archive", filter);
}

static enum mtkfw_entry_type entry_type(struct archive_entry *ae)
{
	if (archive_entry_hardlink(ae))
		return MTKFW_ENTRY_HARDLINK;
	switch (archive_entry_filetype(ae)) {
	case AE_IFREG:
		return MTKFW_ENTRY_FILE;
	case AE_IFDIR:
		return MTKFW_ENTRY_DIR;
	case AE_IFLNK:
		return MTKFW_ENTRY_SYMLINK;
	default:
		return MTKFW_ENTRY_OTHER;
	}
}

/* List every member's header; data is skipped (a seek for ZIP and 7z). */
static int list_archive(struct mtkfw_ctx *ctx, struct mtkfw_pkg *pkg)
{
	struct archive *a;
	int r = archive_open(ctx, pkg->root, &a);
	if (r)
		return r;
	struct archive_entry *ae;
	int ar;
	while ((ar = archive_read_next_header(a, &ae)) == ARCHIVE_OK || ar == ARCHIVE_WARN) {
		if (!pkg->n)
			archive_kind(a, pkg->kind, sizeof(pkg->kind));
		const char *name = archive_entry_pathname(ae);
		enum mtkfw_entry_type t = entry_type(ae);
		const char *link = t == MTKFW_ENTRY_HARDLINK  ? archive_entry_hardlink(ae)
				   : t == MTKFW_ENTRY_SYMLINK ? archive_entry_symlink(ae)
							      : NULL;
		r = add_entry(ctx, pkg, name ? name : "", t, archive_entry_size_is_set(ae),
			      (uint64_t)archive_entry_size(ae), link);
		if (r)
			break;
		pkg->e[pkg->n - 1].encrypted = archive_entry_is_encrypted(ae);
	}
	if (!r && ar != ARCHIVE_EOF && !pkg->n) /* not even a first member: no format we read */
		r = mtkfw_fail(
			ctx, MTKFW_E_NOT_PACKAGE,
			"%s is not a package mtkfw can read: not a folder, nor a ZIP, 7z, RAR "
			"or tar archive (compressed or not) (%s)",
			pkg->path, archive_error_string(a) ? archive_error_string(a) : "?");
	else if (!r && ar != ARCHIVE_EOF)
		r = mtkfw_fail(ctx, MTKFW_E_ARCHIVE, "%s: cannot list member %zu: %s", pkg->path,
			       pkg->n + 1, archive_error_string(a) ? archive_error_string(a) : "?");
	if (!r && !pkg->n)
		r = mtkfw_fail(ctx, MTKFW_E_FORMAT, "%s is an empty archive", pkg->path);
	archive_read_free(a);
	return r;
}

/* ---- open / close ---- */

/* A scatter file given directly: open its folder and remember which scatter it was. */
static int open_via_scatter(struct mtkfw_pkg *pkg, const char *path)
{
	const char *slash = strrchr(path, '/');
	pkg->root = slash ? mtkfw_strndup(path, slash == path ? 1 : (size_t)(slash - path))
			  : mtkfw_strdup(".");
	pkg->preferred = mtkfw_strdup(slash ? slash + 1 : path);
	pkg->is_folder = true;
	return pkg->root && pkg->preferred ? 0 : MTKFW_E_NO_MEM;
}

int mtkfw_pkg_open(struct mtkfw_ctx *ctx, const char *path, struct mtkfw_pkg **out)
{
	struct stat st;
	if (stat(path, &st))
		return mtkfw_fail(ctx, errno == ENOENT ? MTKFW_E_NOT_FOUND : MTKFW_E_IO,
				  "cannot open package %s: %s", path, mtkfw_errno_text(errno));
	struct mtkfw_pkg *pkg = calloc(1, sizeof(*pkg));
	if (!pkg || !(pkg->path = mtkfw_strdup(path))) {
		free(pkg);
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	}
	int r = 0;
	if (S_ISDIR(st.st_mode)) {
		pkg->is_folder = true;
		pkg->root = mtkfw_strdup(path);
	} else if (mtkfw_str_iendswith(path, ".txt")) {
		r = open_via_scatter(pkg, path);
	} else {
		pkg->root = mtkfw_strdup(path);
	}
	if (!r && !pkg->root)
		r = MTKFW_E_NO_MEM;
	if (r) {
		mtkfw_fail(ctx, r, "out of memory");
	} else if (pkg->is_folder) {
		snprintf(pkg->kind, sizeof(pkg->kind), "folder");
		r = walk(ctx, pkg, "", 0);
	} else {
		r = list_archive(ctx, pkg);
	}
	if (r) {
		mtkfw_pkg_close(pkg);
		return r;
	}
	*out = pkg;
	return 0;
}

void mtkfw_pkg_close(struct mtkfw_pkg *pkg)
{
	if (!pkg)
		return;
	for (size_t i = 0; i < pkg->n; i++) {
		free((char *)pkg->e[i].path);
		free((char *)pkg->e[i].dir);
		free((char *)pkg->e[i].link);
	}
	free(pkg->e);
	free(pkg->path);
	free(pkg->root);
	free(pkg->preferred);
	free(pkg);
}

const char *mtkfw_pkg_path(const struct mtkfw_pkg *pkg)
{
	return pkg->path;
}

char *mtkfw_pkg_local_path(const struct mtkfw_pkg *pkg, size_t idx)
{
	if (strcmp(pkg->kind, "folder") || idx >= pkg->n)
		return NULL;
	return mtkfw_asprintf("%s/%s", pkg->root, pkg->e[idx].path);
}

const char *mtkfw_pkg_kind(const struct mtkfw_pkg *pkg)
{
	return pkg->kind;
}

const char *mtkfw_pkg_preferred_scatter(const struct mtkfw_pkg *pkg)
{
	return pkg->preferred;
}

size_t mtkfw_pkg_count(const struct mtkfw_pkg *pkg)
{
	return pkg->n;
}

const struct mtkfw_pkg_entry *mtkfw_pkg_entry(const struct mtkfw_pkg *pkg, size_t i)
{
	return i < pkg->n ? &pkg->e[i] : NULL;
}

/* Match name against a pattern with at most one '*'. */
static bool name_matches(const char *name, const char *pat, bool icase)
{
	const char *star = strchr(pat, '*');
	if (!star)
		return icase ? mtkfw_strieq(name, pat) : !strcmp(name, pat);
	size_t pre = (size_t)(star - pat), post = strlen(star + 1), n = strlen(name);
	if (n < pre + post)
		return false;
	char *a = mtkfw_strndup(name, pre), *b = mtkfw_strndup(pat, pre);
	bool ok = a && b && (icase ? mtkfw_strieq(a, b) : !strcmp(a, b)) &&
		  (icase ? mtkfw_strieq(name + n - post, star + 1)
			 : !strcmp(name + n - post, star + 1));
	free(a);
	free(b);
	return ok;
}

int mtkfw_pkg_find(const struct mtkfw_pkg *pkg, const char *dir, const char *name, bool icase,
		   size_t *idx)
{
	size_t found = 0, at = 0;
	for (size_t i = 0; i < pkg->n; i++) {
		const struct mtkfw_pkg_entry *e = &pkg->e[i];
		if (e->type == MTKFW_ENTRY_DIR || strcmp(e->dir, dir) ||
		    !name_matches(e->name, name, icase))
			continue;
		if (!found++)
			at = i;
	}
	if (!found)
		return MTKFW_E_NOT_FOUND;
	*idx = at;
	return found > 1 ? MTKFW_E_AMBIGUOUS : 0;
}

/* ---- streams ---- */

/* Account bytes handed out; a member must not yield more than it declares. */
static int account(struct mtkfw_stream *s, size_t n)
{
	s->done += n;
	if (s->entry->size_known && s->done > s->entry->size)
		return mtkfw_fail(s->ctx, MTKFW_E_UNSAFE,
				  "%s yields more than the %llu bytes its header declares: the "
				  "archive is corrupt or hostile",
				  s->entry->path, (unsigned long long)s->entry->size);
	return 0;
}

ssize_t mtkfw_stream_read(struct mtkfw_stream *s, void *buf, size_t n)
{
	ssize_t got;
	if (s->a) {
		got = archive_read_data(s->a, buf, n);
		if (got < 0)
			return mtkfw_fail(s->ctx, MTKFW_E_ARCHIVE, "reading %s: %s", s->entry->path,
					  archive_error_string(s->a) ? archive_error_string(s->a)
								     : "archive error");
	} else {
		do
			got = read(s->fd, buf, n);
		while (got < 0 && errno == EINTR);
		if (got < 0)
			return mtkfw_fail(s->ctx, MTKFW_E_IO, "reading %s: %s", s->entry->path,
					  mtkfw_errno_text(errno));
	}
	return account(s, (size_t)got) ? MTKFW_E_UNSAFE : got;
}

/*
 * libarchive blocks, zero-copy. A sparse tar member comes as blocks at
 * offsets with holes between them: a hole is handed out as zeros first, and
 * the block after it is held back until the hole is covered.
 */
static int next_archive_block(struct mtkfw_stream *s, const uint8_t **data, size_t *len)
{
	static const uint8_t zeros[FOLDER_BLOCK];
	if (!s->has_pending) {
		const void *p;
		size_t n;
		la_int64_t off;
		int r = archive_read_data_block(s->a, &p, &n, &off);
		if (r == ARCHIVE_EOF)
			return 0;
		/* A warning while reading data is a bad CRC or a damaged member. */
		if (r != ARCHIVE_OK)
			return mtkfw_fail(s->ctx, MTKFW_E_ARCHIVE, "reading %s: %s", s->entry->path,
					  archive_error_string(s->a) ? archive_error_string(s->a)
								     : "archive error");
		s->pending = p;
		s->pending_len = n;
		s->pending_off = off < 0 ? 0 : (uint64_t)off;
		s->has_pending = true;
	}
	if (s->pending_off > s->done) {
		uint64_t gap = s->pending_off - s->done;
		*data = zeros;
		*len = gap < sizeof(zeros) ? (size_t)gap : sizeof(zeros);
	} else {
		*data = s->pending;
		*len = s->pending_len;
		s->has_pending = false;
	}
	return account(s, *len) ? MTKFW_E_UNSAFE : 1;
}

int mtkfw_stream_next(struct mtkfw_stream *s, const uint8_t **data, size_t *len)
{
	if (s->a)
		return next_archive_block(s, data, len);
	/* Page-aligned: the kernel's copy into a 16-byte-aligned buffer runs 4x slower. */
	if (!s->buf && !(s->buf = aligned_alloc(4096, FOLDER_BLOCK)))
		return mtkfw_fail(s->ctx, MTKFW_E_NO_MEM, "out of memory");
	ssize_t got = mtkfw_stream_read(s, s->buf, FOLDER_BLOCK);
	if (got <= 0)
		return (int)got;
	*data = s->buf;
	*len = (size_t)got;
	return 1;
}

void mtkfw_stream_close(struct mtkfw_stream *s)
{
	if (!s)
		return;
#ifdef _WIN32 /* aligned_alloc is _aligned_malloc there (compat_win.h) */
	_aligned_free(s->buf);
#else
	free(s->buf);
#endif
	if (s->fd >= 0)
		close(s->fd);
	if (s->own_archive)
		archive_read_free(s->a);
	free(s);
}

/* Refuse to read members that are not plain, safe files. */
static int check_readable(struct mtkfw_ctx *ctx, const struct mtkfw_pkg_entry *e)
{
	if (e->type != MTKFW_ENTRY_FILE)
		return mtkfw_fail(ctx, MTKFW_E_UNSAFE, "%s is not a regular file", e->path);
	if (e->unsafe_path)
		return mtkfw_fail(ctx, MTKFW_E_UNSAFE, "%s has an unsafe path", e->path);
	if (e->encrypted)
		return mtkfw_fail(ctx, MTKFW_E_UNSUPPORTED,
				  "%s is encrypted; extract it with its password first", e->path);
	if (e->size_known && e->size > MTKFW_PKG_MAX_ENTRY_SIZE)
		return mtkfw_fail(ctx, MTKFW_E_UNSAFE, "%s declares an absurd size of %llu bytes",
				  e->path, (unsigned long long)e->size);
	return 0;
}

static int open_folder_entry(struct mtkfw_ctx *ctx, struct mtkfw_pkg *pkg, size_t idx,
			     struct mtkfw_stream *s)
{
	char *full = mtkfw_asprintf("%s/%s", pkg->root, pkg->e[idx].path);
	if (!full)
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	s->fd = open(full, O_RDONLY | O_CLOEXEC);
	int r = s->fd < 0 ? mtkfw_fail(ctx, MTKFW_E_IO, "cannot open %s: %s", full,
				       mtkfw_errno_text(errno))
			  : 0;
#ifdef POSIX_FADV_SEQUENTIAL
	if (!r)
		posix_fadvise(s->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	free(full);
	return r;
}

/* Reopen the archive and wind forward to member idx. */
static int open_archive_entry(struct mtkfw_ctx *ctx, struct mtkfw_pkg *pkg, size_t idx,
			      struct mtkfw_stream *s)
{
	int r = archive_open(ctx, pkg->root, &s->a);
	if (r)
		return r;
	s->own_archive = true;
	struct archive_entry *ae;
	for (size_t i = 0; i <= idx; i++) {
		int ar = archive_read_next_header(s->a, &ae);
		if (ar != ARCHIVE_OK && ar != ARCHIVE_WARN)
			return mtkfw_fail(ctx, MTKFW_E_ARCHIVE, "%s: cannot reach member %s: %s",
					  pkg->path, pkg->e[idx].path,
					  archive_error_string(s->a) ? archive_error_string(s->a)
								     : "unexpected end");
	}
	return 0;
}

int mtkfw_pkg_open_entry(struct mtkfw_ctx *ctx, struct mtkfw_pkg *pkg, size_t idx,
			 struct mtkfw_stream **out)
{
	if (idx >= pkg->n)
		return mtkfw_fail(ctx, MTKFW_E_INVALID_PARAM, "no package member %zu", idx);
	int r = check_readable(ctx, &pkg->e[idx]);
	if (r)
		return r;
	struct mtkfw_stream *s = calloc(1, sizeof(*s));
	if (!s)
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	s->ctx = ctx;
	s->fd = -1;
	s->entry = &pkg->e[idx];
	r = pkg->is_folder ? open_folder_entry(ctx, pkg, idx, s)
			   : open_archive_entry(ctx, pkg, idx, s);
	if (r) {
		mtkfw_stream_close(s);
		return r;
	}
	*out = s;
	return 0;
}

int mtkfw_pkg_read_small(struct mtkfw_ctx *ctx, struct mtkfw_pkg *pkg, size_t idx, size_t max,
			 char **buf, size_t *len)
{
	struct mtkfw_stream *s;
	int r = mtkfw_pkg_open_entry(ctx, pkg, idx, &s);
	if (r)
		return r;
	char *b = malloc(max + 2);
	size_t n = 0;
	ssize_t got = 0;
	if (!b) {
		r = mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
		goto out;
	}
	while (n <= max && (got = mtkfw_stream_read(s, b + n, max + 1 - n)) > 0)
		n += (size_t)got;
	if (got < 0)
		r = (int)got;
	else if (n > max)
		r = mtkfw_fail(ctx, MTKFW_E_TOO_LARGE, "%s is larger than %zu bytes",
			       pkg->e[idx].path, max);
out:
	mtkfw_stream_close(s);
	if (r) {
		free(b);
		return r;
	}
	b[n] = 0;
	*buf = b;
	*len = n;
	return 0;
}

/* One pass over an archive, handing each wanted member's data to cb. */
static int foreach_archive(struct mtkfw_ctx *ctx, struct mtkfw_pkg *pkg, const bool *wanted,
			   mtkfw_pkg_visit_cb cb, void *user)
{
	struct mtkfw_stream s = {.ctx = ctx, .fd = -1};
	int r = archive_open(ctx, pkg->root, &s.a);
	struct archive_entry *ae;
	for (size_t i = 0; !r && i < pkg->n; i++) {
		int ar = archive_read_next_header(s.a, &ae);
		if (ar != ARCHIVE_OK && ar != ARCHIVE_WARN) {
			r = mtkfw_fail(ctx, MTKFW_E_ARCHIVE, "%s: cannot read member %s: %s",
				       pkg->path, pkg->e[i].path,
				       archive_error_string(s.a) ? archive_error_string(s.a) : "?");
			break;
		}
		if (wanted ? !wanted[i] : pkg->e[i].type != MTKFW_ENTRY_FILE)
			continue;
		if ((r = check_readable(ctx, &pkg->e[i])) != 0)
			break;
		s.entry = &pkg->e[i];
		s.done = 0;
		s.has_pending = false;
		r = cb(user, i, &s);
	}
	if (s.a)
		archive_read_free(s.a);
	return r;
}

int mtkfw_pkg_foreach(struct mtkfw_ctx *ctx, struct mtkfw_pkg *pkg, const bool *wanted,
		      mtkfw_pkg_visit_cb cb, void *user)
{
	if (!pkg->is_folder)
		return foreach_archive(ctx, pkg, wanted, cb, user);
	int r = 0;
	for (size_t i = 0; !r && i < pkg->n; i++) {
		if (wanted ? !wanted[i] : pkg->e[i].type != MTKFW_ENTRY_FILE)
			continue;
		struct mtkfw_stream *s = NULL;
		r = mtkfw_pkg_open_entry(ctx, pkg, i, &s);
		if (!r)
			r = cb(user, i, s);
		mtkfw_stream_close(s);
	}
	return r;
}
