/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared pieces of the mtkfw command-line tool. */
#ifndef MTKFW_CLI_H
#define MTKFW_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <sysexits.h>

#include <json-c/json.h>

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
void cli_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** Human size: "6.0 MiB", "1.2 GiB", "512 B". */
const char *cli_size(char *buf, size_t n, uint64_t bytes);

/** Write data to path atomically (temp file, fsync, rename); 0 or -errno. */
int cli_write_atomic(const char *path, const void *data, size_t len);

/** Case-insensitive suffix test. */
bool cli_endswith(const char *s, const char *suffix);

/** Standard handling of -h/--help: prints usage to stdout, returns true if it did. */
bool cli_wants_help(int argc, char **argv, const char *usage);

json_object *cli_scatter_json(const struct mtkfw_scatter *sc);

/** A package report as JSON (docs/check.md). */
json_object *cli_report_json(const char *path, const struct mtkfw_report *r);

/** A package report as text; images = show image identification. */
void cli_report_print(const char *path, const struct mtkfw_report *r, bool images);

int cmd_scatter(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_info(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_check(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_checksum(struct mtkfw_ctx *ctx, int argc, char **argv);
int cmd_demo_package(struct mtkfw_ctx *ctx, int argc, char **argv);

#endif
