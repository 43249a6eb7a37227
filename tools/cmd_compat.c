/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw compat: will this package work on this phone? (docs/board.md) */
#include <getopt.h>
#include <string.h>

#include "cli.h"

static const char compat_usage[] =
	"usage: mtkfw compat PKG --port PATH [device options]\n"
	"\n"
	"Before anything is written: compare a package with the connected phone, line\n"
	"by line, each ok / risk / stop with its evidence and what to do. Chip and\n"
	"storage; the package's preloader EMI table against the phone's eMMC (a\n"
	"mismatch is SP Flash Tool's 4032); its preloader's board against the phone's\n"
	"(a foreign preloader); the layout (a plain download onto another one is\n"
	"8038); display, camera and touch drivers the package and the phone both\n"
	"name (none in common: a black screen is likely); the Android version;\n"
	"identity files in the package. Nothing is written.\n"
	"Exit status: 0 no stop, 65 a stop (EX_DATAERR), 69 the phone did not answer.\n"
	"\n" DEV_USAGE;

static json_object *compat_json(const struct mtkfw_compat *c)
{
	json_object *o = json_object_new_object(), *a = json_object_new_array();
	json_object_object_add(o, "verdict",
			       json_object_new_string(mtkfw_compat_level_name(c->verdict)));
	for (size_t i = 0; i < c->n; i++) {
		const struct mtkfw_compat_line *x = &c->lines[i];
		json_object *l = json_object_new_object();
		json_object_object_add(l, "what", json_object_new_string(x->what));
		json_object_object_add(l, "level",
				       json_object_new_string(mtkfw_compat_level_name(x->level)));
		json_object_object_add(l, "evidence", json_object_new_string(x->evidence));
		json_object_object_add(l, "fix", *x->fix ? json_object_new_string(x->fix) : NULL);
		json_object_object_add(l, "spft", x->spft ? json_object_new_int(x->spft) : NULL);
		json_object_array_add(a, l);
	}
	json_object_object_add(o, "lines", a);
	return o;
}

static void compat_print(const struct mtkfw_compat *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct mtkfw_compat_line *x = &c->lines[i];
		printf("%-10s %-4s  %s%s%s\n", x->what, mtkfw_compat_level_name(x->level),
		       x->evidence, *x->fix ? "\n                 -> " : "", x->fix);
	}
	printf("verdict    %s\n",
	       c->verdict == MTKFW_COMPAT_STOP	 ? "stop: do not flash this package"
	       : c->verdict == MTKFW_COMPAT_RISK ? "risk: read the lines above before flashing"
						 : "ok");
}

/* The package's profile. */
static int package_side(struct mtkfw_ctx *ctx, const char *path, struct mtkfw_report **r,
			struct mtkfw_board *b)
{
	struct mtkfw_check_opts co = {0};
	int rc = mtkfw_check_package(ctx, path, &co, r);
	if (rc)
		return cli_fail(ctx, rc);
	if (!mtkfw_report_scatter(*r)) {
		cli_msg("error: %s has no usable scatter: 'mtkfw check %s' says why", path, path);
		return EX_DATAERR;
	}
	return mtkfw_board_from_package(ctx, *r, b) ? cli_fail(ctx, mtkfw_ctx_errcode(ctx)) : 0;
}

/* Connect, profile the phone, compare; the exit status. */
static int phone_side(struct mtkfw_ctx *ctx, struct dev_args *a, const struct mtkfw_report *r,
		      const struct mtkfw_board *pkg)
{
	struct mtkfw_preloader_info pl;
	struct mtkfw_session *s;
	struct mtkfw_layout *l = NULL;
	struct mtkfw_board phone;
	struct mtkfw_compat c;
	uint64_t read = 0;
	int rc = dev_open(ctx, a, cli_board_dram(pkg, &pl), false, &s);
	if (rc)
		return dev_fail(ctx, a, rc);
	rc = dev_layout(ctx, a, s, &l);
	if (!rc)
		rc = mtkfw_board_from_phone(s, l, &phone, &read);
	if (!rc) {
		mtkfw_compat_check(s, l, r, pkg, &phone, &c);
		if (a->json)
			cli_json_print(compat_json(&c));
		else
			compat_print(&c);
		mtkfw_board_free(&phone);
		rc = mtkfw_session_reboot(s);
	}
	mtkfw_layout_free(l);
	mtkfw_session_close(s);
	if (rc)
		return dev_fail(ctx, a, rc);
	return c.verdict == MTKFW_COMPAT_STOP ? EX_DATAERR : EX_OK;
}

int cmd_compat(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		DEV_OPTIONS, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	struct dev_args a = {.wait_ms = 10000};
	int c;
	if (cli_wants_help(argc, argv, compat_usage))
		return EX_OK;
	while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1)
		if (dev_option(&a, c, optarg) <= 0)
			return fputs(compat_usage, stderr), EX_USAGE;
	if (optind + 1 != argc)
		return fputs(compat_usage, stderr), EX_USAGE;
	struct mtkfw_report *r = NULL;
	struct mtkfw_board pkg = {0};
	int rc = package_side(ctx, argv[optind], &r, &pkg);
	if (!rc)
		rc = phone_side(ctx, &a, r, &pkg);
	mtkfw_board_free(&pkg);
	mtkfw_report_free(r);
	return rc;
}
