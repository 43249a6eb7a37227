/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Will this package work on this phone? (docs/board.md, "compat"): the
 * package's board profile against the phone's and the phone's own facts,
 * line by line, each ok / risk / stop with its evidence and what to do.
 */
#ifndef MTKFW_COMPAT_H
#define MTKFW_COMPAT_H

#include "mtkfw/board.h"
#include "mtkfw/check.h"

#ifdef __cplusplus
extern "C" {
#endif

enum mtkfw_compat_level {
	MTKFW_COMPAT_OK,   /**< nothing against it */
	MTKFW_COMPAT_RISK, /**< it may not work as before: printed and logged */
	MTKFW_COMPAT_STOP, /**< it would break the phone: a flash must be forced past it */
};

/** One line of the verdict. */
struct mtkfw_compat_line {
	char what[16]; /**< chip, storage, emi, preloader, layout, lcm, camera, touch, android,
			    identity */
	enum mtkfw_compat_level level;
	char evidence[512]; /**< what each side says */
	char fix[256];	    /**< what to do about it ("" when ok), as an error event's "fix" */
	int spft;	    /**< the SP Flash Tool error this predicts, or 0 */
};

struct mtkfw_compat {
	enum mtkfw_compat_level verdict; /**< the worst line */
	size_t n;
	struct mtkfw_compat_line lines[12];
};

struct mtkfw_session;
struct mtkfw_layout;

/**
 * Compare a package (its check report and board profile) with the connected
 * phone (its layout and board profile). Always fills out; 0.
 */
int mtkfw_compat_check(struct mtkfw_session *s, const struct mtkfw_layout *l,
		       const struct mtkfw_report *rep, const struct mtkfw_board *pkg,
		       const struct mtkfw_board *phone, struct mtkfw_compat *out);

/**
 * May a flash go ahead? 0 unless a line says stop that force (comma-separated
 * line names, may be NULL) does not name. The emi line is left to the flash
 * plan, which refuses a preloader for other memory itself (4032); the emi and
 * preloader lines count only when the preloader is written. Otherwise
 * MTKFW_E_INCOMPATIBLE naming each stop, its evidence and the way out.
 */
int mtkfw_compat_allows(struct mtkfw_ctx *ctx, const struct mtkfw_compat *c, bool writes_preloader,
			const char *force);

/** "ok", "risk", "stop". */
const char *mtkfw_compat_level_name(enum mtkfw_compat_level level);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_COMPAT_H */
