/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The station's parts: the slots and their phones (station.c), each phone's
 * flash in a thread of its own (station_slot.c), the report and the logs
 * (station_report.c).
 */
#ifndef MTKFW_STATION_PRIV_H
#define MTKFW_STATION_PRIV_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#include "../job/job_priv.h"
#include "mtkfw/slots.h"
#include "mtkfw/station.h"

#define STATION_SLOTS_MAX    64	 /* places watched at once */
#define STATION_REJOIN_TRIES 3	 /* resumes of one phone before its slot gives up */
#define STATION_TICK_MS	     200 /* the longest the station waits without looking */
/*
 * After a phone's flash ends in its reboot, how long its slot takes no phone:
 * the phone's own preloader shows its download port for a moment on the way
 * to Android (uncertain: ~1-3 s seen on MT6572 boards; kept here to be tuned).
 */
#define STATION_SETTLE_S 5.0

/** One phone's line of the report. */
struct station_row {
	char slot[256], cid[33], me_id[33], start[32], end[32];
	const char *result; /* "ok", "failed", "cancelled" */
	char code[32];	    /* MTKFW_E_* name, or "" */
	int spft;	    /* SP Flash Tool error number, or 0 */
	char spft_name[64], message[512], backup[4096];
	uint64_t bytes;
	double seconds;
	unsigned resumed; /* times it came back and continued */
};

enum slot_state {
	SLOT_EMPTY = 0, /* no phone, or one not to flash (done, failed): waits for the next */
	SLOT_BUSY,	/* a thread flashes its phone */
	SLOT_LOST,	/* its phone dropped off mid-flash: it may come back and continue */
};

struct station;

struct slot {
	struct station *st;
	struct mtkfw_slot where; /* as the watcher last listed it */
	enum slot_state state;
	bool present;	 /* the watcher lists a phone here now */
	bool armed;	 /* a phone here may be flashed: the slot was empty since its last one */
	bool was_absent; /* the slot was empty at some point since its last phone ended */
	bool rebooted;	 /* its last phone ended in a reboot (a flash that went well) */
	double done_at;	 /* when its last phone ended */
	bool another;	 /* the phone back in a lost phone's slot is another one */
	struct mtkfw_phone *kept; /* that newcomer, still connected (on sl->job): flashed next */
	/* the running phone */
	pthread_t thread;
	atomic_bool finished; /* its thread is done: join it */
	struct mtkfw_job *job;
	bool resume;
	int rc;
	bool link_lost; /* rc lost the phone, not refused it */
	double lost_at; /* when the current attempt began (or the phone dropped off) */
	unsigned tries;
	struct station_row row;
	FILE *log;
	/* what its events said */
	int err_code;
	int err_spft;
	char err_spft_name[64], err_message[512];
};

struct station {
	struct mtkfw_job *j; /* the station's own job: its sink gets every event */
	mtkfw_event_cb sink;
	void *sink_user;
	pthread_mutex_t lock; /* one event at a time reaches the sink */
	const struct mtkfw_firmware *fw;
	struct mtkfw_station_opts o;
	struct mtkfw_slot_watch *watch;
	struct slot *slots[STATION_SLOTS_MAX];
	size_t n;
	unsigned running, started, rows;
	FILE *csv, *jsonl;
	struct mtkfw_station_result res;
};

/* ---- station_slot.c ---- */

/** Start the slot's phone in a thread of its own (resuming when sl->resume). */
int slot_start(struct station *st, struct slot *sl);

/** Join the slot's finished thread and free its job (kept while it keeps a phone). */
void slot_join(struct slot *sl);

/** Close the phone the slot kept (never flashed) and free its job. */
void slot_release(struct slot *sl);

/** Is rc a phone lost (the link, not a local file), after which it may come back and continue? */
bool slot_link_lost(int rc);

/** The sink of every slot's jobs: its CID and errors noted, the event into its log, then to the
 * station's sink, locked. */
void station_forward(void *user, const struct mtkfw_event *ev);

/* ---- station_report.c ---- */

/** Open the report files and the log folder the options name; 0 or an MTKFW_E_*. */
int report_open(struct station *st);

/** Append a finished phone's row to the report (CSV and JSON lines), flushed. */
void report_row(struct station *st, const struct station_row *r);

/** Close the report files. */
void report_close(struct station *st);

/** Open the slot's log (append) in the log folder, when there is one. */
void report_slot_log(struct station *st, struct slot *sl);

/** An event into the slot's log: its time and message. */
void report_log_event(struct slot *sl, const struct mtkfw_event *ev);

/** The time now in UTC as "2026-12-06T21:10:00Z" into buf. */
const char *station_utc(char *buf, size_t n);

/* ---- station.c ---- */

/** A "slot" event of the station: state, the slot, what happened, for people. */
void station_slot_event(struct station *st, const struct slot *sl, const char *state,
			const char *fmt, ...) MTKFW_PRINTF(4, 5);

#endif
