/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Checksum.ini reader and V1 writer. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "mtkfw/checksum.h"

#define INI_MAX_TEXT	(64u * 1024)
#define INI_MAX_ENTRIES 1024
#define INI_MAX_LINE	512

struct mtkfw_checksum_ini {
	char *version;
	int sw;
	struct mtkfw_checksum_entry *e;
	size_t n, cap;
};

uint32_t mtkfw_bytesum(uint32_t acc, const void *buf, size_t len)
{
	return mtkfw_bytesum_update(acc, buf, len);
}

/* Handle "key=value" in section sec. */
static int ini_kv(struct mtkfw_ctx *ctx, struct mtkfw_checksum_ini *ini, const char *sec, char *key,
		  char *val, unsigned lineno)
{
	if (mtkfw_strieq(sec, "VERSION") && mtkfw_strieq(key, "VERSION")) {
		free(ini->version);
		ini->version = mtkfw_strdup(val);
		return ini->version ? 0 : MTKFW_E_NO_MEM;
	}
	if (mtkfw_strieq(sec, "IsEnableChecksum") && mtkfw_strieq(key, "CHECKSUM_SWITCH")) {
		ini->sw = !strcmp(val, "0") ? 0 : 1;
		return 0;
	}
	if (!mtkfw_strieq(sec, "CheckSum"))
		return 0;
	uint64_t v;
	if (mtkfw_parse_u64(val, &v) || v > 0xFFFFFFFFu)
		return mtkfw_fail(
			ctx, MTKFW_E_FORMAT,
			"Checksum.ini line %u: value of %s must be hex like 0x2CB4, got '%s'",
			lineno, key, val);
	if (ini->n >= INI_MAX_ENTRIES ||
	    mtkfw_grow((void **)&ini->e, &ini->cap, ini->n + 1, sizeof(*ini->e)))
		return mtkfw_fail(ctx, MTKFW_E_TOO_LARGE, "Checksum.ini has too many entries");
	char *name = mtkfw_strdup(key);
	if (!name)
		return MTKFW_E_NO_MEM;
	ini->e[ini->n++] = (struct mtkfw_checksum_entry){name, (uint32_t)v, lineno};
	return 0;
}

/* Parse one line: comment, [section] or key=value. */
static int ini_line(struct mtkfw_ctx *ctx, struct mtkfw_checksum_ini *ini, char *line, char *sec,
		    size_t secsz, unsigned lineno)
{
	char *s = mtkfw_strtrim(line);
	if (!*s || *s == ';' || *s == '#')
		return 0;
	if (*s == '[') {
		char *end = strchr(s, ']');
		if (!end)
			return mtkfw_fail(ctx, MTKFW_E_FORMAT, "Checksum.ini line %u: unclosed '['",
					  lineno);
		*end = 0;
		snprintf(sec, secsz, "%s", mtkfw_strtrim(s + 1));
		return 0;
	}
	char *eq = strchr(s, '=');
	if (!eq)
		return mtkfw_fail(ctx, MTKFW_E_FORMAT,
				  "Checksum.ini line %u: expected key=value, got '%.40s'", lineno,
				  s);
	*eq = 0;
	char *val = eq + 1, *semi = strchr(val, ';');
	if (semi)
		*semi = 0;
	return ini_kv(ctx, ini, sec, mtkfw_strtrim(s), mtkfw_strtrim(val), lineno);
}

int mtkfw_checksum_ini_parse(struct mtkfw_ctx *ctx, const char *text, size_t len,
			     struct mtkfw_checksum_ini **out)
{
	if (len > INI_MAX_TEXT)
		return mtkfw_fail(ctx, MTKFW_E_TOO_LARGE, "Checksum.ini is %zu bytes, over %u", len,
				  INI_MAX_TEXT);
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
		text += 3;
		len -= 3;
	}
	struct mtkfw_checksum_ini *ini = calloc(1, sizeof(*ini));
	if (!ini)
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	ini->sw = -1;
	char line[INI_MAX_LINE + 1], sec[64] = "";
	unsigned lineno = 0;
	int r = 0;
	for (size_t pos = 0; !r && pos < len;) {
		size_t n = 0;
		lineno++;
		while (pos < len && text[pos] != '\n') {
			if (!text[pos] || n >= INI_MAX_LINE) {
				r = mtkfw_fail(
					ctx, MTKFW_E_FORMAT,
					"Checksum.ini line %u: binary data or a line over %d "
					"bytes",
					lineno, INI_MAX_LINE);
				break;
			}
			line[n++] = text[pos++];
		}
		pos++;
		line[n] = 0;
		if (!r)
			r = ini_line(ctx, ini, line, sec, sizeof(sec), lineno);
	}
	if (r) {
		if (r == MTKFW_E_NO_MEM)
			mtkfw_fail(ctx, r, "out of memory");
		mtkfw_checksum_ini_free(ini);
		return r;
	}
	*out = ini;
	return 0;
}

void mtkfw_checksum_ini_free(struct mtkfw_checksum_ini *ini)
{
	if (!ini)
		return;
	for (size_t i = 0; i < ini->n; i++)
		free((char *)ini->e[i].name);
	free(ini->e);
	free(ini->version);
	free(ini);
}

const char *mtkfw_checksum_ini_version(const struct mtkfw_checksum_ini *ini)
{
	return ini->version;
}

int mtkfw_checksum_ini_switch(const struct mtkfw_checksum_ini *ini)
{
	return ini->sw;
}

size_t mtkfw_checksum_ini_count(const struct mtkfw_checksum_ini *ini)
{
	return ini->n;
}

const struct mtkfw_checksum_entry *mtkfw_checksum_ini_entry(const struct mtkfw_checksum_ini *ini,
							    size_t i)
{
	return i < ini->n ? &ini->e[i] : NULL;
}

const struct mtkfw_checksum_entry *mtkfw_checksum_ini_find(const struct mtkfw_checksum_ini *ini,
							   const char *name)
{
	for (size_t i = 0; i < ini->n; i++)
		if (mtkfw_strieq(ini->e[i].name, name))
			return &ini->e[i];
	return NULL;
}

char *mtkfw_checksum_ini_format(const struct mtkfw_checksum_entry *entries, size_t n)
{
	static const char head[] = "[VERSION]\r\nVERSION=V1\r\nTOOL=mtkfw-" MTKFW_VERSION
				   "\r\n[IsEnableChecksum]\r\nCHECKSUM_SWITCH=1\r\n[CheckSum]\r\n";
	size_t cap = sizeof(head);
	for (size_t i = 0; i < n; i++)
		cap += strlen(entries[i].name) + 12;
	char *out = malloc(cap), *p = out;
	if (!out)
		return NULL;
	p += snprintf(p, cap, "%s", head);
	for (size_t i = 0; i < n; i++)
		p += snprintf(p, cap - (size_t)(p - out), "%s=0x%04X\r\n", entries[i].name,
			      entries[i].value & 0xFFFF);
	return out;
}
