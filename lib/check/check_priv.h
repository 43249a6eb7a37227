/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Package check internals: the report and the rule sets of check_*.c. */
#ifndef MTKFW_CHECK_PRIV_H
#define MTKFW_CHECK_PRIV_H

#include "internal.h"
#include "mtkfw/check.h"
#include "mtkfw/checksum.h"
#include "mtkfw/package.h"

/** One "Key : value" a readback tool recorded about the phone (MTK Droid Tools' phone.info). */
struct mtkfw_kv_fact {
	char key[32], value[160];
};

struct mtkfw_report {
	struct mtkfw_ctx *ctx;
	struct mtkfw_pkg *pkg;
	char *kind;
	size_t members;
	char *chip;
	char *scatter_path;
	char *scatter_dir;
	struct mtkfw_scatter *sc;
	char *ini_path, *ini_target;
	struct mtkfw_checksum_ini *ini;
	struct mtkfw_check_row *rows;
	size_t n_rows;
	struct mtkfw_finding *f;
	size_t n_f, cap_f;
	uint64_t bytes_read, bytes_total;
	struct mtkfw_check_opts opts;
	const char *origin;    /* NULL: a factory package; else the tool that made it */
	char scatter_tool[32]; /* the tool a scatter's banner names ("WwR_MTK_2.50"), or "" */
	struct mtkfw_kv_fact facts[16];
	size_t n_facts;
};

/** Record a finding (message formatted); allocation failure drops it silently. */
void report_add(struct mtkfw_report *r, enum mtkfw_severity sev, const char *code,
		const char *partition, const char *fmt, ...) MTKFW_PRINTF(5, 6);

/** Scatter-level rules: platform, names, order, overlaps, operation types, identity. */
void check_layout(struct mtkfw_report *r);

/** Rules on one identified image against its row. */
void check_image(struct mtkfw_report *r, struct mtkfw_check_row *row);

/** Cross-check MBR/EBR images with the scatter (docs/formats.md, "MBR and EBR"). */
void check_mbr_chain(struct mtkfw_report *r);

/** Note the tool a scatter's comment banner names (check_origin.c), from its text. */
void check_scatter_banner(struct mtkfw_report *r, const char *text, size_t len);

/** Recognise a backup made by a readback tool (check_origin.c); sets r->origin, r->facts. */
void check_origin(struct mtkfw_report *r);

/** A fact the tool recorded about the phone (key ignoring case), or NULL. */
const char *check_fact(const struct mtkfw_report *r, const char *key);

/** For a backup: match a boot-area row to the tool's dump of boot1; true when matched. */
bool check_boot1_dump(struct mtkfw_report *r, struct mtkfw_check_row *row);

/** Checksum.ini against the computed byte sums. */
void check_checksums(struct mtkfw_report *r);

#endif
