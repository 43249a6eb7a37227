/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw demo-package DIR: a synthetic MT6572 firmware package (testkit/demo_package.c builds it).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "demo.h"

static const char usage_text[] =
	"usage: mtkfw demo-package DIR [--archive FILE] [--data MB] [--emi-cid HEX]...\n"
	"\n"
	"Build a synthetic MT6572 firmware package in DIR: V1.1.1 scatter, GFH preloader\n"
	"with an EMI table, lk and logo with MTK headers, boot and recovery images,\n"
	"MBR/EBR1, sparse ext4 system/cache/userdata (mke2fs -d + img2simg) and a\n"
	"Checksum.ini. Nothing in it comes from a vendor.\n"
	"\n"
	"  --archive FILE    also pack it as FILE (.zip, .7z, .tar, .tar.gz, .tar.xz)\n"
	"  --data MB         pseudo-random data to put in the filesystems (default 4; it\n"
	"                    fills system.img first, then userdata.img and cache.img,\n"
	"                    up to 1500 MiB: how the bench makes a >= 1 GiB package)\n"
	"  --emi-cid HEX     eMMC CID prefix (9 bytes) the preloader supports; repeat\n"
	"                    for several (default: Toshiba 110100303034473930, SanDisk\n"
	"                    45010053454D303447, as reported by real MT6572 phones)\n"
	"  --project NAME    project name (default mtkfw_demo)\n"
	"  --shift MB        move every partition after EBR1 by MB (another layout)\n"
	"  --compact         smaller filesystems (system 128 MiB, cache and userdata\n"
	"                    64 MiB; 400 MiB of user area hold it): quick tests\n"
	"  --lcm NAMES       the display drivers lk and the kernel name, comma-separated\n"
	"                    (another board's panel; default hx8379c_fwvga_dsi_vdo,...)\n"
	"  --seed N          seed of the filler bytes (default 1)\n";

static bool parse_cid(const char *hex, uint8_t out[9])
{
	if (strlen(hex) != 18)
		return false;
	for (int i = 0; i < 9; i++) {
		unsigned v;
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return false;
		out[i] = (uint8_t)v;
	}
	return true;
}

static int parse_opts(int argc, char **argv, struct demo_opts *o, const char **archive)
{
	static const struct option opts[] = {{"archive", required_argument, NULL, 'a'},
					     {"data", required_argument, NULL, 'd'},
					     {"emi-cid", required_argument, NULL, 'e'},
					     {"project", required_argument, NULL, 'p'},
					     {"seed", required_argument, NULL, 's'},
					     {"help", no_argument, NULL, 'h'},
					     {"shift", required_argument, NULL, 'S'},
					     {"lcm", required_argument, NULL, 'L'},
					     {"compact", no_argument, NULL, 'C'},
					     {NULL, 0, NULL, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "a:d:e:p:s:h", opts, NULL)) != -1) {
		if (c == 'a')
			*archive = optarg;
		else if (c == 'd')
			o->system_data = strtoull(optarg, NULL, 10) << 20;
		else if (c == 'e' && o->n_emi < DEMO_MAX_EMI &&
			 parse_cid(optarg, o->emi_cid[o->n_emi]))
			o->n_emi++;
		else if (c == 'p')
			o->project = optarg;
		else if (c == 's')
			o->seed = (uint32_t)strtoul(optarg, NULL, 0);
		else if (c == 'S')
			demo_layout_shift(strtoull(optarg, NULL, 10) << 20);
		else if (c == 'L')
			o->lcm = optarg;
		else if (c == 'C')
			demo_layout_compact(true);
		else {
			if (c == 'e')
				cli_msg("error: --emi-cid wants 18 hex digits (MID CBX OID PNM), got '%s'",
					optarg);
			fputs(usage_text, stderr);
			return EX_USAGE;
		}
	}
	if (optind + 1 != argc) {
		fputs(usage_text, stderr);
		return EX_USAGE;
	}
	o->dir = argv[optind];
	return 0;
}

int cmd_demo_package(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	struct demo_opts o = {.project = "mtkfw_demo", .system_data = 4 << 20, .seed = 1};
	const char *archive = NULL;
	(void)ctx;
	if (cli_wants_help(argc, argv, usage_text))
		return EX_OK;
	int r = parse_opts(argc, argv, &o, &archive);
	if (r)
		return r;
	if (o.system_data > (1500ull << 20)) {
		cli_msg("error: --data: at most 1500 MiB fit in the demo's filesystems");
		return EX_USAGE;
	}
	if (!o.n_emi) {
		parse_cid("110100303034473930", o.emi_cid[0]);
		parse_cid("45010053454D303447", o.emi_cid[1]);
		o.n_emi = 2;
	}
	if ((r = demo_package(&o, archive)))
		return r;
	printf("demo package: %s (MT6572_Android_scatter.txt, project %s)%s%s\n", o.dir, o.project,
	       archive ? ", archive " : "", archive ? archive : "");
	return EX_OK;
}
