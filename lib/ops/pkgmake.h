/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Making packages (dump.c, convert.c): what both do last. */
#ifndef MTKFW_PKGMAKE_H
#define MTKFW_PKGMAKE_H

#include "mtkfw/core.h"

/**
 * Check the package folder just written (every image read) and add its
 * Checksum.ini; an error when the check finds errors, naming the command that
 * shows them.
 */
int pkgmake_finish(struct mtkfw_ctx *ctx, const char *dir);

#endif
