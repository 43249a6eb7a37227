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
#include <sys/stat.h>

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

/* The newest backup of this eMMC, if the store has one that loads. */
static void add_backup_source(struct mtkfw_session *s, struct mtkfw_layout *l, const char *store)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	struct mtkfw_backup *b = malloc(sizeof(*b));
	char cid[33], note[400];
	mtkfw_session_cid_hex(s, cid);
	int r = b ? store_latest(ctx, store, cid, -1, b) : MTKFW_E_NO_MEM;
	if (!r) {
		mtkfw_layout_add_backup(l, MTKFW_SOURCE_BACKUP, b);
	} else {
		snprintf(note, sizeof(note), "%s",
			 r == MTKFW_E_NOT_FOUND ? "none of this eMMC in the store"
						: mtkfw_ctx_errmsg(ctx));
		mtkfw_layout_add_missing(l, MTKFW_SOURCE_BACKUP, MTKFW_SOURCE_ABSENT, "backup",
					 note);
	}
	free(b);
}

/* --layout-from: a backup folder of this phone, or a scatter (file or package). */
static int add_given_source(struct mtkfw_session *s, struct mtkfw_layout *l, const char *path)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	char *manifest = store_join(path, "manifest.json");
	struct stat st;
	int r = manifest ? 0 : mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	if (!r && !stat(manifest, &st)) {
		struct mtkfw_backup *b = malloc(sizeof(*b));
		r = b ? mtkfw_backup_load(ctx, path, b)
		      : mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
		if (!r)
			mtkfw_layout_add_backup(l, MTKFW_SOURCE_GIVEN, b);
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
	mtkfw_layout_decide(l, hash_on_phone, s);
	mtkfw_log(ctx, l->state == MTKFW_LAYOUT_OK ? MTKFW_LOG_INFO : MTKFW_LOG_WARNING,
		  "layout %s%s%s", mtkfw_layout_state_name(l->state), *l->basis ? ": " : "",
		  *l->basis ? l->basis : "");
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
	mtkfw_layout_add_scatter(n, MTKFW_SOURCE_PACKAGE, sc, "package scatter");
	mtkfw_layout_decide(n, hash_on_phone, s);
	*out = n;
	return 0;
}
