/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The station's USB hub (issue 23): every virtual phone given the same hub
 * file shares one budget of bytes per second for what its link carries, as
 * the phones on one USB 2.0 hub share its ~40 MB/s.
 *
 * The budget is a time line, the "next free instant" in nanoseconds of
 * CLOCK_MONOTONIC (one clock for every process of the machine), kept in a page
 * of the hub file that each emulator maps MAP_SHARED. n bytes reserve the
 * slice [max(next, now - burst), + n / rate) with a compare-and-swap of that
 * one 64-bit word, and the phone sleeps until its slice ends: slices never
 * overlap, so all phones together carry at most rate bytes a second, plus one
 * burst (1 MiB) of idle time banked, no more.
 *
 * There are no locks on this path, only that CAS: a phone killed at any
 * instant holds nothing, and the others go on. The worst it leaves is one
 * reservation it never used (its slice passes unused). The file is set up
 * under flock(2) while it is opened, a lock the kernel drops when its
 * holder dies (flock, not fcntl: fcntl's locks are per process, and two
 * phones of one process, in two threads, may open one hub at once); a holder
 * killed half way leaves a page of zeros, which the next opener sets up.
 *
 * The atomics must be lock-free to work across processes (C11 7.17.5: only
 * lock-free operations are address-free); a build where 64-bit ones are not
 * refuses to open a hub.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "emu_priv.h"

#define HUB_MAGIC     "MTKFWHUB"
#define HUB_VERSION   1u
#define HUB_FILE_SIZE 4096u	     /* one page */
#define HUB_BURST     (1u << 20)     /* idle time banked, in bytes at the hub's rate */
#define HUB_MIN_BPS   1000ull	     /* 0.001 MB/s */
#define HUB_MAX_BPS   10000000000ull /* 10000 MB/s: n % rate * 1e9 stays below 2^64 */
#define BOOT_ID	      "/proc/sys/kernel/random/boot_id"

/* The hub file's first bytes, host byte order (docs/emulator.md, "A shared hub"). */
struct hub_page {
	char magic[8];		  /* "MTKFWHUB" */
	uint32_t version;	  /* 1 */
	uint32_t size;		  /* 4096: the file's size */
	uint64_t bytes_per_s;	  /* the budget, fixed by the file's maker */
	uint64_t burst;		  /* bytes of idle time banked at most */
	char boot_id[40];	  /* the boot the time line is of (CLOCK_MONOTONIC restarts) */
	_Atomic uint64_t next_ns; /* the next free instant */
	_Atomic uint64_t carried; /* bytes carried since the file was made */
};
_Static_assert(offsetof(struct hub_page, next_ns) == 72, "the hub file's layout");
_Static_assert(offsetof(struct hub_page, carried) == 80, "the hub file's layout");
_Static_assert(sizeof(struct hub_page) <= HUB_FILE_SIZE, "the hub page fits the file");

struct mtkfw_emu_hub {
	struct hub_page *page;
	uint64_t bytes_per_s, burst;
};

/* Nanoseconds n bytes take at bytes_per_s (1000 to 10^10), rounded up. */
static uint64_t ns_for(uint64_t n, uint64_t bytes_per_s)
{
	uint64_t whole = n / bytes_per_s, rest = n % bytes_per_s;
	return whole * 1000000000ull + (rest * 1000000000ull + bytes_per_s - 1) / bytes_per_s;
}

struct mtkfw_emu_slice mtkfw_emu_hub_slice(uint64_t next_ns, uint64_t now_ns, uint64_t n,
					   uint64_t bytes_per_s, uint64_t burst)
{
	uint64_t banked = ns_for(burst, bytes_per_s);
	uint64_t earliest = now_ns > banked ? now_ns - banked : 0;
	struct mtkfw_emu_slice s = {.start_ns = next_ns > earliest ? next_ns : earliest};
	s.end_ns = s.start_ns + ns_for(n, bytes_per_s);
	return s;
}

uint64_t mtkfw_emu_hub_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

struct mtkfw_emu_slice mtkfw_emu_hub_reserve(struct mtkfw_emu_hub *h, uint64_t now_ns, uint64_t n)
{
	uint64_t next = atomic_load(&h->page->next_ns);
	struct mtkfw_emu_slice s;
	do /* a failed CAS leaves the line's newer end in next: slice again from there */
		s = mtkfw_emu_hub_slice(next, now_ns, n, h->bytes_per_s, h->burst);
	while (!atomic_compare_exchange_weak(&h->page->next_ns, &next, s.end_ns));
	atomic_fetch_add(&h->page->carried, n);
	return s;
}

void mtkfw_emu_hub_carry(struct mtkfw_emu_hub *h, uint64_t n)
{
	uint64_t now = mtkfw_emu_hub_now();
	struct mtkfw_emu_slice s = mtkfw_emu_hub_reserve(h, now, n);
	if (s.end_ns <= now)
		return; /* within the burst */
	struct timespec until = {.tv_sec = (time_t)(s.end_ns / 1000000000ull),
				 .tv_nsec = (long)(s.end_ns % 1000000000ull)};
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR)
		;
}

uint64_t mtkfw_emu_hub_carried(const struct mtkfw_emu_hub *h)
{
	return atomic_load(&h->page->carried);
}

double mtkfw_emu_hub_mbps(const struct mtkfw_emu_hub *h)
{
	return (double)h->bytes_per_s / 1e6;
}

void emu_link_carried(struct mtkfw_emu *e, size_t n)
{
	if (e->hub && n)
		mtkfw_emu_hub_carry(e->hub, n);
}

/* This boot's id (Linux), or zeros where the system has none. */
static void boot_id(char out[40])
{
	memset(out, 0, 40);
	FILE *f = fopen(BOOT_ID, "re");
	if (!f)
		return;
	if (!fgets(out, 40, f))
		memset(out, 0, 40);
	fclose(f);
	out[strcspn(out, "\n")] = 0;
}

/* A new hub's page at bytes_per_s into fd (an empty file, or a page of zeros); 0 or -1. */
static int make_page(int fd, const char *path, uint64_t bytes_per_s, char *err, size_t errlen)
{
	struct hub_page page;
	memset(&page, 0, sizeof(page)); /* the time line from 0, nothing carried */
	memcpy(page.magic, HUB_MAGIC, 8);
	page.version = HUB_VERSION;
	page.size = HUB_FILE_SIZE;
	page.bytes_per_s = bytes_per_s;
	page.burst = HUB_BURST;
	boot_id(page.boot_id);
	if (ftruncate(fd, HUB_FILE_SIZE) ||
	    pwrite(fd, &page, sizeof(page), 0) != (ssize_t)sizeof(page)) {
		emu_errf(err, errlen, "cannot set up the hub file %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Is the page all zeros (a file made, its maker killed before it wrote)? */
static bool zero_page(const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/* The hub file's header is not one this build can share: say why in err; 0 or -1. */
static int check_page(const struct hub_page *p, long long size, const char *path,
		      uint64_t bytes_per_s, char *err, size_t errlen)
{
	if (size < (long long)sizeof(*p) || memcmp(p->magic, HUB_MAGIC, 8)) {
		emu_errf(
			err, errlen,
			"%s is not a hub file of mtkfw-emu (%lld bytes, no MTKFWHUB header): give a new "
			"path, or an empty file, for --hub",
			path, size);
		return -1;
	}
	if (p->version != HUB_VERSION) { /* before the size: another version may have another */
		emu_errf(
			err, errlen,
			"the hub file %s is of version %u, this mtkfw-emu knows version %u: remove it "
			"when no phone uses it, or give another path",
			path, p->version, HUB_VERSION);
		return -1;
	}
	if (size != HUB_FILE_SIZE || p->size != HUB_FILE_SIZE) {
		emu_errf(
			err, errlen,
			"the hub file %s is cut or grown (%lld bytes, its header says %u, a hub is %u): "
			"remove it when no phone uses it, or give another path",
			path, size, p->size, HUB_FILE_SIZE);
		return -1;
	}
	if (p->bytes_per_s != bytes_per_s) {
		emu_errf(
			err, errlen,
			"the hub %s carries %.3f MB/s, this phone %.3f (--hub-mbps, default 40): give "
			"every phone of one hub the same rate, or use another file",
			path, (double)p->bytes_per_s / 1e6, (double)bytes_per_s / 1e6);
		return -1;
	}
	return 0;
}

/*
 * Under the flock: make the page if the file is new, else check it is a hub
 * of bytes_per_s. A time line of an earlier boot starts again from 0. 0 or -1.
 */
static int settle(int fd, const char *path, uint64_t bytes_per_s, char *err, size_t errlen)
{
	struct stat st;
	uint8_t raw[sizeof(struct hub_page)] = {0};
	if (fstat(fd, &st)) {
		emu_errf(err, errlen, "cannot stat the hub file %s: %s", path, strerror(errno));
		return -1;
	}
	if (st.st_size >= (off_t)sizeof(raw) &&
	    pread(fd, raw, sizeof(raw), 0) != (ssize_t)sizeof(raw)) {
		emu_errf(err, errlen, "cannot read the hub file %s: %s", path, strerror(errno));
		return -1;
	}
	if (st.st_size == 0 || (st.st_size == HUB_FILE_SIZE && zero_page(raw, sizeof(raw))))
		return make_page(fd, path, bytes_per_s, err, errlen);
	struct hub_page p;
	memcpy(&p, raw, sizeof(p));
	if (check_page(&p, (long long)st.st_size, path, bytes_per_s, err, errlen))
		return -1;
	char now_boot[40];
	boot_id(now_boot);
	if (now_boot[0] && memcmp(now_boot, p.boot_id, sizeof(now_boot))) {
		/* made before a reboot: no phone of that boot runs, its instants mean nothing */
		uint64_t zero = 0;
		if (pwrite(fd, now_boot, sizeof(now_boot), offsetof(struct hub_page, boot_id)) !=
			    (ssize_t)sizeof(now_boot) ||
		    pwrite(fd, &zero, sizeof(zero), offsetof(struct hub_page, next_ns)) !=
			    (ssize_t)sizeof(zero)) {
			emu_errf(err, errlen, "cannot write the hub file %s: %s", path,
				 strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* Map the hub file's page into h; 0 or -1. */
static int map_page(struct mtkfw_emu_hub *h, int fd, const char *path, char *err, size_t errlen)
{
	void *m = mmap(NULL, HUB_FILE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED) {
		emu_errf(err, errlen, "cannot map the hub file %s: %s", path, strerror(errno));
		return -1;
	}
	h->page = m;
	h->bytes_per_s = h->page->bytes_per_s;
	h->burst = h->page->burst;
	if (!atomic_is_lock_free(&h->page->next_ns)) {
		emu_errf(
			err, errlen,
			"64-bit atomics are not lock-free in this build, so a hub cannot be shared "
			"between processes: run the phones without --hub");
		return -1;
	}
	return 0;
}

int mtkfw_emu_hub_open(const char *path, double mbps, struct mtkfw_emu_hub **out, char *err,
		       size_t errlen)
{
	double bps = mbps * 1e6;
	if (!(bps >= (double)HUB_MIN_BPS && bps <= (double)HUB_MAX_BPS)) {
		emu_errf(err, errlen, "a hub rate of %g MB/s is out of range: give 0.001 to 10000",
			 mbps);
		return -1;
	}
	struct mtkfw_emu_hub *h = calloc(1, sizeof(*h));
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (!h || fd < 0) {
		emu_errf(err, errlen, "cannot open the hub file %s: %s", path,
			 h ? strerror(errno) : "out of memory");
		free(h);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	int r;
	while ((r = flock(fd, LOCK_EX)) && errno == EINTR)
		;
	if (r)
		emu_errf(err, errlen, "cannot lock the hub file %s to set it up: %s", path,
			 strerror(errno));
	else
		r = settle(fd, path, (uint64_t)(bps + 0.5), err, errlen);
	if (!r)
		r = map_page(h, fd, path, err, errlen);
	flock(fd, LOCK_UN); /* now: the mapping holds the open file, and with it a lock */
	close(fd);
	if (r) {
		mtkfw_emu_hub_close(h);
		return -1;
	}
	*out = h;
	return 0;
}

void mtkfw_emu_hub_close(struct mtkfw_emu_hub *h)
{
	if (!h)
		return;
	if (h->page)
		munmap(h->page, HUB_FILE_SIZE);
	free(h);
}
