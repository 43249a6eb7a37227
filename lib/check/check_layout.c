/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Scatter-level rules: the right chip, unique names, partitions in order and
 * not overlapping (per region: MT6592-style scatters restart addresses in
 * the user area), known operation types, and identity partitions that the
 * package would overwrite.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "check_priv.h"

static const char *const standard_ops[] = {"BOOTLOADERS", "UPDATE",    "PROTECTED",
					   "BINREGION",	  "INVISIBLE", "RESERVED"};

/* "MT6577" from a file name like MT6577_Android_scatter_emmc.txt, into out. */
static bool platform_from_name(const char *path, char out[16])
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if ((base[0] != 'M' && base[0] != 'm') || (base[1] != 'T' && base[1] != 't'))
		return false;
	size_t n = 2;
	while (n < 8 && isdigit((unsigned char)base[n]))
		n++;
	if (n < 6)
		return false;
	snprintf(out, 16, "MT%.*s", (int)(n - 2), base + 2);
	return true;
}

static void check_platform(struct mtkfw_report *r)
{
	const char *plat = mtkfw_scatter_platform(r->sc);
	char guess[16];
	bool from_name = false;
	if (!plat && platform_from_name(r->scatter_path, guess)) {
		plat = guess;
		from_name = true;
	}
	if (!plat) {
		report_add(r, MTKFW_SEV_WARNING, "platform-unknown", NULL,
			   "the scatter does not say which chip it is for; make sure the package "
			   "is for %s",
			   r->chip);
		return;
	}
	if (!mtkfw_strieq(plat, r->chip))
		report_add(r, MTKFW_SEV_ERROR, "platform-mismatch", NULL,
			   "the scatter is for %s%s but the target is %s: flashing another chip's "
			   "firmware bricks the phone. Use a package made for %s (or --chip %s if "
			   "the phone really is a %s)",
			   plat, from_name ? " (from its file name)" : "", r->chip, r->chip, plat,
			   plat);
}

static void check_names(struct mtkfw_report *r)
{
	size_t n = mtkfw_scatter_count(r->sc);
	for (size_t i = 0; i < n; i++) {
		const struct mtkfw_scatter_part *p = mtkfw_scatter_part(r->sc, i);
		if (!*p->name) {
			report_add(
				r, MTKFW_SEV_WARNING, "partition-unnamed", NULL,
				"the row at line %u has an empty partition_name (0x%llx, %s): SP "
				"Flash Tool loads it as a reserved area; mtkfw never writes it",
				p->line, (unsigned long long)p->start,
				p->download ? "is_download: true" : "not downloaded");
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (mtkfw_strieq(p->name, mtkfw_scatter_part(r->sc, j)->name)) {
				report_add(r, MTKFW_SEV_ERROR, "duplicate-name", p->name,
					   "partition %s is listed twice (lines %u and %u): the "
					   "scatter is damaged; get the original",
					   p->name, mtkfw_scatter_part(r->sc, j)->line, p->line);
				break;
			}
	}
}

/* Same address space: the same region string (NULL matches NULL). */
static bool same_region(const struct mtkfw_scatter_part *a, const struct mtkfw_scatter_part *b)
{
	if (!a->region || !b->region)
		return !a->region && !b->region;
	return !strcmp(a->region, b->region);
}

/* Is p the last row of its region that has a real (not from-the-end) address? */
static bool last_in_region(const struct mtkfw_scatter *sc, size_t i)
{
	const struct mtkfw_scatter_part *p = mtkfw_scatter_part(sc, i);
	for (size_t j = i + 1; j < mtkfw_scatter_count(sc); j++) {
		const struct mtkfw_scatter_part *q = mtkfw_scatter_part(sc, j);
		if (!q->from_end && same_region(p, q))
			return false;
	}
	return true;
}

/* Compare row i with the previous row of its region. */
static void check_neighbour(struct mtkfw_report *r, size_t i, const struct mtkfw_scatter_part *prev)
{
	const struct mtkfw_scatter_part *p = mtkfw_scatter_part(r->sc, i);
	if (p->start < prev->start) {
		report_add(r, MTKFW_SEV_ERROR, "partition-order", p->name,
			   "%s starts at 0x%llx, before %s at 0x%llx: partitions must be listed "
			   "in address order; the scatter was edited wrongly",
			   p->name, (unsigned long long)p->start, prev->name,
			   (unsigned long long)prev->start);
		return;
	}
	if (prev->has_size && prev->size && prev->start + prev->size > p->start)
		report_add(r, MTKFW_SEV_ERROR, "partition-overlap", p->name,
			   "%s [0x%llx..0x%llx) overlaps %s starting at 0x%llx by 0x%llx bytes: "
			   "writing one would destroy the other",
			   prev->name, (unsigned long long)prev->start,
			   (unsigned long long)(prev->start + prev->size), p->name,
			   (unsigned long long)p->start,
			   (unsigned long long)(prev->start + prev->size - p->start));
}

static void check_order(struct mtkfw_report *r)
{
	size_t n = mtkfw_scatter_count(r->sc);
	for (size_t i = 0; i < n; i++) {
		const struct mtkfw_scatter_part *p = mtkfw_scatter_part(r->sc, i);
		if (p->from_end)
			continue;
		for (size_t j = i; j-- > 0;) {
			const struct mtkfw_scatter_part *q = mtkfw_scatter_part(r->sc, j);
			if (!q->from_end && same_region(p, q)) {
				check_neighbour(r, i, q);
				break;
			}
		}
		if (p->has_size && !p->size && !p->size_derived && !last_in_region(r->sc, i))
			report_add(r, MTKFW_SEV_WARNING, "partition-size-zero", p->name,
				   "%s has size 0, which means 'the rest of the device', but it is "
				   "not the last partition",
				   p->name);
	}
}

static bool standard_op(const char *op)
{
	for (size_t i = 0; i < MTKFW_ARRAY_SIZE(standard_ops); i++)
		if (!strcmp(op, standard_ops[i]))
			return true;
	return false;
}

static void check_rows(struct mtkfw_report *r)
{
	for (size_t i = 0; i < mtkfw_scatter_count(r->sc); i++) {
		const struct mtkfw_scatter_part *p = mtkfw_scatter_part(r->sc, i);
		if (p->operation && !standard_op(p->operation))
			report_add(
				r, MTKFW_SEV_WARNING, "operation-type-unknown", p->name,
				"%s has operation_type '%s', which SP Flash Tool does not know "
				"(BOOTLOADERS, UPDATE, PROTECTED, BINREGION, INVISIBLE, RESERVED); "
				"it may refuse the scatter",
				p->name, p->operation);
		if (p->download && mtkfw_is_identity_partition(p->name))
			report_add(
				r, MTKFW_SEV_WARNING, "identity-downloadable", p->name,
				"%s is marked downloadable%s%s%s: this package would overwrite the "
				"phone's identity (IMEI, RF calibration, MAC addresses) with another "
				"phone's. mtkfw skips it unless you ask for it with a backup of the "
				"phone in hand",
				p->name, p->file ? " (file " : "", p->file ? p->file : "",
				p->file ? ")" : "");
	}
}

void check_layout(struct mtkfw_report *r)
{
	check_platform(r);
	check_names(r);
	check_order(r);
	check_rows(r);
}
