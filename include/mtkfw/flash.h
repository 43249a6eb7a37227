/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Flashing: a plan built from a checked package and the connected phone
 * (docs/flash.md), printed for --dry-run, then executed step by step with a
 * journal so that an interrupted flash can be resumed. The safety rules
 * (layout, identity) live in the planner, in one place.
 */
#ifndef MTKFW_FLASH_H
#define MTKFW_FLASH_H

#include "mtkfw/backup.h"
#include "mtkfw/check.h"

#ifdef __cplusplus
extern "C" {
#endif

/** SP Flash Tool's three modes. */
enum mtkfw_flash_mode {
	MTKFW_FLASH_DOWNLOAD = 0, /**< "Download Only": same layout, write the images */
	MTKFW_FLASH_UPGRADE,	  /**< "Firmware Upgrade": new layout, identity carried over */
	MTKFW_FLASH_FORMAT_ALL,	  /**< "Format All + Download": erase, write, restore identity */
};

/** "download", "upgrade", "format-all". */
const char *mtkfw_flash_mode_name(enum mtkfw_flash_mode m);

/** -1 when the name is not a mode. */
int mtkfw_flash_mode_by_name(const char *name);

struct mtkfw_flash_opts;

/** Does a flash with these options write the partition (--only, --skip)? */
bool mtkfw_flash_selects(const struct mtkfw_flash_opts *o, const char *name);

enum mtkfw_step_kind {
	MTKFW_STEP_BACKUP = 0, /**< identity backup of this phone into the store (verified); named
				    MTKFW_STEP_CHANGED: every byte the plan changes, first */
	MTKFW_STEP_ERASE,      /**< erase a range */
	MTKFW_STEP_WRITE,      /**< write an image of the package */
	MTKFW_STEP_PMT,	       /**< write the package's partition table (PMT) */
	MTKFW_STEP_RESTORE,    /**< write a partition back from the identity backup */
	MTKFW_STEP_CHECK,      /**< one identity partition read back and compared with the backup */
};

/** The name of the backup step that saves every byte the plan changes (a GIVEN layout). */
#define MTKFW_STEP_CHANGED "every byte changed"

/** "backup", "erase", "write", "pmt", "restore", "check-identity". */
const char *mtkfw_step_kind_name(enum mtkfw_step_kind k);

/** One step of a plan. */
struct mtkfw_plan_step {
	enum mtkfw_step_kind kind;
	char name[65]; /**< partition (or "user area", "identity") */
	enum mtkfw_emmc_part part;
	uint64_t offset, length; /**< target range */
	size_t row;		 /**< WRITE: row of the package report */
	bool boot_header;	 /**< WRITE: the preloader goes behind an EMMC_BOOT header */
	char source[200];	 /**< where the bytes come from, for people */
};

/** Options. Zero-initialise. */
struct mtkfw_flash_opts {
	enum mtkfw_flash_mode mode;
	const char *only, *skip; /**< comma-separated partition names */
	bool verify;		 /**< read every written range back and compare hashes */
	bool write_identity;	 /**< write identity partitions the package carries */
	bool resume; /**< continue an interrupted flash from its journal, in its mode (none: start)
		      */
	const char *store; /**< backup store (NULL: mtkfw_backup_store()) */
	/** Called when a step starts (state "start"), ends ("done") or fails ("failed"). */
	void (*step_cb)(void *user, size_t i, size_t n, const struct mtkfw_plan_step *st,
			const char *state);
	mtkfw_progress_cb progress; /**< bytes within the current step */
	void *user;
};

struct mtkfw_plan;

/**
 * Build the plan for the package (checked with mtkfw_check_package) on the
 * connected phone, whose layout l (mtkfw/layout.h) says where its identity is
 * now; the package's scatter says where it will be. Refuses (MTKFW_E_IDENTITY,
 * naming every source) when l is not trusted (in download mode with the
 * package's scatter as one more source); refuses (MTKFW_E_LAYOUT, naming what
 * moved) a download whose layout differs from the phone's; refuses a layout
 * that would lose an identity partition; refuses images larger than their
 * partitions. Every identity partition gets a check step; the plan is
 * refused if an erase or write touches one that is not written back.
 */
int mtkfw_flash_plan(struct mtkfw_session *s, const struct mtkfw_layout *l,
		     const struct mtkfw_report *pkg, const struct mtkfw_flash_opts *o,
		     struct mtkfw_plan **out);

void mtkfw_plan_free(struct mtkfw_plan *p);

size_t mtkfw_plan_count(const struct mtkfw_plan *p);
const struct mtkfw_plan_step *mtkfw_plan_step(const struct mtkfw_plan *p, size_t i);

/** The plan's mode (a resumed plan has the interrupted flash's). */
enum mtkfw_flash_mode mtkfw_plan_mode(const struct mtkfw_plan *p);

/** True when the plan continues an interrupted flash (else it starts from the beginning). */
bool mtkfw_plan_resumed(const struct mtkfw_plan *p);

/**
 * A package's fingerprint (SHA-256 hex of its scatter rows and the size of
 * each image): the same package in another folder or archive has the same.
 */
void mtkfw_plan_package_id(const struct mtkfw_report *pkg, char out[65]);

/** Identity partitions the plan keeps (names, comma-separated). */
const char *mtkfw_plan_preserved(const struct mtkfw_plan *p);

/** The ranges the plan erases or writes, at most max of them, into out; returns how many. */
size_t mtkfw_plan_changed(const struct mtkfw_plan *p, struct mtkfw_range *out, size_t max);

/** What a run did. */
struct mtkfw_flash_result {
	uint64_t sent;	  /**< bytes sent to the phone as data */
	uint64_t erased;  /**< bytes erased instead of sent */
	uint64_t skipped; /**< bytes left untouched (don't care, or already zero) */
	bool have_backup;
	char backup_dir[4096]; /**< the identity backup the run used */
};

/**
 * Execute a plan. The backup step saves the identity partitions of l (the
 * layout the plan was made with; a resumed run reuses the journal's backup).
 * All run state lives in the run: the plan is not changed. On failure the
 * context names the step and the journal allows --resume. res (may be NULL)
 * says what was done, on failure too.
 */
int mtkfw_flash_run(struct mtkfw_session *s, const struct mtkfw_layout *l,
		    const struct mtkfw_report *rep, const struct mtkfw_plan *p,
		    const struct mtkfw_flash_opts *o, struct mtkfw_flash_result *res);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_FLASH_H */
