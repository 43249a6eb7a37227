/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The kernel's messages about USB devices (kmsg.h): each line cut to a
 * bounded copy, its time read from the record's prefix, and the few sentences
 * the USB core and cdc_acm say about a device matched by their words.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kmsg.h"
#include "link_priv.h"

#define LINE_MAX_KEPT 512 /* a USB message is shorter; longer lines are cut */

/* The text after prefix up to ':' or a space, into out: false when msg does not start so. */
static bool place_of(const char *msg, const char *prefix, char *out, size_t n)
{
	size_t k = strlen(prefix), i = 0;
	if (strncmp(msg, prefix, k))
		return false;
	for (msg += k; msg[i] && msg[i] != ':' && msg[i] != ' ' && i + 1 < n; i++)
		out[i] = msg[i];
	out[i] = 0;
	return i > 0;
}

/* The four hex digits after key in msg, or -1. */
static long hex4_after(const char *msg, const char *key)
{
	const char *p = strstr(msg, key);
	if (!p)
		return -1;
	p += strlen(key);
	long v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		int d = c >= '0' && c <= '9'   ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10
					       : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* Does the USB core's message say a device failed to enumerate? */
static bool enum_failure(const char *msg)
{
	static const char *const words[] = {"device descriptor read", "not accepting address",
					    "unable to enumerate", "can't set config"};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strstr(msg, words[i]))
			return true;
	return false;
}

/*
 * A MediaTek device appeared at place (time t, or -1): a download port (boot ROM, preloader, DA)
 * is the last one seen; a preloader again at the same place within KMSG_LOOP_GAP_S of its last
 * appearance lengthens that place's run (a boot loop), anything else there ends the run.
 */
static void mtk_appeared(struct kmsg_usb *out, const char *place, long pid, double t)
{
	enum mtkfw_port_mode mode;
	size_t i = 0, oldest = 0;
	while (i < KMSG_PLACES && strcmp(out->runs[i].place, place)) {
		if (out->runs[i].at < out->runs[oldest].at || !*out->runs[i].place)
			oldest = i;
		i++;
	}
	if (i == KMSG_PLACES && pid == 0x2000) { /* a new place: it takes the oldest's entry */
		i = oldest;
		snprintf(out->runs[i].place, sizeof(out->runs[i].place), "%s", place);
		out->runs[i].run = 0;
		out->runs[i].at = -1;
	}
	if (i < KMSG_PLACES) {
		struct kmsg_run *r = &out->runs[i];
		bool soon = t >= 0 && r->at >= 0 && t - r->at <= KMSG_LOOP_GAP_S;
		r->run = pid != 0x2000 ? 0 : soon ? r->run + 1 : 1;
		r->at = t;
		if (r->run > out->loop) {
			out->loop = r->run;
			snprintf(out->loop_place, sizeof(out->loop_place), "%s", place);
		}
	}
	if (pid < 0 || !mtkfw_port_mode_of(0x0e8d, (unsigned)pid, &mode))
		return; /* a phone running Android, a MediaTek Bluetooth chip: no download port */
	snprintf(out->mtk_place, sizeof(out->mtk_place), "%s", place);
	out->mtk_pid = (unsigned)pid;
	out->mtk_mode = mode;
	out->mtk_seen++;
	out->mtk_at = t;
	*out->mtk_tty = 0; /* a port for this appearance is told after it */
}

/* One message (NUL-terminated, its time t or -1 when unknown) added to out. */
static void scan_message(const char *msg, double t, struct kmsg_usb *out)
{
	char place[32];
	if (place_of(msg, "usb ", place, sizeof(place))) {
		const char *rest = msg + 4 + strlen(place);
		if (strstr(rest, "New USB device found") &&
		    hex4_after(rest, "idVendor=") == 0x0e8d) {
			mtk_appeared(out, place, hex4_after(rest, "idProduct="), t);
		} else if (enum_failure(rest)) {
			snprintf(out->fail_place, sizeof(out->fail_place), "%s", place);
			snprintf(out->fail_what, sizeof(out->fail_what), "%s",
				 rest[0] == ':' ? rest + 1 + (rest[1] == ' ') : rest);
			out->fails++;
			out->fail_at = t;
		}
	} else if (place_of(msg, "cdc_acm ", place, sizeof(place)) && *out->mtk_place &&
		   !strcmp(place, out->mtk_place)) {
		const char *tty = strstr(msg, "ttyACM");
		size_t i = 0;
		while (tty && tty[i] && tty[i] != ':' && tty[i] != ' ' &&
		       i + 1 < sizeof(out->mtk_tty))
			i++;
		if (tty && i) {
			memcpy(out->mtk_tty, tty, i);
			out->mtk_tty[i] = 0;
		}
	}
}

/* A time a kernel message may carry: seconds since boot, finite and not negative. */
static bool time_ok(double t)
{
	return t >= 0 && t < 1e12; /* false for NaN too */
}

/* The message of one line and its time (-1: none told): a /dev/kmsg record, a dmesg line, or the
 * bare text; NULL when its time is no time. */
static const char *split_line(const char *line, double *t)
{
	*t = -1;
	if (line[0] == '[') { /* dmesg: "[   12.345678] text" */
		char *end;
		double v = strtod(line + 1, &end);
		if (*end == ']') {
			*t = v;
			return time_ok(v) ? end[1] == ' ' ? end + 2 : end + 1 : NULL;
		}
		return line;
	}
	const char *semi = strchr(line, ';'), *c1 = strchr(line, ',');
	if (!semi || !c1 || c1 > semi || line[0] < '0' || line[0] > '9')
		return line;
	const char *c2 = strchr(c1 + 1, ','); /* "pri,seq,usec,flags;text" */
	if (c2 && c2 < semi) {
		char *end;
		double us = strtod(c2 + 1, &end);
		if (end > c2 + 1 && end <= semi) {
			*t = us / 1e6;
			if (!time_ok(*t))
				return NULL;
		}
	}
	return semi + 1;
}

void kmsg_usb_scan(const char *text, size_t n, double since, struct kmsg_usb *out)
{
	char line[LINE_MAX_KEPT];
	size_t i = 0;
	while (i < n) {
		size_t k = 0, start = i;
		while (i < n && text[i] != '\n') {
			if (k + 1 < sizeof(line))
				line[k++] = text[i] ? text[i] : ' ';
			i++;
		}
		line[k] = 0;
		i++;			      /* the newline */
		if (text[start] == ' ' || !k) /* a record's continuation (SUBSYSTEM=...) */
			continue;
		double t;
		const char *msg = split_line(line, &t);
		if (msg && (t < 0 || t >= since))
			scan_message(msg, t, out);
	}
}

#ifdef __linux__
/* Scan the lines of buf[0..*n) that are whole (all when full or at the end), keeping the rest. */
static void scan_whole(char *buf, size_t *n, size_t cap, bool end, double since,
		       struct kmsg_usb *out)
{
	size_t upto = *n;
	if (!end && *n < cap)
		while (upto && buf[upto - 1] != '\n')
			upto--;
	kmsg_usb_scan(buf, upto, since, out);
	memmove(buf, buf + upto, *n - upto);
	*n -= upto;
}

#endif

bool kmsg_usb_read(struct kmsg_usb *out)
{
	memset(out, 0, sizeof(*out));
#ifdef __linux__
	struct timespec now;
	const char *path = getenv("MTKFW_KMSG"); /* tests: a file of records instead */
	int fd = open(path && *path ? path : "/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || clock_gettime(CLOCK_MONOTONIC, &now)) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	double since = (double)now.tv_sec + now.tv_nsec / 1e9 - KMSG_RECENT_S;
	char buf[16384];
	size_t n = 0;
	for (;;) { /* /dev/kmsg: one record per read, from the oldest kept; a file: its bytes */
		ssize_t r = read(fd, buf + n, sizeof(buf) - n);
		if (r < 0 && (errno == EPIPE || errno == EINTR)) /* EPIPE: overwritten meanwhile */
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
		scan_whole(buf, &n, sizeof(buf), false, since, out);
	}
	scan_whole(buf, &n, sizeof(buf), true, since, out);
	close(fd);
	return true;
#else
	return false;
#endif
}
