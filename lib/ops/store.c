/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The store: backup folders and manifests, remembered EMI records (store.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "digest.h"
#include "store.h"

#define FORMAT	 "mtkfw-backup/1"
#define IO_BLOCK (1u << 20)

const char *mtkfw_backup_store(char *buf, size_t len)
{
	const char *env = getenv("MTKFW_STORE");
	if (env && *env)
		snprintf(buf, len, "%s", env);
	else
		mtkfw_user_data_dir("backups", buf, len);
	return buf;
}

const char *store_root(const char *store, char *buf, size_t len)
{
	return store ? store : mtkfw_backup_store(buf, len);
}

char *store_join(const char *a, const char *b)
{
	return mtkfw_asprintf("%s/%s", a, b);
}

int store_mkdirs(const char *path)
{
	char *p = mtkfw_strdup(path);
	int r = p ? 0 : -1;
	for (char *s = p ? strchr(p + 1, '/') : NULL; !r && s; s = strchr(s + 1, '/')) {
		*s = 0;
		r = mkdir(p, 0755) && errno != EEXIST ? -1 : 0;
		*s = '/';
	}
	if (!r && mkdir(p, 0755) && errno != EEXIST)
		r = -1;
	free(p);
	return r;
}

int store_file_runs(int fd, uint64_t len, store_run_cb cb, void *user)
{
	int r = 0;
	for (uint64_t at = 0; !r && at < len;) {
		off_t d = lseek(fd, (off_t)at, SEEK_DATA);
		uint64_t start = d < 0 && errno != ENXIO      ? at /* no hole support: data */
				 : d < 0 || (uint64_t)d > len ? len
							      : (uint64_t)d;
		off_t h = start < len ? lseek(fd, (off_t)start, SEEK_HOLE) : (off_t)len;
		uint64_t end =
			h < 0 || (uint64_t)h > len || (uint64_t)h <= start ? len : (uint64_t)h;
		r = cb(user, at, start - at, false);
		if (!r && end > start)
			r = cb(user, start, end - start, true);
		at = end;
	}
	return r;
}

int store_file_spans_sha(int fd, const struct mtkfw_span *ext, size_t n, uint8_t sha[32])
{
	struct digest *md = digest_new(DIGEST_SHA256);
	uint8_t *buf = malloc(IO_BLOCK);
	int r = md && buf ? 0 : MTKFW_E_NO_MEM;
	for (size_t i = 0; !r && i < n; i++)
		for (uint64_t done = 0; !r && done < ext[i].length;) {
			uint64_t left = ext[i].length - done;
			size_t want = left < IO_BLOCK ? (size_t)left : IO_BLOCK;
			ssize_t got = pread(fd, buf, want, (off_t)(ext[i].offset + done));
			r = got == (ssize_t)want ? 0 : MTKFW_E_IO;
			if (!r && !digest_update(md, buf, want))
				r = MTKFW_E_NO_MEM;
			done += want;
		}
	if (!r && !digest_final(md, sha))
		r = MTKFW_E_NO_MEM;
	digest_free(md);
	free(buf);
	return r;
}

struct copy {
	int in, out;
	uint8_t *buf;
};

/* One run of the source: data copied, holes left as holes. */
static int copy_run(void *user, uint64_t off, uint64_t len, bool data)
{
	struct copy *c = user;
	for (uint64_t done = 0; data && done < len;) {
		size_t want = len - done < IO_BLOCK ? (size_t)(len - done) : IO_BLOCK;
		ssize_t n = pread(c->in, c->buf, want, (off_t)(off + done));
		if (n <= 0 || pwrite(c->out, c->buf, (size_t)n, (off_t)(off + done)) != n)
			return -1;
		done += (uint64_t)n;
	}
	return 0;
}

int store_copy_file(const char *from, const char *to)
{
	struct copy c = {open(from, O_RDONLY | O_CLOEXEC), -1, malloc(IO_BLOCK)};
	off_t end = c.in >= 0 ? lseek(c.in, 0, SEEK_END) : -1;
	int r = end < 0 || !c.buf ? -1 : 0;
	if (!r && (c.out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0)
		r = -1;
	if (!r)
		r = store_file_runs(c.in, (uint64_t)end, copy_run, &c);
	if (!r && (ftruncate(c.out, end) || fsync(c.out)))
		r = -1;
	if (c.out >= 0 && close(c.out))
		r = -1;
	if (c.in >= 0)
		close(c.in);
	free(c.buf);
	return r;
}

const char *mtkfw_backup_kind_name(enum mtkfw_backup_kind k)
{
	return k == MTKFW_BACKUP_FULL	      ? "full"
	       : k == MTKFW_BACKUP_PARTITIONS ? "partitions"
					      : "identity";
}

/* ---- manifest ---- */

static void add_str(json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, json_object_new_string(v));
}

static void add_u64(json_object *o, const char *k, uint64_t v)
{
	json_object_object_add(o, k, json_object_new_uint64(v));
}

const char *mtkfw_backup_what_name(enum mtkfw_backup_what w)
{
	static const char *const names[] = {"partition", "area", "range", "pmt"};
	return (unsigned)w < MTKFW_ARRAY_SIZE(names) ? names[w] : "?";
}

/*
 * What a file of a manifest without "what" (older versions) holds: the PMT
 * blocks by name, a whole area by name and extent, a range by its name
 * ("user-0x2800000", as write --range saved it), else a partition.
 */
static enum mtkfw_backup_what infer_what(const struct mtkfw_backup *b,
					 const struct mtkfw_backup_file *f)
{
	uint64_t area = f->part == MTKFW_PART_USER    ? b->user
			: f->part == MTKFW_PART_BOOT1 ? b->boot1
			: f->part == MTKFW_PART_BOOT2 ? b->boot2
						      : 0;
	const char *dash = strchr(f->name, '-');
	char head[16];
	if (!strcmp(f->name, "PMT"))
		return MTKFW_SAVED_PMT;
	if (mtkfw_part_by_name(f->name) >= 0 && !f->offset && f->length == area)
		return MTKFW_SAVED_AREA;
	snprintf(head, sizeof(head), "%.*s", dash ? (int)(dash - f->name) : 0, f->name);
	if (dash && mtkfw_part_by_name(head) >= 0 && !strncmp(dash, "-0x", 3) && dash[3] &&
	    strspn(dash + 3, "0123456789abcdefABCDEF") == strlen(dash + 3))
		return MTKFW_SAVED_RANGE;
	return MTKFW_SAVED_PARTITION;
}

static enum mtkfw_backup_what what_by_name(const char *name, enum mtkfw_backup_what dflt)
{
	for (int w = MTKFW_SAVED_PARTITION; w <= MTKFW_SAVED_PMT; w++)
		if (!strcmp(name, mtkfw_backup_what_name((enum mtkfw_backup_what)w)))
			return (enum mtkfw_backup_what)w;
	return dflt;
}

static json_object *file_json(const struct mtkfw_backup_file *f)
{
	json_object *e = json_object_new_object();
	char h[65];
	mtkfw_sha256_hex(f->sha256, h);
	add_str(e, "name", f->name);
	add_str(e, "file", f->file);
	add_str(e, "what", mtkfw_backup_what_name(f->what));
	add_str(e, "region", mtkfw_part_name(f->part));
	add_u64(e, "offset", f->offset);
	add_u64(e, "length", f->length);
	add_u64(e, "zero_bytes", f->zero_bytes);
	add_u64(e, "free_bytes", f->free_bytes);
	add_u64(e, "reread_bytes", f->reread_bytes);
	add_str(e, "sha256", h);
	return e;
}

static json_object *manifest_json(const struct mtkfw_backup *b)
{
	json_object *o = json_object_new_object(), *files = json_object_new_array(),
		    *pmt = json_object_new_array(), *sizes = json_object_new_object();
	add_str(o, "format", FORMAT);
	add_str(o, "kind", mtkfw_backup_kind_name(b->kind));
	add_str(o, "tool", b->tool);
	add_str(o, "date", b->date);
	add_str(o, "chip", b->chip);
	json_object_object_add(o, "hw_code", json_object_new_int(b->hw_code));
	json_object_object_add(o, "hw_sub", json_object_new_int(b->hw_sub));
	json_object_object_add(o, "hw_ver", json_object_new_int(b->hw_ver));
	json_object_object_add(o, "sw_ver", json_object_new_int(b->sw_ver));
	add_str(o, "me_id", b->me_id);
	add_str(o, "cid", b->cid);
	add_u64(sizes, "boot1", b->boot1);
	add_u64(sizes, "boot2", b->boot2);
	add_u64(sizes, "rpmb", b->rpmb);
	add_u64(sizes, "user", b->user);
	json_object_object_add(o, "sizes", sizes);
	if (*b->layout)
		add_str(o, "layout", b->layout);
	for (size_t i = 0; i < b->n_pmt; i++) {
		json_object *e = json_object_new_object();
		add_str(e, "name", b->pmt[i].name);
		add_u64(e, "offset", b->pmt[i].offset);
		add_u64(e, "size", b->pmt[i].size);
		json_object_array_add(pmt, e);
	}
	json_object_object_add(o, "partition_table", pmt);
	for (size_t i = 0; i < b->n_files; i++)
		json_object_array_add(files, file_json(&b->files[i]));
	json_object_object_add(o, "files", files);
	return o;
}

int store_write_manifest(struct mtkfw_ctx *ctx, const char *dir, const struct mtkfw_backup *b)
{
	char *path = store_join(dir, STORE_MANIFEST);
	json_object *o = manifest_json(b);
	const char *text = json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	int err = path && text ? mtkfw_write_file_atomic(path, text, strlen(text)) : -ENOMEM, r = 0;
	if (err)
		r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot write %s/%s: %s", dir, STORE_MANIFEST,
			       mtkfw_errno_text(-err));
	json_object_put(o);
	free(path);
	return r;
}

static const char *jstr(json_object *o, const char *key)
{
	json_object *v;
	return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)
		       ? json_object_get_string(v)
		       : "";
}

static uint64_t jnum(json_object *o, const char *key)
{
	json_object *v;
	return json_object_object_get_ex(o, key, &v) ? (uint64_t)json_object_get_int64(v) : 0;
}

/* A file name from a manifest must stay inside the backup folder. */
static bool safe_name(const char *s)
{
	return *s && !strchr(s, '/') && strcmp(s, ".") && strcmp(s, "..");
}

static int parse_sha(const char *h, uint8_t out[32])
{
	if (strlen(h) != 64)
		return -1;
	for (int i = 0; i < 32; i++) {
		unsigned v;
		if (sscanf(h + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (uint8_t)v;
	}
	return 0;
}

static int load_files(struct mtkfw_ctx *ctx, const char *dir, json_object *arr,
		      struct mtkfw_backup *b)
{
	size_t n = json_object_is_type(arr, json_type_array) ? json_object_array_length(arr) : 0;
	if (n > MTKFW_ARRAY_SIZE(b->files))
		return mtkfw_fail(ctx, MTKFW_E_FORMAT, "%s: %zu files, at most %zu", dir, n,
				  MTKFW_ARRAY_SIZE(b->files));
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(arr, i);
		struct mtkfw_backup_file *f = &b->files[b->n_files++];
		int part = mtkfw_part_by_name(jstr(e, "region"));
		snprintf(f->name, sizeof(f->name), "%s", jstr(e, "name"));
		snprintf(f->file, sizeof(f->file), "%s", jstr(e, "file"));
		f->offset = jnum(e, "offset");
		f->length = jnum(e, "length");
		f->zero_bytes = jnum(e, "zero_bytes");
		f->free_bytes = jnum(e, "free_bytes");
		f->reread_bytes = jnum(e, "reread_bytes");
		if (part < 0 || !safe_name(f->file) || !*f->name ||
		    parse_sha(jstr(e, "sha256"), f->sha256))
			return mtkfw_fail(ctx, MTKFW_E_FORMAT, "%s/%s: file entry %zu is malformed",
					  dir, STORE_MANIFEST, i);
		f->part = (enum mtkfw_emmc_part)part;
		f->what = what_by_name(jstr(e, "what"), infer_what(b, f));
	}
	return 0;
}

static void load_table(json_object *v, struct mtkfw_backup *out)
{
	for (size_t i = 0;
	     json_object_is_type(v, json_type_array) && i < json_object_array_length(v) &&
	     out->n_pmt < MTKFW_ARRAY_SIZE(out->pmt);
	     i++) {
		json_object *e = json_object_array_get_idx(v, i);
		struct mtkfw_pmt_entry *p = &out->pmt[out->n_pmt++];
		snprintf(p->name, sizeof(p->name), "%s", jstr(e, "name"));
		p->offset = jnum(e, "offset");
		p->size = jnum(e, "size");
	}
}

static void load_facts(json_object *o, struct mtkfw_backup *out)
{
	json_object *v;
	out->kind = !strcmp(jstr(o, "kind"), "full")	     ? MTKFW_BACKUP_FULL
		    : !strcmp(jstr(o, "kind"), "partitions") ? MTKFW_BACKUP_PARTITIONS
							     : MTKFW_BACKUP_IDENTITY;
	snprintf(out->tool, sizeof(out->tool), "%s", jstr(o, "tool"));
	snprintf(out->date, sizeof(out->date), "%s", jstr(o, "date"));
	snprintf(out->chip, sizeof(out->chip), "%s", jstr(o, "chip"));
	snprintf(out->me_id, sizeof(out->me_id), "%s", jstr(o, "me_id"));
	snprintf(out->cid, sizeof(out->cid), "%s", jstr(o, "cid"));
	snprintf(out->layout, sizeof(out->layout), "%s", jstr(o, "layout"));
	out->hw_code = (uint16_t)jnum(o, "hw_code");
	out->hw_sub = (uint16_t)jnum(o, "hw_sub");
	out->hw_ver = (uint16_t)jnum(o, "hw_ver");
	out->sw_ver = (uint16_t)jnum(o, "sw_ver");
	if (json_object_object_get_ex(o, "sizes", &v)) {
		out->boot1 = jnum(v, "boot1");
		out->boot2 = jnum(v, "boot2");
		out->rpmb = jnum(v, "rpmb");
		out->user = jnum(v, "user");
	}
	if (json_object_object_get_ex(o, "partition_table", &v))
		load_table(v, out);
}

int mtkfw_backup_load(struct mtkfw_ctx *ctx, const char *dir, struct mtkfw_backup *out)
{
	char *path = store_join(dir, STORE_MANIFEST);
	json_object *o = path ? json_object_from_file(path) : NULL, *v;
	int r = 0;
	memset(out, 0, sizeof(*out));
	if (!o)
		r = mtkfw_fail(ctx, MTKFW_E_NOT_FOUND,
			       "%s is not a complete mtkfw backup (no readable %s)", dir,
			       STORE_MANIFEST);
	else if (strcmp(jstr(o, "format"), FORMAT))
		r = mtkfw_fail(ctx, MTKFW_E_FORMAT, "%s: not an %s manifest", path, FORMAT);
	snprintf(out->dir, sizeof(out->dir), "%s", dir);
	if (!r) {
		load_facts(o, out);
		r = json_object_object_get_ex(o, "files", &v)
			    ? load_files(ctx, dir, v, out)
			    : mtkfw_fail(ctx, MTKFW_E_FORMAT, "%s: no files", path);
	}
	json_object_put(o);
	free(path);
	return r;
}

/* ---- checking and finding ---- */

struct file_hash {
	int fd;
	uint8_t *buf;
	struct digest *md;
};

/* Hash one run of a backup file: data as read, holes as zeros without reading them. */
static int hash_run(void *user, uint64_t off, uint64_t len, bool data)
{
	static const uint8_t zeros[1 << 16];
	struct file_hash *h = user;
	for (uint64_t done = 0; done < len;) {
		size_t want = data ? IO_BLOCK : sizeof(zeros);
		want = len - done < want ? (size_t)(len - done) : want;
		if (data && pread(h->fd, h->buf, want, (off_t)(off + done)) != (ssize_t)want)
			return MTKFW_E_IO;
		if (!digest_update(h->md, data ? h->buf : zeros, want))
			return MTKFW_E_NO_MEM;
		done += want;
	}
	return 0;
}

static int hash_file(struct mtkfw_ctx *ctx, const char *path, uint64_t want_len, uint8_t sha[32])
{
	struct file_hash h = {open(path, O_RDONLY | O_CLOEXEC), malloc(IO_BLOCK),
			      digest_new(DIGEST_SHA256)};
	struct stat st;
	int r = 0;
	if (h.fd < 0 || fstat(h.fd, &st) || !h.buf || !h.md)
		r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot read %s: %s", path,
			       mtkfw_errno_text(errno));
	else if ((uint64_t)st.st_size != want_len)
		r = mtkfw_fail(ctx, MTKFW_E_MISMATCH, "%s is %llu bytes, the manifest says %llu",
			       path, (unsigned long long)st.st_size, (unsigned long long)want_len);
	else if (store_file_runs(h.fd, want_len, hash_run, &h))
		r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot read %s: %s", path,
			       mtkfw_errno_text(errno));
	if (!r && !digest_final(h.md, sha))
		r = mtkfw_fail(ctx, MTKFW_E_NO_MEM, "SHA-256 failed");
	digest_free(h.md);
	free(h.buf);
	if (h.fd >= 0)
		close(h.fd);
	return r;
}

int mtkfw_backup_verify(struct mtkfw_ctx *ctx, const struct mtkfw_backup *b,
			mtkfw_progress_cb progress, void *user)
{
	if (b->kind == MTKFW_BACKUP_IDENTITY && !mtkfw_backup_find(b, "NVRAM") &&
	    !mtkfw_backup_find(b, "nvdata"))
		return mtkfw_fail(ctx, MTKFW_E_IDENTITY,
				  "%s holds no NVRAM (%zu files): an identity backup without the "
				  "phone's IMEI and calibration protects nothing",
				  b->dir, b->n_files);
	for (size_t i = 0; i < b->n_files; i++) {
		const struct mtkfw_backup_file *f = &b->files[i];
		char *path = store_join(b->dir, f->file);
		uint8_t sha[32];
		int r = path ? hash_file(ctx, path, f->length, sha)
			     : mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
		if (!r && memcmp(sha, f->sha256, 32))
			r = mtkfw_fail(ctx, MTKFW_E_MISMATCH,
				       "%s is damaged: its SHA-256 differs from the manifest's",
				       path);
		free(path);
		if (r)
			return r;
		if (progress)
			progress(user, i + 1, b->n_files);
	}
	return 0;
}

uint64_t mtkfw_backup_user_base(const struct mtkfw_backup *b)
{
	for (size_t i = 0; i < b->n_pmt; i++)
		if (mtkfw_strieq(b->pmt[i].name, "MBR"))
			return b->pmt[i].offset;
	return 0;
}

const struct mtkfw_backup_file *mtkfw_backup_find(const struct mtkfw_backup *b, const char *name)
{
	for (size_t i = 0; i < b->n_files; i++)
		if (mtkfw_strieq(b->files[i].name, name))
			return &b->files[i];
	return NULL;
}

/* Folder names start with the date and end with the kind; .incomplete ones end otherwise. */
static bool of_kind(const char *name, int kind)
{
	static const enum mtkfw_backup_kind kinds[] = {MTKFW_BACKUP_IDENTITY, MTKFW_BACKUP_FULL,
						       MTKFW_BACKUP_PARTITIONS};
	size_t n = strlen(name);
	for (size_t i = 0; i < MTKFW_ARRAY_SIZE(kinds); i++) {
		int k = (int)kinds[i];
		const char *kn = mtkfw_backup_kind_name(kinds[i]);
		if ((kind < 0 || kind == k) && n > strlen(kn) && !strcmp(name + n - strlen(kn), kn))
			return true;
	}
	return false;
}

/* Newest first: folder names start with their date. */
static int newest_first(const void *a, const void *b)
{
	return strcmp(*(char *const *)b, *(char *const *)a);
}

int store_latest_where(struct mtkfw_ctx *ctx, const char *store, const char *cid_hex, int kind,
		       bool (*ok)(const struct mtkfw_backup *), struct mtkfw_backup *out)
{
	char *dir = store_join(store, cid_hex), **names = NULL;
	size_t n = 0, cap = 0;
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *de;
	int r = MTKFW_E_NOT_FOUND;
	while (d && (de = readdir(d)) != NULL) {
		char *name = de->d_name[0] != '.' && of_kind(de->d_name, kind)
				     ? mtkfw_strdup(de->d_name)
				     : NULL;
		if (name && !mtkfw_grow((void **)&names, &cap, n + 1, sizeof(*names)))
			names[n++] = name;
		else
			free(name);
	}
	if (d)
		closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), newest_first);
	for (size_t i = 0; i < n; i++) {
		char *path = dir ? store_join(dir, names[i]) : NULL;
		r = path ? mtkfw_backup_load(ctx, path, out) : MTKFW_E_NO_MEM;
		if (!r && ok && !ok(out))
			r = MTKFW_E_NOT_FOUND;
		free(path);
		if (!r || !ok)
			break;
	}
	if (r == MTKFW_E_NOT_FOUND || (r && ok))
		r = mtkfw_fail(ctx, MTKFW_E_NOT_FOUND, "no %s backup of phone %s in %s",
			       kind < 0 ? "" : mtkfw_backup_kind_name((enum mtkfw_backup_kind)kind),
			       cid_hex, store);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(dir);
	return r;
}

int store_latest(struct mtkfw_ctx *ctx, const char *store, const char *cid_hex, int kind,
		 struct mtkfw_backup *out)
{
	return store_latest_where(ctx, store, cid_hex, kind, NULL, out);
}

int mtkfw_backup_latest(struct mtkfw_ctx *ctx, const char *store, const char *cid_hex,
			enum mtkfw_backup_kind kind, struct mtkfw_backup *out)
{
	return store_latest(ctx, store, cid_hex, (int)kind, out);
}

/* ---- remembered EMI records ---- */

unsigned store_emi_load(const char *store, uint8_t (*recs)[MTKFW_EMI_RECORD_SIZE], unsigned max)
{
	char *dir = store_join(store, "emi");
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *de;
	unsigned n = 0;
	while (d && (de = readdir(d)) != NULL && n < max) {
		char *path = mtkfw_str_iendswith(de->d_name, ".emi") ? store_join(dir, de->d_name)
								     : NULL;
		FILE *f = path ? fopen(path, "rb") : NULL;
		if (f && fread(recs[n], 1, MTKFW_EMI_RECORD_SIZE, f) == MTKFW_EMI_RECORD_SIZE)
			n++;
		if (f)
			fclose(f);
		free(path);
	}
	if (d)
		closedir(d);
	free(dir);
	return n;
}

int store_emi_save(struct mtkfw_ctx *ctx, const char *store, const uint8_t cid9[9],
		   const uint8_t raw[MTKFW_EMI_RECORD_SIZE])
{
	char name[32];
	for (int i = 0; i < 9; i++)
		snprintf(name + 2 * i, 3, "%02X", cid9[i]);
	strcat(name, ".emi");
	char *dir = store_join(store, "emi"), *path = dir ? store_join(dir, name) : NULL;
	int r = path && !store_mkdirs(dir)
			? mtkfw_write_file_atomic(path, raw, MTKFW_EMI_RECORD_SIZE)
			: -EIO;
	if (!r)
		mtkfw_log(ctx, MTKFW_LOG_DEBUG, "remembered the EMI record in %s", path);
	free(path);
	free(dir);
	return r;
}
