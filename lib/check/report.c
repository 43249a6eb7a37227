/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The package report: findings as the rules add them, and what callers read of it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_priv.h"

void report_add(struct mtkfw_report *r, enum mtkfw_severity sev, const char *code,
		const char *partition, const char *fmt, ...)
{
	va_list ap;
	char msg[1024];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (mtkfw_grow((void **)&r->f, &r->cap_f, r->n_f + 1, sizeof(*r->f)))
		return;
	struct mtkfw_finding *f = &r->f[r->n_f];
	f->severity = sev;
	f->code = mtkfw_strdup(code);
	f->partition = mtkfw_strdup(partition);
	f->message = mtkfw_strdup(msg);
	if (f->code && f->message && (!partition || f->partition)) {
		r->n_f++;
		return;
	}
	free((char *)f->code);
	free((char *)f->partition);
	free((char *)f->message);
}

void mtkfw_report_free(struct mtkfw_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_f; i++) {
		free((char *)r->f[i].code);
		free((char *)r->f[i].partition);
		free((char *)r->f[i].message);
	}
	for (size_t i = 0; i < r->n_rows; i++)
		mtkfw_image_info_clear(&r->rows[i].image);
	free(r->f);
	free(r->rows);
	mtkfw_checksum_ini_free(r->ini);
	mtkfw_scatter_free(r->sc);
	mtkfw_pkg_close(r->pkg);
	free(r->kind);
	free(r->chip);
	free(r->scatter_path);
	free(r->scatter_dir);
	free(r->ini_path);
	free(r->ini_target);
	free(r);
}

struct mtkfw_pkg *mtkfw_report_package(const struct mtkfw_report *r)
{
	return r->pkg;
}

const char *mtkfw_report_package_kind(const struct mtkfw_report *r)
{
	return r->kind;
}

size_t mtkfw_report_member_count(const struct mtkfw_report *r)
{
	return r->members;
}

const char *mtkfw_report_scatter_path(const struct mtkfw_report *r)
{
	return r->sc ? r->scatter_path : NULL;
}

const struct mtkfw_scatter *mtkfw_report_scatter(const struct mtkfw_report *r)
{
	return r->sc;
}

const char *mtkfw_report_chip(const struct mtkfw_report *r)
{
	return r->chip;
}

const char *mtkfw_report_checksum_ini(const struct mtkfw_report *r)
{
	return r->ini_path;
}

const char *mtkfw_report_checksum_ini_target(const struct mtkfw_report *r)
{
	return r->ini_target;
}

size_t mtkfw_report_row_count(const struct mtkfw_report *r)
{
	return r->n_rows;
}

const struct mtkfw_check_row *mtkfw_report_row(const struct mtkfw_report *r, size_t i)
{
	return i < r->n_rows ? &r->rows[i] : NULL;
}

size_t mtkfw_report_finding_count(const struct mtkfw_report *r)
{
	return r->n_f;
}

const struct mtkfw_finding *mtkfw_report_finding(const struct mtkfw_report *r, size_t i)
{
	return i < r->n_f ? &r->f[i] : NULL;
}

unsigned mtkfw_report_count(const struct mtkfw_report *r, enum mtkfw_severity sev)
{
	unsigned n = 0;
	for (size_t i = 0; i < r->n_f; i++)
		n += r->f[i].severity == sev;
	return n;
}

uint64_t mtkfw_report_bytes_read(const struct mtkfw_report *r)
{
	return r->bytes_read;
}

int mtkfw_report_checksum_text(const struct mtkfw_report *r, char **out, size_t *n_images)
{
	struct mtkfw_checksum_entry *e = calloc(r->n_rows + 1, sizeof(*e));
	size_t n = 0;
	for (size_t i = 0; e && i < r->n_rows; i++) {
		const struct mtkfw_check_row *row = &r->rows[i];
		if (row->probed && row->image.has_bytesum)
			e[n++] = (struct mtkfw_checksum_entry){row->part->name, row->image.bytesum,
							       0};
	}
	*out = e ? mtkfw_checksum_ini_format(e, n) : NULL;
	free(e);
	*n_images = n;
	return *out ? 0 : MTKFW_E_NO_MEM;
}
