/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Slots (include/mtkfw/slots.h): ports appearing in folders and going, USB places in a fake
 * sysfs tree (MTKFW_SYSFS_ROOT), waits that wake on a change, a wake or their timeout, and the
 * spec's refusals. Timing is asserted only as bounds that hold on a loaded machine: a wait that
 * returns on a change returns well before its 5 s timeout, one that times out not before it.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "slots_priv.h"
#include "testutil.h"

#define LONG_MS 5000 /* a wait that should end sooner: a change, a wake */

static struct mtkfw_slot got[MTKFW_SLOTS_MAX];
static size_t n_got;

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* tu_dir/sub, made (a folder); malloc'd. */
static char *subdir(const char *sub)
{
	char *p = malloc(strlen(tu_dir) + strlen(sub) + 2);
	assert_non_null(p);
	sprintf(p, "%s/%s", tu_dir, sub);
	assert_true(mkdir(p, 0755) == 0 || errno == EEXIST);
	return p;
}

/* A file dir/name (an existing port). */
static void touch(const char *dir, const char *name)
{
	free(tu_write(dir, name, "", 0));
}

/* dir/name as a symlink to target (which need not exist). */
static void link_to(const char *dir, const char *name, const char *target)
{
	char p[4096];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	assert_int_equal(symlink(target, p), 0);
}

/* A watcher of spec on tu_ctx (it must be accepted). */
static struct mtkfw_slot_watch *watch(const char *spec)
{
	struct mtkfw_slot_watch *w = NULL;
	int rc = mtkfw_slot_watch_new(tu_ctx, spec, &w);
	if (rc)
		print_error("%s: %s\n", spec, mtkfw_ctx_errmsg(tu_ctx));
	assert_int_equal(rc, 0);
	assert_non_null(w);
	return w;
}

/* Wait on w up to ms into got/n_got (it must succeed); the milliseconds it took. */
static long long wait_for(struct mtkfw_slot_watch *w, unsigned ms)
{
	long long t0 = now_ms();
	int rc = mtkfw_slot_watch_wait(w, ms, got, MTKFW_SLOTS_MAX, &n_got);
	if (rc)
		print_error("wait: %s\n", mtkfw_ctx_errmsg(tu_ctx));
	assert_int_equal(rc, 0);
	return now_ms() - t0;
}

/* Does got hold exactly these ids, in this order (a NULL-ended list)? */
static void assert_ids(const char *const *ids)
{
	size_t i = 0;
	for (; ids[i]; i++) {
		if (i >= n_got || strcmp(got[i].id, ids[i]))
			print_error("slot %zu: expected %s, got %s\n", i, ids[i],
				    i < n_got ? got[i].id : "none");
		assert_true(i < n_got);
		assert_string_equal(got[i].id, ids[i]);
	}
	assert_int_equal(n_got, i);
}

/* dir/name as a string (malloc'd). */
static char *at(const char *dir, const char *name)
{
	char *p = malloc(strlen(dir) + strlen(name) + 2);
	assert_non_null(p);
	sprintf(p, "%s/%s", dir, name);
	return p;
}

/* Something another thread does after 100 ms, while this one waits. */
struct later {
	pthread_t thread;
	enum { DO_TOUCH, DO_LINK, DO_RM, DO_WAKE, DO_MKDIR } what;
	const char *dir, *name, *target;
	struct mtkfw_slot_watch *w;
};

static void *later_run(void *arg)
{
	struct later *l = arg;
	char p[4096];
	usleep(100 * 1000);
	snprintf(p, sizeof(p), "%s/%s", l->dir ? l->dir : "", l->name ? l->name : "");
	if (l->what == DO_TOUCH)
		fclose(fopen(p, "w"));
	else if (l->what == DO_LINK)
		(void)!symlink(l->target, p);
	else if (l->what == DO_RM)
		unlink(p);
	else if (l->what == DO_MKDIR)
		mkdir(l->dir, 0755);
	else
		mtkfw_slot_watch_wake(l->w);
	return NULL;
}

static void later(struct later *l)
{
	assert_int_equal(pthread_create(&l->thread, NULL, later_run, l), 0);
}

static void done(struct later *l)
{
	assert_int_equal(pthread_join(l->thread, NULL), 0);
}

/* ---- folders ---- */

static void a_folder_lists_its_matching_ports_in_number_order(void **state)
{
	(void)state;
	char *d = subdir("phones");
	touch(d, "ttyACM10");
	touch(d, "ttyACM2");
	touch(d, "ttyACM0");
	touch(d, "ttyUSB0");  /* another glob's */
	touch(d, ".ttyACM7"); /* hidden, as in a shell */
	char *sub = at(d, "ttyACM9");
	assert_int_equal(mkdir(sub, 0755), 0); /* a folder is no port */
	free(sub);
	char spec[4096];
	snprintf(spec, sizeof(spec), "%s/ttyACM*", d);
	struct mtkfw_slot_watch *w = watch(spec);
	assert_true(wait_for(w, LONG_MS) < LONG_MS); /* the first wait returns at once */
	char *a = at(d, "ttyACM0"), *b = at(d, "ttyACM2"), *c = at(d, "ttyACM10");
	assert_ids((const char *[]){a, b, c, NULL});
	for (size_t i = 0; i < n_got; i++) {
		assert_string_equal(got[i].port, got[i].id);
		assert_string_equal(got[i].usb, "");
		assert_int_equal(got[i].mode, MTKFW_PORT_BROM);
	}
	/* a list shorter than what there is: filled as far as it goes, *n says how many */
	struct mtkfw_slot one[1];
	size_t n = 0;
	assert_int_equal(mtkfw_slot_watch_wait(w, 0, one, 1, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(one[0].id, a);
	mtkfw_slot_watch_free(w);
	free(a), free(b), free(c), free(d);
}

static void links_are_ports_while_their_target_exists(void **state)
{
	(void)state;
	char *d = subdir("phones"), *pty = subdir("pts");
	touch(pty, "5");
	char *t5 = at(pty, "5"), *t6 = at(pty, "6");
	link_to(d, "ttyACM5", t5);
	link_to(d, "ttyACM6", t6); /* dangling: no phone */
	char spec[4096];
	snprintf(spec, sizeof(spec), "%s/ttyACM*", d);
	struct mtkfw_slot_watch *w = watch(spec);
	wait_for(w, LONG_MS);
	char *a5 = at(d, "ttyACM5"), *a6 = at(d, "ttyACM6");
	assert_ids((const char *[]){a5, NULL});

	/* the dangling link's target appears: nothing in the watched folder changed */
	struct later l = {.what = DO_TOUCH, .dir = pty, .name = "6"};
	later(&l);
	assert_true(wait_for(w, LONG_MS) < LONG_MS);
	done(&l);
	assert_ids((const char *[]){a5, a6, NULL});

	/* a virtual phone ends: its pty goes, the link dangles */
	l = (struct later){.what = DO_RM, .dir = pty, .name = "5"};
	later(&l);
	assert_true(wait_for(w, LONG_MS) < LONG_MS);
	done(&l);
	assert_ids((const char *[]){a6, NULL});
	mtkfw_slot_watch_free(w);
	free(a5), free(a6), free(t5), free(t6), free(d), free(pty);
}

static void a_wait_wakes_when_a_port_comes_and_goes(void **state)
{
	(void)state;
	char *d = subdir("phones");
	touch(d, "target");
	char *target = at(d, "target"), *port = at(d, "ttyACM3");
	char spec[4096];
	snprintf(spec, sizeof(spec), "%s/ttyACM*", d);
	struct mtkfw_slot_watch *w = watch(spec);
	wait_for(w, LONG_MS);
	assert_int_equal(n_got, 0);

	struct later l = {.what = DO_LINK, .dir = d, .name = "ttyACM3", .target = target};
	later(&l);
	assert_true(wait_for(w, LONG_MS) < LONG_MS);
	done(&l);
	assert_ids((const char *[]){port, NULL});

	l = (struct later){.what = DO_RM, .dir = d, .name = "ttyACM3"};
	later(&l);
	assert_true(wait_for(w, LONG_MS) < LONG_MS);
	done(&l);
	assert_int_equal(n_got, 0);

	/* a plain file (a device node's stand-in) made in the folder */
	l = (struct later){.what = DO_TOUCH, .dir = d, .name = "ttyACM4"};
	later(&l);
	assert_true(wait_for(w, LONG_MS) < LONG_MS);
	done(&l);
	assert_int_equal(n_got, 1);
	mtkfw_slot_watch_free(w);
	free(target), free(port), free(d);
}

static void a_wait_without_change_lasts_its_timeout(void **state)
{
	(void)state;
	char *d = subdir("phones");
	touch(d, "ttyACM0");
	touch(d, "ttyACM1");
	char spec[4096];
	snprintf(spec, sizeof(spec), "%s/ttyACM*", d);
	struct mtkfw_slot_watch *w = watch(spec);
	wait_for(w, LONG_MS);
	assert_int_equal(n_got, 2);
	touch(d, "unrelated"); /* an event in the folder, but the list stays */
	assert_true(wait_for(w, 300) >= 299);
	assert_int_equal(n_got, 2);
	assert_true(wait_for(w, 0) < LONG_MS); /* 0: look and return */
	assert_int_equal(n_got, 2);
	mtkfw_slot_watch_free(w);
	free(d);
}

static void a_wake_from_another_thread_ends_the_wait(void **state)
{
	(void)state;
	char *d = subdir("phones");
	char spec[4096];
	snprintf(spec, sizeof(spec), "%s/ttyACM*", d);
	struct mtkfw_slot_watch *w = watch(spec);
	wait_for(w, LONG_MS);
	struct later l = {.what = DO_WAKE, .w = w};
	later(&l);
	assert_true(wait_for(w, 60000) < LONG_MS);
	done(&l);
	/* a wake while nobody waits ends the next wait, and only that one */
	mtkfw_slot_watch_wake(w);
	mtkfw_slot_watch_wake(w);
	assert_true(wait_for(w, 60000) < LONG_MS);
	assert_true(wait_for(w, 250) >= 249);
	mtkfw_slot_watch_free(w);
	free(d);
}

static void a_folder_made_later_is_watched(void **state)
{
	(void)state;
	char *d = at(tu_dir, "later");
	char spec[4096];
	snprintf(spec, sizeof(spec), "%s/COM*", d);
	struct mtkfw_slot_watch *w = watch(spec);
	wait_for(w, LONG_MS);
	assert_int_equal(n_got, 0);
	struct later l = {.what = DO_MKDIR, .dir = d};
	later(&l);
	assert_true(wait_for(w, 400) >= 399); /* the folder, empty: the list did not change */
	done(&l);
	l = (struct later){.what = DO_TOUCH, .dir = d, .name = "COM7"};
	later(&l);
	assert_true(wait_for(w, LONG_MS) < LONG_MS);
	done(&l);
	char *com7 = at(d, "COM7");
	assert_ids((const char *[]){com7, NULL});
	mtkfw_slot_watch_free(w);
	free(com7), free(d);
}

static void several_items_are_one_sorted_list(void **state)
{
	(void)state;
	char *a = subdir("a"), *b = subdir("b");
	touch(a, "ttyACM1");
	touch(a, "ttyUSB1");
	touch(a, "x");
	touch(b, "ttyACM0");
	char spec[8192];
	/* the two globs of folder a both match ttyACM1: one slot */
	snprintf(spec, sizeof(spec), "%s/tty*, %s/ttyACM?,%s/ttyACM[0-9]", a, a, b);
	struct mtkfw_slot_watch *w = watch(spec);
	wait_for(w, LONG_MS);
	char *a1 = at(a, "ttyACM1"), *u1 = at(a, "ttyUSB1"), *b0 = at(b, "ttyACM0");
	assert_ids((const char *[]){a1, u1, b0, NULL});
	mtkfw_slot_watch_free(w);
	free(a1), free(u1), free(b0), free(a), free(b);
}

/* Counts the context's warnings that contain "left out". */
static void count_left_out(void *user, enum mtkfw_log_level level, const char *msg)
{
	if (level == MTKFW_LOG_WARNING && strstr(msg, "left out"))
		(*(int *)user)++;
}

static void too_many_or_too_long_are_left_out_and_said_once(void **state)
{
	(void)state;
	char *d = subdir("many");
	char name[300];
	for (int i = 0; i < MTKFW_SLOTS_MAX + 44; i++) {
		snprintf(name, sizeof(name), "p%03d", i);
		touch(d, name);
	}
	memset(name, 'L', 250); /* a path longer than a slot's port holds */
	name[250] = 0;
	touch(d, name);
	int said = 0;
	mtkfw_ctx_set_log(tu_ctx, MTKFW_LOG_WARNING, count_left_out, &said);
	char spec[4096];
	snprintf(spec, sizeof(spec), "%s/*", d);
	struct mtkfw_slot_watch *w = watch(spec);
	wait_for(w, LONG_MS);
	assert_int_equal(n_got, MTKFW_SLOTS_MAX);
	assert_int_equal(said, 1);
	wait_for(w, 250); /* the same scan again: not said again */
	assert_int_equal(n_got, MTKFW_SLOTS_MAX);
	assert_int_equal(said, 1);
	mtkfw_slot_watch_free(w);
	mtkfw_ctx_set_log(tu_ctx, MTKFW_LOG_ERROR, NULL, NULL);
	free(d);
}

/* One of two threads with a watcher of its own on a folder of its own. */
struct watcher_thread {
	pthread_t thread;
	pthread_barrier_t *ready;
	char spec[4096];
	size_t first, second; /* slots listed before and after the change */
	char id[256];
	int rc;
};

static void *watch_in_thread(void *arg)
{
	struct watcher_thread *t = arg;
	struct mtkfw_ctx *ctx = NULL;
	struct mtkfw_slot_watch *w = NULL;
	struct mtkfw_slot s[4];
	t->rc = mtkfw_ctx_new(&ctx);
	if (!t->rc)
		t->rc = mtkfw_slot_watch_new(ctx, t->spec, &w);
	if (!t->rc)
		t->rc = mtkfw_slot_watch_wait(w, LONG_MS, s, 4, &t->first);
	pthread_barrier_wait(t->ready);
	if (!t->rc)
		t->rc = mtkfw_slot_watch_wait(w, LONG_MS, s, 4, &t->second);
	if (!t->rc && t->second == 1)
		snprintf(t->id, sizeof(t->id), "%s", s[0].id);
	mtkfw_slot_watch_free(w);
	mtkfw_ctx_free(ctx);
	return NULL;
}

static void watchers_in_two_threads_see_their_own_folders(void **state)
{
	(void)state;
	char *d[2] = {subdir("one"), subdir("two")};
	pthread_barrier_t ready;
	struct watcher_thread t[2];
	assert_int_equal(pthread_barrier_init(&ready, NULL, 3), 0);
	for (int i = 0; i < 2; i++) {
		memset(&t[i], 0, sizeof(t[i]));
		t[i].ready = &ready;
		snprintf(t[i].spec, sizeof(t[i].spec), "%s/ttyACM*", d[i]);
		assert_int_equal(pthread_create(&t[i].thread, NULL, watch_in_thread, &t[i]), 0);
	}
	pthread_barrier_wait(&ready);
	touch(d[0], "ttyACM0");
	touch(d[1], "ttyACM1");
	for (int i = 0; i < 2; i++) {
		assert_int_equal(pthread_join(t[i].thread, NULL), 0);
		char *want = at(d[i], i ? "ttyACM1" : "ttyACM0");
		assert_int_equal(t[i].rc, 0);
		assert_int_equal(t[i].first, 0);
		assert_int_equal(t[i].second, 1);
		assert_string_equal(t[i].id, want);
		free(want);
	}
	pthread_barrier_destroy(&ready);
	free(d[0]), free(d[1]);
}

/* ---- USB places in a fake sysfs tree ---- */

/* A USB device at place in the fake tree under root: vid:pid, its tty when not NULL. */
static void fake_usb(const char *root, const char *place, const char *vid, const char *pid,
		     const char *tty)
{
	char name[512];
	snprintf(name, sizeof(name), "bus/usb/devices/%s/idVendor", place);
	free(tu_write(root, name, vid, strlen(vid)));
	snprintf(name, sizeof(name), "bus/usb/devices/%s/idProduct", place);
	free(tu_write(root, name, pid, strlen(pid)));
	snprintf(name, sizeof(name), "bus/usb/devices/%s:1.0/bInterfaceClass", place);
	free(tu_write(root, name, "02\n", 3));
	if (tty) {
		snprintf(name, sizeof(name), "bus/usb/devices/%s:1.1/tty/%s/dev", place, tty);
		free(tu_write(root, name, "166:0\n", 6));
	}
}

/* A station's fake tree: phones at 1-2.1 (BROM, ttyACM0), 1-2.4 (preloader, ttyACM1) and
 * 1-2.3 (DA, no tty bound), a phone of another maker at 1-2.2, the root hub. */
static char *station_tree(void)
{
	char *root = subdir("sys");
	fake_usb(root, "usb1", "1d6b\n", "0002\n", NULL);
	fake_usb(root, "1-2", "05e3\n", "0610\n", NULL); /* the hub */
	fake_usb(root, "1-2.1", "0e8d\n", "0003\n", "ttyACM0");
	fake_usb(root, "1-2.2", "18d1\n", "4ee7\n", "ttyACM2");
	fake_usb(root, "1-2.3", "0e8d\n", "2001\n", NULL);
	fake_usb(root, "1-2.4", "0e8d\n", "2000\n", "ttyACM1");
	setenv("MTKFW_SYSFS_ROOT", root, 1);
	return root;
}

static int usb_teardown(void **state)
{
	unsetenv("MTKFW_SYSFS_ROOT");
	return tu_teardown(state);
}

static void usb_places_list_the_phones_there(void **state)
{
	(void)state;
	char *root = station_tree();
	struct mtkfw_slot_watch *w = watch("auto");
	wait_for(w, LONG_MS);
	assert_ids((const char *[]){"1-2.1", "1-2.3", "1-2.4", NULL});
	assert_string_equal(got[0].port, "/dev/ttyACM0");
	assert_string_equal(got[0].usb, "");
	assert_int_equal(got[0].mode, MTKFW_PORT_BROM);
	assert_string_equal(got[1].port, ""); /* no tty: libusb by its device name */
	assert_string_equal(got[1].usb, "1-2.3");
	assert_int_equal(got[1].mode, MTKFW_PORT_DA);
	assert_string_equal(got[2].port, "/dev/ttyACM1");
	assert_int_equal(got[2].mode, MTKFW_PORT_PRELOADER);
	mtkfw_slot_watch_free(w);

	w = watch("1-2.4, 1-2.3");
	wait_for(w, LONG_MS);
	assert_ids((const char *[]){"1-2.3", "1-2.4", NULL});
	mtkfw_slot_watch_free(w);
	w = watch("1-2.2,1-2.5"); /* another maker's phone, an empty place */
	wait_for(w, LONG_MS);
	assert_int_equal(n_got, 0);
	mtkfw_slot_watch_free(w);
	free(root);
}

static void a_place_keeps_its_slot_when_the_phone_reenumerates(void **state)
{
	(void)state;
	char *root = station_tree();
	struct mtkfw_slot_watch *w = watch("1-2.1,1-2.4");
	wait_for(w, LONG_MS);
	assert_ids((const char *[]){"1-2.1", "1-2.4", NULL});

	/* BROM -> preloader at 1-2.1, on another tty */
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/bus/usb/devices/1-2.1:1.1/tty", root);
	tu_rmtree(dir);
	fake_usb(root, "1-2.1", "0e8d\n", "2000\n", "ttyACM5");
	assert_true(wait_for(w, LONG_MS) < LONG_MS);
	assert_ids((const char *[]){"1-2.1", "1-2.4", NULL});
	assert_int_equal(got[0].mode, MTKFW_PORT_PRELOADER);
	assert_string_equal(got[0].port, "/dev/ttyACM5");

	/* the phone at 1-2.4 is unplugged */
	snprintf(dir, sizeof(dir), "%s/bus/usb/devices/1-2.4", root);
	tu_rmtree(dir);
	assert_true(wait_for(w, LONG_MS) < LONG_MS);
	assert_ids((const char *[]){"1-2.1", NULL});
	mtkfw_slot_watch_free(w);
	free(root);
}

static void usb_names_that_are_no_place_are_left_out(void **state)
{
	(void)state;
	char *root = station_tree();
	fake_usb(root, "1-2.1.x", "0e8d\n", "0003\n", "ttyACM9");
	fake_usb(root, "100-100.100.100.100.100.100.1000", "0e8d\n", "0003\n", NULL); /* 32 bytes */
	int said = 0;
	mtkfw_ctx_set_log(tu_ctx, MTKFW_LOG_WARNING, count_left_out, &said);
	struct mtkfw_slot_watch *w = watch("auto");
	wait_for(w, LONG_MS);
	assert_ids((const char *[]){"1-2.1", "1-2.3", "1-2.4", NULL});
	assert_int_equal(said, 1);
	mtkfw_slot_watch_free(w);
	mtkfw_ctx_set_log(tu_ctx, MTKFW_LOG_ERROR, NULL, NULL);
	free(root);
}

static void usb_that_cannot_be_listed_is_an_error(void **state)
{
	(void)state;
	setenv("MTKFW_SYSFS_ROOT", tu_dir, 1); /* no bus/usb/devices there */
	struct mtkfw_slot_watch *w = watch("auto");
	size_t n = 7;
	assert_int_equal(mtkfw_slot_watch_wait(w, 0, got, MTKFW_SLOTS_MAX, &n), MTKFW_E_NO_DEVICE);
	assert_int_equal(n, 0);
	assert_true(tu_errmsg_has(tu_ctx, "bus/usb/devices"));
	mtkfw_slot_watch_free(w);
}

/* ---- rules ---- */

static void globs_match_as_a_shell_does(void **state)
{
	(void)state;
	static const struct {
		const char *glob, *name;
		bool match;
	} cases[] = {
		{"ttyACM*", "ttyACM0", true},
		{"ttyACM*", "ttyACM", true},
		{"ttyACM*", "ttyUSB0", false},
		{"ttyACM?", "ttyACM12", false},
		{"ttyACM??", "ttyACM12", true},
		{"*", "", true},
		{"", "", true},
		{"", "a", false},
		{"*0", "ttyACM10", true},
		{"*1*0", "ttyACM10", true},
		{"*1*0", "ttyACM01", false},
		{"a**b", "ab", true},
		{"[0-9]", "7", true},
		{"[0-9]", "x", false},
		{"[!0-9]", "x", true},
		{"[^0-9]", "7", false},
		{"[]a]", "]", true},
		{"[!]]", "]", false},
		{"[a-", "[a-", true},
		{"[a-", "a", false},
		{"COM[1-3]", "COM2", true},
		{"COM[1-3]", "COM4", false},
		{"COM[1-3]", "com2", false}, /* case matters on Linux */
		{"*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},
	};
	for (size_t i = 0; i < MTKFW_ARRAY_SIZE(cases); i++) {
		if (slot_glob_match(cases[i].glob, cases[i].name) != cases[i].match)
			print_error("glob \"%s\" on \"%s\"\n", cases[i].glob, cases[i].name);
		assert_int_equal(slot_glob_match(cases[i].glob, cases[i].name), cases[i].match);
	}
}

static void ids_sort_by_number_value(void **state)
{
	(void)state;
	static const char *const order[] = {
		"1-2",	 "1-2.1",  "1-2.4",    "1-2.10",  "1-10",    "2-1",	 "COM3",
		"COM12", "ttyACM", "ttyACM01", "ttyACM1", "ttyACM2", "ttyACM10", "ttyACMa",
	};
	for (size_t i = 0; i < MTKFW_ARRAY_SIZE(order); i++)
		for (size_t j = 0; j < MTKFW_ARRAY_SIZE(order); j++) {
			int c = slot_id_cmp(order[i], order[j]);
			int want = i < j ? -1 : i > j ? 1 : 0;
			if (c != want)
				print_error("%s vs %s: %d\n", order[i], order[j], c);
			assert_int_equal(c, want);
		}
}

static void places_are_linux_usb_device_names(void **state)
{
	(void)state;
	assert_true(slot_place_valid("1-2"));
	assert_true(slot_place_valid("1-2.3"));
	assert_true(slot_place_valid("12-255.1.2.3.4.15"));
	assert_false(slot_place_valid("1-2.3.4.5.6.7.8"));
	assert_false(slot_place_valid("usb1"));
	assert_false(slot_place_valid("1-2:1.0"));
	assert_false(slot_place_valid("01-2"));
	assert_false(slot_place_valid("1-2."));
	assert_false(slot_place_valid("1-"));
	assert_false(slot_place_valid("1-1000"));
	assert_false(slot_place_valid(""));
}

/* spec is refused, with a sentence holding each of the words given (a NULL-ended list). */
static void assert_refused(const char *spec, const char *const *words)
{
	struct mtkfw_slot_watch *w = (void *)1;
	assert_int_equal(mtkfw_slot_watch_new(tu_ctx, spec, &w), MTKFW_E_INVALID_PARAM);
	assert_null(w);
	for (size_t i = 0; words[i]; i++)
		assert_true(tu_errmsg_has(tu_ctx, words[i]));
}

static void specs_that_say_nothing_clear_are_refused(void **state)
{
	(void)state;
	assert_refused(NULL, (const char *[]){"none named", "auto", NULL});
	assert_refused("  ", (const char *[]){"none named", NULL});
	assert_refused("1-2.x", (const char *[]){"item 1 \"1-2.x\"", "no USB place", NULL});
	assert_refused("1-2.1,COM5", (const char *[]){"item 2 \"COM5\"", "1-2.3", NULL});
	assert_refused("1-2.1,,1-2.4", (const char *[]){"item 2", "empty", NULL});
	assert_refused("1-2.1,", (const char *[]){"item 2", "empty", NULL});
	assert_refused("1-2.1,1-2.1", (const char *[]){"item 2", "twice", NULL});
	assert_refused("auto,1-2.1", (const char *[]){"item 2 \"1-2.1\"", "beside auto", NULL});
	assert_refused("/tmp/*/ttyACM*", (const char *[]){"wildcard in its folder", NULL});
	assert_refused("/tmp/phones/", (const char *[]){"DIR/ttyACM*", NULL});
	assert_refused("C:\\phones\\COM*", (const char *[]){"names no folder", NULL});
	assert_refused("1-2\x01", (const char *[]){"control character", NULL});
	char spec[SLOT_SPEC_MAX + 2];
	memset(spec, 'a', sizeof(spec) - 1);
	spec[sizeof(spec) - 1] = 0;
	assert_refused(spec, (const char *[]){"longer than 8192 bytes", NULL});
	spec[0] = '/';
	spec[300] = 0;
	assert_refused(spec, (const char *[]){"longer than a port's path", NULL});
	size_t len = 0;
	for (int i = 1; i <= SLOT_ITEMS_MAX + 1; i++)
		len += (size_t)snprintf(spec + len, sizeof(spec) - len, "1-%d,", i);
	spec[len - 1] = 0;
	assert_refused(spec, (const char *[]){"more than 64 items", NULL});
	assert_int_equal(mtkfw_slot_watch_new(tu_ctx, "auto", NULL), MTKFW_E_INVALID_PARAM);
	mtkfw_slot_watch_free(NULL);
	mtkfw_slot_watch_wake(NULL);
	assert_int_equal(mtkfw_slot_watch_wait(NULL, 0, got, 1, &n_got), MTKFW_E_INVALID_PARAM);
}

static void specs_of_each_kind_are_taken(void **state)
{
	(void)state;
	static const char *const ok[] = {
		"auto",
		"AUTO",
		"1-2",
		" 1-2.1 , 1-2.4 ",
		"1-2.3.4.5.6.7",
		"auto,/tmp/phones/ttyACM*",
		"/tmp/phones/ttyACM[0-9]",
		"./ttyACM*",
		"/ttyACM*",
	};
	for (size_t i = 0; i < MTKFW_ARRAY_SIZE(ok); i++) {
		struct slot_spec s;
		int rc = slot_spec_parse(tu_ctx, ok[i], &s);
		if (rc)
			print_error("%s: %s\n", ok[i], mtkfw_ctx_errmsg(tu_ctx));
		assert_int_equal(rc, 0);
		slot_spec_clear(&s);
	}
	struct slot_spec s;
	assert_int_equal(slot_spec_parse(tu_ctx, " 1-2.1 ,/tmp/p/tty* ", &s), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.item[0].kind, SLOT_PLACE);
	assert_string_equal(s.item[0].text, "1-2.1");
	assert_int_equal(s.item[1].kind, SLOT_GLOB);
	assert_string_equal(s.item[1].text + s.item[1].prefix, "tty*");
	assert_true(s.usb_any && !s.usb_all);
	slot_spec_clear(&s);
	assert_int_equal(slot_spec_parse(tu_ctx, "/tmp/p/tty*, auto", &s), 0);
	assert_int_equal(s.item[1].kind, SLOT_AUTO);
	assert_true(s.usb_all && s.usb_any);
	slot_spec_clear(&s);
	assert_int_equal(slot_spec_parse(tu_ctx, "/tmp/p/tty*", &s), 0);
	assert_true(!s.usb_all && !s.usb_any); /* folders alone: USB is not looked at */
	slot_spec_clear(&s);
}

int main(void)
{
#define T(f)  cmocka_unit_test_setup_teardown(f, tu_setup, tu_teardown)
#define TU(f) cmocka_unit_test_setup_teardown(f, tu_setup, usb_teardown)
	const struct CMUnitTest tests[] = {
		T(a_folder_lists_its_matching_ports_in_number_order),
		T(links_are_ports_while_their_target_exists),
		T(a_wait_wakes_when_a_port_comes_and_goes),
		T(a_wait_without_change_lasts_its_timeout),
		T(a_wake_from_another_thread_ends_the_wait),
		T(a_folder_made_later_is_watched),
		T(several_items_are_one_sorted_list),
		T(too_many_or_too_long_are_left_out_and_said_once),
		T(watchers_in_two_threads_see_their_own_folders),
		TU(usb_places_list_the_phones_there),
		TU(a_place_keeps_its_slot_when_the_phone_reenumerates),
		TU(usb_names_that_are_no_place_are_left_out),
		TU(usb_that_cannot_be_listed_is_an_error),
		T(globs_match_as_a_shell_does),
		T(ids_sort_by_number_value),
		T(places_are_linux_usb_device_names),
		T(specs_that_say_nothing_clear_are_refused),
		T(specs_of_each_kind_are_taken),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
