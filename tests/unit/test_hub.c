/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The USB hub the phones of a station share (issue 23; docs/emulator.md,
 * "A shared hub"). Its accounting is checked at instants the test chooses:
 * n bytes take n / rate, a slice begins where the last one ended or, after
 * idle time, at most one burst back, and slices reserved through several
 * mappings of one file, from several threads, never overlap. Then two
 * in-process phones read at once through one hub, and then two phones in two
 * processes (each opening the file itself): together they may not carry more
 * than its rate (a ratio against the limit, not a timing). Last, mtkfw-emu's
 * options refuse what cannot work.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mtkfw_emu.h"
#include "testutil.h"

#define RATE	 8000000ull /* bytes a second: 8 MB/s */
#define BURST	 (1ull << 20)
#define BURST_NS 131072000ull /* 1 MiB at 8 MB/s */
#define SEC	 1000000000ull
#define T	 (1000 * SEC) /* an instant the test chooses */

/* A path in the suite's folder (the last eight stay valid: a config may hold several). */
static const char *at(const char *name)
{
	static char paths[8][4096];
	static unsigned n;
	char *path = paths[n++ % 8];
	snprintf(path, sizeof(paths[0]), "%s/%s", tu_dir, name);
	return path;
}

/* Open a hub at path and rate; it must open. */
static struct mtkfw_emu_hub *hub(const char *path, double mbps)
{
	char err[512] = "";
	struct mtkfw_emu_hub *h = NULL;
	int r = mtkfw_emu_hub_open(path, mbps, &h, err, sizeof(err));
	if (r)
		print_error("%s\n", err);
	assert_int_equal(r, 0);
	return h;
}

/* Opening path at mbps must fail with a sentence holding want. */
static void refused(const char *path, double mbps, const char *want)
{
	char err[512] = "";
	struct mtkfw_emu_hub *h = NULL;
	assert_int_equal(mtkfw_emu_hub_open(path, mbps, &h, err, sizeof(err)), -1);
	assert_null(h);
	if (!strstr(err, want))
		print_error("error '%s' lacks '%s'\n", err, want);
	assert_non_null(strstr(err, want));
}

/* ---- the accounting, at chosen instants ---- */

static void a_slice_is_n_over_the_rate(void **state)
{
	(void)state;
	/* a line free since long ago: one burst of idle time is banked, no more */
	struct mtkfw_emu_slice s = mtkfw_emu_hub_slice(0, T, 1000000, RATE, BURST);
	assert_int_equal(s.start_ns, T - BURST_NS);
	assert_int_equal(s.end_ns - s.start_ns, SEC / 8); /* 1 MB at 8 MB/s */
	/* a line busy until later: the slice waits for it */
	s = mtkfw_emu_hub_slice(T + 5000, T, 8, RATE, BURST);
	assert_int_equal(s.start_ns, T + 5000);
	assert_int_equal(s.end_ns, T + 6000);
	/* free a little while ago, within the burst: from where it was free */
	s = mtkfw_emu_hub_slice(T - 1000, T, 8, RATE, BURST);
	assert_int_equal(s.start_ns, T - 1000);
	/* a clock younger than the burst: from 0 */
	s = mtkfw_emu_hub_slice(0, 1000, 8, RATE, BURST);
	assert_int_equal(s.start_ns, 0);
	assert_int_equal(s.end_ns, 1000);
	/* nothing takes no time; a part of a nanosecond takes a whole one */
	s = mtkfw_emu_hub_slice(T, T, 0, RATE, BURST);
	assert_int_equal(s.end_ns, s.start_ns);
	s = mtkfw_emu_hub_slice(T, T, 1, 3000000, BURST); /* 333.3 ns */
	assert_int_equal(s.end_ns - s.start_ns, 334);
	/* the slowest and the fastest rate the hub takes, a large transfer */
	s = mtkfw_emu_hub_slice(T, T, 1000, 1000, 0);
	assert_int_equal(s.end_ns - s.start_ns, SEC);
	s = mtkfw_emu_hub_slice(T, T, 10000000001ull, 10000000000ull, 0);
	assert_int_equal(s.end_ns - s.start_ns, SEC + 1);
}

/* Two processes' mappings of one file (two opens): one time line, slices end to end. */
static void two_mappings_share_one_line(void **state)
{
	(void)state;
	struct mtkfw_emu_hub *a = hub(at("line.hub"), 8), *b = hub(at("line.hub"), 8);
	assert_true(mtkfw_emu_hub_mbps(b) == 8.0);
	uint64_t end = T - BURST_NS; /* where the first slice must begin */
	for (int i = 0; i < 10; i++) {
		struct mtkfw_emu_slice s = mtkfw_emu_hub_reserve(i % 2 ? b : a, T, 100000);
		assert_int_equal(s.start_ns, end); /* no gap, no overlap */
		assert_int_equal(s.end_ns - s.start_ns, SEC / 80);
		end = s.end_ns;
	}
	/* asked out of order (a process whose clock read is older): still after the line */
	struct mtkfw_emu_slice s = mtkfw_emu_hub_reserve(b, T - SEC, 8);
	assert_int_equal(s.start_ns, end);
	/* after ten idle seconds one burst is banked, not ten seconds */
	s = mtkfw_emu_hub_reserve(a, T + 10 * SEC, 8);
	assert_int_equal(s.start_ns, T + 10 * SEC - BURST_NS);
	assert_int_equal(mtkfw_emu_hub_carried(a), 10 * 100000 + 16);
	assert_int_equal(mtkfw_emu_hub_carried(b), 10 * 100000 + 16);
	mtkfw_emu_hub_close(a);
	mtkfw_emu_hub_close(b);
	/* the line is the file's: a phone that comes later continues it */
	a = hub(at("line.hub"), 8);
	assert_int_equal(mtkfw_emu_hub_reserve(a, T, 8).start_ns, s.end_ns);
	mtkfw_emu_hub_close(a);
}

#define RACERS	 4
#define RESERVES 3000

struct racer {
	struct mtkfw_emu_hub *h; /* a mapping of its own */
	int id;
	pthread_barrier_t *go;
	struct mtkfw_emu_slice s[RESERVES];
	uint64_t n[RESERVES];
};

/* Reserve RESERVES slices of varied sizes as fast as the others, at the hub's clock. */
static void *race(void *user)
{
	struct racer *r = user;
	pthread_barrier_wait(r->go);
	for (int i = 0; i < RESERVES; i++) {
		r->n[i] = 1 + (uint64_t)(i * 7919 + r->id * 104729) % 65536;
		r->s[i] = mtkfw_emu_hub_reserve(r->h, mtkfw_emu_hub_now(), r->n[i]);
	}
	return NULL;
}

static int by_start(const void *a, const void *b)
{
	const struct mtkfw_emu_slice *x = a, *y = b;
	return x->start_ns < y->start_ns ? -1 : x->start_ns > y->start_ns;
}

/* Threads on mappings of their own, reserving at once: the CAS hands out disjoint slices. */
static void racing_reservations_never_overlap(void **state)
{
	(void)state;
	static struct racer r[RACERS];
	static struct mtkfw_emu_slice all[RACERS * RESERVES];
	pthread_t th[RACERS];
	pthread_barrier_t go;
	uint64_t bytes = 0, busy = 0;
	assert_int_equal(pthread_barrier_init(&go, NULL, RACERS), 0);
	for (int i = 0; i < RACERS; i++)
		r[i].h = hub(at("race.hub"), 8);
	/* the line two seconds ahead: no racer finds it idle, so no gap may open between slices */
	mtkfw_emu_hub_reserve(r[0].h, mtkfw_emu_hub_now(), 2 * RATE + BURST);
	uint64_t before = mtkfw_emu_hub_carried(r[0].h);
	for (int i = 0; i < RACERS; i++) {
		r[i].go = &go;
		r[i].id = i;
		assert_int_equal(pthread_create(&th[i], NULL, race, &r[i]), 0);
	}
	for (int i = 0; i < RACERS; i++) {
		pthread_join(th[i], NULL);
		for (int k = 0; k < RESERVES; k++) {
			const struct mtkfw_emu_slice *s = &r[i].s[k];
			assert_int_equal(s->end_ns - s->start_ns,
					 mtkfw_emu_hub_slice(0, 0, r[i].n[k], RATE, 0).end_ns);
			all[i * RESERVES + k] = *s;
			bytes += r[i].n[k];
			busy += s->end_ns - s->start_ns;
		}
	}
	qsort(all, RACERS * RESERVES, sizeof(all[0]), by_start);
	for (size_t k = 1; k < RACERS * RESERVES; k++)
		if (all[k].start_ns < all[k - 1].end_ns)
			fail_msg("slice %zu [%llu, %llu) overlaps [%llu, %llu)", k,
				 (unsigned long long)all[k].start_ns,
				 (unsigned long long)all[k].end_ns,
				 (unsigned long long)all[k - 1].start_ns,
				 (unsigned long long)all[k - 1].end_ns);
	/* asked faster than 8 MB/s, the slices lie end to end: the line took the rate */
	assert_true(all[RACERS * RESERVES - 1].end_ns - all[0].start_ns == busy);
	assert_int_equal(mtkfw_emu_hub_carried(r[0].h) - before, bytes);
	for (int i = 0; i < RACERS; i++)
		mtkfw_emu_hub_close(r[i].h);
	pthread_barrier_destroy(&go);
}

/* ---- the file ---- */

/* Write len bytes of b to name in the suite's folder; its path. */
static const char *file_of(const char *name, const void *b, size_t len)
{
	free(tu_write(tu_dir, name, b, len));
	return at(name);
}

static void a_wrong_file_is_refused(void **state)
{
	(void)state;
	refused(file_of("text.hub", "hello\n", 6), 8, "is not a hub file of mtkfw-emu (6 bytes");
	uint8_t page[4096] = {0};
	memcpy(page, "MTKFWHUC", 8);
	refused(file_of("other.hub", page, sizeof(page)), 8, "no MTKFWHUB header");
	/* a hub of a later version */
	struct mtkfw_emu_hub *h = hub(at("v2.hub"), 8);
	mtkfw_emu_hub_close(h);
	int fd = open(at("v2.hub"), O_WRONLY);
	uint32_t v2 = 2;
	assert_int_equal(pwrite(fd, &v2, 4, 8), 4);
	close(fd);
	refused(at("v2.hub"), 8, "is of version 2, this mtkfw-emu knows version 1");
	/* another rate */
	h = hub(at("rate.hub"), 8);
	refused(at("rate.hub"), 40, "carries 8.000 MB/s, this phone 40.000");
	mtkfw_emu_hub_close(h);
	refused(at("slow.hub"), 0.0001, "out of range");
	refused(at("slow.hub"), 0, "out of range");
	refused(tu_dir, 8, "cannot open the hub file");
	/* a file cut short after its header: not taken for a hub of another size */
	h = hub(at("cut.hub"), 8);
	mtkfw_emu_hub_close(h);
	assert_int_equal(truncate(at("cut.hub"), 1024), 0);
	refused(at("cut.hub"), 8, "is cut or grown (1024 bytes, its header says 4096");
}

/* An empty file (mktemp's) and a page of zeros (its maker killed before it wrote) are set up. */
static void an_empty_or_zero_file_is_set_up(void **state)
{
	(void)state;
	static const uint8_t zeros[4096];
	const char *made[] = {file_of("empty.hub", "", 0), file_of("zeros.hub", zeros, 4096)};
	for (int i = 0; i < 2; i++) {
		struct mtkfw_emu_hub *h = hub(made[i], 8);
		assert_true(mtkfw_emu_hub_mbps(h) == 8.0);
		assert_int_equal(mtkfw_emu_hub_carried(h), 0);
		/* a line from nothing: the first slice is a burst back, as on a long idle hub */
		uint64_t now = mtkfw_emu_hub_now();
		assert_true(mtkfw_emu_hub_reserve(h, now, 8).start_ns <= now);
		mtkfw_emu_hub_close(h);
		size_t len;
		uint8_t *b = tu_read(made[i], &len);
		assert_int_equal(len, 4096);
		uint32_t version, size; /* host byte order, as the file is */
		memcpy(&version, b + 8, 4);
		memcpy(&size, b + 12, 4);
		assert_memory_equal(b, "MTKFWHUB", 8);
		assert_int_equal(version, 1);
		assert_int_equal(size, 4096);
		free(b);
		/* the rate is the file's now: a phone of another is refused */
		refused(made[i], 40, "carries 8.000 MB/s");
	}
}

/* CLOCK_MONOTONIC starts again at a boot: a line of an earlier boot is forgotten. */
static void a_new_boot_starts_the_line_again(void **state)
{
	(void)state;
	if (access("/proc/sys/kernel/random/boot_id", R_OK))
		skip(); /* no boot id here: the file cannot tell boots apart */
	struct mtkfw_emu_hub *h = hub(at("boot.hub"), 8);
	uint64_t now = mtkfw_emu_hub_now();
	mtkfw_emu_hub_reserve(h, now + 3600 * SEC, 8); /* an hour ahead */
	mtkfw_emu_hub_close(h);
	int fd = open(at("boot.hub"), O_WRONLY);
	assert_int_equal(pwrite(fd, "an earlier boot", 16, 32), 16); /* the boot id */
	close(fd);
	h = hub(at("boot.hub"), 8);
	assert_true(mtkfw_emu_hub_reserve(h, now, 8).start_ns <= now);
	mtkfw_emu_hub_close(h);
}

/* A phone given a wrong hub is not made, and makes no eMMC files. */
static void a_phone_with_a_wrong_hub_is_not_made(void **state)
{
	(void)state;
	struct mtkfw_emu_config cfg;
	struct mtkfw_emu *e = NULL;
	char err[512];
	mtkfw_emu_config_default(&cfg);
	assert_true(cfg.hub_mbps == MTKFW_EMU_USB_HS_MBPS);
	cfg.hub_path = file_of("text2.hub", "hello\n", 6);
	cfg.path[MTKFW_EMU_USER] = at("nophone.img"); /* at()'s paths stay apart */
	cfg.size[MTKFW_EMU_USER] = 1 << 20;
	assert_int_equal(mtkfw_emu_new(&cfg, &e, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "is not a hub file"));
	assert_int_not_equal(access(at("nophone.img"), F_OK), 0);
}

/* ---- phones on one hub: what they carry together ---- */

#define PHONES	2
#define READ	(3u << 20) /* bytes each phone reads */
#define HUB_MBS 8.0
#define RATIO_MAX \
	1.02 /* carried over what the rate allows: at most 1 by construction, 2% for floats */
#define DATA_MIN                                                                        \
	0.3 /* the data's share of the rate at least: the hub limits, it does not brake \
	     */

/* A host of one phone: its own context and session. */
struct host {
	struct mtkfw_ctx *ctx;
	struct mtkfw_session *s;
	uint64_t got;
	char why[512];
};

static int count(void *user, const uint8_t *data, size_t len)
{
	(void)data;
	((struct host *)user)->got += len;
	return 0;
}

/* A session on phone e; 0, or -1 with why. */
static int host_open(struct host *h, struct mtkfw_emu *e)
{
	struct mtkfw_transport *t = NULL;
	if (mtkfw_ctx_new(&h->ctx) || mtkfw_emu_transport(e, h->ctx, &t)) {
		snprintf(h->why, sizeof(h->why), "no context or transport");
		return -1;
	}
	struct mtkfw_session_opts o = {.transport = t, .da_path = tu_da_path}; /* taken over */
	if (mtkfw_session_open(h->ctx, &o, &h->s)) {
		snprintf(h->why, sizeof(h->why), "session: %s", mtkfw_ctx_errmsg(h->ctx));
		return -1;
	}
	return 0;
}

/* READ bytes of the user area, all of them; 0, or -1 with why. */
static int host_read(struct host *h)
{
	if (mtkfw_da_read(mtkfw_session_da(h->s), MTKFW_PART_USER, 0, READ, count, h, NULL, NULL)) {
		snprintf(h->why, sizeof(h->why), "read: %s", mtkfw_ctx_errmsg(h->ctx));
		return -1;
	}
	if (h->got != READ) {
		snprintf(h->why, sizeof(h->why), "read %llu bytes of %u",
			 (unsigned long long)h->got, READ);
		return -1;
	}
	return 0;
}

static void host_close(struct host *h)
{
	mtkfw_session_close(h->s); /* and the link */
	mtkfw_ctx_free(h->ctx);
}

/*
 * The hub's line watched from the test: from t0, the end of a burst's slice
 * the test takes first (the idle time the hub banked, spent, so that the
 * measure is of the rate alone), to when every phone is done. Every slice
 * reserved in between lies in that time, so carried / (rate x time) is at
 * most 1; how near 1 it comes is the hub's accuracy.
 */
struct measure {
	struct mtkfw_emu_hub *h;
	uint64_t t0, before;
};

static void measure_start(struct measure *m, const char *path)
{
	m->h = hub(path, HUB_MBS);
	m->t0 = mtkfw_emu_hub_reserve(m->h, mtkfw_emu_hub_now(), BURST).end_ns; /* now, or later */
	m->before = mtkfw_emu_hub_carried(m->h);
}

/* Check and print what the hub carried since the start, data bytes of it the phones' reads. */
static void measure_end(struct measure *m, const char *who, uint64_t data)
{
	uint64_t end = mtkfw_emu_hub_now(), carried = mtkfw_emu_hub_carried(m->h) - m->before;
	if (end <= m->t0) /* a hub that did not hold its phones back */
		fail_msg("%s carried %llu bytes %.3f s before the hub let them begin", who,
			 (unsigned long long)carried, (double)(m->t0 - end) / 1e9);
	double secs = (double)(end - m->t0) / 1e9;
	double allowed = secs * HUB_MBS * 1e6;
	double ratio = (double)carried / allowed, data_ratio = (double)data / allowed;
	print_message("%s on a hub of %.0f MB/s: %.2f MB carried (%.2f MB of it data) in %.3f s: "
		      "%.3f of the hub's rate (data %.3f)\n",
		      who, HUB_MBS, (double)carried / 1e6, (double)data / 1e6, secs, ratio,
		      data_ratio);
	assert_true(carried >= data); /* every byte went through the hub, with the protocol's */
	if (ratio > RATIO_MAX)
		fail_msg("%s carried %.3f of the hub's rate (at most %.2f)", who, ratio, RATIO_MAX);
	if (data_ratio < DATA_MIN)
		fail_msg("%s read at %.3f of the hub's rate only (at least %.2f)", who, data_ratio,
			 DATA_MIN);
	mtkfw_emu_hub_close(m->h);
}

struct reader {
	struct mtkfw_emu *e;
	pthread_barrier_t *ready, *go;
	struct host host;
	int rc;
};

/* One host in a thread: a session on its phone, then READ bytes at the signal. */
static void *read_phone(void *user)
{
	struct reader *r = user;
	r->rc = host_open(&r->host, r->e);
	pthread_barrier_wait(r->ready);
	pthread_barrier_wait(r->go);
	if (!r->rc)
		r->rc = host_read(&r->host);
	host_close(&r->host);
	return NULL;
}

/* Two phones of one process read at once through one hub: together at most its rate. */
static void two_phones_share_the_hub_rate(void **state)
{
	(void)state;
	struct reader r[PHONES];
	pthread_t th[PHONES];
	pthread_barrier_t ready, go;
	struct measure m;
	assert_int_equal(pthread_barrier_init(&ready, NULL, PHONES + 1), 0);
	assert_int_equal(pthread_barrier_init(&go, NULL, PHONES + 1), 0);
	for (int i = 0; i < PHONES; i++) {
		r[i] = (struct reader){.ready = &ready, .go = &go};
		r[i].e = tu_phone(&(struct tu_phone_opts){.mode = MTKFW_EMU_PRELOADER,
							  .user_size = 16 << 20,
							  .hub = at("station.hub"),
							  .hub_mbps = HUB_MBS});
		assert_int_equal(pthread_create(&th[i], NULL, read_phone, &r[i]), 0);
	}
	pthread_barrier_wait(&ready); /* both sessions open */
	measure_start(&m, at("station.hub"));
	pthread_barrier_wait(&go);
	for (int i = 0; i < PHONES; i++) {
		pthread_join(th[i], NULL);
		if (r[i].rc)
			fail_msg("phone %d: %s", i, r[i].host.why);
	}
	measure_end(&m, "two phones of one process", PHONES * (uint64_t)READ);
	for (int i = 0; i < PHONES; i++)
		mtkfw_emu_free(r[i].e);
	pthread_barrier_destroy(&ready);
	pthread_barrier_destroy(&go);
}

/*
 * In a child process: a phone of its own on the hub at path (the file opened
 * anew, as by another mtkfw-emu), a session, a byte to ready (0: set), then
 * READ bytes at a byte from go. No cmocka here: a failed assertion would
 * unwind into the child's copy of the suite. Its exit status: 0 or 1.
 */
static int child_reads(const char *path, int i, int ready, int go)
{
	struct mtkfw_emu_config cfg;
	struct mtkfw_emu *e = NULL;
	struct host h = {0};
	char user[4096], err[512], c;
	mtkfw_emu_config_default(&cfg);
	snprintf(user, sizeof(user), "%s/process%d.img", tu_dir, i);
	cfg.mode = MTKFW_EMU_PRELOADER;
	cfg.path[MTKFW_EMU_USER] = user;
	cfg.size[MTKFW_EMU_USER] = 16 << 20;
	cfg.da_path = tu_da_path;
	cfg.hub_path = path;
	cfg.hub_mbps = HUB_MBS;
	int rc = 1;
	if (mtkfw_emu_new(&cfg, &e, err, sizeof(err)))
		snprintf(h.why, sizeof(h.why), "phone: %s", err);
	else if (!host_open(&h, e))
		rc = 0;
	c = (char)rc;
	if (write(ready, &c, 1) != 1)
		rc = 1;
	close(ready); /* a parent waiting for the others' bytes meets an end, not a hang */
	if (!rc && read(go, &c, 1) != 1) {
		snprintf(h.why, sizeof(h.why), "the test gave no signal to read");
		rc = 1;
	}
	if (!rc)
		rc = host_read(&h) ? 1 : 0;
	if (rc)
		fprintf(stderr, "process %d: %s\n", i, h.why);
	host_close(&h);
	mtkfw_emu_free(e);
	return rc;
}

/*
 * Two processes, each with its phone, set up one new hub file at once (under
 * its flock), then read through it together: at most its rate, and every byte
 * counted in the page the test maps in a third process.
 */
static void two_processes_share_one_hub_file(void **state)
{
	(void)state;
	char path[4096];
	int ready[2], go[2], all = 1, done = 0;
	pid_t pid[PHONES];
	struct measure m;
	snprintf(path, sizeof(path), "%s", at("processes.hub"));
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(go), 0);
	fflush(stdout);
	fflush(stderr);
	for (int i = 0; i < PHONES; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0) {
			close(ready[0]);
			close(go[1]);
			_exit(child_reads(path, i, ready[1], go[0]));
		}
	}
	close(ready[1]);
	close(go[0]);
	for (int i = 0; i < PHONES; i++) {
		char c = 1;
		if (read(ready[0], &c, 1) != 1 || c)
			all = 0;
	}
	close(ready[0]);
	if (all) {
		measure_start(&m, path);
		assert_int_equal(write(go[1], "gogo", PHONES), PHONES);
	}
	close(go[1]); /* without a go, the children stop */
	for (int i = 0; i < PHONES; i++) {
		int st = 0;
		assert_int_equal(waitpid(pid[i], &st, 0), pid[i]);
		done += WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	assert_true(all);
	assert_int_equal(done, PHONES);
	measure_end(&m, "two phones in two processes", PHONES * (uint64_t)READ);
}

/* ---- mtkfw-emu's options ---- */

/* mtkfw-emu with args must exit with code, saying want; a test that it stops at once. */
static void emu_exits(const char *args, int code, const char *want)
{
	char cmd[8192];
	const char *out = at("emu.out");
	snprintf(cmd, sizeof(cmd), "timeout 20 '%s' --user '%s/cli.img' --pty %s >'%s' 2>&1",
		 MTKFW_EMU, tu_dir, args, out);
	int st = system(cmd);
	char *text = tu_read_text(out);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != code || !strstr(text, want))
		fail_msg("mtkfw-emu %s: exit %d, wanted %d and '%s'; it said: %s", args,
			 WIFEXITED(st) ? WEXITSTATUS(st) : -1, code, want, text);
	free(text);
}

/* --hub-mbps without --hub, a rate that is no number, a wrong file: refused before serving. */
static void the_emulator_refuses_a_hub_it_cannot_share(void **state)
{
	(void)state;
	char args[8192];
	emu_exits("--hub-mbps 8", 64, "--hub-mbps is the rate of a hub: give --hub FILE too");
	snprintf(args, sizeof(args), "--hub '%s' --hub-mbps 8x", at("cli.hub"));
	emu_exits(args, 64, "--hub-mbps wants MB/s, a number such as 40, not '8x'");
	snprintf(args, sizeof(args), "--hub '%s'", file_of("cli-text.hub", "hello\n", 6));
	emu_exits(args, 73, "is not a hub file of mtkfw-emu");
	mtkfw_emu_hub_close(hub(at("cli8.hub"), 8));
	snprintf(args, sizeof(args), "--hub '%s'", at("cli8.hub")); /* the default, 40 */
	emu_exits(args, 73, "carries 8.000 MB/s, this phone 40.000");
	snprintf(args, sizeof(args), "--hub '%s' --hub-mbps 0", at("cli.hub"));
	emu_exits(args, 73, "a hub rate of 0 MB/s is out of range");
	assert_int_not_equal(access(at("cli.img"), F_OK), 0); /* no phone was made */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_slice_is_n_over_the_rate),
		cmocka_unit_test(two_mappings_share_one_line),
		cmocka_unit_test(racing_reservations_never_overlap),
		cmocka_unit_test(a_wrong_file_is_refused),
		cmocka_unit_test(an_empty_or_zero_file_is_set_up),
		cmocka_unit_test(a_new_boot_starts_the_line_again),
		cmocka_unit_test(a_phone_with_a_wrong_hub_is_not_made),
		cmocka_unit_test(two_phones_share_the_hub_rate),
		cmocka_unit_test(two_processes_share_one_hub_file),
		cmocka_unit_test(the_emulator_refuses_a_hub_it_cannot_share),
	};
	return cmocka_run_group_tests(tests, tu_setup_phone, tu_teardown);
}
