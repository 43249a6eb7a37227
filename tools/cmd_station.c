/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw station: one package onto every phone plugged in, many at once (mtkfw_station_run). */
#include <string.h>

#include "mtkfw/station.h"
#include "station_table.h"

static const char usage_text[] =
	"usage: mtkfw station PKG [--mode download|upgrade|format-all] [--slots auto|LIST]\n"
	"                     [--max N] [--count N] [--report FILE] [--logs DIR] [--verify]\n"
	"                     [--rejoin SECONDS] [--force-compat WHAT] [device options]\n"
	"\n"
	"Check the package once (a package with errors is refused before any phone), then\n"
	"flash every phone that appears in download mode, each in its slot: the USB place\n"
	"it is plugged into, not its port name. Each phone gets what 'mtkfw flash' gives\n"
	"one: the compat check, its identity backed up first and checked after. A phone's\n"
	"failure fails its slot only; a phone that drops off mid-flash and is plugged back\n"
	"into the same slot continues. Ctrl-C stops every flash between packets, resumable\n"
	"(docs/station.md).\n"
	"\n"
	"  --slots auto       every MediaTek phone on USB (the default)\n"
	"  --slots LIST       comma-separated USB places (1-2.3; Windows: location paths)\n"
	"                     or port paths, globs allowed ('/tmp/phones/ttyACM*')\n"
	"  --max N            phones at once (default: every slot)\n"
	"  --count N          stop after N phones (default: until Ctrl-C)\n"
	"  --mode MODE        as 'mtkfw flash' (default download)\n"
	"  --verify           read every written range back\n"
	"  --report FILE      a row per phone in FILE.csv and FILE.jsonl\n"
	"  --logs DIR         a log per slot\n"
	"  --rejoin SECONDS   how long a phone that dropped off may take to come back (60)\n"
	"  --force-compat WHAT  as 'mtkfw flash'\n"
	"device options, except --port, --usb and --layout-from (a station's phones come\n"
	"from its slots; each phone's layout is its own):\n" DEV_USAGE;

struct station_args {
	struct dev_args dev;
	const char *pkg;
	struct mtkfw_station_opts o;
};

/* A whole number of at least min for option what: false (said) when it is not. */
static bool count_arg(const char *what, const char *s, unsigned min, unsigned *out)
{
	uint64_t v;
	if (!cli_number(what, s, &v))
		return false;
	if (v < min || v > 100000) {
		cli_msg("error: %s must be between %u and 100000, not %s", what, min, s);
		return false;
	}
	*out = (unsigned)v;
	return true;
}

static int parse(int argc, char **argv, struct station_args *a)
{
	static const struct option opts[] = {DEV_OPTIONS,
					     {"mode", required_argument, NULL, 'm'},
					     {"slots", required_argument, NULL, 's'},
					     {"max", required_argument, NULL, 'M'},
					     {"count", required_argument, NULL, 'c'},
					     {"report", required_argument, NULL, 'r'},
					     {"logs", required_argument, NULL, 'l'},
					     {"verify", no_argument, NULL, 'v'},
					     {"rejoin", required_argument, NULL, 'j'},
					     {"force-compat", required_argument, NULL, 'F'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int c, m;
	bool ok = true;
	while (ok && (c = getopt_long(argc, argv, "m:vqh", opts, NULL)) != -1) {
		if (c == 'm' && (m = mtkfw_flash_mode_by_name(optarg)) < 0) {
			cli_msg("error: --mode is download, upgrade or format-all, not '%s'",
				optarg);
			ok = false;
		} else if (c == 'm') {
			a->o.mode = (enum mtkfw_flash_mode)m;
		} else if (c == 's') {
			a->o.slots = optarg;
		} else if (c == 'M') {
			ok = count_arg("--max", optarg, 1, &a->o.max);
		} else if (c == 'c') {
			ok = count_arg("--count", optarg, 1, &a->o.count);
		} else if (c == 'r') {
			a->o.report = optarg;
		} else if (c == 'l') {
			a->o.log_dir = optarg;
		} else if (c == 'v') {
			a->o.verify = true;
		} else if (c == 'j') {
			ok = cli_seconds("--rejoin", optarg, &a->o.rejoin_ms);
		} else if (c == 'F') {
			a->o.force_compat = optarg;
		} else {
			ok = dev_option(&a->dev, c, optarg) > 0;
		}
	}
	if (!ok || optind + 1 != argc)
		return EX_USAGE;
	a->pkg = argv[optind];
	return 0;
}

int cmd_station(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	struct station_args a = {.dev = {.wait_ms = 10000}, .o = MTKFW_INIT(a.o)};
	struct station_table t;
	struct mtkfw_job *j = NULL;
	struct mtkfw_firmware *fw = NULL;
	struct mtkfw_firmware_opts fo = MTKFW_INIT(fo);
	struct mtkfw_station_result res = MTKFW_INIT(res);
	(void)ctx;
	if (cli_wants_help(argc, argv, usage_text))
		return EX_OK;
	if (parse(argc, argv, &a))
		return fputs(usage_text, stderr), EX_USAGE;
	if (a.dev.port || a.dev.usb || a.dev.layout_from) {
		cli_msg("error: a station finds its phones in --slots; --port, --usb and "
			"--layout-from are for one phone ('mtkfw flash')");
		return EX_USAGE;
	}
	a.o.da = a.dev.da;
	a.o.wait_ms = a.dev.wait_ms;
	fo.unpack = true; /* an archive inflated once, not once per phone */
	station_table_init(&t, a.dev.json, a.dev.quiet);
	int rc = dev_job_to(&a.dev, station_table_event, &t, &j)
			 ? MTKFW_E_NO_MEM
			 : mtkfw_firmware_open(j, a.pkg, &fo, &fw);
	if (!rc)
		rc = mtkfw_station_run(j, fw, &a.o, &res);
	station_table_done(&t);
	mtkfw_firmware_close(fw);
	dev_job_free_sink(j);
	if (!rc && res.failed)
		return EX_TEMPFAIL; /* the station ran; some phones failed (the report says which)
				     */
	return dev_exit(rc);
}
