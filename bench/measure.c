/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * measure CMD [ARGS...]: run a command with stdout to /dev/null and print
 * "<wall seconds> <peak RSS KiB> <exit status> <CPU seconds>" on stderr (CPU:
 * user and system time of the command and the children it waited for). The bench scripts
 * use it so timings and memory come from the same run, without GNU time.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: measure CMD [ARGS...]\n");
		return 64;
	}
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		dup2(fd, 1);
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	int st = 0;
	struct rusage ru;
	if (pid < 0 || wait4(pid, &st, 0, &ru) < 0)
		return 70;
	clock_gettime(CLOCK_MONOTONIC, &b);
	double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
		     (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	fprintf(stderr, "%.6f %ld %d %.3f\n", s, ru.ru_maxrss, WIFEXITED(st) ? WEXITSTATUS(st) : -1,
		cpu);
	return 0;
}
