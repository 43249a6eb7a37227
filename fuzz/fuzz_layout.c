/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target: the layout's verdict from hostile sources. Input: a flag byte
 * (bit 0: a backup source made of the PMT's entries moved by the second byte
 * in MiB; bit 1: the phone holds the backup's content; bit 2: a given
 * layout of those entries), two bytes of PMT length, the PMT reply, then
 * sectors of the user area as records of a 4-byte sector number and 512
 * bytes (the MBR/EBR chain is read from them; other sectors are zeros).
 * Whatever it gets, the verdict must hold its promises: trusted
 * means NVRAM located; untrusted means no identity and a reason with the
 * way out.
 */
#include <stdlib.h>
#include <string.h>

#include "mtkfw/mtkfw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define USER 0x72000000ull

struct disk {
	const uint8_t *p; /* records: u32 LE sector, 512 bytes */
	size_t n;
};

static int disk_read(void *user, uint64_t off, void *buf, size_t len)
{
	const struct disk *d = user;
	memset(buf, 0, len);
	for (size_t at = 0; at + 4 + 512 <= d->n; at += 4 + 512) {
		uint64_t s = (uint64_t)(d->p[at] | d->p[at + 1] << 8 | d->p[at + 2] << 16 |
					(uint32_t)d->p[at + 3] << 24) *
			     512;
		if (s + 512 > off && s < off + len) {
			uint64_t from = s > off ? s : off,
				 to = s + 512 < off + len ? s + 512 : off + len;
			memcpy((uint8_t *)buf + (from - off), d->p + at + 4 + (from - s),
			       to - from);
		}
	}
	return 0;
}

static int hash(void *user, const struct mtkfw_range *r, uint8_t sha[32])
{
	(void)r;
	memset(sha, *(const uint8_t *)user ? 0x11 : 0x22, 32);
	return 0;
}

/* A backup whose files and table are the PMT's entries, moved by shift bytes. */
static void backup_of(const struct mtkfw_pmt *p, uint64_t shift, struct mtkfw_backup *b)
{
	memset(b, 0, sizeof(*b));
	const struct mtkfw_pmt_entry *mbr = mtkfw_pmt_find(p, "MBR");
	for (size_t i = 0; i < p->n && b->n_pmt < 64; i++) {
		b->pmt[b->n_pmt] = p->e[i];
		b->pmt[b->n_pmt++].offset += shift;
		if (!mtkfw_is_identity_partition(p->e[i].name) || !mbr || b->n_files >= 64 ||
		    p->e[i].offset < mbr->offset)
			continue;
		struct mtkfw_backup_file *f = &b->files[b->n_files++];
		memcpy(f->name, p->e[i].name, sizeof(f->name));
		f->part = MTKFW_PART_USER;
		f->offset = p->e[i].offset - mbr->offset + shift;
		f->length = p->e[i].size;
		memset(f->sha256, 0x11, 32);
	}
}

static void check(const struct mtkfw_layout *l)
{
	if (mtkfw_layout_trusted(l) != !mtkfw_layout_may_write(NULL, l, "fuzz"))
		abort();
	if (l->state == MTKFW_LAYOUT_OK && !mtkfw_layout_identity(l, "NVRAM") &&
	    !mtkfw_layout_identity(l, "nvdata"))
		abort(); /* OK without NVRAM located */
	if (!mtkfw_layout_trusted(l) && (l->n_identity || !strstr(l->why, "to check")))
		abort(); /* untrusted but acting as if it knew, or nothing to check */
	if (l->state == MTKFW_LAYOUT_DISPUTED && strstr(l->why, "--layout-from"))
		abort(); /* a given layout offered as the fix of a dispute */
	if ((l->state == MTKFW_LAYOUT_GIVEN) != !!*l->unconfirmed)
		abort(); /* the user's word alone, but not said for what */
	for (size_t i = 0; i < l->n_parts; i++) {
		struct mtkfw_range r;
		char hits[200];
		if (!mtkfw_layout_range(NULL, l, l->parts[i].name, &r))
			mtkfw_layout_identity_hits(l, &r, hits, sizeof(hits));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mtkfw_pmt p;
	static struct mtkfw_backup b;
	static struct mtkfw_mbr_chain c;
	if (size < 4)
		return 0;
	uint8_t flags = data[0], content = flags & 2;
	size_t plen = (size_t)data[2] << 8 | data[3];
	if (plen > size - 4)
		plen = size - 4;
	struct disk d = {data + 4 + plen, size - 4 - plen};
	struct mtkfw_layout *l = mtkfw_layout_new(USER, 0x200000);
	if (!l)
		return 0;
	mtkfw_pmt_decode(data + 4, plen, USER, &p);
	mtkfw_layout_add_pmt(l, &p);
	mtkfw_mbr_chain_read(disk_read, &d, USER, &c);
	mtkfw_layout_add_mbr(l, &c, NULL);
	if (flags & 1) {
		backup_of(&p, (uint64_t)data[1] << 20, &b);
		mtkfw_layout_add_backup(l, MTKFW_SOURCE_BACKUP, &b);
	}
	if (flags & 4) {
		backup_of(&p, 0, &b);
		mtkfw_layout_add_backup(l, MTKFW_SOURCE_GIVEN, &b);
	}
	struct mtkfw_layout_probe probe = {hash, NULL, &content};
	mtkfw_layout_decide(l, &probe);
	check(l);
	mtkfw_layout_free(l);
	return 0;
}
