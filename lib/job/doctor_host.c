/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The doctor's look at the computer (doctor_priv.h): when no download port
 * appears, the driver, ModemManager, the udev rule and what the kernel said
 * about USB devices (a MediaTek device without a port, one that failed to
 * enumerate, a preloader that shows again and again); at the port itself,
 * another program that has it open, or a user who may not open it. The
 * finding every part of the doctor tells is here too.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doctor_priv.h"
#include "kmsg.h"
#include "mtkfw/device.h"
#ifdef _WIN32
#include "detect_win.h"
#endif

/* ---- findings (every part of the doctor tells them) ---- */

void doctor_finding(struct doctor *d, const char *what, const char *level, const char *fix,
		    const char *fmt, ...)
{
	struct job_event e;
	char evidence[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(evidence, sizeof(evidence), fmt, ap);
	va_end(ap);
	d->res->findings++;
	d->res->problems += !strcmp(level, "error");
	job_event_begin(d->j, &e, MTKFW_EVENT_INFO, "finding");
	job_event_str(&e, "what", what);
	job_event_str(&e, "level", level);
	job_event_str(&e, "evidence", evidence);
	job_event_str(&e, "fix", fix);
	e.ev.fix = fix;
	job_event_message(&e, "%s %s: %s%s%s", level, what, evidence, fix ? "; " : "",
			  fix ? fix : "");
	job_event_send(d->j, &e);
}

/* ---- the computer ---- */

#ifndef _WIN32
/* The name (/proc/PID/comm) of process pid (a /proc entry's name) into comm: false when none. */
static bool proc_comm(const char *pid, char *comm, size_t n)
{
	char path[300];
	if (pid[0] < '1' || pid[0] > '9')
		return false;
	snprintf(path, sizeof(path), "/proc/%s/comm", pid);
	FILE *f = fopen(path, "r");
	bool ok = f && fgets(comm, (int)n, f);
	if (f)
		fclose(f);
	if (ok)
		comm[strcspn(comm, "\n")] = 0;
	return ok;
}

/* Is a process named name running? */
static bool running(const char *name)
{
	DIR *dir = opendir("/proc");
	struct dirent *de;
	bool found = false;
	while (dir && !found && (de = readdir(dir))) {
		char comm[64];
		found = proc_comm(de->d_name, comm, sizeof(comm)) && !strcmp(comm, name);
	}
	if (dir)
		closedir(dir);
	return found;
}

/* The udev rule mtkfw ships, where udev reads rules. */
static const char *udev_rule(void)
{
	static const char *const at[] = {"/etc/udev/rules.d/60-mtkfw.rules",
					 "/usr/lib/udev/rules.d/60-mtkfw.rules",
					 "/lib/udev/rules.d/60-mtkfw.rules"};
	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++)
		if (!access(at[i], R_OK))
			return at[i];
	return NULL;
}
#endif

void doctor_stray(struct doctor *d, unsigned vid, unsigned pid, const char *cls,
		  const char *service, unsigned long problem)
{
	const char *mode = pid == 0x0003 ? "boot ROM" : pid == 0x2000 ? "preloader" : "DA";
	bool usb_driver = !strcasecmp(service, "WinUSB") || !strcasecmp(service, "libusbK") ||
			  !strcasecmp(service, "libusb0");
	if (vid == 0 && pid == 2) /* any device may be it: the phone, or a webcam */
		doctor_finding(d, "host", "warning",
			       "another cable (a data cable, not a charging one), a USB port on "
			       "the computer itself (no hub); then the phone's USB socket",
			       "Windows lists a USB device whose descriptor it could not read "
			       "('Unknown USB Device', problem code %lu): if it is the phone, the "
			       "cable, the socket or the phone's USB lines",
			       problem);
	else if (!*service || problem == 28)
		doctor_finding(d, "host", "error",
			       "install the MediaTek USB VCOM driver (the INF of docs/windows.md), "
			       "then plug the phone in again",
			       "a MediaTek phone (0e8d:%04x, %s) is in Device Manager without a "
			       "driver (problem code %lu): it gets no COM port",
			       pid, mode, problem);
	else if (strcasecmp(cls, "Ports"))
		doctor_finding(d, "host", "error",
			       usb_driver
				       ? "mtkfw reaches it through that driver with --usb; or give "
					 "it the MediaTek USB VCOM driver back (docs/windows.md)"
				       : "give it the MediaTek USB VCOM driver (Device Manager, "
					 "Update driver; docs/windows.md)",
			       "a MediaTek phone (0e8d:%04x, %s) is bound to the driver %s (class "
			       "%s), not to a serial port's: it gets no COM port",
			       pid, mode, service, *cls ? cls : "none");
	else
		doctor_finding(d, "host", "error",
			       "reinstall the MediaTek USB VCOM driver (docs/windows.md); another "
			       "USB port",
			       "the phone's COM port (0e8d:%04x, %s, driver %s) cannot start "
			       "(problem code %lu)",
			       pid, mode, service, problem);
}

/* What the kernel said about USB devices lately, as findings (nothing when it cannot be read). */
static void kernel_findings(struct doctor *d)
{
	struct kmsg_usb k;
	if (!kmsg_usb_read(&k))
		return;
	if (k.loop >= KMSG_LOOP_SEEN)
		doctor_finding(
			d, "phone", "warning",
			"run 'mtkfw doctor --packages DIR' while it loops (mtkfw catches the "
			"preloader's port and reads lk and boot), or hold Volume Down for BROM",
			"the kernel saw a preloader (0e8d:2000) appear %u times at USB %s, each within "
			"%.0f s of the last: it looks like a boot loop (lk or boot damaged, or a "
			"battery too low to boot), unless it was plugged in again and again",
			k.loop, k.loop_place, KMSG_LOOP_GAP_S);
	if (*k.mtk_place && !*k.mtk_tty)
		doctor_finding(d, "host", "error",
			       "sudo modprobe cdc_acm, then plug the phone in again",
			       "the kernel saw a MediaTek phone (0e8d:%04x, %s mode) at USB %s but "
			       "gave it no ttyACM port",
			       k.mtk_pid, mtkfw_port_mode_name(k.mtk_mode), k.mtk_place);
	else if (*k.mtk_place)
		doctor_finding(d, "host", "ok", NULL,
			       "the kernel last saw a MediaTek device (0e8d:%04x) at USB %s, as %s",
			       k.mtk_pid, k.mtk_place, k.mtk_tty);
	if (k.fails) /* any device may have failed: the phone, or another */
		doctor_finding(
			d, "host", "warning",
			"another cable (a data cable, not a charging one), a USB port on the "
			"computer itself (no hub); then the phone's USB socket",
			"%u USB device%s failed to enumerate lately, the last at USB %s (\"%s\"): "
			"if it was the phone, the cable, the socket or the phone's USB lines",
			k.fails, k.fails == 1 ? "" : "s", k.fail_place, k.fail_what);
}

/* Why no download port appears: the host's side, each cause a finding. */
void doctor_host(struct doctor *d)
{
	struct mtkfw_port ports[8];
	size_t n = 0;
	mtkfw_detect_ports(d->j->ctx, ports, 8, &n);
	for (size_t i = 0; i < n && i < 8; i++)
		if (ports[i].tty[0])
			doctor_port(d, ports[i].tty);
		else
			doctor_finding(
				d, "host", "error",
				"load the cdc_acm driver (sudo modprobe cdc_acm), or use --usb",
				"a MediaTek phone is at USB %s (%s mode) but no serial port is bound "
				"to it",
				ports[i].usb_path, mtkfw_port_mode_name(ports[i].mode));
	size_t strays = 0;
#ifdef _WIN32
	struct mtkfw_win_stray stray[8];
	if (!mtkfw_win_mtk_strays(stray, 8, &strays))
		doctor_finding(d, "host", "warning", NULL,
			       "Device Manager could not be asked for USB devices (SetupAPI)");
	for (size_t i = 0; i < strays && i < 8; i++)
		doctor_stray(d, stray[i].vid, stray[i].pid, stray[i].cls, stray[i].service,
			     stray[i].problem);
	if (!strays)
		doctor_finding(
			d, "host", "ok", NULL,
			"Device Manager lists no MediaTek device without a working COM port");
#else
	if (access("/sys/module/cdc_acm", F_OK))
		doctor_finding(d, "host", "error", "sudo modprobe cdc_acm",
			       "the cdc_acm driver is not loaded: a phone in download mode gets no "
			       "/dev/ttyACM port");
	else
		doctor_finding(d, "host", "ok", NULL, "the cdc_acm driver is loaded");
	if (running("ModemManager"))
		doctor_finding(
			d, "host", "warning",
			"install udev/60-mtkfw.rules (it keeps ModemManager away) or stop "
			"ModemManager while flashing",
			"ModemManager is running: it probes new serial ports and can take the "
			"phone's before mtkfw does");
	const char *rule = udev_rule();
	if (rule)
		doctor_finding(d, "host", "ok", NULL, "the udev rule is installed (%s)", rule);
	else
		doctor_finding(
			d, "host", "warning",
			"sudo cp udev/60-mtkfw.rules /etc/udev/rules.d/ && sudo udevadm control "
			"--reload",
			"mtkfw's udev rule is not installed: the port may be root's only, and "
			"ModemManager may probe it");
#endif
	kernel_findings(d);
	if (!n && !strays) /* on Windows a phone without its driver is no port, but it is there */
		doctor_finding(
			d, "phone", "error",
			"power the phone off (battery in), hold Volume Down and plug it in; if "
			"nothing appears, another cable or USB port, then the test point "
			"(docs/dead-phone.md)",
			"no MediaTek phone is on USB: neither its boot ROM nor its preloader "
			"showed a port");
}

#ifndef _WIN32
/* The programs (name and pid) that have dev open, into out ("" when none); how many. */
static unsigned holders(const char *dev, char *out, size_t n)
{
	DIR *dir = opendir("/proc");
	struct dirent *de;
	unsigned found = 0;
	size_t len = 0;
	*out = 0;
	while (dir && (de = readdir(dir))) {
		char path[300], link[300];
		if (de->d_name[0] < '1' || de->d_name[0] > '9' || atoi(de->d_name) == getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%s/fd", de->d_name);
		DIR *fds = opendir(path);
		struct dirent *fe;
		bool has = false;
		while (fds && !has && (fe = readdir(fds))) {
			snprintf(path, sizeof(path), "/proc/%s/fd/%s", de->d_name, fe->d_name);
			ssize_t k = readlink(path, link, sizeof(link) - 1);
			has = k > 0 && (link[k] = 0, !strcmp(link, dev));
		}
		if (fds)
			closedir(fds);
		if (!has)
			continue;
		char comm[64];
		if (!proc_comm(de->d_name, comm, sizeof(comm)))
			snprintf(comm, sizeof(comm), "?");
		if (len < n)
			len += (size_t)snprintf(out + len, n - len, "%s%s (pid %s)",
						found ? ", " : "", comm, de->d_name);
		found++;
	}
	if (dir)
		closedir(dir);
	return found;
}
#endif

void doctor_port(struct doctor *d, const char *port)
{
#ifndef _WIN32
	char dev[4096], who[512];
	if (!port || !realpath(port, dev))
		return;
	if (access(dev, R_OK | W_OK)) {
		struct stat st;
		int e = errno;
		bool got = !stat(dev, &st);
		doctor_finding(d, "host", "error",
			       "install mtkfw's udev rule (sudo cp udev/60-mtkfw.rules "
			       "/etc/udev/rules.d/), or join the port's group (sudo usermod -aG "
			       "dialout $USER) and log in again",
			       "%s may not be opened by this user (%s; mode %03o, group %u)", dev,
			       strerror(e), got ? (unsigned)(st.st_mode & 0777) : 0,
			       got ? (unsigned)st.st_gid : 0);
	}
	unsigned n = holders(dev, who, sizeof(who));
	if (n)
		doctor_finding(
			d, "host", "warning",
			"close it while mtkfw works (ModemManager: install mtkfw's udev rule, "
			"or stop it)",
			"%s is open in another program: %s; it can take the phone's answers "
			"before mtkfw reads them",
			dev, who);
#else
	(void)d;
	(void)port;
#endif
}
