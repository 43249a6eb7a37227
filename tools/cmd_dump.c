/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw scatter-from-device / dump-package / split-dump: packages from a working phone. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "progress.h"

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
	struct dump_args a = {.dev = {.wait_ms = 10000, .events = true}};
	struct mtkfw_device_scatter l;
	struct mtkfw_session *s;
	char *text = NULL;
	if (cli_wants_help(argc, argv, sfd_usage))
		return EX_OK;
	if (parse(argc, argv, &a, true) || optind != argc)
		return fputs(sfd_usage, stderr), EX_USAGE;
	struct mtkfw_layout *lay = NULL;
	int rc = dev_open(ctx, &a.dev, NULL, false, &s);
	if (rc)
		return dev_fail(ctx, &a.dev, rc);
	int err = 0;
	if (!(rc = dev_layout(ctx, &a.dev, s, &lay)) &&
	    !(rc = mtkfw_device_scatter_build(s, lay, false, &l)) &&
	    !(rc = mtkfw_device_scatter_text(&l, &text)) &&
	    (err = mtkfw_write_file_atomic(a.out, text, strlen(text))))
		cli_msg("error: cannot write %s: %s", a.out, strerror(-err));
	if (!rc && !err) {
		dev_event(&a.dev, "done", "wrote %s: %zu partitions of the phone's layout", a.out,
			  l.n);
		rc = mtkfw_session_reboot(s);
	}
	mtkfw_layout_free(lay);
	free(text);
	rc = rc ? dev_fail(ctx, &a.dev, rc) : err ? EX_CANTCREAT : EX_OK;
	mtkfw_session_close(s);
	return rc;
}

static int dump_progress(void *user, uint64_t done, uint64_t total)
{
	return cli_progress_cb(&((struct dump_args *)user)->prog, done, total);
}

static void on_part(void *user, const struct mtkfw_device_row *p)
{
	struct dump_args *a = user;
	cli_progress_done(&a->prog);
	cli_progress_init(&a->prog, "reading", a->dev.json, a->dev.quiet);
	a->prog.label = p->name;
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
	struct dump_args a = {.dev = {.wait_ms = 10000, .events = true}};
	struct mtkfw_device_scatter l;
	struct mtkfw_session *s;
	if (cli_wants_help(argc, argv, dump_usage))
		return EX_OK;
	if (parse(argc, argv, &a, true) || optind != argc)
		return fputs(dump_usage, stderr), EX_USAGE;
	bool zip = cli_endswith(a.out, ".zip");
	char *dir = malloc(strlen(a.out) + 8);
	if (dir)
		sprintf(dir, "%.*s%s", (int)strlen(a.out) - (zip ? 4 : 0), a.out, zip ? ".d" : "");
	struct stat st;
	if (!dir)
		return EX_OSERR;
	if (!stat(a.out, &st)) {
		cli_msg("error: %s already exists: give a new name (nothing is overwritten)",
			a.out);
		free(dir);
		return EX_CANTCREAT;
	}
	int rc = dev_open(ctx, &a.dev, NULL, false, &s);
	if (rc) {
		free(dir);
		return dev_fail(ctx, &a.dev, rc);
	}
	struct mtkfw_dump_opts o = {a.identity, dump_progress, &a, on_part};
	struct mtkfw_layout *lay = NULL;
	cli_progress_init(&a.prog, "reading", a.dev.json, true);
	rc = dev_layout(ctx, &a.dev, s, &lay);
	if (!rc)
		rc = mtkfw_dump_package(s, lay, dir, &o, &l);
	cli_progress_done(&a.prog);
	mtkfw_layout_free(lay);
	if (!rc)
		rc = mtkfw_session_reboot(s);
	mtkfw_session_close(s);
	if (!rc && zip && !(rc = mtkfw_zip_folder(ctx, dir, a.out)))
		cli_remove_flat_dir(dir);
	if (rc) {
		free(dir);
		return dev_fail(ctx, &a.dev, rc);
	}
	uint64_t read = 0;
	for (size_t i = 0; i < l.n; i++)
		read += l.p[i].read_bytes;
	if (!a.dev.json)
		print_layout(&l);
	else
		printf("{\"event\":\"summary\",\"read_bytes\":%" PRIu64 "}\n", read);
	char rs[24];
	dev_event(&a.dev, "done",
		  "wrote %s: a package of this phone%s, %s read from it; 'mtkfw check %s' passes",
		  a.out, a.identity ? " WITH its identity" : " (identity left out)",
		  cli_size(rs, sizeof(rs), read), a.out);
	free(dir);
	return EX_OK;
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
		rc = mtkfw_split_dump(ctx, argv[optind], sc, a.out, dump_progress, &a, &skipped);
	cli_progress_done(&a.prog);
	if (!rc && skipped)
		cli_msg("not in the dump (boot area, reserved, or past its end): %s", skipped);
	if (!rc)
		cli_msg("wrote the partition images of %s into %s", argv[optind], a.out);
	free(skipped);
	mtkfw_scatter_free(sc);
	return rc ? cli_fail(ctx, rc) : EX_OK;
}
