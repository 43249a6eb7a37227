/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Finding the phone through sysfs: USB devices 0e8d:0003 (BROM), 0e8d:2000
 * (preloader), 0e8d:2001 (DA), and the ttyACM node cdc_acm gave each.
 * MTKFW_SYSFS_ROOT points the scan at a fake tree for tests. On Windows the
 * list comes from SetupAPI (detect_win.c); waiting for a port is the same.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "link_priv.h"
#include "mtkfw/device.h"

#define POLL_MS 50 /* the preloader's window is ~5 s: poll well inside it */

const char *mtkfw_port_mode_name(enum mtkfw_port_mode m)
{
	static const char *const names[] = {"brom", "preloader", "da"};
	return (unsigned)m < MTKFW_ARRAY_SIZE(names) ? names[m] : "unknown";
}

bool mtkfw_port_mode_of(unsigned vid, unsigned pid, enum mtkfw_port_mode *mode)
{
	if (vid != 0x0e8d || (pid != 0x0003 && pid != 0x2000 && pid != 0x2001))
		return false;
	*mode = pid == 0x0003	? MTKFW_PORT_BROM
		: pid == 0x2000 ? MTKFW_PORT_PRELOADER
				: MTKFW_PORT_DA;
	return true;
}

#ifndef _WIN32 /* Windows: detect_win.c (SetupAPI) */
static const char *sysfs(void)
{
	const char *r = getenv("MTKFW_SYSFS_ROOT");
	return r && *r ? r : "/sys";
}

static unsigned read_hex(const char *dir, const char *name)
{
	char path[4096], buf[16] = "";
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	return (unsigned)strtoul(buf, NULL, 16);
}

/*
 * The ttyACM* of a device: under one of its interfaces, "<dev>:<cfg>.<if>/tty/". A name that
 * does not fit in n bytes after "/dev/" is no tty of ours.
 */
static void find_tty(const char *devices, const char *dev, char *tty, size_t n)
{
	DIR *d = opendir(devices);
	struct dirent *de;
	size_t len = strlen(dev);
	tty[0] = 0;
	while (d && !tty[0] && (de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, dev, len) || de->d_name[len] != ':')
			continue;
		char sub[4096];
		snprintf(sub, sizeof(sub), "%s/%s/tty", devices, de->d_name);
		DIR *t = opendir(sub);
		struct dirent *te;
		while (t && !tty[0] && (te = readdir(t)) != NULL)
			if (te->d_name[0] != '.' && strlen("/dev/") + strlen(te->d_name) < n)
				snprintf(tty, n, "/dev/%s", te->d_name);
		if (t)
			closedir(t);
	}
	if (d)
		closedir(d);
}

int mtkfw_detect_ports(struct mtkfw_ctx *ctx, struct mtkfw_port *ports, size_t max, size_t *n)
{
	char devices[4096];
	snprintf(devices, sizeof(devices), "%s/bus/usb/devices", sysfs());
	DIR *d = opendir(devices);
	struct dirent *de;
	*n = 0;
	if (!d)
		return mtkfw_fail(ctx, MTKFW_E_NO_DEVICE, "cannot list USB devices (%s)", devices);
	while ((de = readdir(d)) != NULL) {
		/* interfaces have a ':'; a name usb_path cannot hold whole is no USB device's */
		if (de->d_name[0] == '.' || strchr(de->d_name, ':') ||
		    strlen(de->d_name) >= sizeof(ports->usb_path))
			continue;
		char dir[4096];
		snprintf(dir, sizeof(dir), "%s/%s", devices, de->d_name);
		unsigned vid = read_hex(dir, "idVendor"), pid = read_hex(dir, "idProduct");
		enum mtkfw_port_mode mode;
		if (!mtkfw_port_mode_of(vid, pid, &mode))
			continue;
		if (*n < max) {
			struct mtkfw_port *p = &ports[*n];
			snprintf(p->usb_path, sizeof(p->usb_path), "%s", de->d_name);
			p->vid = (uint16_t)vid;
			p->pid = (uint16_t)pid;
			p->mode = mode;
			find_tty(devices, de->d_name, p->tty, sizeof(p->tty));
		}
		(*n)++;
	}
	closedir(d);
	return 0;
}

#endif

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int mtkfw_wait_port(struct mtkfw_ctx *ctx, const char *usb_path, unsigned wait_ms,
		    struct mtkfw_port *out)
{
	long long end = now_ms() + wait_ms;
	struct mtkfw_port ports[8];
	for (;;) {
		size_t n = 0, match = 0, at = 0;
		mtkfw_detect_ports(ctx, ports, 8, &n);
		for (size_t i = 0; i < n && i < 8; i++)
			if (!usb_path || !strcmp(usb_path, ports[i].usb_path)) {
				if (!match++)
					at = i;
			}
		if (match > 1) {
			char list[256] = "";
			for (size_t i = 0; i < n && i < 8; i++) {
				size_t l = strlen(list);
				snprintf(list + l, sizeof(list) - l, "%s%s (%s, %s)", l ? ", " : "",
					 ports[i].usb_path, mtkfw_port_mode_name(ports[i].mode),
					 ports[i].tty[0] ? ports[i].tty : "no tty");
			}
			return mtkfw_fail(ctx, MTKFW_E_AMBIGUOUS,
					  "%zu MediaTek phones are connected: %s; choose one with "
					  "--port /dev/ttyACMn or --usb PATH",
					  match, list);
		}
		if (match == 1 && (ports[at].tty[0] || now_ms() >= end)) {
			*out = ports[at];
			return 0;
		}
		if (now_ms() >= end)
			return mtkfw_fail(
				ctx, MTKFW_E_NO_DEVICE,
				"no MediaTek phone found%s%s. Power the phone off, hold Volume "
				"Down and plug it in (BROM mode), or plug it in without keys "
				"and mtkfw catches the preloader's ~5 s window; a dead phone "
				"may need its test point shorted to ground while plugging in",
				usb_path ? " at USB " : "", usb_path ? usb_path : "");
		usleep(POLL_MS * 1000);
	}
}
