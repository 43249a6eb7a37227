/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The job API: one call per thing a user asks of a phone (detect, board,
 * compat, flash, write, readback, format, backup, restore, verify,
 * dump-package, scatter-from-device), each applying every rule mtkfw has
 * (docs/identity.md, docs/flash.md, docs/backup.md) and telling what it does
 * as one stream of events (docs/json.md). The command-line tool, a window and
 * a multi-port station call these and draw the events; none of them decides
 * what may be written.
 *
 * A job (mtkfw_job_new) carries the event sink, the cancel flag and the
 * backup store. A phone (mtkfw_phone_open) is a connected session whose
 * layout is established once. A firmware (mtkfw_firmware_open) is a package
 * checked once and profiled, to be flashed onto any number of phones. Jobs
 * in different threads share nothing but what is read-only (a firmware).
 *
 * Structures stay compatible as they grow. Options and results the caller
 * allocates start with a size field: set it to sizeof(the struct) (the
 * MTKFW_INIT macro does); the library reads and fills only what that size
 * covers, takes a bigger struct from a newer caller when the fields it does
 * not know are zero, and refuses a size below the struct's first release
 * (MTKFW_E_INVALID_PARAM). What a job hands out of the lower-level headers (a
 * backup, a board profile, a compat verdict, a device scatter, a readback's
 * result) is the library's: a const pointer, valid until the same job hands
 * out the next one or is freed, never allocated or copied by the caller. Any
 * of those out pointers may be NULL: the RESULT event carries the same.
 */
#ifndef MTKFW_JOB_H
#define MTKFW_JOB_H

#include "mtkfw/backup.h"
#include "mtkfw/board.h"
#include "mtkfw/compat.h"
#include "mtkfw/core.h"
#include "mtkfw/dump.h"
#include "mtkfw/flash.h"
#include "mtkfw/transport.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Zero a struct and set its size field: struct mtkfw_job_config c = MTKFW_INIT(c); */
#define MTKFW_INIT(s)             \
	{                         \
		.size = sizeof(s) \
	}

/** The version of the event stream (the "v" of every event; docs/json.md). */
#define MTKFW_EVENTS_VERSION 1

/** What an event is. */
enum mtkfw_event_kind {
	MTKFW_EVENT_START = 0, /**< the job begins */
	MTKFW_EVENT_STEP,      /**< a step of the job begins or ends (state) */
	MTKFW_EVENT_PROGRESS,  /**< bytes done of total in the current step, rate, ETA */
	MTKFW_EVENT_INFO,      /**< something done or found, for people (name says what) */
	MTKFW_EVENT_WARNING,   /**< something to know before it matters */
	MTKFW_EVENT_COMPAT,    /**< one line of the package-against-phone comparison */
	MTKFW_EVENT_ERROR,  /**< the job failed or refused: code, step, SP Flash Tool name, fix */
	MTKFW_EVENT_RESULT, /**< what the job produced (its fields are in json) */
	MTKFW_EVENT_END,    /**< the job is over: state ok, failed or cancelled */
};

/** The SP Flash Tool error a failure corresponds to: what users search for, and the usual fix. */
struct mtkfw_spft {
	int code;	  /**< MTKFW_E_* it matches, 0 = any */
	const char *step; /**< device step it matches, NULL = any */
	int number;	  /**< SP Flash Tool's error number */
	const char *symbol;
	const char *fix;
};

/** The SP Flash Tool error for a failure with code during step (docs/troubleshooting.md), or NULL.
 */
const struct mtkfw_spft *mtkfw_spft_find(int code, const char *step);

/**
 * One event. Strings live until the callback returns. json is the whole event
 * as one line of JSON: exactly what `mtkfw ... --json` prints.
 */
struct mtkfw_event {
	int version; /**< MTKFW_EVENTS_VERSION */
	enum mtkfw_event_kind kind;
	const char *name;     /**< the JSON "event": start, step, progress, connected, ... */
	const char *job;      /**< "flash", "backup", ... */
	const char *slot;     /**< the job's tag (a station's slot), or NULL */
	const char *step;     /**< STEP, PROGRESS: the step's kind ("write"); ERROR: device step */
	const char *target;   /**< STEP, PROGRESS: its partition or file, or NULL */
	size_t index, count;  /**< STEP: step index of count (1-based) */
	const char *state;    /**< STEP: start, done, failed, skipped; END: ok, failed, cancelled */
	uint64_t done, total; /**< PROGRESS: bytes */
	double rate, eta;     /**< PROGRESS: bytes per second, seconds left (0: not known) */
	double seconds;	      /**< END: since START */
	const char *message;  /**< for people; NULL for PROGRESS */
	int code;	      /**< ERROR: MTKFW_E_* */
	const struct mtkfw_spft *spft; /**< ERROR: the SP Flash Tool equivalent, or NULL */
	const char *fix;	       /**< ERROR, COMPAT: what to do, or NULL */
	enum mtkfw_compat_level level; /**< COMPAT */
	const char *json;
	const char *cid; /**< INFO "identified", "connected": the eMMC's CID in hex, or NULL */
};

/** Receives every event of a job, in order, in the job's thread. */
typedef void (*mtkfw_event_cb)(void *user, const struct mtkfw_event *ev);

/** How a job reports and where it keeps backups. MTKFW_INIT it. */
struct mtkfw_job_config {
	size_t size;
	mtkfw_event_cb on_event; /**< NULL: events are only counted */
	void *user;
	const char *slot;  /**< a tag every event carries (a station's slot), or NULL */
	const char *store; /**< backup store; NULL = mtkfw_backup_store() */
	enum mtkfw_log_level
		log_level; /**< library messages at or above it become events (WARNING) */
};

struct mtkfw_job;

/** A new job (not yet running anything). MTKFW_E_INVALID_PARAM for a config of another size. */
int mtkfw_job_new(const struct mtkfw_job_config *cfg, struct mtkfw_job **out);

void mtkfw_job_free(struct mtkfw_job *j);

/**
 * Ask the job to stop: from any thread, or a signal handler. A running job
 * stops between packets within a second, leaves the phone in a defined state
 * (a flash's journal says where; --resume finishes it) and fails with
 * MTKFW_E_CANCELLED, its END event saying "cancelled". The phone's session is
 * not used again.
 */
void mtkfw_job_cancel(struct mtkfw_job *j);

/** Was mtkfw_job_cancel called? */
bool mtkfw_job_cancelled(const struct mtkfw_job *j);

/** The job's context: its last error (mtkfw_ctx_errmsg), its log. */
struct mtkfw_ctx *mtkfw_job_ctx(struct mtkfw_job *j);

/* ---- firmware: a package checked once ---- */

struct mtkfw_firmware;

/** How a package is taken. MTKFW_INIT it. */
struct mtkfw_firmware_opts {
	size_t size;
	const char *scatter; /**< a scatter file inside the package to use, NULL: find it */
	bool read_images;    /**< check every image's content (mtkfw check), not only its header */
	bool unpack;	     /**< an archive is unpacked once into a temporary folder (removed at
				  close) and flashed from there: many phones, one inflation */
};

/**
 * Check a package (mtkfw/check.h) and profile its board (mtkfw/board.h) for
 * the jobs that flash it: refused (MTKFW_E_FORMAT, the findings as WARNING and
 * the errors as one ERROR event) when it has errors or no usable scatter.
 * Read-only afterwards: one firmware may be flashed by jobs in several
 * threads at once.
 */
int mtkfw_firmware_open(struct mtkfw_job *j, const char *path, const struct mtkfw_firmware_opts *o,
			struct mtkfw_firmware **out);

void mtkfw_firmware_close(struct mtkfw_firmware *fw);

/** The package as it was given (a folder, an archive, a scatter file). */
const char *mtkfw_firmware_path(const struct mtkfw_firmware *fw);

/** The package's check report (its scatter, rows, findings). */
const struct mtkfw_report *mtkfw_firmware_report(const struct mtkfw_firmware *fw);

/** The package's board profile. */
const struct mtkfw_board *mtkfw_firmware_board(const struct mtkfw_firmware *fw);

/* ---- phone: a session whose layout is established once ---- */

struct mtkfw_phone;

/** How to reach the phone. MTKFW_INIT it. */
struct mtkfw_phone_opts {
	size_t size;
	const char *port;	 /**< /dev/ttyACMn, COMn or an emulator pty; NULL = detect */
	const char *usb;	 /**< use libusb on this device ("" = the only one), or NULL */
	unsigned wait_ms;	 /**< how long to wait for the phone (0: 10 s) */
	const char *da;		 /**< DA file; NULL = mtkfw_da_default_path() */
	const char *preloader;	 /**< EMI records for BROM mode, when no firmware gives them */
	const char *layout_from; /**< the user's word on the phone's layout (docs/identity.md) */
	bool no_da;		 /**< identify only: no DA, no layout (detect without EMI) */
	struct mtkfw_transport *transport; /**< an open link to use instead (taken over) */
};

/**
 * Find the phone, connect, load the DA (DRAM set up from fw's EMI records
 * when fw is given, else from o->preloader or the ones remembered for this
 * eMMC) and establish its layout once (mtkfw/layout.h): events connect,
 * connected, layout. The layout's verdict is not an error here; the jobs that
 * write check it.
 */
int mtkfw_phone_open(struct mtkfw_job *j, const struct mtkfw_phone_opts *o,
		     const struct mtkfw_firmware *fw, struct mtkfw_phone **out);

/** Reboot the phone normally (reboot true) or leave it in download mode, and close. */
int mtkfw_phone_close(struct mtkfw_job *j, struct mtkfw_phone *p, bool reboot);

/** The session (for what the job API does not cover). */
struct mtkfw_session *mtkfw_phone_session(const struct mtkfw_phone *p);

/** The phone's layout, as established when it was opened. */
const struct mtkfw_layout *mtkfw_phone_layout(const struct mtkfw_phone *p);

/* ---- the jobs ---- */

/** What detect found. MTKFW_INIT it. */
struct mtkfw_detect_result {
	size_t size;
	bool no_da; /**< identified only */
};

/**
 * Identify the phone and, unless o->no_da, its eMMC, PMT and layout; the
 * RESULT event carries docs/json.md's detect object. The phone is rebooted.
 */
int mtkfw_job_detect(struct mtkfw_job *j, const struct mtkfw_phone_opts *o,
		     struct mtkfw_detect_result *res);

/** The connected phone's board profile (mtkfw/board.h) into *out; a few MiB read (*read_bytes). */
int mtkfw_job_board(struct mtkfw_job *j, struct mtkfw_phone *p, const struct mtkfw_board **out,
		    uint64_t *read_bytes);

/** fw against the phone, line by line (COMPAT events), into *out; 0 whatever the verdict. */
int mtkfw_job_compat(struct mtkfw_job *j, struct mtkfw_phone *p, const struct mtkfw_firmware *fw,
		     const struct mtkfw_compat **out);

/** Options of a flash. MTKFW_INIT it. */
struct mtkfw_flash_job_opts {
	size_t size;
	enum mtkfw_flash_mode mode;
	const char *only, *skip;  /**< comma-separated partition names */
	bool verify;		  /**< read every written range back and compare */
	bool dry_run;		  /**< plan (PLAN events) and stop */
	bool resume;		  /**< continue an interrupted flash from its journal */
	bool write_identity;	  /**< identity partitions the package carries are written */
	const char *force_compat; /**< compat stops to flash past (chip, storage, preloader) */
};

/** What a flash did. MTKFW_INIT it. */
struct mtkfw_flash_job_result {
	size_t size;
	uint64_t sent, erased, skipped; /**< bytes sent, erased instead of sent, left untouched */
	char identity_backup[4096];	/**< the identity backup it checked against */
	double seconds;
	bool resumed;
};

/**
 * Flash fw onto the phone (docs/flash.md): the compat stop, the layout's
 * verdict, the plan (every rule of lib/ops/plan.c), the identity backup
 * first and the identity checks after; STEP and PROGRESS events per step,
 * one INFO "plan" event per step when planning. Refusals come before any write.
 */
int mtkfw_job_flash(struct mtkfw_job *j, struct mtkfw_phone *p, const struct mtkfw_firmware *fw,
		    const struct mtkfw_flash_job_opts *o, struct mtkfw_flash_job_result *res);

/** What to write with mtkfw_job_write. MTKFW_INIT it. */
struct mtkfw_write_opts {
	size_t size;
	const char *file;	/**< the image (partition) or raw bytes (range) */
	const char *partition;	/**< the partition, as the layout names it; or NULL for a range */
	uint64_t start, length; /**< the range of the user area (partition NULL): sector-aligned */
	bool write_identity;	/**< the partition or range may be an identity partition's */
	bool write_preloader;	/**< the partition may be PRELOADER */
	bool any_kind;		/**< an image of another kind than the partition holds */
	const char *force_compat;
	bool dry_run;
};

/** What a write did. MTKFW_INIT it. */
struct mtkfw_write_result {
	size_t size;
	char saved[4096]; /**< what it overwrote, saved first ('mtkfw restore' puts it back) */
	char identity_backup[4096]; /**< the identity backup it checked against */
	uint64_t bytes;
};

/**
 * Write one image into one partition, or raw bytes into a range of the user
 * area (docs/images.md): refused over the partition tables, over identity
 * partitions (unless write_identity), for an image of another kind (unless
 * any_kind) or too big (1011); what it overwrites saved first; written,
 * read back and compared; identity guarded before and checked after.
 */
int mtkfw_job_write(struct mtkfw_job *j, struct mtkfw_phone *p, const struct mtkfw_write_opts *o,
		    struct mtkfw_write_result *res);

/** What to read with mtkfw_job_readback. MTKFW_INIT it. */
struct mtkfw_readback_opts {
	size_t size;
	const char *path;      /**< the file to write */
	const char *partition; /**< by the layout's name; or NULL for a range */
	enum mtkfw_emmc_part area;
	uint64_t start, length; /**< the range of area; whole: length 0 and whole true */
	bool whole;
};

/** Read a partition or a range into a file (zero blocks as holes); *out says what was read. */
int mtkfw_job_readback(struct mtkfw_job *j, struct mtkfw_phone *p,
		       const struct mtkfw_readback_opts *o,
		       const struct mtkfw_readback_result **out);

/** What to erase with mtkfw_job_format. MTKFW_INIT it. */
struct mtkfw_format_opts {
	size_t size;
	const char *partition;	    /**< one partition of the layout; or */
	bool all_except_bootloader; /**< the user area but the identity partitions; or */
	enum mtkfw_emmc_part area;  /**< a range of an area */
	uint64_t start, length;
	bool force_identity; /**< identity partitions may be erased (backed up first) */
};

/** What a format did. MTKFW_INIT it. */
struct mtkfw_format_result {
	size_t size;
	uint64_t erased;
	char identity_backup[4096];
	char forced[256]; /**< identity partitions erased on purpose (force_identity) */
	bool leaves_ff;	  /**< this phone's erase leaves 0xFF, not zeros */
};

/**
 * Erase: identity partitions refused (MTKFW_E_IDENTITY, exit 77 in the CLI)
 * unless force_identity; the guard before, the identity check after.
 */
int mtkfw_job_format(struct mtkfw_job *j, struct mtkfw_phone *p, const struct mtkfw_format_opts *o,
		     struct mtkfw_format_result *res);

/** What to save with mtkfw_job_backup. MTKFW_INIT it. */
struct mtkfw_backup_job_opts {
	size_t size;
	enum mtkfw_backup_kind kind; /**< IDENTITY, FULL or FULL_EVERY_BYTE */
	const char *dir;	     /**< a folder of its own instead of the store */
};

/** Back the phone up (docs/backup.md), verified against it; *out is the backup. */
int mtkfw_job_backup(struct mtkfw_job *j, struct mtkfw_phone *p,
		     const struct mtkfw_backup_job_opts *o, const struct mtkfw_backup **out);

/** What to put back with mtkfw_job_restore. MTKFW_INIT it. */
struct mtkfw_restore_job_opts {
	size_t size;
	const char *only;    /**< comma-separated file names; NULL: every file */
	bool other_device;   /**< a backup of this phone before its eMMC was replaced */
	bool write_identity; /**< a range may go back over what the layout now calls identity */
};

/** What a restore did. MTKFW_INIT it. */
struct mtkfw_restore_job_result {
	size_t size;
	char guard[4096];  /**< the identity backup of the phone as it was before */
	char written[256]; /**< identity partitions put back from their own backup */
};

/** Put the backup in dir back (mtkfw_backup_restore's rules), verified first. */
int mtkfw_job_restore(struct mtkfw_job *j, struct mtkfw_phone *p, const char *dir,
		      const struct mtkfw_restore_job_opts *o, struct mtkfw_restore_job_result *res);

/** Check a backup's files against its manifest (no phone); *out is the backup. */
int mtkfw_job_verify(struct mtkfw_job *j, const char *dir, const struct mtkfw_backup **out);

/** What to dump with mtkfw_job_dump_package. MTKFW_INIT it. */
struct mtkfw_dump_job_opts {
	size_t size;
	const char *out;    /**< a new folder, or FILE.zip */
	bool with_identity; /**< NVRAM, PRO_INFO... too: never for another phone */
};

/** A flashable package of this phone (docs/backup.md); out describes what it holds. */
int mtkfw_job_dump_package(struct mtkfw_job *j, struct mtkfw_phone *p,
			   const struct mtkfw_dump_job_opts *o,
			   const struct mtkfw_device_scatter **out);

/** The phone's layout as a scatter file at path; out holds its rows. */
int mtkfw_job_scatter_from_device(struct mtkfw_job *j, struct mtkfw_phone *p, const char *path,
				  const struct mtkfw_device_scatter **out);

/** What mtkfw_job_doctor may look at and do. MTKFW_INIT it. */
struct mtkfw_doctor_opts {
	size_t size;
	const char *const *packages; /**< folders of packages (each entry a folder, an archive or
					  a scatter file; a folder with a scatter is one) */
	size_t n_packages;
	bool fix; /**< carry the plan out (each write saves what it overwrites first) */
};

/** What the doctor found and did. MTKFW_INIT it. */
struct mtkfw_doctor_result {
	size_t size;
	unsigned findings;  /**< findings told */
	unsigned problems;  /**< of them, errors (after --fix: what is left) */
	unsigned steps;	    /**< steps of the plan */
	bool fixed;	    /**< the plan was carried out and the phone looks well again */
	char package[4096]; /**< the package that fits best, or "" */
	char cid[33];	    /**< the phone's eMMC CID, "" when the phone was not reached */
};

/**
 * What is wrong with this phone, which package fits it, and the way back
 * (docs/dead-phone.md): "finding" events (what, level ok/warning/error,
 * evidence, fix) about the host when no port appears, the link, boot1's
 * preloader (missing, damaged, an EMI table without this eMMC), lk, boot and
 * recovery, the identity partitions and this phone's backups; "rank" events,
 * one per package (compat lines counted); "plan" events, the job-API steps
 * that bring it back (the fitting package's preloader, lk, boot or recovery;
 * identity only from this phone's own backup). With o->fix the steps run as
 * write and restore jobs, and the phone is examined again. 0 when the doctor
 * could say what it found (no phone, or DRAM that cannot come up, are
 * findings), or the error of a step that failed.
 */
int mtkfw_job_doctor(struct mtkfw_job *j, const struct mtkfw_phone_opts *po,
		     const struct mtkfw_doctor_opts *o, struct mtkfw_doctor_result *res);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_JOB_H */
