/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Jobs on a phone's bytes that write nothing but a restore's: backup,
 * restore, verify (no phone) and readback (docs/backup.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job_priv.h"
#include "mtkfw/emmc.h"
#include "mtkfw/json.h"

/* Bytes saved; of them zeros, free space not read, read again (docs/backup.md). */
struct saved {
	uint64_t bytes, zero, unread, reread;
};

static struct saved saved_of(const struct mtkfw_backup *b)
{
	struct saved v = {0};
	for (size_t i = 0; i < b->n_files; i++) {
		v.bytes += b->files[i].length;
		v.zero += b->files[i].zero_bytes;
		v.unread += b->files[i].free_bytes;
		v.reread += b->files[i].reread_bytes;
	}
	return v;
}

int mtkfw_job_backup(struct mtkfw_job *j, struct mtkfw_phone *p,
		     const struct mtkfw_backup_job_opts *given, const struct mtkfw_backup **made)
{
	char x[24], z[24], f[24], r[24];
	struct mtkfw_backup_job_opts oc, *o = &oc;
	struct mtkfw_backup *out = calloc(1, sizeof(*out));
	job_begin(j, "backup");
	int rc = !job_sized_in(&oc, sizeof(oc), given, sizeof(oc))
			 ? mtkfw_fail(j->ctx, MTKFW_E_INVALID_PARAM,
				      "backup options of another size")
		 : !out ? mtkfw_fail(j->ctx, MTKFW_E_NO_MEM, "out of memory")
			: 0;
	job_progress_step(j, o->kind == MTKFW_BACKUP_IDENTITY ? "identity backup" : "full backup",
			  NULL);
	if (!rc)
		rc = mtkfw_backup_make(p->s, p->l, o->kind, j->store, o->dir, job_progress, j, out);
	if (!rc) {
		struct saved v = saved_of(out);
		job_result(j, mtkfw_backup_to_json(out));
		job_tell(j, false, "done",
			 "backup verified against the phone: %s (%zu files, %s of which %s zeros "
			 "kept as holes; %s of filesystem free space not read; %s read again and "
			 "compared)",
			 out->dir, out->n_files, mtkfw_size_text(x, sizeof(x), v.bytes),
			 mtkfw_size_text(z, sizeof(z), v.zero),
			 mtkfw_size_text(f, sizeof(f), v.unread),
			 mtkfw_size_text(r, sizeof(r), v.reread));
	}
	const void *kept = job_keep(j, rc, out, free);
	if (made)
		*made = kept;
	return job_end(j, rc);
}

int mtkfw_job_verify(struct mtkfw_job *j, const char *dir, const struct mtkfw_backup **loaded)
{
	struct mtkfw_backup *out = calloc(1, sizeof(*out));
	job_begin(j, "verify");
	job_progress_step(j, "verify", dir);
	int rc = out ? mtkfw_backup_load(j->ctx, dir, out)
		     : mtkfw_fail(j->ctx, MTKFW_E_NO_MEM, "out of memory");
	if (!rc)
		rc = mtkfw_backup_verify(j->ctx, out, job_progress, j);
	if (!rc) {
		json_object *o = mtkfw_backup_to_json(out);
		json_object_object_add(o, "intact", json_object_new_boolean(true));
		job_result(j, o);
	}
	const void *kept = job_keep(j, rc, out, free);
	if (loaded)
		*loaded = kept;
	return job_end(j, rc);
}

int mtkfw_job_restore(struct mtkfw_job *j, struct mtkfw_phone *p, const char *dir,
		      const struct mtkfw_restore_job_opts *given,
		      struct mtkfw_restore_job_result *res_given)
{
	struct mtkfw_backup *b = malloc(sizeof(*b));
	struct mtkfw_restore_job_opts oc, *o = &oc;
	struct mtkfw_restore_job_result rc_ = {.size = sizeof(rc_)}, *res = &rc_;
	struct mtkfw_restore_result rr;
	memset(&rr, 0, sizeof(rr));
	job_begin(j, "restore");
	int rc = !job_sized_in(&oc, sizeof(oc), given, sizeof(oc)) ||
				 !job_sized_ok(res_given, sizeof(rc_))
			 ? mtkfw_fail(j->ctx, MTKFW_E_INVALID_PARAM,
				      "restore options or result of another size")
		 : b ? mtkfw_backup_load(j->ctx, dir, b)
		     : mtkfw_fail(j->ctx, MTKFW_E_NO_MEM, "out of memory");
	if (!rc)
		rc = mtkfw_backup_verify(j->ctx, b, NULL, NULL);
	struct mtkfw_restore_opts ro = {.only = o->only,
					.other_device = o->other_device,
					.write_identity = o->write_identity,
					.store = j->store,
					.progress = job_progress,
					.user = j};
	job_progress_step(j, "restoring", NULL);
	if (!rc)
		rc = mtkfw_backup_restore(p->s, p->l, b, &ro, &rr);
	if (!rc) /* it may have put tables back */
		rc = job_phone_relayout(j, p, true);
	memcpy(res->guard, rr.guard, sizeof(res->guard));
	memcpy(res->written, rr.written, sizeof(res->written));
	if (*res->guard)
		job_tell(j, false, "guard", "identity of this phone on file: %s", res->guard);
	if (!rc) {
		json_object *r = json_object_new_object();
		json_object_object_add(r, "dir", json_object_new_string(b->dir));
		json_object_object_add(r, "only", job_json_str(o->only));
		json_object_object_add(r, "identity_backup", json_object_new_string(res->guard));
		json_object_object_add(r, "identity_put_back",
				       json_object_new_string(res->written));
		job_result(j, r);
		job_tell(j, false, "done", "restored %s%s%s and verified by SHA-256%s%s", b->dir,
			 o->only ? ": " : "", o->only ? o->only : "",
			 *res->written ? "; identity put back from its own backup: "
				       : "; identity intact",
			 res->written);
	}
	free(b);
	if (job_sized_ok(res_given, sizeof(*res)))
		job_sized_out(res_given, res, sizeof(*res));
	return job_end(j, rc);
}

/* The range a readback reads: a partition of the layout, or a range of an area. */
static int readback_range(struct mtkfw_job *j, struct mtkfw_phone *p,
			  const struct mtkfw_readback_opts *o, struct mtkfw_range *rg)
{
	if (o->partition)
		return mtkfw_layout_range(j->ctx, p->l, o->partition, rg);
	rg->part = o->area;
	rg->offset = o->whole ? 0 : o->start;
	rg->length = o->whole ? mtkfw_da_part_size(mtkfw_session_da(p->s), o->area) : o->length;
	return 0;
}

int mtkfw_job_readback(struct mtkfw_job *j, struct mtkfw_phone *p,
		       const struct mtkfw_readback_opts *given,
		       const struct mtkfw_readback_result **read)
{
	struct mtkfw_range rg;
	char hex[65];
	struct mtkfw_readback_opts oc, *o = &oc;
	struct mtkfw_readback_result *res = calloc(1, sizeof(*res));
	job_begin(j, "readback");
	int rc = !job_sized_in(&oc, sizeof(oc), given, sizeof(oc))
			 ? mtkfw_fail(j->ctx, MTKFW_E_INVALID_PARAM,
				      "readback options of another size")
		 : !res ? mtkfw_fail(j->ctx, MTKFW_E_NO_MEM, "out of memory")
			: 0;
	if (!rc)
		rc = readback_range(j, p, o, &rg);
	job_progress_step(j, "reading", o->partition);
	if (!rc)
		rc = mtkfw_readback_file(p->s, &rg, o->path, job_progress, j, res);
	if (!rc) {
		json_object *r = json_object_new_object();
		mtkfw_sha256_hex(res->sha256, hex);
		json_object_object_add(r, "file", json_object_new_string(o->path));
		json_object_object_add(r, "region",
				       json_object_new_string(mtkfw_part_name(rg.part)));
		json_object_object_add(r, "offset", json_object_new_uint64(rg.offset));
		json_object_object_add(r, "bytes", json_object_new_uint64(res->bytes));
		json_object_object_add(r, "zero_bytes", json_object_new_uint64(res->zero_bytes));
		json_object_object_add(r, "sha256", json_object_new_string(hex));
		job_result(j, r);
	}
	const void *kept = job_keep(j, rc, res, free);
	if (read)
		*read = kept;
	return job_end(j, rc);
}
