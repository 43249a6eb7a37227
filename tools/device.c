/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The options, the job and the results shared by the device commands. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "render.h"

int dev_option(struct dev_args *a, int c, const char *arg)
{
	switch (c) {
	case DEV_OPT_PORT:
		a->port = arg;
		return 1;
	case DEV_OPT_USB:
		a->usb = arg;
		return 1;
	case DEV_OPT_DA:
		a->da = arg;
		return 1;
	case DEV_OPT_PRELOADER:
		a->preloader = arg;
		return 1;
	case DEV_OPT_WAIT:
		return cli_seconds("--wait", arg, &a->wait_ms) ? 1 : -1;
	case DEV_OPT_JSON:
		a->json = true;
		return 1;
	case DEV_OPT_STORE:
		a->store = arg;
		return 1;
	case DEV_OPT_LAYOUT_FROM:
		a->layout_from = arg;
		return 1;
	case DEV_OPT_QUIET:
	case 'q':
		a->quiet = true;
		return 1;
	default:
		return 0;
	}
}

/* ---- the job ---- */

/* The job Ctrl-C stops (one at a time: a command runs one job). */
static struct mtkfw_job *volatile interrupted_job;

/* The second (CLOCK_MONOTONIC) after the first Ctrl-C's, 0: none yet. */
static volatile sig_atomic_t interrupted_at;

/*
 * Ctrl-C (or SIGTERM, SIGHUP): the job stops between packets. Another one more
 * than a second later ends mtkfw at once; one sooner is the same press delivered twice (timeout(1)
 * sends it to the command and again to its process group), not a second press.
 */
static void on_interrupt(int sig)
{
	struct timespec now;
	signal(sig, on_interrupt); /* Windows' C library resets the handler on delivery */
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!interrupted_at) {
		interrupted_at = (sig_atomic_t)(now.tv_sec + 1);
		mtkfw_job_cancel(interrupted_job);
		return;
	}
	if (now.tv_sec > interrupted_at) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
}

int dev_job(const struct dev_args *a, struct render *r, struct mtkfw_job **j)
{
	r->json = a->json;
	r->quiet = a->quiet;
	return dev_job_to(a, render_event, r, j);
}

int dev_job_to(const struct dev_args *a, mtkfw_event_cb sink, void *user, struct mtkfw_job **j)
{
	struct mtkfw_job_config cfg = MTKFW_INIT(cfg);
	cfg.on_event = sink;
	cfg.user = user;
	cfg.store = a->store;
	cfg.log_level = MTKFW_LOG_WARNING;
	if (mtkfw_job_new(&cfg, j))
		return -1;
	interrupted_job = *j;
	interrupted_at = 0;
	signal(SIGINT, on_interrupt);
	signal(SIGTERM,
	       on_interrupt); /* stopped as by Ctrl-C: journalled, temporary files removed */
#ifdef SIGHUP
	signal(SIGHUP, on_interrupt); /* the terminal closed */
#endif
	return 0;
}

void dev_job_free(struct mtkfw_job *j, struct render *r)
{
	dev_job_free_sink(j);
	render_clear(r);
}

void dev_job_free_sink(struct mtkfw_job *j)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
#ifdef SIGHUP
	signal(SIGHUP, SIG_DFL);
#endif
	interrupted_job = NULL;
	mtkfw_job_free(j);
}

struct mtkfw_phone_opts dev_phone_opts(const struct dev_args *a)
{
	struct mtkfw_phone_opts o = MTKFW_INIT(o);
	o.port = a->port;
	o.usb = a->usb;
	o.wait_ms = a->wait_ms;
	o.da = a->da;
	o.preloader = a->preloader;
	o.layout_from = a->layout_from;
	return o;
}

int dev_phone_done(struct mtkfw_job *j, struct mtkfw_phone *p, int rc, bool reboot)
{
	bool ok = !rc || rc == MTKFW_E_REFUSED; /* a refusal changed nothing: the phone reboots */
	int r = mtkfw_phone_close(j, p, reboot && ok);
	return rc ? rc : r;
}

int dev_exit(int rc)
{
	return rc == MTKFW_E_CANCELLED ? 130
	       : rc == MTKFW_E_REFUSED ? EX_NOPERM
				       : cli_exit_code(rc);
}

/* ---- results ---- */

const char *cli_jstr(json_object *o, const char *key)
{
	json_object *v = NULL;
	return o && json_object_object_get_ex(o, key, &v) &&
			       json_object_is_type(v, json_type_string)
		       ? json_object_get_string(v)
		       : "";
}

uint64_t cli_jnum(json_object *o, const char *key)
{
	json_object *v = NULL;
	return o && json_object_object_get_ex(o, key, &v) && v ? (uint64_t)json_object_get_int64(v)
							       : 0;
}

bool cli_jbool(json_object *o, const char *key)
{
	json_object *v = NULL;
	return o && json_object_object_get_ex(o, key, &v) && v && json_object_get_boolean(v);
}

json_object *cli_jobj(json_object *o, const char *key)
{
	json_object *v = NULL;
	return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}
