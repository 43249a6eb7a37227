/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target: what a request to mtkfw gui carries (tools/gui/gui_req.c). The input's first line
 * is the Host header, its second the Origin, the rest the body, parsed as a flash and as a
 * package request; a path the body names is resolved against a root. Whatever is taken must
 * keep the rules: only the known keys, each of its type; a Host or Origin only when exact.
 */
#include <stdlib.h>
#include <string.h>

#include "gui.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct gui_field fields[] = {{"mode", GUI_STR_OR_NULL, false},
					  {"only", GUI_STR_OR_NULL, false},
					  {"verify", GUI_BOOL, false},
					  {"path", GUI_STR, true}};

/* A line of the input (up to '\n' or its end) as a string; *p moves past it. */
static char *line(const uint8_t **p, const uint8_t *end)
{
	const uint8_t *nl = memchr(*p, '\n', (size_t)(end - *p));
	size_t n = (size_t)((nl ? nl : end) - *p);
	char *s = malloc(n + 1);
	if (s) {
		memcpy(s, *p, n);
		s[n] = 0;
	}
	*p += n + (nl != NULL);
	return s;
}

/* Every key of o is one of fields, of its type; the required one is there. */
static void check_taken(json_object *o)
{
	json_object_object_foreach(o, key, val)
	{
		size_t i = 0;
		while (i < sizeof(fields) / sizeof(fields[0]) && strcmp(fields[i].key, key))
			i++;
		if (i == sizeof(fields) / sizeof(fields[0]))
			abort();
		if (fields[i].type == GUI_BOOL && !json_object_is_type(val, json_type_boolean))
			abort();
		if (fields[i].type == GUI_STR && !json_object_is_type(val, json_type_string))
			abort();
	}
	if (!gui_body_str(o, "path"))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	char *host = line(&p, end), *origin = line(&p, end), err[300], real[GUI_PATH_MAX];
	static const char *const names[] = {"127.0.0.1", "localhost"};
	char *roots[] = {"/tmp"};
	if (host && origin) {
		if (gui_host_ok(host, names, 2, 8080) && strcmp(host, "127.0.0.1:8080") &&
		    strcmp(host, "localhost:8080"))
			abort();
		if (gui_origin_ok(origin, host) &&
		    (strncmp(origin, "http://", 7) || strcmp(origin + 7, host)))
			abort();
		if (!gui_secret_eq(host, host) || gui_secret_eq(host, NULL))
			abort();
		json_object *o =
			gui_body_parse((const char *)p, (size_t)(end - p), fields,
				       sizeof(fields) / sizeof(fields[0]), err, sizeof(err));
		if (o) {
			check_taken(o);
			if (gui_path_inside(gui_body_str(o, "path"), true, roots, 1, real,
					    sizeof(real)) &&
			    strncmp(real, "/tmp", 4))
				abort();
			json_object_put(o);
		}
	}
	free(host);
	free(origin);
	return 0;
}
