/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Windowed reads of one partition of the phone (devread.h). */
#include <stdlib.h>
#include <string.h>

#include "devread.h"
#include "internal.h"

/* Load the 512-aligned window holding [off, off+len). */
static int load_window(struct devread *d, uint64_t off, size_t len)
{
	uint64_t start = off / 512 * 512;
	uint64_t want = (off + len - start + 511) / 512 * 512;
	if (want < DEVREAD_WINDOW)
		want = DEVREAD_WINDOW;
	if (want > d->r.length - start)
		want = d->r.length - start;
	if (want > d->cap) {
		uint8_t *w = realloc(d->win, (size_t)want);
		if (!w)
			return MTKFW_E_NO_MEM;
		d->win = w;
		d->cap = (size_t)want;
	}
	struct mtkfw_range w = {d->r.part, d->r.offset + start, want};
	d->win_len = 0;
	int r = mtkfw_read_mem(d->s, &w, d->win);
	if (!r) {
		d->read += want;
		d->win_off = start;
		d->win_len = (size_t)want;
	}
	if (!r && d->seen)
		r = d->seen(d->seen_user, start, d->win, (size_t)want);
	return r;
}

int devread_at(void *user, uint64_t off, void *buf, size_t len)
{
	struct devread *d = user;
	if (off > d->r.length || len > d->r.length - off)
		return MTKFW_E_FORMAT;
	if (!len)
		return 0;
	if (off < d->win_off || off + len > d->win_off + d->win_len) {
		int r = load_window(d, off, len);
		if (r)
			return r;
	}
	memcpy(buf, d->win + (off - d->win_off), len);
	return 0;
}

void devread_release(struct devread *d)
{
	free(d->win);
	d->win = NULL;
	d->cap = d->win_len = 0;
}
