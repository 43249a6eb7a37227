/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The MBR/EBR chain at the start of an MT6572 user area (docs/formats.md,
 * "MBR and EBR"): which filesystem partitions Linux mounts, and where. A
 * second witness of the layout, independent of the PMT.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "mtkfw/image.h"

#define SECTOR 512u

static bool is_extended(uint8_t type)
{
	return type == 0x05 || type == 0x0F || type == 0x85;
}

static int damaged(struct mtkfw_mbr_chain *c, const char *fmt, ...) MTKFW_PRINTF(2, 3);
static int damaged(struct mtkfw_mbr_chain *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
	c->state = MTKFW_MBR_DAMAGED;
	c->n = 0;
	return 0;
}

static bool known_table(const struct mtkfw_mbr_chain *c, uint64_t at)
{
	for (size_t i = 0; i < c->n_tables; i++)
		if (c->tables[i] == at)
			return true;
	return false;
}

/* One table's entries: data partitions into c, links appended to the table list. */
static int walk_table(struct mtkfw_mbr_chain *c, const struct mtkfw_mbr_info *t, size_t k,
		      uint64_t area, uint64_t *ebr1)
{
	uint64_t at = c->tables[k];
	for (int i = 0; i < 4; i++) {
		const struct mtkfw_mbr_entry *e = &t->e[i];
		if (!e->type)
			continue;
		if (is_extended(e->type)) {
			uint64_t to = (k ? *ebr1 : at) + (uint64_t)e->lba * SECTOR;
			if (!k)
				*ebr1 = to;
			if (to >= area || to % SECTOR || known_table(c, to))
				return damaged(
					c, "table %zu links to 0x%llx: outside the area or a loop",
					k, (unsigned long long)to);
			if (c->n_tables >= MTKFW_MBR_TABLES_MAX)
				return damaged(c, "more than %d tables", MTKFW_MBR_TABLES_MAX);
			c->tables[c->n_tables++] = to;
			continue;
		}
		uint64_t off = at + (uint64_t)e->lba * SECTOR, size = (uint64_t)e->sectors * SECTOR;
		if (off >= area || !size)
			return damaged(
				c,
				"table %zu entry %d (lba 0x%x, 0x%x sectors) is outside the area",
				k, i + 1, e->lba, e->sectors);
		if (c->n >= MTKFW_MBR_CHAIN_MAX)
			return damaged(c, "more than %d partitions", MTKFW_MBR_CHAIN_MAX);
		struct mtkfw_mbr_part *p = &c->p[c->n++];
		p->offset = off;
		p->to_end = size > area - off;
		p->size = p->to_end ? area - off : size;
		p->type = e->type;
		p->table = (unsigned)k;
	}
	return 0;
}

/* Sorted, disjoint, and no table inside a partition. */
static void check_tiling(struct mtkfw_mbr_chain *c)
{
	for (size_t i = 1; i < c->n; i++)
		for (size_t j = i; j > 0 && c->p[j - 1].offset > c->p[j].offset; j--) {
			struct mtkfw_mbr_part t = c->p[j];
			c->p[j] = c->p[j - 1];
			c->p[j - 1] = t;
		}
	for (size_t i = 0; i < c->n; i++) {
		const struct mtkfw_mbr_part *p = &c->p[i];
		if (i + 1 < c->n && p->offset + p->size > c->p[i + 1].offset) {
			damaged(c, "partitions at 0x%llx and 0x%llx overlap",
				(unsigned long long)p->offset,
				(unsigned long long)c->p[i + 1].offset);
			return;
		}
		for (size_t k = 0; k < c->n_tables; k++)
			if (c->tables[k] >= p->offset && c->tables[k] < p->offset + p->size) {
				damaged(c,
					"table %zu at 0x%llx lies inside the partition at 0x%llx",
					k, (unsigned long long)c->tables[k],
					(unsigned long long)p->offset);
				return;
			}
	}
}

int mtkfw_mbr_chain_read(mtkfw_read_at_cb read, void *user, uint64_t area,
			 struct mtkfw_mbr_chain *out)
{
	uint8_t sec[SECTOR];
	uint64_t ebr1 = 0;
	memset(out, 0, sizeof(*out));
	if (area < SECTOR) {
		snprintf(out->why, sizeof(out->why), "no user area");
		return 0;
	}
	out->n_tables = 1; /* the MBR, at 0 */
	for (size_t k = 0; k < out->n_tables; k++) {
		struct mtkfw_mbr_info t;
		int r = read(user, out->tables[k], sec, SECTOR);
		if (r)
			return r;
		if (!k && sec[0] == 0 && !memcmp(sec, sec + 1, SECTOR - 1)) {
			out->n_tables = 0;
			snprintf(out->why, sizeof(out->why), "sector 0 of the user area is blank");
			return 0;
		}
		if (mtkfw_mbr_parse(sec, SECTOR, &t))
			return damaged(out, "%s at 0x%llx is not a partition table",
				       k ? "the EBR" : "sector 0",
				       (unsigned long long)out->tables[k]);
		if (walk_table(out, &t, k, area, &ebr1) || out->state == MTKFW_MBR_DAMAGED)
			return 0;
	}
	check_tiling(out);
	if (out->state != MTKFW_MBR_DAMAGED)
		out->state = MTKFW_MBR_OK;
	return 0;
}
