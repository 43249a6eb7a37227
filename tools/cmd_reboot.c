/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw reboot: load the DA and reboot the phone normally. */
#include "cli.h"

static const char usage_text[] = "usage: mtkfw reboot [device options]\n"
				 "\n"
				 "Connect to the phone and reboot it into Android.\n" DEV_USAGE;

int cmd_reboot(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		DEV_OPTIONS, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	struct dev_args a = {.wait_ms = 10000, .events = true};
	int c;
	if (cli_wants_help(argc, argv, usage_text))
		return EX_OK;
	while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1)
		if (dev_option(&a, c, optarg) <= 0)
			return fputs(usage_text, stderr), EX_USAGE;
	if (optind != argc)
		return fputs(usage_text, stderr), EX_USAGE;
	struct mtkfw_session *s;
	int r = dev_open(ctx, &a, NULL, false, &s);
	if (!r)
		r = mtkfw_session_reboot(s);
	if (!r)
		dev_event(&a, "done", "the phone reboots");
	mtkfw_session_close(s);
	return r ? dev_fail(ctx, &a, r) : EX_OK;
}
