/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Progress drawing, kept out of the library (ARCHITECTURE.md, "House rules"). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "progress.h"

double cli_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_init(struct cli_progress *p, const char *label, bool json, bool quiet)
{
	memset(p, 0, sizeof(*p));
	p->label = label;
	p->json = json;
	p->quiet = quiet;
	p->tty = isatty(STDERR_FILENO);
	p->start = cli_now();
	p->last_pct = -1;
}

static void draw_tty(struct cli_progress *p, double now)
{
	char a[32], b[32];
	double el = now - p->start, rate = el > 0 ? (double)p->done / el : 0;
	int pct = p->total ? (int)(100.0 * (double)p->done / (double)p->total) : 0;
	int width = 30,
	    fill = p->total ? (int)((double)width * (double)p->done / (double)p->total) : 0;
	char bar[64];
	for (int i = 0; i < width; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[width] = 0;
	double eta = rate > 0 && p->total > p->done ? (double)(p->total - p->done) / rate : 0;
	fprintf(stderr, "\r%-10s [%s] %3d%% %s / %s  %.1f MB/s  ETA %02d:%02d ", p->label, bar, pct,
		cli_size(a, sizeof(a), p->done), cli_size(b, sizeof(b), p->total), rate / 1e6,
		(int)eta / 60, (int)eta % 60);
}

int cli_progress_cb(void *user, uint64_t done, uint64_t total)
{
	struct cli_progress *p = user;
	p->done = done;
	p->total = total;
	if (p->quiet)
		return 0;
	double now = cli_now();
	if (p->json) {
		if (now - p->last_draw < 0.2 && done != total)
			return 0;
		p->last_draw = now;
		printf("{\"event\": \"progress\", \"step\": \"%s\", \"done\": %llu, \"total\": "
		       "%llu}\n",
		       p->label, (unsigned long long)done, (unsigned long long)total);
		fflush(stdout);
		return 0;
	}
	if (p->tty) {
		if (now - p->last_draw >= 0.1 || done == total) {
			p->last_draw = now;
			draw_tty(p, now);
		}
		return 0;
	}
	int pct = total ? (int)(100 * done / total) : 0;
	if (now - p->start < 1.0) /* short operations print no progress lines */
		return 0;
	if (pct / 10 != p->last_pct / 10) {
		p->last_pct = pct;
		fprintf(stderr, "%s: %d%%\n", p->label, pct);
	}
	return 0;
}

void cli_progress_done(struct cli_progress *p)
{
	if (p->quiet || p->json)
		return;
	if (p->tty && p->last_draw > 0) {
		draw_tty(p, cli_now());
		fputc('\n', stderr);
	}
}
