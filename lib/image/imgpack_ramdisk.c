/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A boot image's ramdisk as a folder (imgpack_priv.h): read and written with
 * libarchive's cpio (newc) support. ramdisk.list keeps what a folder cannot
 * hold without root (owners, device nodes, modes, links), one entry a line:
 * "TYPE MODE UID GID MAJOR:MINOR MTIME PATH" and " -> TARGET" for a link;
 * TYPE is f, d, l (symbolic link), h (hard link), c, b, p or s. Only plain
 * files and folders are made on disk, inside ramdisk.d.
 */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "digest.h"
#include "imgpack_priv.h"

#define TREE	"ramdisk.d"
#define LIST	"ramdisk.list"
#define ENT_MAX (16u << 20) /* one ramdisk file at most */

/* A path of the archive made safe: relative, no "..", no empty parts; false when it is not. */
static bool safe_path(const char *in, char *out, size_t n)
{
	while (in[0] == '.' && in[1] == '/')
		in += 2;
	if (!*in || *in == '/' || strlen(in) >= n || strchr(in, '\n') || strstr(in, " -> "))
		return false;
	snprintf(out, n, "%s", in);
	size_t l = strlen(out);
	while (l && out[l - 1] == '/')
		out[--l] = 0;
	for (char *c = out, *part = out;; c++)
		if (*c == '/' || !*c) {
			size_t pl = (size_t)(c - part);
			if (!pl || (pl == 1 && part[0] == '.') ||
			    (pl == 2 && part[0] == '.' && part[1] == '.'))
				return false;
			if (!*c)
				return true;
			part = c + 1;
		}
}

static char type_char(mode_t m)
{
	return S_ISREG(m)    ? 'f'
	       : S_ISDIR(m)  ? 'd'
	       : S_ISLNK(m)  ? 'l'
	       : S_ISCHR(m)  ? 'c'
	       : S_ISBLK(m)  ? 'b'
	       : S_ISFIFO(m) ? 'p'
			     : 's';
}

/* Make the folders leading to rel inside root (plain mkdir: nothing followed). */
static int make_parents(struct pack *p, const char *root, const char *rel)
{
	char path[4096];
	int n = snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (n < 0 || (size_t)n >= sizeof(path))
		return mtkfw_fail(p->ctx, MTKFW_E_TOO_LARGE, "ramdisk path too long: %s", rel);
	for (char *c = path + strlen(root) + 1; *c; c++)
		if (*c == '/') {
			*c = 0;
			if (mkdir(path, 0755) && errno != EEXIST)
				return mtkfw_fail(p->ctx, MTKFW_E_IO, "cannot create %s: %s", path,
						  mtkfw_errno_text(errno));
			*c = '/';
		}
	return 0;
}

/* Write one regular file's data out of the archive into the tree. */
static int extract_file(struct pack *p, struct archive *a, const char *root, const char *rel)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	FILE *f = fopen(path, "wbx");
	if (!f)
		return mtkfw_fail(p->ctx, MTKFW_E_IO,
				  "cannot create %s: %s (a ramdisk entry "
				  "named twice?)",
				  path, mtkfw_errno_text(errno));
	const void *buf;
	size_t n;
	la_int64_t off;
	int r = 0, got;
	while (!r && (got = archive_read_data_block(a, &buf, &n, &off)) == ARCHIVE_OK)
		if (fwrite(buf, 1, n, f) != n)
			r = mtkfw_fail(p->ctx, MTKFW_E_IO, "cannot write %s", path);
	if (!r && got != ARCHIVE_EOF)
		r = mtkfw_fail(p->ctx, MTKFW_E_FORMAT, "ramdisk: %s: %s", rel,
			       archive_error_string(a));
	if (fclose(f) && !r)
		r = mtkfw_fail(p->ctx, MTKFW_E_IO, "cannot write %s", path);
	return r;
}

/* One list line for an archive entry. */
static int list_line(char *line, size_t n, struct archive_entry *e, const char *rel)
{
	mode_t m = archive_entry_mode(e);
	const char *hl = archive_entry_hardlink(e), *sl = archive_entry_symlink(e);
	char t = hl ? 'h' : type_char(m);
	const char *target = hl ? hl : sl;
	return snprintf(line, n, "%c %04o %lld %lld %u:%u %lld %s%s%s\n", t, (unsigned)(m & 07777),
			(long long)archive_entry_uid(e), (long long)archive_entry_gid(e),
			(unsigned)archive_entry_rdevmajor(e), (unsigned)archive_entry_rdevminor(e),
			(long long)archive_entry_mtime(e), rel, target ? " -> " : "",
			target ? target : "");
}

/* SHA-256 of the tree as the list and the files in it say (the files in list order). */
static int tree_hash(struct pack *p, const char *list, char hex[65]);

int ramdisk_tree_save(struct pack *p)
{
	uint8_t *rd = NULL;
	size_t rlen = 0;
	char root[4096];
	snprintf(root, sizeof(root), "%s/%s", p->dir, TREE);
	int r = pack_read(p, "ramdisk", IMGPACK_MAX, &rd, &rlen);
	struct archive *a = r ? NULL : archive_read_new();
	if (!r && !a)
		r = MTKFW_E_NO_MEM;
	if (!r) {
		archive_read_support_filter_all(a);
		archive_read_support_format_cpio(a);
		if (archive_read_open_memory(a, rd, rlen) != ARCHIVE_OK)
			r = mtkfw_fail(p->ctx, MTKFW_E_FORMAT, "ramdisk is no cpio: %s",
				       archive_error_string(a));
	}
	if (!r && mkdir(root, 0755))
		r = mtkfw_fail(p->ctx, MTKFW_E_IO, "cannot create %s: %s", root,
			       mtkfw_errno_text(errno));
	char *list = NULL;
	size_t llen = 0, lcap = 0;
	struct archive_entry *e;
	int got = ARCHIVE_OK;
	while (!r && (got = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		char rel[1024], line[2400];
		const char *name = archive_entry_pathname(e);
		if (!name || !safe_path(name, rel, sizeof(rel))) {
			r = mtkfw_fail(p->ctx, MTKFW_E_UNSAFE,
				       "ramdisk entry '%s' is absolute, empty or leads out of its "
				       "folder: not extracted",
				       name ? name : "(none)");
			break;
		}
		int n = list_line(line, sizeof(line), e, rel);
		if (n < 0 || (size_t)n >= sizeof(line) ||
		    mtkfw_grow((void **)&list, &lcap, llen + (size_t)n + 1, 1)) {
			r = MTKFW_E_NO_MEM;
			break;
		}
		memcpy(list + llen, line, (size_t)n + 1);
		llen += (size_t)n;
		mode_t m = archive_entry_mode(e);
		r = make_parents(p, root, rel);
		if (!r && S_ISDIR(m)) {
			char path[4200];
			snprintf(path, sizeof(path), "%s/%s", root, rel);
			if (mkdir(path, 0755) && errno != EEXIST)
				r = mtkfw_fail(p->ctx, MTKFW_E_IO, "cannot create %s: %s", path,
					       mtkfw_errno_text(errno));
		} else if (!r && S_ISREG(m) && !archive_entry_hardlink(e)) {
			r = extract_file(p, a, root, rel);
		}
	}
	if (!r && got != ARCHIVE_EOF)
		r = mtkfw_fail(p->ctx, MTKFW_E_FORMAT, "ramdisk cpio damaged: %s",
			       archive_error_string(a));
	if (!r)
		r = pack_write(p, LIST, list ? list : "", llen);
	char hex[65];
	if (!r)
		r = tree_hash(p, list ? list : "", hex);
	if (!r)
		r = pack_set(p, "ramdisk_tree", "%s", TREE);
	if (!r)
		r = pack_set(p, "ramdisk_tree_sha256", "%s", hex);
	archive_read_free(a);
	free(list);
	free(rd);
	return r;
}

/* The fields of a list line; false when it is malformed. */
struct entry {
	char type;
	unsigned mode, maj, min;
	long long uid, gid, mtime;
	char path[1024], target[1024];
};

static bool parse_line(const char *line, struct entry *e)
{
	int used = 0;
	e->target[0] = 0;
	if (sscanf(line, "%c %o %lld %lld %u:%u %lld %n", &e->type, &e->mode, &e->uid, &e->gid,
		   &e->maj, &e->min, &e->mtime, &used) != 7 ||
	    !used)
		return false;
	const char *rest = line + used, *arrow = strstr(rest, " -> ");
	size_t pl = arrow ? (size_t)(arrow - rest) : strlen(rest);
	if (!pl || pl >= sizeof(e->path) || !strchr("fdlhcbps", e->type) || e->mode > 07777)
		return false;
	memcpy(e->path, rest, pl);
	e->path[pl] = 0;
	if (arrow)
		snprintf(e->target, sizeof(e->target), "%s", arrow + 4);
	char safe[1024];
	return safe_path(e->path, safe, sizeof(safe)) && !strcmp(safe, e->path);
}

/* Call fn on each line of the list (NUL-terminated lines, in place). */
static int each_line(struct pack *p, char *list,
		     int (*fn)(struct pack *, const struct entry *, void *), void *user)
{
	int r = 0;
	unsigned no = 0;
	for (char *line = list, *next; !r && line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		no++;
		struct entry e;
		if (!parse_line(line, &e))
			r = mtkfw_fail(p->ctx, MTKFW_E_FORMAT,
				       "%s/%s line %u: '%s' is no entry (TYPE MODE UID GID "
				       "MAJOR:MINOR MTIME PATH)",
				       p->dir, LIST, no, line);
		else
			r = fn(p, &e, user);
	}
	return r;
}

static int hash_entry(struct pack *p, const struct entry *e, void *user)
{
	if (e->type != 'f')
		return 0;
	uint8_t *b;
	size_t n;
	char rel[1100];
	snprintf(rel, sizeof(rel), "%s/%s", TREE, e->path);
	int r = pack_read(p, rel, ENT_MAX, &b, &n);
	if (r == MTKFW_E_NOT_FOUND) /* a file taken out of the folder changes the hash */
		return digest_update(user, "-", 1) ? 0 : MTKFW_E_NO_MEM;
	char size[24]; /* each file's size first: bytes moved between files change it too */
	int k = snprintf(size, sizeof(size), "%zu:", n);
	if (!r && (!digest_update(user, size, (size_t)k) || !digest_update(user, b, n)))
		r = MTKFW_E_NO_MEM;
	free(b);
	return r;
}

static int tree_hash(struct pack *p, const char *list, char hex[65])
{
	struct digest *md = digest_new(DIGEST_SHA256);
	char *copy = mtkfw_strdup(list);
	uint8_t sha[32];
	int r = md && copy && digest_update(md, list, strlen(list)) ? 0 : MTKFW_E_NO_MEM;
	if (!r)
		r = each_line(p, copy, hash_entry, md);
	if (!r && !digest_final(md, sha))
		r = MTKFW_E_NO_MEM;
	if (!r)
		mtkfw_sha256_hex(sha, hex);
	digest_free(md);
	free(copy);
	return r;
}

struct builder {
	struct archive *a;
	char **seen; /* paths of the list, to find files new in the folder */
	size_t n, cap;
};

/* Add one entry of the list to the new cpio; a file gone from the folder is left out. */
static int add_entry(struct pack *p, const struct entry *e, void *user)
{
	struct builder *b = user;
	uint8_t *data = NULL;
	size_t n = 0;
	char rel[1100];
	snprintf(rel, sizeof(rel), "%s/%s", TREE, e->path);
	if (e->type == 'f') {
		int r = pack_read(p, rel, ENT_MAX, &data, &n);
		if (r == MTKFW_E_NOT_FOUND)
			return 0;
		if (r)
			return r;
	}
	if (mtkfw_grow((void **)&b->seen, &b->cap, b->n + 1, sizeof(char *)) ||
	    !(b->seen[b->n] = mtkfw_strdup(e->path))) {
		free(data);
		return MTKFW_E_NO_MEM;
	}
	b->n++;
	static const mode_t types[] = {['f' - 'a'] = AE_IFREG, ['d' - 'a'] = AE_IFDIR,
				       ['l' - 'a'] = AE_IFLNK, ['h' - 'a'] = AE_IFREG,
				       ['c' - 'a'] = AE_IFCHR, ['b' - 'a'] = AE_IFBLK,
				       ['p' - 'a'] = AE_IFIFO, ['s' - 'a'] = AE_IFSOCK};
	struct archive_entry *ae = archive_entry_new();
	if (!ae) {
		free(data);
		return MTKFW_E_NO_MEM;
	}
	archive_entry_set_pathname(ae, e->path);
	archive_entry_set_filetype(ae, (unsigned)types[e->type - 'a']);
	archive_entry_set_perm(ae, (mode_t)e->mode);
	archive_entry_set_uid(ae, e->uid);
	archive_entry_set_gid(ae, e->gid);
	archive_entry_set_mtime(ae, (time_t)e->mtime, 0);
	archive_entry_set_rdevmajor(ae, e->maj);
	archive_entry_set_rdevminor(ae, e->min);
	archive_entry_set_nlink(ae, e->type == 'd' ? 2 : 1);
	if (e->type == 'l')
		archive_entry_set_symlink(ae, e->target);
	if (e->type == 'h')
		archive_entry_set_hardlink(ae, e->target);
	archive_entry_set_size(ae, e->type == 'l'   ? (la_int64_t)strlen(e->target)
				   : e->type == 'f' ? (la_int64_t)n
						    : 0);
	int r = archive_write_header(b->a, ae) != ARCHIVE_OK ||
				(n && archive_write_data(b->a, data, n) != (la_ssize_t)n)
			? mtkfw_fail(p->ctx, MTKFW_E_ARCHIVE, "ramdisk: %s: %s", e->path,
				     archive_error_string(b->a))
			: 0;
	archive_entry_free(ae);
	free(data);
	return r;
}

/* Files and folders of ramdisk.d the list does not name, added after it (sorted per folder). */
static int add_new(struct pack *p, struct builder *b, const char *rel)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s/%s%s%s", p->dir, TREE, *rel ? "/" : "", rel);
	struct dirent **names = NULL;
	int n = scandir(path, &names, NULL, alphasort), r = 0;
	for (int i = 0; i < n; i++) {
		const char *nm = names[i]->d_name;
		char sub[1024], full[4300];
		struct stat st;
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", nm);
		snprintf(full, sizeof(full), "%s/%s", path, nm);
		bool known = !strcmp(nm, ".") || !strcmp(nm, "..");
		for (size_t k = 0; !known && k < b->n; k++)
			known = !strcmp(b->seen[k], sub);
		if (!r && strcmp(nm, ".") && strcmp(nm, "..") && !lstat(full, &st) &&
		    (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))) {
			struct entry e = {S_ISDIR(st.st_mode) ? 'd' : 'f',
					  S_ISDIR(st.st_mode) || (st.st_mode & 0111) ? 0755 : 0644,
					  0,
					  0,
					  0,
					  0,
					  0,
					  "",
					  ""};
			snprintf(e.path, sizeof(e.path), "%s", sub);
			if (!known)
				r = add_entry(p, &e, b);
			if (!r && S_ISDIR(st.st_mode))
				r = add_new(p, b, sub);
		}
		free(names[i]);
	}
	free(names);
	return r;
}

static la_ssize_t grow_out(struct archive *a, void *user, const void *buf, size_t n)
{
	(void)a;
	struct pack_buf {
		uint8_t *b;
		size_t len, cap;
	} *o = user;
	if (mtkfw_grow((void **)&o->b, &o->cap, o->len + n, 1))
		return -1;
	memcpy(o->b + o->len, buf, n);
	o->len += n;
	return (la_ssize_t)n;
}

/* A new cpio from the list and the folder, gzip'd like the original. */
static int build(struct pack *p, char *list, bool gz, uint8_t **out, size_t *len)
{
	struct {
		uint8_t *b;
		size_t len, cap;
	} o = {NULL, 0, 0};
	struct builder b = {archive_write_new(), NULL, 0, 0};
	int r = b.a ? 0 : MTKFW_E_NO_MEM;
	if (!r && (archive_write_set_format_cpio_newc(b.a) ||
		   (gz && (archive_write_add_filter_gzip(b.a) ||
			   archive_write_set_filter_option(b.a, "gzip", "timestamp", NULL))) ||
		   archive_write_set_bytes_in_last_block(b.a, 1) ||
		   archive_write_open(b.a, &o, NULL, grow_out, NULL)))
		r = mtkfw_fail(p->ctx, MTKFW_E_ARCHIVE, "ramdisk: %s", archive_error_string(b.a));
	if (!r)
		r = each_line(p, list, add_entry, &b);
	if (!r)
		r = add_new(p, &b, "");
	if (b.a && archive_write_close(b.a) && !r)
		r = mtkfw_fail(p->ctx, MTKFW_E_ARCHIVE, "ramdisk: %s", archive_error_string(b.a));
	archive_write_free(b.a);
	for (size_t i = 0; i < b.n; i++)
		free(b.seen[i]);
	free(b.seen);
	if (r) {
		free(o.b);
		return r;
	}
	*out = o.b;
	*len = o.len;
	return 0;
}

int ramdisk_load(struct pack *p, uint8_t **buf, size_t *len)
{
	char v[80], hex[65];
	uint8_t *list = NULL;
	size_t n = 0;
	if (!pack_get(p, "ramdisk_tree", v, sizeof(v)) || !pack_has(p, LIST))
		return pack_read(p, "ramdisk", IMGPACK_MAX, buf, len);
	int r = pack_read(p, LIST, IMGPACK_MAX, &list, &n);
	if (!r)
		r = tree_hash(p, (char *)list, hex);
	if (!r && pack_get(p, "ramdisk_tree_sha256", v, sizeof(v)) && !strcmp(v, hex)) {
		free(list); /* the folder as unpacked: the original bytes */
		return pack_read(p, "ramdisk", IMGPACK_MAX, buf, len);
	}
	uint8_t *orig = NULL, magic[2] = {0x1f, 0x8b};
	size_t olen = 0;
	bool gz = !pack_read(p, "ramdisk", IMGPACK_MAX, &orig, &olen) && olen >= 2 &&
		  !memcmp(orig, magic, 2);
	free(orig);
	if (!r)
		r = build(p, (char *)list, gz, buf, len);
	free(list);
	return r;
}
