/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw flash: write a firmware package to the phone, identity kept (mtkfw_job_flash). */
#include <string.h>

#include "render.h"

static const char usage_text[] =
	"usage: mtkfw flash PKG [--mode download|upgrade|format-all] [--only NAMES]\n"
	"                   [--skip NAMES] [--verify] [--dry-run] [--resume] [--no-reboot]\n"
	"                   [--write-identity] [--force-compat WHAT] [device options]\n"
	"\n"
	"Write a firmware package (folder, ZIP, 7z, tar) to the phone. Before anything\n"
	"is written, the phone's identity (NVRAM, PRO_INFO, PROTECT_F/S, SECCFG) is backed\n"
	"up and verified; after every mode it is compared by hash with that backup.\n"
	"Nothing is written unless the phone's own sources agree where its identity is\n"
	"(docs/identity.md), nor when the package is for another chip or board: its\n"
	"profile is compared with the phone's first, as 'mtkfw compat' does; risks are\n"
	"told, stops refused (docs/board.md).\n"
	"\n"
	"  --mode download    images only; the package layout must equal the phone's\n"
	"                     (else SP Flash Tool's 8038): the default\n"
	"  --mode upgrade     new layout (PMT), images, identity restored where it now is\n"
	"  --mode format-all  erase the user area (identity kept), write everything\n"
	"  --only NAMES       only these partitions (comma-separated)\n"
	"  --skip NAMES       not these\n"
	"  --verify           read every written range back and compare SHA-256\n"
	"  --dry-run          print the plan (each region, address, length, source) and stop\n"
	"  --resume           continue an interrupted flash from its journal, in its mode\n"
	"                     (the same package, wherever it now is; nothing interrupted:\n"
	"                     the flash starts from the beginning)\n"
	"  --no-reboot        leave the phone in download mode at the end\n"
	"  --write-identity   also write identity partitions the package carries (a\n"
	"                     full dump of *this* phone); off by default\n"
	"  --force-compat WHAT  flash past these 'stop' lines of the compatibility\n"
	"                     check (comma-separated: chip, storage, preloader)\n" DEV_USAGE;

struct flash_args {
	struct dev_args dev;
	const char *pkg;
	struct mtkfw_flash_job_opts o;
	bool no_reboot;
};

static int parse(int argc, char **argv, struct flash_args *f)
{
	static const struct option opts[] = {DEV_OPTIONS,
					     {"mode", required_argument, NULL, 'm'},
					     {"only", required_argument, NULL, 'o'},
					     {"skip", required_argument, NULL, 's'},
					     {"verify", no_argument, NULL, 'v'},
					     {"dry-run", no_argument, NULL, 'n'},
					     {"resume", no_argument, NULL, 'r'},
					     {"no-reboot", no_argument, NULL, 'R'},
					     {"write-identity", no_argument, NULL, 'I'},
					     {"force-compat", required_argument, NULL, 'F'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int c, m;
	while ((c = getopt_long(argc, argv, "m:o:s:vnrqh", opts, NULL)) != -1) {
		if (c == 'm' && (m = mtkfw_flash_mode_by_name(optarg)) < 0) {
			cli_msg("error: --mode is download, upgrade or format-all, not '%s'",
				optarg);
			return EX_USAGE;
		} else if (c == 'm') {
			f->o.mode = (enum mtkfw_flash_mode)m;
		} else if (c == 'o') {
			f->o.only = optarg;
		} else if (c == 's') {
			f->o.skip = optarg;
		} else if (c == 'v') {
			f->o.verify = true;
		} else if (c == 'n') {
			f->o.dry_run = true;
		} else if (c == 'F') {
			f->o.force_compat = optarg;
		} else if (c == 'r') {
			f->o.resume = true;
		} else if (c == 'R') {
			f->no_reboot = true;
		} else if (c == 'I') {
			f->o.write_identity = true;
		} else if (dev_option(&f->dev, c, optarg) <= 0) {
			return EX_USAGE;
		}
	}
	if (optind + 1 != argc)
		return EX_USAGE;
	f->pkg = argv[optind];
	return 0;
}

int cmd_flash(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	struct flash_args f = {.dev = {.wait_ms = 10000}, .o = MTKFW_INIT(f.o)};
	struct render r = {0};
	struct mtkfw_job *j = NULL;
	struct mtkfw_firmware *fw = NULL;
	struct mtkfw_phone *p = NULL;
	struct mtkfw_flash_job_result res = MTKFW_INIT(res);
	(void)ctx;
	if (cli_wants_help(argc, argv, usage_text))
		return EX_OK;
	if (parse(argc, argv, &f))
		return fputs(usage_text, stderr), EX_USAGE;
	struct mtkfw_phone_opts po = dev_phone_opts(&f.dev);
	struct mtkfw_firmware_opts fo = MTKFW_INIT(fo);
	int rc = dev_job(&f.dev, &r, &j) ? MTKFW_E_NO_MEM : mtkfw_firmware_open(j, f.pkg, &fo, &fw);
	r.show_plan = (f.o.dry_run || !f.dev.quiet) && !f.dev.json;
	r.compat_lines = true;
	if (!rc)
		rc = mtkfw_phone_open(j, &po, fw, &p);
	if (!rc)
		rc = mtkfw_job_flash(j, p, fw, &f.o, &res);
	if (p)
		rc = dev_phone_done(j, p, rc, !f.no_reboot);
	mtkfw_firmware_close(fw);
	dev_job_free(j, &r);
	return dev_exit(rc);
}
