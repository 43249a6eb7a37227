/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The station drawn: on a terminal a table, one line per slot (slot, CID,
 * step, percent, MB/s, ETA, result), redrawn in place at most ten times a
 * second, with what is not a slot's printed above it; elsewhere one line
 * per slot event; with --json every event's line (render.c).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "station_table.h"

#define REDRAW_EVERY 0.1 /* seconds */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The line of slot id, made when new (NULL: the table is full). */
static struct table_line *line_of(struct station_table *t, const char *id)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->lines[i].slot, id))
			return &t->lines[i];
	if (t->n == TABLE_LINES_MAX)
		return NULL;
	struct table_line *l = &t->lines[t->n++];
	memset(l, 0, sizeof(*l));
	snprintf(l->slot, sizeof(l->slot), "%s", id);
	snprintf(l->result, sizeof(l->result), "waiting");
	return l;
}

/* The slot's last characters: a long USB location path is known by its end. */
static const char *tail(const char *s, size_t n)
{
	size_t len = strlen(s);
	return len > n ? s + len - n : s;
}

/* Move back over the table drawn last, to draw over it. */
static void erase(struct station_table *t)
{
	if (t->drawn)
		printf("\033[%zuA\033[J", t->drawn);
	t->drawn = 0;
}

/* The table: a header and a line per slot, each cut at the terminal's edge (no wrap, so the
 * lines to move back over are the lines drawn). */
static void draw(struct station_table *t)
{
	erase(t);
	printf("\033[?7l"); /* lines longer than the terminal is wide are cut, not wrapped */
	printf("%-24s %-32s %-18s %5s %7s %6s  %s\n", "slot", "CID", "step", "%", "MB/s", "ETA",
	       "result");
	for (size_t i = 0; i < t->n; i++) {
		const struct table_line *l = &t->lines[i];
		char pct[8] = "", rate[12] = "", eta[12] = "";
		if (l->total)
			snprintf(pct, sizeof(pct), "%u", (unsigned)(l->done * 100 / l->total));
		if (l->rate > 0)
			snprintf(rate, sizeof(rate), "%.1f", l->rate / 1e6);
		if (l->eta > 0)
			snprintf(eta, sizeof(eta), "%um%02us", (unsigned)l->eta / 60,
				 (unsigned)l->eta % 60);
		printf("%-24s %-32s %-18.18s %5s %7s %6s  %.60s\n", tail(l->slot, 24), l->cid,
		       l->step, pct, rate, eta, l->result);
	}
	printf("\033[?7h");
	t->drawn = t->n + 1;
	fflush(stdout);
	t->last = now_s();
}

/* A message that belongs to no slot's line: above the table (or, without one, a line). */
static void say(struct station_table *t, FILE *to, const char *fmt, const char *a, const char *b)
{
	if (t->tty)
		erase(t);
	fprintf(to, fmt, a, b);
	fflush(to);
	if (t->tty)
		draw(t);
	fflush(stdout);
}

/* What an event changes in its slot's line; true when it should be seen at once. */
static bool apply(struct table_line *l, const struct mtkfw_event *ev)
{
	if (ev->kind == MTKFW_EVENT_STEP && ev->state && !strcmp(ev->state, "start")) {
		snprintf(l->step, sizeof(l->step), "%s %s", ev->step ? ev->step : "",
			 ev->target ? ev->target : "");
		l->done = l->total = 0;
		l->rate = l->eta = 0;
	} else if (ev->kind == MTKFW_EVENT_PROGRESS) {
		l->done = ev->done;
		l->total = ev->total;
		l->rate = ev->rate;
		l->eta = ev->eta;
	} else if (ev->kind == MTKFW_EVENT_ERROR) {
		snprintf(l->error, sizeof(l->error), "%s", mtkfw_error_name(ev->code));
		if (ev->spft)
			snprintf(l->error + strlen(l->error), sizeof(l->error) - strlen(l->error),
				 " (SP Flash Tool %d)", ev->spft->number);
	} else if (ev->cid && strcmp(ev->name, "slot")) { /* identified, connected */
		snprintf(l->cid, sizeof(l->cid), "%.32s", ev->cid);
	} else if (!strcmp(ev->name, "slot") && ev->state && !strcmp(ev->state, "empty")) {
		char last[sizeof(l->result)];
		snprintf(last, sizeof(last), "%s", l->result);
		bool had = strcmp(last, "waiting") && strncmp(last, "waiting;", 8) &&
			   strcmp(last, "busy");
		snprintf(l->result, sizeof(l->result), "waiting%s%.80s", had ? "; last: " : "",
			 had ? last : "");
		*l->error = 0;
		return true;
	} else if (!strcmp(ev->name, "slot") && ev->state) {
		bool begins = !strcmp(ev->state, "start") || !strcmp(ev->state, "resume");
		snprintf(l->cid, sizeof(l->cid), "%.32s", ev->cid ? ev->cid : "");
		if (begins)
			*l->error = 0;
		snprintf(l->result, sizeof(l->result), "%s%s%s", begins ? "busy" : ev->state,
			 *l->error ? ": " : "", l->error);
		if (!strcmp(ev->state, "done"))
			snprintf(l->step, sizeof(l->step), "identity intact");
		return true;
	}
	return false;
}

void station_table_event(void *user, const struct mtkfw_event *ev)
{
	struct station_table *t = user;
	struct table_line *l = ev->slot ? line_of(t, ev->slot) : NULL;
	bool now = l ? apply(l, ev) : false;
	if (t->json) {
		puts(ev->json);
		fflush(stdout);
		return;
	}
	if (!l) { /* the station's own: waiting, the summary, its error */
		if (ev->message && ev->kind != MTKFW_EVENT_PROGRESS &&
		    ev->kind != MTKFW_EVENT_START && ev->kind != MTKFW_EVENT_END && !t->quiet)
			say(t, ev->kind == MTKFW_EVENT_ERROR ? stderr : stdout, "%s%s\n",
			    ev->kind == MTKFW_EVENT_ERROR ? "error: " : "", ev->message);
		return;
	}
	if (!t->tty) { /* a log: the slot's events, one line each */
		if (!strcmp(ev->name, "slot") || ev->kind == MTKFW_EVENT_ERROR)
			printf("%s\n", ev->message);
		fflush(stdout);
		return;
	}
	if (now || now_s() - t->last >= REDRAW_EVERY)
		draw(t);
}

void station_table_init(struct station_table *t, bool json, bool quiet)
{
	memset(t, 0, sizeof(*t));
	t->json = json;
	t->quiet = quiet;
	t->tty = !json && isatty(STDOUT_FILENO);
}

void station_table_done(struct station_table *t)
{
	if (t->tty && t->n)
		draw(t);
}
