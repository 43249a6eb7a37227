/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The used bytes of the user area, for a full backup: every partition of the
 * phone's layout that holds a filesystem mtkfw/fsmap.h recognises contributes
 * only what the filesystem uses; identity partitions, raw partitions, gaps
 * and unrecognised content are read whole.
 */
#include <stdlib.h>
#include <string.h>

#include "devread.h"
#include "internal.h"
#include "mtkfw/fsmap.h"
#include "mtkfw/layout.h"
#include "mtkfw/emmc.h"
#include "mtkfw/scatter.h"

struct part {
	struct mtkfw_range r;
	const char *name;
};

static int by_offset(const void *a, const void *b)
{
	const struct part *x = a, *y = b;
	return x->r.offset < y->r.offset ? -1 : x->r.offset > y->r.offset;
}

int mtkfw_partition_used_spans(struct mtkfw_session *s, const struct mtkfw_range *pr,
			       const char *name, struct mtkfw_fsmap *out)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	struct devread d = {.s = s, .r = *pr};
	int r = mtkfw_fsmap_build(ctx, devread_at, &d, pr->length, out);
	devread_release(&d);
	if (!r)
		mtkfw_log(ctx, MTKFW_LOG_INFO, "%s: %s, %llu of %llu bytes in use", name, out->fs,
			  (unsigned long long)out->used, (unsigned long long)pr->length);
	return r;
}

/* Map one partition; its free runs past *cur become holes in out. */
static int map_partition(struct mtkfw_session *s, const struct mtkfw_range *pr, const char *name,
			 uint64_t *cur, struct mtkfw_fsmap *out)
{
	struct mtkfw_fsmap m;
	int r = mtkfw_partition_used_spans(s, pr, name, &m);
	if (r == MTKFW_E_FORMAT)
		return 0; /* no filesystem it is sure of: read whole */
	if (r)
		return r;
	for (size_t i = 0; !r && i <= m.n; i++) {
		uint64_t gap = pr->offset + (i ? m.ext[i - 1].offset + m.ext[i - 1].length : 0);
		uint64_t end = pr->offset + (i < m.n ? m.ext[i].offset : pr->length);
		if (gap < *cur || end <= gap)
			continue;
		r = mtkfw_fsmap_add(out, *cur, gap - *cur);
		*cur = end;
	}
	mtkfw_fsmap_free(&m);
	return r;
}

int mtkfw_user_used_spans(struct mtkfw_session *s, const struct mtkfw_layout *l,
			  struct mtkfw_fsmap *out)
{
	size_t k = 0;
	uint64_t area = mtkfw_session_flash(s)->user, cur = 0;
	struct part *parts = calloc(l->n_parts ? l->n_parts : 1, sizeof(*parts));
	int r = parts ? 0 : MTKFW_E_NO_MEM;
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; !r && i < l->n_parts; i++) {
		const char *name = l->parts[i].name;
		if (!mtkfw_is_identity_partition(name) &&
		    !mtkfw_layout_range(NULL, l, name, &parts[k].r) &&
		    parts[k].r.part == MTKFW_PART_USER && parts[k].r.length)
			parts[k++].name = name;
	}
	if (!r)
		qsort(parts, k, sizeof(*parts), by_offset);
	for (size_t i = 0; !r && i < k; i++)
		r = map_partition(s, &parts[i].r, parts[i].name, &cur, out);
	if (!r && cur < area)
		r = mtkfw_fsmap_add(out, cur, area - cur);
	free(parts);
	if (r)
		mtkfw_fsmap_free(out);
	return r == MTKFW_E_NO_MEM ? mtkfw_fail(mtkfw_session_ctx(s), r, "out of memory") : r;
}
