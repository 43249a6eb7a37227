/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The window's request rules (tools/gui/gui_req.c) and its event stream (tools/gui/gui_events.c):
 * strict bodies, exact Host and Origin, paths only inside the roots (.., symlinks, new names),
 * a ring of events that a reader catches up on, writers and readers in several threads (TSan).
 */
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "gui.h"

static const struct gui_field fields[] = {
	{"path", GUI_STR, true}, {"only", GUI_STR_OR_NULL, false}, {"verify", GUI_BOOL, false}};
#define NF (sizeof(fields) / sizeof(fields[0]))

/* Is body taken (true) or refused with a message containing why? */
static bool taken(const char *body, const char *why)
{
	char err[300] = "";
	json_object *o = gui_body_parse(body, strlen(body), fields, NF, err, sizeof(err));
	if (!o && why && !strstr(err, why))
		fail_msg("'%s' refused, but as '%s', not '%s'", body, err, why);
	json_object_put(o);
	return o != NULL;
}

static void bodies(void **state)
{
	(void)state;
	assert_true(taken("{\"path\": \"/a\"}", NULL));
	assert_true(taken(" {\"path\": \"/a\", \"only\": null, \"verify\": false}\r\n", NULL));
	assert_false(taken("", "not one JSON object"));
	assert_false(taken("{}", "\"path\" is missing"));
	assert_false(taken("{\"path\": \"/a\", \"x\": 1}", "unknown key \"x\""));
	assert_false(taken("{\"path\": 1}", "must be a string"));
	assert_false(taken("{\"path\": null}", "must be a string"));
	assert_false(taken("{\"path\": \"/a\", \"verify\": 1}", "true or false"));
	assert_false(taken("{\"path\": \"/a\"} {}", "at byte 15"));
	assert_false(taken("{\"path\": \"a\\u0000b\"}", "must be a string"));
	assert_false(taken("[\"path\"]", "must be a JSON object"));
	assert_false(taken("{'path': '/a'}", "not one JSON object"));
	assert_false(taken("{\"path\": \"/a\",}", "not one JSON object"));
	assert_false(
		taken("{\"path\": {\"a\": {\"b\": {\"c\": {\"d\": 1}}}}}", "nesting too deep"));
	char nul[] = "{\"path\": \"/a\"}\0";
	char err[300];
	assert_null(gui_body_parse(nul, sizeof(nul), fields, NF, err, sizeof(err)));
	assert_non_null(strstr(err, "NUL"));
	/* the size limit, before any parsing */
	size_t big = GUI_BODY_MAX + 1;
	char *b = malloc(big);
	memset(b, ' ', big);
	assert_null(gui_body_parse(b, big, fields, NF, err, sizeof(err)));
	assert_non_null(strstr(err, "at most"));
	free(b);
}

static void hosts_and_origins(void **state)
{
	static const char *const names[] = {"127.0.0.1", "localhost"};
	(void)state;
	assert_true(gui_host_ok("127.0.0.1:8080", names, 2, 8080));
	assert_true(gui_host_ok("localhost:8080", names, 2, 8080));
	assert_false(gui_host_ok("127.0.0.1", names, 2, 8080));
	assert_false(gui_host_ok("127.0.0.1:80800", names, 2, 8080));
	assert_false(gui_host_ok("evil.example:8080", names, 2, 8080));
	assert_false(gui_host_ok("localhost.evil.example:8080", names, 2, 8080));
	assert_false(gui_host_ok(NULL, names, 2, 8080));
	assert_true(gui_origin_ok("http://127.0.0.1:8080", "127.0.0.1:8080"));
	assert_false(gui_origin_ok("https://127.0.0.1:8080", "127.0.0.1:8080"));
	assert_false(gui_origin_ok("http://127.0.0.1:8080/", "127.0.0.1:8080"));
	assert_false(gui_origin_ok("null", "127.0.0.1:8080"));
	assert_false(gui_origin_ok(NULL, "127.0.0.1:8080"));
	assert_true(gui_secret_eq("abc", "abc"));
	assert_false(gui_secret_eq("abc", "abd"));
	assert_false(gui_secret_eq("abc", "abcd"));
	assert_false(gui_secret_eq("", "a"));
	assert_false(gui_secret_eq(NULL, "a"));
}

static void paths(void **state)
{
	char root[] = "/tmp/mtkfw-gui-XXXXXX", out[] = "/tmp/mtkfw-gui-out-XXXXXX";
	char p[PATH_MAX + 64], real[GUI_PATH_MAX], rroot[PATH_MAX];
	(void)state;
	assert_non_null(mkdtemp(root));
	assert_non_null(mkdtemp(out));
	assert_non_null(realpath(root, rroot));
	char *roots[] = {rroot};
	snprintf(p, sizeof(p), "%s/pkg", root);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/link", root);
	assert_int_equal(symlink(out, p), 0);
	snprintf(p, sizeof(p), "%s/pkg", root);
	assert_true(gui_path_inside(p, false, roots, 1, real, sizeof(real)));
	assert_true(gui_path_inside(root, false, roots, 1, real, sizeof(real)));
	assert_string_equal(real, rroot);
	snprintf(p, sizeof(p), "%s/pkg/../..", root);
	assert_false(gui_path_inside(p, false, roots, 1, real, sizeof(real)));
	snprintf(p, sizeof(p), "%s/link", root); /* a link inside that leads out */
	assert_false(gui_path_inside(p, false, roots, 1, real, sizeof(real)));
	snprintf(p, sizeof(p), "%s/link/new.bin", root);
	assert_false(gui_path_inside(p, true, roots, 1, real, sizeof(real)));
	char dangling[PATH_MAX + 64], nowhere[PATH_MAX + 64];
	snprintf(nowhere, sizeof(nowhere), "%s/not-yet", out);
	snprintf(dangling, sizeof(dangling), "%s/pkg/dangling.bin",
		 root); /* leads out, to nothing */
	assert_int_equal(symlink(nowhere, dangling), 0);
	assert_false(gui_path_inside(dangling, true, roots, 1, real, sizeof(real)));
	unlink(dangling);
	snprintf(p, sizeof(p), "%s/pkg/new.bin", root); /* a new file inside */
	assert_true(gui_path_inside(p, true, roots, 1, real, sizeof(real)));
	assert_non_null(strstr(real, "/pkg/new.bin"));
	assert_false(gui_path_inside(p, false, roots, 1, real, sizeof(real)));
	snprintf(p, sizeof(p), "%s/pkg/..", root); /* ".." as the new name: it exists */
	assert_false(gui_path_inside(p, true, roots, 1, real, sizeof(real)));
	snprintf(p, sizeof(p), "%s/pkg", root); /* an output over what is there: refused */
	assert_false(gui_path_inside(p, true, roots, 1, real, sizeof(real)));
	snprintf(p, sizeof(p), "%s/missing/new.bin", root); /* its folder must exist */
	assert_false(gui_path_inside(p, true, roots, 1, real, sizeof(real)));
	snprintf(p, sizeof(p), "%sx", rroot); /* a sibling whose name starts like the root */
	assert_int_equal(mkdir(p, 0700), 0);
	assert_false(gui_path_inside(p, false, roots, 1, real, sizeof(real)));
	rmdir(p);
	assert_false(gui_path_inside("", false, roots, 1, real, sizeof(real)));
	assert_false(gui_path_inside(NULL, false, roots, 1, real, sizeof(real)));
	assert_false(gui_path_inside("/etc/passwd", false, roots, 1, real, sizeof(real)));
	char small[8];
	snprintf(p, sizeof(p), "%s/pkg", root);
	assert_false(gui_path_inside(p, false, roots, 1, small, sizeof(small)));
	snprintf(p, sizeof(p), "%s/link", root);
	unlink(p);
	snprintf(p, sizeof(p), "%s/pkg", root);
	rmdir(p);
	rmdir(root);
	rmdir(out);
}

static void ring(void **state)
{
	struct gui_events e;
	uint64_t after = 0;
	char *ev = NULL, line[32];
	(void)state;
	gui_events_init(&e);
	assert_int_equal(gui_events_next(&e, &after, &ev, 10), 0); /* none yet: a timeout */
	for (int i = 1; i <= GUI_EVENTS_KEPT + 10; i++) {
		snprintf(line, sizeof(line), "{\"n\": %d}", i);
		gui_events_push(&e, line);
	}
	assert_int_equal(gui_events_last(&e), GUI_EVENTS_KEPT + 10);
	/* a reader from the start gets the oldest kept, then each in turn */
	assert_int_equal(gui_events_next(&e, &after, &ev, 10), 1);
	assert_int_equal(after, 11);
	assert_string_equal(ev, "{\"n\": 11}");
	free(ev);
	assert_int_equal(gui_events_next(&e, &after, &ev, 10), 1);
	assert_string_equal(ev, "{\"n\": 12}");
	free(ev);
	after = GUI_EVENTS_KEPT + 10; /* caught up: waits, then times out */
	assert_int_equal(gui_events_next(&e, &after, &ev, 20), 0);
	gui_events_close(&e);
	assert_int_equal(gui_events_next(&e, &after, &ev, 1000), -1);
	gui_events_free(&e);
}

#define WRITERS	   3
#define PER_WRITER 500

static void *writer(void *arg)
{
	struct gui_events *e = arg;
	for (int i = 0; i < PER_WRITER; i++)
		gui_events_push(e, "{\"event\": \"progress\"}");
	return NULL;
}

struct reader {
	struct gui_events *e;
	unsigned got;
	bool in_order;
};

static void *reader(void *arg)
{
	struct reader *r = arg;
	uint64_t after = 0, before;
	char *ev;
	while (r->got < WRITERS * PER_WRITER) {
		before = after;
		int n = gui_events_next(r->e, &after, &ev, 2000);
		if (n < 0)
			break;
		if (n == 1) {
			r->got++;
			r->in_order &= after == before + 1; /* each once, in the order they came */
			free(ev);
		}
	}
	return NULL;
}

/* Writers in three threads, two readers that each see every event once, in order. */
static void threads(void **state)
{
	struct gui_events e;
	pthread_t w[WRITERS], rd[2];
	struct reader r[2] = {{&e, 0, true}, {&e, 0, true}};
	(void)state;
	gui_events_init(&e);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&rd[i], NULL, reader, &r[i]), 0);
	for (int i = 0; i < WRITERS; i++)
		assert_int_equal(pthread_create(&w[i], NULL, writer, &e), 0);
	for (int i = 0; i < WRITERS; i++)
		pthread_join(w[i], NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(rd[i], NULL);
	assert_int_equal(r[0].got, WRITERS * PER_WRITER);
	assert_int_equal(r[1].got, WRITERS * PER_WRITER);
	assert_true(r[0].in_order && r[1].in_order);
	gui_events_close(&e);
	gui_events_free(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bodies),  cmocka_unit_test(hosts_and_origins),
		cmocka_unit_test(paths),   cmocka_unit_test(ring),
		cmocka_unit_test(threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
