/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The phone's layout from its sources, and the verdict (mtkfw/layout.h; the
 * rules are in docs/identity.md). This file only reasons about claims; the
 * reads from the phone and the store are in layout_phone.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "layout_priv.h"

struct mtkfw_layout *mtkfw_layout_new(uint64_t user_size, uint64_t boot1_size)
{
	struct mtkfw_layout *l = calloc(1, sizeof(*l));
	if (l) {
		l->user_size = user_size;
		l->boot1_size = boot1_size;
		l->state = MTKFW_LAYOUT_UNKNOWN;
	}
	return l;
}

void mtkfw_layout_free(struct mtkfw_layout *l)
{
	free(l);
}

const char *mtkfw_layout_state_name(enum mtkfw_layout_state s)
{
	static const char *const names[] = {"ok", "given", "disputed", "damaged", "unknown"};
	return (unsigned)s < MTKFW_ARRAY_SIZE(names) ? names[s] : "?";
}

const char *mtkfw_source_kind_name(enum mtkfw_source_kind k)
{
	static const char *const names[] = {"PMT", "MBR/EBR", "backup", "package scatter",
					    "given layout"};
	return (unsigned)k < MTKFW_ARRAY_SIZE(names) ? names[k] : "?";
}

bool mtkfw_layout_trusted(const struct mtkfw_layout *l)
{
	return l && (l->state == MTKFW_LAYOUT_OK || l->state == MTKFW_LAYOUT_GIVEN);
}

/* ---- sources ---- */

static struct mtkfw_layout_source *add_source(struct mtkfw_layout *l, enum mtkfw_source_kind kind,
					      enum mtkfw_source_state state, const char *label)
{
	if (l->n_sources >= MTKFW_LAYOUT_SOURCES)
		return NULL;
	struct mtkfw_layout_source *s = &l->src[l->n_sources++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->state = state;
	snprintf(s->label, sizeof(s->label), "%s", label);
	return s;
}

void mtkfw_layout_add_missing(struct mtkfw_layout *l, enum mtkfw_source_kind kind,
			      enum mtkfw_source_state state, const char *label, const char *note)
{
	struct mtkfw_layout_source *s = add_source(l, kind, state, label);
	if (s)
		snprintf(s->note, sizeof(s->note), "%s", note);
}

static struct mtkfw_claim *add_claim(struct mtkfw_layout_source *s, const char *name,
				     enum mtkfw_emmc_part part, uint64_t off, uint64_t len)
{
	if (s->n >= MTKFW_LAYOUT_CLAIMS) {
		snprintf(s->note, sizeof(s->note), "more than %d partitions: the rest ignored",
			 MTKFW_LAYOUT_CLAIMS);
		return NULL;
	}
	struct mtkfw_claim *c = &s->c[s->n++];
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name ? name : "");
	c->r = (struct mtkfw_range){part, off, len};
	c->linear = off;
	return c;
}

/* A partition at a linear address: boot1 before the user area's base, else the user area. */
static struct mtkfw_claim *claim_linear(const struct mtkfw_layout *l, struct mtkfw_layout_source *s,
					const char *name, uint64_t linear, uint64_t size,
					uint64_t base)
{
	struct mtkfw_claim *c;
	(void)l;
	if (linear < base) {
		c = add_claim(s, name, MTKFW_PART_BOOT1, linear, size);
	} else {
		c = add_claim(s, name, MTKFW_PART_USER, linear - base, size);
	}
	if (c)
		c->linear = linear;
	return c;
}

void mtkfw_layout_add_pmt(struct mtkfw_layout *l, const struct mtkfw_pmt *p)
{
	char label[64];
	if (p->state != MTKFW_PMT_OK) {
		bool empty = p->state == MTKFW_PMT_EMPTY;
		mtkfw_layout_add_missing(
			l, MTKFW_SOURCE_PMT, empty ? MTKFW_SOURCE_ABSENT : MTKFW_SOURCE_UNREADABLE,
			"PMT",
			empty ? "the DA reports no partition table (blank or wiped)" : p->why);
		return;
	}
	snprintf(label, sizeof(label), "PMT (%s)", mtkfw_pmt_form_name(p->form));
	struct mtkfw_layout_source *s =
		add_source(l, MTKFW_SOURCE_PMT, MTKFW_SOURCE_READABLE, label);
	if (!s)
		return;
	if (!p->was_sorted)
		layout_cat(s->note, sizeof(s->note),
			   "entries out of address order (sorted before use); ");
	if (!mtkfw_pmt_find(p, "MBR"))
		layout_cat(s->note, sizeof(s->note),
			   "no MBR entry: offsets read as user-area offsets; ");
	for (size_t i = 0; i < p->n; i++) {
		struct mtkfw_claim *c = claim_linear(l, s, p->e[i].name, p->e[i].offset,
						     p->e[i].size, mtkfw_pmt_user_base(p));
		if (c)
			c->reserved = p->e[i].reserved;
		if (c && p->e[i].grown) {
			c->to_end = true;
			layout_cat(s->note, sizeof(s->note), "%s grown to the end (clipped); ",
				   p->e[i].name);
		}
	}
}

void mtkfw_layout_add_mbr(struct mtkfw_layout *l, const struct mtkfw_mbr_chain *c,
			  const char *const *mounted)
{
	static const char *const by_order[] = {"PROTECT_F", "PROTECT_S"};
	if (c->state != MTKFW_MBR_OK) {
		mtkfw_layout_add_missing(l, MTKFW_SOURCE_MBR,
					 c->state == MTKFW_MBR_NONE ? MTKFW_SOURCE_ABSENT
								    : MTKFW_SOURCE_UNREADABLE,
					 "MBR/EBR", c->why);
		return;
	}
	struct mtkfw_layout_source *s =
		add_source(l, MTKFW_SOURCE_MBR, MTKFW_SOURCE_READABLE, "MBR/EBR");
	for (size_t i = 0; s && i < c->n; i++) {
		struct mtkfw_claim *x = add_claim(s, layout_mount_name(mounted ? mounted[i] : NULL),
						  MTKFW_PART_USER, c->p[i].offset, c->p[i].size);
		if (x)
			x->to_end = c->p[i].to_end;
	}
	/* MT6572's ptgen lists PROTECT_F and PROTECT_S as the first two filesystems. */
	for (size_t k = 0; s && k < MTKFW_ARRAY_SIZE(by_order) && k < s->n; k++) {
		if (*s->c[k].name || layout_find_claim(s, by_order[k]))
			continue;
		snprintf(s->c[k].name, sizeof(s->c[k].name), "%s", by_order[k]);
		s->c[k].by_rule = true;
	}
}

void mtkfw_layout_add_scatter(struct mtkfw_layout *l, enum mtkfw_source_kind kind,
			      const struct mtkfw_scatter *sc, const char *label)
{
	struct mtkfw_layout_source *s = add_source(l, kind, MTKFW_SOURCE_READABLE, label);
	uint64_t base = mtkfw_scatter_user_base(sc), tail = mtkfw_scatter_reserved_tail(sc);
	for (size_t i = 0; s && i < mtkfw_scatter_count(sc); i++) {
		const struct mtkfw_scatter_part *p = mtkfw_scatter_part(sc, i);
		uint64_t size = p->has_size ? p->size : 0;
		if (p->from_end || (!mtkfw_scatter_part_in_boot(p) && p->start < base))
			continue;
		if (mtkfw_scatter_part_in_boot(p)) {
			claim_linear(l, s, p->name, p->start, size ? size : l->boot1_size,
				     base + 1);
			continue;
		}
		uint64_t at = p->start - base,
			 rest = l->user_size > tail + at ? l->user_size - tail - at : 0;
		struct mtkfw_claim *c =
			claim_linear(l, s, p->name, p->start, size ? size : rest, base);
		if (c)
			c->to_end = !size;
	}
}

void mtkfw_layout_add_backup(struct mtkfw_layout *l, enum mtkfw_source_kind kind,
			     const struct mtkfw_backup *b)
{
	char label[sizeof(l->src[0].label)];
	snprintf(label, sizeof(label), "%s %s",
		 kind == MTKFW_SOURCE_GIVEN ? "given backup" : "backup", b->dir);
	struct mtkfw_layout_source *s = add_source(l, kind, MTKFW_SOURCE_READABLE, label);
	for (size_t i = 0; s && i < b->n_files; i++) {
		const struct mtkfw_backup_file *f = &b->files[i];
		if (!mtkfw_is_identity_partition(f->name))
			continue;
		struct mtkfw_claim *c = add_claim(s, f->name, f->part, f->offset, f->length);
		if (c) {
			c->has_sha = true;
			memcpy(c->sha256, f->sha256, 32);
		}
	}
	for (size_t i = 0; s && i < b->n_pmt; i++)
		if (!layout_find_claim(s, b->pmt[i].name))
			claim_linear(l, s, b->pmt[i].name, b->pmt[i].offset, b->pmt[i].size,
				     mtkfw_backup_user_base(b));
}

/* ---- the verdict ---- */

/* Where one identity partition is, by every readable source of the phone; disputes recorded. */
static void settle(struct mtkfw_layout *l, struct layout_decision *d, const char *name)
{
	const struct mtkfw_claim *pos = NULL;
	const struct mtkfw_layout_source *from = NULL,
					 *bk = layout_source_of(l, MTKFW_SOURCE_BACKUP);
	for (size_t i = 0; i < l->n_sources; i++) {
		const struct mtkfw_claim *c = layout_find_claim(&l->src[i], name);
		if (!layout_structural(&l->src[i]) || !c)
			continue;
		if (!pos) {
			pos = c;
			from = &l->src[i];
		} else if (!layout_same_place(pos, c)) {
			layout_dispute(d, name, from, pos, &l->src[i], c);
		}
	}
	const struct mtkfw_claim *saved = bk ? layout_find_claim(bk, name) : NULL;
	if (saved && !pos) { /* only the backup knows: its content must still be there */
		pos = saved;
		d->confirmed_by_content |= layout_content_at(d, saved, saved);
	} else if (saved && !layout_same_place(pos, saved) && !layout_content_at(d, pos, saved)) {
		layout_dispute(d, name, from, pos, bk, saved);
	}
	if (pos && l->n_identity < MTKFW_LAYOUT_IDENTITY)
		l->identity[l->n_identity++] = *pos;
}

size_t layout_identity_names(const struct mtkfw_layout *l, const char **names, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n_sources; i++)
		for (size_t k = 0; l->src[i].state == MTKFW_SOURCE_READABLE && k < l->src[i].n;
		     k++) {
			const char *nm = l->src[i].c[k].name;
			bool seen = false;
			for (size_t j = 0; j < n; j++)
				seen |= mtkfw_strieq(names[j], nm);
			if (!seen && n < max && mtkfw_is_identity_partition(nm))
				names[n++] = nm;
		}
	return n;
}

/* PMT and MBR/EBR on the same phone: every MBR partition is a PMT partition, in the same place. */
static void tables_agree(const struct mtkfw_layout *l, struct layout_decision *d)
{
	const struct mtkfw_layout_source *pmt = layout_source_of(l, MTKFW_SOURCE_PMT),
					 *mbr = layout_source_of(l, MTKFW_SOURCE_MBR);
	for (size_t i = 0; pmt && mbr && i < mbr->n; i++) {
		const struct mtkfw_claim *m = &mbr->c[i], *p = NULL;
		for (size_t k = 0; k < pmt->n && !p; k++)
			if (pmt->c[k].r.part == m->r.part && pmt->c[k].r.offset == m->r.offset)
				p = &pmt->c[k];
		if (!p)
			layout_disagree(
				d,
				"MBR/EBR lists a partition at user+0x%llx where the PMT has none",
				(unsigned long long)m->r.offset);
		else if (*m->name && !m->by_rule && !mtkfw_is_identity_partition(m->name) &&
			 !mtkfw_strieq(m->name, p->name))
			layout_disagree(d, "MBR/EBR's %s (ext4 mount point) is the PMT's %s",
					m->name, p->name);
	}
}

/* The MBR itself and the boot area are where they are on every phone: no evidence. */
static bool trivial(const struct mtkfw_claim *c)
{
	return c->r.part != MTKFW_PART_USER || c->r.offset == 0;
}

/* Do two sources agree on at least one place that is not the same on every phone? */
static bool agree_somewhere(const struct mtkfw_layout_source *a,
			    const struct mtkfw_layout_source *b)
{
	for (size_t i = 0; i < a->n; i++)
		for (size_t k = 0; k < b->n; k++) {
			const struct mtkfw_claim *x = &a->c[i], *y = &b->c[k];
			bool named = *x->name && *y->name;
			if (!trivial(x) &&
			    (named ? mtkfw_strieq(x->name, y->name) && layout_same_place(x, y)
				   : x->r.part == y->r.part && x->r.offset == y->r.offset))
				return true;
		}
	return false;
}

/* The readable sources of the phone that confirm another one, named into out; false if none. */
static bool corroborated(const struct mtkfw_layout *l, char *out, size_t n)
{
	bool any = false;
	for (size_t i = 0; i < l->n_sources; i++) {
		bool ok = false;
		for (size_t k = 0; k < l->n_sources && !ok; k++)
			ok = k != i && l->src[i].state == MTKFW_SOURCE_READABLE &&
			     l->src[k].state == MTKFW_SOURCE_READABLE &&
			     l->src[i].kind != MTKFW_SOURCE_GIVEN &&
			     l->src[k].kind != MTKFW_SOURCE_GIVEN &&
			     agree_somewhere(&l->src[i], &l->src[k]);
		if (ok)
			layout_cat(out, n, "%s%s", any ? ", " : "", l->src[i].label);
		any |= ok;
	}
	return any;
}

static const struct mtkfw_layout_source *primary(const struct mtkfw_layout *l)
{
	static const enum mtkfw_source_kind order[] = {MTKFW_SOURCE_GIVEN, MTKFW_SOURCE_PMT,
						       MTKFW_SOURCE_BACKUP, MTKFW_SOURCE_PACKAGE,
						       MTKFW_SOURCE_MBR};
	for (size_t i = 0; i < MTKFW_ARRAY_SIZE(order); i++)
		if (layout_source_of(l, order[i]))
			return layout_source_of(l, order[i]);
	return NULL;
}

/* The verdict from the phone's own sources (no layout given). */
static void decide_phone(struct mtkfw_layout *l, struct layout_decision *d)
{
	char headline[1200], by[sizeof(l->basis)] = "";
	bool nvram = mtkfw_layout_identity(l, "NVRAM") || mtkfw_layout_identity(l, "nvdata");
	bool confirmed = corroborated(l, by, sizeof(by)) || d->confirmed_by_content;
	const struct mtkfw_layout_source *damaged = layout_damaged(l), *p = primary(l);
	if (damaged) {
		l->state = MTKFW_LAYOUT_DAMAGED;
		snprintf(
			headline, sizeof(headline),
			"the phone's %s is present but unreadable: a damaged table must not steer "
			"a write, so nothing says for sure where its identity (IMEI, calibration) is",
			damaged->label);
	} else if (d->n_disputes) {
		l->state = MTKFW_LAYOUT_DISPUTED;
		snprintf(headline, sizeof(headline),
			 "the phone's sources disagree where its identity is: %s%s", d->disputes,
			 d->n_disputes > LAYOUT_DISPUTES_SHOWN ? "; and more" : "");
	} else if (!p || !nvram) {
		l->state = MTKFW_LAYOUT_UNKNOWN;
		snprintf(headline, sizeof(headline),
			 "no source says where this phone's NVRAM (IMEI, calibration) is");
	} else if (!confirmed) {
		l->state = MTKFW_LAYOUT_UNKNOWN;
		snprintf(headline, sizeof(headline),
			 "only the %s says where this phone's identity is, and no other source "
			 "confirms it",
			 p->label);
	} else {
		l->state = MTKFW_LAYOUT_OK;
		snprintf(l->basis, sizeof(l->basis), "%s%s", by,
			 d->confirmed_by_content ? " (and the backup's content on the phone)" : "");
		l->why[0] = 0;
		return;
	}
	layout_explain(l, headline);
}

void mtkfw_layout_decide(struct mtkfw_layout *l, const struct mtkfw_layout_probe *probe)
{
	struct layout_decision d = {.probe = probe};
	const char *names[MTKFW_LAYOUT_IDENTITY];
	const struct mtkfw_layout_source *given = layout_source_of(l, MTKFW_SOURCE_GIVEN);
	l->n_identity = 0;
	l->basis[0] = l->unconfirmed[0] = 0;
	layout_take_parts(l, primary(l));
	size_t n = layout_identity_names(l, names, MTKFW_LAYOUT_IDENTITY);
	for (size_t i = 0; i < n; i++)
		settle(l, &d, names[i]);
	tables_agree(l, &d);
	if (given)
		layout_decide_given(l, &d, given);
	else
		decide_phone(l, &d);
}

/* ---- questions ---- */

int mtkfw_layout_may_write(struct mtkfw_ctx *ctx, const struct mtkfw_layout *l, const char *what)
{
	if (mtkfw_layout_trusted(l))
		return 0;
	mtkfw_set_step(ctx, "layout");
	return mtkfw_fail(ctx, MTKFW_E_IDENTITY, "refusing to %s; nothing was written: %s", what,
			  l ? l->why : "the phone's layout was never established");
}

const struct mtkfw_claim *mtkfw_layout_identity(const struct mtkfw_layout *l, const char *name)
{
	for (size_t i = 0; i < l->n_identity; i++)
		if (mtkfw_strieq(l->identity[i].name, name))
			return &l->identity[i];
	return NULL;
}

int mtkfw_layout_range(struct mtkfw_ctx *ctx, const struct mtkfw_layout *l, const char *name,
		       struct mtkfw_range *out)
{
	const struct mtkfw_claim *c = mtkfw_layout_identity(l, name);
	for (size_t i = 0; i < l->n_parts && !c; i++)
		if (mtkfw_strieq(l->parts[i].name, name))
			c = &l->parts[i];
	if (mtkfw_strieq(name, "PRELOADER")) {
		*out = (struct mtkfw_range){MTKFW_PART_BOOT1, 0, l->boot1_size};
		return 0;
	}
	if (!c) {
		char names[600] = "";
		for (size_t i = 0; i < l->n_parts; i++)
			layout_cat(names, sizeof(names), "%s%s", i ? " " : "", l->parts[i].name);
		return mtkfw_fail(ctx, MTKFW_E_NOT_FOUND,
				  "the phone's layout has no %s (it has: %s)", name,
				  *names ? names : "no partitions: no source could be read");
	}
	uint64_t area = c->r.part == MTKFW_PART_USER ? l->user_size : l->boot1_size;
	*out = c->r;
	if (c->to_end || out->offset > area || out->length > area - out->offset)
		out->length = out->offset < area ? area - out->offset : 0;
	return 0;
}

void mtkfw_layout_identity_hits(const struct mtkfw_layout *l, const struct mtkfw_range *r,
				char *out, size_t n)
{
	out[0] = 0;
	for (size_t i = 0; i < l->n_identity; i++) {
		const struct mtkfw_range *x = &l->identity[i].r;
		if (x->part == r->part && x->offset < r->offset + r->length &&
		    r->offset < x->offset + x->length)
			layout_cat(out, n, "%s%s", *out ? ", " : "", l->identity[i].name);
	}
}
