/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw-emu: the virtual MT6572 phone on a pseudo-terminal. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "mtkfw_emu.h"

static const char usage_text[] =
	"usage: mtkfw-emu [OPTIONS] --user FILE            serve a virtual MT6572 on a pty\n"
	"       mtkfw-emu provision --package PKG --user FILE [--seed N] [--damage KIND] [--fat-raw]\n"
	"                           [size options]\n"
	"       mtkfw-emu --make-da FILE                     write a synthetic DA file\n"
	"\n"
	"The virtual phone speaks the BROM/preloader protocol and the legacy DA protocol\n"
	"(docs/emulator.md). Its eMMC areas are raw image files, created sparse when\n"
	"absent; a full readback of a real phone loads as is.\n"
	"\n"
	"connection:\n"
	"  --pty               print the pty's slave path on stdout (again after a re-plug)\n"
	"  --link PATH         keep PATH a symlink to the current pty (e.g. /tmp/ttyACM0)\n"
	"  --mode brom|preloader   boot mode when a host opens the port (default brom)\n"
	"  --ready             preloader mode: print READY when the port opens\n"
	"  --no-hwcode-quirk   preloader mode: answer the first GET_HW_CODE after power-on\n"
	"                      (a real MT6572 preloader may not)\n"
	"  --boots-android     a normal reboot (FINISH) ends download mode for good: the port\n"
	"                      vanishes and mtkfw-emu exits, as a flashed phone boots Android\n"
	"  --boot-window MS    preloader mode: with no host MS after the port appears the\n"
	"                      phone boots on: into Android (the port gone, mtkfw-emu exits)\n"
	"                      when lk and boot are whole, else it restarts: a boot loop\n"
	"  --no-port           plugged in, but its USB never comes up: no port appears (a dead\n"
	"                      phone's, or one behind a charge-only cable)\n"
	"  --watchdog-ms N     BROM watchdog: reboot N ms after the port opens unless the\n"
	"                      host disables it (default 8000; 0 = off)\n"
	"storage (sizes: bytes, 0x hex allowed):\n"
	"  --user FILE         user area image (required); --user-size N (default 0xEC000000)\n"
	"  --boot1 FILE --boot2 FILE --rpmb FILE   (default FILE.boot1 etc. next to --user)\n"
	"  --boot1-size N --boot2-size N --rpmb-size N   (default 2 MiB, 2 MiB, 512 KiB)\n"
	"identity of the hardware:\n"
	"  --cid HEX           eMMC CID, 32 hex digits (default Toshiba 1101003030344739...)\n"
	"  --ram-size N        external RAM (default 0x20000000)\n"
	"DA:\n"
	"  --da FILE           run only the MT6572 entry of this DA file\n"
	"  --any-da            run any well-formed DA blob\n"
	"realism:\n"
	"  --link-speed usb-hs|MBPS   throttle the link, both ways together (usb-hs =\n"
	"                      40 MB/s); default none\n"
	"  --hub FILE          share a USB hub: every phone given the same FILE (created\n"
	"                      when missing) shares one budget for the bytes its link\n"
	"                      carries both ways, on top of its own --link-speed\n"
	"  --hub-mbps N        the hub's budget in MB/s (default 40, as usb-hs); every\n"
	"                      phone of one hub must give the same\n"
	"  --emmc-write-mbps N throttle eMMC writes; default none\n"
	"  --emmc-erase-mbps N throttle eMMC erases (a format); default none\n"
	"  --trace FILE        protocol trace: direction, step, hex\n"
	"  --seed N            seed of faults and provisioned identity (default 1)\n"
	"  --fault-log FILE    a line per fault fired: its spec, the step, what happened\n"
	"                      (default: on stderr)\n"
	"  --fault SPEC        inject a fault (repeatable; each fires once, unless it lasts):\n"
	"      disconnect-after:N   drop the link after N host bytes\n"
	"      disconnect-at:STEP[:K]  drop the link when STEP begins (the K-th time)\n"
	"      stall:STEP:MS        go silent for MS milliseconds at STEP\n"
	"      corrupt-byte:N       flip device output byte N\n"
	"      bad-checksum:STEP    wrong checksum at send-da or read\n"
	"      nack-packet:K        refuse write packet K\n"
	"      refuse-handshake:K   ignore the first K handshake attempts\n"
	"      dram-fail            external RAM does not come up (BROM mode)\n"
	"      bad-sectors:OFF:LEN  user-area bytes that fail to write (lasts)\n"
	"      power-loss:K         power cut in the middle of write packet K\n"
	"      lost-write:K         write packet K acknowledged but not stored (failing eMMC)\n"
	"      bad-read:OFF         every read packet holding user byte OFF arrives damaged\n"
	"                           (a weak spot: lasts)\n"
	"      flaky-read:OFF       the first read of user byte OFF comes with a bit flipped and\n"
	"                           a matching sum (an eMMC that misread: only a second read\n"
	"                           can tell)\n"
	"      flaky-zero:OFF       the first read packet holding user byte OFF comes as zeros\n"
	"                           with their sum, 0 (data misread as zeros, the other way)\n"
	"    steps: handshake brom send-da jump-da da-sync da-config dram da2-upload\n"
	"           flash-info read write format pmt finish\n"
	"provision:\n"
	"  --fat-raw           leave the FAT partition (internal storage) unformatted, as before\n"
	"                      a phone's first boot (default: FAT32, as phones ship)\n"
	"  --damage KIND       after the factory's work, damage the eMMC as dead phones are:\n"
	"                      pmt-zeroed, pmt-garbage, pmt-unsorted, pmt-shift:MB (a PMT of\n"
	"                      another layout, MB further after EBR1), mbr-zeroed; dead phones:\n"
	"                      boot1-erased, lk-damaged, boot-damaged, identity-zeroed\n"
	"  --variant NAME      behave as some real phones do where the evidence allows\n"
	"                      several behaviours (repeatable; --variant list names them)\n";

static atomic_bool stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = true;
}

static int hexbytes(const char *s, uint8_t *out, size_t n)
{
	if (strlen(s) != 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (uint8_t)v;
	}
	return 0;
}

enum {
	O_PTY = 256,
	O_LINK,
	O_MODE,
	O_READY,
	O_NOQUIRK,
	O_WDT,
	O_BOOTS,
	O_WINDOW,
	O_NO_PORT,
	O_USER,
	O_BOOT1,
	O_BOOT2,
	O_RPMB,
	O_USIZE,
	O_B1SIZE,
	O_B2SIZE,
	O_RSIZE,
	O_CID,
	O_RAM,
	O_DA,
	O_ANYDA,
	O_SPEED,
	O_HUB,
	O_HUB_MBPS,
	O_EMMC,
	O_ERASE,
	O_TRACE,
	O_FAULT_LOG,
	O_SEED,
	O_FAULT,
	O_MAKEDA,
	O_PACKAGE,
	O_VARIANT,
	O_DAMAGE,
	O_FAT_RAW,
	O_HELP
};

static const struct option opts[] = {
	{"pty", no_argument, NULL, O_PTY},
	{"link", required_argument, NULL, O_LINK},
	{"mode", required_argument, NULL, O_MODE},
	{"ready", no_argument, NULL, O_READY},
	{"no-hwcode-quirk", no_argument, NULL, O_NOQUIRK},
	{"watchdog-ms", required_argument, NULL, O_WDT},
	{"boots-android", no_argument, NULL, O_BOOTS},
	{"boot-window", required_argument, NULL, O_WINDOW},
	{"no-port", no_argument, NULL, O_NO_PORT},
	{"user", required_argument, NULL, O_USER},
	{"boot1", required_argument, NULL, O_BOOT1},
	{"boot2", required_argument, NULL, O_BOOT2},
	{"rpmb", required_argument, NULL, O_RPMB},
	{"user-size", required_argument, NULL, O_USIZE},
	{"boot1-size", required_argument, NULL, O_B1SIZE},
	{"boot2-size", required_argument, NULL, O_B2SIZE},
	{"rpmb-size", required_argument, NULL, O_RSIZE},
	{"cid", required_argument, NULL, O_CID},
	{"ram-size", required_argument, NULL, O_RAM},
	{"da", required_argument, NULL, O_DA},
	{"any-da", no_argument, NULL, O_ANYDA},
	{"link-speed", required_argument, NULL, O_SPEED},
	{"hub", required_argument, NULL, O_HUB},
	{"hub-mbps", required_argument, NULL, O_HUB_MBPS},
	{"emmc-write-mbps", required_argument, NULL, O_EMMC},
	{"emmc-erase-mbps", required_argument, NULL, O_ERASE},
	{"trace", required_argument, NULL, O_TRACE},
	{"fault-log", required_argument, NULL, O_FAULT_LOG},
	{"seed", required_argument, NULL, O_SEED},
	{"fault", required_argument, NULL, O_FAULT},
	{"make-da", required_argument, NULL, O_MAKEDA},
	{"package", required_argument, NULL, O_PACKAGE},
	{"variant", required_argument, NULL, O_VARIANT},
	{"damage", required_argument, NULL, O_DAMAGE},
	{"fat-raw", no_argument, NULL, O_FAT_RAW},
	{"help", no_argument, NULL, O_HELP},
	{NULL, 0, NULL, 0},
};

struct args {
	struct mtkfw_emu_config cfg;
	bool pty, hub_mbps_given; /* --hub-mbps, which wants --hub */
	bool no_port;		  /* plugged in, but its USB never comes up */
	const char *link, *make_da, *package;
};

/* --variant NAME (or list): the variants, each with what it does. */
static int variant(struct mtkfw_emu_config *cfg, const char *name)
{
	const char *what, *n;
	unsigned bit = mtkfw_emu_variant_by_name(name);
	if (bit) {
		cfg->variants |= bit;
		return 0;
	}
	FILE *out = strcmp(name, "list") ? stderr : stdout;
	if (out == stderr)
		fprintf(stderr, "mtkfw-emu: no variant '%s'; there are:\n", name);
	for (unsigned i = 0; (n = mtkfw_emu_variant_name(i, &what)) != NULL; i++)
		fprintf(out, "  %-15s %s\n", n, what);
	if (out == stdout)
		exit(EX_OK);
	return EX_USAGE;
}

/* --hub-mbps N: a rate of MB/s (the hub checks its range); 0 or an exit code. */
static int hub_mbps(struct args *a, const char *v)
{
	char *end;
	a->cfg.hub_mbps = strtod(v, &end);
	a->hub_mbps_given = true;
	if (end != v && !*end)
		return 0;
	fprintf(stderr, "mtkfw-emu: --hub-mbps wants MB/s, a number such as 40, not '%s'\n", v);
	return EX_USAGE;
}

/* Apply one option; returns 0 or an exit code. */
static int apply(struct args *a, int c, const char *v)
{
	struct mtkfw_emu_config *cfg = &a->cfg;
	char err[256];
	switch (c) {
	case O_PTY:
		a->pty = true;
		break;
	case O_LINK:
		a->link = v;
		break;
	case O_MODE:
		if (strcmp(v, "brom") && strcmp(v, "preloader"))
			return fprintf(stderr, "mtkfw-emu: --mode is brom or preloader\n"),
			       EX_USAGE;
		cfg->mode = strcmp(v, "brom") ? MTKFW_EMU_PRELOADER : MTKFW_EMU_BROM;
		break;
	case O_READY:
		cfg->say_ready = true;
		break;
	case O_NOQUIRK:
		cfg->hwcode_quirk = false;
		break;
	case O_BOOTS:
		cfg->boots_android = true;
		break;
	case O_NO_PORT:
		a->no_port = true;
		break;
	case O_WINDOW:
		cfg->boot_window_ms = (unsigned)strtoul(v, NULL, 0);
		break;
	case O_WDT:
		cfg->watchdog_ms = (unsigned)strtoul(v, NULL, 0);
		break;
	case O_USER:
		cfg->path[MTKFW_EMU_USER] = v;
		break;
	case O_BOOT1:
		cfg->path[MTKFW_EMU_BOOT1] = v;
		break;
	case O_BOOT2:
		cfg->path[MTKFW_EMU_BOOT2] = v;
		break;
	case O_RPMB:
		cfg->path[MTKFW_EMU_RPMB] = v;
		break;
	case O_USIZE:
		cfg->size[MTKFW_EMU_USER] = strtoull(v, NULL, 0);
		break;
	case O_B1SIZE:
		cfg->size[MTKFW_EMU_BOOT1] = strtoull(v, NULL, 0);
		break;
	case O_B2SIZE:
		cfg->size[MTKFW_EMU_BOOT2] = strtoull(v, NULL, 0);
		break;
	case O_RSIZE:
		cfg->size[MTKFW_EMU_RPMB] = strtoull(v, NULL, 0);
		break;
	case O_CID:
		if (hexbytes(v, cfg->cid, 16))
			return fprintf(stderr, "mtkfw-emu: --cid wants 32 hex digits\n"), EX_USAGE;
		break;
	case O_RAM:
		cfg->ram_size = strtoull(v, NULL, 0);
		break;
	case O_DA:
		cfg->da_path = v;
		break;
	case O_ANYDA:
		cfg->accept_any_da = true;
		break;
	case O_SPEED:
		cfg->link_mbps = !strcmp(v, "usb-hs") ? MTKFW_EMU_USB_HS_MBPS : strtod(v, NULL);
		break;
	case O_HUB:
		cfg->hub_path = v;
		break;
	case O_HUB_MBPS:
		return hub_mbps(a, v);
	case O_EMMC:
		cfg->emmc_write_mbps = strtod(v, NULL);
		break;
	case O_ERASE:
		cfg->emmc_erase_mbps = strtod(v, NULL);
		break;
	case O_TRACE:
		cfg->trace_path = v;
		break;
	case O_FAULT_LOG:
		cfg->fault_log_path = v;
		break;
	case O_SEED:
		cfg->seed = (uint32_t)strtoul(v, NULL, 0);
		break;
	case O_FAULT:
		if (cfg->n_faults >= MTKFW_EMU_MAX_FAULTS ||
		    mtkfw_emu_parse_fault(v, &cfg->faults[cfg->n_faults], err, sizeof(err)))
			return fprintf(stderr, "mtkfw-emu: %s\n", err), EX_USAGE;
		cfg->n_faults++;
		break;
	case O_MAKEDA:
		a->make_da = v;
		break;
	case O_PACKAGE:
		a->package = v;
		break;
	case O_VARIANT:
		return variant(cfg, v);
	case O_FAT_RAW:
		cfg->fat_raw = true;
		return 0;
	case O_DAMAGE:
		if (cfg->n_damage >= sizeof(cfg->damage) / sizeof(cfg->damage[0]))
			return fprintf(stderr, "mtkfw-emu: at most 4 --damage\n"), EX_USAGE;
		cfg->damage[cfg->n_damage++] = v;
		break;
	case O_HELP:
		fputs(usage_text, stdout);
		exit(EX_OK);
	default:
		fputs(usage_text, stderr);
		return EX_USAGE;
	}
	return 0;
}

static int serve(struct args *a)
{
	char err[512] = "";
	struct mtkfw_emu *e;
	if (mtkfw_emu_new(&a->cfg, &e, err, sizeof(err))) {
		fprintf(stderr, "mtkfw-emu: %s\n", err);
		return EX_CANTCREAT;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	int r = 0;
	while (a->no_port && !stop) /* a phone whose USB never comes up: no port, ever */
		usleep(50 * 1000);
	if (!a->no_port)
		r = mtkfw_emu_serve_pty(e, a->link, a->pty, &stop, err, sizeof(err));
	if (r)
		fprintf(stderr, "mtkfw-emu: %s\n", err);
	mtkfw_emu_free(e);
	return r ? EX_OSERR : EX_OK;
}

int main(int argc, char **argv)
{
	struct args a = {0};
	char err[512] = "";
	int c, r;
	mtkfw_emu_config_default(&a.cfg);
	a.cfg.fault_log_path = "-"; /* faults fired go to the phone's log unless --fault-log */
	bool provision = argc > 1 && !strcmp(argv[1], "provision");
	if (provision) {
		argv++;
		argc--;
	}
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		if ((r = apply(&a, c == 'h' ? O_HELP : c, optarg)) != 0)
			return r;
	if (optind != argc) {
		fputs(usage_text, stderr);
		return EX_USAGE;
	}
	if (a.hub_mbps_given && !a.cfg.hub_path) {
		fprintf(stderr,
			"mtkfw-emu: --hub-mbps is the rate of a hub: give --hub FILE too\n");
		return EX_USAGE;
	}
	if (a.make_da) {
		if (mtkfw_emu_make_da(a.make_da, err, sizeof(err)))
			return fprintf(stderr, "mtkfw-emu: %s\n", err), EX_CANTCREAT;
		printf("synthetic DA file: %s\n", a.make_da);
		return EX_OK;
	}
	if (!a.cfg.path[MTKFW_EMU_USER]) {
		fprintf(stderr, "mtkfw-emu: --user FILE is required ('mtkfw-emu --help')\n");
		return EX_USAGE;
	}
	if (provision) {
		if (!a.package)
			return fprintf(stderr, "mtkfw-emu: provision needs --package PKG\n"),
			       EX_USAGE;
		if (mtkfw_emu_provision(&a.cfg, a.package, err, sizeof(err)))
			return fprintf(stderr, "mtkfw-emu: provision: %s\n", err), EX_DATAERR;
		printf("provisioned %s from %s (identity seed %u)\n", a.cfg.path[MTKFW_EMU_USER],
		       a.package, a.cfg.seed);
		return EX_OK;
	}
	return serve(&a);
}
