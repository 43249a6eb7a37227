/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What job_flash.c shares with job_write.c: one way to run a flash, with its rules. */
#ifndef MTKFW_FLASH_JOB_H
#define MTKFW_FLASH_JOB_H

#include "job_priv.h"
#include "mtkfw/check.h"

/** How a flash is run: for a package (mtkfw_job_flash) or one image (mtkfw_job_write). */
struct job_flash {
	const struct mtkfw_flash_job_opts *o;
	const struct mtkfw_board *board; /**< the package's, for the compat stop */
	const char *name;		 /**< the package, for the resume line */
	bool compat;			 /**< compare the boards first */
	bool journalled;		 /**< a stop names 'flash --resume' */
	/** Called after the plan is made, before its run (write: save what is overwritten). */
	int (*before)(struct mtkfw_job *j, struct mtkfw_phone *p, void *user);
	void *before_user;
};

/**
 * Compat (when f->compat), plan (told as "plan" events), f->before, run (STEP
 * and PROGRESS events), res filled. Refusals come before any write.
 */
int job_flash_run(struct mtkfw_job *j, struct mtkfw_phone *p, const struct mtkfw_report *rep,
		  const struct job_flash *f, struct mtkfw_flash_job_result *res);

/**
 * The package (rep, its board pkg) against the phone: COMPAT events for every
 * line not ok, then mtkfw_compat_allows().
 */
int job_compat_gate(struct mtkfw_job *j, struct mtkfw_phone *p, const struct mtkfw_report *rep,
		    const struct mtkfw_board *pkg, bool writes_preloader, const char *force);

/** One line of a comparison as a COMPAT event. */
void job_compat_line(struct mtkfw_job *j, const struct mtkfw_compat_line *x);

#endif
