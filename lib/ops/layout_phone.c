/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Establishing a connected phone's layout (mtkfw/layout.h): the reads from
 * the phone (its MBR/EBR chain, the ext4 mount points of the partitions the
 * chain lists, content hashes when a backup must be checked against the
 * eMMC), the store's newest backup of the same eMMC, and a layout the user
 * gives. layout.c decides.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "mtkfw/check.h"
#include "mtkfw/layout.h"
#include "store.h"

#define SB_BYTES 2048 /* an ext4 superblock sits at 1024 */

/* Reads of the user area for the chain parser. */
static int user_read_at(void *user, uint64_t off, void *buf, size_t len)
{
	struct mtkfw_range r = {MTKFW_PART_USER, off, len};
	return mtkfw_read_mem(user, &r, buf);
}

/* The chain, and each listed partition's ext4 mount point ("" when none). */
static int add_mbr_source(struct mtkfw_session *s, struct mtkfw_layout *l)
{
	struct mtkfw_mbr_chain c;
	char mounted[MTKFW_MBR_CHAIN_MAX][65] = {{0}};
	const char *m[MTKFW_MBR_CHAIN_MAX] = {0};
	int r = mtkfw_mbr_chain_read(user_read_at, s, l->user_size, &c);
	for (size_t i = 0; !r && i < c.n; i++) {
		uint8_t sb[SB_BYTES];
		struct mtkfw_ext4_info fs;
		if (c.p[i].size < SB_BYTES)
			continue;
		r = user_read_at(s, c.p[i].offset, sb, sizeof(sb));
		if (!r && !mtkfw_ext4_parse(sb, sizeof(sb), &fs)) {
			snprintf(mounted[i], sizeof(mounted[i]), "%s", fs.last_mounted);
			m[i] = mounted[i];
		}
	}
	if (r)
		return mtkfw_fail_prefix(mtkfw_session_ctx(s), "reading the MBR/EBR chain");
	mtkfw_layout_add_mbr(l, &c, m);
	return 0;
}

/*
 * A backup that can witness where identity is: one that saved its content
 * (identity or full), made while the layout rested on more than the user's
 * word (docs/identity.md: a layout taken on the user's word alone must not
 * come back as evidence in the next session).
 */
static bool witness(const struct mtkfw_backup *b)
{
	return (b->kind == MTKFW_BACKUP_IDENTITY || b->kind == MTKFW_BACKUP_FULL) &&
	       strncmp(b->layout, mtkfw_layout_state_name(MTKFW_LAYOUT_GIVEN),
		       strlen(mtkfw_layout_state_name(MTKFW_LAYOUT_GIVEN)));
}

/*
 * The backup's identity claims that carry no hash of their own (a full
 * backup's, from its partition table) get the hash of their bytes in the
 * whole-area file that holds them, so the phone's content can confirm them.
 */
static void saved_content(const struct mtkfw_backup *b, struct mtkfw_layout_source *src)
{
	for (size_t i = 0; src && i < src->n; i++) {
		struct mtkfw_claim *c = &src->c[i];
		for (size_t k = 0; !c->has_sha && k < b->n_files; k++) {
			const struct mtkfw_backup_file *f = &b->files[k];
			if (!mtkfw_is_identity_partition(c->name) ||
			    mtkfw_part_by_name(f->name) != (int)c->r.part || f->part != c->r.part ||
			    c->r.offset < f->offset ||
			    c->r.offset + c->r.length > f->offset + f->length)
				continue;
			char *path = store_join(b->dir, f->file);
			int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
			struct mtkfw_span span = {c->r.offset - f->offset, c->r.length};
			c->has_sha = fd >= 0 && !store_file_spans_sha(fd, &span, 1, c->sha256);
			if (fd >= 0)
				close(fd);
			free(path);
		}
	}
}

/* A backup as a source of kind, with what it saved hashed (see saved_content). */
static void add_backup(struct mtkfw_layout *l, enum mtkfw_source_kind kind,
		       const struct mtkfw_backup *b)
{
	size_t at = l->n_sources;
	mtkfw_layout_add_backup(l, kind, b);
	saved_content(b, l->n_sources > at ? &l->src[at] : NULL);
}

/* The newest backup of this eMMC that can witness (see witness), if the store has one. */
static void add_backup_source(struct mtkfw_session *s, struct mtkfw_layout *l, const char *store)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	struct mtkfw_backup *b = malloc(sizeof(*b));
	char cid[33], note[400];
	mtkfw_session_cid_hex(s, cid);
	int r = b ? store_latest_where(ctx, store, cid, -1, witness, b) : MTKFW_E_NO_MEM;
	if (!r) {
		add_backup(l, MTKFW_SOURCE_BACKUP, b);
	} else {
		snprintf(note, sizeof(note), "%s",
			 r == MTKFW_E_NOT_FOUND ? "none of this eMMC in the store that saved its "
						  "identity"
						: mtkfw_ctx_errmsg(ctx));
		mtkfw_layout_add_missing(l, MTKFW_SOURCE_BACKUP, MTKFW_SOURCE_ABSENT, "backup",
					 note);
	}
	free(b);
}

/* --layout-from: a backup folder of this phone (another's is refused), or a scatter. */
static int add_given_source(struct mtkfw_session *s, struct mtkfw_layout *l, const char *path)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	char *manifest = store_join(path, "manifest.json");
	struct stat st;
	int r = manifest ? 0 : mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	if (!r && !stat(manifest, &st)) {
		struct mtkfw_backup *b = malloc(sizeof(*b));
		char cid[33];
		mtkfw_session_cid_hex(s, cid);
		r = b ? mtkfw_backup_load(ctx, path, b)
		      : mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
		if (!r && strcmp(b->cid, cid))
			r = mtkfw_fail(ctx, MTKFW_E_IDENTITY,
				       "a backup of another eMMC (CID %s; this phone's is %s): it "
				       "cannot say where this phone's identity is",
				       b->cid, cid);
		if (!r)
			add_backup(l, MTKFW_SOURCE_GIVEN, b);
		free(b);
	} else if (!r) {
		struct mtkfw_report *rep = NULL;
		struct mtkfw_check_opts o = {0};
		char label[200];
		r = mtkfw_check_package(ctx, path, &o, &rep);
		if (!r && !mtkfw_report_scatter(rep))
			r = mtkfw_fail(ctx, MTKFW_E_FORMAT, "%s has no usable scatter file", path);
		snprintf(label, sizeof(label), "given layout %s", path);
		if (!r)
			mtkfw_layout_add_scatter(l, MTKFW_SOURCE_GIVEN, mtkfw_report_scatter(rep),
						 label);
		mtkfw_report_free(rep);
	}
	free(manifest);
	return r ? mtkfw_fail_prefix(ctx, "--layout-from %s", path) : 0;
}

static int hash_on_phone(void *user, const struct mtkfw_range *r, uint8_t sha256[32])
{
	return mtkfw_hash_range(user, r, sha256, NULL, NULL);
}

/* The ext4 "last mounted on" of a filesystem starting at r (MTKFW_E_FORMAT: none there). */
static int mount_on_phone(void *user, const struct mtkfw_range *r, char *out, size_t n)
{
	uint8_t sb[SB_BYTES];
	struct mtkfw_range at = {r->part, r->offset, sizeof(sb)};
	struct mtkfw_ext4_info fs;
	int rc = r->length < sizeof(sb) ? MTKFW_E_FORMAT : mtkfw_read_mem(user, &at, sb);
	if (!rc && mtkfw_ext4_parse(sb, sizeof(sb), &fs))
		rc = MTKFW_E_FORMAT;
	if (!rc)
		snprintf(out, n, "%s", fs.last_mounted);
	return rc;
}

int mtkfw_layout_establish(struct mtkfw_session *s, const struct mtkfw_layout_opts *o,
			   struct mtkfw_layout **out)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	const struct mtkfw_flash_info *f = mtkfw_session_flash(s);
	struct mtkfw_layout *l = f ? mtkfw_layout_new(f->user, f->boot1) : NULL;
	char sbuf[4096];
	const char *store = o && o->store ? o->store : mtkfw_backup_store(sbuf, sizeof(sbuf));
	if (!l)
		return mtkfw_fail(ctx, f ? MTKFW_E_NO_MEM : MTKFW_E_INVALID_PARAM,
				  f ? "out of memory" : "no DA runs: the layout needs one");
	mtkfw_set_step(ctx, "layout");
	mtkfw_layout_add_pmt(l, mtkfw_session_pmt(s));
	int r = add_mbr_source(s, l);
	if (!r)
		add_backup_source(s, l, store);
	if (!r && o && o->layout_from)
		r = add_given_source(s, l, o->layout_from);
	if (r) {
		mtkfw_layout_free(l);
		return r;
	}
	struct mtkfw_layout_probe probe = {hash_on_phone, mount_on_phone, s};
	mtkfw_layout_decide(l, &probe);
	mtkfw_log(ctx, MTKFW_LOG_INFO, "layout %s%s%s", mtkfw_layout_state_name(l->state),
		  *l->basis ? ": " : "", *l->basis ? l->basis : "");
	*out = l;
	return 0;
}

int mtkfw_layout_with_package(struct mtkfw_session *s, const struct mtkfw_layout *l,
			      const struct mtkfw_scatter *sc, struct mtkfw_layout **out)
{
	struct mtkfw_layout *n = malloc(sizeof(*n));
	if (!n)
		return mtkfw_fail(mtkfw_session_ctx(s), MTKFW_E_NO_MEM, "out of memory");
	*n = *l;
	struct mtkfw_layout_probe probe = {hash_on_phone, mount_on_phone, s};
	mtkfw_layout_add_scatter(n, MTKFW_SOURCE_PACKAGE, sc, "package scatter");
	mtkfw_layout_decide(n, &probe);
	*out = n;
	return 0;
}
