/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What every verdict on a layout rests on (layout_priv.h): claims found and
 * compared, the ext4 mount points that name partitions, disagreements
 * recorded, what the phone holds, and the refusal's text. layout.c (the
 * phone's own sources) and layout_given.c (a layout the user gives) both
 * decide with these.
 */
#include <stdio.h>
#include <string.h>

#include "layout_priv.h"

void layout_cat(char *buf, size_t n, const char *fmt, ...)
{
	size_t l = strnlen(buf, n);
	va_list ap;
	if (l + 1 >= n)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + l, n - l, fmt, ap);
	va_end(ap);
}

/* ext4 mount points of MT6572's filesystem partitions, and their scatter names. */
static const struct {
	const char *mount, *name;
} mounts[] = {
	{"/protect_f", "PROTECT_F"}, {"/protect_s", "PROTECT_S"}, {"/system", "ANDROID"},
	{"/cache", "CACHE"},	     {"/data", "USRDATA"},	  {"/custpack", "CUSTPACK"},
};

const char *layout_mount_name(const char *mount)
{
	for (size_t i = 0; mount && i < MTKFW_ARRAY_SIZE(mounts); i++)
		if (!strcmp(mount, mounts[i].mount))
			return mounts[i].name;
	return NULL;
}

const struct mtkfw_claim *layout_find_claim(const struct mtkfw_layout_source *s, const char *name)
{
	for (size_t i = 0; name && *name && i < s->n; i++)
		if (mtkfw_strieq(s->c[i].name, name))
			return &s->c[i];
	return NULL;
}

bool layout_same_place(const struct mtkfw_claim *a, const struct mtkfw_claim *b)
{
	return a->r.part == b->r.part && a->r.offset == b->r.offset &&
	       (a->to_end || b->to_end || a->r.length == b->r.length);
}

bool layout_structural(const struct mtkfw_layout_source *s)
{
	return s->state == MTKFW_SOURCE_READABLE &&
	       (s->kind == MTKFW_SOURCE_PMT || s->kind == MTKFW_SOURCE_MBR ||
		s->kind == MTKFW_SOURCE_PACKAGE);
}

const struct mtkfw_layout_source *layout_source_of(const struct mtkfw_layout *l,
						   enum mtkfw_source_kind k)
{
	for (size_t i = 0; i < l->n_sources; i++)
		if (l->src[i].kind == k && l->src[i].state == MTKFW_SOURCE_READABLE)
			return &l->src[i];
	return NULL;
}

static void describe_claim(char *buf, size_t n, const struct mtkfw_claim *c)
{
	layout_cat(buf, n, "%s %s+0x%llx (0x%llx bytes%s%s)", c->name, mtkfw_part_name(c->r.part),
		   (unsigned long long)c->r.offset, (unsigned long long)c->r.length,
		   c->to_end ? ", to the end" : "",
		   c->by_rule ? ", named by MT6572's table order" : "");
}

bool layout_content_at(struct layout_decision *d, const struct mtkfw_claim *place,
		       const struct mtkfw_claim *saved)
{
	uint8_t sha[32];
	struct mtkfw_range r = {place->r.part, place->r.offset, saved->r.length};
	return saved->has_sha && d->probe && d->probe->hash &&
	       !d->probe->hash(d->probe->user, &r, sha) && !memcmp(sha, saved->sha256, 32);
}

void layout_disagree(struct layout_decision *d, const char *fmt, ...)
{
	size_t l = strlen(d->disputes);
	va_list ap;
	if (d->n_disputes++ >= LAYOUT_DISPUTES_SHOWN || l + 3 >= sizeof(d->disputes))
		return;
	if (l)
		l += (size_t)snprintf(d->disputes + l, sizeof(d->disputes) - l, "; ");
	va_start(ap, fmt);
	vsnprintf(d->disputes + l, sizeof(d->disputes) - l, fmt, ap);
	va_end(ap);
}

void layout_dispute(struct layout_decision *d, const char *name,
		    const struct mtkfw_layout_source *a, const struct mtkfw_claim *x,
		    const struct mtkfw_layout_source *b, const struct mtkfw_claim *y)
{
	layout_disagree(d, "%s: %s says %s+0x%llx, %s says %s+0x%llx", name, a->label,
			mtkfw_part_name(x->r.part), (unsigned long long)x->r.offset, b->label,
			mtkfw_part_name(y->r.part), (unsigned long long)y->r.offset);
}

void layout_take_parts(struct mtkfw_layout *l, const struct mtkfw_layout_source *s)
{
	l->n_parts = 0;
	for (size_t i = 0; s && i < s->n; i++)
		if (*s->c[i].name)
			l->parts[l->n_parts++] = s->c[i];
}

/* What to do next, by verdict: never "give a layout" where the phone's own sources disagree. */
static const char *next_step(enum mtkfw_layout_state st)
{
	if (st == MTKFW_LAYOUT_DISPUTED)
		return "\n  to check: which of these is this phone's ('mtkfw detect' lists each "
		       "source); a PMT rewritten by another tool, an MBR of other firmware or a "
		       "scatter of another layout is the usual cause. Nothing is written while "
		       "they disagree; 'mtkfw backup --full --every-byte' saves every byte "
		       "whatever they say";
	return "\n  to check: if you know this phone's layout (its own scatter, the package it "
	       "was flashed with, or a backup folder of it), --layout-from FILE gives it: it is "
	       "checked against what the phone holds, and where nothing confirms it every byte "
	       "a command erases or writes is backed up first. 'mtkfw backup --full "
	       "--every-byte' saves every byte whatever the tables say";
}

void layout_explain(struct mtkfw_layout *l, const char *headline)
{
	const char *next = next_step(l->state);
	const size_t room = sizeof(l->why) - strlen(next) - 1;
	l->why[0] = 0;
	layout_cat(l->why, room, "%s.", headline);
	for (size_t i = 0; i < l->n_sources; i++) {
		const struct mtkfw_layout_source *s = &l->src[i];
		static const char *const st[] = {"absent", "read", "unreadable"};
		size_t shown = 0;
		layout_cat(l->why, room, "\n  %s: %s", s->label, st[s->state]);
		if (*s->note)
			layout_cat(l->why, room, " (%s)", s->note);
		for (size_t k = 0; k < s->n; k++) {
			if (!mtkfw_is_identity_partition(s->c[k].name))
				continue;
			layout_cat(l->why, room, "%s", shown++ ? ", " : ": ");
			describe_claim(l->why, room, &s->c[k]);
		}
		if (s->state == MTKFW_SOURCE_READABLE && !shown)
			layout_cat(l->why, room, ": names no identity partition");
	}
	layout_cat(l->why, sizeof(l->why), "%s", next);
	l->n_identity = 0;
}

/* The first source present but unreadable, or NULL. */
const struct mtkfw_layout_source *layout_damaged(const struct mtkfw_layout *l)
{
	for (size_t i = 0; i < l->n_sources; i++)
		if (l->src[i].state == MTKFW_SOURCE_UNREADABLE)
			return &l->src[i];
	return NULL;
}
