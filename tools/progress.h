/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Progress drawing for the CLI: a bar with rate and ETA on a TTY, plain lines otherwise. */
#ifndef MTKFW_PROGRESS_H
#define MTKFW_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

struct cli_progress {
	const char *label;
	bool tty, json, quiet;
	double start, last_draw;
	int last_pct;
	uint64_t done, total;
};

/** Prepare progress output for label; decides TTY/plain/JSON from stderr and flags. */
void cli_progress_init(struct cli_progress *p, const char *label, bool json, bool quiet);

/** mtkfw_progress_cb-compatible: draw at most 10 times a second. Never cancels. */
int cli_progress_cb(void *user, uint64_t done, uint64_t total);

/** Finish the line (TTY) and print the final rate. */
void cli_progress_done(struct cli_progress *p);

/** Monotonic seconds. */
double cli_now(void);

#endif
