/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The station (mtkfw/station.h): watch the slots, give each phone that
 * appears in one a thread that flashes it, one phone per slot at a time and
 * at most o.max at once; a phone that drops off mid-flash and comes back in
 * the same slot within o.rejoin_ms continues from its journal; a slot whose
 * phone is done (or refused) waits until that phone is unplugged. Every
 * decision about the phone itself is the flash job's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "station_priv.h"

/* ---- events ---- */

/* The station's own events reach the sink under the same lock as the slots'. */
static void station_sink(void *user, const struct mtkfw_event *ev)
{
	struct station *st = user;
	pthread_mutex_lock(&st->lock);
	if (st->sink)
		st->sink(st->sink_user, ev);
	pthread_mutex_unlock(&st->lock);
}

void station_slot_event(struct station *st, const struct slot *sl, const char *state,
			const char *fmt, ...)
{
	struct job_event e;
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	job_event_begin(st->j, &e, MTKFW_EVENT_INFO, "slot");
	e.ev.slot = sl->where.id;
	e.ev.state = state;
	job_event_str(&e, "slot", sl->where.id);
	job_event_str(&e, "state", state);
	job_event_str(&e, "port", *sl->where.port ? sl->where.port : sl->where.usb);
	job_event_str(&e, "cid", *sl->row.cid ? sl->row.cid : NULL);
	e.ev.cid = *sl->row.cid ? sl->row.cid : NULL;
	job_event_message(&e, "slot %s: %s", sl->where.id, msg);
	pthread_mutex_lock(&st->lock);
	if (sl->log && e.ev.message) {
		char t[32];
		fprintf(sl->log, "%s station  %s\n", station_utc(t, sizeof(t)), e.ev.message);
		fflush(sl->log);
	}
	pthread_mutex_unlock(&st->lock);
	job_event_send(st->j, &e);
}

/* ---- slots ---- */

/* The slot at this place, made when new (NULL: too many places). */
static struct slot *slot_at(struct station *st, const struct mtkfw_slot *w)
{
	for (size_t i = 0; i < st->n; i++)
		if (!strcmp(st->slots[i]->where.id, w->id))
			return st->slots[i];
	if (st->n == STATION_SLOTS_MAX)
		return NULL;
	struct slot *sl = calloc(1, sizeof(*sl));
	if (!sl)
		return NULL;
	sl->st = st;
	sl->where = *w;
	sl->armed = true;
	atomic_init(&sl->finished, false);
	st->slots[st->n++] = sl;
	report_slot_log(st, sl);
	return sl;
}

/* A phone's story ended: its row written, counted. */
static void phone_done(struct station *st, struct slot *sl, const char *result)
{
	struct station_row *r = &sl->row;
	r->result = result;
	station_utc(r->end, sizeof(r->end));
	snprintf(r->code, sizeof(r->code), "%s", sl->rc ? mtkfw_error_name(sl->rc) : "");
	r->spft = sl->rc ? sl->err_spft : 0;
	snprintf(r->spft_name, sizeof(r->spft_name), "%s", sl->rc ? sl->err_spft_name : "");
	snprintf(r->message, sizeof(r->message), "%s", sl->rc ? sl->err_message : "");
	report_row(st, r);
	st->rows++;
	if (!strcmp(result, "ok"))
		st->res.ok++;
	else if (!strcmp(result, "cancelled"))
		st->res.cancelled++;
	else
		st->res.failed++;
	sl->state = SLOT_EMPTY;
	sl->armed = false; /* this phone is done: the next one is another plug-in */
	sl->was_absent = false;
	sl->rebooted = !strcmp(result, "ok");
	sl->done_at = job_now();
}

/* A slot's thread ended: its result read, its phone done or waiting to come back. */
static void reap(struct station *st, struct slot *sl, double now)
{
	slot_join(sl);
	st->running--;
	sl->row.seconds += now - sl->lost_at; /* this attempt's time (lost_at: its start) */
	if (!sl->rc) {
		station_slot_event(st, sl, "done", "flashed and verified; identity intact");
		phone_done(st, sl, "ok");
	} else if (sl->rc == MTKFW_E_CANCELLED) {
		station_slot_event(st, sl, "cancelled",
				   "stopped; 'mtkfw flash --resume' finishes it");
		phone_done(st, sl, "cancelled");
	} else if (sl->another) {
		station_slot_event(st, sl, "failed", "%s", sl->err_message);
		phone_done(st, sl, "failed");
		sl->armed = true; /* the phone there now is a new one */
	} else if (sl->rc == MTKFW_E_NO_DEVICE && !*sl->row.cid && !sl->row.resumed) {
		/* the port went before a phone answered on it: no phone, no row */
		st->started--;
		st->res.phones--;
		sl->state = SLOT_EMPTY;
		sl->armed = true;
		station_slot_event(
			st, sl, "empty",
			"the port went before a phone answered (%s): waiting for a phone",
			mtkfw_error_name(sl->rc));
	} else if (slot_link_lost(sl->rc) && sl->tries < STATION_REJOIN_TRIES) {
		sl->state = SLOT_LOST;
		sl->lost_at = now;
		station_slot_event(st, sl, "lost",
				   "the phone dropped off (%s): plugged back into this slot within "
				   "%u s, it continues",
				   mtkfw_error_name(sl->rc), st->o.rejoin_ms / 1000);
	} else {
		station_slot_event(st, sl, "failed", "%s: %s", mtkfw_error_name(sl->rc),
				   sl->err_message);
		phone_done(st, sl, "failed");
	}
}

/* Start the slot's phone: a new one (its row begun), or one back to continue. */
static void start(struct station *st, struct slot *sl, double now)
{
	bool again = sl->state == SLOT_LOST;
	if (!again) {
		memset(&sl->row, 0, sizeof(sl->row));
		snprintf(sl->row.slot, sizeof(sl->row.slot), "%s", sl->where.id);
		station_utc(sl->row.start, sizeof(sl->row.start));
		sl->tries = 0;
		st->started++;
		st->res.phones++;
	}
	sl->row.resumed += again;
	sl->resume = again;
	sl->tries++;
	sl->lost_at = now;
	station_slot_event(st, sl, again ? "resume" : "start",
			   again ? "the phone is back: continuing its flash"
				 : "a phone: flashing it");
	if (slot_start(st, sl)) {
		sl->rc = mtkfw_ctx_errcode(st->j->ctx);
		snprintf(sl->err_message, sizeof(sl->err_message), "%s",
			 mtkfw_ctx_errmsg(st->j->ctx));
		phone_done(st, sl, "failed");
		return;
	}
	st->running++;
}

/* Slots whose phone dropped off and may come back: each keeps its place under o.max. */
static unsigned lost_count(const struct station *st)
{
	unsigned n = 0;
	for (size_t i = 0; i < st->n; i++)
		n += st->slots[i]->state == SLOT_LOST;
	return n;
}

/* May another phone start now (the limits of o.max and o.count)? */
static bool room(const struct station *st)
{
	return (!st->o.max || st->running + lost_count(st) < st->o.max) &&
	       (!st->o.count || st->started < st->o.count);
}

/*
 * May the slot take its next phone: its last one is gone (or failed) and, after
 * a reboot, STATION_SETTLE_S passed, so its own preloader port is not taken
 * for a new phone?
 */
static bool may_arm(const struct slot *sl, double now)
{
	return sl->state == SLOT_EMPTY && !sl->armed && sl->was_absent &&
	       (!sl->rebooted || now - sl->done_at >= STATION_SETTLE_S);
}

/* The watcher's list applied: slots filled and emptied, phones started. */
static void update(struct station *st, const struct mtkfw_slot *list, size_t n, double now)
{
	for (size_t i = 0; i < st->n; i++)
		st->slots[i]->present = false;
	for (size_t i = 0; i < n; i++) {
		struct slot *sl = slot_at(st, &list[i]);
		if (!sl)
			continue;
		if (sl->state != SLOT_BUSY)
			sl->where = list[i]; /* its port may have a new name */
		sl->present = true;
	}
	for (size_t i = 0; i < st->n; i++) {
		struct slot *sl = st->slots[i];
		if (sl->state == SLOT_LOST && now - sl->lost_at > st->o.rejoin_ms / 1000.0) {
			station_slot_event(st, sl, "failed", "the phone did not come back");
			phone_done(st, sl, "failed");
		}
		if (sl->kept && !sl->present && sl->state == SLOT_EMPTY) {
			slot_release(sl); /* the newcomer went before its flash: the next is new */
			station_slot_event(st, sl, "empty",
					   "the phone found here went before its flash began");
		}
		sl->was_absent |= !sl->present;
		if (may_arm(sl, now)) {
			sl->armed = true;
			station_slot_event(st, sl, "empty", "waiting for the next phone");
		}
		if (sl->present && sl->state == SLOT_LOST) /* its place under o.max is kept */
			start(st, sl, now);
		else if (sl->present && sl->state == SLOT_EMPTY && sl->armed && room(st))
			start(st, sl, now);
	}
}

/* Are the station's phones all done (o.count reached, none running or expected back)? */
static bool finished(const struct station *st)
{
	if (!st->o.count || st->started < st->o.count || st->running)
		return false;
	for (size_t i = 0; i < st->n; i++)
		if (st->slots[i]->state == SLOT_LOST)
			return false;
	return true;
}

/* ---- the run ---- */

/* Watch, reap and start until finished or cancelled. */
static int station_loop(struct station *st)
{
	struct mtkfw_slot *list = calloc(STATION_SLOTS_MAX, sizeof(*list));
	size_t n = 0;
	int rc = list ? 0 : mtkfw_fail(st->j->ctx, MTKFW_E_NO_MEM, "out of memory");
	while (!rc && !finished(st) && !mtkfw_job_cancelled(st->j)) {
		rc = mtkfw_slot_watch_wait(st->watch, STATION_TICK_MS, list, STATION_SLOTS_MAX, &n);
		double now = job_now();
		for (size_t i = 0; !rc && i < st->n; i++)
			if (st->slots[i]->state == SLOT_BUSY &&
			    atomic_load(&st->slots[i]->finished))
				reap(st, st->slots[i], now);
		if (!rc && !mtkfw_job_cancelled(st->j))
			update(st, list, n < STATION_SLOTS_MAX ? n : STATION_SLOTS_MAX, now);
	}
	free(list);
	return rc ? rc : job_check_cancel(st->j);
}

/* Every running phone asked to stop, then waited for; the lost ones given up. */
static void wind_down(struct station *st)
{
	for (size_t i = 0; i < st->n; i++)
		if (st->slots[i]->state == SLOT_BUSY)
			mtkfw_job_cancel(st->slots[i]->job);
	for (size_t i = 0; i < st->n; i++) {
		struct slot *sl = st->slots[i];
		if (sl->state == SLOT_BUSY)
			reap(st, sl, job_now());
		if (sl->state == SLOT_LOST) {
			station_slot_event(st, sl, "failed",
					   "the station stopped before the phone came back; 'mtkfw "
					   "flash PKG --resume' finishes it");
			phone_done(st, sl, "failed");
		}
		slot_release(sl);
		if (sl->log)
			fclose(sl->log);
		free(sl);
	}
	st->n = 0;
}

/* The station's summary: the RESULT event and its sentence. */
static void tell_result(struct station *st)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "phones", json_object_new_int64(st->res.phones));
	json_object_object_add(o, "ok", json_object_new_int64(st->res.ok));
	json_object_object_add(o, "failed", json_object_new_int64(st->res.failed));
	json_object_object_add(o, "cancelled", json_object_new_int64(st->res.cancelled));
	json_object_object_add(o, "report", job_json_str(st->o.report));
	job_result(st->j, o);
	job_tell(st->j, false, "summary", "%u phone%s: %u flashed, %u failed, %u cancelled",
		 st->res.phones, st->res.phones == 1 ? "" : "s", st->res.ok, st->res.failed,
		 st->res.cancelled);
}

int mtkfw_station_run(struct mtkfw_job *j, const struct mtkfw_firmware *fw,
		      const struct mtkfw_station_opts *given, struct mtkfw_station_result *res)
{
	struct station *st = calloc(1, sizeof(*st));
	job_begin(j, "station");
	if (!st)
		return job_end(j, mtkfw_fail(j->ctx, MTKFW_E_NO_MEM, "out of memory"));
	int rc = !job_sized_in(&st->o, sizeof(st->o), given, sizeof(st->o)) ||
				 !job_sized_ok(res, sizeof(st->res)) || !fw
			 ? mtkfw_fail(j->ctx, MTKFW_E_INVALID_PARAM,
				      "station options or result of another size, or no firmware")
			 : 0;
	st->j = j;
	st->fw = fw;
	st->res.size = sizeof(st->res);
	st->o.rejoin_ms = st->o.rejoin_ms ? st->o.rejoin_ms : 60000;
	st->sink = j->cfg.on_event;
	st->sink_user = j->cfg.user;
	pthread_mutex_init(&st->lock, NULL);
	j->cfg.on_event = station_sink; /* the station's events too, one at a time */
	j->cfg.user = st;
	if (!rc)
		rc = mtkfw_slot_watch_new(j->ctx, st->o.slots ? st->o.slots : "auto", &st->watch);
	if (!rc)
		rc = report_open(st);
	if (!rc)
		job_tell(j, false, "waiting", "waiting for phones (%s)",
			 st->o.slots ? st->o.slots : "every MediaTek phone on USB");
	if (!rc)
		rc = station_loop(st);
	wind_down(st);
	report_close(st);
	mtkfw_slot_watch_free(st->watch);
	if (st->res.phones || !rc)
		tell_result(st);
	if (res && job_sized_ok(res, sizeof(st->res)))
		job_sized_out(res, &st->res, sizeof(st->res));
	j->cfg.on_event = st->sink;
	j->cfg.user = st->sink_user;
	pthread_mutex_destroy(&st->lock);
	free(st);
	return job_end(j, rc);
}
