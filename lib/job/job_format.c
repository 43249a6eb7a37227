/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The format job: what may be erased (identity partitions only when forced),
 * the guard before, the erase in address order, the identity check after
 * (docs/flash.md, docs/identity.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job_priv.h"
#include "mtkfw/emmc.h"

/*
 * What --all-except-bootloader erases: the user area around the identity
 * partitions (all of it with force), in address order whatever order the
 * tables had; returns how many ranges (at most MTKFW_LAYOUT_IDENTITY + 1).
 */
static size_t all_but_identity(const struct mtkfw_layout *l, uint64_t user, bool force,
			       struct mtkfw_range *out)
{
	struct mtkfw_range keep[MTKFW_LAYOUT_IDENTITY];
	size_t n = 0, k = 0;
	uint64_t at = 0;
	for (size_t i = 0; !force && i < l->n_identity; i++)
		if (l->identity[i].r.part == MTKFW_PART_USER &&
		    !mtkfw_layout_range(NULL, l, l->identity[i].name, &keep[n]))
			n++;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && keep[j - 1].offset > keep[j].offset; j--) {
			struct mtkfw_range t = keep[j];
			keep[j] = keep[j - 1];
			keep[j - 1] = t;
		}
	for (size_t i = 0; i <= n; i++) {
		uint64_t end = i < n ? keep[i].offset : user;
		if (end > at)
			out[k++] = (struct mtkfw_range){MTKFW_PART_USER, at, end - at};
		if (i < n && keep[i].offset + keep[i].length > at)
			at = keep[i].offset + keep[i].length;
	}
	return k;
}

/* The ranges to erase, and the identity partitions they hit (into hits). */
static int erase_ranges(struct mtkfw_job *j, struct mtkfw_phone *p,
			const struct mtkfw_format_opts *o, struct mtkfw_range *out, size_t *n,
			char *hits, size_t nh)
{
	struct mtkfw_range all = {MTKFW_PART_USER, 0, p->l->user_size};
	*n = 0;
	hits[0] = 0;
	if (o->all_except_bootloader) {
		*n = all_but_identity(p->l, mtkfw_session_flash(p->s)->user, o->force_identity,
				      out);
		if (o->force_identity)
			mtkfw_layout_identity_hits(p->l, &all, hits, nh);
		return 0;
	}
	out[0] = (struct mtkfw_range){o->area, o->start, o->length};
	int rc = o->partition ? mtkfw_layout_range(j->ctx, p->l, o->partition, &out[0]) : 0;
	if (!rc) {
		*n = 1;
		mtkfw_layout_identity_hits(p->l, &out[0], hits, nh);
	}
	return rc;
}

/* "A, B" as a name list "A,B". */
static void as_list(char *s)
{
	for (char *c = s; *c; c++)
		if (*c == ' ')
			memmove(c, c + 1, strlen(c));
}

/* What the erase left, when it is not zeros (docs/flash.md), for the "done" line: into out. */
static const char *erase_left(struct mtkfw_session *s, char *out, size_t n)
{
	int fill = mtkfw_da_erase_fill(mtkfw_session_da(s));
	if (fill == MTKFW_ERASE_MIXED)
		snprintf(out, n, " (this eMMC's erase leaves mixed bytes)");
	else if (fill > 0)
		snprintf(out, n, " (this eMMC's erase leaves 0x%02x, not zeros)", fill);
	else
		out[0] = 0;
	return out;
}

/* Guard, erase, check: the work once every rule has allowed it. */
static int erase(struct mtkfw_job *j, struct mtkfw_phone *p, const struct mtkfw_range *r, size_t n,
		 struct mtkfw_format_result *res)
{
	struct mtkfw_backup *b = malloc(sizeof(*b));
	job_progress_step(j, "identity backup", NULL);
	int rc = b ? mtkfw_identity_guard(p->s, p->l, j->store, r, n, b, job_progress, j)
		   : mtkfw_fail(j->ctx, MTKFW_E_NO_MEM, "out of memory");
	if (!rc) {
		snprintf(res->identity_backup, sizeof(res->identity_backup), "%s", b->dir);
		job_tell(j, false, "guard", "identity of this phone on file: %s", b->dir);
	}
	job_progress_step(j, "erasing", NULL);
	for (size_t i = 0; !rc && i < n; i++) {
		rc = mtkfw_format_range(p->s, &r[i], job_progress, j);
		res->erased += rc ? 0 : r[i].length;
	}
	p->cancelled |= rc == MTKFW_E_CANCELLED;
	if (!rc)
		rc = mtkfw_identity_check(p->s, p->l, b, res->forced);
	free(b);
	return rc;
}

int mtkfw_job_format(struct mtkfw_job *j, struct mtkfw_phone *p,
		     const struct mtkfw_format_opts *given, struct mtkfw_format_result *res_given)
{
	struct mtkfw_range r[MTKFW_LAYOUT_IDENTITY + 1];
	char hits[256], left[64];
	size_t n = 0;
	struct mtkfw_format_opts oc, *o = &oc;
	struct mtkfw_format_result rc_ = {.size = sizeof(rc_)}, *res = &rc_;
	job_begin(j, "format");
	if (!job_sized_in(&oc, sizeof(oc), given, sizeof(oc)) ||
	    !job_sized_ok(res_given, sizeof(rc_)))
		return job_end(j, mtkfw_fail(j->ctx, MTKFW_E_INVALID_PARAM,
					     "format options or result of another size"));
	mtkfw_set_step(j->ctx, "plan"); /* a refusal is the plan's, before any device step */
	int rc = erase_ranges(j, p, o, r, &n, hits, sizeof(hits));
	if (!rc && *hits && !o->force_identity)
		rc = mtkfw_fail(j->ctx, MTKFW_E_REFUSED,
				"refusing to erase %s: identity partitions (IMEI, calibration, MAC "
				"addresses) that no firmware can give back. Back them up ('mtkfw "
				"backup') and add --force-identity if you really mean it",
				hits);
	if (!rc && o->force_identity) {
		snprintf(res->forced, sizeof(res->forced), "%s", hits);
		as_list(res->forced);
	}
	if (!rc)
		rc = erase(j, p, r, n, res);
	if (!rc) {
		json_object *x = json_object_new_object();
		res->leaves_ff = mtkfw_da_erase_fill(mtkfw_session_da(p->s)) > 0;
		json_object_object_add(x, "partition", job_json_str(o->partition));
		json_object_object_add(x, "erased", json_object_new_uint64(res->erased));
		json_object_object_add(x, "identity_backup",
				       json_object_new_string(res->identity_backup));
		json_object_object_add(x, "forced", json_object_new_string(res->forced));
		json_object_object_add(
			x, "erase_fill",
			json_object_new_int(mtkfw_da_erase_fill(mtkfw_session_da(p->s))));
		job_result(j, x);
		job_tell(j, false, "done", "erased%s%s%s; identity read back and intact%s%s",
			 o->partition ? " " : "", o->partition ? o->partition : "",
			 erase_left(p->s, left, sizeof(left)),
			 *res->forced ? " except, on purpose, " : "", res->forced);
	}
	job_sized_out(res_given, res, sizeof(*res));
	return job_end(j, rc);
}
