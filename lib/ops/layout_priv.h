/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What layout.c (the phone's sources and their verdict) and layout_given.c (a
 * layout the user gives, weighed against them) share while deciding.
 */
#ifndef MTKFW_LAYOUT_PRIV_H
#define MTKFW_LAYOUT_PRIV_H

#include "internal.h"
#include "mtkfw/layout.h"

#define LAYOUT_DISPUTES_SHOWN 4 /* more are counted, not listed: what to check stays in view */

/* Work in progress of one decision. */
struct layout_decision {
	char disputes[900];
	unsigned n_disputes;
	bool confirmed_by_content; /* a backup's content found where it says */
	const struct mtkfw_layout_probe *probe;
};

/** Append to a bounded text buffer. */
void layout_cat(char *buf, size_t n, const char *fmt, ...) MTKFW_PRINTF(3, 4);

/** A source's claim about name (any case), or NULL. */
const struct mtkfw_claim *layout_find_claim(const struct mtkfw_layout_source *s, const char *name);

/** The partition an ext4 mount point belongs to ("/protect_f": PROTECT_F), or NULL. */
const char *layout_mount_name(const char *mount);

/** Same area and offset, and the same length unless one runs to the end. */
bool layout_same_place(const struct mtkfw_claim *a, const struct mtkfw_claim *b);

/** A readable table of the phone (PMT, MBR/EBR) or the package in download mode. */
bool layout_structural(const struct mtkfw_layout_source *s);

/** The readable source of kind k, or NULL. */
const struct mtkfw_layout_source *layout_source_of(const struct mtkfw_layout *l,
						   enum mtkfw_source_kind k);

/** The first source present but unreadable, or NULL. */
const struct mtkfw_layout_source *layout_damaged(const struct mtkfw_layout *l);

/** Does the phone hold saved's content (a SHA-256 it carries) at place's range? */
bool layout_content_at(struct layout_decision *d, const struct mtkfw_claim *place,
		       const struct mtkfw_claim *saved);

/** Record one disagreement (the first LAYOUT_DISPUTES_SHOWN are spelt out). */
void layout_disagree(struct layout_decision *d, const char *fmt, ...) MTKFW_PRINTF(2, 3);

/** Record that source a puts name at x and source b at y. */
void layout_dispute(struct layout_decision *d, const char *name,
		    const struct mtkfw_layout_source *a, const struct mtkfw_claim *x,
		    const struct mtkfw_layout_source *b, const struct mtkfw_claim *y);

/** Every name an identity partition has in any readable source, each once; returns how many. */
size_t layout_identity_names(const struct mtkfw_layout *l, const char **names, size_t max);

/** The partition list: s's named claims. */
void layout_take_parts(struct mtkfw_layout *l, const struct mtkfw_layout_source *s);

/** l->why for an untrusted verdict: the headline, each source's word, what to check. */
void layout_explain(struct mtkfw_layout *l, const char *headline);

/** The verdict when the user gave a layout g (layout_given.c). */
void layout_decide_given(struct mtkfw_layout *l, struct layout_decision *d,
			 const struct mtkfw_layout_source *g);

#endif
