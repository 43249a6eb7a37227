/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The flash journal (journal.c). */
#ifndef MTKFW_JOURNAL_H
#define MTKFW_JOURNAL_H

#include "internal.h"
#include "mtkfw/flash.h"

#define JOURNAL_MAX_STEPS 256

struct journal {
	int mode;
	char package[4096];
	char package_id[65]; /* mtkfw_plan_package_id(); "" in journals of older versions */
	char backup[4096];
	char before[4096]; /* the backup of every byte changed (a GIVEN layout), once made */
	struct mtkfw_plan_step steps[JOURNAL_MAX_STEPS];
	size_t n;
	bool done[JOURNAL_MAX_STEPS];
	size_t at_step;	    /* SIZE_MAX: no write was interrupted */
	uint64_t at_offset; /* image bytes the phone has of that step */
};

void journal_path(struct mtkfw_session *s, const char *store, char *out, size_t n);
int journal_create(struct mtkfw_ctx *ctx, const char *path, const char *package,
		   const char *package_id, int mode, const struct mtkfw_plan_step *steps, size_t n);
int journal_read(struct mtkfw_ctx *ctx, const char *path, struct journal *j);
void journal_line(const char *path, const char *fmt, ...) MTKFW_PRINTF(2, 3);

#endif
