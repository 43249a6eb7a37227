/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Drawing a job's events (mtkfw/job.h): with --json each event's line as it
 * comes; otherwise progress bars, messages and errors for people. The
 * commands build nothing of their own: what they print comes from events.
 */
#ifndef MTKFW_RENDER_H
#define MTKFW_RENDER_H

#include "cli.h"
#include "progress.h"

struct render {
	bool json, quiet;
	bool show_plan;	   /**< print the flash plan ("plan" events) on stdout */
	bool compat_lines; /**< print COMPAT events (flash: risks) */
	struct cli_progress prog;
	char label[100]; /**< the progress bar's */
	bool in_progress;
	json_object *result; /**< the last RESULT event's fields (parsed), or NULL */
	int code;	     /**< the last ERROR event's code */
};

/** A mtkfw_event_cb drawing into r. */
void render_event(void *user, const struct mtkfw_event *ev);

/** Forget the last result. */
void render_clear(struct render *r);

#endif
