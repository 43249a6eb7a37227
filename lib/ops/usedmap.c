/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The used bytes of the user area, for a full backup: every partition of the
 * phone's layout that holds a filesystem mtkfw/fsmap.h recognises contributes
 * only what the filesystem uses; identity partitions, raw partitions, gaps
 * and unrecognised content are read whole, and so is what the mapping read.
 * The partitions meant for a filesystem that hold none are named apart, and
 * the mapping's reads are kept with their hashes: the backup decides what of
 * the first is read again and compares the second with its own read.
 */
#include <stdlib.h>
#include <string.h>

#include "devread.h"
#include "digest.h"
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

/* Where a user-area map notes the reads made while one partition is mapped. */
struct recorder {
	struct mtkfw_user_map *m;
	const struct mtkfw_range *pr;
	const char *name;
};

/* A devread window of the partition being mapped joins m->reads with its SHA-256. */
static int record_read(void *user, uint64_t off, const uint8_t *p, size_t len)
{
	struct recorder *rec = user;
	struct mtkfw_user_map *m = rec->m;
	if (mtkfw_grow((void **)&m->reads, &m->cap_reads, m->n_reads + 1, sizeof(*m->reads)))
		return MTKFW_E_NO_MEM;
	struct mtkfw_map_read *r = &m->reads[m->n_reads];
	r->offset = rec->pr->offset + off;
	r->length = len;
	r->name = rec->name;
	if (!digest_once(DIGEST_SHA256, p, len, r->sha256))
		return MTKFW_E_NO_MEM;
	m->n_reads++;
	return 0;
}

/* Map one partition, its reads noted in um when not NULL (see mtkfw_partition_used_spans). */
static int map_one(struct mtkfw_session *s, const struct mtkfw_range *pr, const char *name,
		   struct mtkfw_user_map *um, struct mtkfw_fsmap *out)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	struct recorder rec = {um, pr, name};
	struct devread d = {.s = s, .r = *pr, .seen = um ? record_read : NULL, .seen_user = &rec};
	int r = mtkfw_fsmap_build(ctx, devread_at, &d, pr->length, out);
	devread_release(&d);
	if (!r)
		mtkfw_log(ctx, MTKFW_LOG_INFO, "%s: %s, %llu of %llu bytes in use", name, out->fs,
			  (unsigned long long)out->used, (unsigned long long)pr->length);
	return r;
}

int mtkfw_partition_used_spans(struct mtkfw_session *s, const struct mtkfw_range *pr,
			       const char *name, struct mtkfw_fsmap *out)
{
	return map_one(s, pr, name, NULL, out);
}

/*
 * Partitions whose content is a filesystem and nothing else (system, cache,
 * user data, internal storage): without one, nothing on them is read by the
 * phone (docs/backup.md).
 */
static const char *const filesystem_names[] = {"ANDROID",  "SYSTEM", "CACHE",	"USRDATA",
					       "USERDATA", "FAT",    "CUSTPACK"};

static bool holds_a_filesystem(const char *name)
{
	for (size_t i = 0; i < MTKFW_ARRAY_SIZE(filesystem_names); i++)
		if (mtkfw_strieq(name, filesystem_names[i]))
			return true;
	return false;
}

static int by_span(const void *a, const void *b)
{
	const struct mtkfw_span *x = a, *y = b;
	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* m (of partition pr) with the reads um noted from index first on added: they count as used. */
static int add_reads(struct mtkfw_fsmap *m, const struct mtkfw_user_map *um, size_t first,
		     const struct mtkfw_range *pr)
{
	size_t n = um->n_reads - first;
	struct mtkfw_span *sp = malloc((n ? n : 1) * sizeof(*sp));
	struct mtkfw_fsmap reads = {0}, both;
	int r = sp ? 0 : MTKFW_E_NO_MEM;
	for (size_t i = 0; !r && i < n; i++)
		sp[i] = (struct mtkfw_span){um->reads[first + i].offset - pr->offset,
					    um->reads[first + i].length};
	if (!r)
		qsort(sp, n, sizeof(*sp), by_span);
	for (size_t i = 0; !r && i < n; i++)
		r = mtkfw_fsmap_append(&reads, sp[i].offset, sp[i].length);
	if (!r)
		r = mtkfw_fsmap_union(m, &reads, &both);
	if (!r) {
		mtkfw_fsmap_free(m);
		*m = both;
	}
	mtkfw_fsmap_free(&reads);
	free(sp);
	return r;
}

/*
 * Map one partition into um: its free runs past *cur become holes in um->used;
 * a partition meant for a filesystem that holds none joins um->unformatted.
 */
static int map_partition(struct mtkfw_session *s, const struct mtkfw_range *pr, const char *name,
			 uint64_t *cur, struct mtkfw_user_map *um)
{
	struct mtkfw_fsmap m;
	size_t first = um->n_reads;
	int r = map_one(s, pr, name, um, &m);
	if (r == MTKFW_E_FORMAT && holds_a_filesystem(name)) {
		mtkfw_log(mtkfw_session_ctx(s), MTKFW_LOG_INFO,
			  "%s: no filesystem on it (unformatted?): read whole", name);
		return mtkfw_fsmap_append(&um->unformatted, pr->offset, pr->length);
	}
	if (r == MTKFW_E_FORMAT)
		return 0; /* no filesystem it is sure of: read whole */
	if (!r)
		r = add_reads(&m, um, first, pr);
	for (size_t i = 0; !r && i <= m.n; i++) {
		uint64_t gap = pr->offset + (i ? m.ext[i - 1].offset + m.ext[i - 1].length : 0);
		uint64_t end = pr->offset + (i < m.n ? m.ext[i].offset : pr->length);
		if (gap < *cur || end <= gap)
			continue;
		r = mtkfw_fsmap_add(&um->used, *cur, gap - *cur);
		*cur = end;
	}
	mtkfw_fsmap_free(&m);
	return r;
}

void mtkfw_user_map_free(struct mtkfw_user_map *m)
{
	if (!m)
		return;
	mtkfw_fsmap_free(&m->used);
	mtkfw_fsmap_free(&m->unformatted);
	free(m->reads);
	memset(m, 0, sizeof(*m));
}

int mtkfw_user_used_spans(struct mtkfw_session *s, const struct mtkfw_layout *l,
			  struct mtkfw_user_map *out)
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
		r = mtkfw_fsmap_add(&out->used, cur, area - cur);
	free(parts);
	if (r)
		mtkfw_user_map_free(out);
	return r == MTKFW_E_NO_MEM ? mtkfw_fail(mtkfw_session_ctx(s), r, "out of memory") : r;
}
