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

/** One saved range. */
struct mtkfw_backup_file {
	char name[65]; /**< partition name, or "boot1" / "boot2" / "user" */
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

/**
 * Write backed-up ranges back to the phone (only: comma-separated names, NULL
 * = all), each hash checked before writing and verified after: whole areas
 * where they were, partitions where the layout l (which must be trusted) has
 * them now. Refuses a backup of another phone unless other_device.
 */
int mtkfw_backup_restore(struct mtkfw_session *s, const struct mtkfw_layout *l,
			 const struct mtkfw_backup *b, const char *only, bool other_device,
			 mtkfw_progress_cb progress, void *user);

/**
 * The identity partitions of l that a restore of b (only: as for
 * mtkfw_backup_restore) writes, comma-separated into out: the phone's own
 * data put back on purpose, not to be compared with the guard's backup.
 */
void mtkfw_restore_identity_written(const struct mtkfw_layout *l, const struct mtkfw_backup *b,
				    const char *only, char *out, size_t n);

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

/** The file entry named name, or NULL. */
const struct mtkfw_backup_file *mtkfw_backup_find(const struct mtkfw_backup *b, const char *name);

/**
 * The guard before a destructive operation: the layout l must be trusted,
 * and the newest identity backup of this phone in the store must hold every
 * identity partition l names, where l has it, match its own hashes and what
 * the phone holds now (read back); else a fresh one is made. Fails rather
 * than go on without. Afterwards *out is the phone's identity as it was.
 */
int mtkfw_identity_guard(struct mtkfw_session *s, const struct mtkfw_layout *l, const char *store,
			 struct mtkfw_backup *out, mtkfw_progress_cb progress, void *user);

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
