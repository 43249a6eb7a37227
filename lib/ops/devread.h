/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Reads of one partition of the phone for the filesystem parsers
 * (mtkfw_read_at_cb), through a window of at least DEVREAD_WINDOW bytes:
 * metadata lookups touch nearby bytes many times and each DA read costs a
 * round trip.
 */
#ifndef MTKFW_DEVREAD_H
#define MTKFW_DEVREAD_H

#include "mtkfw/emmc.h"
#include "mtkfw/session.h"

#define DEVREAD_WINDOW (256u << 10)

struct devread {
	struct mtkfw_session *s;
	struct mtkfw_range r; /* the partition */
	uint8_t *win;
	size_t cap, win_len;
	uint64_t win_off;
	uint64_t read; /* bytes read from the phone */
	/* when set, told of every window read (its partition offset and bytes); non-zero stops */
	int (*seen)(void *user, uint64_t off, const uint8_t *p, size_t len);
	void *seen_user;
};

/** A mtkfw_read_at_cb (user: a struct devread) reading inside d->r. */
int devread_at(void *user, uint64_t off, void *buf, size_t len);

/** Release the window (the struct itself is the caller's). */
void devread_release(struct devread *d);

#endif
