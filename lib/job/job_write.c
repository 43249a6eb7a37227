/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The write job (docs/images.md): one image into one partition, through the
 * flash's own checks, plan and executor by way of a one-image package made
 * from the phone's layout; or raw bytes into a range of the user area, never
 * over the partition tables nor (unless asked) an identity partition. What
 * is overwritten is saved first.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#ifdef _WIN32
#include <windows.h>
#endif

#include "flash_job.h"
#include "mtkfw/dump.h"
#include "mtkfw/image_source.h"
#include "mtkfw/pmt.h"

/* ---- a range ---- */

/*
 * What a raw range write must not touch: the tables always, identity unless
 * asked (then named into overwritten, written on purpose), the PMT blocks.
 */
static int range_allowed(struct mtkfw_job *j, const struct mtkfw_layout *l, uint64_t user,
			 const struct mtkfw_write_opts *o, char *overwritten, size_t n)
{
	uint64_t s0 = o->start, e0 = o->start + o->length, pmt = mtkfw_pmt_blocks_at(user);
	if (e0 < s0 || e0 > user)
		return mtkfw_fail(j->ctx, MTKFW_E_INVALID_PARAM,
				  "the range 0x%llx+0x%llx runs past the user area's 0x%llx bytes",
				  (unsigned long long)o->start, (unsigned long long)o->length,
				  (unsigned long long)user);
	for (size_t i = 0; i < l->n_parts; i++) {
		struct mtkfw_range r;
		const char *name = l->parts[i].name;
		bool table = mtkfw_strieq(name, "MBR") || !strncasecmp(name, "EBR", 3);
		if ((!table && !mtkfw_is_identity_partition(name)) ||
		    mtkfw_layout_range(NULL, l, name, &r) || r.part != MTKFW_PART_USER ||
		    r.offset >= e0 || r.offset + r.length <= s0)
			continue;
		if (!table && o->write_identity) {
			size_t k = strlen(overwritten);
			snprintf(overwritten + k, n - k, "%s%s", k ? "," : "", name);
			continue;
		}
		return mtkfw_fail(
			j->ctx, MTKFW_E_REFUSED,
			"the range 0x%llx+0x%llx overlaps %s (0x%llx+0x%llx), %s; nothing "
			"was written%s",
			(unsigned long long)o->start, (unsigned long long)o->length, name,
			(unsigned long long)r.offset, (unsigned long long)r.length,
			table ? "a partition table" : "an identity partition",
			table ? " ('mtkfw flash --mode upgrade' changes tables)"
			      : " (--write-identity, with a file of this very phone)");
	}
	if (pmt && e0 > pmt && s0 < pmt + 2 * MTKFW_PMT_BLOCK)
		return mtkfw_fail(
			j->ctx, MTKFW_E_REFUSED,
			"the range overlaps the PMT blocks near the end of the user area; "
			"nothing was written");
	return 0;
}

/* The raw file's size; refused when sparse or bigger than the range. */
static int range_file(struct mtkfw_job *j, const struct mtkfw_write_opts *o, uint64_t *size)
{
	struct mtkfw_image_file *img = NULL;
	int rc = mtkfw_image_file_open(j->ctx, o->file, &img);
	if (rc)
		return rc;
	bool sparse = mtkfw_image_file_sparse(img);
	*size = mtkfw_image_file_size(img);
	mtkfw_image_file_close(img);
	if (sparse)
		return mtkfw_fail(j->ctx, MTKFW_E_FORMAT,
				  "%s: an Android sparse image: --range writes raw bytes ('mtkfw "
				  "image raw FILE -o RAW' first); nothing was written",
				  o->file);
	if (*size > o->length)
		return mtkfw_fail(j->ctx, MTKFW_E_TOO_LARGE,
				  "%s: bigger than the range (SP Flash Tool: 1011 "
				  "S_NOT_ENOUGH_STORAGE_SPACE); nothing was written",
				  o->file);
	return 0;
}

/* Guard, save, write, read back, check. */
static int write_range(struct mtkfw_job *j, struct mtkfw_phone *p, const struct mtkfw_write_opts *o,
		       struct mtkfw_write_result *res)
{
	uint64_t size = 0;
	char overwritten[256] = "", name[64];
	int rc = range_allowed(j, p->l, mtkfw_session_flash(p->s)->user, o, overwritten,
			       sizeof(overwritten));
	if (!rc)
		rc = range_file(j, o, &size);
	struct mtkfw_range to = {MTKFW_PART_USER, o->start, size};
	if (rc)
		return rc;
	job_tell(j, false, "plan", "write %s: %llu bytes at user+0x%llx (range 0x%llx bytes)",
		 o->file, (unsigned long long)size, (unsigned long long)o->start,
		 (unsigned long long)o->length);
	if (o->dry_run)
		return 0;
	struct mtkfw_backup *id = malloc(sizeof(*id)), *saved = malloc(sizeof(*saved));
	mtkfw_range_name(&to, name, sizeof(name));
	rc = id && saved ? 0 : mtkfw_fail(j->ctx, MTKFW_E_NO_MEM, "out of memory");
	if (!rc)
		rc = mtkfw_identity_guard(p->s, p->l, j->store, &to, 1, id, NULL, NULL);
	if (!rc)
		rc = mtkfw_backup_range(p->s, p->l, name, &to, j->store, NULL, NULL, saved);
	if (!rc) {
		snprintf(res->saved, sizeof(res->saved), "%s", saved->dir);
		snprintf(res->identity_backup, sizeof(res->identity_backup), "%s", id->dir);
		job_tell(j, false, "backup",
			 "the range as it was: %s ('mtkfw restore %s' puts it back)", saved->dir,
			 saved->dir);
		job_progress_step(j, "write", name);
		rc = mtkfw_write_file_to(p->s, o->file, &to, job_progress, j);
	}
	if (!rc)
		rc = mtkfw_identity_check(p->s, p->l, id, overwritten);
	res->bytes = rc ? 0 : size;
	free(id);
	free(saved);
	return rc;
}

/* ---- a partition ---- */

/* The image in the one-image package: a symbolic link (Windows: a hard link, same volume). */
static int link_file(const char *target, const char *path)
{
#ifdef _WIN32
	return CreateHardLinkA(path, target, NULL) ? 0 : (errno = EXDEV, -1);
#else
	return symlink(target, path);
#endif
}

/* The file name the image goes by in the package: its own when a scatter can hold it. */
static void member_name(const char *real, const char *part, char *out, size_t n)
{
	const char *base = mtkfw_base_name(real);
	bool plain =
		*base && strlen(base) < n &&
		strspn(base, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") ==
			strlen(base) &&
		strcasecmp(base, "Checksum.ini") && !strstr(base, "scatter");
	snprintf(out, n, plain ? "%s" : "%s.img", plain ? base : part);
}

/* A fresh folder for the one-image package (Windows: beside the image, for the hard link). */
static int package_dir(struct mtkfw_job *j, const char *real, char *dir, size_t n)
{
#ifdef _WIN32
	char parent[4096];
	const char *slash = strrchr(real, '\\');
	snprintf(parent, sizeof(parent), "%.*s", slash ? (int)(slash - real) : 1,
		 slash ? real : ".");
	return job_temp_dir(j, parent, "mtkfw-write", dir, n);
#else
	(void)real;
	return job_temp_dir(j, NULL, "mtkfw-write", dir, n);
#endif
}

/*
 * The one-image package in dir: a scatter of the phone's own layout in which
 * only the partition is downloadable, its file a link to the image. *name
 * becomes the partition's name as the layout spells it.
 */
static int one_image_package(struct mtkfw_job *j, struct mtkfw_phone *p,
			     const struct mtkfw_write_opts *o, char *dir, size_t n, char *name,
			     size_t nn)
{
	struct mtkfw_device_scatter *ds = malloc(sizeof(*ds));
	char *text = NULL, real[4096], path[4400];
	struct mtkfw_device_row *row = NULL;
	if (!ds)
		return mtkfw_fail(j->ctx, MTKFW_E_NO_MEM, "out of memory");
	int rc = realpath(o->file, real)
			 ? mtkfw_device_scatter_build(p->s, p->l, true, ds)
			 : mtkfw_fail(j->ctx, errno == ENOENT ? MTKFW_E_NOT_FOUND : MTKFW_E_IO,
				      "%s: %s", o->file, mtkfw_errno_text(errno));
	for (size_t i = 0; !rc && i < ds->n; i++) {
		ds->p[i].download = false;
		ds->p[i].file[0] = 0;
		if (mtkfw_strieq(ds->p[i].name, o->partition))
			row = &ds->p[i];
	}
	if (!rc && (!row || row->reserved))
		rc = mtkfw_fail(j->ctx, MTKFW_E_FORMAT,
				"the phone's layout has no partition %s to write ('mtkfw detect' "
				"lists them)",
				o->partition);
	if (!rc) {
		snprintf(name, nn, "%s", row->name);
		row->download = true;
		member_name(real, row->name, row->file, sizeof(row->file));
		rc = package_dir(j, real, dir, n);
	}
	if (!rc && (rc = mtkfw_device_scatter_text(ds, &text)) == 0) {
		snprintf(path, sizeof(path), "%s/%s", dir, row->file);
		if (link_file(real, path))
			rc = mtkfw_fail(j->ctx, MTKFW_E_IO, "cannot link %s into %s: %s", real, dir,
					mtkfw_errno_text(errno));
		snprintf(path, sizeof(path), "%s/%s_Android_scatter.txt", dir, ds->platform);
		if (!rc && mtkfw_write_file_atomic(path, text, strlen(text)))
			rc = mtkfw_fail(j->ctx, MTKFW_E_IO, "cannot write %s", path);
	}
	free(text);
	free(ds);
	return rc;
}

/* The image as the partition's: an image of another kind is refused unless any_kind. */
static int kind_allowed(struct mtkfw_job *j, const struct mtkfw_write_opts *o,
			const struct mtkfw_report *rep)
{
	for (size_t i = 0; !o->any_kind && i < mtkfw_report_finding_count(rep); i++) {
		const struct mtkfw_finding *fi = mtkfw_report_finding(rep, i);
		if (!strcmp(fi->code, "image-kind-unexpected"))
			return mtkfw_fail(
				j->ctx, MTKFW_E_FORMAT,
				"%s: %s; nothing was written (--any-kind writes it anyway)",
				o->file, fi->message);
	}
	return 0;
}

/* Identity partitions and the preloader are written only when asked for by name. */
static int partition_allowed(struct mtkfw_job *j, const struct mtkfw_write_opts *o)
{
	bool identity = mtkfw_is_identity_partition(o->partition);
	if ((identity && !o->write_identity) ||
	    (mtkfw_strieq(o->partition, "PRELOADER") && !o->write_preloader))
		return mtkfw_fail(
			j->ctx, MTKFW_E_REFUSED,
			"%s is %s; nothing was written (%s if you "
			"mean it)",
			o->partition,
			identity ? "an identity partition: the phone's IMEI and calibration"
				 : "the preloader: a wrong one leaves the phone dead",
			identity ? "--write-identity, with a file of this very phone,"
				 : "--write-preloader");
	return 0;
}

/* What the image will overwrite, saved into the store first (restorable). */
struct save_first {
	const char *partition;
	struct mtkfw_write_result *res;
};

static int save_overwritten(struct mtkfw_job *j, struct mtkfw_phone *p, void *user)
{
	struct save_first *sf = user;
	struct mtkfw_backup *b = malloc(sizeof(*b));
	job_progress_step(j, "backup", sf->partition);
	int rc =
		b ? mtkfw_backup_partitions(p->s, p->l, sf->partition, j->store, job_progress, j, b)
		  : mtkfw_fail(j->ctx, MTKFW_E_NO_MEM, "out of memory");
	if (!rc) {
		snprintf(sf->res->saved, sizeof(sf->res->saved), "%s", b->dir);
		job_tell(j, false, "backup", "%s as it was: %s ('mtkfw restore %s' puts it back)",
			 sf->partition, b->dir, b->dir);
	}
	free(b);
	return rc;
}

/* The first error a check found, for the refusal. */
static const char *first_error(const struct mtkfw_report *rep)
{
	for (size_t i = 0; i < mtkfw_report_finding_count(rep); i++)
		if (mtkfw_report_finding(rep, i)->severity == MTKFW_SEV_ERROR)
			return mtkfw_report_finding(rep, i)->message;
	return "the package made for it has no usable scatter";
}

static int write_partition(struct mtkfw_job *j, struct mtkfw_phone *p,
			   const struct mtkfw_write_opts *o, struct mtkfw_write_result *res)
{
	char dir[4096] = "", name[65];
	struct mtkfw_report *rep = NULL;
	struct mtkfw_board board = {0};
	struct mtkfw_check_opts co = {.read_images = true};
	bool preloader = mtkfw_strieq(o->partition, "PRELOADER");
	int rc = partition_allowed(j, o);
	if (!rc)
		rc = one_image_package(j, p, o, dir, sizeof(dir), name, sizeof(name));
	if (!rc)
		rc = mtkfw_check_package(j->ctx, dir, &co, &rep);
	if (!rc && (mtkfw_report_count(rep, MTKFW_SEV_ERROR) || !mtkfw_report_scatter(rep)))
		rc = mtkfw_fail(j->ctx, MTKFW_E_FORMAT, "%s cannot go into %s as it is: %s",
				o->file, name, first_error(rep));
	if (!rc)
		rc = kind_allowed(j, o, rep);
	if (!rc && preloader) /* only the preloader touches what the boards are compared on */
		rc = mtkfw_board_from_package(j->ctx, rep, &board);
	struct mtkfw_flash_job_opts fo = {.size = sizeof(fo),
					  .mode = MTKFW_FLASH_DOWNLOAD,
					  .only = name,
					  .verify = true,
					  .write_identity = o->write_identity,
					  .force_compat = o->force_compat,
					  .dry_run = o->dry_run};
	struct save_first sf = {name, res};
	struct job_flash f = {.o = &fo,
			      .board = &board,
			      .name = o->file,
			      .compat = preloader,
			      .before = save_overwritten,
			      .before_user = &sf};
	struct mtkfw_flash_job_result fr = {.size = sizeof(fr)};
	if (!rc)
		rc = job_flash_run(j, p, rep, &f, &fr);
	snprintf(res->identity_backup, sizeof(res->identity_backup), "%s", fr.identity_backup);
	res->bytes = fr.sent;
	if (preloader)
		mtkfw_board_free(&board);
	mtkfw_report_free(rep);
	if (*dir)
		mtkfw_remove_flat_dir(dir); /* its scatter and the link, not the image */
	return rc;
}

int mtkfw_job_write(struct mtkfw_job *j, struct mtkfw_phone *p,
		    const struct mtkfw_write_opts *given, struct mtkfw_write_result *res_given)
{
	double t0 = job_now();
	struct mtkfw_write_opts oc, *o = &oc;
	struct mtkfw_write_result rc_ = {.size = sizeof(rc_)}, *res = &rc_;
	job_begin(j, "write");
	if (!job_sized_in(&oc, sizeof(oc), given, sizeof(oc)) ||
	    !job_sized_ok(res_given, sizeof(rc_)) || !o->file)
		return job_end(j,
			       mtkfw_fail(j->ctx, MTKFW_E_INVALID_PARAM,
					  "write options or result of another size, or no file"));
	mtkfw_set_step(j->ctx, "plan"); /* a refusal is the plan's, before any device step */
	int rc = o->partition ? write_partition(j, p, o, res) : write_range(j, p, o, res);
	p->cancelled |= rc == MTKFW_E_CANCELLED;
	if (!rc && !o->dry_run) {
		json_object *x = json_object_new_object();
		json_object_object_add(x, "file", json_object_new_string(o->file));
		json_object_object_add(x, "partition", job_json_str(o->partition));
		json_object_object_add(x, "bytes", json_object_new_uint64(res->bytes));
		json_object_object_add(x, "saved", json_object_new_string(res->saved));
		json_object_object_add(x, "identity_backup",
				       json_object_new_string(res->identity_backup));
		job_result(j, x);
		job_tell(j, false, "summary",
			 "wrote and verified %llu bytes in %.1f s; identity checked against %s",
			 (unsigned long long)res->bytes, job_now() - t0, res->identity_backup);
	}
	job_sized_out(res_given, res, sizeof(*res));
	return job_end(j, rc);
}
