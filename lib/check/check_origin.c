/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Where a package comes from. Forum "universal firmware" is often not a
 * factory package but a backup of a running phone made by a readback tool;
 * MTK Droid Tools' is recognised by its phone.info / firmware.info files
 * beside the scatter, or by the scatter's project "MTDTtest" with the boot1
 * dump beside it (a package converted from one keeps the project, not the
 * dump) (docs/formats.md, "Backups made by other tools"). Its images are whole-partition dumps and
 * its preloader is a dump of boot1 named preloader_and_dsp. WwR MTK's is recognised by the banner
 * its scatter carries in a comment line ("__WwR_MTK_2.50__"): it splits an SP Flash Tool readback
 * of the whole eMMC into partition dumps.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check_priv.h"
#include "mtkfw/scatter.h"

#define INFO_MAX     (64u * 1024)
#define DROID_BOOT1  "preloader_and_dsp" /* MTK Droid Tools' dump of boot1 */
#define DROID_ORIGIN "MTK Droid Tools backup"
#define WWR_ORIGIN   "WwR MTK backup"
#define WWR_BANNER   "__WwR_MTK" /* in a '#' line of the scatters it writes */

/* Is there a file of this name beside the scatter? */
static bool beside(const struct mtkfw_report *r, const char *name, size_t *idx)
{
	size_t i;
	return !mtkfw_pkg_find(r->pkg, r->scatter_dir, name, true, idx ? idx : &i);
}

/* Runs of spaces in place to one ("Android  v" is "Android v"). */
static void squeeze(char *s)
{
	char *o = s;
	for (const char *i = s; *i; i++)
		if (!isspace((unsigned char)*i) || (o > s && o[-1] != ' '))
			*o++ = isspace((unsigned char)*i) ? ' ' : *i;
	*o = 0;
}

/* Keep one "Key : value" line of phone.info. */
static void add_fact(struct mtkfw_report *r, char *line)
{
	char *colon = strchr(line, ':');
	if (!colon || r->n_facts >= MTKFW_ARRAY_SIZE(r->facts))
		return;
	*colon = 0;
	char *k = mtkfw_strtrim(line);
	const char *v = mtkfw_strtrim(colon + 1);
	squeeze(k);
	if (!*k || !*v)
		return;
	struct mtkfw_kv_fact *f = &r->facts[r->n_facts++];
	snprintf(f->key, sizeof(f->key), "%s", k);
	snprintf(f->value, sizeof(f->value), "%s", v);
	for (char *c = f->value; *c; c++) /* a report line stays one line, printable */
		if (!isprint((unsigned char)*c))
			*c = '?';
}

/* What the tool read from the running phone (phone.info), kept as facts. */
static void read_phone_info(struct mtkfw_report *r, size_t idx)
{
	char *text;
	size_t len;
	if (mtkfw_pkg_read_small(r->ctx, r->pkg, idx, INFO_MAX, &text, &len))
		return;
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		add_fact(r, line);
	}
	free(text);
}

const char *check_fact(const struct mtkfw_report *r, const char *key)
{
	for (size_t i = 0; i < r->n_facts; i++)
		if (mtkfw_strieq(r->facts[i].key, key))
			return r->facts[i].value;
	return NULL;
}

void check_scatter_banner(struct mtkfw_report *r, const char *text, size_t len)
{
	size_t n = strlen(WWR_BANNER);
	for (size_t i = 0; i + n <= len; i++) {
		const char *line = text + i; /* only '#' comment lines carry a banner */
		if (i && text[i - 1] != '\n')
			continue;
		for (size_t j = 0; *line == '#' && i + j + n <= len && line[j] != '\n'; j++) {
			if (strncasecmp(line + j, WWR_BANNER, n))
				continue;
			size_t k = 2; /* "WwR_MTK_2.50" up to the closing "__" */
			while (k < sizeof(r->scatter_tool) - 1 && i + j + k < len &&
			       (isalnum((unsigned char)line[j + k]) || line[j + k] == '.' ||
				(line[j + k] == '_' && line[j + k + 1] != '_')))
				k++;
			snprintf(r->scatter_tool, sizeof(r->scatter_tool), "%.*s", (int)(k - 2),
				 line + j + 2);
			return;
		}
	}
}

/* A WwR MTK backup: said with the version its scatter's banner names. */
static void wwr_origin(struct mtkfw_report *r)
{
	r->origin = WWR_ORIGIN;
	report_add(r, MTKFW_SEV_INFO, "package-origin", NULL,
		   "a WwR MTK backup (its scatter was written by %s): its images are partition "
		   "dumps split out of a readback of a running phone, its identity files (if any) "
		   "that phone's; 'mtkfw check --convert DIR' writes a clean SP Flash Tool package "
		   "from it",
		   r->scatter_tool);
}

void check_origin(struct mtkfw_report *r)
{
	size_t idx;
	if (*r->scatter_tool) {
		wwr_origin(r);
		return;
	}
	const char *project = mtkfw_scatter_project(r->sc);
	bool info = beside(r, "phone.info", &idx);
	if (!info && !beside(r, "firmware.info", NULL) &&
	    !(project && !strcmp(project, "MTDTtest") && beside(r, DROID_BOOT1, NULL)))
		return;
	r->origin = DROID_ORIGIN;
	if (info)
		read_phone_info(r, idx);
	static const char *const shown[][2] = {
		{"Model", ""}, {"Android v", "Android "}, {"LCD Driver IC", "LCD driver "}};
	char what[400] = "";
	size_t n = 0;
	for (size_t i = 0; i < MTKFW_ARRAY_SIZE(shown) && n < sizeof(what) - 2; i++) {
		const char *v = check_fact(r, shown[i][0]);
		int k = v ? snprintf(what + n, sizeof(what) - 1 - n, "%s%s%s", n ? ", " : " (",
				     shown[i][1], v)
			  : 0;
		n += k > 0 ? (size_t)k : 0;
		n = n < sizeof(what) - 2 ? n : sizeof(what) - 2;
	}
	if (n)
		strcat(what, ")");
	report_add(r, MTKFW_SEV_INFO, "package-origin", NULL,
		   "an MTK Droid Tools backup of a running phone%s: its images are partition "
		   "dumps, its identity files (if any) that phone's; 'mtkfw check --convert DIR' "
		   "writes a clean SP Flash Tool package from it",
		   what);
}

bool check_boot1_dump(struct mtkfw_report *r, struct mtkfw_check_row *row)
{
	size_t idx;
	if (!r->origin || !mtkfw_scatter_part_in_boot(row->part) || !beside(r, DROID_BOOT1, &idx))
		return false;
	const struct mtkfw_pkg_entry *e = mtkfw_pkg_entry(r->pkg, idx);
	row->file = e->path;
	row->member = idx;
	row->file_size_known = e->size_known;
	row->file_size = e->size;
	report_add(r, MTKFW_SEV_INFO, "preloader-from-dump", row->part->name,
		   "%s is MTK Droid Tools' dump of boot1 (the preloader behind its EMMC_BOOT "
		   "header): flashed to boot1 as it is, header included",
		   e->path);
	return true;
}

const char *mtkfw_report_origin(const struct mtkfw_report *r)
{
	return r->origin;
}

const char *mtkfw_report_phone_fact(const struct mtkfw_report *r, const char *key)
{
	return check_fact(r, key);
}
