/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ptyrate MIB [CHUNK]: the raw rate of a pseudo-terminal on this machine, the
 * link mtkfw and mtkfw-emu share in the bench. A pty in raw mode as the
 * emulator makes it; MIB mebibytes are pushed each way in CHUNK-byte writes
 * (default 1 MiB, the size of a DA read/write packet) with nothing else done,
 * read once with blocking reads and once with poll + non-blocking reads (how
 * mtkfw's serial backend reads). Prints "<device-to-host MB/s> <host-to-device
 * MB/s>" for each of the two ways on one line: four samples of the link's rate.
 * This machine's pty jumps between two rates (~140 and ~400 MB/s) for seconds
 * at a time, so the bench takes the median of several such samples; the better
 * of two would count a fast spell twice as often as a device run meets one.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Write total bytes to fd in chunks. */
static int pump_out(int fd, size_t total, size_t chunk, const char *buf)
{
	for (size_t done = 0; done < total;) {
		size_t k = total - done < chunk ? total - done : chunk;
		ssize_t n = write(fd, buf, k);
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

/* Read total bytes from fd; with use_poll, non-blocking reads and poll when empty. */
static int pump_in(int fd, size_t total, char *buf, size_t cap, int use_poll)
{
	int flags = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, use_poll ? flags | O_NONBLOCK : flags & ~O_NONBLOCK);
	for (size_t done = 0; done < total;) {
		ssize_t n = read(fd, buf, cap);
		if (n < 0 && use_poll && errno == EAGAIN) {
			struct pollfd p = {fd, POLLIN, 0};
			poll(&p, 1, 1000);
			continue;
		}
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	fcntl(fd, F_SETFL, flags);
	return 0;
}

/* One direction: the writer in a child, the reader here, timed from first to last byte. */
static double one_way(int wfd, int rfd, size_t total, size_t chunk, char *buf, int use_poll)
{
	double t0 = now();
	pid_t pid = fork();
	if (pid == 0)
		_exit(pump_out(wfd, total, chunk, buf) ? 1 : 0);
	int st = 0;
	if (pid < 0 || pump_in(rfd, total, buf, chunk, use_poll) || waitpid(pid, &st, 0) < 0 || st)
		return -1;
	return (double)total / (now() - t0) / 1e6;
}

int main(int argc, char **argv)
{
	size_t total = (size_t)(argc > 1 ? atol(argv[1]) : 1024) << 20;
	size_t chunk = argc > 2 ? (size_t)atol(argv[2]) : 1u << 20;
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || grantpt(m) || unlockpt(m) || !chunk)
		return perror("pty"), 1;
	int s = open(ptsname(m), O_RDWR | O_NOCTTY);
	struct termios t;
	if (s < 0 || tcgetattr(s, &t))
		return perror("slave"), 1;
	cfmakeraw(&t);
	tcsetattr(s, TCSANOW, &t);
	tcgetattr(m, &t);
	cfmakeraw(&t);
	tcsetattr(m, TCSANOW, &t);
	char *buf = malloc(chunk);
	if (!buf)
		return 1;
	memset(buf, 0xA5, chunk);
	double down = one_way(m, s, total, chunk, buf, 0), up = one_way(s, m, total, chunk, buf, 0);
	double down_p = one_way(m, s, total, chunk, buf, 1),
	       up_p = one_way(s, m, total, chunk, buf, 1);
	printf("%.1f %.1f %.1f %.1f\n", down, up, down_p, up_p);
	return down < 0 || up < 0 || down_p < 0 || up_p < 0;
}
