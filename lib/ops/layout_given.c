/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A layout the user gives (--layout-from) is one witness among the others
 * (docs/identity.md). Each identity partition it places must agree with
 * every readable table of the phone that names it, with the content of an
 * earlier backup of this eMMC where that content is on the phone, and with
 * the filesystem the phone holds there; any disagreement disputes the layout.
 * Where something confirms each of its identity partitions it is trusted
 * (OK); where only the user's word places one, it is taken as GIVEN, and
 * every byte a destructive command changes is backed up first
 * (mtkfw_identity_guard).
 */
#include <stdio.h>
#include <string.h>

#include "layout_priv.h"

/* What weighing a given layout found: what confirms each identity partition, and what not. */
struct tally {
	char by[sizeof(((struct mtkfw_layout *)0)->basis)];
	char alone[sizeof(((struct mtkfw_layout *)0)->unconfirmed)];
	bool confirmed; /* the claim being weighed */
};

static void confirm(struct tally *t, const char *name, const char *by)
{
	layout_cat(t->by, sizeof(t->by), "%s%s by %s", *t->by ? "; " : "", name, by);
	t->confirmed = true;
}

/*
 * The ext4 filesystem the phone holds at c's place: 1 when its mount point is
 * c's partition's, -1 when another's (the mount point into seen), 0 when
 * nothing is known (no ext4 there, none recorded, nothing asked).
 */
static int filesystem_at(struct layout_decision *d, const struct mtkfw_claim *c, char *seen,
			 size_t n)
{
	char m[65] = "";
	if (!d->probe || !d->probe->mount || d->probe->mount(d->probe->user, &c->r, m, sizeof(m)) ||
	    !*m)
		return 0;
	const char *who = layout_mount_name(m);
	snprintf(seen, n, "%s", m);
	return who && mtkfw_strieq(who, c->name) ? 1 : -1;
}

/* One source of the phone on the given claim gc: agreement confirms, anything else disputes. */
static void against(struct layout_decision *d, const struct mtkfw_layout_source *s,
		    const struct mtkfw_layout_source *g, const struct mtkfw_claim *gc,
		    struct tally *t)
{
	const struct mtkfw_claim *c = layout_find_claim(s, gc->name);
	char by[260];
	if (!c || s->state != MTKFW_SOURCE_READABLE || s->kind == MTKFW_SOURCE_GIVEN)
		return;
	if (layout_structural(s)) {
		if (layout_same_place(c, gc))
			confirm(t, gc->name, s->label);
		else
			layout_dispute(d, gc->name, s, c, g, gc);
		return;
	}
	/* a backup of this eMMC is a witness where its content is on the phone */
	if (layout_content_at(d, gc, c)) {
		snprintf(by, sizeof(by), "the content of %s", s->label);
		confirm(t, gc->name, by);
	} else if (!layout_same_place(c, gc) && layout_content_at(d, c, c)) {
		layout_disagree(
			d, "%s: the content of %s is on the phone at %s+0x%llx, %s says %s+0x%llx",
			gc->name, s->label, mtkfw_part_name(c->r.part),
			(unsigned long long)c->r.offset, g->label, mtkfw_part_name(gc->r.part),
			(unsigned long long)gc->r.offset);
	}
}

/* Weigh one identity partition of the given layout against every witness. */
static void weigh(const struct mtkfw_layout *l, struct layout_decision *d,
		  const struct mtkfw_layout_source *g, const struct mtkfw_claim *gc,
		  struct tally *t)
{
	char seen[65], by[120];
	t->confirmed = false;
	for (size_t i = 0; i < l->n_sources; i++)
		if (&l->src[i] != g)
			against(d, &l->src[i], g, gc, t);
	if (layout_content_at(d, gc, gc)) /* a backup folder given: its own files, where it says */
		confirm(t, gc->name, "the given backup's content on the phone");
	int fs = filesystem_at(d, gc, seen, sizeof(seen));
	if (fs > 0) {
		snprintf(by, sizeof(by), "its filesystem on the phone (last mounted on %s)", seen);
		confirm(t, gc->name, by);
	} else if (fs < 0) {
		layout_disagree(d,
				"%s: %s says %s+0x%llx, where the phone holds a filesystem last "
				"mounted on %s",
				gc->name, g->label, mtkfw_part_name(gc->r.part),
				(unsigned long long)gc->r.offset, seen);
	}
	if (!t->confirmed)
		layout_cat(t->alone, sizeof(t->alone), "%s%s", *t->alone ? "," : "", gc->name);
}

/* Identity partitions a table of the phone places and the given layout does not. */
static void unnamed(const struct mtkfw_layout *l, struct layout_decision *d,
		    const struct mtkfw_layout_source *g)
{
	for (size_t i = 0; i < l->n_sources; i++) {
		const struct mtkfw_layout_source *s = &l->src[i];
		for (size_t k = 0; layout_structural(s) && k < s->n; k++)
			if (mtkfw_is_identity_partition(s->c[k].name) &&
			    !layout_find_claim(g, s->c[k].name))
				layout_disagree(d, "%s: %s says %s+0x%llx, %s has none",
						s->c[k].name, s->label,
						mtkfw_part_name(s->c[k].r.part),
						(unsigned long long)s->c[k].r.offset, g->label);
	}
}

void layout_decide_given(struct mtkfw_layout *l, struct layout_decision *d,
			 const struct mtkfw_layout_source *g)
{
	struct tally t = {.by = "", .alone = ""};
	char headline[1200];
	bool nvram = false;
	const struct mtkfw_layout_source *damaged = layout_damaged(l);
	l->n_identity = 0;
	layout_take_parts(l, g);
	for (size_t k = 0; k < g->n && l->n_identity < MTKFW_LAYOUT_IDENTITY; k++) {
		const struct mtkfw_claim *gc = &g->c[k];
		if (!mtkfw_is_identity_partition(gc->name))
			continue;
		weigh(l, d, g, gc, &t);
		l->identity[l->n_identity++] = *gc;
		nvram |= mtkfw_strieq(gc->name, "NVRAM") || mtkfw_strieq(gc->name, "nvdata");
	}
	unnamed(l, d, g);
	if (d->n_disputes) {
		l->state = MTKFW_LAYOUT_DISPUTED;
		snprintf(
			headline, sizeof(headline),
			"the layout given (%s) and what the phone says disagree where its identity "
			"is: %s%s",
			g->label, d->disputes,
			d->n_disputes > LAYOUT_DISPUTES_SHOWN ? "; and more" : "");
		layout_explain(l, headline);
		return;
	}
	if (!nvram) {
		l->state = MTKFW_LAYOUT_UNKNOWN;
		snprintf(headline, sizeof(headline),
			 "the layout given (%s) says nothing of this phone's NVRAM (IMEI, "
			 "calibration)",
			 g->label);
		layout_explain(l, headline);
		return;
	}
	snprintf(l->basis, sizeof(l->basis), "the layout given (%s)%s%s", g->label,
		 *t.by ? ", confirmed: " : "", t.by);
	if (damaged)
		layout_cat(l->basis, sizeof(l->basis), "; %s unreadable, no witness",
			   damaged->label);
	l->state = *t.alone ? MTKFW_LAYOUT_GIVEN : MTKFW_LAYOUT_OK;
	if (*t.alone) {
		snprintf(l->unconfirmed, sizeof(l->unconfirmed), "%s", t.alone);
		layout_cat(l->basis, sizeof(l->basis),
			   "; only your word places %s: every byte a command changes is backed "
			   "up first",
			   t.alone);
	}
	l->why[0] = 0;
}
