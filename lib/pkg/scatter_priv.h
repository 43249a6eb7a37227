/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Scatter internals shared by the parser and the query functions. */
#ifndef MTKFW_SCATTER_PRIV_H
#define MTKFW_SCATTER_PRIV_H

#include "mtkfw/scatter.h"

struct part_priv {
	struct mtkfw_scatter_part pub; /* pub.extra points at extra */
	bool has_start;
	struct mtkfw_kv *extra;
	size_t n_extra, cap_extra;
};

struct mtkfw_scatter {
	enum mtkfw_scatter_format format;
	const char *platform, *project, *storage, *config_version;
	struct mtkfw_kv *general;
	size_t n_general, cap_general;
	struct part_priv *parts;
	size_t n_parts, cap_parts;
	char **strs; /* string pool: every string above points in here */
	size_t n_strs, cap_strs;
};

#endif
