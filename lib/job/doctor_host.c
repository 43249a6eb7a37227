/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The doctor's look at the computer (doctor_priv.h): when no download port
 * appears, the driver, ModemManager, the udev rule and what the kernel said
 * about USB devices (a MediaTek device without a port, one that failed to
 * enumerate, a preloader that shows again and again); at the port itself,
 * another program that has it open, or a user who may not open it.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doctor_priv.h"
#include "kmsg.h"
#include "mtkfw/device.h"

#ifndef _WIN32
/* Is a process named name running (its /proc/PID/comm)? */
static bool running(const char *name)
{
	DIR *dir = opendir("/proc");
	struct dirent *de;
	bool found = false;
	while (dir && !found && (de = readdir(dir))) {
		char path[300], comm[64] = "";
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", de->d_name);
		FILE *f = fopen(path, "r");
		if (f && fgets(comm, sizeof(comm), f))
			found = !strncmp(comm, name, strlen(name)) && comm[strlen(name)] == '\n';
		if (f)
			fclose(f);
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

/* What the kernel said about USB devices lately, as findings (nothing when it cannot be read). */
static void kernel_findings(struct doctor *d)
{
	struct kmsg_usb k;
	if (!kmsg_usb_read(&k))
		return;
	if (k.preloader_seen >= KMSG_LOOP_SEEN)
		doctor_finding(
			d, "phone", "error",
			"run 'mtkfw doctor --packages DIR' while it loops (mtkfw catches the "
			"preloader's port and reads lk and boot), or hold Volume Down for BROM",
			"the kernel saw the phone's preloader (0e8d:2000) appear %u times at USB %s "
			"in the last %.0f minutes: a boot loop (lk or boot damaged, or a battery "
			"too low to boot)",
			k.preloader_seen, k.mtk_place, KMSG_RECENT_S / 60);
	if (*k.mtk_place && !*k.mtk_tty)
		doctor_finding(
			d, "host", "error", "sudo modprobe cdc_acm, then plug the phone in again",
			"the kernel saw a MediaTek device (0e8d:%04x, %s) at USB %s but gave "
			"it no ttyACM port",
			k.mtk_pid, k.mtk_pid == 0x2000 ? "preloader" : "boot ROM", k.mtk_place);
	else if (*k.mtk_place)
		doctor_finding(d, "host", "ok", NULL,
			       "the kernel last saw a MediaTek device (0e8d:%04x) at USB %s, as %s",
			       k.mtk_pid, k.mtk_place, k.mtk_tty);
	if (k.fails)
		doctor_finding(
			d, "host", "error",
			"another cable (a data cable, not a charging one), a USB port on the "
			"computer itself (no hub); then the phone's USB socket",
			"%u USB device%s failed to enumerate lately, the last at USB %s (\"%s\"): "
			"the cable, the socket or the phone's USB lines",
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
#ifdef _WIN32
	doctor_finding(d, "host", "warning",
		       "Device Manager: a MediaTek device under 'Other devices' needs the INF of "
		       "docs/windows.md",
		       "no COM port of a MediaTek phone is there");
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
	if (!n)
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
		char comm[64] = "?";
		snprintf(path, sizeof(path), "/proc/%s/comm", de->d_name);
		FILE *f = fopen(path, "r");
		if (f && fgets(comm, sizeof(comm), f))
			comm[strcspn(comm, "\n")] = 0;
		if (f)
			fclose(f);
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
