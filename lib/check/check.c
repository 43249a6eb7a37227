/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mtkfw_check_package(): open the package, judge its members, find and parse
 * the scatter, match images to rows, stream and identify the images (one
 * pass over an archive), then run the rule sets. Findings accumulate in the
 * report; only a package that cannot be opened at all is a hard failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_priv.h"

#define SCATTER_MAX_BYTES (1u << 20)
#define INI_MAX_BYTES	  (64u * 1024)

/* ---- members ---- */

/* Unsafe archive members: absolute or ".." paths, links, special files, absurd sizes. */
static void check_members(struct mtkfw_report *r)
{
	bool folder = !strcmp(r->kind, "folder");
	for (size_t i = 0; i < mtkfw_pkg_count(r->pkg); i++) {
		const struct mtkfw_pkg_entry *e = mtkfw_pkg_entry(r->pkg, i);
		if (e->unsafe_path)
			report_add(r, MTKFW_SEV_ERROR, "archive-unsafe-path", NULL,
				   "member '%s' has an absolute or '..' path that would escape the "
				   "extraction folder: this archive is hostile or broken; get the "
				   "firmware from another source",
				   e->path);
		if (!folder && (e->type == MTKFW_ENTRY_SYMLINK || e->type == MTKFW_ENTRY_HARDLINK))
			report_add(
				r, MTKFW_SEV_ERROR, "archive-link", NULL,
				"member '%s' is a %s link to '%s': firmware packages hold plain "
				"files; a link can make a tool read or write outside the package",
				e->path, e->type == MTKFW_ENTRY_SYMLINK ? "symbolic" : "hard",
				e->link ? e->link : "?");
		if (!folder && e->type == MTKFW_ENTRY_OTHER)
			report_add(r, MTKFW_SEV_ERROR, "archive-special-file", NULL,
				   "member '%s' is a device, fifo or socket, not a file", e->path);
		if (e->size_known && e->size > MTKFW_PKG_MAX_ENTRY_SIZE)
			report_add(r, MTKFW_SEV_ERROR, "archive-absurd-size", NULL,
				   "member '%s' declares %llu bytes, more than any MT65xx eMMC "
				   "(%llu): the archive is corrupt or hostile",
				   e->path, (unsigned long long)e->size,
				   (unsigned long long)MTKFW_PKG_MAX_ENTRY_SIZE);
		if (e->encrypted)
			report_add(
				r, MTKFW_SEV_ERROR, "archive-encrypted", NULL,
				"member '%s' is encrypted; extract the archive with its password "
				"and check the folder",
				e->path);
	}
}

static bool member_ok(const struct mtkfw_pkg_entry *e)
{
	return e->type == MTKFW_ENTRY_FILE && !e->unsafe_path && !e->encrypted &&
	       !(e->size_known && e->size > MTKFW_PKG_MAX_ENTRY_SIZE);
}

/* ---- scatter ---- */

static bool is_android_scatter(const char *name)
{
	return mtkfw_str_iendswith(name, ".txt") && strcasestr(name, "android_scatter");
}

/* Does member e match the user's --scatter choice (path or name)? */
static bool scatter_chosen(const struct mtkfw_pkg_entry *e, const char *want)
{
	return !strcmp(e->path, want) || !strcmp(e->name, want) ||
	       (strlen(want) > strlen(e->path) && mtkfw_str_iendswith(want, e->path) &&
		want[strlen(want) - strlen(e->path) - 1] == '/');
}

/* Pick the scatter member: the user's choice, else the only Android scatter, else ota. */
static int find_scatter(struct mtkfw_report *r, size_t *idx)
{
	const char *want = r->opts.scatter ? r->opts.scatter : mtkfw_pkg_preferred_scatter(r->pkg);
	size_t n_android = 0, n_ota = 0, first_ota = 0, first = 0;
	char list[1024] = "";
	for (size_t i = 0; i < mtkfw_pkg_count(r->pkg); i++) {
		const struct mtkfw_pkg_entry *e = mtkfw_pkg_entry(r->pkg, i);
		if (!member_ok(e))
			continue;
		if (want && scatter_chosen(e, want)) {
			*idx = i;
			return 0;
		}
		if (is_android_scatter(e->name)) {
			if (!n_android++)
				first = i;
			size_t l = strlen(list);
			snprintf(list + l, sizeof(list) - l, "%s%s", l ? ", " : "", e->path);
		} else if (mtkfw_strieq(e->name, "ota_scatter.txt") && !n_ota++) {
			first_ota = i;
		}
	}
	if (want) {
		report_add(r, MTKFW_SEV_ERROR, "scatter-missing", NULL,
			   "the package has no scatter named '%s'%s%s", want,
			   n_android ? "; it has: " : "", list);
		return MTKFW_E_NOT_FOUND;
	}
	if (n_android > 1) {
		report_add(
			r, MTKFW_SEV_ERROR, "scatter-ambiguous", NULL,
			"the package holds %zu scatter files: %s; choose one with --scatter NAME",
			n_android, list);
		return MTKFW_E_AMBIGUOUS;
	}
	if (n_android == 1) {
		*idx = first;
		return 0;
	}
	if (n_ota) {
		report_add(r, MTKFW_SEV_WARNING, "scatter-ota", NULL,
			   "only an ota_scatter.txt was found: it is the OTA updater's list, "
			   "without file names or sizes, and SP Flash Tool cannot load it; images "
			   "are not checked");
		*idx = first_ota;
		return 0;
	}
	report_add(r, MTKFW_SEV_ERROR, "scatter-missing", NULL,
		   "no scatter file in the package (looked for *_Android_scatter*.txt and "
		   "ota_scatter.txt at any depth): this is not a SP Flash Tool firmware package, "
		   "or it is incomplete");
	return MTKFW_E_NOT_FOUND;
}

/* Read and parse the scatter; parse errors become a finding. */
static int load_scatter(struct mtkfw_report *r, size_t idx)
{
	const struct mtkfw_pkg_entry *e = mtkfw_pkg_entry(r->pkg, idx);
	char *text;
	size_t len;
	r->scatter_path = mtkfw_strdup(e->path);
	r->scatter_dir = mtkfw_strdup(e->dir);
	if (!r->scatter_path || !r->scatter_dir)
		return mtkfw_fail(r->ctx, MTKFW_E_NO_MEM, "out of memory");
	int rc = mtkfw_pkg_read_small(r->ctx, r->pkg, idx, SCATTER_MAX_BYTES, &text, &len);
	if (!rc) {
		check_scatter_banner(r, text, len);
		rc = mtkfw_scatter_parse(r->ctx, text, len, &r->sc);
		free(text);
	}
	if (rc == MTKFW_E_NO_MEM)
		return rc;
	if (rc)
		report_add(r, MTKFW_SEV_ERROR, "scatter-invalid", NULL, "%s: %s", e->path,
			   mtkfw_ctx_errmsg(r->ctx));
	return rc;
}

/* ---- images ---- */

/* Find a row's image in the scatter's folder: exact name, then ignoring case. */
static void match_row(struct mtkfw_report *r, struct mtkfw_check_row *row)
{
	const struct mtkfw_scatter_part *p = row->part;
	const char *want = p->file;
	if (!want && mtkfw_scatter_format(r->sc) == MTKFW_SCATTER_LEGACY)
		want = mtkfw_scatter_default_file(p->name);
	if (!want || !p->download || !*p->name)
		return;
	size_t idx;
	int rc = mtkfw_pkg_find(r->pkg, r->scatter_dir, want, false, &idx);
	if (rc == MTKFW_E_NOT_FOUND) {
		rc = mtkfw_pkg_find(r->pkg, r->scatter_dir, want, true, &idx);
		row->case_fallback = rc != MTKFW_E_NOT_FOUND;
	}
	if (rc == MTKFW_E_AMBIGUOUS)
		report_add(r, MTKFW_SEV_WARNING, "file-ambiguous", p->name,
			   "several files match '%s'; using %s", want,
			   mtkfw_pkg_entry(r->pkg, idx)->path);
	if (rc == MTKFW_E_NOT_FOUND)
		return;
	const struct mtkfw_pkg_entry *e = mtkfw_pkg_entry(r->pkg, idx);
	row->file = e->path;
	row->member = idx;
	row->file_size_known = e->size_known;
	row->file_size = e->size;
	if (row->case_fallback)
		report_add(r, MTKFW_SEV_WARNING, "file-name-case", p->name,
			   "the scatter names '%s' but the package has '%s'; matched ignoring "
			   "case. SP Flash Tool on Linux and mtkfw flash need the exact name: "
			   "rename the file",
			   want, e->name);
}

/* Where else in the package is a file of this name? (a hint for file-missing) */
static const char *elsewhere(struct mtkfw_report *r, const char *name)
{
	for (size_t i = 0; i < mtkfw_pkg_count(r->pkg); i++) {
		const struct mtkfw_pkg_entry *e = mtkfw_pkg_entry(r->pkg, i);
		if (e->type == MTKFW_ENTRY_FILE && mtkfw_strieq(e->name, name))
			return e->path;
	}
	return NULL;
}

/* Rows that should have a file but have none. */
static void report_missing(struct mtkfw_report *r, const struct mtkfw_check_row *row)
{
	const struct mtkfw_scatter_part *p = row->part;
	if (!p->download || !*p->name || row->file ||
	    mtkfw_scatter_format(r->sc) == MTKFW_SCATTER_OTA)
		return;
	const char *want = p->file ? p->file : mtkfw_scatter_default_file(p->name);
	if (!want) {
		report_add(r, MTKFW_SEV_INFO, "file-unnamed", p->name,
			   "%s is downloadable but the scatter names no file; SP Flash Tool "
			   "leaves it unticked and so does mtkfw",
			   p->name);
		return;
	}
	const char *other = strchr(want, '*') ? NULL : elsewhere(r, want);
	report_add(r, MTKFW_SEV_ERROR, "file-missing", p->name,
		   "%s needs '%s' in the scatter's folder '%s', and it is not there%s%s%s", p->name,
		   want, *r->scatter_dir ? r->scatter_dir : ".",
		   other ? " (a file of that name is at '" : "", other ? other : "",
		   other ? "': move it next to the scatter)" : ": the package is incomplete");
}

struct read_state {
	struct mtkfw_report *r;
	unsigned flags;
	uint64_t done;
};

/* Stream one member through the probe and attach the result to its rows. */
static int probe_member(void *user, size_t idx, struct mtkfw_stream *s)
{
	struct read_state *st = user;
	struct mtkfw_report *r = st->r;
	const char *path = mtkfw_pkg_entry(r->pkg, idx)->path;
	struct mtkfw_probe *p;
	int rc = mtkfw_probe_new(&p, st->flags);
	if (rc)
		return mtkfw_fail(r->ctx, rc, "out of memory");
	const uint8_t *data;
	size_t n;
	int got;
	while ((got = mtkfw_stream_next(s, &data, &n)) > 0) {
		mtkfw_probe_feed(p, data, n);
		st->done += n;
		r->bytes_read += n;
		if (r->opts.progress &&
		    r->opts.progress(r->opts.progress_user, st->done, r->bytes_total)) {
			mtkfw_probe_free(p);
			return mtkfw_fail(r->ctx, MTKFW_E_CANCELLED, "check cancelled");
		}
	}
	struct mtkfw_image_info info;
	mtkfw_probe_finish(p, &info);
	mtkfw_probe_free(p);
	for (size_t i = 0; i < r->n_rows; i++) {
		struct mtkfw_check_row *row = &r->rows[i];
		if (!row->file || row->member != idx)
			continue;
		if (got < 0) {
			report_add(r, MTKFW_SEV_ERROR, "archive-read", row->part->name,
				   "cannot read %s: %s", path, mtkfw_ctx_errmsg(r->ctx));
			continue;
		}
		row->probed = true;
		row->image = info;
		if (info.logo.sizes) { /* one owner per size table */
			row->image.logo.sizes = malloc(info.logo.n_sizes * sizeof(uint32_t) + 1);
			if (row->image.logo.sizes)
				memcpy(row->image.logo.sizes, info.logo.sizes,
				       info.logo.n_sizes * sizeof(uint32_t));
			else
				row->image.logo.n_sizes = 0;
		}
	}
	mtkfw_image_info_clear(&info);
	/* A broken archive member leaves libarchive unable to go on. */
	return got < 0 && strcmp(r->kind, "folder") ? got : 0;
}

/* Read every matched image once, in package order. */
static int read_images(struct mtkfw_report *r)
{
	size_t n = mtkfw_pkg_count(r->pkg);
	bool *wanted = calloc(n ? n : 1, sizeof(bool));
	struct read_state st = {.r = r};
	int rc = 0;
	if (!wanted) {
		rc = mtkfw_fail(r->ctx, MTKFW_E_NO_MEM, "out of memory");
		goto out;
	}
	if (r->ini || r->opts.bytesum)
		st.flags |= MTKFW_PROBE_BYTESUM;
	for (size_t i = 0; i < r->n_rows; i++) {
		size_t idx;
		if (!r->rows[i].file)
			continue;
		for (idx = 0;
		     idx < n && strcmp(mtkfw_pkg_entry(r->pkg, idx)->path, r->rows[i].file); idx++)
			;
		if (idx < n && !wanted[idx]) {
			wanted[idx] = true;
			r->bytes_total += r->rows[i].file_size;
		}
	}
	rc = mtkfw_pkg_foreach(r->ctx, r->pkg, wanted, probe_member, &st);
	if (rc == MTKFW_E_ARCHIVE || rc == MTKFW_E_UNSAFE) {
		report_add(r, MTKFW_SEV_ERROR, "archive-read", NULL,
			   "reading the package stopped: %s; the archive is damaged, download it "
			   "again",
			   mtkfw_ctx_errmsg(r->ctx));
		rc = 0;
	}
out:
	free(wanted);
	return rc;
}

/* ---- Checksum.ini ---- */

static void load_checksum_ini(struct mtkfw_report *r)
{
	size_t idx;
	if (mtkfw_pkg_find(r->pkg, r->scatter_dir, "Checksum.ini", true, &idx) < 0) {
		report_add(r, MTKFW_SEV_WARNING, "checksum-ini-missing", NULL,
			   "no Checksum.ini next to the scatter: images cannot be verified "
			   "against damage in download or copying; 'mtkfw checksum PKG --write' "
			   "creates one once you trust the files");
		return;
	}
	const struct mtkfw_pkg_entry *e = mtkfw_pkg_entry(r->pkg, idx);
	char *text;
	size_t len;
	r->ini_path = mtkfw_strdup(e->path);
	int rc = mtkfw_pkg_read_small(r->ctx, r->pkg, idx, INI_MAX_BYTES, &text, &len);
	if (!rc) {
		rc = mtkfw_checksum_ini_parse(r->ctx, text, len, &r->ini);
		free(text);
	}
	if (rc)
		report_add(r, MTKFW_SEV_ERROR, "checksum-ini-invalid", NULL,
			   "%s cannot be read: %s; delete it or regenerate it with 'mtkfw checksum "
			   "--write'",
			   e->path, mtkfw_ctx_errmsg(r->ctx));
}

/* ---- driver ---- */

/* Scatter-dependent part of the check. */
static int check_with_scatter(struct mtkfw_report *r)
{
	size_t n = mtkfw_scatter_count(r->sc);
	r->rows = calloc(n, sizeof(*r->rows));
	if (!r->rows)
		return mtkfw_fail(r->ctx, MTKFW_E_NO_MEM, "out of memory");
	r->n_rows = n;
	for (size_t i = 0; i < n; i++)
		r->rows[i].part = mtkfw_scatter_part(r->sc, i);
	check_layout(r);
	if (mtkfw_scatter_format(r->sc) == MTKFW_SCATTER_OTA)
		return 0;
	check_origin(r);
	for (size_t i = 0; i < n; i++) {
		match_row(r, &r->rows[i]);
		if (!r->rows[i].file && r->rows[i].part->download)
			check_boot1_dump(r, &r->rows[i]);
		report_missing(r, &r->rows[i]);
	}
	load_checksum_ini(r);
	if (r->opts.read_images) {
		int rc = read_images(r);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < n; i++)
		check_image(r, &r->rows[i]);
	if (r->opts.read_images) {
		check_mbr_chain(r);
		check_checksums(r);
	}
	return 0;
}

static void set_target(struct mtkfw_report *r, const char *path)
{
	if (strcmp(r->kind, "folder"))
		return;
	const char *root = path;
	char *dir = NULL;
	if (mtkfw_pkg_preferred_scatter(r->pkg)) { /* opened through the scatter file */
		const char *slash = strrchr(path, '/');
		dir = slash ? mtkfw_strndup(path, (size_t)(slash - path)) : mtkfw_strdup(".");
		root = dir;
	}
	if (root)
		r->ini_target = *r->scatter_dir
					? mtkfw_asprintf("%s/%s/Checksum.ini", root, r->scatter_dir)
					: mtkfw_asprintf("%s/Checksum.ini", root);
	free(dir);
}

int mtkfw_check_package(struct mtkfw_ctx *ctx, const char *path,
			const struct mtkfw_check_opts *opts, struct mtkfw_report **out)
{
	struct mtkfw_report *r = calloc(1, sizeof(*r));
	if (!r)
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	r->ctx = ctx;
	if (opts)
		r->opts = *opts;
	r->chip = mtkfw_strdup(r->opts.chip ? r->opts.chip : MTKFW_DEFAULT_CHIP);
	int rc = r->chip ? mtkfw_pkg_open(ctx, path, &r->pkg) : MTKFW_E_NO_MEM;
	if (rc)
		goto fail;
	r->kind = mtkfw_strdup(mtkfw_pkg_kind(r->pkg));
	r->members = mtkfw_pkg_count(r->pkg);
	if (!r->kind) {
		rc = MTKFW_E_NO_MEM;
		goto fail;
	}
	check_members(r);
	size_t idx;
	if (find_scatter(r, &idx) == 0 && (rc = load_scatter(r, idx)) == 0) {
		set_target(r, path);
		rc = check_with_scatter(r);
	}
	if (rc == MTKFW_E_NO_MEM || rc == MTKFW_E_CANCELLED)
		goto fail;
	*out = r;
	return 0;
fail:
	mtkfw_report_free(r);
	return rc;
}
