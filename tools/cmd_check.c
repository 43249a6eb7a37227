/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw check / mtkfw info: validate or describe a firmware package. */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "progress.h"

static const char check_usage[] =
	"usage: mtkfw check PKG [--json] [--chip MT6572] [--scatter NAME] [-q]\n"
	"                 [--convert DIR [--with-identity]]\n"
	"\n"
	"Read every image of a firmware package (folder, ZIP, 7z or tar; or the path\n"
	"of its scatter file) and say whether it is complete and sane, for which chip,\n"
	"what it will write where, and whether it would overwrite the phone's identity.\n"
	"Exit status: 0 no errors, 65 errors found (EX_DATAERR), 66 unreadable package.\n"
	"\n"
	"  --json          findings with stable codes (docs/check.md)\n"
	"  --chip NAME     the phone's chip, if not MT6572 (MT6582, MT6592, ...)\n"
	"  --scatter NAME  which scatter to use when the package holds several\n"
	"  --checksum      compute Checksum.ini byte sums even without a Checksum.ini\n"
	"  --convert DIR   write a clean SP Flash Tool package into DIR: partition dumps\n"
	"                  trimmed to their images, the preloader out of a boot1 dump,\n"
	"                  rows without an image not downloaded, a scatter, Checksum.ini\n"
	"                  (for backups made by MTK Droid Tools and other readback tools)\n"
	"  --with-identity with --convert: carry the backup's identity files too (they\n"
	"                  are that phone's IMEI and calibration: only for that phone)\n"
	"  -q, --quiet     no progress bar\n";

static const char info_usage[] =
	"usage: mtkfw info PKG [--json] [--chip MT6572] [--scatter NAME]\n"
	"\n"
	"Describe a firmware package from its member list and scatter alone: no image\n"
	"is read, so it is fast even on a multi-gigabyte ZIP. 'mtkfw check' reads\n"
	"everything.\n";

struct check_args {
	bool json, quiet, with_identity;
	struct mtkfw_check_opts opts;
	const char *path, *convert;
};

/* Options shared by check and info. 0, or an exit code. */
static int parse(int argc, char **argv, const char *usage, struct check_args *a)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
					     {"chip", required_argument, NULL, 'c'},
					     {"scatter", required_argument, NULL, 's'},
					     {"checksum", no_argument, NULL, 'k'},
					     {"quiet", no_argument, NULL, 'q'},
					     {"convert", required_argument, NULL, 'C'},
					     {"with-identity", no_argument, NULL, 'I'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "jc:s:kqh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			a->json = true;
			break;
		case 'c':
			a->opts.chip = optarg;
			break;
		case 's':
			a->opts.scatter = optarg;
			break;
		case 'k':
			a->opts.bytesum = true;
			break;
		case 'q':
			a->quiet = true;
			break;
		case 'C':
			a->convert = optarg;
			break;
		case 'I':
			a->with_identity = true;
			break;
		default:
			fputs(usage, stderr);
			return EX_USAGE;
		}
	}
	if (optind + 1 != argc || (a->with_identity && !a->convert)) {
		fputs(usage, stderr);
		return EX_USAGE;
	}
	a->path = argv[optind];
	return 0;
}

/* --convert: the clean package, or why not; the exit status of the command. */
static int convert(struct mtkfw_ctx *ctx, const struct check_args *a, struct mtkfw_report *r)
{
	struct mtkfw_convert_result res;
	if (mtkfw_package_convert(ctx, r, a->convert, a->with_identity, &res))
		return cli_fail(ctx, mtkfw_ctx_errcode(ctx));
	char t[24];
	cli_msg("converted: %s, %zu image%s (%s of padding and boot1 header taken off)%s%s; "
		"'mtkfw check %s' passes",
		a->convert, res.images, res.images == 1 ? "" : "s",
		cli_size(t, sizeof(t), res.trimmed_bytes),
		res.left_out ? ", identity files left out" : "",
		a->with_identity ? ", identity carried (--with-identity)" : "", a->convert);
	return EX_OK;
}

/* Run the check and print it; exit status from the verdict. */
static int run(struct mtkfw_ctx *ctx, struct check_args *a, bool images)
{
	struct cli_progress prog;
	a->opts.read_images = images;
	cli_progress_init(&prog, "checking", false, a->quiet || a->json);
	if (images) {
		a->opts.progress = cli_progress_cb;
		a->opts.progress_user = &prog;
	}
	struct mtkfw_report *r;
	int rc = mtkfw_check_package(ctx, a->path, &a->opts, &r);
	cli_progress_done(&prog);
	if (rc)
		return cli_fail(ctx, rc);
	if (a->json)
		cli_json_print(cli_report_json(a->path, r));
	else
		cli_report_print(a->path, r, images);
	int code = mtkfw_report_count(r, MTKFW_SEV_ERROR) ? EX_DATAERR : EX_OK;
	if (a->convert)
		code = convert(ctx, a, r);
	mtkfw_report_free(r);
	return code;
}

int cmd_check(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	struct check_args a = {0};
	if (cli_wants_help(argc, argv, check_usage))
		return EX_OK;
	int rc = parse(argc, argv, check_usage, &a);
	return rc ? rc : run(ctx, &a, true);
}

int cmd_info(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	struct check_args a = {0};
	if (cli_wants_help(argc, argv, info_usage))
		return EX_OK;
	int rc = parse(argc, argv, info_usage, &a);
	return rc ? rc : run(ctx, &a, false);
}
