/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw: verb-first command-line tool on top of libmtkfw. */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "gitid.h"

static const struct cli_cmd commands[] = {
	{"scatter", cmd_scatter, "parse and print a scatter file"},
	{"info", cmd_info, "what a firmware package contains (fast: no image is read)"},
	{"check", cmd_check, "validate a firmware package before it touches a phone"},
	{"board", cmd_board, "which board a package was built for: drivers, display, EMI"},
	{"compat", cmd_compat, "will this package work on this phone? (before any write)"},
	{"image", cmd_image, "take images apart and put them back; read files out of ext4"},
	{"checksum", cmd_checksum, "compute, verify or write a package's Checksum.ini"},
	{"flash", cmd_flash, "write a package to the phone (download, upgrade, format-all)"},
	{"station", cmd_station, "flash every phone plugged in, many at once, each in its slot"},
	{"gui", cmd_gui, "the window: every tab of SP Flash Tool in your browser"},
	{"doctor", cmd_doctor, "what is wrong with a dead phone, which package fits, the way back"},
	{"write", cmd_write, "write one image into one partition (a recovery), backed up first"},
	{"detect", cmd_detect, "find the phone: chip, mode, eMMC, RAM, partition table"},
	{"readback", cmd_readback, "copy a partition, range or whole area of the phone to a file"},
	{"format", cmd_format, "erase part of the phone (identity protected)"},
	{"reboot", cmd_reboot, "reboot the phone into Android"},
	{"backup", cmd_backup, "save the phone's identity (or all of it), bound to this phone"},
	{"verify", cmd_verify, "check a backup against its manifest's hashes"},
	{"restore", cmd_restore, "write a backup back to the phone it came from"},
	{"scatter-from-device", cmd_scatter_from_device, "the phone's layout as a scatter file"},
	{"dump-package", cmd_dump_package, "a flashable package made from a working phone"},
	{"split-dump", cmd_split_dump, "split a full user-area dump into partition images"},
#ifndef _WIN32 /* it builds filesystems with Debian's tools: the demo stays Linux */
	{"demo-package", cmd_demo_package, "build a synthetic MT6572 package (no vendor files)"},
#endif
};

static void usage(FILE *f)
{
	fprintf(f, "usage: mtkfw <command> [options] [args]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-14s %s\n", commands[i].name, commands[i].summary);
	fprintf(f,
		"\n'mtkfw help <command>' (or -h) explains a command. MTKFW_DEBUG=debug|trace logs to "
		"stderr.\nmtkfw %s, https://github.com/mtkfw/mtkfw\n",
		mtkfw_version());
}

/* Prints the release and, for a build from a git checkout, its commit: the line a bug report needs.
 */
static void print_version(void)
{
	if (MTKFW_GIT_ID[0])
		printf("mtkfw %s (git %s)\n", mtkfw_version(), MTKFW_GIT_ID);
	else
		printf("mtkfw %s\n", mtkfw_version());
}

static void log_to_stderr(void *user, enum mtkfw_log_level level, const char *msg)
{
	static const char *const names[] = {"error", "warning", "info", "debug", "trace"};
	(void)user;
	fprintf(stderr, "mtkfw: [%s] %s\n", names[level], msg);
}

/* Runs the command argv[0] with its arguments in a context of its own: its exit code, or -1 if
 * there is no such command. */
static int run_command(int argc, char **argv)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[0], commands[i].name))
			continue;
		struct mtkfw_ctx *ctx;
		if (mtkfw_ctx_new(&ctx))
			return EX_OSERR;
		mtkfw_ctx_set_log(ctx, MTKFW_LOG_WARNING, log_to_stderr, NULL);
		int rc = commands[i].run(ctx, argc, argv);
		mtkfw_ctx_free(ctx);
		return rc;
	}
	return -1;
}

int main(int argc, char **argv)
{
	/*
	 * Keep large buffers (libarchive's 256 KiB inflate buffers) in fresh
	 * mmap'd pages. glibc's dynamic threshold otherwise moves them onto the
	 * heap after the first archive is freed, where their placement makes
	 * inflate's copies 4K-alias: measured 1.6x slower ZIP reading (bench/).
	 */
#ifdef M_MMAP_THRESHOLD
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
#ifdef _WIN32 /* what is printed is the same bytes as on Linux: no CR before each LF */
	_setmode(_fileno(stdout), _O_BINARY);
	_setmode(_fileno(stderr), _O_BINARY);
#endif
	if (argc < 2) {
		usage(stderr);
		return EX_USAGE;
	}
	if (!strcmp(argv[1], "help") && argc > 2) { /* the command's own -h */
		char *args[] = {argv[2], "-h", NULL};
		int rc = run_command(2, args);
		if (rc < 0)
			cli_msg("no command '%s'; 'mtkfw --help' lists the commands", argv[2]);
		return rc < 0 ? EX_USAGE : rc;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return EX_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		print_version();
		return EX_OK;
	}
	int rc = run_command(argc - 1, argv + 1);
	if (rc >= 0)
		return rc;
	cli_msg("unknown command '%s'; 'mtkfw --help' lists the commands", argv[1]);
	return EX_USAGE;
}
