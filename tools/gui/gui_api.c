/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The window's actions and state: each POST starts one job of the job API
 * in a thread of its own (one at a time: a phone has one cable), its events
 * go to the event stream as they are, and what the page draws (the package's
 * report, the phone's facts, the compat lines, the last result) is kept here
 * from those events. Paths come only from inside the file picker's roots.
 */
#include <dirent.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../cli.h"
#include "gitid.h"
#include "gui.h"
#include "mtkfw/imgpack.h"
#include "mtkfw/slots.h"

#ifdef _WIN32
#include <windows.h> /* QueryDosDevice: is a COM port there */
#endif

struct run;
typedef int (*run_fn)(struct run *r, struct mtkfw_job *j);

/* One job the window runs: its action, its arguments, what it produced. */
struct run {
	struct gui *g;
	const char *name; /* the job's name in the event stream: "flash" */
	run_fn fn;
	json_object *args; /* the request's body, parsed (owned) */
	char path[GUI_PATH_MAX], path2[GUI_PATH_MAX];
	json_object *result, *error; /* the job's RESULT and first ERROR events (owned) */
};

struct gui {
	struct gui_events events;
	struct gui_config cfg;
	char *roots[GUI_ROOTS_MAX];
	size_t n_roots;
	char store[GUI_PATH_MAX];
	pthread_mutex_t mu; /* guards what follows */
	struct mtkfw_firmware *fw;
	json_object *report, *board, *detect, *compat, *last;
	const char *busy;      /* the running job's name, or NULL */
	struct mtkfw_job *job; /* the running job, for Stop */
	pthread_t worker;
	bool worker_started;
	bool present;
	char present_port[256];
	pthread_t watcher;
	bool watcher_started;
	atomic_bool stopping;
};

struct gui_events *gui_events(struct gui *g)
{
	return &g->events;
}

/* ---- events ---- */

/* Push one of the window's own events: {"v":1,"event":name,"job":"gui", ...o} (o taken). */
static void tell_event(struct gui *g, const char *name, json_object *o)
{
	json_object *e = json_object_new_object();
	json_object_object_add(e, "v", json_object_new_int(MTKFW_EVENTS_VERSION));
	json_object_object_add(e, "event", json_object_new_string(name));
	json_object_object_add(e, "job", json_object_new_string("gui"));
	if (o) {
		json_object_object_foreach(o, k, v)
			json_object_object_add(e, k, json_object_get(v));
		json_object_put(o);
	}
	gui_events_push(&g->events,
			json_object_to_json_string_ext(e, JSON_C_TO_STRING_SPACED |
								  JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(e);
}

static void tell_busy(struct gui *g, const char *busy)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "busy", busy ? json_object_new_string(busy) : NULL);
	tell_event(g, "busy", o);
}

/* Every event of a job: kept where the page's state needs it, then streamed as it is. */
static void sink(void *user, const struct mtkfw_event *ev)
{
	struct run *r = user;
	struct gui *g = r->g;
	bool keep = ev->kind == MTKFW_EVENT_RESULT || ev->kind == MTKFW_EVENT_ERROR ||
		    ev->kind == MTKFW_EVENT_COMPAT;
	json_object *o = keep ? json_tokener_parse(ev->json) : NULL;
	if (o && ev->kind == MTKFW_EVENT_RESULT && ev->job && !strcmp(ev->job, "detect")) {
		pthread_mutex_lock(&g->mu);
		json_object_put(g->detect);
		g->detect = json_object_get(o);
		pthread_mutex_unlock(&g->mu);
	}
	if (o && ev->kind == MTKFW_EVENT_COMPAT) {
		pthread_mutex_lock(&g->mu);
		if (!g->compat)
			g->compat = json_object_new_array();
		json_object_array_add(g->compat, json_object_get(o));
		pthread_mutex_unlock(&g->mu);
	}
	if (o && ev->kind == MTKFW_EVENT_RESULT && ev->job && !strcmp(ev->job, r->name)) {
		json_object_put(r->result);
		r->result = json_object_get(o);
	}
	if (o && ev->kind == MTKFW_EVENT_ERROR && !r->error)
		r->error = json_object_get(o);
	json_object_put(o);
	gui_events_push(&g->events, ev->json);
}

/* ---- jobs ---- */

static void run_free(struct run *r)
{
	json_object_put(r->args);
	json_object_put(r->result);
	json_object_put(r->error);
	free(r);
}

/* What the page shows of a job that ended. */
static json_object *last_json(const struct run *r, int rc)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "job", json_object_new_string(r->name));
	json_object_object_add(o, "state",
			       json_object_new_string(!rc			? "ok"
						      : rc == MTKFW_E_CANCELLED ? "cancelled"
										: "failed"));
	json_object_object_add(o, "result", json_object_get(r->result));
	json_object_object_add(o, "error", json_object_get(r->error));
	return o;
}

static void *worker(void *arg)
{
	struct run *r = arg;
	struct gui *g = r->g;
	struct mtkfw_job_config c = MTKFW_INIT(c);
	struct mtkfw_job *j = NULL;
	c.on_event = sink;
	c.user = r;
	c.store = g->store;
	c.log_level = MTKFW_LOG_WARNING;
	int rc = mtkfw_job_new(&c, &j);
	if (!rc) {
		pthread_mutex_lock(&g->mu);
		g->job = j;
		pthread_mutex_unlock(&g->mu);
		rc = r->fn(r, j);
	}
	pthread_mutex_lock(&g->mu);
	g->job = NULL;
	g->busy = NULL;
	json_object_put(g->last);
	g->last = last_json(r, rc);
	pthread_mutex_unlock(&g->mu);
	mtkfw_job_free(j);
	tell_busy(g, NULL);
	tell_event(g, "state", NULL);
	run_free(r);
	return NULL;
}

/* Start r in its thread unless a job runs: 202, or 409 naming the running one. */
static struct gui_reply start(struct gui *g, struct run *r)
{
	struct gui_reply rep = {202, json_object_new_object()};
	pthread_mutex_lock(&g->mu);
	if (g->busy) {
		char msg[200];
		snprintf(msg, sizeof(msg), "busy: %s is running; wait for it or press Stop",
			 g->busy);
		json_object_object_add(rep.body, "error", json_object_new_string(msg));
		rep.status = 409;
		pthread_mutex_unlock(&g->mu);
		run_free(r);
		return rep;
	}
	if (g->worker_started)
		pthread_join(g->worker, NULL); /* the last one has ended: busy is NULL */
	g->busy = r->name;
	g->worker_started = !pthread_create(&g->worker, NULL, worker, r);
	if (!g->worker_started) {
		g->busy = NULL;
		rep.status = 500;
		json_object_object_add(rep.body, "error",
				       json_object_new_string("cannot start a thread for the job"));
		pthread_mutex_unlock(&g->mu);
		run_free(r);
		return rep;
	}
	pthread_mutex_unlock(&g->mu);
	tell_busy(g, r->name);
	json_object_object_add(rep.body, "job", json_object_new_string(r->name));
	return rep;
}

/* Use the phone: open it (fw's EMI when given), run use, close it (rebooted unless it failed). */
static int with_phone(struct run *r, struct mtkfw_job *j, const struct mtkfw_firmware *fw,
		      int (*use)(struct run *, struct mtkfw_job *, struct mtkfw_phone *))
{
	struct mtkfw_phone *p = NULL;
	int rc = mtkfw_phone_open(j, &r->g->cfg.phone, fw, &p);
	if (!rc)
		rc = use(r, j, p);
	if (p)
		rc = dev_phone_done(j, p, rc, true);
	return rc;
}

static int run_package(struct run *r, struct mtkfw_job *j)
{
	struct gui *g = r->g;
	struct mtkfw_firmware_opts fo = MTKFW_INIT(fo);
	struct mtkfw_firmware *fw = NULL;
	fo.unpack = true; /* an archive is inflated once, then flashed any number of times */
	int rc = mtkfw_firmware_open(j, r->path, &fo, &fw);
	if (rc)
		return rc;
	const struct mtkfw_report *rep = mtkfw_firmware_report(fw);
	json_object *report = cli_report_json(r->path, rep);
	json_object *board = mtkfw_board_to_json(mtkfw_firmware_board(fw), rep, NULL);
	pthread_mutex_lock(&g->mu);
	struct mtkfw_firmware *old = g->fw;
	g->fw = fw;
	json_object_put(g->report);
	json_object_put(g->board);
	json_object_put(g->compat);
	g->report = report;
	g->board = board;
	g->compat = NULL;
	pthread_mutex_unlock(&g->mu);
	mtkfw_firmware_close(old); /* no job uses it: one runs at a time, and this is it */
	return 0;
}

static int run_detect(struct run *r, struct mtkfw_job *j)
{
	struct mtkfw_detect_result res = MTKFW_INIT(res);
	return mtkfw_job_detect(j, &r->g->cfg.phone, &res);
}

static int use_flash(struct run *r, struct mtkfw_job *j, struct mtkfw_phone *p)
{
	struct mtkfw_flash_job_opts o = MTKFW_INIT(o);
	struct mtkfw_flash_job_result res = MTKFW_INIT(res);
	const char *mode = gui_body_str(r->args, "mode");
	int m = mode ? mtkfw_flash_mode_by_name(mode) : MTKFW_FLASH_DOWNLOAD;
	o.mode = (enum mtkfw_flash_mode)(m < 0 ? MTKFW_FLASH_DOWNLOAD : m);
	o.only = gui_body_str(r->args, "only");
	o.skip = gui_body_str(r->args, "skip");
	o.verify = gui_body_bool(r->args, "verify");
	o.dry_run = gui_body_bool(r->args, "dry_run");
	o.resume = gui_body_bool(r->args, "resume");
	return mtkfw_job_flash(j, p, r->g->fw, &o, &res);
}

static int run_flash(struct run *r, struct mtkfw_job *j)
{
	pthread_mutex_lock(&r->g->mu);
	json_object_put(r->g->compat);
	r->g->compat = NULL;
	pthread_mutex_unlock(&r->g->mu);
	return with_phone(r, j, r->g->fw, use_flash);
}

static int use_compat(struct run *r, struct mtkfw_job *j, struct mtkfw_phone *p)
{
	const struct mtkfw_compat *c = NULL;
	return mtkfw_job_compat(j, p, r->g->fw, &c);
}

/* The package against the phone, line by line, before anything is written. */
static int run_compat(struct run *r, struct mtkfw_job *j)
{
	pthread_mutex_lock(&r->g->mu);
	json_object_put(r->g->compat);
	r->g->compat = NULL;
	pthread_mutex_unlock(&r->g->mu);
	return with_phone(r, j, r->g->fw, use_compat);
}

static int use_backup(struct run *r, struct mtkfw_job *j, struct mtkfw_phone *p)
{
	struct mtkfw_backup_job_opts o = MTKFW_INIT(o);
	const char *kind = gui_body_str(r->args, "kind");
	const struct mtkfw_backup *b = NULL;
	o.kind = kind && !strcmp(kind, "full") ? MTKFW_BACKUP_FULL : MTKFW_BACKUP_IDENTITY;
	return mtkfw_job_backup(j, p, &o, &b);
}

static int run_backup(struct run *r, struct mtkfw_job *j)
{
	return with_phone(r, j, r->g->fw, use_backup);
}

static int run_verify(struct run *r, struct mtkfw_job *j)
{
	const struct mtkfw_backup *b = NULL;
	return mtkfw_job_verify(j, r->path, &b);
}

static int use_restore(struct run *r, struct mtkfw_job *j, struct mtkfw_phone *p)
{
	struct mtkfw_restore_job_opts o = MTKFW_INIT(o);
	struct mtkfw_restore_job_result res = MTKFW_INIT(res);
	o.only = gui_body_str(r->args, "only");
	return mtkfw_job_restore(j, p, r->path, &o, &res);
}

static int run_restore(struct run *r, struct mtkfw_job *j)
{
	return with_phone(r, j, r->g->fw, use_restore);
}

static int use_readback(struct run *r, struct mtkfw_job *j, struct mtkfw_phone *p)
{
	struct mtkfw_readback_opts o = MTKFW_INIT(o);
	const struct mtkfw_readback_result *res = NULL;
	o.path = r->path;
	o.partition = gui_body_str(r->args, "partition");
	return mtkfw_job_readback(j, p, &o, &res);
}

static int run_readback(struct run *r, struct mtkfw_job *j)
{
	return with_phone(r, j, r->g->fw, use_readback);
}

static int use_format(struct run *r, struct mtkfw_job *j, struct mtkfw_phone *p)
{
	struct mtkfw_format_opts o = MTKFW_INIT(o);
	struct mtkfw_format_result res = MTKFW_INIT(res);
	o.partition = gui_body_str(r->args, "partition");
	o.all_except_bootloader = gui_body_bool(r->args, "all");
	return mtkfw_job_format(j, p, &o, &res);
}

static int run_format(struct run *r, struct mtkfw_job *j)
{
	return with_phone(r, j, r->g->fw, use_format);
}

static int run_station(struct run *r, struct mtkfw_job *j)
{
	struct mtkfw_station_result res = MTKFW_INIT(res);
	int rc = run_package(r, j);
	return rc ? rc : mtkfw_station_run(j, r->g->fw, &r->g->cfg.station_opts, &res);
}

/* ---- requests ---- */

static struct gui_reply reply_error(unsigned status, const char *fmt, const char *arg)
{
	char msg[GUI_PATH_MAX + 200];
	struct gui_reply rep = {status, json_object_new_object()};
	snprintf(msg, sizeof(msg), fmt, arg ? arg : "");
	json_object_object_add(rep.body, "error", json_object_new_string(msg));
	return rep;
}

static const char outside[] =
	"%s is not inside the folders this window may use (mtkfw gui --root DIR adds one)";

/* key's path in the body made real into out when it lies inside the roots. */
static bool body_path(struct gui *g, json_object *body, const char *key, bool must_be_new,
		      char *out, struct gui_reply *rep)
{
	const char *p = gui_body_str(body, key);
	if (p && gui_path_inside(p, must_be_new, g->roots, g->n_roots, out, GUI_PATH_MAX))
		return true;
	char there[GUI_PATH_MAX];
	if (p && must_be_new &&
	    gui_path_inside(p, false, g->roots, g->n_roots, there, sizeof(there)))
		*rep = reply_error(
			409, "%s exists already: give a new name (nothing is overwritten)", p);
	else
		*rep = reply_error(p ? 403 : 400, p ? outside : "\"%s\" is missing", p ? p : key);
	return false;
}

/* A new run of the action named name with fn, its body parsed against f (or a 400 in *rep). */
static struct run *new_run(struct gui *g, const char *name, run_fn fn, const char *body, size_t len,
			   const struct gui_field *f, size_t n, struct gui_reply *rep)
{
	char err[300];
	struct run *r = calloc(1, sizeof(*r));
	json_object *o = r ? gui_body_parse(body, len, f, n, err, sizeof(err)) : NULL;
	if (!o) {
		*rep = reply_error(400, "%s", r ? err : "out of memory");
		free(r);
		return NULL;
	}
	r->g = g;
	r->name = name;
	r->fn = fn;
	r->args = o;
	return r;
}

/* A firmware is open (else 409 saying to open one). */
static bool have_firmware(struct gui *g, struct gui_reply *rep)
{
	pthread_mutex_lock(&g->mu);
	bool ok = g->fw != NULL;
	pthread_mutex_unlock(&g->mu);
	if (!ok)
		*rep = reply_error(409, "no package is open: open one first (Package)%s", NULL);
	return ok;
}

static const struct gui_field no_fields[1];
static const struct gui_field package_fields[] = {{"path", GUI_STR, true}};
static const struct gui_field flash_fields[] = {
	{"mode", GUI_STR_OR_NULL, false}, {"only", GUI_STR_OR_NULL, false},
	{"skip", GUI_STR_OR_NULL, false}, {"verify", GUI_BOOL, false},
	{"dry_run", GUI_BOOL, false},	  {"resume", GUI_BOOL, false}};
static const struct gui_field backup_fields[] = {{"kind", GUI_STR_OR_NULL, false}};
static const struct gui_field dir_fields[] = {{"dir", GUI_STR, true}};
static const struct gui_field restore_fields[] = {{"dir", GUI_STR, true},
						  {"only", GUI_STR_OR_NULL, false}};
static const struct gui_field readback_fields[] = {{"partition", GUI_STR, true},
						   {"path", GUI_STR, true}};
static const struct gui_field format_fields[] = {{"partition", GUI_STR_OR_NULL, false},
						 {"all", GUI_BOOL, false}};
static const struct gui_field unpack_fields[] = {{"path", GUI_STR, true}, {"out", GUI_STR, true}};
static const struct gui_field repack_fields[] = {{"dir", GUI_STR, true}, {"out", GUI_STR, true}};

#define FIELDS(f) f, sizeof(f) / sizeof(f[0])

/* dir (the body's "dir") inside the roots or the backup store, made real into out. */
static bool backup_dir(struct gui *g, json_object *body, char *out, struct gui_reply *rep)
{
	const char *p = gui_body_str(body, "dir");
	char *roots[GUI_ROOTS_MAX + 1];
	memcpy(roots, g->roots, g->n_roots * sizeof(roots[0]));
	roots[g->n_roots] = g->store;
	if (p && gui_path_inside(p, false, roots, g->n_roots + 1, out, GUI_PATH_MAX))
		return true;
	*rep = reply_error(403, outside, p ? p : "(none)");
	return false;
}

static struct gui_reply post_stop(struct gui *g, const char *body, size_t len)
{
	char err[300];
	json_object *o = gui_body_parse(body, len, no_fields, 0, err, sizeof(err));
	if (!o)
		return reply_error(400, "%s", err);
	json_object_put(o);
	pthread_mutex_lock(&g->mu);
	const char *busy = g->busy;
	mtkfw_job_cancel(g->job);
	pthread_mutex_unlock(&g->mu);
	if (!busy)
		return reply_error(409, "nothing is running%s", NULL);
	struct gui_reply rep = {200, json_object_new_object()};
	json_object_object_add(rep.body, "stopping", json_object_new_string(busy));
	return rep;
}

/* The PNG files in dir (an unpacked logo's pictures), as full paths. */
static json_object *pngs_in(const char *dir)
{
	json_object *a = json_object_new_array();
	struct dirent **ents = NULL;
	int n = scandir(dir, &ents, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		char path[GUI_PATH_MAX + 300];
		if (cli_endswith(ents[i]->d_name, ".png")) {
			snprintf(path, sizeof(path), "%s" GUI_SEP "%s", dir, ents[i]->d_name);
			json_object_array_add(a, json_object_new_string(path));
		}
		free(ents[i]);
	}
	free(ents);
	return a;
}

/* Unpack or repack an image at once (no phone): in, out from the body, made real. */
static struct gui_reply image_pack(struct gui *g, bool unpack, const char *body, size_t len)
{
	char err[300], in[GUI_PATH_MAX], out[GUI_PATH_MAX];
	struct gui_reply rep;
	json_object *o =
		unpack ? gui_body_parse(body, len, FIELDS(unpack_fields), err, sizeof(err))
		       : gui_body_parse(body, len, FIELDS(repack_fields), err, sizeof(err));
	if (!o)
		return reply_error(400, "%s", err);
	if (!body_path(g, o, unpack ? "path" : "dir", false, in, &rep) ||
	    !body_path(g, o, "out", true, out, &rep)) {
		json_object_put(o);
		return rep;
	}
	json_object_put(o);
	struct mtkfw_ctx *ctx = NULL;
	struct mtkfw_imgpack_result res;
	memset(&res, 0, sizeof(res));
	if (mtkfw_ctx_new(&ctx))
		return reply_error(500, "out of memory%s", NULL);
	int rc = unpack ? mtkfw_image_unpack(ctx, in, out, 0, &res)
			: mtkfw_image_repack(ctx, in, out, &res);
	if (rc) {
		rep = reply_error(422, "%s", mtkfw_ctx_errmsg(ctx));
		mtkfw_ctx_free(ctx);
		return rep;
	}
	mtkfw_ctx_free(ctx);
	rep = (struct gui_reply){200, json_object_new_object()};
	json_object_object_add(rep.body, "kind", json_object_new_string(res.kind));
	json_object_object_add(rep.body, "out", json_object_new_string(out));
	json_object_object_add(rep.body, "bytes", json_object_new_uint64(res.bytes));
	json_object_object_add(rep.body, "sha256", json_object_new_string(res.sha256));
	if (unpack) {
		json_object_object_add(rep.body, "exact", json_object_new_boolean(res.exact));
		json_object_object_add(rep.body, "note", json_object_new_string(res.note));
		json_object_object_add(rep.body, "files", pngs_in(out));
	}
	return rep;
}

/* A POST that starts a job: its run made from the body, its paths checked, started. */
static struct gui_reply post_job(struct gui *g, const char *name, const char *body, size_t len)
{
	struct gui_reply rep = {0};
	struct run *r = NULL;
	bool ok = true;
	if (!strcmp(name, "package")) {
		r = new_run(g, "firmware", run_package, body, len, FIELDS(package_fields), &rep);
		ok = r && body_path(g, r->args, "path", false, r->path, &rep);
	} else if (!strcmp(name, "detect")) {
		r = new_run(g, "detect", run_detect, body, len, no_fields, 0, &rep);
	} else if (!strcmp(name, "flash")) {
		r = new_run(g, "flash", run_flash, body, len, FIELDS(flash_fields), &rep);
		const char *m = r ? gui_body_str(r->args, "mode") : NULL;
		if (r && m && mtkfw_flash_mode_by_name(m) < 0) {
			rep = reply_error(400,
					  "mode is download, upgrade or format-all, not \"%s\"", m);
			ok = false;
		}
		ok = ok && r && have_firmware(g, &rep);
	} else if (!strcmp(name, "compat")) {
		r = new_run(g, "compat", run_compat, body, len, no_fields, 0, &rep);
		ok = r && have_firmware(g, &rep);
	} else if (!strcmp(name, "backup")) {
		r = new_run(g, "backup", run_backup, body, len, FIELDS(backup_fields), &rep);
		const char *k = r ? gui_body_str(r->args, "kind") : NULL;
		if (k && strcmp(k, "identity") && strcmp(k, "full")) {
			rep = reply_error(400, "kind is identity or full, not \"%s\"", k);
			ok = false;
		}
	} else if (!strcmp(name, "verify")) {
		r = new_run(g, "verify", run_verify, body, len, FIELDS(dir_fields), &rep);
		ok = r && backup_dir(g, r->args, r->path, &rep);
	} else if (!strcmp(name, "restore")) {
		r = new_run(g, "restore", run_restore, body, len, FIELDS(restore_fields), &rep);
		ok = r && backup_dir(g, r->args, r->path, &rep);
	} else if (!strcmp(name, "readback")) {
		r = new_run(g, "readback", run_readback, body, len, FIELDS(readback_fields), &rep);
		ok = r && body_path(g, r->args, "path", true, r->path, &rep);
	} else if (!strcmp(name, "format")) {
		r = new_run(g, "format", run_format, body, len, FIELDS(format_fields), &rep);
		if (r && !gui_body_str(r->args, "partition") == !gui_body_bool(r->args, "all")) {
			rep = reply_error(400, "format takes a partition or \"all\": true%s", NULL);
			ok = false;
		}
	} else {
		return reply_error(404, "no action %s", name);
	}
	if (!r)
		return rep;
	if (!ok) {
		run_free(r);
		return rep;
	}
	return start(g, r);
}

struct gui_reply gui_api_post(struct gui *g, const char *name, const char *body, size_t len)
{
	if (!strcmp(name, "stop"))
		return post_stop(g, body, len);
	if (!strcmp(name, "image/unpack") || !strcmp(name, "image/repack"))
		return image_pack(g, !strcmp(name, "image/unpack"), body, len);
	return post_job(g, name, body, len); /* while a station runs, it is the busy job */
}

/* ---- reading ---- */

static json_object *roots_json(struct gui *g)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; i < g->n_roots; i++)
		json_object_array_add(a, json_object_new_string(g->roots[i]));
	return a;
}

static struct gui_reply get_state(struct gui *g)
{
	json_object *o = json_object_new_object(), *phone = json_object_new_object();
	char version[200];
	snprintf(version, sizeof(version), "%s (%s)", mtkfw_version(), MTKFW_GIT_ID);
	json_object_object_add(o, "version", json_object_new_string(version));
	json_object_object_add(o, "seq", json_object_new_uint64(gui_events_last(&g->events)));
	json_object_object_add(o, "roots", roots_json(g));
	json_object_object_add(o, "store", json_object_new_string(g->store));
	json_object_object_add(o, "station", json_object_new_boolean(g->cfg.station != NULL));
	pthread_mutex_lock(&g->mu);
	json_object_object_add(o, "busy", g->busy ? json_object_new_string(g->busy) : NULL);
	json_object_object_add(phone, "port",
			       g->present_port[0] ? json_object_new_string(g->present_port) : NULL);
	json_object_object_add(phone, "present", json_object_new_boolean(g->present));
	json_object_object_add(phone, "detect", json_object_get(g->detect));
	json_object_object_add(o, "phone", phone);
	json_object *pkg = NULL;
	if (g->fw) {
		pkg = json_object_new_object();
		json_object_object_add(pkg, "path",
				       json_object_new_string(mtkfw_firmware_path(g->fw)));
		json_object_object_add(pkg, "report", json_object_get(g->report));
		json_object_object_add(pkg, "board", json_object_get(g->board));
	}
	json_object_object_add(o, "package", pkg);
	json_object_object_add(o, "compat", json_object_get(g->compat));
	json_object_object_add(o, "last", json_object_get(g->last));
	pthread_mutex_unlock(&g->mu);
	return (struct gui_reply){200, o};
}

/* The parent of real when it is still inside the roots, else NULL. */
static json_object *parent_json(struct gui *g, const char *real)
{
	char up[GUI_PATH_MAX + 4], tmp[GUI_PATH_MAX];
	snprintf(up, sizeof(up), "%s/..", real);
	if (!gui_path_inside(up, false, g->roots, g->n_roots, tmp, sizeof(tmp)) ||
	    !strcmp(tmp, real))
		return NULL;
	return json_object_new_string(tmp);
}

#define GUI_DIR_MAX 5000 /* entries a listing shows */

/* One entry of a folder listing: name, folder or not, size. */
static json_object *entry_json(const char *dir, const char *name)
{
	char path[GUI_PATH_MAX + 300];
	struct stat st;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (stat(path, &st))
		return NULL;
	json_object *e = json_object_new_object();
	json_object_object_add(e, "name", json_object_new_string(name));
	json_object_object_add(e, "dir", json_object_new_boolean(S_ISDIR(st.st_mode)));
	json_object_object_add(e, "size", json_object_new_uint64((uint64_t)st.st_size));
	return e;
}

/* Folders first, then files, each by name. */
static int entry_order(const void *a, const void *b)
{
	json_object *x = *(json_object *const *)a, *y = *(json_object *const *)b;
	bool dx = cli_jbool(x, "dir"), dy = cli_jbool(y, "dir");
	if (dx != dy)
		return dx ? -1 : 1;
	return strcmp(cli_jstr(x, "name"), cli_jstr(y, "name"));
}

static struct gui_reply get_files(struct gui *g, const char *dir)
{
	char real[GUI_PATH_MAX];
	if (!dir)
		dir = g->roots[0];
	if (!gui_path_inside(dir, false, g->roots, g->n_roots, real, sizeof(real)))
		return reply_error(403, outside, dir);
	DIR *d = opendir(real);
	if (!d)
		return reply_error(404, "cannot list %s: not a folder or not readable", real);
	json_object *entries = json_object_new_array();
	struct dirent *de;
	while ((de = readdir(d)) && json_object_array_length(entries) < GUI_DIR_MAX) {
		json_object *e = de->d_name[0] == '.' ? NULL : entry_json(real, de->d_name);
		if (e)
			json_object_array_add(entries, e);
	}
	closedir(d);
	json_object_array_sort(entries, entry_order);
	json_object *o = json_object_new_object();
	json_object_object_add(o, "dir", json_object_new_string(real));
	json_object_object_add(o, "parent", parent_json(g, real));
	json_object_object_add(o, "entries", entries);
	return (struct gui_reply){200, o};
}

static struct gui_reply get_backups(struct gui *g)
{
	struct mtkfw_ctx *ctx = NULL;
	unsigned bad = 0;
	if (mtkfw_ctx_new(&ctx))
		return reply_error(500, "out of memory%s", NULL);
	json_object *arr = json_object_new_array(), *o = json_object_new_object();
	cli_backup_walk(ctx, g->store, arr, &bad,
			false); /* Verify checks one: listing stays quick */
	mtkfw_ctx_free(ctx);
	json_object_object_add(o, "store", json_object_new_string(g->store));
	json_object_object_add(o, "backups", arr);
	return (struct gui_reply){200, o};
}

static struct gui_reply get_image(struct gui *g, const char *path)
{
	char real[GUI_PATH_MAX], err[GUI_PATH_MAX + 200];
	bool bad = false;
	struct stat st;
	if (!path || !gui_path_inside(path, false, g->roots, g->n_roots, real, sizeof(real)))
		return reply_error(403, outside, path ? path : "(none)");
	if (stat(real, &st) || !S_ISREG(st.st_mode))
		return reply_error(422, "%s is no file", real);
	json_object *o = cli_image_file_json(real, &bad, err, sizeof(err));
	return o ? (struct gui_reply){200, o} : reply_error(422, "%s", err);
}

struct gui_reply gui_api_get(struct gui *g, const char *name,
			     const char *(*query)(void *q, const char *key), void *q)
{
	if (!strcmp(name, "state"))
		return get_state(g);
	if (!strcmp(name, "files"))
		return get_files(g, query(q, "dir"));
	if (!strcmp(name, "backups"))
		return get_backups(g);
	if (!strcmp(name, "image"))
		return get_image(g, query(q, "path"));
	return reply_error(404, "no such thing: /api/%s", name);
}

FILE *gui_api_open_png(struct gui *g, const char *path, uint64_t *size)
{
	char real[GUI_PATH_MAX];
	struct stat st;
	if (!path || !gui_path_inside(path, false, g->roots, g->n_roots, real, sizeof(real)) ||
	    !cli_endswith(real, ".png") || stat(real, &st) || !S_ISREG(st.st_mode))
		return NULL;
	FILE *f = fopen(real, "rb");
	*size = (uint64_t)st.st_size;
	return f;
}

/* ---- the phone's port, watched ---- */

#define GUI_WATCH_MS 250

/* Is a phone there now, and on which port? */
static bool phone_there(struct gui *g, struct mtkfw_slot_watch *w, char *port, size_t n)
{
	if (g->cfg.phone.port) {
		struct stat st;
		snprintf(port, n, "%s", g->cfg.phone.port);
#ifdef _WIN32 /* a COM port is a DOS device while it is there, which stat() does not see */
		char target[512];
		const char *com = port + (strncmp(port, "\\\\.\\", 4) ? 0 : 4); /* \\.\COM10 */
		if (!_strnicmp(com, "COM", 3))
			return QueryDosDeviceA(com, target, sizeof(target)) != 0;
#endif
		return !stat(g->cfg.phone.port, &st);
	}
	struct mtkfw_slot slots[4];
	size_t count = 0;
	if (!w || mtkfw_slot_watch_wait(w, GUI_WATCH_MS, slots, 4, &count) || !count) {
		port[0] = 0;
		return false;
	}
	snprintf(port, n, "%s", slots[0].port[0] ? slots[0].port : slots[0].usb);
	return true;
}

static void *watcher(void *arg)
{
	struct gui *g = arg;
	struct mtkfw_ctx *ctx = NULL;
	struct mtkfw_slot_watch *w = NULL;
	if (!g->cfg.phone.port && !mtkfw_ctx_new(&ctx))
		mtkfw_slot_watch_new(ctx, "auto", &w);
	while (!atomic_load(&g->stopping)) {
		char port[256];
		bool there = phone_there(g, w, port, sizeof(port));
		pthread_mutex_lock(&g->mu);
		bool changed = there != g->present;
		g->present = there;
		snprintf(g->present_port, sizeof(g->present_port), "%s", port);
		pthread_mutex_unlock(&g->mu);
		if (changed) {
			json_object *o = json_object_new_object();
			json_object_object_add(
				o, "state",
				json_object_new_string(there ? "plugged" : "unplugged"));
			json_object_object_add(o, "port", json_object_new_string(port));
			tell_event(g, "phone", o);
			tell_event(g, "state", NULL);
		}
		if (g->cfg.phone.port || !w)
			usleep(GUI_WATCH_MS * 1000);
	}
	mtkfw_slot_watch_free(w);
	mtkfw_ctx_free(ctx);
	return NULL;
}

/* ---- life ---- */

/* The roots made real (a missing one is an error: the user named it). */
static int take_roots(struct gui *g, const struct gui_config *cfg, char *err, size_t errn)
{
	for (size_t i = 0; i < cfg->n_roots && i < GUI_ROOTS_MAX; i++) {
		char *r = realpath(cfg->roots[i], NULL);
		if (!r) {
			snprintf(err, errn, "cannot use %s as a folder to show: %s", cfg->roots[i],
				 strerror(errno));
			return MTKFW_E_NOT_FOUND;
		}
		g->roots[g->n_roots++] = r;
	}
	if (!g->n_roots) {
		snprintf(err, errn, "no folder to show: give one with --root DIR");
		return MTKFW_E_INVALID_PARAM;
	}
	return 0;
}

int gui_new(const struct gui_config *cfg, struct gui **out, char *err, size_t errn)
{
	struct gui *g = calloc(1, sizeof(*g));
	if (!g)
		return MTKFW_E_NO_MEM;
	g->cfg = *cfg;
	gui_events_init(&g->events);
	pthread_mutex_init(&g->mu, NULL);
	char real[PATH_MAX];
	if (cfg->store)
		snprintf(g->store, sizeof(g->store), "%s", cfg->store);
	else
		mtkfw_backup_store(g->store, sizeof(g->store));
	if (realpath(g->store, real)) /* a root like the others: real (it may not exist yet) */
		snprintf(g->store, sizeof(g->store), "%s", real);
	int rc = take_roots(g, cfg, err, errn);
	if (rc) {
		gui_free(g);
		return rc;
	}
	g->watcher_started = !pthread_create(&g->watcher, NULL, watcher, g);
	if (cfg->station || cfg->package) {
		struct gui_reply rep = {0};
		struct run *r = new_run(g, "firmware", cfg->station ? run_station : run_package,
					"{}", 2, no_fields, 0, &rep);
		if (r) {
			snprintf(r->path, sizeof(r->path), "%s",
				 cfg->station ? cfg->station : cfg->package);
			if (cfg->station)
				r->name = "station";
			rep = start(g, r);
		}
		json_object_put(rep.body);
	}
	*out = g;
	return 0;
}

void gui_free(struct gui *g)
{
	if (!g)
		return;
	atomic_store(&g->stopping, true);
	pthread_mutex_lock(&g->mu);
	mtkfw_job_cancel(g->job);
	bool joined = g->worker_started;
	pthread_mutex_unlock(&g->mu);
	if (joined)
		pthread_join(g->worker, NULL);
	if (g->watcher_started)
		pthread_join(g->watcher, NULL);
	mtkfw_firmware_close(g->fw);
	json_object_put(g->report);
	json_object_put(g->board);
	json_object_put(g->detect);
	json_object_put(g->compat);
	json_object_put(g->last);
	for (size_t i = 0; i < g->n_roots; i++)
		free(g->roots[i]);
	gui_events_free(&g->events);
	pthread_mutex_destroy(&g->mu);
	free(g);
}
