/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The virtual phone on a pseudo-terminal (docs/protocol.md 4). The host opens
 * the slave like a /dev/ttyACM port; the device side polls the master:
 * POLLHUP means no host has the port open (cable out), its end means a host
 * opened it (plugged in). While nobody has it open the server sleeps in
 * inotify on the slave, which wakes it the moment a host opens the port: real
 * hosts write A0 at once and wait only ~20 ms for each answer. Output is written non-blocking as
 * soon as it is ready, straight from the device's queue, in as few writes as the pty takes; while
 * the host has yet to take it, the device works ahead. A device-side disconnect (fault, reboot,
 * watchdog) closes the master and comes back on a new pty, the --link symlink following it, like a
 * phone re-enumerating.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "emu_priv.h"

#define OUT_CHUNK	(1u << 20)
#define IDLE_POLL_MS	20   /* no host: how often to look for one (inotify wakes sooner) */
#define REPLUG_DELAY_MS 300  /* a rebooting phone is gone this long */
#define REBOOT_GRACE_MS 1000 /* a real phone takes longer than this to drop off USB */

struct server {
	struct mtkfw_emu *e;
	int master;
	int opened; /* inotify: the slave was opened (-1 when unavailable) */
	bool connected;
	bool had_host;	 /* a host opened the port since it appeared: download mode holds */
	double shown_at; /* when the port appeared */
	double burst_start;
	uint64_t burst_bytes;
};

/* A new pty in raw mode; the symlink (if any) is switched to it atomically. */
static int open_pty(struct server *s, const char *link, bool print, char *err, size_t errlen)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (m < 0 || grantpt(m) || unlockpt(m)) {
		emu_errf(err, errlen, "cannot create a pseudo-terminal: %s", strerror(errno));
		if (m >= 0)
			close(m);
		return -1;
	}
	const char *slave = ptsname(m);
	int sfd = slave ? open(slave, O_RDWR | O_NOCTTY | O_CLOEXEC) : -1;
	struct termios t;
	if (sfd >= 0 && !tcgetattr(sfd, &t)) {
		cfmakeraw(&t);
		tcsetattr(sfd, TCSANOW, &t);
	}
	if (sfd >= 0)
		close(sfd);
	if (s->opened >= 0)
		close(s->opened);
	s->opened = slave ? inotify_init1(IN_NONBLOCK | IN_CLOEXEC) : -1;
	if (s->opened >= 0 && inotify_add_watch(s->opened, slave, IN_OPEN) < 0) {
		close(s->opened);
		s->opened = -1;
	}
	if (link) {
		/* made beside it under a hidden name (no ttyACM* glob matches it), then renamed */
		char tmp[4096];
		const char *base = strrchr(link, '/');
		base = base ? base + 1 : link;
		snprintf(tmp, sizeof(tmp), "%.*s.%s.tmp%d", (int)(base - link), link, base,
			 (int)getpid());
		unlink(tmp);
		if (symlink(slave, tmp) || rename(tmp, link)) {
			emu_errf(err, errlen, "cannot make the link %s: %s", link, strerror(errno));
			close(m);
			return -1;
		}
	}
	if (print) {
		printf("%s\n", slave);
		fflush(stdout);
	}
	s->master = m;
	s->connected = false;
	return 0;
}

/* No host yet: wait until one opens the port (inotify), or IDLE_POLL_MS at most. */
static void wait_for_host(struct server *s)
{
	struct pollfd p = {s->opened, POLLIN, 0};
	uint8_t ev[512];
	if (s->opened < 0) {
		usleep(IDLE_POLL_MS * 1000);
		return;
	}
	if (poll(&p, 1, IDLE_POLL_MS) > 0)
		while (read(s->opened, ev, sizeof(ev)) > 0)
			;
}

/* Bytes a host wrote before it hung up are not for the next host: a re-plug starts clean. */
static void drain_input(struct server *s)
{
	uint8_t buf[4096];
	while (read(s->master, buf, sizeof(buf)) > 0)
		;
}

/*
 * Keep the bytes the link carries, both ways, at the configured link speed (the
 * hub's share apart): USB 2.0 is one half-duplex bus, what the host sends takes
 * its time from what the phone sends.
 */
static void pace(struct server *s, size_t n)
{
	double mbps = s->e->cfg.link_mbps;
	if (mbps <= 0)
		return;
	double now = emu_now();
	if (now - s->burst_start > 0.5) {
		s->burst_start = now;
		s->burst_bytes = 0;
	}
	s->burst_bytes += n;
	double ahead = (double)s->burst_bytes / (mbps * 1e6) - (now - s->burst_start);
	if (ahead > 0)
		usleep((useconds_t)(ahead * 1e6));
}

/* Write what the device has to say; what the pty cannot take yet stays queued. */
static void flush_out(struct server *s)
{
	const void *p;
	size_t n;
	while ((n = mtkfw_emu_peek(s->e, &p)) > 0) {
		ssize_t w = write(s->master, p, n < OUT_CHUNK ? n : OUT_CHUNK);
		if (w <= 0)
			return; /* EAGAIN: the host has not read yet */
		mtkfw_emu_consume(s->e, (size_t)w);
		pace(s, (size_t)w);
		emu_link_carried(s->e, (size_t)w);
	}
}

static void read_in(struct server *s)
{
	uint8_t buf[1 << 16];
	ssize_t n;
	while ((n = read(s->master, buf, sizeof(buf))) > 0) {
		pace(s, (size_t)n); /* the link and the hub carry the host's bytes too */
		emu_link_carried(s->e, (size_t)n);
		mtkfw_emu_feed(s->e, buf, (size_t)n);
		flush_out(s);
	}
}

/* Did a host open the port since the last poll said nobody had it? */
static bool host_came(const struct server *s)
{
	struct pollfd p = {s->master, POLLIN, 0};
	return poll(&p, 1, 0) >= 0 && !(p.revents & POLLHUP);
}

/* Has a preloader's download window passed with no host (cfg.boot_window_ms)? */
static bool window_closed(const struct server *s)
{
	const struct mtkfw_emu_config *c = &s->e->cfg;
	return c->mode == MTKFW_EMU_PRELOADER && c->boot_window_ms && !s->had_host &&
	       emu_now() - s->shown_at > c->boot_window_ms / 1000.0;
}

/* One poll round, after a slice of work ahead. Returns 1 when the device dropped the link. */
static int serve_once(struct server *s)
{
	struct pollfd p = {s->master, POLLIN, 0};
	bool ahead = s->connected && mtkfw_emu_work_ahead(s->e);
	if (mtkfw_emu_pending(s->e))
		p.events |= POLLOUT;
	unsigned stall = mtkfw_emu_stall_ms(s->e);
	int timeout = ahead ? 0 : stall && stall < 50 ? (int)stall : 50;
	if (poll(&p, 1, timeout) < 0 && errno != EINTR)
		return -1;
	if (p.revents & POLLHUP) { /* nobody has the port open */
		if (s->connected) {
			s->connected = false;
			drain_input(s);
			mtkfw_emu_disconnect(s->e);
		}
		if (window_closed(s) && !host_came(s)) {
			mtkfw_emu_boot_on(s->e);
			return 1;
		}
		wait_for_host(s);
		return 0;
	}
	if (!s->connected) {
		s->connected = s->had_host = true;
		mtkfw_emu_connect(s->e);
	}
	if (p.revents & POLLIN)
		read_in(s);
	mtkfw_emu_tick(s->e);
	flush_out(s);
	return mtkfw_emu_gone(s->e) ? 1 : 0;
}

int mtkfw_emu_serve_pty(struct mtkfw_emu *e, const char *link, bool print_path, atomic_bool *stop,
			char *err, size_t errlen)
{
	struct server s = {.e = e, .master = -1, .opened = -1};
	int r = 0;
	while (!*stop && !(r = open_pty(&s, link, print_path, err, errlen))) {
		s.shown_at = emu_now();
		s.had_host = false;
		while (!*stop && (r = serve_once(&s)) == 0)
			;
		/* A rebooting phone answered FINISH: give the host time to read it. */
		for (int i = 0; mtkfw_emu_rebooting(e) && i < REBOOT_GRACE_MS / 10; i++) {
			struct pollfd p = {s.master, 0, 0};
			flush_out(&s);
			if (poll(&p, 1, 10) > 0 && (p.revents & POLLHUP))
				break;
		}
		if (link) /* the port vanishes as a re-plugged phone's does: first its name, */
			unlink(link); /* so that no host opens a freed pty another process reuses */
		close(s.master);      /* then the device itself */
		s.master = -1;
		if (s.opened >= 0)
			close(s.opened);
		s.opened = -1;
		if (r < 0) {
			emu_errf(err, errlen, "poll on the pseudo-terminal failed: %s",
				 strerror(errno));
			break;
		}
		r = 0;
		if (mtkfw_emu_booted_android(e))
			break; /* out of download mode for good: no port comes back */
		usleep(REPLUG_DELAY_MS * 1000);
	}
	return r;
}
