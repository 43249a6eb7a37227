/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Small helpers and the fixtures shared by the cmocka suites. */
#ifndef MTKFW_TESTUTIL_H
#define MTKFW_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "demo.h"
#include "mtkfw/mtkfw.h"
#include "mtkfw_emu.h"

/** A fresh temporary directory (removed by tu_rmtree). */
char *tu_tmpdir(void);

/** Remove a directory tree. */
void tu_rmtree(const char *path);

/** Write len bytes to dir/name (creating sub-folders); returns the full path (malloc'd). */
char *tu_write(const char *dir, const char *name, const void *data, size_t len);

/** Read a whole file; *len set; malloc'd, with a NUL after the last byte. */
uint8_t *tu_read(const char *path, size_t *len);

/** A whole text file as a NUL-terminated string (malloc'd). */
char *tu_read_text(const char *path);

/** Bytes of a hex string ("fc 8a00": spaces between bytes allowed) into out; their count. */
size_t tu_unhex(const char *hex, uint8_t *out);

/** Path of the shared reference folder (../shared beside the project). */
const char *tu_shared(void);

/** Does the context's last error sentence contain needle? */
int tu_errmsg_has(struct mtkfw_ctx *ctx, const char *needle);

/*
 * The fixture of a suite or a test: a temporary folder and a context, made by
 * one of the setups below and undone by tu_teardown (cmocka group or test
 * setup/teardown functions).
 */
extern char *tu_dir;		 /**< the fixture's folder (NULL without one) */
extern struct mtkfw_ctx *tu_ctx; /**< the fixture's context */
extern char tu_da_path[4096];	 /**< the synthetic DA file of tu_setup_phone */

/** Setup: a fresh tu_dir and tu_ctx; 0, or -1 when the context cannot be made. */
int tu_setup(void **state);

/** Setup: tu_ctx alone, no folder; 0 or -1. */
int tu_setup_ctx(void **state);

/** Setup: as tu_setup, and the synthetic DA file (mtkfw-emu --make-da) at tu_da_path. */
int tu_setup_phone(void **state);

/** Teardown of any of the setups: tu_dir removed, tu_ctx freed; always 0. */
int tu_teardown(void **state);

/** SHA-256 of len bytes of the file at path from off (a failed read fails the test). */
void tu_sha256_range(const char *path, uint64_t off, uint64_t len, uint8_t out[32]);

struct mtkfw_report;
/** Where partition name of the report's scatter is in the user area (from MBR, its byte 0). */
void tu_user_range(const struct mtkfw_report *report, const char *name, uint64_t *off,
		   uint64_t *len);

/** What tu_phone varies; a zero field takes the default. */
struct tu_phone_opts {
	enum mtkfw_emu_mode mode;
	uint64_t user_size;    /**< bytes of the user area (required) */
	const char *fault;     /**< one fault spec (docs/faults.md), or NULL */
	unsigned variants;     /**< enum mtkfw_emu_variant bits */
	const char *fault_log; /**< where fired faults are logged, or NULL */
	const char *hub;       /**< a hub file shared with other phones, or NULL */
	double hub_mbps;       /**< the hub's rate (0: the default) */
};

/** A virtual phone (fixture of tu_setup_phone) whose user area is a new file in tu_dir. */
struct mtkfw_emu *tu_phone(const struct tu_phone_opts *o);

/** Build tu_dir/name with a testkit builder (demo_write_*) from o; its bytes, *len set. */
uint8_t *tu_demo_image(int (*build)(const struct demo_opts *, const char *),
		       const struct demo_opts *o, const char *name, size_t *len);

/** demo_write_boot() as a builder for tu_demo_image: a boot image. */
int tu_build_boot(const struct demo_opts *o, const char *path);

/** demo_write_boot() as a builder for tu_demo_image: a recovery image. */
int tu_build_recovery(const struct demo_opts *o, const char *path);

#endif
