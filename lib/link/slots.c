/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Slots (include/mtkfw/slots.h): the spec, the scan of USB places and folders, the wait. Each
 * scan lists everything anew and a wait returns when the list differs from the one it last
 * gave, so an event only says "look": none has to be read for what it means. What wakes a
 * sleeping wait is each system's: on Linux (the end of this file) udev for USB, inotify for
 * folders and an eventfd for a wake; on Windows (slots_win.c) an event object and a scan
 * every SLOT_SCAN_MS.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#ifdef _WIN32
#include <windows.h>
#endif

#include "internal.h"
#include "slots_priv.h"

#define ID_MAX	 sizeof(((struct mtkfw_slot *)0)->id)
#define PORT_MAX sizeof(((struct mtkfw_slot *)0)->port)
#define USB_MAX	 sizeof(((struct mtkfw_slot *)0)->usb)

/* ---- the spec ---- */

#ifdef _WIN32
#define PLACE_HINT                                                                                 \
	"is longer than a location path (255 bytes at most), and no path glob (one has a '\\' or " \
	"'/')"
#else
#define PLACE_HINT                                                                        \
	"is no USB place such as 1-2.3 (bus-port, then .port for each hub behind it, as " \
	"/sys/bus/usb/devices names them), no path glob (one has a '/') and not auto"
#endif

/* Does c separate the folders of a path here ('/'; on Windows '\\' too)? */
static bool is_sep(char c)
{
#ifdef _WIN32
	return c == '/' || c == '\\';
#else
	return c == '/';
#endif
}

/* Are a and b one name here (on Windows, whose names ignore case, in any case)? */
static bool same_name(const char *a, const char *b)
{
#ifdef _WIN32
	return mtkfw_strieq(a, b);
#else
	return !strcmp(a, b);
#endif
}

/* Does s hold a control character (a byte below 0x20, or 0x7f)? */
static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/* Refuse item i (counted from 1) of a spec for why; returns MTKFW_E_INVALID_PARAM. */
static int refuse(struct mtkfw_ctx *ctx, size_t i, const char *item, const char *why)
{
	char shown[96];
	mtkfw_copy_field(shown, sizeof(shown), (const uint8_t *)item, strlen(item));
	return mtkfw_fail(ctx, MTKFW_E_INVALID_PARAM, "slots: item %zu \"%s\" %s", i + 1, shown,
			  why);
}

/* A number of 1 to 3 digits, the first not 0, at *s: its length, 0 if none. */
static size_t place_number(const char *s)
{
	size_t n = 0;
	while (n < 4 && isdigit((unsigned char)s[n]))
		n++;
	return n >= 1 && n <= 3 && s[0] != '0' ? n : 0;
}

bool slot_place_valid(const char *s)
{
	size_t n = place_number(s), ports = 0;
	if (!n || s[n] != '-')
		return false;
	for (s += n + 1; ports < 6; s += n + 1) {
		if (!(n = place_number(s)))
			return false;
		ports++;
		if (!s[n])
			return true;
		if (s[n] != '.')
			return false;
	}
	return false;
}

/* Check a path glob item: a folder, a separator, then the glob of the port names. */
static int classify_glob(struct mtkfw_ctx *ctx, size_t i, struct slot_item *it)
{
	const char *s = it->text;
	size_t end = 0;
	for (size_t k = 0; s[k]; k++)
		if (is_sep(s[k]))
			end = k + 1;
	if (!end)
		return refuse(ctx, i, s,
			      "names no folder: here a path's folders are separated by '/'");
	if (!s[end])
		return refuse(
			ctx, i, s,
			"names a folder but not its ports: add their glob, as in DIR/ttyACM*");
	if (strcspn(s, "*?[") < end)
		return refuse(ctx, i, s,
			      "has a wildcard in its folder: only the ports' names may be a glob");
	if (strlen(s) >= PORT_MAX)
		return refuse(ctx, i, s, "is longer than a port's path may be (255 bytes)");
	it->kind = SLOT_GLOB;
	it->prefix = end;
	return 0;
}

/* What item i of a spec names, into it->kind (it->text is the trimmed item). */
static int classify(struct mtkfw_ctx *ctx, size_t i, struct slot_item *it)
{
	const char *s = it->text;
	if (!*s)
		return refuse(ctx, i, s, "is empty (two commas in a row, or one at an end)");
	if (has_control(s))
		return refuse(ctx, i, s, "holds a control character");
	if (mtkfw_strieq(s, "auto")) {
		it->kind = SLOT_AUTO;
		return 0;
	}
	if (strchr(s, '/') || strchr(s, '\\'))
		return classify_glob(ctx, i, it);
	it->kind = SLOT_PLACE;
#ifdef _WIN32
	bool ok = strlen(s) < ID_MAX;
#else
	bool ok = slot_place_valid(s);
#endif
	return ok ? 0 : refuse(ctx, i, s, PLACE_HINT);
}

/* Append one item (text: cut out of the caller's copy) to s. */
static int add_item(struct mtkfw_ctx *ctx, struct slot_spec *s, char *text)
{
	if (s->n == SLOT_ITEMS_MAX)
		return mtkfw_fail(
			ctx, MTKFW_E_INVALID_PARAM,
			"slots: more than %d items; a folder glob names many ports at once",
			SLOT_ITEMS_MAX);
	struct slot_item *it = &s->item[s->n];
	if (!(it->text = mtkfw_strdup(mtkfw_strtrim(text))))
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "slots: out of memory");
	s->n++;
	int rc = classify(ctx, s->n - 1, it);
	for (size_t k = 0; !rc && k + 1 < s->n; k++)
		if (same_name(s->item[k].text, it->text))
			rc = refuse(ctx, s->n - 1, it->text, "is given twice");
	s->usb_all |= it->kind == SLOT_AUTO;
	s->usb_any |= it->kind == SLOT_AUTO || it->kind == SLOT_PLACE;
	return rc;
}

/* A place beside "auto" says nothing more, and is likely not what was meant: refused. */
static int check_places(struct mtkfw_ctx *ctx, const struct slot_spec *s)
{
	for (size_t i = 0; s->usb_all && i < s->n; i++)
		if (s->item[i].kind == SLOT_PLACE)
			return refuse(ctx, i, s->item[i].text,
				      "is a USB place beside auto, which names every place: give "
				      "auto or the places");
	return 0;
}

int slot_spec_parse(struct mtkfw_ctx *ctx, const char *spec, struct slot_spec *out)
{
	memset(out, 0, sizeof(*out));
	size_t len = spec ? strnlen(spec, SLOT_SPEC_MAX + 1) : 0;
	if (len > SLOT_SPEC_MAX)
		return mtkfw_fail(ctx, MTKFW_E_INVALID_PARAM,
				  "slots: the spec is longer than %d bytes", SLOT_SPEC_MAX);
	char *copy = spec ? mtkfw_strndup(spec, len) : NULL;
	if (spec && !copy)
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "slots: out of memory");
	if (!copy || !*mtkfw_strtrim(copy)) {
		free(copy);
		return mtkfw_fail(ctx, MTKFW_E_INVALID_PARAM,
				  "slots: none named; give auto, or USB places and path globs "
				  "separated by commas (1-2.1,1-2.4 or /tmp/phones/ttyACM*)");
	}
	int rc = 0;
	for (char *p = copy, *comma; !rc; p = comma + 1) {
		if ((comma = strchr(p, ',')) != NULL)
			*comma = 0;
		rc = add_item(ctx, out, p);
		if (!comma)
			break;
	}
	free(copy);
	return rc ? rc : check_places(ctx, out);
}

void slot_spec_clear(struct slot_spec *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->item[i].text);
	memset(s, 0, sizeof(*s));
}

/* ---- names: globs and their order ---- */

/* c as a glob compares it: itself, or on Windows (whose names ignore case) in lower case. */
static unsigned char fold(unsigned char c)
{
#ifdef _WIN32
	return (unsigned char)tolower(c);
#else
	return c;
#endif
}

/*
 * Does the set "[...]" at g match c? *len: the set's length, 0 when no ']' closes it (then its
 * '[' is a plain character). A ']' first in the set is a member; "a-z" is a range.
 */
static bool set_match(const char *g, unsigned char c, size_t *len)
{
	size_t i = 1;
	bool neg = g[i] == '!' || g[i] == '^', hit = false;
	if (neg)
		i++;
	for (size_t first = i; g[i] && (g[i] != ']' || i == first); i++) {
		unsigned char lo = fold((unsigned char)g[i]), hi = lo;
		if (g[i + 1] == '-' && g[i + 2] && g[i + 2] != ']') {
			hi = fold((unsigned char)g[i + 2]);
			i += 2;
		}
		hit |= fold(c) >= lo && fold(c) <= hi;
	}
	*len = g[i] ? i + 1 : 0;
	return *len && hit != neg;
}

/* Does the one-character element of a glob at g ('?', a set, a byte) match c? *len: its length. */
static bool element_match(const char *g, unsigned char c, size_t *len)
{
	if (*g == '?') {
		*len = 1;
		return true;
	}
	if (*g == '[') {
		bool hit = set_match(g, c, len);
		if (*len)
			return hit;
	}
	*len = 1;
	return fold((unsigned char)*g) == fold(c);
}

bool slot_glob_match(const char *glob, const char *name)
{
	const char *g = glob, *n = name, *star_g = NULL, *star_n = NULL;
	while (*n) {
		size_t len;
		if (*g == '*') { /* the latest star takes one more character when all else fails */
			star_g = ++g;
			star_n = n;
		} else if (*g && element_match(g, (unsigned char)*n, &len)) {
			g += len;
			n++;
		} else if (star_g) {
			g = star_g;
			n = ++star_n;
		} else {
			return false;
		}
	}
	while (*g == '*')
		g++;
	return !*g;
}

/* The run of digits at *p, leading zeros skipped: *p moved past it; its length. */
static size_t digit_run(const unsigned char **p, const unsigned char **start)
{
	while (**p == '0' && isdigit((*p)[1]))
		(*p)++;
	*start = *p;
	while (isdigit(**p))
		(*p)++;
	return (size_t)(*p - *start);
}

int slot_id_cmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
	while (*p && *q) {
		if (isdigit(*p) && isdigit(*q)) {
			const unsigned char *ps, *qs;
			size_t lp = digit_run(&p, &ps), lq = digit_run(&q, &qs);
			int c = lp != lq ? (lp < lq ? -1 : 1) : memcmp(ps, qs, lp);
			if (c)
				return c < 0 ? -1 : 1;
		} else if (*p != *q) {
			return *p < *q ? -1 : 1;
		} else {
			p++;
			q++;
		}
	}
	if (*p || *q)
		return *p ? 1 : -1;
	return strcmp(a, b); /* equal but for leading zeros: still two ids, in byte order */
}

/* ---- a scan ---- */

void slot_note(struct mtkfw_slot_watch *w, const char *fmt, ...)
{
	size_t used = strlen(w->note);
	if (used + 8 >= sizeof(w->note))
		return; /* the first notes are said; the rest alike come with them next time */
	if (used)
		used += (size_t)snprintf(w->note + used, sizeof(w->note) - used, "; ");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->note + used, sizeof(w->note) - used, fmt, ap);
	va_end(ap);
}

void slot_add(struct mtkfw_slot_watch *w, const char *id, const char *port, const char *usb,
	      enum mtkfw_port_mode mode)
{
	if (has_control(id) || has_control(port) || has_control(usb) || strlen(id) >= ID_MAX ||
	    strlen(port) >= PORT_MAX || strlen(usb) >= USB_MAX) {
		char shown[64];
		mtkfw_copy_field(shown, sizeof(shown), (const uint8_t *)id, strlen(id));
		slot_note(w, "\"%s\" left out: its name is no text or too long", shown);
		return;
	}
	if (w->n_now == MTKFW_SLOTS_MAX) {
		w->left_out++;
		return;
	}
	struct mtkfw_slot *s = &w->now[w->n_now++];
	memset(s, 0, sizeof(*s));
	snprintf(s->id, sizeof(s->id), "%s", id);
	snprintf(s->port, sizeof(s->port), "%s", port);
	snprintf(s->usb, sizeof(s->usb), "%s", usb);
	s->mode = mode;
}

bool slot_place_wanted(const struct mtkfw_slot_watch *w, const char *place)
{
	if (w->spec.usb_all)
		return true;
	for (size_t i = 0; i < w->spec.n; i++)
		if (w->spec.item[i].kind == SLOT_PLACE && same_name(w->spec.item[i].text, place))
			return true;
	return false;
}

/*
 * Is there a port at path: something that is no folder (a link's target, for a link)? On
 * Windows through FindFirstFile: stat() and GetFileAttributes() fail on a device, such as a
 * pty behind a link under wine, that the folder lists and CreateFile opens.
 */
static bool port_exists(const char *path)
{
#ifdef _WIN32
	WIN32_FIND_DATAA fd;
	HANDLE h = FindFirstFileA(path, &fd);
	if (h == INVALID_HANDLE_VALUE)
		return false; /* gone, or a dangling link */
	FindClose(h);
	return !(fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY);
#else
	struct stat st;
	return !stat(path, &st) && !S_ISDIR(st.st_mode); /* not gone, dangling, or a folder */
#endif
}

/* Add name of folder dir (with its separator) when it exists and is no folder. */
static void add_entry(struct mtkfw_slot_watch *w, const char *dir, const char *name)
{
	char path[PORT_MAX];
	struct stat st;
	if ((size_t)snprintf(path, sizeof(path), "%s%s", dir, name) >= sizeof(path)) {
		slot_note(w, "a port in %s left out: its path is longer than %zu bytes", dir,
			  PORT_MAX - 1);
		return;
	}
	/* the end of a link's target (a pty closing) is no event in this folder: look again soon */
	if (!lstat(path, &st) && S_ISLNK(st.st_mode))
		w->poll = true;
	if (port_exists(path))
		slot_add(w, path, path, "", MTKFW_PORT_BROM);
}

/* Add the entries of a glob item's folder that match its glob and exist. */
static void scan_folder(struct mtkfw_slot_watch *w, const struct slot_item *it)
{
	char dir[PORT_MAX];
	const char *glob = it->text + it->prefix;
	snprintf(dir, sizeof(dir), "%.*s", (int)it->prefix, it->text);
	DIR *d = opendir(dir);
	if (!d) {
		w->poll = true;
		slot_note(w, "folder %s cannot be read (%s): looked at every %d ms", dir,
			  mtkfw_errno_text(errno), SLOT_SCAN_MS);
		return;
	}
	struct dirent *de;
	size_t seen = 0;
	while ((de = readdir(d)) != NULL) {
		if (++seen > SLOT_DIR_MAX) {
			slot_note(w, "folder %s holds more than %d entries: the rest left out", dir,
				  SLOT_DIR_MAX);
			break;
		}
		if ((de->d_name[0] != '.' || glob[0] == '.') && slot_glob_match(glob, de->d_name))
			add_entry(w, dir, de->d_name);
	}
	closedir(d);
}

/* qsort's order of slots: by id (slot_id_cmp). */
static int by_id(const void *a, const void *b)
{
	return slot_id_cmp(((const struct mtkfw_slot *)a)->id, ((const struct mtkfw_slot *)b)->id);
}

/* Sort this scan's slots by id and keep one of each id (two globs may match one path). */
static void sort_slots(struct mtkfw_slot_watch *w)
{
	qsort(w->now, w->n_now, sizeof(*w->now), by_id);
	size_t k = 0;
	for (size_t i = 0; i < w->n_now; i++)
		if (!k || strcmp(w->now[k - 1].id, w->now[i].id))
			w->now[k++] = w->now[i];
	w->n_now = k;
}

/* List the slots with a phone now into w->now, sorted; say what was left out if that changed. */
static int scan(struct mtkfw_slot_watch *w)
{
	w->n_now = w->left_out = 0;
	w->poll = false;
	w->note[0] = 0;
	int rc = w->spec.usb_any ? slot_os_usb(w) : 0;
	for (size_t i = 0; !rc && i < w->spec.n; i++)
		if (w->spec.item[i].kind == SLOT_GLOB)
			scan_folder(w, &w->spec.item[i]);
	if (rc)
		return rc;
	if (w->left_out)
		slot_note(w, "%zu slots beyond the %d listed left out", w->left_out,
			  MTKFW_SLOTS_MAX);
	sort_slots(w);
	if (strcmp(w->note, w->said)) {
		if (w->note[0])
			mtkfw_log(w->ctx, MTKFW_LOG_WARNING, "slots: %s", w->note);
		memcpy(w->said, w->note, sizeof(w->said));
	}
	return 0;
}

/* Is this scan's list the one the last wait gave? */
static bool unchanged(const struct mtkfw_slot_watch *w)
{
	if (w->n_now != w->n_last)
		return false;
	for (size_t i = 0; i < w->n_now; i++) {
		const struct mtkfw_slot *a = &w->now[i], *b = &w->last[i];
		if (strcmp(a->id, b->id) || strcmp(a->port, b->port) || strcmp(a->usb, b->usb) ||
		    a->mode != b->mode)
			return false;
	}
	return true;
}

long long slot_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- the watcher ---- */

int mtkfw_slot_watch_new(struct mtkfw_ctx *ctx, const char *spec, struct mtkfw_slot_watch **out)
{
	if (!out)
		return mtkfw_fail(ctx, MTKFW_E_INVALID_PARAM, "slots: no place for the watcher");
	*out = NULL;
	struct mtkfw_slot_watch *w = calloc(1, sizeof(*w));
	if (!w)
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "slots: out of memory");
	w->ctx = ctx;
	int rc = slot_spec_parse(ctx, spec, &w->spec);
	if (!rc && (!(w->now = calloc(MTKFW_SLOTS_MAX, sizeof(*w->now))) ||
		    !(w->last = calloc(MTKFW_SLOTS_MAX, sizeof(*w->last)))))
		rc = mtkfw_fail(ctx, MTKFW_E_NO_MEM, "slots: out of memory for %d slots",
				MTKFW_SLOTS_MAX);
	if (!rc)
		rc = slot_os_open(w);
	if (rc) {
		mtkfw_slot_watch_free(w);
		return rc;
	}
	*out = w;
	return 0;
}

int mtkfw_slot_watch_wait(struct mtkfw_slot_watch *w, unsigned timeout_ms, struct mtkfw_slot *slots,
			  size_t max, size_t *n)
{
	if (n)
		*n = 0;
	if (!w || !n || (max && !slots))
		return mtkfw_fail(
			w ? w->ctx : NULL, MTKFW_E_INVALID_PARAM,
			"slots: a wait needs its watcher, room for the list and its count");
	long long deadline = slot_now_ms() + timeout_ms;
	bool woken = false;
	int rc;
	while (!(rc = scan(w)) && w->listed && !woken && unchanged(w) && slot_now_ms() < deadline)
		woken = slot_os_sleep(w, deadline) == SLOT_WOKEN;
	slot_os_drain(w);
	if (rc)
		return rc;
	memcpy(w->last, w->now, w->n_now * sizeof(*w->now));
	w->n_last = w->n_now;
	w->listed = true;
	if (max)
		memcpy(slots, w->now, (w->n_now < max ? w->n_now : max) * sizeof(*slots));
	*n = w->n_now;
	return 0;
}

void mtkfw_slot_watch_wake(struct mtkfw_slot_watch *w)
{
	if (w)
		slot_os_wake(w);
}

void mtkfw_slot_watch_free(struct mtkfw_slot_watch *w)
{
	if (!w)
		return;
	slot_os_close(w);
	slot_spec_clear(&w->spec);
	free(w->now);
	free(w->last);
	free(w);
}

#ifndef _WIN32 /* Windows: slots_win.c */
/* ---- Linux: udev for USB, inotify for folders, an eventfd for a wake ---- */
#include <libudev.h>
#include <limits.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "mtkfw/device.h"

#define UDEV_BURST 64 /* events read at one wake-up; more pending: look anyway */
#define FOLDER_EVENTS                                                                       \
	(IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM | IN_ATTRIB | IN_DELETE_SELF | \
	 IN_MOVE_SELF)

struct slot_os {
	int wake;		  /* eventfd: mtkfw_slot_watch_wake() */
	int ino;		  /* inotify on the glob items' folders; -1: scanned instead */
	struct udev *udev;	  /* NULL: USB is scanned every SLOT_SCAN_MS */
	struct udev_monitor *mon; /* USB devices and ttys coming and going */
	struct mtkfw_port ports[MTKFW_SLOTS_MAX];
};

/* Stop listening to udev (USB is scanned from then on). */
static void udev_stop(struct slot_os *o)
{
	udev_monitor_unref(o->mon);
	udev_unref(o->udev);
	o->mon = NULL;
	o->udev = NULL;
}

/*
 * Listen to udev for USB devices and ttys coming and going; false: USB is scanned instead.
 * udev's events come only while its daemon runs, and a fake sysfs tree (MTKFW_SYSFS_ROOT,
 * the tests) has none.
 */
static bool udev_listen(struct slot_os *o)
{
	const char *fake = getenv("MTKFW_SYSFS_ROOT");
	if ((fake && *fake) || access("/run/udev/control", F_OK) || !(o->udev = udev_new()))
		return false;
	o->mon = udev_monitor_new_from_netlink(o->udev, "udev");
	if (o->mon &&
	    udev_monitor_filter_add_match_subsystem_devtype(o->mon, "usb", "usb_device") >= 0 &&
	    udev_monitor_filter_add_match_subsystem_devtype(o->mon, "tty", NULL) >= 0 &&
	    udev_monitor_enable_receiving(o->mon) >= 0)
		return true;
	udev_stop(o);
	return false;
}

int slot_os_open(struct mtkfw_slot_watch *w)
{
	struct slot_os *o = calloc(1, sizeof(*o));
	if (!o)
		return mtkfw_fail(w->ctx, MTKFW_E_NO_MEM, "slots: out of memory");
	o->ino = -1;
	w->os = o;
	if ((o->wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) < 0)
		return mtkfw_fail(w->ctx, MTKFW_E_IO, "slots: no eventfd for the wake-up (%s)",
				  mtkfw_errno_text(errno));
	bool folders = false;
	for (size_t i = 0; i < w->spec.n; i++)
		folders |= w->spec.item[i].kind == SLOT_GLOB;
	if (folders && (o->ino = inotify_init1(IN_CLOEXEC | IN_NONBLOCK)) < 0)
		mtkfw_log(w->ctx, MTKFW_LOG_WARNING,
			  "slots: no inotify (%s; fs.inotify.max_user_instances?): folders are "
			  "looked at every %d ms",
			  mtkfw_errno_text(errno), SLOT_SCAN_MS);
	if (w->spec.usb_any && !udev_listen(o))
		mtkfw_log(w->ctx, MTKFW_LOG_DEBUG,
			  "slots: no udev events: USB looked at every %d ms", SLOT_SCAN_MS);
	return 0;
}

void slot_os_close(struct mtkfw_slot_watch *w)
{
	struct slot_os *o = w->os;
	if (!o)
		return;
	udev_stop(o);
	if (o->ino >= 0)
		close(o->ino);
	if (o->wake >= 0)
		close(o->wake);
	free(o);
	w->os = NULL;
}

int slot_os_usb(struct mtkfw_slot_watch *w)
{
	struct mtkfw_port *p = w->os->ports;
	size_t n = 0;
	int rc = mtkfw_detect_ports(w->ctx, p, MTKFW_SLOTS_MAX, &n);
	if (rc)
		return rc;
	if (n > MTKFW_SLOTS_MAX) {
		w->left_out += n - MTKFW_SLOTS_MAX;
		n = MTKFW_SLOTS_MAX;
	}
	for (size_t i = 0; i < n; i++) {
		if (!slot_place_valid(p[i].usb_path)) {
			char shown[40];
			mtkfw_copy_field(shown, sizeof(shown), (const uint8_t *)p[i].usb_path,
					 strlen(p[i].usb_path));
			slot_note(w, "USB device \"%s\" left out: its name is no USB place", shown);
		} else if (slot_place_wanted(w, p[i].usb_path)) {
			slot_add(w, p[i].usb_path, p[i].tty, p[i].tty[0] ? "" : p[i].usb_path,
				 p[i].mode);
		}
	}
	return 0;
}

/*
 * Watch the glob items' folders (each time: a folder made anew is another one to watch); false
 * when one cannot be watched, so it is looked at every SLOT_SCAN_MS.
 */
static bool watch_folders(struct mtkfw_slot_watch *w)
{
	bool all = true;
	for (size_t i = 0; i < w->spec.n; i++) {
		const struct slot_item *it = &w->spec.item[i];
		char dir[PORT_MAX];
		if (it->kind != SLOT_GLOB)
			continue;
		snprintf(dir, sizeof(dir), "%.*s", (int)it->prefix, it->text);
		if (w->os->ino < 0 || inotify_add_watch(w->os->ino, dir, FOLDER_EVENTS) < 0)
			all = false;
	}
	return all;
}

/* Read what fd holds until it holds nothing (a bounded number of reads). */
static void drain(int fd)
{
	char buf[4096];
	for (int i = 0; i < 64 && read(fd, buf, sizeof(buf)) > 0; i++)
		;
}

/* Is the udev event about a MediaTek device, or can it not be told? */
static bool mediatek(struct udev_device *d)
{
	const char *product = udev_device_get_property_value(d, "PRODUCT");	/* "e8d/3/100" */
	const char *vendor = udev_device_get_property_value(d, "ID_VENDOR_ID"); /* "0e8d" */
	if (product)
		return !strncmp(product, "e8d/", 4);
	return !vendor || !strcmp(vendor, "0e8d");
}

/* Read udev's pending events: does one concern a MediaTek phone (or are there too many)? */
static bool udev_news(struct udev_monitor *mon)
{
	bool news = false;
	int i;
	for (i = 0; i < UDEV_BURST; i++) {
		struct udev_device *d = udev_monitor_receive_device(mon);
		if (!d)
			break;
		news |= mediatek(d);
		udev_device_unref(d);
	}
	return news || i == UDEV_BURST;
}

enum slot_wake slot_os_sleep(struct mtkfw_slot_watch *w, long long deadline)
{
	struct slot_os *o = w->os;
	bool rescan = !watch_folders(w) || w->poll || (w->spec.usb_any && !o->mon);
	for (;;) {
		long long left = deadline - slot_now_ms();
		if (left <= 0)
			return SLOT_TICK;
		if (left > (rescan ? SLOT_SCAN_MS : INT_MAX))
			left = rescan ? SLOT_SCAN_MS : INT_MAX;
		struct pollfd p[3] = {
			{.fd = o->wake, .events = POLLIN},
			{.fd = o->ino, .events = POLLIN},
			{.fd = o->mon ? udev_monitor_get_fd(o->mon) : -1, .events = POLLIN}};
		int r = poll(p, 3, (int)left);
		if (r < 0 && errno != EINTR) { /* cannot sleep on the fds: sleep, then look */
			poll(NULL, 0, SLOT_SCAN_MS);
			return SLOT_TICK;
		}
		if (r == 0 && rescan)
			return SLOT_TICK;
		if (p[0].revents)
			return SLOT_WOKEN;
		if (p[1].revents) {
			drain(o->ino);
			return SLOT_EVENT;
		}
		if (p[2].revents & (POLLERR | POLLHUP | POLLNVAL)) {
			/* its buffer overflowed while no wait ran, or it broke: a new monitor (or a
			 * scan every SLOT_SCAN_MS), and a look now for what was lost */
			udev_stop(o);
			udev_listen(o);
			return SLOT_EVENT;
		}
		if (p[2].revents && udev_news(o->mon))
			return SLOT_EVENT;
	}
}

void slot_os_drain(struct mtkfw_slot_watch *w)
{
	uint64_t count;
	ssize_t r = read(w->os->wake, &count, sizeof(count));
	(void)r; /* a failure is an empty counter: no wake was pending */
}

void slot_os_wake(struct mtkfw_slot_watch *w)
{
	uint64_t one = 1;
	ssize_t r = write(w->os->wake, &one, sizeof(one));
	(void)r; /* a failure is a full counter: a wake is pending anyway */
}

#endif
