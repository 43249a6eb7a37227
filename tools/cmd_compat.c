/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw compat: will this package work on this phone? (docs/board.md) */
#include <getopt.h>
#include <string.h>

#include "render.h"

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

int cmd_compat(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		DEV_OPTIONS, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	struct dev_args a = {.wait_ms = 10000};
	struct render r = {0};
	struct mtkfw_job *j = NULL;
	struct mtkfw_firmware *fw = NULL;
	struct mtkfw_phone *p = NULL;
	const struct mtkfw_compat *c = NULL;
	bool stop = false;
	int opt;
	(void)ctx;
	if (cli_wants_help(argc, argv, compat_usage))
		return EX_OK;
	while ((opt = getopt_long(argc, argv, "qh", opts, NULL)) != -1)
		if (dev_option(&a, opt, optarg) <= 0)
			return fputs(compat_usage, stderr), EX_USAGE;
	if (optind + 1 != argc)
		return fputs(compat_usage, stderr), EX_USAGE;
	struct mtkfw_phone_opts po = dev_phone_opts(&a);
	struct mtkfw_firmware_opts fo = MTKFW_INIT(fo);
	int rc = dev_job(&a, &r, &j) ? MTKFW_E_NO_MEM
				     : mtkfw_firmware_open(j, argv[optind], &fo, &fw);
	if (!rc)
		rc = mtkfw_phone_open(j, &po, fw, &p);
	if (!rc)
		rc = mtkfw_job_compat(j, p, fw, &c);
	if (!rc && !a.json)
		compat_print(c);
	if (!rc)
		stop = c->verdict == MTKFW_COMPAT_STOP;
	if (p)
		rc = dev_phone_done(j, p, rc, true);
	mtkfw_firmware_close(fw);
	dev_job_free(j, &r);
	return rc ? dev_exit(rc) : stop ? EX_DATAERR : EX_OK;
}
