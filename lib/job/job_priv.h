/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the jobs share (job.c): the job itself, its events and their JSON, its
 * progress and cancel flag, and the phone and firmware objects (phone.c).
 */
#ifndef MTKFW_JOB_PRIV_H
#define MTKFW_JOB_PRIV_H

#include <json-c/json.h>
#include <stdatomic.h>

#include "internal.h"
#include "mtkfw/job.h"
#include "mtkfw/layout.h"
#include "mtkfw/session.h"

/* PROGRESS events of one job (one phone) in any second, however short its steps (job.c). */
#define JOB_PROGRESS_MAX 10

/* No struct of the job API is this big: a size field beyond it is garbage. */
#define MTKFW_SIZED_MAX 65536

struct mtkfw_job {
	struct mtkfw_job_config cfg;
	char slot[64];
	char store[4096]; /* the backup store in use */
	struct mtkfw_ctx *ctx;
	atomic_int cancel;
	const char *name; /* the job running, or NULL */
	double t0;	  /* when it started */
	bool failed_told; /* its ERROR event is out */
	char cid[33];	  /* the eMMC CID the DA told last (hex), or "" */
	/* the step in progress, for PROGRESS events */
	char step[64], target[96];
	double step_t0, last_progress;
	double progress_at[JOB_PROGRESS_MAX]; /* when the last ones went out (a ring) */
	unsigned progress_n;
	/* what the last job handed out (a backup, a board...), until the next one or the end */
	void *kept;
	void (*kept_free)(void *);
};

struct mtkfw_phone {
	struct mtkfw_session *s;
	struct mtkfw_layout *l;
	bool cancelled;		/* a cancel stopped a command half-way: no more DA commands */
	char layout_from[4096]; /* the user's word on the layout it was opened with, or "" */
};

struct mtkfw_firmware {
	char path[4096];
	char unpacked[4096]; /* the folder an archive was unpacked into, or "" */
	struct mtkfw_report *rep;
	struct mtkfw_board board;
};

/** Seconds on a monotonic clock. */
double job_now(void);

/* ---- events ---- */

/** An event being built: its struct, and its JSON object (every field but "event" yet to add). */
struct job_event {
	struct mtkfw_event ev;
	json_object *o;
};

/** Begin an event of kind named name (the JSON "event"), with v, job and slot filled in. */
void job_event_begin(struct mtkfw_job *j, struct job_event *e, enum mtkfw_event_kind kind,
		     const char *name);

/** Add a string (NULL: null), an unsigned number, a number, a boolean to the event's JSON. */
void job_event_str(struct job_event *e, const char *key, const char *value);
void job_event_u64(struct job_event *e, const char *key, uint64_t value);
void job_event_num(struct job_event *e, const char *key, double value);
void job_event_bool(struct job_event *e, const char *key, bool value);

/** Add a JSON value (taken over) to the event's JSON. */
void job_event_put(struct job_event *e, const char *key, json_object *value);

/** Set the event's message (copied into the event, and its "message"). */
void job_event_message(struct job_event *e, const char *fmt, ...) MTKFW_PRINTF(2, 3);

/** Send the event to the job's sink and free it. */
void job_event_send(struct mtkfw_job *j, struct job_event *e);

/** An INFO (or WARNING, warn) event named name with a message. */
void job_tell(struct mtkfw_job *j, bool warn, const char *name, const char *fmt, ...)
	MTKFW_PRINTF(4, 5);

/** A STEP event: step kind, target, index of count (1-based), state; the message is made. */
void job_step(struct mtkfw_job *j, const char *step, const char *target, size_t index, size_t count,
	      const char *state);

/** The RESULT event: the fields of o (taken over). */
void job_result(struct mtkfw_job *j, json_object *o);

/* ---- the job's life ---- */

/** START: the job named name begins (its step cleared, its context's error too). */
void job_begin(struct mtkfw_job *j, const char *name);

/**
 * END: with rc 0 "ok"; otherwise the ERROR event (once: the context's
 * message, step, SP Flash Tool equivalent) and "failed" or "cancelled".
 * Returns rc.
 */
int job_end(struct mtkfw_job *j, int rc);

/** The ERROR event for rc now (not waiting for the end); returns rc. */
int job_fail(struct mtkfw_job *j, int rc);

/** What to do after a failure with code: the SP Flash Tool entry's fix (s), else mtkfw's own for
 * its refusals, or NULL. */
const char *job_fix(int code, const struct mtkfw_spft *s);

/** Progress of the current step (a mtkfw_progress_cb; user is the job): non-zero when cancelled. */
int job_progress(void *user, uint64_t done, uint64_t total);

/** Name the step whose progress follows (kind and target, for PROGRESS events). */
void job_progress_step(struct mtkfw_job *j, const char *step, const char *target);

/** MTKFW_E_CANCELLED with its sentence when the job was asked to stop, else 0. */
int job_check_cancel(struct mtkfw_job *j);

/** The store the job uses. */
const char *job_store(const struct mtkfw_job *j);

/**
 * A fresh folder NAME-XXXXXX made in parent, or (parent NULL) in the system's
 * temporary folder ($TMPDIR; Windows: %TEMP%), its path in dir; 0, or
 * MTKFW_E_IO with the path and what to do (dir then empty).
 */
int job_temp_dir(struct mtkfw_job *j, const char *parent, const char *name, char *dir, size_t n);

/* ---- structs that grow: a size field first (job.h) ---- */

/**
 * Copy the caller's struct given (built with the size in its first field) into
 * ours, zeroed, of our_size: an older caller's smaller struct leaves the
 * newer fields zero; a newer caller's bigger one is taken when every byte we
 * do not know is zero. false for NULL, a size below first_size (the size of
 * the struct's first release) or a newer field set.
 */
bool job_sized_in(void *ours, size_t our_size, const void *given, size_t first_size);

/** Copy our result into the caller's given, as much as its size field says it holds. */
void job_sized_out(void *given, const void *ours, size_t our_size);

/** Is given a struct the caller may receive a result in (non-NULL, at least first_size)? */
bool job_sized_ok(const void *given, size_t first_size);

/**
 * Keep x, a result the library allocated, to hand out: the job frees it with
 * f when it hands out the next one, or is freed. With rc an error (or x NULL)
 * x is freed now. Returns what to hand out: x, or NULL.
 */
void *job_keep(struct mtkfw_job *j, int rc, void *x, void (*f)(void *));

/**
 * The phone's layout established again from what it holds now (after a job
 * wrote its tables; with the user's word it was opened with when given):
 * the next job on it sees the new one.
 */
int job_phone_relayout(struct mtkfw_job *j, struct mtkfw_phone *p, bool given);

/** A JSON string, or null for NULL. */
json_object *job_json_str(const char *s);

#endif
