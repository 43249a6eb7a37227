/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mtkfw checksum PKG [--write] [-o FILE] [--json]: Checksum.ini values. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "progress.h"

static const char usage_text[] =
	"usage: mtkfw checksum PKG [--write] [-o FILE] [--json] [-q]\n"
	"\n"
	"Compute the SP Flash Tool Checksum.ini value (V1: 16-bit sum of all bytes) of\n"
	"every image the scatter downloads, and compare with the package's Checksum.ini.\n"
	"\n"
	"  --write     write Checksum.ini next to the scatter (folder packages)\n"
	"  -o FILE     write it to FILE instead (needed for archives)\n"
	"  --json      machine-readable output\n"
	"  -q          no progress bar\n";

static int write_ini(const struct mtkfw_report *r, const char *out)
{
	const char *target = out ? out : mtkfw_report_checksum_ini_target(r);
	if (!target) {
		cli_msg("error: %s is an archive and cannot be changed in place; write the file "
			"elsewhere with -o FILE",
			mtkfw_report_package_kind(r));
		return EX_USAGE;
	}
	size_t n;
	char *text;
	if (mtkfw_report_checksum_text(r, &text, &n))
		return EX_OSERR;
	int err = mtkfw_write_file_atomic(target, text, strlen(text));
	free(text);
	if (err) {
		cli_msg("error: cannot write %s: %s", target, strerror(-err));
		return EX_CANTCREAT;
	}
	fprintf(stderr, "mtkfw: wrote %s (%zu images)\n", target, n);
	return EX_OK;
}

static void print_table(const struct mtkfw_report *r)
{
	printf("%-12s %-30s %-8s %-8s %s\n", "partition", "file", "sum", "listed", "status");
	for (size_t i = 0; i < mtkfw_report_row_count(r); i++) {
		const struct mtkfw_check_row *row = mtkfw_report_row(r, i);
		if (!row->probed || !row->image.has_bytesum)
			continue;
		char listed[12] = "-";
		if (row->checksum_listed)
			snprintf(listed, sizeof(listed), "0x%04X", row->checksum_expected);
		printf("%-12s %-30s 0x%04X   %-8s %s\n", row->part->name, row->file,
		       row->image.bytesum, listed,
		       !row->checksum_listed			      ? "not listed"
		       : row->checksum_expected == row->image.bytesum ? "ok"
								      : "MISMATCH");
	}
}

static json_object *table_json(const struct mtkfw_report *r)
{
	json_object *doc = json_object_new_object(), *arr = json_object_new_array();
	json_object_object_add(doc, "checksum_ini", cli_json_str(mtkfw_report_checksum_ini(r)));
	for (size_t i = 0; i < mtkfw_report_row_count(r); i++) {
		const struct mtkfw_check_row *row = mtkfw_report_row(r, i);
		if (!row->probed || !row->image.has_bytesum)
			continue;
		json_object *o = json_object_new_object();
		char hex[8];
		snprintf(hex, sizeof(hex), "0x%04X", row->image.bytesum);
		json_object_object_add(o, "partition", json_object_new_string(row->part->name));
		json_object_object_add(o, "file", json_object_new_string(row->file));
		json_object_object_add(o, "sum", json_object_new_string(hex));
		json_object_object_add(o, "ok",
				       row->checksum_listed
					       ? json_object_new_boolean(row->checksum_expected ==
									 row->image.bytesum)
					       : NULL);
		json_object_array_add(arr, o);
	}
	json_object_object_add(doc, "images", arr);
	return doc;
}

int cmd_checksum(struct mtkfw_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"write", no_argument, NULL, 'w'},	  {"json", no_argument, NULL, 'j'},
		{"output", required_argument, NULL, 'o'}, {"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},	  {NULL, 0, NULL, 0}};
	bool write = false, json = false, quiet = false;
	const char *out = NULL;
	int c;
	if (cli_wants_help(argc, argv, usage_text))
		return EX_OK;
	while ((c = getopt_long(argc, argv, "wjo:qh", opts, NULL)) != -1) {
		if (c == 'w')
			write = true;
		else if (c == 'j')
			json = true;
		else if (c == 'o')
			out = optarg, write = true;
		else if (c == 'q')
			quiet = true;
		else
			return fputs(usage_text, stderr), EX_USAGE;
	}
	if (optind + 1 != argc)
		return fputs(usage_text, stderr), EX_USAGE;
	struct cli_progress prog;
	cli_progress_init(&prog, "summing", false, quiet || json);
	struct mtkfw_check_opts o = {.read_images = true,
				     .bytesum = true,
				     .progress = cli_progress_cb,
				     .progress_user = &prog};
	struct mtkfw_report *r;
	int rc = mtkfw_check_package(ctx, argv[optind], &o, &r);
	cli_progress_done(&prog);
	if (rc)
		return cli_fail(ctx, rc);
	if (!mtkfw_report_scatter(r)) {
		cli_report_print(argv[optind], r, false);
		mtkfw_report_free(r);
		return EX_DATAERR;
	}
	int code = EX_OK;
	if (json)
		cli_json_print(table_json(r));
	else
		print_table(r);
	if (write)
		code = write_ini(r, out);
	mtkfw_report_free(r);
	return code;
}
