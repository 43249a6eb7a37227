/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Device-bound backups: make (verified, atomic), load, verify, list, restore. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "layout.h"
#include "mtkfw/backup.h"
#include "mtkfw/scatter.h"

#define MANIFEST "manifest.json"
#define FORMAT	 "mtkfw-backup/1"
#define IO_BLOCK (1u << 20)

static const char *kind_name(enum mtkfw_backup_kind k)
{
	return k == MTKFW_BACKUP_FULL ? "full" : "identity";
}

const char *mtkfw_backup_store(char *buf, size_t len)
{
	const char *env = getenv("MTKFW_STORE"), *home = getenv("HOME");
	if (env && *env)
		snprintf(buf, len, "%s", env);
	else
		snprintf(buf, len, "%s/.local/share/mtkfw/backups", home ? home : ".");
	return buf;
}

void mtkfw_session_cid_hex(const struct mtkfw_session *s, char out[33])
{
	const struct mtkfw_flash_info *f = mtkfw_session_flash(s);
	for (int i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02X", f ? f->cid[i] : 0);
}

static void hex(char *out, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02X", b[i]);
	out[2 * n] = 0;
}

static int mkdirs(const char *path)
{
	char p[4096];
	snprintf(p, sizeof(p), "%s", path);
	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = 0;
		if (mkdir(p, 0755) && errno != EEXIST)
			return -1;
		*s = '/';
	}
	return mkdir(p, 0755) && errno != EEXIST ? -1 : 0;
}

/* ---- what to save ---- */

static void add_file(struct mtkfw_backup *b, const char *name, const struct mtkfw_range *r)
{
	if (b->n_files >= MTKFW_ARRAY_SIZE(b->files))
		return;
	struct mtkfw_backup_file *f = &b->files[b->n_files++];
	memset(f, 0, sizeof(*f));
	snprintf(f->name, sizeof(f->name), "%s", name);
	snprintf(f->file, sizeof(f->file), "%s.img", name);
	f->part = r->part;
	f->offset = r->offset;
	f->length = r->length;
}

/* Identity partitions, MBR/EBRn and the PMT blocks, from the phone's own PMT. */
static void plan_identity(struct mtkfw_session *s, struct mtkfw_backup *b)
{
	for (size_t i = 0; i < mtkfw_session_pmt_count(s); i++) {
		const struct mtkfw_pmt_entry *p = mtkfw_session_pmt(s, i);
		struct mtkfw_range r;
		bool table = mtkfw_strieq(p->name, "MBR") || !strncasecmp(p->name, "EBR", 3);
		if ((mtkfw_is_identity_partition(p->name) || table) &&
		    !mtkfw_partition_range(s, p->name, &r) && r.length)
			add_file(b, p->name, &r);
	}
	uint64_t user = mtkfw_session_flash(s)->user;
	if (mtkfw_session_pmt_count(s) && user > MTKFW_PMT_FROM_END) {
		struct mtkfw_range r = {MTKFW_PART_USER, user - MTKFW_PMT_FROM_END,
					2 * MTKFW_PMT_BLOCK};
		add_file(b, "PMT", &r);
	}
}

static void plan_full(struct mtkfw_session *s, struct mtkfw_backup *b)
{
	const struct mtkfw_flash_info *f = mtkfw_session_flash(s);
	struct mtkfw_range r1 = {MTKFW_PART_BOOT1, 0, f->boot1},
			   r2 = {MTKFW_PART_BOOT2, 0, f->boot2}, ru = {MTKFW_PART_USER, 0, f->user};
	add_file(b, "boot1", &r1);
	if (f->boot2)
		add_file(b, "boot2", &r2);
	add_file(b, "user", &ru);
}

/* Device facts into the manifest. */
static void describe(struct mtkfw_session *s, enum mtkfw_backup_kind kind, struct mtkfw_backup *b)
{
	const struct mtkfw_brom_info *bi = mtkfw_session_brom(s);
	const struct mtkfw_flash_info *f = mtkfw_session_flash(s);
	time_t now = time(NULL);
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	snprintf(b->tool, sizeof(b->tool), "mtkfw %s", MTKFW_VERSION);
	strftime(b->date, sizeof(b->date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	snprintf(b->chip, sizeof(b->chip), "%s", bi->chip->name);
	b->hw_code = bi->hw_code;
	b->hw_sub = bi->hw_sub;
	b->hw_ver = bi->hw_ver;
	b->sw_ver = bi->sw_ver;
	hex(b->me_id, bi->me_id, bi->me_id_len < 16 ? bi->me_id_len : 16);
	mtkfw_session_cid_hex(s, b->cid);
	b->boot1 = f->boot1;
	b->boot2 = f->boot2;
	b->rpmb = f->rpmb;
	b->user = f->user;
	for (size_t i = 0; i < mtkfw_session_pmt_count(s) && b->n_pmt < MTKFW_ARRAY_SIZE(b->pmt);
	     i++)
		b->pmt[b->n_pmt++] = *mtkfw_session_pmt(s, i);
}

/* ---- manifest ---- */

static json_object *manifest_json(const struct mtkfw_backup *b)
{
	json_object *o = json_object_new_object(), *files = json_object_new_array(),
		    *pmt = json_object_new_array(), *sizes = json_object_new_object();
	json_object_object_add(o, "format", json_object_new_string(FORMAT));
	json_object_object_add(o, "kind", json_object_new_string(kind_name(b->kind)));
	json_object_object_add(o, "tool", json_object_new_string(b->tool));
	json_object_object_add(o, "date", json_object_new_string(b->date));
	json_object_object_add(o, "chip", json_object_new_string(b->chip));
	json_object_object_add(o, "hw_code", json_object_new_int(b->hw_code));
	json_object_object_add(o, "hw_sub", json_object_new_int(b->hw_sub));
	json_object_object_add(o, "hw_ver", json_object_new_int(b->hw_ver));
	json_object_object_add(o, "sw_ver", json_object_new_int(b->sw_ver));
	json_object_object_add(o, "me_id", json_object_new_string(b->me_id));
	json_object_object_add(o, "cid", json_object_new_string(b->cid));
	json_object_object_add(sizes, "boot1", json_object_new_uint64(b->boot1));
	json_object_object_add(sizes, "boot2", json_object_new_uint64(b->boot2));
	json_object_object_add(sizes, "rpmb", json_object_new_uint64(b->rpmb));
	json_object_object_add(sizes, "user", json_object_new_uint64(b->user));
	json_object_object_add(o, "sizes", sizes);
	for (size_t i = 0; i < b->n_pmt; i++) {
		json_object *e = json_object_new_object();
		json_object_object_add(e, "name", json_object_new_string(b->pmt[i].name));
		json_object_object_add(e, "offset", json_object_new_uint64(b->pmt[i].offset));
		json_object_object_add(e, "size", json_object_new_uint64(b->pmt[i].size));
		json_object_array_add(pmt, e);
	}
	json_object_object_add(o, "partition_table", pmt);
	for (size_t i = 0; i < b->n_files; i++) {
		const struct mtkfw_backup_file *f = &b->files[i];
		json_object *e = json_object_new_object();
		char h[65];
		mtkfw_sha256_hex(f->sha256, h);
		json_object_object_add(e, "name", json_object_new_string(f->name));
		json_object_object_add(e, "file", json_object_new_string(f->file));
		json_object_object_add(e, "region",
				       json_object_new_string(mtkfw_part_name(f->part)));
		json_object_object_add(e, "offset", json_object_new_uint64(f->offset));
		json_object_object_add(e, "length", json_object_new_uint64(f->length));
		json_object_object_add(e, "zero_bytes", json_object_new_uint64(f->zero_bytes));
		json_object_object_add(e, "free_bytes", json_object_new_uint64(f->free_bytes));
		json_object_object_add(e, "sha256", json_object_new_string(h));
		json_object_array_add(files, e);
	}
	json_object_object_add(o, "files", files);
	return o;
}

static int write_manifest(struct mtkfw_ctx *ctx, const char *dir, const struct mtkfw_backup *b)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s/%s", dir, MANIFEST);
	json_object *o = manifest_json(b);
	const char *text = json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	int err = mtkfw_write_file_atomic(path, text, strlen(text)), r = 0;
	if (err)
		r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot write %s: %s", path, strerror(-err));
	json_object_put(o);
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
		if (part < 0 || !safe_name(f->file) || !*f->name ||
		    parse_sha(jstr(e, "sha256"), f->sha256))
			return mtkfw_fail(ctx, MTKFW_E_FORMAT, "%s/%s: file entry %zu is malformed",
					  dir, MANIFEST, i);
		f->part = (enum mtkfw_emmc_part)part;
	}
	return 0;
}

int mtkfw_backup_load(struct mtkfw_ctx *ctx, const char *dir, struct mtkfw_backup *out)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s/%s", dir, MANIFEST);
	json_object *o = json_object_from_file(path), *v;
	if (!o)
		return mtkfw_fail(ctx, MTKFW_E_NOT_FOUND,
				  "%s is not a complete mtkfw backup (no readable %s)", dir,
				  MANIFEST);
	memset(out, 0, sizeof(*out));
	int r = 0;
	if (strcmp(jstr(o, "format"), FORMAT))
		r = mtkfw_fail(ctx, MTKFW_E_FORMAT, "%s: not an %s manifest", path, FORMAT);
	snprintf(out->dir, sizeof(out->dir), "%s", dir);
	out->kind = strcmp(jstr(o, "kind"), "full") ? MTKFW_BACKUP_IDENTITY : MTKFW_BACKUP_FULL;
	snprintf(out->tool, sizeof(out->tool), "%s", jstr(o, "tool"));
	snprintf(out->date, sizeof(out->date), "%s", jstr(o, "date"));
	snprintf(out->chip, sizeof(out->chip), "%s", jstr(o, "chip"));
	snprintf(out->me_id, sizeof(out->me_id), "%s", jstr(o, "me_id"));
	snprintf(out->cid, sizeof(out->cid), "%s", jstr(o, "cid"));
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
	if (!r && json_object_object_get_ex(o, "partition_table", &v) &&
	    json_object_is_type(v, json_type_array))
		for (size_t i = 0; i < json_object_array_length(v) && out->n_pmt < 64; i++) {
			json_object *e = json_object_array_get_idx(v, i);
			struct mtkfw_pmt_entry *p = &out->pmt[out->n_pmt++];
			snprintf(p->name, sizeof(p->name), "%s", jstr(e, "name"));
			p->offset = jnum(e, "offset");
			p->size = jnum(e, "size");
		}
	if (!r)
		r = json_object_object_get_ex(o, "files", &v)
			    ? load_files(ctx, dir, v, out)
			    : mtkfw_fail(ctx, MTKFW_E_FORMAT, "%s: no files", path);
	json_object_put(o);
	return r;
}

/* ---- making one ---- */

/* The map a file is read through: the whole user area of a full backup only. */
static const struct mtkfw_fsmap *file_map(const struct mtkfw_backup *b,
					  const struct mtkfw_backup_file *f,
					  const struct mtkfw_fsmap *map)
{
	bool whole_user = f->part == MTKFW_PART_USER && !f->offset && f->length == b->user;
	return map && whole_user ? map : NULL;
}

/*
 * Read every planned range into dir, then hash each again on the phone. With
 * a map, the whole user area is read only where the map says (both times).
 */
static int save_and_verify(struct mtkfw_session *s, const char *dir, struct mtkfw_backup *b,
			   const struct mtkfw_fsmap *map, mtkfw_progress_cb progress, void *user)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	uint8_t read_sha[MTKFW_ARRAY_SIZE(b->files)][32]; /* what the second read must match */
	for (size_t i = 0; i < b->n_files; i++) {
		struct mtkfw_backup_file *f = &b->files[i];
		struct mtkfw_range r = {f->part, f->offset, f->length};
		const struct mtkfw_fsmap *m = file_map(b, f, map);
		struct mtkfw_readback_result res;
		char path[4200];
		snprintf(path, sizeof(path), "%s/%s", dir, f->file);
		mtkfw_log(ctx, MTKFW_LOG_INFO, "backing up %s (%llu bytes, %llu of them read)",
			  f->name, (unsigned long long)f->length,
			  (unsigned long long)(m ? m->used : f->length));
		int rc = mtkfw_readback_file_extents(s, &r, m ? m->ext : NULL, m ? m->n : 0, path,
						     progress, user, &res);
		if (rc)
			return mtkfw_fail_prefix(ctx, "backup of %s", f->name);
		memcpy(f->sha256, res.sha256, 32);
		memcpy(read_sha[i], m ? res.read_sha256 : res.sha256, 32);
		f->zero_bytes = res.zero_bytes;
		f->free_bytes = res.skipped_bytes;
	}
	for (size_t i = 0; i < b->n_files; i++) {
		struct mtkfw_backup_file *f = &b->files[i];
		struct mtkfw_range r = {f->part, f->offset, f->length};
		const struct mtkfw_fsmap *m = file_map(b, f, map);
		uint8_t again[32];
		int rc = mtkfw_hash_range_extents(s, &r, m ? m->ext : NULL, m ? m->n : 0, again,
						  progress, user);
		if (rc)
			return mtkfw_fail_prefix(ctx, "verifying the backup of %s", f->name);
		if (memcmp(again, read_sha[i], 32))
			return mtkfw_fail(
				ctx, MTKFW_E_MISMATCH,
				"backup of %s: a second read of the phone differs from the "
				"first; the link or the eMMC is unreliable, the backup is not "
				"kept",
				f->name);
	}
	return 0;
}

static void fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* A full backup's map of the user area (none for identity backups or every byte). */
static int map_user(struct mtkfw_session *s, const struct mtkfw_backup *b, bool every,
		    struct mtkfw_fsmap *map)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	if (b->kind != MTKFW_BACKUP_FULL || every)
		return 0;
	if (mtkfw_user_used_spans(s, map))
		return mtkfw_fail_prefix(ctx, "mapping the filesystems");
	mtkfw_log(ctx, MTKFW_LOG_INFO,
		  "user area: %llu bytes of filesystem free space are not read",
		  (unsigned long long)(b->user - map->used));
	return 0;
}

/* Name, map, save, verify, manifest, rename. */
static int make_folder(struct mtkfw_session *s, enum mtkfw_backup_kind kind, const char *store,
		       const char *dir, bool every, mtkfw_progress_cb progress, void *user,
		       struct mtkfw_backup *out)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	struct mtkfw_fsmap map = {0};
	char final[4096], tmp[4200], sbuf[4096], stamp[32];
	time_t now = time(NULL);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", gmtime(&now));
	for (int seq = 1; seq < 100; seq++) { /* first free name; fixed width sorts by time */
		if (dir)
			snprintf(final, sizeof(final), "%s", dir);
		else
			snprintf(final, sizeof(final), "%s/%s/%s-%02d-%s",
				 store ? store : mtkfw_backup_store(sbuf, sizeof(sbuf)), out->cid,
				 stamp, seq, kind_name(kind));
		snprintf(tmp, sizeof(tmp), "%s.incomplete", final);
		if (dir || (access(final, F_OK) && access(tmp, F_OK)))
			break;
	}
	if (!access(final, F_OK))
		return mtkfw_fail(ctx, MTKFW_E_IO, "%s already exists", final);
	if (mkdirs(tmp))
		return mtkfw_fail(ctx, MTKFW_E_IO, "cannot create %s: %s", tmp, strerror(errno));
	int r = map_user(s, out, every, &map);
	if (!r)
		r = save_and_verify(s, tmp, out, map.ext ? &map : NULL, progress, user);
	mtkfw_fsmap_free(&map);
	if (!r)
		r = write_manifest(ctx, tmp, out);
	if (!r) {
		fsync_dir(tmp);
		if (rename(tmp, final))
			r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot rename %s: %s", tmp,
				       strerror(errno));
		else
			snprintf(out->dir, sizeof(out->dir), "%s", final);
	}
	return r; /* on failure the .incomplete folder stays, visibly incomplete */
}

int mtkfw_backup_make(struct mtkfw_session *s, enum mtkfw_backup_kind kind, const char *store,
		      const char *dir, mtkfw_progress_cb progress, void *user,
		      struct mtkfw_backup *out)
{
	bool every = kind == MTKFW_BACKUP_FULL_EVERY_BYTE;
	kind = every ? MTKFW_BACKUP_FULL : kind;
	mtkfw_set_step(mtkfw_session_ctx(s), "backup");
	describe(s, kind, out);
	if (kind == MTKFW_BACKUP_FULL)
		plan_full(s, out);
	else
		plan_identity(s, out);
	return make_folder(s, kind, store, dir, every, progress, user, out);
}

/* ---- checking and finding ---- */

static int hash_file(struct mtkfw_ctx *ctx, const char *path, uint64_t want_len, uint8_t sha[32])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), r = 0;
	uint8_t *buf = malloc(IO_BLOCK);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	uint64_t total = 0;
	unsigned n = 0;
	ssize_t got;
	if (fd < 0 || !buf || !md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL))
		r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot read %s: %s", path, strerror(errno));
	while (!r && (got = read(fd, buf, IO_BLOCK)) > 0) {
		EVP_DigestUpdate(md, buf, (size_t)got);
		total += (uint64_t)got;
	}
	if (!r && total != want_len)
		r = mtkfw_fail(ctx, MTKFW_E_MISMATCH, "%s is %llu bytes, the manifest says %llu",
			       path, (unsigned long long)total, (unsigned long long)want_len);
	if (!r)
		EVP_DigestFinal_ex(md, sha, &n);
	EVP_MD_CTX_free(md);
	free(buf);
	if (fd >= 0)
		close(fd);
	return r;
}

int mtkfw_backup_verify(struct mtkfw_ctx *ctx, const struct mtkfw_backup *b,
			mtkfw_progress_cb progress, void *user)
{
	for (size_t i = 0; i < b->n_files; i++) {
		const struct mtkfw_backup_file *f = &b->files[i];
		char path[4200];
		uint8_t sha[32];
		snprintf(path, sizeof(path), "%s/%s", b->dir, f->file);
		int r = hash_file(ctx, path, f->length, sha);
		if (r)
			return r;
		if (memcmp(sha, f->sha256, 32))
			return mtkfw_fail(ctx, MTKFW_E_MISMATCH,
					  "%s is damaged: its SHA-256 differs from the manifest's",
					  path);
		if (progress)
			progress(user, i + 1, b->n_files);
	}
	return 0;
}

bool mtkfw_backup_same_phone(const struct mtkfw_backup *b, const struct mtkfw_session *s)
{
	char cid[33], me[33];
	const struct mtkfw_brom_info *bi = mtkfw_session_brom(s);
	mtkfw_session_cid_hex(s, cid);
	hex(me, bi->me_id, bi->me_id_len < 16 ? bi->me_id_len : 16);
	return !strcmp(cid, b->cid) && !strcmp(me, b->me_id);
}

const struct mtkfw_backup_file *mtkfw_backup_find(const struct mtkfw_backup *b, const char *name)
{
	for (size_t i = 0; i < b->n_files; i++)
		if (mtkfw_strieq(b->files[i].name, name))
			return &b->files[i];
	return NULL;
}

int mtkfw_backup_latest(struct mtkfw_ctx *ctx, const char *store, const char *cid_hex,
			enum mtkfw_backup_kind kind, struct mtkfw_backup *out)
{
	char dir[4200], best[4200] = "";
	snprintf(dir, sizeof(dir), "%s/%s", store, cid_hex);
	DIR *d = opendir(dir);
	struct dirent *de;
	while (d && (de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		const char *k = kind_name(kind);
		if (de->d_name[0] == '.' || n < strlen(k) || strcmp(de->d_name + n - strlen(k), k))
			continue; /* .incomplete folders end differently */
		if (strcmp(de->d_name, best) > 0)
			snprintf(best, sizeof(best), "%s", de->d_name);
	}
	if (d)
		closedir(d);
	if (!*best)
		return mtkfw_fail(ctx, MTKFW_E_NOT_FOUND, "no %s backup of phone %s in %s",
				  kind_name(kind), cid_hex, store);
	snprintf(dir, sizeof(dir), "%s/%s/%s", store, cid_hex, best);
	return mtkfw_backup_load(ctx, dir, out);
}

int mtkfw_identity_guard(struct mtkfw_session *s, const char *store, struct mtkfw_backup *out,
			 mtkfw_progress_cb progress, void *user)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	char sbuf[4096], cid[33];
	const char *st = store ? store : mtkfw_backup_store(sbuf, sizeof(sbuf));
	mtkfw_session_cid_hex(s, cid);
	if (!mtkfw_backup_latest(ctx, st, cid, MTKFW_BACKUP_IDENTITY, out) &&
	    mtkfw_backup_same_phone(out, s) && !mtkfw_backup_verify(ctx, out, NULL, NULL)) {
		mtkfw_log(ctx, MTKFW_LOG_INFO, "identity backup on file: %s", out->dir);
		return 0;
	}
	int r = mtkfw_backup_make(s, MTKFW_BACKUP_IDENTITY, st, NULL, progress, user, out);
	return r ? mtkfw_fail_prefix(ctx, "cannot secure an identity backup first; nothing was "
					  "changed")
		 : 0;
}
