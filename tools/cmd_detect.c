/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw detect: what phone is connected, in what mode, with what memory and layout. */
#include <inttypes.h>
#include <string.h>

#include "render.h"

static const char usage_text[] =
	"usage: mtkfw detect [--no-da] [device options]\n"
	"\n"
	"Find the phone and report its chip, boot mode, versions, security configuration\n"
	"and ME_ID; then load the DA and report the eMMC (CID, vendor, boot1/boot2/rpmb/\n"
	"user sizes), the RAM size, the partition table (PMT) and where the phone's\n"
	"identity is by all its sources (docs/identity.md). The phone reboots at the\n"
	"end. In BROM mode the DA needs DRAM settings: --preloader FILE.\n"
	"\n"
	"  --no-da           stop after the BROM/preloader identification\n" DEV_USAGE;

/* The phone: chip, versions, security, ME_ID. */
static void print_phone(json_object *d)
{
	json_object *sec = cli_jobj(d, "security");
	printf("port       %s\nchip       %s (hw code 0x%04" PRIx64 "), %s mode\n",
	       cli_jstr(d, "port"), cli_jstr(d, "chip"), cli_jnum(d, "hw_code"),
	       strcmp(cli_jstr(d, "mode"), "brom") ? "preloader" : "BROM");
	printf("versions   hw sub 0x%04" PRIx64 ", hw 0x%04" PRIx64 ", sw 0x%04" PRIx64
	       ", BL 0x%02" PRIx64 ", BROM 0x%02" PRIx64 "\n",
	       cli_jnum(d, "hw_sub"), cli_jnum(d, "hw_ver"), cli_jnum(d, "sw_ver"),
	       cli_jnum(d, "bl_ver"), cli_jnum(d, "brom_ver"));
	printf("security   SBC %s, SLA %s, DAA %s\nME_ID      %s\n",
	       cli_jbool(sec, "sbc") ? "on" : "off", cli_jbool(sec, "sla") ? "on" : "off",
	       cli_jbool(sec, "daa") ? "on" : "off", cli_jstr(d, "me_id"));
}

/* The eMMC and RAM. */
static void print_emmc(json_object *d, json_object *m)
{
	char a[24], c[24], e[24], f[24], ram[24];
	const char *v = cli_jstr(m, "vendor");
	printf("DA         %s\neMMC       CID %s (%s %s)\n", cli_jstr(d, "da_version"),
	       cli_jstr(m, "cid"), *v ? v : "unknown vendor", cli_jstr(m, "product"));
	printf("           boot1 %s, boot2 %s, rpmb %s, user %s (0x%" PRIx64 ")\nRAM        %s\n",
	       cli_size(a, sizeof(a), cli_jnum(m, "boot1")),
	       cli_size(c, sizeof(c), cli_jnum(m, "boot2")),
	       cli_size(e, sizeof(e), cli_jnum(m, "rpmb")),
	       cli_size(f, sizeof(f), cli_jnum(m, "user")), cli_jnum(m, "user"),
	       cli_size(ram, sizeof(ram), cli_jnum(d, "ram_size")));
}

/* The PMT as the DA gave it. */
static void print_pmt(json_object *d)
{
	json_object *pmt = cli_jobj(d, "pmt");
	size_t n = pmt ? json_object_array_length(pmt) : 0;
	char a[24];
	if (!strcmp(cli_jstr(d, "pmt_state"), "unreadable"))
		printf("\npartition table (PMT): unreadable, not used: %s\n",
		       cli_jstr(d, "pmt_why"));
	else if (!strcmp(cli_jstr(d, "pmt_state"), "empty"))
		printf("\npartition table (PMT): none (a blank or wiped table)\n");
	else
		printf("\npartition table (PMT, %zu entries, %s%s)\n", n, cli_jstr(d, "pmt_form"),
		       cli_jbool(d, "pmt_sorted") ? "" : ", out of address order");
	for (size_t i = 0; i < n; i++) {
		json_object *p = json_object_array_get_idx(pmt, i);
		printf("  %-12s 0x%-12" PRIx64 " 0x%-12" PRIx64 " %s%s%s%s\n", cli_jstr(p, "name"),
		       cli_jnum(p, "offset"), cli_jnum(p, "size"),
		       cli_size(a, sizeof(a), cli_jnum(p, "size")),
		       mtkfw_is_identity_partition(cli_jstr(p, "name")) ? "  (identity)" : "",
		       cli_jbool(p, "reserved") ? "  (reserved, counted from the end)" : "",
		       cli_jbool(p, "grown") ? "  (grown to the end)" : "");
	}
}

/* Where the identity is, or why nothing says. */
static void print_layout(json_object *l)
{
	json_object *id = cli_jobj(l, "identity");
	const char *state = cli_jstr(l, "state");
	char a[24];
	printf("\nidentity   %s", state);
	if (strcmp(state, "ok") && strcmp(state, "given")) {
		printf(": %s\n", cli_jstr(l, "why"));
		return;
	}
	printf(" (%s)\n", cli_jstr(l, "basis"));
	for (size_t i = 0; id && i < json_object_array_length(id); i++) {
		json_object *c = json_object_array_get_idx(id, i);
		printf("  %-12s %s+0x%-12" PRIx64 " %s\n", cli_jstr(c, "name"),
		       cli_jstr(c, "region"), cli_jnum(c, "offset"),
		       cli_size(a, sizeof(a), cli_jnum(c, "length")));
	}
}

int cmd_detect(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {DEV_OPTIONS,
					     {"no-da", no_argument, NULL, 'n'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	struct dev_args a = {.wait_ms = 10000};
	bool no_da = false;
	int c;
	(void)ctx;
	if (cli_wants_help(argc, argv, usage_text))
		return EX_OK;
	while ((c = getopt_long(argc, argv, "nqh", opts, NULL)) != -1) {
		if (c == 'n')
			no_da = true;
		else if (dev_option(&a, c, optarg) <= 0)
			return fputs(usage_text, stderr), EX_USAGE;
	}
	if (optind != argc)
		return fputs(usage_text, stderr), EX_USAGE;
	struct render r = {.json = a.json, .quiet = a.quiet};
	struct mtkfw_job *j;
	struct mtkfw_phone_opts po = dev_phone_opts(&a);
	struct mtkfw_detect_result res = MTKFW_INIT(res);
	if (dev_job(&a, &r, &j))
		return EX_OSERR;
	po.no_da = no_da;
	int rc = mtkfw_job_detect(j, &po, &res);
	if (!rc && !a.json && r.result) {
		print_phone(r.result);
		if (cli_jobj(r.result, "emmc"))
			print_emmc(r.result, cli_jobj(r.result, "emmc"));
		if (cli_jobj(r.result, "emmc"))
			print_pmt(r.result);
		if (cli_jobj(r.result, "layout"))
			print_layout(cli_jobj(r.result, "layout"));
	}
	dev_job_free(j, &r);
	return dev_exit(rc);
}
