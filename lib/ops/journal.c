/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The flash journal: <store>/<CID>/flash.journal, a text file appended and
 * fsync'd as a flash goes: the package, the mode, every planned step, the
 * identity backup used, each finished step, and where an interrupted write
 * stopped. --resume rebuilds the plan from it (the phone's layout may be
 * half-changed by then) and reuses its backup.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "journal.h"
#include "store.h"

void journal_path(struct mtkfw_session *s, const char *store, char *out, size_t n)
{
	char sbuf[4096], cid[33];
	mtkfw_session_cid_hex(s, cid);
	snprintf(out, n, "%s/%s/flash.journal", store_root(store, sbuf, sizeof(sbuf)), cid);
}

void journal_line(const char *path, const char *fmt, ...)
{
	FILE *f = fopen(path, "ab"); /* binary: the same bytes on every system, no CR on Windows */
	va_list ap;
	if (!f)
		return;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fflush(f);
	fsync(fileno(f));
	fclose(f);
}

static void mkparents(const char *path)
{
	char p[4200];
	snprintf(p, sizeof(p), "%s", path);
	for (char *c = strchr(p + 1, '/'); c; c = strchr(c + 1, '/')) {
		*c = 0;
		mkdir(p, 0755);
		*c = '/';
	}
}

int journal_create(struct mtkfw_ctx *ctx, const char *path, const char *package,
		   const char *package_id, int mode, const struct mtkfw_plan_step *steps, size_t n)
{
	mkparents(path);
	FILE *f = fopen(path, "wb");
	if (!f)
		return mtkfw_fail(ctx, MTKFW_E_IO, "cannot write the flash journal %s: %s", path,
				  mtkfw_errno_text(errno));
	fprintf(f, "mtkfw-journal 1\nmode %d\npackage-id %s\npackage %s\n", mode, package_id,
		package);
	for (size_t i = 0; i < n; i++) {
		const struct mtkfw_plan_step *s = &steps[i];
		fprintf(f, "step %d %d %llu %llu %zu %d %s\n", s->kind, s->part,
			(unsigned long long)s->offset, (unsigned long long)s->length, s->row,
			s->boot_header, s->name);
	}
	fflush(f);
	fsync(fileno(f));
	fclose(f);
	return 0;
}

/* One "step ..." line into the journal's plan. */
static int parse_step(struct journal *j, const char *line)
{
	struct mtkfw_plan_step s = {0};
	int kind, part, boot, used = 0;
	unsigned long long off, len;
	if (sscanf(line, "step %d %d %llu %llu %zu %d %n", &kind, &part, &off, &len, &s.row, &boot,
		   &used) < 6 ||
	    kind < 0 || kind > MTKFW_STEP_CHECK || !used || j->n >= JOURNAL_MAX_STEPS)
		return -1;
	s.kind = (enum mtkfw_step_kind)kind;
	s.part = (enum mtkfw_emmc_part)part;
	s.offset = off;
	s.length = len;
	s.boot_header = boot;
	snprintf(s.name, sizeof(s.name), "%s", line + used);
	snprintf(s.source, sizeof(s.source), "(from the journal)");
	j->steps[j->n++] = s;
	return 0;
}

int journal_read(struct mtkfw_ctx *ctx, const char *path, struct journal *j)
{
	FILE *f = fopen(path, "rb");
	char line[4300];
	memset(j, 0, sizeof(*j));
	j->at_step = SIZE_MAX;
	j->mode = -1;
	if (!f)
		return mtkfw_fail(ctx, MTKFW_E_NOT_FOUND,
				  "nothing to resume: no interrupted flash of this phone (%s)",
				  path);
	int bad = 0;
	while (!bad && fgets(line, sizeof(line), f)) {
		unsigned long long a, b;
		line[strcspn(line, "\r\n")] = 0; /* a journal another build wrote with CR LF too */
		if (!strncmp(line, "step ", 5))
			bad = parse_step(j, line);
		else if (sscanf(line, "mode %llu", &a) == 1)
			j->mode = (int)a;
		else if (!strncmp(line, "package-id ", 11))
			snprintf(j->package_id, sizeof(j->package_id), "%.64s", line + 11);
		else if (!strncmp(line, "package ", 8))
			snprintf(j->package, sizeof(j->package), "%s", line + 8);
		else if (!strncmp(line, "backup ", 7))
			snprintf(j->backup, sizeof(j->backup), "%s", line + 7);
		else if (!strncmp(line, "before ", 7))
			snprintf(j->before, sizeof(j->before), "%s", line + 7);
		else if (sscanf(line, "done %llu", &a) == 1 && a < JOURNAL_MAX_STEPS)
			j->done[a] = true;
		else if (sscanf(line, "at %llu %llu", &a, &b) == 2) {
			j->at_step = (size_t)a;
			j->at_offset = b;
		}
	}
	fclose(f);
	if (bad || j->mode < 0 || !j->n)
		return mtkfw_fail(ctx, MTKFW_E_FORMAT, "the flash journal %s is damaged", path);
	return 0;
}
