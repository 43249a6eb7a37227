/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rendering a package report (check, info, checksum) as text or JSON. */
#include <inttypes.h>
#include <string.h>

#include "cli.h"

json_object *cli_image_json(const struct mtkfw_image_info *im)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "kind", json_object_new_string(mtkfw_image_kind_name(im->kind)));
	json_object_object_add(o, "summary", json_object_new_string(im->summary));
	json_object_object_add(o, "file_size", json_object_new_uint64(im->file_size));
	json_object_object_add(o, "content_size", json_object_new_uint64(im->content_size));
	if (im->has_bytesum) {
		char hex[8];
		snprintf(hex, sizeof(hex), "0x%04X", im->bytesum);
		json_object_object_add(o, "bytesum", json_object_new_string(hex));
	}
	if (im->kind == MTKFW_IMG_PRELOADER) {
		const struct mtkfw_preloader_info *pl = &im->preloader;
		json_object *p = json_object_new_object();
		json_object_object_add(
			p, "flash_dev",
			json_object_new_string(mtkfw_flash_dev_name(pl->fi.flash_dev)));
		json_object_object_add(p, "load_addr", json_object_new_uint64(pl->fi.load_addr));
		json_object_object_add(p, "file_len", json_object_new_uint64(pl->fi.file_len));
		json_object_object_add(p, "max_size", json_object_new_uint64(pl->fi.max_size));
		json_object_object_add(p, "emi_version", json_object_new_int((int)pl->emi_version));
		json_object_object_add(p, "emi", mtkfw_emi_to_json(pl->emi, pl->n_emi));
		json_object_object_add(o, "preloader", p);
	}
	return o;
}

static json_object *row_json(const struct mtkfw_check_row *row)
{
	const struct mtkfw_scatter_part *p = row->part;
	json_object *o = json_object_new_object();
	json_object_object_add(o, "name", json_object_new_string(p->name));
	json_object_object_add(o, "download", json_object_new_boolean(p->download));
	json_object_object_add(o, "identity",
			       json_object_new_boolean(mtkfw_is_identity_partition(p->name)));
	json_object_object_add(o, "region", cli_json_str(p->region));
	json_object_object_add(o, "start", json_object_new_uint64(p->start));
	json_object_object_add(o, "size", p->has_size ? json_object_new_uint64(p->size) : NULL);
	json_object_object_add(o, "file", cli_json_str(row->file));
	json_object_object_add(
		o, "file_size",
		row->file && row->file_size_known ? json_object_new_uint64(row->file_size) : NULL);
	json_object_object_add(o, "image", row->probed ? cli_image_json(&row->image) : NULL);
	return o;
}

json_object *cli_report_json(const char *path, const struct mtkfw_report *r)
{
	json_object *doc = json_object_new_object();
	const struct mtkfw_scatter *sc = mtkfw_report_scatter(r);
	json_object_object_add(doc, "package", json_object_new_string(path));
	json_object_object_add(doc, "kind", json_object_new_string(mtkfw_report_package_kind(r)));
	json_object_object_add(
		doc, "origin",
		mtkfw_report_origin(r) ? json_object_new_string(mtkfw_report_origin(r)) : NULL);
	json_object_object_add(doc, "members",
			       json_object_new_uint64(mtkfw_report_member_count(r)));
	json_object_object_add(doc, "chip", json_object_new_string(mtkfw_report_chip(r)));
	json_object *s = NULL;
	if (sc) {
		s = json_object_new_object();
		json_object_object_add(s, "path",
				       json_object_new_string(mtkfw_report_scatter_path(r)));
		json_object_object_add(s, "format",
				       json_object_new_string(mtkfw_scatter_format_name(
					       mtkfw_scatter_format(sc))));
		json_object_object_add(s, "platform", cli_json_str(mtkfw_scatter_platform(sc)));
		json_object_object_add(s, "project", cli_json_str(mtkfw_scatter_project(sc)));
		json_object_object_add(s, "storage", cli_json_str(mtkfw_scatter_storage(sc)));
	}
	json_object_object_add(doc, "scatter", s);
	json_object_object_add(doc, "checksum_ini", cli_json_str(mtkfw_report_checksum_ini(r)));
	json_object *rows = json_object_new_array();
	for (size_t i = 0; i < mtkfw_report_row_count(r); i++)
		json_object_array_add(rows, row_json(mtkfw_report_row(r, i)));
	json_object_object_add(doc, "partitions", rows);
	json_object *fs = json_object_new_array();
	for (size_t i = 0; i < mtkfw_report_finding_count(r); i++) {
		const struct mtkfw_finding *f = mtkfw_report_finding(r, i);
		json_object *o = json_object_new_object();
		json_object_object_add(o, "severity",
				       json_object_new_string(mtkfw_severity_name(f->severity)));
		json_object_object_add(o, "code", json_object_new_string(f->code));
		json_object_object_add(o, "partition", cli_json_str(f->partition));
		json_object_object_add(o, "message", json_object_new_string(f->message));
		json_object_array_add(fs, o);
	}
	json_object_object_add(doc, "findings", fs);
	unsigned errors = mtkfw_report_count(r, MTKFW_SEV_ERROR);
	json_object_object_add(doc, "errors", json_object_new_int((int)errors));
	json_object_object_add(doc, "warnings",
			       json_object_new_int((int)mtkfw_report_count(r, MTKFW_SEV_WARNING)));
	json_object_object_add(doc, "ok", json_object_new_boolean(errors == 0));
	return doc;
}

static void print_rows(const struct mtkfw_report *r, bool images)
{
	char sz[24];
	printf("\n%-12s %-12s %-12s %-11s %-28s %s\n", "partition", "start", "size", "region",
	       "file", images ? "image" : "file size");
	for (size_t i = 0; i < mtkfw_report_row_count(r); i++) {
		const struct mtkfw_check_row *row = mtkfw_report_row(r, i);
		const struct mtkfw_scatter_part *p = row->part;
		char size[24] = "-";
		if (p->has_size)
			snprintf(size, sizeof(size), "0x%" PRIx64, p->size);
		const char *what =
			!p->download
				? (mtkfw_is_identity_partition(p->name) ? "(kept: phone identity)"
									: "(not written)")
			: row->file
				? (images && row->probed ? row->image.summary
							 : cli_size(sz, sizeof(sz), row->file_size))
				: "(no file)";
		printf("%-12s 0x%-10" PRIx64 " %-12s %-11s %-28s %s\n", p->name, p->start, size,
		       p->region ? p->region : "-", row->file ? row->file : "-", what);
	}
}

void cli_report_print(const char *path, const struct mtkfw_report *r, bool images)
{
	const struct mtkfw_scatter *sc = mtkfw_report_scatter(r);
	printf("package   %s (%s, %zu members)\n", path, mtkfw_report_package_kind(r),
	       mtkfw_report_member_count(r));
	if (mtkfw_report_origin(r))
		printf("origin    %s (not a factory package)\n", mtkfw_report_origin(r));
	if (sc) {
		const char *plat = mtkfw_scatter_platform(sc), *proj = mtkfw_scatter_project(sc),
			   *stor = mtkfw_scatter_storage(sc);
		printf("scatter   %s (%s%s%s%s%s%s%s)\n", mtkfw_report_scatter_path(r),
		       mtkfw_scatter_format_name(mtkfw_scatter_format(sc)), plat ? ", " : "",
		       plat ? plat : "", proj ? ", project " : "", proj ? proj : "",
		       stor ? ", " : "", stor ? stor : "");
		printf("checksums %s\n", mtkfw_report_checksum_ini(r) ? mtkfw_report_checksum_ini(r)
								      : "(no Checksum.ini)");
		print_rows(r, images);
	}
	size_t n = mtkfw_report_finding_count(r);
	if (n)
		printf("\nfindings:\n");
	for (int sev = MTKFW_SEV_ERROR; sev >= MTKFW_SEV_INFO; sev--)
		for (size_t i = 0; i < n; i++) {
			const struct mtkfw_finding *f = mtkfw_report_finding(r, i);
			if ((int)f->severity != sev)
				continue;
			printf("  %-7s %s%s%s%s: %s\n",
			       sev == MTKFW_SEV_ERROR	  ? "ERROR"
			       : sev == MTKFW_SEV_WARNING ? "WARNING"
							  : "info",
			       f->code, f->partition ? " [" : "", f->partition ? f->partition : "",
			       f->partition ? "]" : "", f->message);
		}
	unsigned e = mtkfw_report_count(r, MTKFW_SEV_ERROR),
		 w = mtkfw_report_count(r, MTKFW_SEV_WARNING);
	printf("\nverdict: %u error%s, %u warning%s: %s\n", e, e == 1 ? "" : "s", w,
	       w == 1 ? "" : "s",
	       e   ? "do NOT flash this package as it is"
	       : w ? "usable; read the warnings before flashing"
		   : "looks sane");
}
