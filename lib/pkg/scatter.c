/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Scatter file parser: v1.1.x YAML-like blocks, the legacy brace format and
 * ota_scatter lines (docs/scatter.md;
 * docs/scatter.md).
 *
 * The v1.1 format is not parsed as YAML: real files are written by ptgen with
 * a fixed shape ("- key: value" starts an item, "  key: value" continues it)
 * and hand-edited copies break YAML rules (tabs, stray blanks, CRLF), so a
 * line-oriented reader is both simpler and more tolerant.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "scatter_priv.h"

#define SCATTER_MAX_TEXT  (1u << 20)
#define SCATTER_MAX_LINE  4096
#define SCATTER_MAX_PARTS 512
#define SCATTER_MAX_KEYS  64 /* per row or general block */

enum section { SEC_NONE, SEC_GENERAL, SEC_PART, SEC_OTHER };

struct parser {
	struct mtkfw_ctx *ctx;
	struct mtkfw_scatter *sc;
	const char *text;
	size_t len, pos;
	unsigned lineno;
	char line[SCATTER_MAX_LINE + 1];
	enum section sec;
};

/* ---- string pool and containers ---- */

/* Copy n bytes of s into the scatter's string pool; NULL on allocation failure. */
static const char *pool_add(struct mtkfw_scatter *sc, const char *s, size_t n)
{
	if (mtkfw_grow((void **)&sc->strs, &sc->cap_strs, sc->n_strs + 1, sizeof(char *)))
		return NULL;
	char *p = mtkfw_strndup(s, n);
	if (!p)
		return NULL;
	sc->strs[sc->n_strs++] = p;
	return p;
}

/* Append a key/value to a kv array; 0 or MTKFW_E_NO_MEM. */
static int kv_add(struct mtkfw_scatter *sc, struct mtkfw_kv **arr, size_t *n, size_t *cap,
		  const char *key, const char *value)
{
	if (mtkfw_grow((void **)arr, cap, *n + 1, sizeof(**arr)))
		return MTKFW_E_NO_MEM;
	const char *k = pool_add(sc, key, strlen(key));
	const char *v = pool_add(sc, value, strlen(value));
	if (!k || !v)
		return MTKFW_E_NO_MEM;
	(*arr)[*n].key = k;
	(*arr)[*n].value = v;
	(*n)++;
	return 0;
}

/* Start a new partition row; returns it or NULL (error set on ctx). */
static struct part_priv *part_new(struct parser *ps)
{
	struct mtkfw_scatter *sc = ps->sc;
	if (sc->n_parts >= SCATTER_MAX_PARTS) {
		mtkfw_fail(ps->ctx, MTKFW_E_TOO_LARGE,
			   "line %u: more than %d partitions; this is not a scatter file",
			   ps->lineno, SCATTER_MAX_PARTS);
		return NULL;
	}
	if (mtkfw_grow((void **)&sc->parts, &sc->cap_parts, sc->n_parts + 1, sizeof(*sc->parts))) {
		mtkfw_fail(ps->ctx, MTKFW_E_NO_MEM, "out of memory");
		return NULL;
	}
	struct part_priv *pp = &sc->parts[sc->n_parts++];
	memset(pp, 0, sizeof(*pp));
	pp->pub.index = (int)sc->n_parts - 1;
	pp->pub.download = true;
	pp->pub.boundary_check = MTKFW_UNSET;
	pp->pub.is_reserved = MTKFW_UNSET;
	pp->pub.is_upgradable = MTKFW_UNSET;
	pp->pub.empty_boot_needed = MTKFW_UNSET;
	pp->pub.line = ps->lineno;
	return pp;
}

/* ---- lines ---- */

/*
 * Fetch the next physical line into ps->line without its end-of-line
 * (LF, CRLF or lone CR) and trailing blanks. Returns 1, 0 at end of text, or
 * a negative error for an over-long line or a NUL byte.
 */
static int next_line(struct parser *ps)
{
	if (ps->pos >= ps->len)
		return 0;
	size_t n = 0;
	ps->lineno++;
	while (ps->pos < ps->len) {
		char c = ps->text[ps->pos++];
		if (c == '\n')
			break;
		if (c == '\r') {
			if (ps->pos < ps->len && ps->text[ps->pos] == '\n')
				ps->pos++;
			break;
		}
		if (c == 0)
			return mtkfw_fail(
				ps->ctx, MTKFW_E_FORMAT,
				"line %u: NUL byte; this is a binary file, not a scatter file",
				ps->lineno);
		if (n >= SCATTER_MAX_LINE)
			return mtkfw_fail(ps->ctx, MTKFW_E_FORMAT,
					  "line %u: longer than %d bytes; not a scatter file",
					  ps->lineno, SCATTER_MAX_LINE);
		ps->line[n++] = c;
	}
	while (n && isspace((unsigned char)ps->line[n - 1]))
		n--;
	ps->line[n] = 0;
	return 1;
}

static char *skip_blanks(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static void rtrim(char *s)
{
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = 0;
}

/* ---- v1.1 values ---- */

static int parse_bool(struct parser *ps, const char *key, const char *v, enum mtkfw_tristate *out)
{
	if (mtkfw_strieq(v, "true")) {
		*out = MTKFW_TRUE;
		return 0;
	}
	if (mtkfw_strieq(v, "false")) {
		*out = MTKFW_FALSE;
		return 0;
	}
	return mtkfw_fail(ps->ctx, MTKFW_E_FORMAT, "line %u: %s must be true or false, got '%s'",
			  ps->lineno, key, v);
}

static int parse_num(struct parser *ps, const char *key, const char *v, uint64_t *out)
{
	if (mtkfw_parse_u64(v, out))
		return mtkfw_fail(ps->ctx, MTKFW_E_FORMAT,
				  "line %u: %s must be a number such as 0x600000, got '%s'",
				  ps->lineno, key, v);
	return 0;
}

/* Pool a string value, mapping the literal NONE (and an empty value) to NULL. */
static int set_str(struct parser *ps, const char **dst, const char *v)
{
	if (!*v || strcmp(v, "NONE") == 0) {
		*dst = NULL;
		return 0;
	}
	*dst = pool_add(ps->sc, v, strlen(v));
	return *dst ? 0 : mtkfw_fail(ps->ctx, MTKFW_E_NO_MEM, "out of memory");
}

/* A 0xFFFFnnnn address counts back from the end of the device. */
static void classify_start(struct mtkfw_scatter_part *p)
{
	p->from_end = mtkfw_tail_address(p->start, &p->from_end_bytes);
}

/* Store one "key: value" of a v1.1 partition row. */
static int part_key(struct parser *ps, struct part_priv *pp, const char *k, const char *v)
{
	struct mtkfw_scatter_part *p = &pp->pub;
	if (!strcmp(k, "partition_name")) { /* may be empty: reserved rows in the wild */
		p->name = pool_add(ps->sc, v, strlen(v));
		return p->name ? 0 : MTKFW_E_NO_MEM;
	}
	if (!strcmp(k, "file_name"))
		return set_str(ps, &p->file, v);
	if (!strcmp(k, "is_download")) {
		enum mtkfw_tristate t = MTKFW_UNSET; /* unset when v is neither */
		int r = parse_bool(ps, k, v, &t);
		p->download = t == MTKFW_TRUE;
		return r;
	}
	if (!strcmp(k, "type"))
		return set_str(ps, &p->type, v);
	if (!strcmp(k, "linear_start_addr")) {
		pp->has_start = true;
		int r = parse_num(ps, k, v, &p->start);
		classify_start(p);
		return r;
	}
	if (!strcmp(k, "physical_start_addr")) {
		p->has_physical = true;
		return parse_num(ps, k, v, &p->physical_start);
	}
	if (!strcmp(k, "partition_size")) {
		p->has_size = true;
		return parse_num(ps, k, v, &p->size);
	}
	if (!strcmp(k, "region"))
		return set_str(ps, &p->region, v);
	if (!strcmp(k, "storage"))
		return set_str(ps, &p->storage, v);
	if (!strcmp(k, "operation_type"))
		return set_str(ps, &p->operation, v);
	if (!strcmp(k, "boundary_check"))
		return parse_bool(ps, k, v, &p->boundary_check);
	if (!strcmp(k, "is_reserved"))
		return parse_bool(ps, k, v, &p->is_reserved);
	if (!strcmp(k, "is_upgradable"))
		return parse_bool(ps, k, v, &p->is_upgradable);
	if (!strcmp(k, "empty_boot_needed"))
		return parse_bool(ps, k, v, &p->empty_boot_needed);
	/* reserve, d_type and anything newer: kept verbatim and shown. */
	if (pp->n_extra >= SCATTER_MAX_KEYS)
		return mtkfw_fail(ps->ctx, MTKFW_E_FORMAT, "line %u: more than %d keys in one row",
				  ps->lineno, SCATTER_MAX_KEYS);
	return kv_add(ps->sc, &pp->extra, &pp->n_extra, &pp->cap_extra, k, v);
}

/* Store one "key: value" of the general block. */
static int general_key(struct parser *ps, const char *k, const char *v)
{
	struct mtkfw_scatter *sc = ps->sc;
	if (!strcmp(k, "info") && !*v)
		return 0;
	if (sc->n_general >= SCATTER_MAX_KEYS)
		return mtkfw_fail(ps->ctx, MTKFW_E_FORMAT,
				  "line %u: more than %d keys in the general block", ps->lineno,
				  SCATTER_MAX_KEYS);
	if (kv_add(sc, &sc->general, &sc->n_general, &sc->cap_general, k, v))
		return mtkfw_fail(ps->ctx, MTKFW_E_NO_MEM, "out of memory");
	const char *pooled = sc->general[sc->n_general - 1].value;
	if (!strcmp(k, "platform"))
		sc->platform = *v ? pooled : NULL;
	else if (!strcmp(k, "project"))
		sc->project = *v ? pooled : NULL;
	else if (!strcmp(k, "config_version"))
		sc->config_version = *v ? pooled : NULL;
	else if (!strcmp(k, "storage") && *v && strcmp(v, "NONE")) {
		char *up = (char *)pool_add(sc, v, strlen(v));
		if (!up)
			return MTKFW_E_NO_MEM;
		for (char *c = up; *c; c++)
			*c = (char)toupper((unsigned char)*c);
		sc->storage = up;
	}
	return 0;
}

/* "SYS12" -> 12; anything else keeps the positional index. */
static void set_index(struct mtkfw_scatter_part *p, const char *v)
{
	uint64_t n;
	if ((v[0] == 'S' || v[0] == 's') && (v[1] == 'Y' || v[1] == 'y') &&
	    (v[2] == 'S' || v[2] == 's') && !mtkfw_parse_u64(v + 3, &n) && n < 100000)
		p->index = (int)n;
}

/* Split "key: value" in place. Returns 0, or MTKFW_E_FORMAT when there is no colon. */
static int split_kv(struct parser *ps, char *s, char **key, char **val)
{
	char *colon = strchr(s, ':');
	if (!colon)
		return mtkfw_fail(ps->ctx, MTKFW_E_FORMAT,
				  "line %u: expected 'key: value', got '%.60s'", ps->lineno, s);
	*colon = 0;
	rtrim(s);
	*key = s;
	char *v = skip_blanks(colon + 1);
	/* A '#' after a blank starts a comment (ptgen never writes one, people do). */
	for (char *h = v; (h = strchr(h, '#')) != NULL; h++)
		if (h > v && (h[-1] == ' ' || h[-1] == '\t')) {
			*h = 0;
			break;
		}
	rtrim(v);
	*val = v;
	return 0;
}

/* Handle one content line of a v1.1 file. */
static int v11_line(struct parser *ps)
{
	char *s = skip_blanks(ps->line);
	if (!*s || *s == '#')
		return 0;
	bool top = s == ps->line;
	bool item = s[0] == '-' && (s[1] == ' ' || s[1] == '\t' || s[1] == 0);
	if (item)
		s = skip_blanks(s + 1);
	char *k = NULL, *v = NULL;
	int r = split_kv(ps, s, &k, &v);
	if (r)
		return r;
	if (item && top) {
		if (!strcmp(k, "general")) {
			ps->sec = SEC_GENERAL;
			return 0;
		}
		if (!strcmp(k, "partition_index")) {
			struct part_priv *pp = part_new(ps);
			if (!pp)
				return mtkfw_ctx_errcode(ps->ctx);
			set_index(&pp->pub, v);
			ps->sec = SEC_PART;
			return 0;
		}
		mtkfw_log(ps->ctx, MTKFW_LOG_DEBUG,
			  "scatter line %u: skipping unknown section '%s'", ps->lineno, k);
		ps->sec = SEC_OTHER;
		return 0;
	}
	switch (ps->sec) {
	case SEC_GENERAL:
		return general_key(ps, k, v);
	case SEC_PART:
		return part_key(ps, &ps->sc->parts[ps->sc->n_parts - 1], k, v);
	case SEC_OTHER:
		return 0;
	default:
		return mtkfw_fail(ps->ctx, MTKFW_E_FORMAT,
				  "line %u: '%s' appears before any '- general:' or "
				  "'- partition_index:' item",
				  ps->lineno, k);
	}
}

/* Rows must name themselves and say where they start. */
static int v11_validate(struct parser *ps)
{
	struct mtkfw_scatter *sc = ps->sc;
	for (size_t i = 0; i < sc->n_parts; i++) {
		struct part_priv *pp = &sc->parts[i];
		if (!pp->pub.name)
			return mtkfw_fail(ps->ctx, MTKFW_E_FORMAT,
					  "line %u: partition row without partition_name",
					  pp->pub.line);
		if (!pp->has_start)
			return mtkfw_fail(ps->ctx, MTKFW_E_FORMAT,
					  "line %u: partition %s has no linear_start_addr",
					  pp->pub.line, pp->pub.name);
	}
	return 0;
}

static int parse_v11(struct parser *ps)
{
	int r;
	while ((r = next_line(ps)) > 0)
		if ((r = v11_line(ps)) < 0)
			return r;
	return r < 0 ? r : v11_validate(ps);
}

/* ---- legacy brace format and ota_scatter ---- */

struct tok {
	char text[128];
	unsigned line;
};

/* Next whitespace-separated token, '{' and '}' standing alone. 1, 0 at end, <0 error. */
static int next_tok(struct parser *ps, char **cur, struct tok *t)
{
	for (;;) {
		*cur = skip_blanks(*cur);
		if (**cur && **cur != '#')
			break;
		int r = next_line(ps);
		if (r <= 0)
			return r;
		*cur = ps->line;
	}
	char *s = *cur;
	size_t n = 0;
	if (*s == '{' || *s == '}')
		n = 1;
	else
		while (s[n] && s[n] != ' ' && s[n] != '\t' && s[n] != '{' && s[n] != '}')
			n++;
	if (n >= sizeof(t->text))
		return mtkfw_fail(ps->ctx, MTKFW_E_FORMAT, "line %u: token longer than %zu bytes",
				  ps->lineno, sizeof(t->text) - 1);
	memcpy(t->text, s, n);
	t->text[n] = 0;
	t->line = ps->lineno;
	*cur = s + n;
	return 1;
}

static bool valid_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' && *s != '.')
			return false;
	return true;
}

/* One "NAME 0xADDR" pair, and in legacy files its "{ ... }" block. */
static int text_row(struct parser *ps, char **cur, const struct tok *name, bool legacy)
{
	struct tok addr;
	int r = next_tok(ps, cur, &addr);
	if (r < 0)
		return r;
	if (!valid_name(name->text))
		return mtkfw_fail(ps->ctx, MTKFW_E_FORMAT,
				  "line %u: expected a partition name, got '%s'", name->line,
				  name->text);
	ps->lineno = name->line;
	struct part_priv *pp = part_new(ps);
	if (!pp)
		return mtkfw_ctx_errcode(ps->ctx);
	struct mtkfw_scatter_part *p = &pp->pub;
	const char *n = name->text;
	if (!strncmp(n, "__NODL_", 7)) {
		p->download = false;
		n += 7;
	}
	if (!strncmp(n, "RSV_", 4))
		p->is_reserved = MTKFW_TRUE;
	p->name = pool_add(ps->sc, n, strlen(n));
	if (!p->name)
		return MTKFW_E_NO_MEM;
	if (r == 0 || mtkfw_parse_u64(addr.text, &p->start))
		return mtkfw_fail(
			ps->ctx, MTKFW_E_FORMAT,
			"line %u: expected an address such as 0x600000 after '%s', got '%s'",
			name->line, name->text, r ? addr.text : "end of file");
	classify_start(p);
	if (!legacy)
		return 0;
	struct tok t;
	if ((r = next_tok(ps, cur, &t)) <= 0 || strcmp(t.text, "{"))
		return r < 0 ? r
			     : mtkfw_fail(ps->ctx, MTKFW_E_FORMAT,
					  "line %u: expected '{' after '%s %s'", name->line,
					  name->text, addr.text);
	while ((r = next_tok(ps, cur, &t)) > 0 && strcmp(t.text, "}"))
		if (!strcmp(t.text, "{"))
			return mtkfw_fail(ps->ctx, MTKFW_E_FORMAT, "line %u: nested '{'", t.line);
	if (r <= 0)
		return r < 0 ? r
			     : mtkfw_fail(ps->ctx, MTKFW_E_FORMAT,
					  "line %u: block of %s is not closed with '}'", name->line,
					  name->text);
	return 0;
}

/*
 * Legacy and ota formats carry no sizes: derive each from the next row's
 * start, as SP Flash Tool does. The last row, rows counted from the end and
 * rows followed by a lower address keep no size.
 */
static void derive_sizes(struct mtkfw_scatter *sc)
{
	for (size_t i = 0; i < sc->n_parts; i++) {
		struct mtkfw_scatter_part *p = &sc->parts[i].pub;
		if (p->from_end)
			continue;
		for (size_t j = i + 1; j < sc->n_parts; j++) {
			const struct mtkfw_scatter_part *q = &sc->parts[j].pub;
			if (q->from_end)
				continue;
			if (q->start > p->start) {
				p->has_size = true;
				p->size_derived = true;
				p->size = q->start - p->start;
			}
			break;
		}
	}
}

static int parse_text_rows(struct parser *ps, bool legacy)
{
	char *cur = ps->line;
	ps->line[0] = 0;
	struct tok name;
	int r;
	while ((r = next_tok(ps, &cur, &name)) > 0)
		if ((r = text_row(ps, &cur, &name, legacy)) < 0)
			return r;
	if (r < 0)
		return r;
	derive_sizes(ps->sc);
	return 0;
}

/* ---- format detection and entry points ---- */

/* Decide the format from the first content line and the presence of braces. */
static enum mtkfw_scatter_format detect(const char *text, size_t len)
{
	size_t i = 0;
	while (i < len) {
		while (i < len &&
		       (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
			i++;
		if (i < len && text[i] == '#') {
			while (i < len && text[i] != '\n')
				i++;
			continue;
		}
		break;
	}
	if (i < len && text[i] == '-')
		return MTKFW_SCATTER_V1_1;
	return memchr(text, '{', len) ? MTKFW_SCATTER_LEGACY : MTKFW_SCATTER_OTA;
}

int mtkfw_scatter_parse(struct mtkfw_ctx *ctx, const char *text, size_t len,
			struct mtkfw_scatter **out)
{
	if (!text || !out)
		return mtkfw_fail(ctx, MTKFW_E_INVALID_PARAM, "scatter: no text");
	if (len > SCATTER_MAX_TEXT)
		return mtkfw_fail(ctx, MTKFW_E_TOO_LARGE,
				  "scatter text is %zu bytes, more than the %u-byte limit; "
				  "is this really a scatter file?",
				  len, SCATTER_MAX_TEXT);
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
		text += 3;
		len -= 3;
	}
	struct parser *ps = calloc(1, sizeof(*ps));
	struct mtkfw_scatter *sc = calloc(1, sizeof(*sc));
	int r = MTKFW_E_NO_MEM;
	if (!ps || !sc) {
		mtkfw_fail(ctx, r, "out of memory");
		goto out;
	}
	ps->ctx = ctx;
	ps->sc = sc;
	ps->text = text;
	ps->len = len;
	sc->format = detect(text, len);
	r = sc->format == MTKFW_SCATTER_V1_1
		    ? parse_v11(ps)
		    : parse_text_rows(ps, sc->format == MTKFW_SCATTER_LEGACY);
	if (r < 0) {
		if (r == MTKFW_E_NO_MEM)
			mtkfw_fail(ctx, r, "out of memory");
		goto out;
	}
	if (!sc->n_parts) {
		r = mtkfw_fail(ctx, MTKFW_E_FORMAT, "no partition rows found: not a scatter file");
		goto out;
	}
	for (size_t i = 0; i < sc->n_parts; i++) {
		sc->parts[i].pub.extra = sc->parts[i].extra;
		sc->parts[i].pub.n_extra = sc->parts[i].n_extra;
	}
	*out = sc;
	sc = NULL;
out:
	mtkfw_scatter_free(sc);
	free(ps);
	return r < 0 ? r : 0;
}

int mtkfw_scatter_load(struct mtkfw_ctx *ctx, const char *path, struct mtkfw_scatter **out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return mtkfw_fail(ctx, errno == ENOENT ? MTKFW_E_NOT_FOUND : MTKFW_E_IO,
				  "cannot open scatter file %s: %s", path, mtkfw_errno_text(errno));
	char *buf = malloc(SCATTER_MAX_TEXT + 1);
	int r = MTKFW_E_NO_MEM;
	if (!buf) {
		mtkfw_fail(ctx, r, "out of memory");
		goto out;
	}
	size_t n = fread(buf, 1, SCATTER_MAX_TEXT + 1, f);
	if (ferror(f)) {
		r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot read scatter file %s", path);
		goto out;
	}
	r = mtkfw_scatter_parse(ctx, buf, n, out);
	if (r < 0)
		mtkfw_fail_prefix(ctx, "%s", path);
out:
	free(buf);
	fclose(f);
	return r;
}

void mtkfw_scatter_free(struct mtkfw_scatter *sc)
{
	if (!sc)
		return;
	for (size_t i = 0; i < sc->n_strs; i++)
		free(sc->strs[i]);
	for (size_t i = 0; i < sc->n_parts; i++)
		free(sc->parts[i].extra);
	free(sc->strs);
	free(sc->parts);
	free(sc->general);
	free(sc);
}
