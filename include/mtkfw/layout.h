/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Where a phone's partitions are, and above all its identity (NVRAM,
 * PRO_INFO, PROTECT_F/S, SECCFG), established once per session from every
 * source at hand (docs/identity.md): the PMT the DA reports, the MBR/EBR
 * chain on the eMMC, the newest backup of the same eMMC (by CID), in
 * download mode the package's scatter, and what the phone holds. A layout
 * the user gives is one more witness, checked against all of them. No
 * single source decides: an unreadable table, sources that disagree about an
 * identity partition, or a layout nothing confirms make every destructive
 * operation refuse before it writes, naming each source and what it says;
 * where only the user's word is left, every byte a command changes is backed
 * up first (mtkfw_identity_guard).
 */
#ifndef MTKFW_LAYOUT_H
#define MTKFW_LAYOUT_H

#include "mtkfw/backup.h"
#include "mtkfw/pmt.h"
#include "mtkfw/scatter.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Kinds of source, in the order they are listed. */
enum mtkfw_source_kind {
	MTKFW_SOURCE_PMT = 0, /**< the PMT the DA reported */
	MTKFW_SOURCE_MBR,     /**< the MBR/EBR chain at the start of the user area */
	MTKFW_SOURCE_BACKUP,  /**< the newest backup of this eMMC in the store */
	MTKFW_SOURCE_PACKAGE, /**< download mode: the package's scatter must be the phone's */
	MTKFW_SOURCE_GIVEN,   /**< --layout-from: the user's word, checked against the others */
};

enum mtkfw_source_state {
	MTKFW_SOURCE_ABSENT = 0, /**< nothing there (a blank table, no backup) */
	MTKFW_SOURCE_READABLE,	 /**< read and every check passed */
	MTKFW_SOURCE_UNREADABLE, /**< present but damaged: never acted on */
};

/** What one source says about one partition. */
struct mtkfw_claim {
	char name[65];	      /**< "" for an MBR/EBR partition nothing names */
	struct mtkfw_range r; /**< area, offset in it, length */
	uint64_t linear;      /**< the address the source itself gives (its own space) */
	bool to_end;	      /**< the length is "to the end of the area" */
	bool by_rule;	      /**< named by MT6572's table order, not by the source */
	bool reserved;	      /**< a reserved-tail row (OTP, BMTPOOL), placed from the end */
	bool has_sha;	      /**< a backup's SHA-256 of the saved content */
	uint8_t sha256[32];
};

#define MTKFW_LAYOUT_CLAIMS 72

/** One source and its claims. */
struct mtkfw_layout_source {
	enum mtkfw_source_kind kind;
	enum mtkfw_source_state state;
	char label[200]; /**< "PMT (88-byte entries)", "backup <dir>", ... */
	char note[400];	 /**< why it is absent or unreadable; what else was noticed */
	size_t n;
	struct mtkfw_claim c[MTKFW_LAYOUT_CLAIMS];
};

/**
 * The verdict. Only OK and GIVEN let anything be written; GIVEN only after
 * every byte a command changes is backed up (mtkfw_identity_guard).
 */
enum mtkfw_layout_state {
	MTKFW_LAYOUT_OK = 0,   /**< identity located; the sources agree and confirm each other (a
				    given layout included, where something confirms each of its
				    identity partitions) */
	MTKFW_LAYOUT_GIVEN,    /**< the user's layout (--layout-from) is taken: no source disputes
				    it, but for some identity partition it is the only witness */
	MTKFW_LAYOUT_DISPUTED, /**< sources disagree where an identity partition is */
	MTKFW_LAYOUT_DAMAGED,  /**< a table on the phone is present but unreadable */
	MTKFW_LAYOUT_UNKNOWN,  /**< no source names NVRAM, or none is confirmed by another */
};

#define MTKFW_LAYOUT_SOURCES  5
#define MTKFW_LAYOUT_IDENTITY 12

/** A phone's layout. Large: allocated by mtkfw_layout_new / _establish. */
struct mtkfw_layout {
	enum mtkfw_layout_state state;
	char why[4096]; /**< not OK: what is wrong, each source's word, what to check */
	uint64_t user_size, boot1_size;
	size_t n_sources;
	struct mtkfw_layout_source src[MTKFW_LAYOUT_SOURCES];
	/** The partitions by name, from the most complete trusted source (sorted). */
	size_t n_parts;
	struct mtkfw_claim parts[MTKFW_LAYOUT_CLAIMS];
	/** Where each identity partition is (OK and GIVEN only). */
	size_t n_identity;
	struct mtkfw_claim identity[MTKFW_LAYOUT_IDENTITY];
	char basis[600];       /**< OK, GIVEN: which sources confirmed what, for people */
	char unconfirmed[200]; /**< GIVEN: the identity partitions only the user's word places */
};

/** Options of mtkfw_layout_establish(). */
struct mtkfw_layout_opts {
	const char *store;	 /**< backup store (NULL: mtkfw_backup_store()) */
	const char *layout_from; /**< a scatter file, a package or a backup folder of this phone:
				      one more witness (docs/identity.md) */
};

/** An empty layout for an area of user_size bytes and boot1 of boot1_size (NULL: no memory). */
struct mtkfw_layout *mtkfw_layout_new(uint64_t user_size, uint64_t boot1_size);

void mtkfw_layout_free(struct mtkfw_layout *l);

/**
 * Establish the connected phone's layout: its PMT (as the session decoded
 * it), the MBR/EBR chain and the ext4 mount points of the partitions it lists
 * (a few small reads), the newest backup of its CID in the store, and
 * o->layout_from when given. A verdict other than OK is not an error: the
 * operations that write check it (mtkfw_layout_may_write).
 */
int mtkfw_layout_establish(struct mtkfw_session *s, const struct mtkfw_layout_opts *o,
			   struct mtkfw_layout **out);

/**
 * The layout plus the package's scatter as one more source (download mode,
 * where the package's layout must be the phone's): a new value in *out.
 */
int mtkfw_layout_with_package(struct mtkfw_session *s, const struct mtkfw_layout *l,
			      const struct mtkfw_scatter *sc, struct mtkfw_layout **out);

/** OK or GIVEN. */
bool mtkfw_layout_trusted(const struct mtkfw_layout *l);

/**
 * May anything be written or erased? 0 when trusted; otherwise
 * MTKFW_E_IDENTITY with a sentence naming what was about to happen (what),
 * the verdict, every source and the way out.
 */
int mtkfw_layout_may_write(struct mtkfw_ctx *ctx, const struct mtkfw_layout *l, const char *what);

/** A partition's range by name (PRELOADER: boot1). MTKFW_E_NOT_FOUND listing the names. */
int mtkfw_layout_range(struct mtkfw_ctx *ctx, const struct mtkfw_layout *l, const char *name,
		       struct mtkfw_range *out);

/** Where an identity partition is (trusted layouts), or NULL. */
const struct mtkfw_claim *mtkfw_layout_identity(const struct mtkfw_layout *l, const char *name);

/** The identity partitions a range overlaps, comma-separated into out ("" if none). */
void mtkfw_layout_identity_hits(const struct mtkfw_layout *l, const struct mtkfw_range *r,
				char *out, size_t n);

/** "ok", "given", "disputed", "damaged", "unknown". */
const char *mtkfw_layout_state_name(enum mtkfw_layout_state s);

/** "PMT", "MBR/EBR", "backup", "package scatter", "given layout". */
const char *mtkfw_source_kind_name(enum mtkfw_source_kind k);

/* ---- building sources and deciding, without a phone (tests, fuzzing) ---- */

/** A source from a decoded PMT. */
void mtkfw_layout_add_pmt(struct mtkfw_layout *l, const struct mtkfw_pmt *p);

/**
 * A source from an MBR/EBR chain. mounted[i] is partition i's ext4 mount point
 * ("/protect_f") or NULL; partitions without one are named by MT6572's order
 * (the first two filesystems are PROTECT_F and PROTECT_S), marked by_rule.
 */
void mtkfw_layout_add_mbr(struct mtkfw_layout *l, const struct mtkfw_mbr_chain *c,
			  const char *const *mounted);

/** A source from a scatter (the package's in download mode, or the user's). */
void mtkfw_layout_add_scatter(struct mtkfw_layout *l, enum mtkfw_source_kind kind,
			      const struct mtkfw_scatter *sc, const char *label);

/** A source from a backup's manifest (its identity files and partition table). */
void mtkfw_layout_add_backup(struct mtkfw_layout *l, enum mtkfw_source_kind kind,
			     const struct mtkfw_backup *b);

/** A source that is absent or unreadable, with the reason. */
void mtkfw_layout_add_missing(struct mtkfw_layout *l, enum mtkfw_source_kind kind,
			      enum mtkfw_source_state state, const char *label, const char *note);

/**
 * What the phone holds, asked while deciding; either may be NULL (not asked).
 * hash: SHA-256 of a range, 0 or an error code. mount: the "last mounted on"
 * of an ext4 filesystem starting at the range into out ("" when it has none),
 * MTKFW_E_FORMAT when no ext4 starts there, another code when it cannot be read.
 */
struct mtkfw_layout_probe {
	int (*hash)(void *user, const struct mtkfw_range *r, uint8_t sha256[32]);
	int (*mount)(void *user, const struct mtkfw_range *r, char *out, size_t n);
	void *user;
};

/**
 * Decide from the sources added (see the rules in docs/identity.md). probe,
 * when not NULL, lets a backup's claim that differs from the tables be
 * settled by what the phone holds there now, and a given layout's identity
 * partitions be confirmed or disputed by the content at their places.
 */
void mtkfw_layout_decide(struct mtkfw_layout *l, const struct mtkfw_layout_probe *probe);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_LAYOUT_H */
