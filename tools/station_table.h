/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The station's events drawn as a live table (station_table.c). */
#ifndef MTKFW_STATION_TABLE_H
#define MTKFW_STATION_TABLE_H

#include "cli.h"

#define TABLE_LINES_MAX 64

/** One slot's line. */
struct table_line {
	char slot[256], cid[33], step[48], result[96], error[64];
	uint64_t done, total;
	double rate, eta;
};

struct station_table {
	bool json, quiet, tty;
	struct table_line lines[TABLE_LINES_MAX];
	size_t n;
	size_t drawn; /**< lines of the table on the screen */
	double last;  /**< when it was drawn */
};

void station_table_init(struct station_table *t, bool json, bool quiet);

/** A mtkfw_event_cb drawing into t (called one event at a time: the station serialises). */
void station_table_event(void *user, const struct mtkfw_event *ev);

/** The table drawn a last time. */
void station_table_done(struct station_table *t);

#endif
