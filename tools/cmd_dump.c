/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw scatter-from-device / dump-package / split-dump: packages from a working phone. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render.h"

static const char sfd_usage[] =
	"usage: mtkfw scatter-from-device -o FILE [device options]\n"
	"\n"
	"Read the phone's partition table (PMT) and write it as a V1.1.1 scatter file that\n"
	"SP Flash Tool and mtkfw load. Identity partitions (NVRAM, PRO_INFO, PROTECT_F/S,\n"
	"SECCFG) are marked not downloadable.\n" DEV_USAGE;

static const char dump_usage[] =
	"usage: mtkfw dump-package -o DIR|FILE.zip [--with-identity] [device options]\n"
	"\n"
	"Make a flashable package of this phone: its scatter, the preloader taken out of\n"
	"boot1 (without the EMMC_BOOT header), every partition's image cut to what its\n"
	"header says (ext4 as Android sparse images, other data to its last non-zero byte;\n"
	"empty partitions left out) and a Checksum.ini. The result passes 'mtkfw check'.\n"
	"\n"
	"  -o DIR|FILE.zip   a new folder, or a ZIP (built from a folder beside it)\n"
	"  --with-identity   also include NVRAM, PRO_INFO, PROTECT_F/S, SECCFG (this phone's\n"
	"                    IMEI and calibration: never flash them onto another phone)\n" DEV_USAGE;

static const char split_usage[] =
	"usage: mtkfw split-dump FULL.bin --scatter FILE -o DIR\n"
	"\n"
	"Split a full dump of the user area (a readback from address 0, such as SP Flash\n"
	"Tool's ROM_0 or 'mtkfw readback --full') into one image per partition of the\n"
	"scatter, named by its file_name (else NAME.bin). Zero blocks stay holes.\n";

struct dump_args {
	struct dev_args dev;
	const char *out, *scatter;
	bool identity;
	struct cli_progress prog;
};

static int parse(int argc, char **argv, struct dump_args *a, bool device)
{
	static const struct option opts[] = {DEV_OPTIONS,
					     {"output", required_argument, NULL, 'o'},
					     {"with-identity", no_argument, NULL, 'I'},
					     {"scatter", required_argument, NULL, 's'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "o:s:qh", opts, NULL)) != -1) {
		if (c == 'o')
			a->out = optarg;
		else if (c == 'I' && device)
			a->identity = true;
		else if (c == 's' && !device)
			a->scatter = optarg;
		else if (!device || dev_option(&a->dev, c, optarg) <= 0)
			return EX_USAGE;
	}
	return a->out ? 0 : EX_USAGE;
}

int cmd_scatter_from_device(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	struct dump_args a = {.dev = {.wait_ms = 10000}};
	struct render r = {0};
	struct mtkfw_job *j = NULL;
	struct mtkfw_phone *p = NULL;
	(void)ctx;
	if (cli_wants_help(argc, argv, sfd_usage))
		return EX_OK;
	if (parse(argc, argv, &a, true) || optind != argc)
		return fputs(sfd_usage, stderr), EX_USAGE;
	struct mtkfw_phone_opts po = dev_phone_opts(&a.dev);
	int rc = dev_job(&a.dev, &r, &j) ? MTKFW_E_NO_MEM : mtkfw_phone_open(j, &po, NULL, &p);
	if (!rc)
		rc = mtkfw_job_scatter_from_device(j, p, a.out, NULL);
	if (p)
		rc = dev_phone_done(j, p, rc, true);
	dev_job_free(j, &r);
	return dev_exit(rc);
}

/* Print what the dump holds, one line per partition. */
static void print_layout(const struct mtkfw_device_scatter *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct mtkfw_device_row *p = &l->p[i];
		char sz[24];
		printf("  %-10s %-24s %10s  %s\n", p->name, *p->file ? p->file : "-",
		       *p->file ? cli_size(sz, sizeof(sz), p->image_bytes) : "",
		       p->identity && !*p->file ? "identity: left out"
		       : p->reserved		? "reserved"
		       : !*p->file		? "empty: left out"
						: mtkfw_image_kind_name(p->kind));
	}
}

int cmd_dump_package(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	struct dump_args a = {.dev = {.wait_ms = 10000}};
	const struct mtkfw_device_scatter *l = NULL;
	struct render r = {0};
	struct mtkfw_job *j = NULL;
	struct mtkfw_phone *p = NULL;
	(void)ctx;
	if (cli_wants_help(argc, argv, dump_usage))
		return EX_OK;
	if (parse(argc, argv, &a, true) || optind != argc)
		return fputs(dump_usage, stderr), EX_USAGE;
	struct mtkfw_phone_opts po = dev_phone_opts(&a.dev);
	struct mtkfw_dump_job_opts o = MTKFW_INIT(o);
	o.out = a.out;
	o.with_identity = a.identity;
	int rc = dev_job(&a.dev, &r, &j) ? MTKFW_E_NO_MEM : mtkfw_phone_open(j, &po, NULL, &p);
	if (!rc)
		rc = mtkfw_job_dump_package(j, p, &o, &l);
	if (!rc && !a.dev.json)
		print_layout(l);
	if (p)
		rc = dev_phone_done(j, p, rc, true);
	dev_job_free(j, &r);
	return dev_exit(rc);
}

int cmd_split_dump(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	struct dump_args a = {0};
	struct mtkfw_scatter *sc = NULL;
	char *skipped = NULL;
	if (cli_wants_help(argc, argv, split_usage))
		return EX_OK;
	if (parse(argc, argv, &a, false) || optind + 1 != argc || !a.scatter)
		return fputs(split_usage, stderr), EX_USAGE;
	int rc = mtkfw_scatter_load(ctx, a.scatter, &sc);
	cli_progress_init(&a.prog, "splitting", false, false);
	if (!rc)
		rc = mtkfw_split_dump(ctx, argv[optind], sc, a.out, cli_progress_cb, &a.prog,
				      &skipped);
	cli_progress_done(&a.prog);
	if (!rc && skipped)
		cli_msg("not in the dump (boot area, reserved, or past its end): %s", skipped);
	if (!rc)
		cli_msg("wrote the partition images of %s into %s", argv[optind], a.out);
	free(skipped);
	mtkfw_scatter_free(sc);
	return rc ? cli_fail(ctx, rc) : EX_OK;
}
