/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A job (mtkfw/job.h): its event stream and the JSON of each event
 * (docs/json.md), its context's log turned into events, its progress with
 * rate and ETA, its cancel flag, and its start and end.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "job_priv.h"

double job_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

json_object *job_json_str(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

/* ---- events ---- */

void job_event_begin(struct mtkfw_job *j, struct job_event *e, enum mtkfw_event_kind kind,
		     const char *name)
{
	memset(e, 0, sizeof(*e));
	e->ev.version = MTKFW_EVENTS_VERSION;
	e->ev.kind = kind;
	e->ev.name = name;
	e->ev.job = j->name;
	e->ev.slot = *j->slot ? j->slot : NULL;
	e->o = json_object_new_object();
	job_event_u64(e, "v", MTKFW_EVENTS_VERSION);
	job_event_str(e, "event", name);
	if (j->name)
		job_event_str(e, "job", j->name);
	if (*j->slot)
		job_event_str(e, "slot", j->slot);
}

void job_event_put(struct job_event *e, const char *key, json_object *value)
{
	if (e->o)
		json_object_object_add(e->o, key, value);
	else
		json_object_put(value);
}

void job_event_str(struct job_event *e, const char *key, const char *value)
{
	job_event_put(e, key, job_json_str(value));
}

void job_event_u64(struct job_event *e, const char *key, uint64_t value)
{
	job_event_put(e, key, json_object_new_uint64(value));
}

void job_event_num(struct job_event *e, const char *key, double value)
{
	job_event_put(e, key, json_object_new_double(value));
}

void job_event_bool(struct job_event *e, const char *key, bool value)
{
	job_event_put(e, key, json_object_new_boolean(value));
}

/* The message lives in the JSON object, which lives until the event is sent. */
void job_event_message(struct job_event *e, const char *fmt, ...)
{
	char msg[MTKFW_ERRMSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	job_event_str(e, "message", msg);
	json_object *m = NULL;
	if (e->o && json_object_object_get_ex(e->o, "message", &m))
		e->ev.message = json_object_get_string(m);
}

void job_event_send(struct mtkfw_job *j, struct job_event *e)
{
	if (!e->o)
		return;
	e->ev.json = json_object_to_json_string_ext(e->o, JSON_C_TO_STRING_SPACED |
								  JSON_C_TO_STRING_NOSLASHESCAPE);
	if (j->cfg.on_event)
		j->cfg.on_event(j->cfg.user, &e->ev);
	json_object_put(e->o);
	e->o = NULL;
}

void job_tell(struct mtkfw_job *j, bool warn, const char *name, const char *fmt, ...)
{
	struct job_event e;
	char msg[MTKFW_ERRMSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	job_event_begin(j, &e, warn ? MTKFW_EVENT_WARNING : MTKFW_EVENT_INFO, name);
	job_event_message(&e, "%s", msg);
	job_event_send(j, &e);
}

void job_step(struct mtkfw_job *j, const char *step, const char *target, size_t index, size_t count,
	      const char *state)
{
	struct job_event e;
	job_event_begin(j, &e, MTKFW_EVENT_STEP, "step");
	e.ev.step = step;
	e.ev.target = target;
	e.ev.index = index;
	e.ev.count = count;
	e.ev.state = state;
	job_event_str(&e, "step", step);
	job_event_str(&e, "target", target);
	job_event_u64(&e, "index", index);
	job_event_u64(&e, "count", count);
	job_event_str(&e, "state", state);
	job_event_message(&e, "step %zu/%zu %s %s: %s", index, count, step, target ? target : "",
			  state);
	job_event_send(j, &e);
	if (!strcmp(state, "start"))
		job_progress_step(j, step, target);
}

void job_result(struct mtkfw_job *j, json_object *o)
{
	struct job_event e;
	job_event_begin(j, &e, MTKFW_EVENT_RESULT, "result");
	json_object_object_foreach(o, key, val)
	{
		if (strcmp(key, "v") && strcmp(key, "event") && strcmp(key, "job"))
			job_event_put(&e, key, json_object_get(val));
	}
	json_object_put(o);
	job_event_send(j, &e);
}

/* ---- progress and cancel ---- */

void job_progress_step(struct mtkfw_job *j, const char *step, const char *target)
{
	snprintf(j->step, sizeof(j->step), "%s", step ? step : "");
	snprintf(j->target, sizeof(j->target), "%s", target ? target : "");
	j->step_t0 = job_now();
}

int job_check_cancel(struct mtkfw_job *j)
{
	if (!atomic_load_explicit(&j->cancel, memory_order_relaxed))
		return 0;
	return mtkfw_fail(j->ctx, MTKFW_E_CANCELLED,
			  "cancelled: stopped between two packets at the user's request");
}

#define PROGRESS_EVERY 0.1 /* seconds between two PROGRESS events of one job (one phone) */
#define PROGRESS_MAX   JOB_PROGRESS_MAX
/*
 * The span PROGRESS_MAX events may share: a second, and a tenth more for the way to a window (the
 * events reach its page a little apart from when they were made: 11 in one second were seen there
 * with a window of exactly 1 s).
 */
#define PROGRESS_WINDOW 1.1

/*
 * May a PROGRESS event go out now? At most PROGRESS_MAX in any PROGRESS_WINDOW, however short
 * the steps: one PROGRESS_EVERY after the last, or sooner for a step's last one (done == total)
 * while the window's budget allows; past it even a step's last one is left out (its STEP "done"
 * event still tells the step ended).
 */
static bool progress_due(struct mtkfw_job *j, double now, bool last)
{
	double tenth_back = j->progress_at[j->progress_n % PROGRESS_MAX];
	if (j->progress_n >= PROGRESS_MAX && now - tenth_back <= PROGRESS_WINDOW)
		return false;
	if (!last && j->progress_n && now - j->last_progress < PROGRESS_EVERY)
		return false;
	j->progress_at[j->progress_n++ % PROGRESS_MAX] = now;
	j->last_progress = now;
	return true;
}

int job_progress(void *user, uint64_t done, uint64_t total)
{
	struct mtkfw_job *j = user;
	double now = job_now(), el = now - j->step_t0;
	if (atomic_load_explicit(&j->cancel, memory_order_relaxed))
		return 1;
	if (!progress_due(j, now, done == total))
		return 0;
	struct job_event e;
	double rate = el > 0 ? (double)done / el : 0;
	double eta = rate > 0 && total > done ? (double)(total - done) / rate : 0;
	job_event_begin(j, &e, MTKFW_EVENT_PROGRESS, "progress");
	e.ev.step = j->step;
	e.ev.target = *j->target ? j->target : NULL;
	e.ev.done = done;
	e.ev.total = total;
	e.ev.rate = rate;
	e.ev.eta = eta;
	job_event_str(&e, "step", j->step);
	job_event_str(&e, "target", e.ev.target);
	job_event_u64(&e, "done", done);
	job_event_u64(&e, "total", total);
	job_event_num(&e, "rate", (double)(uint64_t)rate);
	job_event_num(&e, "eta", (double)(uint64_t)(eta + 0.5));
	job_event_send(j, &e);
	return 0;
}

void mtkfw_job_cancel(struct mtkfw_job *j)
{
	if (j)
		atomic_store(&j->cancel, 1);
}

bool mtkfw_job_cancelled(const struct mtkfw_job *j)
{
	return j && atomic_load((atomic_int *)&j->cancel);
}

/* ---- life ---- */

/* The context's log: warnings (and more, by the config's level) become events. */
static void log_event(void *user, enum mtkfw_log_level level, const char *msg)
{
	struct mtkfw_job *j = user;
	job_tell(j, level <= MTKFW_LOG_WARNING, level <= MTKFW_LOG_WARNING ? "warning" : "log",
		 "%s", msg);
}

bool job_sized_in(void *ours, size_t our_size, const void *given, size_t first_size)
{
	size_t size;
	memset(ours, 0, our_size);
	if (!given)
		return false;
	memcpy(&size, given, sizeof(size));
	if (size < first_size || size > MTKFW_SIZED_MAX)
		return false;
	for (size_t i = our_size; i < size; i++)
		if (((const unsigned char *)given)[i])
			return false;
	memcpy(ours, given, size < our_size ? size : our_size);
	memcpy(ours, &our_size, sizeof(our_size));
	return true;
}

void job_sized_out(void *given, const void *ours, size_t our_size)
{
	size_t size;
	memcpy(&size, given, sizeof(size));
	if (size > our_size)
		memset((char *)given + our_size, 0, size - our_size);
	memcpy((char *)given + sizeof(size), (const char *)ours + sizeof(size),
	       (size < our_size ? size : our_size) - sizeof(size));
}

bool job_sized_ok(const void *given, size_t first_size)
{
	size_t size;
	if (!given)
		return false;
	memcpy(&size, given, sizeof(size));
	return size >= first_size && size <= MTKFW_SIZED_MAX;
}

int mtkfw_job_new(const struct mtkfw_job_config *cfg_given, struct mtkfw_job **out)
{
	struct mtkfw_job *j;
	struct mtkfw_job_config c, *cfg = &c;
	*out = NULL;
	if (!job_sized_in(&c, sizeof(c), cfg_given, sizeof(c)))
		return MTKFW_E_INVALID_PARAM;
	if (!(j = calloc(1, sizeof(*j))))
		return MTKFW_E_NO_MEM;
	j->cfg = c;
	snprintf(j->slot, sizeof(j->slot), "%s", cfg->slot ? cfg->slot : "");
	if (cfg->store)
		snprintf(j->store, sizeof(j->store), "%s", cfg->store);
	else
		mtkfw_backup_store(j->store, sizeof(j->store));
	j->cfg.slot = j->slot;
	j->cfg.store = j->store;
	atomic_init(&j->cancel, 0);
	int r = mtkfw_ctx_new(&j->ctx);
	if (r) {
		free(j);
		return r;
	}
	mtkfw_ctx_set_log(j->ctx,
			  cfg->log_level < MTKFW_LOG_WARNING ? MTKFW_LOG_WARNING : cfg->log_level,
			  log_event, j);
	*out = j;
	return 0;
}

void *job_keep(struct mtkfw_job *j, int rc, void *x, void (*f)(void *))
{
	if (rc || !x) {
		if (x)
			f(x);
		return NULL;
	}
	if (j->kept)
		j->kept_free(j->kept);
	j->kept = x;
	j->kept_free = f;
	return x;
}

void mtkfw_job_free(struct mtkfw_job *j)
{
	if (!j)
		return;
	if (j->kept)
		j->kept_free(j->kept);
	mtkfw_ctx_free(j->ctx);
	free(j);
}

struct mtkfw_ctx *mtkfw_job_ctx(struct mtkfw_job *j)
{
	return j ? j->ctx : NULL;
}

int job_temp_dir(struct mtkfw_job *j, const char *parent, const char *name, char *dir, size_t n)
{
#ifdef _WIN32
	const char *var = "TEMP";
#else
	const char *var = "TMPDIR";
#endif
	const char *t = parent ? parent : getenv(var);
	snprintf(dir, n, "%s/%s-XXXXXX", t && *t ? t : "/tmp", name);
	if (mkdtemp(dir))
		return 0;
	int e = errno;
	int r = mtkfw_fail(j->ctx, MTKFW_E_IO,
			   "cannot make the folder %s: %s; point %s at a folder with room for "
			   "what it holds",
			   dir, mtkfw_errno_text(e), parent ? "the command" : var);
	*dir = 0;
	return r;
}

const char *job_store(const struct mtkfw_job *j)
{
	return j->store;
}

void job_begin(struct mtkfw_job *j, const char *name)
{
	struct job_event e;
	j->name = name;
	j->t0 = job_now();
	j->failed_told = false;
	job_progress_step(j, name, NULL);
	mtkfw_ctx_clear_error(j->ctx);
	job_event_begin(j, &e, MTKFW_EVENT_START, "start");
	job_event_send(j, &e);
}

int job_fail(struct mtkfw_job *j, int rc)
{
	struct job_event e;
	if (!rc || j->failed_told)
		return rc;
	const char *msg = mtkfw_ctx_errmsg(j->ctx), *step = mtkfw_ctx_step(j->ctx);
	const struct mtkfw_spft *s = rc == MTKFW_E_CANCELLED ? NULL : mtkfw_spft_find(rc, step);
	job_event_begin(j, &e, MTKFW_EVENT_ERROR, "error");
	e.ev.code = rc;
	e.ev.step = step;
	e.ev.spft = s;
	e.ev.fix = job_fix(rc, s);
	job_event_str(&e, "code", mtkfw_error_name(rc));
	job_event_str(&e, "step", step);
	job_event_message(&e, "%s", *msg ? msg : mtkfw_strerror(rc));
	job_event_put(&e, "spft", s ? json_object_new_int(s->number) : NULL);
	job_event_str(&e, "spft_name", s ? s->symbol : NULL);
	job_event_str(&e, "fix", e.ev.fix);
	job_event_send(j, &e);
	j->failed_told = true;
	return rc;
}

int job_end(struct mtkfw_job *j, int rc)
{
	struct job_event e;
	if (rc)
		job_fail(j, rc);
	const char *state = !rc ? "ok" : rc == MTKFW_E_CANCELLED ? "cancelled" : "failed";
	job_event_begin(j, &e, MTKFW_EVENT_END, "end");
	e.ev.state = state;
	e.ev.seconds = job_now() - j->t0;
	job_event_str(&e, "state", state);
	job_event_num(&e, "seconds", (double)(uint64_t)(e.ev.seconds * 1000) / 1000);
	job_event_send(j, &e);
	j->name = NULL;
	return rc;
}
