/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw reboot: load the DA and reboot the phone normally. */
#include "render.h"

static const char usage_text[] = "usage: mtkfw reboot [device options]\n"
				 "\n"
				 "Connect to the phone and reboot it into Android.\n" DEV_USAGE;

int cmd_reboot(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		DEV_OPTIONS, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	struct dev_args a = {.wait_ms = 10000};
	struct render r = {0};
	struct mtkfw_job *j;
	struct mtkfw_phone *p = NULL;
	int c;
	(void)ctx;
	if (cli_wants_help(argc, argv, usage_text))
		return EX_OK;
	while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1)
		if (dev_option(&a, c, optarg) <= 0)
			return fputs(usage_text, stderr), EX_USAGE;
	if (optind != argc)
		return fputs(usage_text, stderr), EX_USAGE;
	if (dev_job(&a, &r, &j))
		return EX_OSERR;
	struct mtkfw_phone_opts po = dev_phone_opts(&a);
	int rc = mtkfw_phone_open(j, &po, NULL, &p);
	if (!rc)
		rc = mtkfw_phone_close(j, p, true);
	dev_job_free(j, &r);
	return dev_exit(rc);
}
