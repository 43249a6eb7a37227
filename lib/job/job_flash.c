/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The flash job (docs/flash.md): the package against the phone's board
 * (compat), the plan and its rules (lib/ops/plan.c), its steps run and told,
 * the journal named when it stops. mtkfw_job_write's partition writes run
 * through the same path (job_write.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flash_job.h"

/*
 * The package against the phone before any write (docs/board.md): every
 * risk and stop told as a COMPAT event; stops refused unless force names them.
 */
int job_compat_gate(struct mtkfw_job *j, struct mtkfw_phone *p, const struct mtkfw_report *rep,
		    const struct mtkfw_board *pkg, bool writes_preloader, const char *force)
{
	struct mtkfw_board phone;
	struct mtkfw_compat c;
	uint64_t read = 0;
	int rc = mtkfw_board_from_phone(p->s, p->l, &phone, &read);
	if (rc)
		return rc;
	mtkfw_compat_check(p->s, p->l, rep, pkg, &phone, &c);
	for (size_t i = 0; i < c.n; i++)
		if (c.lines[i].level != MTKFW_COMPAT_OK)
			job_compat_line(j, &c.lines[i]);
	mtkfw_board_free(&phone);
	return mtkfw_compat_allows(j->ctx, &c, writes_preloader, force);
}

void job_compat_line(struct mtkfw_job *j, const struct mtkfw_compat_line *x)
{
	struct job_event e;
	job_event_begin(j, &e, MTKFW_EVENT_COMPAT, "compat");
	e.ev.level = x->level;
	e.ev.fix = *x->fix ? x->fix : NULL;
	job_event_str(&e, "what", x->what);
	job_event_str(&e, "level", mtkfw_compat_level_name(x->level));
	job_event_str(&e, "evidence", x->evidence);
	job_event_str(&e, "fix", e.ev.fix);
	job_event_put(&e, "spft", x->spft ? json_object_new_int(x->spft) : NULL);
	job_event_message(&e, "%s %s: %s", mtkfw_compat_level_name(x->level), x->what, x->evidence);
	job_event_send(j, &e);
}

/* One row of the plan as a "plan" event (its message: the row of `flash --dry-run`'s table). */
static void tell_plan_step(struct mtkfw_job *j, size_t i, const struct mtkfw_plan_step *st)
{
	struct job_event e;
	bool range = st->kind != MTKFW_STEP_BACKUP;
	job_event_begin(j, &e, MTKFW_EVENT_INFO, "plan");
	e.ev.index = i + 1;
	e.ev.step = mtkfw_step_kind_name(st->kind);
	e.ev.target = st->name;
	job_event_u64(&e, "index", i + 1);
	job_event_str(&e, "step", e.ev.step);
	job_event_str(&e, "target", st->name);
	job_event_str(&e, "region", range ? mtkfw_part_name(st->part) : NULL);
	job_event_u64(&e, "offset", range ? st->offset : 0);
	job_event_u64(&e, "length", range ? st->length : 0);
	job_event_str(&e, "source", st->source);
	job_event_message(&e, "  %-3zu %-15s %-12s %-6s 0x%-10llx 0x%-10llx %s", i + 1, e.ev.step,
			  st->name, range ? mtkfw_part_name(st->part) : "-",
			  (unsigned long long)(range ? st->offset : 0),
			  (unsigned long long)(range ? st->length : 0), st->source);
	job_event_send(j, &e);
}

/* The plan told: its head, each step, what it preserves. */
static void tell_plan(struct mtkfw_job *j, const struct mtkfw_plan *plan)
{
	job_tell(j, false, "plan",
		 "plan (%s mode%s, %zu steps):", mtkfw_flash_mode_name(mtkfw_plan_mode(plan)),
		 mtkfw_plan_resumed(plan) ? ", resuming an interrupted flash" : "",
		 mtkfw_plan_count(plan));
	job_tell(j, false, "plan", "  %-3s %-15s %-12s %-6s %-12s %-12s %s", "#", "step",
		 "partition", "region", "offset", "length", "source");
	for (size_t i = 0; i < mtkfw_plan_count(plan); i++)
		tell_plan_step(j, i, mtkfw_plan_step(plan, i));
	job_tell(j, false, "plan", "preserved: %s",
		 *mtkfw_plan_preserved(plan) ? mtkfw_plan_preserved(plan)
					     : "(no identity partitions found)");
}

/* The executor's steps as STEP events. */
static void on_step(void *user, size_t i, size_t n, const struct mtkfw_plan_step *st,
		    const char *state)
{
	job_step(user, mtkfw_step_kind_name(st->kind), st->name, i + 1, n, state);
}

/* The summary of a finished flash: the RESULT event and its line for people. */
static void tell_flashed(struct mtkfw_job *j, const struct mtkfw_flash_job_result *res)
{
	char a[24], b[24], c[24];
	json_object *o = json_object_new_object();
	json_object_object_add(
		o, "seconds", json_object_new_double((double)(uint64_t)(res->seconds * 100) / 100));
	json_object_object_add(o, "sent", json_object_new_uint64(res->sent));
	json_object_object_add(o, "erased", json_object_new_uint64(res->erased));
	json_object_object_add(o, "untouched", json_object_new_uint64(res->skipped));
	json_object_object_add(o, "identity_backup",
			       job_json_str(*res->identity_backup ? res->identity_backup : NULL));
	json_object_object_add(o, "resumed", json_object_new_boolean(res->resumed));
	job_result(j, o);
	job_tell(j, false, "summary",
		 "flashed in %.1f s: %s sent, %s erased instead of sent, %s left untouched; "
		 "identity checked against %s",
		 res->seconds, mtkfw_size_text(a, sizeof(a), res->sent),
		 mtkfw_size_text(b, sizeof(b), res->erased),
		 mtkfw_size_text(c, sizeof(c), res->skipped),
		 *res->identity_backup ? res->identity_backup : "-");
}

int job_flash_run(struct mtkfw_job *j, struct mtkfw_phone *p, const struct mtkfw_report *rep,
		  const struct job_flash *f, struct mtkfw_flash_job_result *res)
{
	struct mtkfw_plan *plan = NULL;
	struct mtkfw_flash_result fr;
	struct mtkfw_flash_opts fo = {.mode = f->o->mode,
				      .only = f->o->only,
				      .skip = f->o->skip,
				      .verify = f->o->verify,
				      .write_identity = f->o->write_identity,
				      .resume = f->o->resume,
				      .store = j->store,
				      .step_cb = on_step,
				      .progress = job_progress,
				      .user = j};
	double t0 = job_now();
	int rc = 0;
	if (f->compat)
		rc = job_compat_gate(j, p, rep, f->board, mtkfw_flash_selects(&fo, "PRELOADER"),
				     f->o->force_compat);
	if (!rc)
		rc = mtkfw_flash_plan(p->s, p->l, rep, &fo, &plan);
	if (!rc && (res->resumed = mtkfw_plan_resumed(plan)))
		job_tell(j, false, "resume", "resuming the interrupted %s flash of %s",
			 mtkfw_flash_mode_name(mtkfw_plan_mode(plan)), f->name);
	if (!rc)
		tell_plan(j, plan);
	if (!rc && !f->o->dry_run && f->before)
		rc = f->before(j, p, f->before_user);
	if (!rc && !f->o->dry_run) {
		rc = mtkfw_flash_run(p->s, p->l, rep, plan, &fo, &fr);
		if (rc && f->journalled)
			job_tell(j, true, "journal",
				 "the flash stopped; what finished is journalled: 'mtkfw flash %s "
				 "--resume' continues it (in %s mode)",
				 f->name, mtkfw_flash_mode_name(mtkfw_plan_mode(plan)));
		res->sent = fr.sent;
		res->erased = fr.erased;
		res->skipped = fr.skipped;
		snprintf(res->identity_backup, sizeof(res->identity_backup), "%s",
			 fr.have_backup ? fr.backup_dir : "");
	}
	res->seconds = job_now() - t0;
	p->cancelled |= rc == MTKFW_E_CANCELLED;
	mtkfw_plan_free(plan);
	return rc;
}

int mtkfw_job_flash(struct mtkfw_job *j, struct mtkfw_phone *p, const struct mtkfw_firmware *fw,
		    const struct mtkfw_flash_job_opts *given,
		    struct mtkfw_flash_job_result *res_given)
{
	struct mtkfw_flash_job_opts o;
	struct mtkfw_flash_job_result r = {.size = sizeof(r)}, *res = &r;
	job_begin(j, "flash");
	if (!job_sized_in(&o, sizeof(o), given, sizeof(o)) || !job_sized_ok(res_given, sizeof(r)))
		return job_end(j, mtkfw_fail(j->ctx, MTKFW_E_INVALID_PARAM,
					     "flash options or result of another size"));
	struct job_flash f = {
		.o = &o, .board = &fw->board, .name = fw->path, .compat = true, .journalled = true};
	int rc = job_flash_run(j, p, fw->rep, &f, res);
	if (!rc && !o.dry_run && o.mode != MTKFW_FLASH_DOWNLOAD)
		rc = job_phone_relayout(j, p, false); /* its tables are the package's now */
	if (!rc && !o.dry_run)
		tell_flashed(j, res);
	job_sized_out(res_given, res, sizeof(*res));
	return job_end(j, rc);
}
