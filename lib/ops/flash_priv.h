/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The plan (plan.c) as its executor (flash.c) reads it. */
#ifndef MTKFW_FLASH_PRIV_H
#define MTKFW_FLASH_PRIV_H

#include "internal.h"
#include "mtkfw/flash.h"

struct mtkfw_plan {
	enum mtkfw_flash_mode mode;
	bool resumed; /* rebuilt from the journal of an interrupted flash */
	struct mtkfw_plan_step *steps;
	size_t n, cap;
	char preserved[512];
	uint64_t user, boot1, user_base,
		tail; /* the phone's areas; the package's user base, reserve */
};

/** Is the partition chosen by --only / --skip? */
bool plan_selected(const struct mtkfw_flash_opts *o, const char *name);

/** Where a scatter row lives on the phone, and its size there. */
void plan_locate(const struct mtkfw_plan *p, const struct mtkfw_scatter_part *row,
		 enum mtkfw_emmc_part *part, uint64_t *off);
uint64_t plan_row_size(const struct mtkfw_plan *p, const struct mtkfw_scatter_part *row);

struct mtkfw_layout;

/**
 * How the scatter's layout differs from the phone's (rows missing, moved,
 * resized), as "; "-separated notes in diff; returns how many rows differ
 * (0: a download would put every image where the phone has it).
 */
size_t plan_layout_diff(const struct mtkfw_layout *l, const struct mtkfw_scatter *sc, char *diff,
			size_t n);

#endif
