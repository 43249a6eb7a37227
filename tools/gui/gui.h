/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mtkfw gui: the window, a page in the user's browser served by an HTTP
 * server inside mtkfw (libmicrohttpd), its actions calling the job API and
 * its events the job event stream (docs/gui.md). One file
 * per layer: requests parsed strictly (gui_req.c), the event stream
 * (gui_events.c), the jobs and the state the page draws (gui_api.c), HTTP and
 * its safety rules (gui_http.c), the page (page/, embedded as gui_assets.c).
 * Nothing here decides what may be written: the jobs do.
 */
#ifndef MTKFW_GUI_H
#define MTKFW_GUI_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>

#include "mtkfw/job.h"
#include "mtkfw/station.h"

#define GUI_BODY_MAX	(64 * 1024) /**< largest request body taken */
#define GUI_ROOTS_MAX	16	    /**< folders the file picker may show */
#define GUI_EVENTS_KEPT 4096	    /**< events a page that reconnects can catch up on */
#define GUI_PATH_MAX	4096
#ifdef _WIN32
#define GUI_SEP "\\" /**< between a folder and a name in the paths shown: C:\Users\x\pkg */
#else
#define GUI_SEP "/"
#endif

/* ---- gui_req.c: what a request carries, parsed strictly (fuzz/fuzz_gui.c) ---- */

enum gui_type { GUI_STR, GUI_STR_OR_NULL, GUI_BOOL };

/** One key a request body may have. */
struct gui_field {
	const char *key;
	enum gui_type type;
	bool required;
};

/**
 * body (len bytes, any bytes) as one JSON object whose keys are each one of
 * f[0..n) with its type, strings without NUL and at most GUI_PATH_MAX bytes,
 * the required ones present, nothing after it: the object (json_object_put
 * it), or NULL with err saying what is wrong.
 */
json_object *gui_body_parse(const char *body, size_t len, const struct gui_field *f, size_t n,
			    char *err, size_t errn);

/** A parsed body's string (NULL when absent or null) and boolean (false when absent). */
const char *gui_body_str(json_object *o, const char *key);
bool gui_body_bool(json_object *o, const char *key);

/** Is host (a Host header) exactly "NAME:port" for one of names? */
bool gui_host_ok(const char *host, const char *const *names, size_t n, unsigned port);

/** Is origin (an Origin header) exactly "http://" followed by host? */
bool gui_origin_ok(const char *origin, const char *host);

/** Are a and b equal, in a time that does not tell where they differ? NULL equals nothing. */
bool gui_secret_eq(const char *a, const char *b);

/**
 * path made real (symlinks and ".." resolved) into real when it lies in one
 * of roots (real paths themselves) or is one: true. With must_be_new it names
 * a file or folder to create: nothing may be there yet (not even a link), its
 * folder must be inside, and its name a plain one.
 */
bool gui_path_inside(const char *path, bool must_be_new, char *const *roots, size_t n, char *real,
		     size_t realn);

/** The last path separator in path ('/', and on Windows '\\' too), or NULL. */
char *gui_last_sep(char *path);

/** n random bytes from the system (a token): 0, or -1 when it has none to give. */
int gui_random(void *buf, size_t n);

/* ---- gui_events.c: the stream of events every page reads ---- */

struct gui_events {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	char *kept[GUI_EVENTS_KEPT]; /**< event number k at kept[k % GUI_EVENTS_KEPT] */
	uint64_t last;		     /**< the newest event's number (1-based; 0: none yet) */
	bool closing;
};

void gui_events_init(struct gui_events *e);
void gui_events_free(struct gui_events *e);

/** Add one event (a line of JSON, copied); wakes every reader. */
void gui_events_push(struct gui_events *e, const char *json);

/**
 * The first event after *after (the oldest kept when *after was dropped) as
 * a copy in *out (free it), *after moved to its number: 1. 0 when none came
 * within ms, -1 once the stream closes.
 */
int gui_events_next(struct gui_events *e, uint64_t *after, char **out, unsigned ms);

/** The newest event's number. */
uint64_t gui_events_last(struct gui_events *e);

/** Readers get -1 from now on. */
void gui_events_close(struct gui_events *e);

/* ---- gui_api.c: the jobs and the state a page draws ---- */

/** How the window reaches phones and what it may show: from the command line. */
struct gui_config {
	struct mtkfw_phone_opts phone; /**< port, DA, preloader, wait... */
	const char *store;	       /**< backup store, NULL = the default */
	const char *package;	       /**< opened at start, or NULL */
	const char *station;	       /**< run a station on this package, or NULL */
	struct mtkfw_station_opts station_opts;
	const char *roots[GUI_ROOTS_MAX]; /**< the file picker's folders (the home folder first) */
	size_t n_roots;
};

struct gui;

/** The window's state (roots made real, the watcher of the phone's port started). */
int gui_new(const struct gui_config *cfg, struct gui **out, char *err, size_t errn);

/** Stop the running job (journalled), the watcher and the station; free. */
void gui_free(struct gui *g);

/** Its event stream (for the HTTP layer's /api/events). */
struct gui_events *gui_events(struct gui *g);

/** An answer to a request: HTTP status and a JSON body (owned; NULL for none). */
struct gui_reply {
	unsigned status;
	json_object *body;
};

/** GET /api/NAME with query (a lookup of the request's query arguments). */
struct gui_reply gui_api_get(struct gui *g, const char *name,
			     const char *(*query)(void *q, const char *key), void *q);

/** POST /api/NAME with body (len bytes, unparsed: each action parses its own keys). */
struct gui_reply gui_api_post(struct gui *g, const char *name, const char *body, size_t len);

/** A readable file for GET /api/file: only PNG pictures inside the roots; NULL when not. */
FILE *gui_api_open_png(struct gui *g, const char *path, uint64_t *size);

/* ---- gui_http.c: the HTTP server and its safety rules ---- */

/** Where and how the window listens. */
struct gui_listen {
	const char *addr;     /**< NULL: 127.0.0.1 */
	unsigned port;	      /**< 0: a free one */
	const char *password; /**< required when addr is not loopback (HTTP Basic) */
};

struct gui_http;

/** Listen and serve g; *url is what to open ("http://127.0.0.1:PORT/?token=..."). */
int gui_http_start(struct gui *g, const struct gui_listen *l, struct gui_http **out, char *url,
		   size_t urln, char *err, size_t errn);

/** Stop serving (every event stream ends) and free. */
void gui_http_stop(struct gui_http *h);

/* ---- gui_assets.c (generated from page/ at build time) ---- */

struct gui_asset {
	const char *path, *type;
	const unsigned char *data;
	size_t len;
};

/** The page's files; the list ends with a NULL path. */
extern const struct gui_asset gui_assets[];

#endif /* MTKFW_GUI_H */
