/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Options and session set-up shared by the device commands. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "progress.h"

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

int dev_fail(struct mtkfw_ctx *ctx, const struct dev_args *a, int err)
{
	const char *msg = mtkfw_ctx_errmsg(ctx), *step = mtkfw_ctx_step(ctx);
	const struct cli_spft *s = cli_spft_find(err, step);
	if (a && a->json) {
		json_object *o = json_object_new_object();
		json_object_object_add(o, "event", json_object_new_string("error"));
		json_object_object_add(o, "code", json_object_new_string(mtkfw_error_name(err)));
		json_object_object_add(o, "step", json_object_new_string(step));
		json_object_object_add(o, "message",
				       json_object_new_string(*msg ? msg : mtkfw_strerror(err)));
		json_object_object_add(o, "spft", s ? json_object_new_int(s->number) : NULL);
		json_object_object_add(o, "spft_name",
				       s ? json_object_new_string(s->symbol) : NULL);
		json_object_object_add(o, "fix", s ? json_object_new_string(s->fix) : NULL);
		puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	}
	cli_msg("error%s%s: %s", *step ? " during " : "", step, *msg ? msg : mtkfw_strerror(err));
	if (s)
		cli_msg("SP Flash Tool reports this as %d %s. Usual fix: %s", s->number, s->symbol,
			s->fix);
	return cli_exit_code(err);
}

void dev_event(const struct dev_args *a, const char *event, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (a->json) {
		if (!a->events)
			return;
		json_object *o = json_object_new_object();
		json_object_object_add(o, "event", json_object_new_string(event));
		json_object_object_add(o, "message", json_object_new_string(msg));
		puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
		fflush(stdout);
	} else if (!a->quiet) {
		fprintf(stderr, "mtkfw: %s\n", msg);
	}
}

int dev_open(struct mtkfw_ctx *ctx, struct dev_args *a, const struct mtkfw_preloader_info *pl,
	     bool brom_only, struct mtkfw_session **s)
{
	struct cli_progress prog;
	cli_progress_init(&prog, "loading DA", a->json && a->events,
			  a->quiet || (a->json && !a->events));
	struct mtkfw_session_opts o = {
		.port = a->port,
		.usb = a->usb,
		.wait_ms = a->wait_ms,
		.da_path = a->da,
		.preloader_path = pl ? NULL : a->preloader,
		.preloader = pl,
		.progress = cli_progress_cb,
		.progress_user = &prog,
		.brom_only = brom_only,
		.store = a->store,
	};
	dev_event(a, "connect", "waiting for the phone%s%s", a->port ? " on " : "",
		  a->port ? a->port : "");
	int r = mtkfw_session_open(ctx, &o, s);
	cli_progress_done(&prog);
	if (!r && !brom_only) {
		const struct mtkfw_flash_info *f = mtkfw_session_flash(*s);
		dev_event(a, "connected", "%s in %s mode, DA %u.%u, eMMC user area %llu MiB",
			  mtkfw_session_brom(*s)->chip->name,
			  mtkfw_session_brom(*s)->preloader ? "preloader" : "BROM", f->da_major,
			  f->da_minor, (unsigned long long)(f->user >> 20));
	}
	return r;
}

int dev_layout(struct mtkfw_ctx *ctx, const struct dev_args *a, struct mtkfw_session *s,
	       struct mtkfw_layout **l)
{
	struct mtkfw_layout_opts o = {.store = a->store, .layout_from = a->layout_from};
	int r = mtkfw_layout_establish(s, &o, l);
	if (r)
		return r;
	if ((*l)->state == MTKFW_LAYOUT_GIVEN || (a->layout_from && (*l)->state == MTKFW_LAYOUT_OK))
		dev_event(a, "layout", "the phone's layout is %s", (*l)->basis);
	else if ((*l)->state != MTKFW_LAYOUT_OK)
		dev_event(a, "layout", "warning: the phone's layout is %s: %s",
			  mtkfw_layout_state_name((*l)->state), (*l)->why);
	(void)ctx;
	return 0;
}

const struct mtkfw_preloader_info *cli_board_dram(const struct mtkfw_board *b,
						  struct mtkfw_preloader_info *pl)
{
	memset(pl, 0, sizeof(*pl));
	pl->has_emi = b->n_emi > 0;
	pl->n_emi = b->n_emi;
	memcpy(pl->emi, b->emi, b->n_emi * sizeof(b->emi[0]));
	return pl->has_emi ? pl : NULL;
}
