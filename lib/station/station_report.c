/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What a station leaves behind: a report row per phone (CSV for a
 * spreadsheet, JSON lines for programs, both flushed as each phone finishes
 * so that a crash keeps what was done) and a log per slot.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "station_priv.h"

static const char *const columns[] = {
	"slot",	   "cid",  "me_id",	"package", "mode",
	"start",   "end",  "bytes",	"mbps",	   "result",
	"error",   "spft", "spft_name", "message", "identity_backup",
	"resumed",
};

const char *station_utc(char *buf, size_t n)
{
	return mtkfw_utc_now("%Y-%m-%dT%H:%M:%SZ", buf, n);
}

/* path with its .csv or .jsonl (or none) replaced by ext. */
static void report_path(const char *report, const char *ext, char *out, size_t n)
{
	size_t len = strlen(report);
	if (mtkfw_str_iendswith(report, ".csv"))
		len -= 4;
	else if (mtkfw_str_iendswith(report, ".jsonl"))
		len -= 6;
	snprintf(out, n, "%.*s%s", (int)len, report, ext);
}

/* A report file opened to append, its CSV header written when it is new. */
static FILE *open_report(struct station *st, const char *path, bool csv)
{
	struct stat sb;
	bool fresh = stat(path, &sb) || sb.st_size == 0;
	FILE *f = fopen(path, "a");
	if (!f) {
		mtkfw_fail(st->j->ctx, MTKFW_E_IO, "cannot write the report %s: %s", path,
			   mtkfw_errno_text(errno));
		return NULL;
	}
	for (size_t i = 0; csv && fresh && i < MTKFW_ARRAY_SIZE(columns); i++)
		fprintf(f, "%s%s", columns[i], i + 1 < MTKFW_ARRAY_SIZE(columns) ? "," : "\n");
	fflush(f);
	return f;
}

int report_open(struct station *st)
{
	char path[4200];
	if (st->o.log_dir && mkdir(st->o.log_dir, 0755) && errno != EEXIST)
		return mtkfw_fail(st->j->ctx, MTKFW_E_IO, "cannot make the log folder %s: %s",
				  st->o.log_dir, mtkfw_errno_text(errno));
	if (!st->o.report)
		return 0;
	report_path(st->o.report, ".csv", path, sizeof(path));
	if (!(st->csv = open_report(st, path, true)))
		return MTKFW_E_IO;
	report_path(st->o.report, ".jsonl", path, sizeof(path));
	if (!(st->jsonl = open_report(st, path, false)))
		return MTKFW_E_IO;
	return 0;
}

void report_close(struct station *st)
{
	if (st->csv)
		fclose(st->csv);
	if (st->jsonl)
		fclose(st->jsonl);
	st->csv = st->jsonl = NULL;
}

/* A CSV field: quoted when it holds a comma, a quote or a line break; quotes doubled. */
static void csv_field(FILE *f, const char *s, bool last)
{
	if (strpbrk(s, ",\"\r\n")) {
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s == '\r' || *s == '\n' ? ' ' : *s, f);
		}
		fputc('"', f);
	} else {
		fputs(s, f);
	}
	fputc(last ? '\n' : ',', f);
}

/* The row's values, in the order of columns, as text. */
static void row_values(const struct station *st, const struct station_row *r, char v[][4200])
{
	double mbps = r->seconds > 0 ? (double)r->bytes / r->seconds / 1e6 : 0;
	snprintf(v[0], 4200, "%s", r->slot);
	snprintf(v[1], 4200, "%s", r->cid);
	snprintf(v[2], 4200, "%s", r->me_id);
	snprintf(v[3], 4200, "%s", mtkfw_firmware_path(st->fw));
	snprintf(v[4], 4200, "%s", mtkfw_flash_mode_name(st->o.mode));
	snprintf(v[5], 4200, "%s", r->start);
	snprintf(v[6], 4200, "%s", r->end);
	snprintf(v[7], 4200, "%llu", (unsigned long long)r->bytes);
	snprintf(v[8], 4200, "%.2f", mbps);
	snprintf(v[9], 4200, "%s", r->result);
	snprintf(v[10], 4200, "%s", r->code);
	snprintf(v[11], 4200, "%d", r->spft);
	snprintf(v[12], 4200, "%s", r->spft_name);
	snprintf(v[13], 4200, "%s", r->message);
	snprintf(v[14], 4200, "%s", r->backup);
	snprintf(v[15], 4200, "%u", r->resumed);
}

void report_row(struct station *st, const struct station_row *r)
{
	static const bool number[MTKFW_ARRAY_SIZE(columns)] = {
		[7] = true, [8] = true, [11] = true, [15] = true};
	char(*v)[4200] = malloc(MTKFW_ARRAY_SIZE(columns) * sizeof(*v));
	if (!v)
		return;
	row_values(st, r, v);
	json_object *o = json_object_new_object();
	for (size_t i = 0; i < MTKFW_ARRAY_SIZE(columns); i++) {
		if (st->csv)
			csv_field(st->csv, v[i], i + 1 == MTKFW_ARRAY_SIZE(columns));
		json_object *x = !number[i] ? json_object_new_string(v[i])
				 : i == 8   ? json_object_new_double(strtod(v[i], NULL))
					    : json_object_new_int64(strtoll(v[i], NULL, 10));
		json_object_object_add(o, columns[i], x);
	}
	if (st->jsonl)
		fprintf(st->jsonl, "%s\n",
			json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	free(v);
	if (st->csv)
		fflush(st->csv);
	if (st->jsonl)
		fflush(st->jsonl);
}

void report_slot_log(struct station *st, struct slot *sl)
{
	char path[4400], name[256];
	if (!st->o.log_dir || sl->log)
		return;
	/* the slot's name as a file name: what a path or a location path holds becomes '_' */
	size_t k = 0;
	for (const char *c = sl->where.id; *c && k + 1 < sizeof(name); c++)
		name[k++] = (char)(strchr("/\\:*?\"<>|#() ", *c) ? '_' : *c);
	name[k] = 0;
	snprintf(path, sizeof(path), "%s/slot-%s.log", st->o.log_dir, name);
	sl->log = fopen(path, "a");
}

void report_log_event(struct slot *sl, const struct mtkfw_event *ev)
{
	char t[32];
	if (!sl->log || !ev->message || ev->kind == MTKFW_EVENT_PROGRESS)
		return;
	fprintf(sl->log, "%s %-8s %s\n", station_utc(t, sizeof(t)), ev->job ? ev->job : "",
		ev->message);
	fflush(sl->log);
}
