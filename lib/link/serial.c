/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Serial backend: a phone's CDC-ACM port (/dev/ttyACM*) or mtkfw-emu's
 * pseudo-terminal, in raw mode. Reads and writes are non-blocking with poll
 * so every wait has a bound. Output is never flushed after a write: on a pty
 * tcflush(TCOFLUSH) throws away bytes not yet moved to the other side
 * (docs/protocol.md 4).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "mtkfw/transport.h"

#define REOPEN_WAIT_MS	 3000 /* a port that re-enumerates comes back within this */
#define REOPEN_SETTLE_MS 100  /* closed long enough for the phone to see it */

struct serial {
	struct mtkfw_ctx *ctx;
	char *path;
	int fd;
	bool drained; /* the last read emptied the port: wait before reading again */
};

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A sentence for a failed open, with the usual fix. */
static int open_error(struct mtkfw_ctx *ctx, const char *path, int err)
{
	if (err == EACCES || err == EPERM)
		return mtkfw_fail(ctx, MTKFW_E_PERMISSION,
				  "cannot open %s: permission denied. Install the udev rule "
				  "(sudo cp udev/60-mtkfw.rules /etc/udev/rules.d/ && sudo udevadm "
				  "control --reload) or add yourself to the 'dialout' group, then "
				  "re-plug the phone",
				  path);
	if (err == ENOENT || err == ENXIO || err == ENODEV)
		return mtkfw_fail(ctx, MTKFW_E_NO_DEVICE,
				  "%s does not exist: the phone is not connected (or left its "
				  "download mode); power it off, hold Volume Down and plug it in",
				  path);
	if (err == EBUSY)
		return mtkfw_fail(
			ctx, MTKFW_E_PERMISSION,
			"%s is busy: another program (ModemManager?) has it open; the udev "
			"rule in udev/60-mtkfw.rules makes ModemManager ignore the phone",
			path);
	return mtkfw_fail(ctx, MTKFW_E_IO, "cannot open %s: %s", path, mtkfw_errno_text(err));
}

/* Open and configure: raw 8N1 at 921600 (ignored by CDC-ACM and ptys), no flow control. */
static int serial_open_fd(struct serial *s)
{
	int fd = open(s->path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return open_error(s->ctx, s->path, errno);
	struct termios t;
	if (!tcgetattr(fd, &t)) {
		cfmakeraw(&t);
		t.c_cflag |= CLOCAL | CREAD;
		t.c_cflag &= ~(tcflag_t)CRTSCTS;
		t.c_cc[VMIN] = 1; /* with O_NONBLOCK: EAGAIN when empty; 0 would mean hang-up */
		t.c_cc[VTIME] = 0;
		cfsetispeed(&t, B921600);
		cfsetospeed(&t, B921600);
		tcsetattr(fd, TCSANOW, &t);
	}
	ioctl(fd, TIOCEXCL); /* one host at a time */
	int bits = TIOCM_RTS | TIOCM_DTR;
	ioctl(fd, TIOCMBIS, &bits);
	s->fd = fd;
	return 0;
}

/*
 * Read what is there, waiting up to timeout_ms for the first byte. A read
 * that emptied the port is followed by poll first, not by a read that would
 * only say EAGAIN: one system call less for every 4 KiB a tty delivers.
 */
static int serial_read(void *impl, void *buf, size_t len, unsigned timeout_ms, size_t *got)
{
	struct serial *s = impl;
	long long end = now_ms() + timeout_ms;
	for (;;) {
		if (s->drained) {
			long long left = end - now_ms();
			struct pollfd p = {s->fd, POLLIN, 0};
			int r = poll(&p, 1, left > 0 ? (int)left : 0);
			if (r > 0 && (p.revents & (POLLHUP | POLLERR)) && !(p.revents & POLLIN))
				return MTKFW_E_DISCONNECTED;
			if (r == 0)
				return MTKFW_E_TIMEOUT;
		}
		ssize_t n = read(s->fd, buf, len);
		s->drained = n < (ssize_t)len;
		if (n > 0) {
			*got = (size_t)n;
			return 0;
		}
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			return n == 0 || errno == EIO || errno == ENXIO ? MTKFW_E_DISCONNECTED
									: MTKFW_E_IO;
		if (end - now_ms() <= 0)
			return MTKFW_E_TIMEOUT;
	}
}

static int serial_write(void *impl, const void *buf, size_t len, unsigned timeout_ms, size_t *sent)
{
	struct serial *s = impl;
	const uint8_t *p = buf;
	long long end = now_ms() + timeout_ms;
	while (*sent < len) {
		ssize_t n = write(s->fd, p + *sent, len - *sent);
		if (n > 0) {
			*sent += (size_t)n;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return errno == EIO || errno == ENXIO ? MTKFW_E_DISCONNECTED : MTKFW_E_IO;
		long long left = end - now_ms();
		if (left <= 0)
			return MTKFW_E_TIMEOUT;
		struct pollfd pf = {s->fd, POLLOUT, 0};
		if (poll(&pf, 1, (int)left) > 0 && (pf.revents & (POLLHUP | POLLERR)))
			return MTKFW_E_DISCONNECTED;
	}
	return 0;
}

/* Close, then open the same path again, waiting for it to come back. */
static int serial_reopen(void *impl)
{
	struct serial *s = impl;
	close(s->fd);
	s->fd = -1;
	usleep(REOPEN_SETTLE_MS * 1000);
	long long end = now_ms() + REOPEN_WAIT_MS;
	int r;
	do {
		r = serial_open_fd(s);
		if (!r)
			return 0;
		usleep(50 * 1000);
	} while (now_ms() < end);
	return r;
}

static void serial_close(void *impl)
{
	struct serial *s = impl;
	if (s->fd >= 0)
		close(s->fd);
	free(s->path);
	free(s);
}

static const struct mtkfw_transport_ops serial_ops = {
	.name = "serial",
	.read = serial_read,
	.write = serial_write,
	.reopen = serial_reopen,
	.close = serial_close,
};

int mtkfw_serial_open(struct mtkfw_ctx *ctx, const char *path, struct mtkfw_transport **out)
{
	struct serial *s = calloc(1, sizeof(*s));
	if (!s || !(s->path = mtkfw_strdup(path))) {
		free(s);
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	}
	s->ctx = ctx;
	s->fd = -1;
	int r = serial_open_fd(s);
	if (!r)
		r = mtkfw_transport_new(ctx, &serial_ops, s, out);
	if (r)
		serial_close(s);
	return r;
}
