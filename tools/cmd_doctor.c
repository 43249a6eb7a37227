/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw doctor: what is wrong with this phone, which package fits it, the way back. */
#include <string.h>

#include "render.h"

static const char usage_text[] =
	"usage: mtkfw doctor [--packages DIR]... [--fix] [device options]\n"
	"\n"
	"Look at everything mtkfw can reach of a phone that will not boot and say what is\n"
	"wrong, each finding with its evidence and what to do (docs/dead-phone.md): no\n"
	"port at all (the host: cdc_acm, ModemManager, the udev rule), the link, boot1's\n"
	"preloader (missing, damaged, an EMI table without this phone's eMMC: the classic\n"
	"dead phone after a 'universal' preloader), lk, boot and recovery, the identity\n"
	"partitions and this phone's backups. Every package under --packages is ranked\n"
	"for this phone by the compatibility check, with its reasons. Then the way back\n"
	"as a plan; --fix carries it out (each write saves what it overwrites first;\n"
	"identity only from this phone's own backup) and looks again.\n"
	"\n"
	"  --packages DIR    a folder of packages (folders, ZIP, 7z, scatter files), or one\n"
	"  --fix             carry the plan out\n"
	"exit: 0 nothing wrong (or fixed), 65 problems found, 69 no phone\n" DEV_USAGE;

#define DOCTOR_DIRS 16

struct doctor_args {
	struct dev_args dev;
	const char *dirs[DOCTOR_DIRS];
	size_t n_dirs;
	bool fix;
};

static int parse(int argc, char **argv, struct doctor_args *a)
{
	static const struct option opts[] = {DEV_OPTIONS,
					     {"packages", required_argument, NULL, 'P'},
					     {"fix", no_argument, NULL, 'F'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'P' && a->n_dirs < DOCTOR_DIRS)
			a->dirs[a->n_dirs++] = optarg;
		else if (c == 'P')
			return cli_msg("error: at most %d --packages", DOCTOR_DIRS), EX_USAGE;
		else if (c == 'F')
			a->fix = true;
		else if (dev_option(&a->dev, c, optarg) <= 0)
			return EX_USAGE;
	}
	return optind == argc ? 0 : EX_USAGE;
}

int cmd_doctor(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	struct doctor_args a = {.dev = {.wait_ms = 10000}};
	struct render r = {0};
	struct mtkfw_job *j = NULL;
	struct mtkfw_doctor_opts o = MTKFW_INIT(o);
	struct mtkfw_doctor_result res = MTKFW_INIT(res);
	(void)ctx;
	if (cli_wants_help(argc, argv, usage_text))
		return EX_OK;
	if (parse(argc, argv, &a))
		return fputs(usage_text, stderr), EX_USAGE;
	struct mtkfw_phone_opts po = dev_phone_opts(&a.dev);
	o.packages = a.dirs;
	o.n_packages = a.n_dirs;
	o.fix = a.fix;
	if (dev_job(&a.dev, &r, &j))
		return cli_fail(NULL, MTKFW_E_NO_MEM);
	r.show_plan = !a.dev.json;
	int rc = mtkfw_job_doctor(j, &po, &o, &res);
	dev_job_free(j, &r);
	if (rc)
		return dev_exit(rc);
	if (!*res.cid)
		return EX_UNAVAILABLE;
	return res.problems ? EX_DATAERR : EX_OK;
}
