/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Device-bound backups: what to save (from the phone's layout), saving it
 * verified and atomically, the identity guard before destructive work and
 * the identity check after it. Manifests and folders are the store's
 * (store.c); writing back is restore.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mtkfw/layout.h"
#include "onflash.h"
#include "store.h"

static void hex(char *out, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02X", b[i]);
	out[2 * n] = 0;
}

/* ---- what to save ---- */

static void add_file(struct mtkfw_backup *b, const char *name, enum mtkfw_backup_what what,
		     const struct mtkfw_range *r)
{
	if (b->n_files >= MTKFW_ARRAY_SIZE(b->files))
		return;
	struct mtkfw_backup_file *f = &b->files[b->n_files++];
	memset(f, 0, sizeof(*f));
	snprintf(f->name, sizeof(f->name), "%s", name);
	snprintf(f->file, sizeof(f->file), "%s.img", name);
	f->what = what;
	f->part = r->part;
	f->offset = r->offset;
	f->length = r->length;
}

static bool is_table(const char *name)
{
	return mtkfw_strieq(name, "MBR") || !strncasecmp(name, "EBR", 3);
}

/* Identity partitions where the layout has them, the MBR/EBRn and the PMT blocks. */
static int plan_identity(struct mtkfw_session *s, const struct mtkfw_layout *l,
			 struct mtkfw_backup *b)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	if (!mtkfw_layout_trusted(l)) {
		mtkfw_set_step(ctx, "layout");
		return mtkfw_fail(ctx, MTKFW_E_IDENTITY,
				  "cannot tell which bytes are this phone's identity: %s\n  a full "
				  "backup reads every byte whatever the tables say: 'mtkfw backup "
				  "--full --every-byte'",
				  l ? l->why : "no layout");
	}
	for (size_t i = 0; i < l->n_identity; i++) {
		struct mtkfw_range r;
		if (!mtkfw_layout_range(ctx, l, l->identity[i].name, &r) && r.length)
			add_file(b, l->identity[i].name, MTKFW_SAVED_PARTITION, &r);
	}
	for (size_t i = 0; i < l->n_parts; i++) {
		struct mtkfw_range r;
		if (is_table(l->parts[i].name) &&
		    !mtkfw_layout_range(ctx, l, l->parts[i].name, &r) && r.length)
			add_file(b, l->parts[i].name, MTKFW_SAVED_PARTITION, &r);
	}
	if (mtkfw_pmt_blocks_at(l->user_size)) {
		struct mtkfw_range r = {MTKFW_PART_USER, mtkfw_pmt_blocks_at(l->user_size),
					2 * MTKFW_PMT_BLOCK};
		add_file(b, "PMT", MTKFW_SAVED_PMT, &r);
	}
	if (!mtkfw_backup_find(b, "NVRAM") && !mtkfw_backup_find(b, "nvdata"))
		return mtkfw_fail(ctx, MTKFW_E_IDENTITY,
				  "the phone's layout names no NVRAM partition: an identity backup "
				  "would hold nothing of its IMEI or calibration");
	return 0;
}

static void plan_full(struct mtkfw_session *s, struct mtkfw_backup *b)
{
	const struct mtkfw_flash_info *f = mtkfw_session_flash(s);
	struct mtkfw_range r1 = {MTKFW_PART_BOOT1, 0, f->boot1},
			   r2 = {MTKFW_PART_BOOT2, 0, f->boot2}, ru = {MTKFW_PART_USER, 0, f->user};
	add_file(b, "boot1", MTKFW_SAVED_AREA, &r1);
	if (f->boot2)
		add_file(b, "boot2", MTKFW_SAVED_AREA, &r2);
	add_file(b, "user", MTKFW_SAVED_AREA, &ru);
}

/* The layout's partitions as the manifest's partition table (linear addresses). */
static void record_table(const struct mtkfw_layout *l, struct mtkfw_backup *b)
{
	for (size_t i = 0; l && i < l->n_parts && b->n_pmt < MTKFW_ARRAY_SIZE(b->pmt); i++) {
		struct mtkfw_pmt_entry *e = &b->pmt[b->n_pmt++];
		snprintf(e->name, sizeof(e->name), "%s", l->parts[i].name);
		e->offset = l->parts[i].linear;
		e->size = l->parts[i].r.length;
	}
	if (l)
		snprintf(b->layout, sizeof(b->layout), "%s%s%s", mtkfw_layout_state_name(l->state),
			 *l->basis ? ": " : "", l->basis);
}

/* Device facts into the manifest. */
static void describe(struct mtkfw_session *s, const struct mtkfw_layout *l,
		     enum mtkfw_backup_kind kind, struct mtkfw_backup *b)
{
	const struct mtkfw_brom_info *bi = mtkfw_session_brom(s);
	const struct mtkfw_flash_info *f = mtkfw_session_flash(s);
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	snprintf(b->tool, sizeof(b->tool), "mtkfw %s", MTKFW_VERSION);
	mtkfw_utc_now("%Y-%m-%dT%H:%M:%SZ", b->date, sizeof(b->date));
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
	record_table(l, b);
}

/* ---- making one ---- */

/*
 * A full backup's map of the user area: what is read (all of it with
 * --every-byte) and what is read again follow it (verify_spans).
 */
struct user_map {
	struct mtkfw_user_map m; /* used, unformatted, the mapping's own reads */
	bool every;		 /* --every-byte: free space read too */
};

/* Is f the whole user area of a full backup, which the map describes? */
static bool whole_user(const struct mtkfw_backup *b, const struct mtkfw_backup_file *f)
{
	return f->part == MTKFW_PART_USER && !f->offset && f->length == b->user;
}

/* The map a file is read through: the whole user area of a full backup, free space left out. */
static const struct mtkfw_fsmap *
file_map(const struct mtkfw_backup *b, const struct mtkfw_backup_file *f, const struct user_map *um)
{
	return um && !um->every && whole_user(b, f) ? &um->m.used : NULL;
}

/* A data run of a saved file joins the bytes to read again (see verify_spans). */
static int keep_data(void *user, uint64_t off, uint64_t len, bool data)
{
	return data ? mtkfw_fsmap_add(user, off, len) : 0;
}

static int by_start(const void *a, const void *b)
{
	const struct mtkfw_span *x = a, *y = b;
	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* The identity partitions of the layout inside f, as sorted spans of the file; returns how many. */
static size_t identity_in(const struct mtkfw_layout *l, const struct mtkfw_backup_file *f,
			  struct mtkfw_span *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n_identity && n < max; i++) {
		struct mtkfw_range r;
		if (mtkfw_layout_range(NULL, l, l->identity[i].name, &r) || r.part != f->part)
			continue;
		uint64_t s = r.offset > f->offset ? r.offset : f->offset;
		uint64_t e = r.offset + r.length < f->offset + f->length ? r.offset + r.length
									 : f->offset + f->length;
		if (e > s)
			out[n++] = (struct mtkfw_span){s - f->offset, e - s};
	}
	qsort(out, n, sizeof(*out), by_start);
	return n;
}

/* Does an extent of m overlap [off, off+len)? */
static bool overlaps(const struct mtkfw_fsmap *m, uint64_t off, uint64_t len)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->ext[i].offset < off + len && off < m->ext[i].offset + m->ext[i].length)
			return true;
	return false;
}

/*
 * The unformatted partitions in which the first read found no data (data: the
 * file's data runs): blank, their zeros rest on the packets' sums.
 */
static int blank_parts(struct mtkfw_ctx *ctx, const struct user_map *um,
		       const struct mtkfw_fsmap *data, struct mtkfw_fsmap *out)
{
	int r = 0;
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; !r && i < um->m.unformatted.n; i++) {
		const struct mtkfw_span *u = &um->m.unformatted.ext[i];
		if (overlaps(data, u->offset, u->length))
			continue;
		mtkfw_log(ctx, MTKFW_LOG_INFO,
			  "user+0x%llx (%llu bytes), meant for a filesystem, holds none and read "
			  "as zeros: blank, not read again (its zeros rest on the packets' sums)",
			  (unsigned long long)u->offset, (unsigned long long)u->length);
		r = mtkfw_fsmap_append(out, u->offset, u->length);
	}
	return r;
}

/*
 * What of the whole user area is read again (docs/backup.md): the identity
 * partitions, the runs of the file that hold data, and every byte the map
 * says is in use, zeros included (blank unformatted partitions aside), so
 * that data misread as zeros is caught as well as zeros misread as data.
 */
static int user_spans(struct mtkfw_ctx *ctx, const struct mtkfw_layout *l,
		      const struct mtkfw_backup_file *f, const struct user_map *um, int fd,
		      struct mtkfw_fsmap *out)
{
	struct mtkfw_span id[MTKFW_ARRAY_SIZE(l->identity)];
	struct mtkfw_fsmap data = {0}, blank = {0}, inuse = {0}, both = {0};
	struct mtkfw_fsmap ids = {.ext = id, .n = identity_in(l, f, id, MTKFW_ARRAY_SIZE(id))};
	int r = store_file_runs(fd, f->length, keep_data, &data);
	if (!r)
		r = blank_parts(ctx, um, &data, &blank);
	if (!r)
		r = mtkfw_fsmap_minus(&um->m.used, &blank, &inuse);
	if (!r)
		r = mtkfw_fsmap_union(&data, &ids, &both);
	if (!r)
		r = mtkfw_fsmap_union(&both, &inuse, out);
	mtkfw_fsmap_free(&data);
	mtkfw_fsmap_free(&blank);
	mtkfw_fsmap_free(&inuse);
	mtkfw_fsmap_free(&both);
	return r;
}

/*
 * The bytes of a saved file to read from the phone again, inside what was
 * read (read; NULL: all of it): of a full backup's user area with a trusted
 * layout, what user_spans picks; every byte read otherwise (identity and
 * partitions backups, boot1/boot2, a doubtful layout).
 */
/*
 * May the layout's partitions steer which bytes a full backup reads once or
 * not at all? Only when the phone's own evidence settled it (OK): on the
 * user's word alone (GIVEN) every byte is read, and read twice.
 */
static bool layout_maps(const struct mtkfw_layout *l)
{
	return l && l->state == MTKFW_LAYOUT_OK;
}

static int verify_spans(struct mtkfw_ctx *ctx, const struct mtkfw_layout *l,
			const struct mtkfw_backup *b, const struct mtkfw_backup_file *f,
			const struct mtkfw_fsmap *read, const struct user_map *um, int fd,
			struct mtkfw_fsmap *out)
{
	struct mtkfw_span all = {0, f->length};
	struct mtkfw_fsmap whole = {.ext = &all, .n = 1, .used = f->length}, pick = {0};
	const struct mtkfw_fsmap *in = read ? read : &whole;
	if (!um || !whole_user(b, f) || !layout_maps(l))
		return mtkfw_fsmap_clip(&whole, in->ext, in->n, out);
	int r = user_spans(ctx, l, f, um, fd, &pick);
	if (!r)
		r = mtkfw_fsmap_clip(&pick, in->ext, in->n, out);
	mtkfw_fsmap_free(&pick);
	return r;
}

/*
 * The bytes the mapping read, as the backup's first read saved them (fd):
 * equal, or the map rests on a misread and the backup is refused.
 */
static int check_map_reads(struct mtkfw_ctx *ctx, const struct mtkfw_user_map *m, int fd)
{
	for (size_t i = 0; i < m->n_reads; i++) {
		const struct mtkfw_map_read *r = &m->reads[i];
		struct mtkfw_span sp = {r->offset, r->length};
		uint8_t sha[32];
		if (store_file_spans_sha(fd, &sp, 1, sha))
			return mtkfw_fail(ctx, MTKFW_E_IO, "cannot read the saved user area again");
		if (memcmp(sha, r->sha256, 32))
			return mtkfw_fail(
				ctx, MTKFW_E_MISMATCH,
				"backup of user: the bytes read to map %s (user+0x%llx, "
				"%llu bytes) differ from the backup's own read of them: "
				"the eMMC or the link misread, and what the map calls free "
				"cannot be trusted; the backup is not kept. Run it again",
				r->name, (unsigned long long)r->offset,
				(unsigned long long)r->length);
	}
	return 0;
}

/* Hash the chosen bytes of a saved file on the phone and in the file; equal or an error. */
static int verify_file(struct mtkfw_session *s, const struct mtkfw_layout *l,
		       const struct mtkfw_backup *b, struct mtkfw_backup_file *f, const char *path,
		       const struct user_map *um, mtkfw_progress_cb progress, void *user)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	struct mtkfw_range r = {f->part, f->offset, f->length};
	struct mtkfw_fsmap v = {0};
	uint8_t phone[32], file[32];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc = fd < 0 ? mtkfw_fail(ctx, MTKFW_E_IO, "cannot read %s: %s", path,
				     mtkfw_errno_text(errno))
			: 0;
	if (!rc && um && whole_user(b, f))
		rc = check_map_reads(ctx, &um->m, fd);
	if (!rc)
		rc = verify_spans(ctx, l, b, f, file_map(b, f, um), um, fd, &v);
	if (rc == MTKFW_E_NO_MEM)
		rc = mtkfw_fail(ctx, rc, "out of memory");
	f->reread_bytes = v.used;
	if (!rc)
		mtkfw_log(ctx, MTKFW_LOG_INFO, "verifying %s: %llu bytes read again (%s)", f->name,
			  (unsigned long long)v.used,
			  um && whole_user(b, f) && layout_maps(l)
				  ? "identity, data and what is in use, zeros included; zeros in "
				    "free space rest on the packets' sums"
				  : "every byte read");
	if (!rc && v.n)
		rc = mtkfw_hash_range_extents(s, &r, v.ext, v.n, phone, progress, user);
	if (!rc && v.n && store_file_spans_sha(fd, v.ext, v.n, file))
		rc = mtkfw_fail(ctx, MTKFW_E_IO, "cannot read %s again", path);
	if (!rc && v.n && memcmp(phone, file, 32))
		rc = mtkfw_fail(ctx, MTKFW_E_MISMATCH,
				"backup of %s: a second read of the phone differs from the first; "
				"the link or the eMMC is unreliable, the backup is not kept",
				f->name);
	if (fd >= 0)
		close(fd);
	mtkfw_fsmap_free(&v);
	return rc;
}

/*
 * Read every planned range into dir, then read again what verify_spans picks
 * and compare it with the file. With a map, the whole user area is read only
 * where the map says.
 */
static int save_and_verify(struct mtkfw_session *s, const struct mtkfw_layout *l, const char *dir,
			   struct mtkfw_backup *b, const struct user_map *um,
			   mtkfw_progress_cb progress, void *user)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	int rc = 0;
	for (size_t i = 0; !rc && i < b->n_files; i++) {
		struct mtkfw_backup_file *f = &b->files[i];
		struct mtkfw_range r = {f->part, f->offset, f->length};
		const struct mtkfw_fsmap *m = file_map(b, f, um);
		struct mtkfw_readback_result res;
		char *path = store_join(dir, f->file);
		mtkfw_log(ctx, MTKFW_LOG_INFO, "backing up %s (%llu bytes, %llu of them read)",
			  f->name, (unsigned long long)f->length,
			  (unsigned long long)(m ? m->used : f->length));
		rc = path ? mtkfw_readback_file_extents(s, &r, m ? m->ext : NULL, m ? m->n : 0,
							path, progress, user, &res)
			  : mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
		free(path);
		if (rc)
			return mtkfw_fail_prefix(ctx, "backup of %s", f->name);
		memcpy(f->sha256, res.sha256, 32);
		f->zero_bytes = res.zero_bytes;
		f->free_bytes = res.skipped_bytes;
	}
	for (size_t i = 0; !rc && i < b->n_files; i++) {
		struct mtkfw_backup_file *f = &b->files[i];
		char *path = store_join(dir, f->file);
		rc = path ? verify_file(s, l, b, f, path, um, progress, user)
			  : mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
		free(path);
		if (rc && rc != MTKFW_E_MISMATCH)
			rc = mtkfw_fail_prefix(ctx, "verifying the backup of %s", f->name);
	}
	return rc;
}

static void fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/*
 * A full backup's map of the user area (none for other backups or a doubtful
 * layout: every byte is read, and read again); *have tells whether there is one.
 */
static int map_user(struct mtkfw_session *s, const struct mtkfw_layout *l,
		    const struct mtkfw_backup *b, struct user_map *um, bool *have)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	*have = false;
	if (b->kind != MTKFW_BACKUP_FULL)
		return 0;
	if (!layout_maps(l)) {
		mtkfw_log(ctx, MTKFW_LOG_WARNING,
			  "the phone's layout is %s: every byte is read, free space included",
			  l ? mtkfw_layout_state_name(l->state) : "unknown");
		return 0;
	}
	if (mtkfw_user_used_spans(s, l, &um->m))
		return mtkfw_fail_prefix(ctx, "mapping the filesystems");
	*have = true;
	mtkfw_log(ctx, MTKFW_LOG_INFO, "user area: %llu bytes of filesystem free space %s",
		  (unsigned long long)(b->user - um->m.used.used),
		  um->every ? "read too (--every-byte); their zeros are not read again"
			    : "are not read");
	return 0;
}

/* <store>/<CID>/<date>-<nn>-<kind> (the first free nn), or dir as given; malloc'd. */
static char *folder_name(const char *store, const char *dir, const struct mtkfw_backup *b)
{
	char sbuf[4096], stamp[32];
	mtkfw_utc_now("%Y%m%d-%H%M%S", stamp, sizeof(stamp));
	for (int seq = 1; seq < 100 && !dir; seq++) { /* fixed width sorts by time */
		char *p = mtkfw_asprintf("%s/%s/%s-%02d-%s", store_root(store, sbuf, sizeof(sbuf)),
					 b->cid, stamp, seq, mtkfw_backup_kind_name(b->kind));
		char *tmp = p ? mtkfw_asprintf("%s.incomplete", p) : NULL;
		bool free_name = tmp && access(p, F_OK) && access(tmp, F_OK);
		free(tmp);
		if (free_name || !p)
			return p;
		free(p);
	}
	return dir ? mtkfw_strdup(dir) : NULL;
}

/* Name, map, save, verify, manifest, rename. */
static int make_folder(struct mtkfw_session *s, const struct mtkfw_layout *l, const char *store,
		       const char *dir, bool every, mtkfw_progress_cb progress, void *user,
		       struct mtkfw_backup *out)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	struct user_map um = {.every = every};
	bool mapped = false;
	char *final = folder_name(store, dir, out);
	char *tmp = final ? mtkfw_asprintf("%s.incomplete", final) : NULL;
	int r = tmp ? 0 : mtkfw_fail(ctx, MTKFW_E_NO_MEM, "no free backup folder name");
	if (!r && !access(final, F_OK))
		r = mtkfw_fail(ctx, MTKFW_E_IO, "%s already exists", final);
	if (!r && store_mkdirs(tmp))
		r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot create %s: %s", tmp,
			       mtkfw_errno_text(errno));
	if (!r)
		r = map_user(s, l, out, &um, &mapped);
	if (!r)
		r = save_and_verify(s, l, tmp, out, mapped ? &um : NULL, progress, user);
	mtkfw_user_map_free(&um.m);
	if (!r)
		r = store_write_manifest(ctx, tmp, out);
	if (!r) {
		fsync_dir(tmp);
		if (rename(tmp, final))
			r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot rename %s: %s", tmp,
				       mtkfw_errno_text(errno));
		else
			snprintf(out->dir, sizeof(out->dir), "%s", final);
	}
	free(tmp);
	free(final);
	return r; /* on failure the .incomplete folder stays, visibly incomplete */
}

int mtkfw_backup_make(struct mtkfw_session *s, const struct mtkfw_layout *l,
		      enum mtkfw_backup_kind kind, const char *store, const char *dir,
		      mtkfw_progress_cb progress, void *user, struct mtkfw_backup *out)
{
	bool every = kind == MTKFW_BACKUP_FULL_EVERY_BYTE;
	kind = every ? MTKFW_BACKUP_FULL : kind;
	mtkfw_set_step(mtkfw_session_ctx(s), "backup");
	describe(s, l, kind, out);
	if (kind == MTKFW_BACKUP_FULL)
		plan_full(s, out);
	else if (plan_identity(s, l, out))
		return mtkfw_ctx_errcode(mtkfw_session_ctx(s));
	return make_folder(s, l, store, dir, every, progress, user, out);
}

/* A "partitions" backup begun: the layout must be trusted to name what it saves. */
static int begin_partitions(struct mtkfw_session *s, const struct mtkfw_layout *l,
			    struct mtkfw_backup *out)
{
	mtkfw_set_step(mtkfw_session_ctx(s), "backup");
	int r = mtkfw_layout_may_write(mtkfw_session_ctx(s), l, "back up what will be overwritten");
	if (!r)
		describe(s, l, MTKFW_BACKUP_PARTITIONS, out);
	return r;
}

int mtkfw_backup_partitions(struct mtkfw_session *s, const struct mtkfw_layout *l,
			    const char *names, const char *store, mtkfw_progress_cb progress,
			    void *user, struct mtkfw_backup *out)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	int r = begin_partitions(s, l, out);
	if (r)
		return r;
	for (size_t i = 0; i < l->n_parts; i++) {
		struct mtkfw_range rg;
		if (mtkfw_in_list(names, l->parts[i].name) &&
		    !mtkfw_layout_range(ctx, l, l->parts[i].name, &rg) && rg.length)
			add_file(out, l->parts[i].name, MTKFW_SAVED_PARTITION, &rg);
	}
	for (const char *n = names; *n;) { /* every name asked for is there */
		size_t k = strcspn(n, ",");
		char one[65];
		snprintf(one, sizeof(one), "%.*s", (int)(k < 64 ? k : 64), n);
		if (*one && !mtkfw_backup_find(out, one))
			return mtkfw_fail(ctx, MTKFW_E_NOT_FOUND,
					  "the phone's layout has no partition %s to back up", one);
		n += k + (n[k] == ',');
	}
	return make_folder(s, l, store, NULL, false, progress, user, out);
}

int mtkfw_backup_range(struct mtkfw_session *s, const struct mtkfw_layout *l, const char *name,
		       const struct mtkfw_range *r, const char *store, mtkfw_progress_cb progress,
		       void *user, struct mtkfw_backup *out)
{
	int rc = begin_partitions(s, l, out);
	if (rc)
		return rc;
	add_file(out, name, MTKFW_SAVED_RANGE, r);
	return make_folder(s, l, store, NULL, false, progress, user, out);
}

static int by_place(const void *a, const void *b)
{
	const struct mtkfw_range *x = a, *y = b;
	if (x->part != y->part)
		return x->part < y->part ? -1 : 1;
	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

void mtkfw_range_name(const struct mtkfw_range *r, char *out, size_t n)
{
	snprintf(out, n, "%s-0x%llx", mtkfw_part_name(r->part), (unsigned long long)r->offset);
}

int mtkfw_backup_changed(struct mtkfw_session *s, const struct mtkfw_layout *l,
			 const struct mtkfw_range *touch, size_t n, const char *store,
			 mtkfw_progress_cb progress, void *user, struct mtkfw_backup *out)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	struct mtkfw_range *r = n ? malloc(n * sizeof(*r)) : NULL;
	size_t k = 0;
	out->dir[0] = 0;
	if (!l || l->state != MTKFW_LAYOUT_GIVEN || !n) {
		free(r);
		return 0;
	}
	if (!r)
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	memcpy(r, touch, n * sizeof(*r));
	qsort(r, n, sizeof(*r), by_place);
	for (size_t i = 0; i < n; i++) { /* the union, one file per run of touching ranges */
		if (!r[i].length)
			continue;
		if (k && r[k - 1].part == r[i].part &&
		    r[i].offset <= r[k - 1].offset + r[k - 1].length) {
			uint64_t end = r[i].offset + r[i].length;
			if (end > r[k - 1].offset + r[k - 1].length)
				r[k - 1].length = end - r[k - 1].offset;
		} else {
			r[k++] = r[i];
		}
	}
	int rc = begin_partitions(s, l, out);
	for (size_t i = 0; !rc && i < k; i++) {
		char name[64];
		mtkfw_range_name(&r[i], name, sizeof(name));
		if (out->n_files == MTKFW_ARRAY_SIZE(out->files))
			rc = mtkfw_fail(ctx, MTKFW_E_TOO_LARGE, "more than %zu ranges to save",
					MTKFW_ARRAY_SIZE(out->files));
		else
			add_file(out, name, MTKFW_SAVED_RANGE, &r[i]);
	}
	free(r);
	if (!rc) {
		mtkfw_log(ctx, MTKFW_LOG_WARNING,
			  "only your word places %s: saving every byte this command changes "
			  "first (%zu range%s), read twice",
			  l->unconfirmed, k, k == 1 ? "" : "s");
		rc = make_folder(s, l, store, NULL, false, progress, user, out);
	}
	if (rc)
		return mtkfw_fail_prefix(ctx, "cannot save what the command would change; nothing "
					      "was changed");
	mtkfw_log(ctx, MTKFW_LOG_WARNING,
		  "every byte this command changes is saved in %s ('mtkfw restore %s "
		  "--write-identity' puts it back)",
		  out->dir, out->dir);
	return 0;
}

/* ---- the guard before, the check after ---- */

bool mtkfw_backup_same_phone(const struct mtkfw_backup *b, const struct mtkfw_session *s)
{
	char cid[33], me[33];
	const struct mtkfw_brom_info *bi = mtkfw_session_brom(s);
	mtkfw_session_cid_hex(s, cid);
	hex(me, bi->me_id, bi->me_id_len < 16 ? bi->me_id_len : 16);
	return !strcmp(cid, b->cid) && (!*me || !*b->me_id || !strcmp(me, b->me_id));
}

/* Does the backup hold every identity partition of the layout, where the layout has it? */
static bool covers(const struct mtkfw_backup *b, const struct mtkfw_layout *l)
{
	for (size_t i = 0; i < l->n_identity; i++) {
		const struct mtkfw_backup_file *f = mtkfw_backup_find(b, l->identity[i].name);
		struct mtkfw_range r;
		if (!f || mtkfw_layout_range(NULL, l, l->identity[i].name, &r) ||
		    f->part != r.part || f->offset != r.offset || f->length != r.length)
			return false;
	}
	return true;
}

int mtkfw_identity_guard(struct mtkfw_session *s, const struct mtkfw_layout *l, const char *store,
			 const struct mtkfw_range *touch, size_t n_touch, struct mtkfw_backup *out,
			 mtkfw_progress_cb progress, void *user)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	char sbuf[4096], cid[33];
	const char *st = store_root(store, sbuf, sizeof(sbuf));
	int r = mtkfw_layout_may_write(ctx, l, "write or erase anything");
	if (!r && l->state == MTKFW_LAYOUT_GIVEN) {
		struct mtkfw_backup *before = malloc(sizeof(*before));
		r = before ? mtkfw_backup_changed(s, l, touch, n_touch, st, progress, user, before)
			   : mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
		free(before);
	}
	if (r)
		return r;
	mtkfw_session_cid_hex(s, cid);
	/* On file and what the phone holds now (the check after the command compares with it). */
	if (!mtkfw_backup_latest(ctx, st, cid, MTKFW_BACKUP_IDENTITY, out) &&
	    mtkfw_backup_same_phone(out, s) && covers(out, l) &&
	    !mtkfw_backup_verify(ctx, out, NULL, NULL) && !mtkfw_identity_check(s, l, out, NULL)) {
		mtkfw_log(ctx, MTKFW_LOG_INFO, "identity backup on file: %s", out->dir);
		return 0;
	}
	r = mtkfw_backup_make(s, l, MTKFW_BACKUP_IDENTITY, st, NULL, progress, user, out);
	return r ? mtkfw_fail_prefix(ctx, "cannot secure an identity backup first; nothing was "
					  "changed")
		 : 0;
}

int mtkfw_identity_check(struct mtkfw_session *s, const struct mtkfw_layout *l,
			 const struct mtkfw_backup *b, const char *skip)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	char differ[256] = "";
	mtkfw_set_step(ctx, "check-identity");
	for (size_t i = 0; i < l->n_identity; i++) {
		const char *name = l->identity[i].name;
		const struct mtkfw_backup_file *f = mtkfw_backup_find(b, name);
		struct mtkfw_range r;
		uint8_t sha[32];
		if (!f || mtkfw_in_list(skip, name) || mtkfw_layout_range(ctx, l, name, &r))
			continue;
		r.length = f->length;
		int rc = mtkfw_hash_range(s, &r, sha, NULL, NULL);
		if (rc)
			return mtkfw_fail_prefix(ctx, "reading %s back", name);
		if (memcmp(sha, f->sha256, 32)) {
			size_t n = strlen(differ);
			snprintf(differ + n, sizeof(differ) - n, "%s%s", n ? ", " : "", name);
		}
	}
	if (*differ)
		return mtkfw_fail(ctx, MTKFW_E_IDENTITY,
				  "after the command %s no longer matches this phone's backup %s: "
				  "put it back with 'mtkfw restore %s --only %s'",
				  differ, b->dir, b->dir, differ);
	mtkfw_log(ctx, MTKFW_LOG_INFO, "identity read back and equal to %s", b->dir);
	return 0;
}

int mtkfw_backup_record_moved(struct mtkfw_ctx *ctx, const struct mtkfw_backup *b,
			      const struct mtkfw_range *moved, const struct mtkfw_pmt_entry *table,
			      size_t n, const char *store, struct mtkfw_backup *out)
{
	*out = *b;
	mtkfw_utc_now("%Y-%m-%dT%H:%M:%SZ", out->date, sizeof(out->date));
	snprintf(out->layout, sizeof(out->layout), "moved by a flash; content of %s", b->dir);
	out->n_pmt = n < MTKFW_ARRAY_SIZE(out->pmt) ? n : MTKFW_ARRAY_SIZE(out->pmt);
	memcpy(out->pmt, table, out->n_pmt * sizeof(*table));
	out->n_files = 0;
	for (size_t i = 0; i < b->n_files; i++) /* files without a new place are left out */
		if (moved[i].length == b->files[i].length) {
			out->files[out->n_files] = b->files[i];
			out->files[out->n_files].part = moved[i].part;
			out->files[out->n_files++].offset = moved[i].offset;
		}
	char *dir = folder_name(store, NULL, out);
	int r = dir && !store_mkdirs(dir)
			? 0
			: mtkfw_fail(ctx, MTKFW_E_IO, "cannot create a backup folder");
	for (size_t i = 0; !r && i < out->n_files; i++) {
		char *from = store_join(b->dir, out->files[i].file),
		     *to = store_join(dir, out->files[i].file);
		if (!from || !to || (link(from, to) && store_copy_file(from, to)))
			r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot put %s into %s", out->files[i].file,
				       dir);
		free(from);
		free(to);
	}
	if (!r)
		r = store_write_manifest(ctx, dir, out);
	if (!r)
		snprintf(out->dir, sizeof(out->dir), "%s", dir);
	free(dir);
	return r;
}
