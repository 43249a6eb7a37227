/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Small helpers shared by the cmocka suites. */
#ifndef MTKFW_TESTUTIL_H
#define MTKFW_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "mtkfw/mtkfw.h"

/** A fresh temporary directory (removed by tu_rmtree). */
char *tu_tmpdir(void);

/** Remove a directory tree. */
void tu_rmtree(const char *path);

/** Write len bytes to dir/name (creating sub-folders); returns the full path (malloc'd). */
char *tu_write(const char *dir, const char *name, const void *data, size_t len);

/** Read a whole file; *len set; malloc'd. */
uint8_t *tu_read(const char *path, size_t *len);

/** Path of the shared reference folder (../shared beside the project). */
const char *tu_shared(void);

/** Does the context's last error sentence contain needle? */
int tu_errmsg_has(struct mtkfw_ctx *ctx, const char *needle);

#endif
