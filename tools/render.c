/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Events drawn for people or printed as JSON lines (render.h). */
#include <stdio.h>
#include <string.h>

#include "render.h"

/* A progress line in the middle of a message would be overwritten: end it first. */
static void end_progress(struct render *r)
{
	if (r->in_progress)
		cli_progress_done(&r->prog);
	r->in_progress = false;
}

/* A PROGRESS event: a bar on a terminal, percent lines otherwise. */
static void draw_progress(struct render *r, const struct mtkfw_event *ev)
{
	const char *label = ev->target ? ev->target : ev->step;
	if (!r->in_progress || strcmp(r->prog.label ? r->prog.label : "", label ? label : "")) {
		end_progress(r);
		cli_progress_init(&r->prog, NULL, false, r->quiet);
		snprintf(r->label, sizeof(r->label), "%s", label ? label : "");
		r->prog.label = r->label;
		r->in_progress = true;
	}
	cli_progress_cb(&r->prog, ev->done, ev->total);
}

/* The error and its SP Flash Tool equivalent, for people. */
static void draw_error(const struct mtkfw_event *ev)
{
	const char *step = ev->step ? ev->step : "";
	cli_msg("error%s%s: %s", *step ? " during " : "", step, ev->message);
	if (ev->spft)
		cli_msg("SP Flash Tool reports this as %d %s. Usual fix: %s", ev->spft->number,
			ev->spft->symbol, ev->spft->fix);
}

/* Keep the RESULT's fields for the command's own output. */
static void keep_result(struct render *r, const struct mtkfw_event *ev)
{
	if (r->result)
		json_object_put(r->result);
	r->result = json_tokener_parse(ev->json);
}

void render_event(void *user, const struct mtkfw_event *ev)
{
	struct render *r = user;
	if (ev->kind == MTKFW_EVENT_RESULT)
		keep_result(r, ev);
	if (ev->kind == MTKFW_EVENT_ERROR)
		r->code = ev->code;
	if (r->json) {
		puts(ev->json);
		fflush(stdout);
		return;
	}
	if (ev->kind != MTKFW_EVENT_PROGRESS)
		end_progress(r);
	switch (ev->kind) {
	case MTKFW_EVENT_PROGRESS:
		if (!r->quiet)
			draw_progress(r, ev);
		break;
	case MTKFW_EVENT_STEP:
		if (!r->quiet && strcmp(ev->state, "start"))
			cli_msg("%s", ev->message);
		break;
	case MTKFW_EVENT_INFO:
		if (!strcmp(ev->name, "plan") || !strcmp(ev->name, "finding") ||
		    !strcmp(ev->name, "rank")) { /* what a command is for: its stdout */
			if (r->show_plan || strcmp(ev->name, "plan"))
				printf("%s\n", ev->message);
			fflush(stdout);
		} else if (!r->quiet) {
			cli_msg("%s", ev->message);
		}
		break;
	case MTKFW_EVENT_WARNING:
		cli_msg("[warning] %s", ev->message);
		break;
	case MTKFW_EVENT_COMPAT:
		if (r->compat_lines && !r->quiet)
			cli_msg("%s", ev->message);
		break;
	case MTKFW_EVENT_ERROR:
		draw_error(ev);
		break;
	default:
		break;
	}
}

void render_clear(struct render *r)
{
	end_progress(r);
	if (r->result)
		json_object_put(r->result);
	r->result = NULL;
}
