/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a request to the window carries, parsed strictly: a body is one JSON
 * object of known keys and types, a Host one of the names served, an Origin
 * the page's own, a path one inside the file picker's roots. Nothing here
 * trusts its input (fuzz/fuzz_gui.c).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <windows.h>
#include <bcrypt.h>
#else
#include <sys/random.h>
#include <sys/stat.h>
#endif

#include "gui.h"

#define GUI_JSON_DEPTH 4

/* Is the JSON value v of type t? */
static bool type_ok(json_object *v, enum gui_type t)
{
	switch (t) {
	case GUI_BOOL:
		return json_object_is_type(v, json_type_boolean);
	case GUI_STR_OR_NULL:
		if (!v)
			return true;
		/* fall through */
	case GUI_STR:
		return json_object_is_type(v, json_type_string) &&
		       json_object_get_string_len(v) <= GUI_PATH_MAX &&
		       strlen(json_object_get_string(v)) == (size_t)json_object_get_string_len(v);
	}
	return false;
}

static const char *type_name(enum gui_type t)
{
	return t == GUI_BOOL ? "true or false" : t == GUI_STR ? "a string" : "a string or null";
}

/* The body's keys against f: NULL when they fit, else what is wrong (in err). */
static bool keys_ok(json_object *o, const struct gui_field *f, size_t n, char *err, size_t errn)
{
	json_object_object_foreach(o, key, val)
	{
		size_t i = 0;
		while (i < n && strcmp(f[i].key, key))
			i++;
		if (i == n) {
			snprintf(err, errn, "unknown key \"%.64s\"", key);
			return false;
		}
		if (!type_ok(val, f[i].type)) {
			snprintf(err, errn, "\"%s\" must be %s", f[i].key, type_name(f[i].type));
			return false;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (f[i].required && !json_object_object_get_ex(o, f[i].key, NULL)) {
			snprintf(err, errn, "\"%s\" is missing", f[i].key);
			return false;
		}
	}
	return true;
}

json_object *gui_body_parse(const char *body, size_t len, const struct gui_field *f, size_t n,
			    char *err, size_t errn)
{
	if (len > GUI_BODY_MAX || len > INT_MAX) {
		snprintf(err, errn, "the body is %zu bytes; at most %d are taken", len,
			 GUI_BODY_MAX);
		return NULL;
	}
	if (len && memchr(body, 0, len)) {
		snprintf(err, errn, "the body holds a NUL byte");
		return NULL;
	}
	struct json_tokener *tok = json_tokener_new_ex(GUI_JSON_DEPTH);
	if (!tok) {
		snprintf(err, errn, "out of memory");
		return NULL;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	json_object *o = len ? json_tokener_parse_ex(tok, body, (int)len) : NULL;
	enum json_tokener_error je = json_tokener_get_error(tok);
	size_t end = len ? json_tokener_get_parse_end(tok) : 0;
	json_tokener_free(tok);
	while (end < len && strchr(" \t\r\n", body[end]))
		end++;
	if (!o || je != json_tokener_success || end != len) {
		snprintf(err, errn, "the body is not one JSON object (%s at byte %zu)",
			 je == json_tokener_success && o ? "something after it"
							 : json_tokener_error_desc(je),
			 end);
	} else if (!json_object_is_type(o, json_type_object)) {
		snprintf(err, errn, "the body must be a JSON object");
	} else if (keys_ok(o, f, n, err, errn)) {
		return o;
	}
	json_object_put(o);
	return NULL;
}

const char *gui_body_str(json_object *o, const char *key)
{
	json_object *v = NULL;
	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

bool gui_body_bool(json_object *o, const char *key)
{
	json_object *v = NULL;
	return json_object_object_get_ex(o, key, &v) && json_object_get_boolean(v);
}

bool gui_host_ok(const char *host, const char *const *names, size_t n, unsigned port)
{
	char want[300];
	for (size_t i = 0; host && i < n; i++) {
		snprintf(want, sizeof(want), "%s:%u", names[i], port);
		if (!strcmp(host, want))
			return true;
	}
	return false;
}

bool gui_origin_ok(const char *origin, const char *host)
{
	return origin && host && !strncmp(origin, "http://", 7) && !strcmp(origin + 7, host);
}

bool gui_secret_eq(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	size_t la = strlen(a), lb = strlen(b);
	unsigned char diff = la != lb;
	for (size_t i = 0; i < lb; i++)
		diff |= (unsigned char)(a[i % (la ? la : 1)] ^ b[i]);
	return !diff && la == lb;
}

/* Is real (a real path) root or inside it? */
static bool under(const char *real, const char *root)
{
	size_t n = strlen(root);
#ifdef _WIN32
	bool same = !_strnicmp(real, root, n);
#else
	bool same = !strncmp(real, root, n);
#endif
	if (!same)
		return false;
	if (!real[n])
		return true;
	bool sep = real[n] == '/' || real[n] == '\\';
	return sep || (n && (root[n - 1] == '/' || root[n - 1] == '\\'));
}

#ifdef _WIN32
/* A name that is a device in every folder of Windows (CON, NUL, COM5, lpt1.txt...). */
static bool dos_device(const char *s)
{
	static const char *const dev[] = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"};
	size_t n = strcspn(s, ".");
	while (n && s[n - 1] == ' ')
		n--;
	for (size_t i = 0; i < sizeof(dev) / sizeof(dev[0]); i++)
		if (strlen(dev[i]) == n && !_strnicmp(s, dev[i], n))
			return true;
	return n == 4 && (!_strnicmp(s, "COM", 3) || !_strnicmp(s, "LPT", 3)) && s[3] >= '0' &&
	       s[3] <= '9';
}
#endif

/*
 * A plain name for a new file: not empty, not "." or "..", no separator; on Windows also no
 * device's name, nor a dot or space at its end (Windows drops them: another file's name).
 */
static bool plain_name(const char *s)
{
	bool ok = *s && strcmp(s, ".") && strcmp(s, "..") && !strpbrk(s, "/\\:");
#ifdef _WIN32
	ok = ok && !strchr(". ", s[strlen(s) - 1]) && !dos_device(s);
#endif
	return ok;
}

char *gui_last_sep(char *path)
{
	char *slash = strrchr(path, '/');
#ifdef _WIN32
	char *bs = strrchr(path, '\\');
	if (!slash || (bs && bs > slash))
		slash = bs;
#endif
	return slash;
}

/* Does path name something, even a link that leads nowhere? */
static bool names_something(const char *path)
{
#ifdef _WIN32 /* GetFileAttributes gives a link's own attributes, a dangling link's too */
	return GetFileAttributesA(path) != INVALID_FILE_ATTRIBUTES;
#else
	struct stat st;
	return !lstat(path, &st);
#endif
}

bool gui_path_inside(const char *path, bool must_be_new, char *const *roots, size_t n, char *real,
		     size_t realn)
{
	char buf[PATH_MAX + 1], dir[GUI_PATH_MAX + 1];
	if (!path || !*path || strlen(path) > GUI_PATH_MAX)
		return false;
	if (!must_be_new) {
		if (!realpath(path, buf))
			return false;
	} else if (names_something(path)) {
		return false; /* nothing is overwritten; a dangling link would lead the write out */
	} else {
		snprintf(dir, sizeof(dir), "%s", path);
		char *slash = gui_last_sep(dir);
		if (!slash || !plain_name(slash + 1))
			return false;
		const char *name = path + (slash - dir) + 1;
		/* /name: the folder is /; C:\name: C:\ (not C:, that drive's current folder) */
		bool top = slash == dir;
#ifdef _WIN32
		top = top || slash[-1] == ':';
#endif
		slash[top] = 0;
		if (!realpath(dir, buf) || strlen(buf) + 1 + strlen(name) > PATH_MAX)
			return false;
		size_t l = strlen(buf);
		snprintf(buf + l, sizeof(buf) - l, "%s%s",
			 l && buf[l - 1] == GUI_SEP[0] ? "" : GUI_SEP, name);
	}
	for (size_t i = 0; i < n; i++) {
		if (under(buf, roots[i]) && strlen(buf) < realn) {
			memcpy(real, buf, strlen(buf) + 1);
			return true;
		}
	}
	return false;
}

int gui_random(void *buf, size_t n)
{
#ifdef _WIN32
	return BCryptGenRandom(NULL, buf, (ULONG)n, BCRYPT_USE_SYSTEM_PREFERRED_RNG) ? -1 : 0;
#else
	uint8_t *p = buf;
	while (n) {
		ssize_t r = getrandom(p, n, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
#endif
}
