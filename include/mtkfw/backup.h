/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Device-bound backups (docs/backup.md). A backup is a folder with a
 * manifest.json (tool, date, chip, versions, ME_ID, eMMC CID, sizes, the
 * phone's partition table, and each file's region, offset, length and
 * SHA-256) and one sparse raw file per saved range. It is written under a
 * temporary name, read back and verified against the phone, fsync'd, then
 * renamed: an interrupted backup never looks complete.
 */
#ifndef MTKFW_BACKUP_H
#define MTKFW_BACKUP_H

#include "mtkfw/emmc.h"

#ifdef __cplusplus
extern "C" {
#endif

struct mtkfw_layout;

/** What to save. */
enum mtkfw_backup_kind {
	MTKFW_BACKUP_IDENTITY = 0, /**< NVRAM, PRO_INFO, PROTECT_F/S, SECCFG, PMT, MBR/EBR */
	MTKFW_BACKUP_FULL, /**< boot1, boot2 and the user area, filesystems' free space left out */
	MTKFW_BACKUP_FULL_EVERY_BYTE, /**< the same, reading free space too (saved as FULL) */
	MTKFW_BACKUP_PARTITIONS, /**< named partitions, before one is overwritten (mtkfw write) */
};

/** "identity", "full" or "partitions": the word a backup folder's name ends with. */
const char *mtkfw_backup_kind_name(enum mtkfw_backup_kind k);

/** What a saved file holds, which decides where a restore may put it. */
enum mtkfw_backup_what {
	MTKFW_SAVED_PARTITION = 0, /**< a partition, by name: back where the layout has it now */
	MTKFW_SAVED_AREA,	   /**< a whole area (boot1, boot2, user): back where it was */
	MTKFW_SAVED_RANGE,	   /**< a byte range ("user-0x2800000"): back to that range only */
	MTKFW_SAVED_PMT,	   /**< the PMT blocks: back where the PMT sits */
};

/** "partition", "area", "range", "pmt". */
const char *mtkfw_backup_what_name(enum mtkfw_backup_what w);

/** One saved range. */
struct mtkfw_backup_file {
	char name[65]; /**< partition name, "boot1" / "boot2" / "user", "PMT", or a range's */
	enum mtkfw_backup_what what;
	char file[96]; /**< file name inside the backup folder */
	enum mtkfw_emmc_part part;
	uint64_t offset, length, zero_bytes;
	uint64_t free_bytes; /**< filesystems' free space: not read, saved and restored as zeros */
	uint64_t reread_bytes; /**< read from the phone a second time and compared, when made */
	uint8_t sha256[32];
};

/** A backup's manifest. */
struct mtkfw_backup {
	char dir[4096]; /**< the backup folder */
	enum mtkfw_backup_kind kind;
	char tool[32], date[32], chip[16];
	uint16_t hw_code, hw_sub, hw_ver, sw_ver;
	char me_id[33], cid[33]; /**< hex */
	uint64_t boot1, boot2, rpmb, user;
	char layout[400]; /**< how the phone's layout was established when it was made */
	size_t n_files;
	struct mtkfw_backup_file files[64];
	size_t n_pmt;
	struct mtkfw_pmt_entry pmt[64];
};

/** The store: $MTKFW_STORE, else ~/.local/share/mtkfw/backups (into buf). */
const char *mtkfw_backup_store(char *buf, size_t len);

/**
 * Back the phone up into <store>/<CID>/<date>-<kind>/ (or into dir when not
 * NULL). Verified against the phone before the folder gets its final name.
 * An identity backup saves every identity partition of the layout l, which
 * must be trusted (mtkfw/layout.h); a full one reads every byte unless l is
 * trusted, when the free space of its filesystems is left out.
 */
int mtkfw_backup_make(struct mtkfw_session *s, const struct mtkfw_layout *l,
		      enum mtkfw_backup_kind kind, const char *store, const char *dir,
		      mtkfw_progress_cb progress, void *user, struct mtkfw_backup *out);

/**
 * Back up the named partitions of l (comma-separated; l must be trusted)
 * into <store>/<CID>/<date>-partitions/, verified against the phone: what
 * `mtkfw write` saves before it overwrites a partition, restorable with
 * mtkfw_backup_restore(). MTKFW_E_NOT_FOUND naming a partition l lacks.
 */
int mtkfw_backup_partitions(struct mtkfw_session *s, const struct mtkfw_layout *l,
			    const char *names, const char *store, mtkfw_progress_cb progress,
			    void *user, struct mtkfw_backup *out);

/**
 * Back up one range of the phone, saved under name, into a "partitions"
 * backup in the store, as mtkfw_backup_partitions() does (mtkfw write
 * --range). Restored where it was.
 */
int mtkfw_backup_range(struct mtkfw_session *s, const struct mtkfw_layout *l, const char *name,
		       const struct mtkfw_range *r, const char *store, mtkfw_progress_cb progress,
		       void *user, struct mtkfw_backup *out);

/** Read a backup's manifest. */
int mtkfw_backup_load(struct mtkfw_ctx *ctx, const char *dir, struct mtkfw_backup *out);

/**
 * Check every file of a backup against its manifest hash (no phone needed).
 * An identity backup without NVRAM is no identity backup: MTKFW_E_IDENTITY.
 */
int mtkfw_backup_verify(struct mtkfw_ctx *ctx, const struct mtkfw_backup *b,
			mtkfw_progress_cb progress, void *user);

/** Does the backup come from the connected phone (same CID; same ME_ID when both are known)? */
bool mtkfw_backup_same_phone(const struct mtkfw_backup *b, const struct mtkfw_session *s);

/** The newest complete backup of kind for this phone (by CID) in the store. */
int mtkfw_backup_latest(struct mtkfw_ctx *ctx, const char *store, const char *cid_hex,
			enum mtkfw_backup_kind kind, struct mtkfw_backup *out);

/** Options of mtkfw_backup_restore(). Zero-initialise. */
struct mtkfw_restore_opts {
	const char *only;    /**< comma-separated file names; NULL: every file */
	bool other_device;   /**< a backup of another eMMC: this phone's, before its eMMC was
				  replaced (it is then this phone's own backup) */
	bool write_identity; /**< a range may go back over what the layout now calls identity */
	const char *store;   /**< backup store (NULL: mtkfw_backup_store()) */
	mtkfw_progress_cb progress;
	void *user;
};

/** What a restore did. */
struct mtkfw_restore_result {
	char guard[4096];  /**< the identity backup of the phone as it was before */
	char written[256]; /**< identity partitions put back from their own backup */
};

/**
 * Write backed-up ranges back to the phone (docs/backup.md), every rule
 * applied before the first write: the backup must be this phone's (or
 * other_device), intact, and the layout l trusted. A file saved as a
 * partition goes back only to that partition, where l has it now; a whole
 * area and a range go back where they were, a range refused when l now puts
 * an identity partition there (unless write_identity); the PMT blocks go
 * where the PMT sits. Then the guard (mtkfw_identity_guard, with every range
 * it writes), each file written and read back, and the identity check of l:
 * a partition is left out of it only when the file restored into it is that
 * partition's own backup from this phone (res->written).
 */
int mtkfw_backup_restore(struct mtkfw_session *s, const struct mtkfw_layout *l,
			 const struct mtkfw_backup *b, const struct mtkfw_restore_opts *o,
			 struct mtkfw_restore_result *res);

/** Write one backed-up file to a range of the phone (its hash checked first). */
int mtkfw_backup_write_file(struct mtkfw_session *s, const struct mtkfw_backup *b,
			    const struct mtkfw_backup_file *f, const struct mtkfw_range *to,
			    mtkfw_progress_cb progress, void *user);

/**
 * Write the local raw file at path to the start of range to (it must fit),
 * data runs written and zero runs erased or zero-filled, then read back and
 * compared by SHA-256 (mtkfw write --range). No check of what the range
 * holds: the caller refuses identity partitions and tables first.
 */
int mtkfw_write_file_to(struct mtkfw_session *s, const char *path, const struct mtkfw_range *to,
			mtkfw_progress_cb progress, void *user);

/**
 * The linear address of the user area in the backup's partition table: its
 * MBR entry's offset, 0 without one (the table's offsets are linear, as a
 * scatter's and the PMT's).
 */
uint64_t mtkfw_backup_user_base(const struct mtkfw_backup *b);

/** The file entry named name, or NULL. */
const struct mtkfw_backup_file *mtkfw_backup_find(const struct mtkfw_backup *b, const char *name);

/**
 * The guard before a destructive operation that will erase or write the
 * ranges touch (n_touch of them): the layout l must be trusted. When it
 * rests on the user's word alone (MTKFW_LAYOUT_GIVEN), every byte of touch
 * is first saved (mtkfw_backup_changed). Then the newest identity backup of
 * this phone in the store must hold every identity partition l names, where
 * l has it, match its own hashes and what the phone holds now (read back);
 * else a fresh one is made. Fails rather than go on without. Afterwards *out
 * is the phone's identity as it was.
 */
int mtkfw_identity_guard(struct mtkfw_session *s, const struct mtkfw_layout *l, const char *store,
			 const struct mtkfw_range *touch, size_t n_touch, struct mtkfw_backup *out,
			 mtkfw_progress_cb progress, void *user);

/**
 * When the layout l rests on the user's word alone (MTKFW_LAYOUT_GIVEN): save
 * every byte of the ranges touch (merged where they meet) into a verified
 * "partitions" backup of range files, read twice, before a command changes
 * them: whatever the layout, nothing is lost (docs/identity.md). Says so in
 * the log, with the folder. Otherwise nothing is read and out->dir is "".
 */
int mtkfw_backup_changed(struct mtkfw_session *s, const struct mtkfw_layout *l,
			 const struct mtkfw_range *touch, size_t n, const char *store,
			 mtkfw_progress_cb progress, void *user, struct mtkfw_backup *out);

/** The name a range is saved under: "<area>-0x<offset>" ("user-0x2800000"). */
void mtkfw_range_name(const struct mtkfw_range *r, char *out, size_t n);

/**
 * After a destructive command: every identity partition of l that b holds is
 * read back where l has it and compared with b by SHA-256, except the names
 * in skip (comma-separated: written on purpose). MTKFW_E_IDENTITY naming
 * each one that differs and how to put it back.
 */
int mtkfw_identity_check(struct mtkfw_session *s, const struct mtkfw_layout *l,
			 const struct mtkfw_backup *b, const char *skip);

/**
 * Record a verified identity backup again for its partitions' new places
 * (after a flash moved them): a new folder in the store sharing b's files,
 * moved[i] the new range of b->files[i] (a length other than the file's
 * leaves it out), table the new partition table (n entries). The newest
 * backup then agrees with the phone's tables.
 */
int mtkfw_backup_record_moved(struct mtkfw_ctx *ctx, const struct mtkfw_backup *b,
			      const struct mtkfw_range *moved, const struct mtkfw_pmt_entry *table,
			      size_t n, const char *store, struct mtkfw_backup *out);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_BACKUP_H */
