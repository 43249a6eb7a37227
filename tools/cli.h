/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared pieces of the mtkfw command-line tool. */
#ifndef MTKFW_CLI_H
#define MTKFW_CLI_H

#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#ifndef _WIN32 /* Windows: lib/core/compat_win.h has them */
#include <sysexits.h>
#endif

#include <json-c/json.h>

#include "mtkfw/json.h"
#include "mtkfw/mtkfw.h"

/** One verb: name, handler, one-line summary for `mtkfw --help`. */
struct cli_cmd {
	const char *name;
	int (*run)(struct mtkfw_ctx *ctx, int argc, char **argv);
	const char *summary;
};

/** Print a JSON document to stdout (pretty, no slash escaping) and free it. */
void cli_json_print(json_object *doc);

/** A JSON string or null. */
json_object *cli_json_str(const char *s);

/** Print "mtkfw: error: <library sentence>" and return the exit code for err. */
int cli_fail(struct mtkfw_ctx *ctx, int err);

/** Exit code (sysexits.h) that fits a library error code. */
int cli_exit_code(int err);

/** Print a diagnostic line to stderr: "mtkfw: <fmt>". */
#ifdef _WIN32 /* MinGW's ANSI stdio: C99 formats */
#define CLI_PRINTF(f, a) __attribute__((format(gnu_printf, f, a)))
#else
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#endif

void cli_msg(const char *fmt, ...) CLI_PRINTF(1, 2);

/* ---- numbers on the command line (args.c) ---- */

/** s as a number (decimal or 0x hex, nothing else, 64 bits); false after saying what is wrong. */
bool cli_number(const char *what, const char *s, uint64_t *v);

/**
 * The values of --range START LEN: START is optarg, LEN the next argument
 * (optind moves past it). Both numbers as cli_number takes them, LEN above 0,
 * START + LEN within 64 bits and, when align > 1, both multiples of align.
 * 0, or EX_USAGE after naming the bad value.
 */
int cli_range_arg(int argc, char **argv, uint64_t align, uint64_t *start, uint64_t *len);

/** s as seconds (a decimal number, fractions allowed, 0 to an hour) into *ms; false after saying.
 */
bool cli_seconds(const char *what, const char *s, unsigned *ms);

/** Human size: "6.0 MiB", "1.2 GiB", "512 B". */
const char *cli_size(char *buf, size_t n, uint64_t bytes);

/** One backup for people: kind, date, files, size, zeros, state (intact, or what is wrong), folder.
 */
void cli_backup_print(const struct mtkfw_backup *b, const char *state);

/**
 * Every backup in store (<store>/<CID>/<backup>/), each checked against its manifest when verify
 * ("intact": null when not): into arr (mtkfw_backup_to_json plus "intact") or, arr NULL, printed
 * for people. *bad counts the unreadable or damaged ones; returns how many phones it has.
 */
unsigned cli_backup_walk(struct mtkfw_ctx *ctx, const char *store, json_object *arr, unsigned *bad,
			 bool verify);

/** Case-insensitive suffix test. */
bool cli_endswith(const char *s, const char *suffix);

/** Standard handling of -h/--help: prints usage to stdout, returns true if it did. */
bool cli_wants_help(int argc, char **argv, const char *usage);

json_object *cli_scatter_json(const struct mtkfw_scatter *sc);

/** A package report as JSON (docs/check.md). */
json_object *cli_report_json(const char *path, const struct mtkfw_report *r);

/** A package report as text; images = show image identification. */
void cli_report_print(const char *path, const struct mtkfw_report *r, bool images);

/* ---- device commands (device.c) ---- */

/** Options every device command takes. */
struct dev_args {
	const char *port, *usb, *da, *preloader;
	const char *store;	 /**< --store: the backup store */
	const char *layout_from; /**< --layout-from: the user's word on the phone's layout */
	unsigned wait_ms;
	bool json, quiet;
};

enum {
	DEV_OPT_PORT = 1000,
	DEV_OPT_USB,
	DEV_OPT_DA,
	DEV_OPT_PRELOADER,
	DEV_OPT_WAIT,
	DEV_OPT_JSON,
	DEV_OPT_QUIET,
	DEV_OPT_STORE,
	DEV_OPT_LAYOUT_FROM,
};

#define DEV_OPTIONS                                                            \
	{"port", required_argument, NULL, DEV_OPT_PORT},                       \
		{"usb", required_argument, NULL, DEV_OPT_USB},                 \
		{"da", required_argument, NULL, DEV_OPT_DA},                   \
		{"preloader", required_argument, NULL, DEV_OPT_PRELOADER},     \
		{"wait", required_argument, NULL, DEV_OPT_WAIT},               \
		{"json", no_argument, NULL, DEV_OPT_JSON},                     \
		{"store", required_argument, NULL, DEV_OPT_STORE},             \
		{"layout-from", required_argument, NULL, DEV_OPT_LAYOUT_FROM}, \
	{                                                                      \
		"quiet", no_argument, NULL, DEV_OPT_QUIET                      \
	}

#define DEV_USAGE                                                                                    \
	"  --port PATH       the phone's port (/dev/ttyACMn, or mtkfw-emu's pty); default: detect\n" \
	"  --usb PATH        talk through libusb instead (PATH from 'mtkfw detect', or '')\n"        \
	"  --wait SECONDS    how long to wait for the phone (default 10)\n"                          \
	"  --da FILE         MTK_AllInOne_DA.bin (default: $MTKFW_DA, ~/.local/share/mtkfw/)\n"      \
	"  --preloader FILE  EMI/DRAM settings for BROM mode (default: the package's)\n"             \
	"  --store DIR       backup store (default $MTKFW_STORE or ~/.local/share/mtkfw/backups)\n"  \
	"  --layout-from F   the phone's layout when its own tables cannot be trusted: a scatter,\n" \
	"                    a package or a backup folder of this phone (docs/identity.md)\n"        \
	"  --json            one JSON event per line on stdout\n"                                    \
	"  --quiet           no progress\n"

/**
 * Handle a shared device option: 1 if it was one, 0 if not, -1 if its value
 * is wrong (said on stderr). Callers stop with EX_USAGE on anything but 1.
 */
int dev_option(struct dev_args *a, int c, const char *arg);

struct render;

/**
 * The job a device command runs (mtkfw/job.h): its events drawn by r (set up
 * from --json and --quiet), and Ctrl-C asks it to stop (a second one ends the
 * program at once). 0, or -1 when out of memory.
 */
int dev_job(const struct dev_args *a, struct render *r, struct mtkfw_job **j);

/** The same, its events to sink (Ctrl-C cancels it); -1 when it cannot be made. */
int dev_job_to(const struct dev_args *a, mtkfw_event_cb sink, void *user, struct mtkfw_job **j);

/** Free a job of dev_job_to (Ctrl-C back to ending mtkfw). */
void dev_job_free_sink(struct mtkfw_job *j);

/** Free the job (Ctrl-C no longer reaches it) and what the renderer kept. */
void dev_job_free(struct mtkfw_job *j, struct render *r);

/** The phone options of the shared device options. */
struct mtkfw_phone_opts dev_phone_opts(const struct dev_args *a);

/**
 * Close the phone after a job that returned rc: rebooted (when reboot) if the
 * job went well or only refused; rc, or the reboot's error.
 */
int dev_phone_done(struct mtkfw_job *j, struct mtkfw_phone *p, int rc, bool reboot);

/** The exit code for a job's return: sysexits.h, MTKFW_E_REFUSED 77, cancelled 130. */
int dev_exit(int rc);

/** A JSON result's string ("" for null or missing), number (0), boolean, object (NULL). */
const char *cli_jstr(json_object *o, const char *key);
uint64_t cli_jnum(json_object *o, const char *key);
bool cli_jbool(json_object *o, const char *key);
json_object *cli_jobj(json_object *o, const char *key);

/**
 * The image file at path probed (streamed) as JSON: cli_image_json, "problems", "file"; *bad
 * when a problem is an error. NULL, err saying why, when it cannot be read.
 */
json_object *cli_image_file_json(const char *path, bool *bad, char *err, size_t errn);

/** An image's probe result as JSON (kind, summary, sizes, preloader facts). */
json_object *cli_image_json(const struct mtkfw_image_info *im);

int cmd_detect(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_readback(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_format(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_reboot(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_flash(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_station(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_gui(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_doctor(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_write(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_backup(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_verify(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_restore(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_scatter_from_device(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_dump_package(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_split_dump(struct mtkfw_ctx *ctx, int argc, char **argv);

int cmd_scatter(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_info(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_check(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_board(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_compat(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_checksum(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_demo_package(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_image(struct mtkfw_ctx *ctx, int argc, char **argv);

/* image's verbs on filesystems and sparse images (cmd_image_fs.c); each returns an exit code */
int image_fs_ls(struct mtkfw_ctx *ctx, const char *img, const char *path, bool json);
int image_fs_get(struct mtkfw_ctx *ctx, const char *img, const char *path, const char *out);
int image_to_raw(struct mtkfw_ctx *ctx, const char *in, const char *out);
int image_to_sparse(struct mtkfw_ctx *ctx, const char *in, const char *out);

#endif
