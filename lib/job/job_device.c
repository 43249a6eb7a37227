/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Jobs that only read a phone: detect, board, compat, dump-package and
 * scatter-from-device (docs/board.md, docs/backup.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "flash_job.h"
#include "mtkfw/json.h"

int mtkfw_job_detect(struct mtkfw_job *j, const struct mtkfw_phone_opts *o,
		     struct mtkfw_detect_result *given)
{
	struct mtkfw_phone *p = NULL;
	struct mtkfw_detect_result res = {.size = sizeof(res)};
	job_begin(j, "detect");
	if (!job_sized_ok(given, sizeof(res)))
		return job_end(j, mtkfw_fail(j->ctx, MTKFW_E_INVALID_PARAM,
					     "detect result of another size"));
	res.no_da = o && o->no_da;
	int rc = mtkfw_phone_open(j, o, NULL, &p);
	if (!rc) {
		job_result(j, mtkfw_detect_to_json(p->s, p->l));
		rc = mtkfw_session_reboot(p->s);
		mtkfw_phone_close(j, p, false);
	}
	job_sized_out(given, &res, sizeof(res));
	return job_end(j, rc);
}

/* A board profile handed out: its names, then itself. */
static void board_destroy(void *b)
{
	mtkfw_board_free(b);
	free(b);
}

int mtkfw_job_board(struct mtkfw_job *j, struct mtkfw_phone *p, const struct mtkfw_board **made,
		    uint64_t *read_bytes)
{
	struct mtkfw_board *out = calloc(1, sizeof(*out));
	uint64_t read = 0;
	job_begin(j, "board");
	int rc = out ? mtkfw_board_from_phone(p->s, p->l, out, &read)
		     : mtkfw_fail(j->ctx, MTKFW_E_NO_MEM, "out of memory");
	if (!rc) {
		json_object *o = mtkfw_board_to_json(out, NULL, p->l);
		json_object_object_add(o, "read_bytes", json_object_new_uint64(read));
		job_result(j, o);
	}
	if (read_bytes)
		*read_bytes = read;
	const void *kept = job_keep(j, rc, out, board_destroy);
	if (made)
		*made = kept;
	return job_end(j, rc);
}

int mtkfw_job_compat(struct mtkfw_job *j, struct mtkfw_phone *p, const struct mtkfw_firmware *fw,
		     const struct mtkfw_compat **made)
{
	struct mtkfw_board phone;
	struct mtkfw_compat *out = calloc(1, sizeof(*out));
	uint64_t read = 0;
	job_begin(j, "compat");
	int rc = out ? mtkfw_board_from_phone(p->s, p->l, &phone, &read)
		     : mtkfw_fail(j->ctx, MTKFW_E_NO_MEM, "out of memory");
	if (!rc) {
		mtkfw_compat_check(p->s, p->l, fw->rep, &fw->board, &phone, out);
		for (size_t i = 0; i < out->n; i++)
			job_compat_line(j, &out->lines[i]);
		job_result(j, mtkfw_compat_to_json(out));
		mtkfw_board_free(&phone);
	}
	const void *kept = job_keep(j, rc, out, free);
	if (made)
		*made = kept;
	return job_end(j, rc);
}

/* Each partition the dump reads names the step of the progress that follows. */
static void on_part(void *user, const struct mtkfw_device_row *p)
{
	job_progress_step(user, "reading", p->name);
}

/* The folder a dump is made in: the output, or beside a ZIP (out.d); refused when out exists. */
static int dump_dir(struct mtkfw_job *j, const char *out, bool zip, char *dir, size_t n)
{
	struct stat st;
	if (!stat(out, &st))
		return mtkfw_fail(j->ctx, MTKFW_E_IO,
				  "%s already exists: give a new name (nothing is overwritten)",
				  out);
	snprintf(dir, n, "%.*s%s", (int)strlen(out) - (zip ? 4 : 0), out, zip ? ".d" : "");
	return 0;
}

int mtkfw_job_dump_package(struct mtkfw_job *j, struct mtkfw_phone *p,
			   const struct mtkfw_dump_job_opts *given,
			   const struct mtkfw_device_scatter **made)
{
	char dir[4200], rs[24];
	uint64_t read = 0;
	struct mtkfw_dump_job_opts oc, *o = &oc;
	struct mtkfw_device_scatter *out = calloc(1, sizeof(*out));
	job_begin(j, "dump-package");
	int rc = !job_sized_in(&oc, sizeof(oc), given, sizeof(oc)) || !o->out
			 ? mtkfw_fail(j->ctx, MTKFW_E_INVALID_PARAM,
				      "dump options of another size, or no output")
		 : !out ? mtkfw_fail(j->ctx, MTKFW_E_NO_MEM, "out of memory")
			: 0;
	bool zip = !rc && mtkfw_str_iendswith(o->out, ".zip");
	struct mtkfw_dump_opts d = {o->with_identity, job_progress, j, on_part};
	if (!rc)
		rc = dump_dir(j, o->out, zip, dir, sizeof(dir));
	if (!rc)
		rc = mtkfw_dump_package(p->s, p->l, dir, &d, out);
	if (!rc && zip && !(rc = mtkfw_zip_folder(j->ctx, dir, o->out)))
		mtkfw_remove_flat_dir(dir);
	p->cancelled |= rc == MTKFW_E_CANCELLED;
	for (size_t i = 0; !rc && i < out->n; i++)
		read += out->p[i].read_bytes;
	if (!rc) {
		json_object *x = json_object_new_object();
		json_object_object_add(x, "out", json_object_new_string(o->out));
		json_object_object_add(x, "read_bytes", json_object_new_uint64(read));
		json_object_object_add(x, "with_identity",
				       json_object_new_boolean(o->with_identity));
		job_result(j, x);
		job_tell(j, false, "done",
			 "wrote %s: a package of this phone%s, %s read from it; 'mtkfw check %s' "
			 "passes",
			 o->out, o->with_identity ? " WITH its identity" : " (identity left out)",
			 mtkfw_size_text(rs, sizeof(rs), read), o->out);
	}
	const void *kept = job_keep(j, rc, out, free);
	if (made)
		*made = kept;
	return job_end(j, rc);
}

int mtkfw_job_scatter_from_device(struct mtkfw_job *j, struct mtkfw_phone *p, const char *path,
				  const struct mtkfw_device_scatter **made)
{
	char *text = NULL;
	struct mtkfw_device_scatter *out = calloc(1, sizeof(*out));
	job_begin(j, "scatter-from-device");
	int rc = out ? mtkfw_device_scatter_build(p->s, p->l, false, out)
		     : mtkfw_fail(j->ctx, MTKFW_E_NO_MEM, "out of memory");
	if (!rc && (rc = mtkfw_device_scatter_text(out, &text)))
		rc = mtkfw_fail(j->ctx, rc, "out of memory");
	int e = rc ? 0 : mtkfw_write_file_atomic(path, text, strlen(text));
	if (e)
		rc = mtkfw_fail(j->ctx, MTKFW_E_IO, "cannot write %s: %s", path,
				mtkfw_errno_text(-e));
	free(text);
	if (!rc) {
		json_object *x = json_object_new_object();
		json_object_object_add(x, "file", json_object_new_string(path));
		json_object_object_add(x, "partitions", json_object_new_uint64(out->n));
		job_result(j, x);
		job_tell(j, false, "done", "wrote %s: %zu partitions of the phone's layout", path,
			 out->n);
	}
	const void *kept = job_keep(j, rc, out, free);
	if (made)
		*made = kept;
	return job_end(j, rc);
}
