/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The station in one process (issue 23): four virtual phones served on
 * pseudo-terminals by threads of their own, their port links appearing one
 * after another in a folder the station watches; the station flashes each
 * in its slot from one firmware, in threads of its own. Each phone must end
 * with its own identity and the package's lk; the sink must get one event
 * at a time, every slot job's tagged with its slot. scripts/test.sh --tsan
 * runs it under ThreadSanitizer.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mtkfw/station.h"
#include "mtkfw_emu.h"
#include "testutil.h"

#define PHONES	  4
#define USER_SIZE 0x19000000ull /* the compact demo's eMMC */

static const char *const identity[] = {"PRO_INFO", "NVRAM", "PROTECT_F", "PROTECT_S"};
#define N_IDENTITY (sizeof(identity) / sizeof(identity[0]))

struct phone {
	struct mtkfw_emu_config cfg;
	struct mtkfw_emu *emu;
	char img[4096], link[4096];
	uint8_t provisioned[N_IDENTITY][32];
	pthread_t server;
	atomic_bool stop;
	int served; /* what the pty server returned */
};

/* What the sink saw. */
struct seen {
	atomic_int inside; /* sinks running now: never more than one */
	int overlaps, events, untagged_flash, slot_events;
	int flash_ok[PHONES];
	char slots[PHONES][256];
};

static char *dir;
static char pkg[4096], da_path[4096], slots_dir[4096];
static struct mtkfw_report *report;
static struct mtkfw_ctx *ctx;
static struct phone phones[PHONES];

static void make_phone(int n)
{
	struct phone *p = &phones[n];
	char err[512];
	uint64_t off, len;
	snprintf(p->img, sizeof(p->img), "%s/phone%d.img", dir, n);
	snprintf(p->link, sizeof(p->link), "%s/ttyACM%d", slots_dir, n);
	mtkfw_emu_config_default(&p->cfg);
	p->cfg.path[MTKFW_EMU_USER] = p->img;
	p->cfg.size[MTKFW_EMU_USER] = USER_SIZE;
	p->cfg.da_path = da_path;
	p->cfg.mode = n % 2 ? MTKFW_EMU_PRELOADER : MTKFW_EMU_BROM;
	p->cfg.hwcode_quirk = false;
	p->cfg.boots_android = true; /* done, it leaves its slot */
	p->cfg.seed = 500u + (unsigned)n;
	p->cfg.cid[13] = (uint8_t)(0x20 + n);
	assert_int_equal(mtkfw_emu_provision(&p->cfg, pkg, err, sizeof(err)), 0);
	tu_user_range(report, "UBOOT", &off,
		      &len); /* an older lk: only the flash can make it the package's */
	int fd = open(p->img, O_WRONLY);
	uint8_t junk[4096];
	memset(junk, 0x5A + n, sizeof(junk));
	assert_true(fd >= 0 && pwrite(fd, junk, sizeof(junk), (off_t)off) == (ssize_t)sizeof(junk));
	close(fd);
	for (size_t i = 0; i < N_IDENTITY; i++) {
		tu_user_range(report, identity[i], &off, &len);
		tu_sha256_range(p->img, off, len, p->provisioned[i]);
	}
	assert_int_equal(mtkfw_emu_new(&p->cfg, &p->emu, err, sizeof(err)), 0);
	atomic_init(&p->stop, false);
}

static void *serve(void *arg)
{
	struct phone *p = arg;
	char err[256];
	p->served = mtkfw_emu_serve_pty(p->emu, p->link, false, &p->stop, err, sizeof(err));
	return NULL;
}

/* The sink: counts, and checks that no two events are in it at once. */
static void sink(void *user, const struct mtkfw_event *ev)
{
	struct seen *s = user;
	if (atomic_fetch_add(&s->inside, 1) != 0)
		s->overlaps++;
	s->events++;
	if (getenv("TU_EVENTS")) /* to see what the station did when this test fails */
		fprintf(stderr, "%s\n", ev->json);
	if (ev->job && !strcmp(ev->job, "flash") && !ev->slot)
		s->untagged_flash++;
	if (!strcmp(ev->name, "slot"))
		s->slot_events++;
	if (ev->kind == MTKFW_EVENT_END && ev->job && !strcmp(ev->job, "flash") && ev->slot &&
	    !strcmp(ev->state, "ok"))
		for (int n = 0; n < PHONES; n++)
			if (strstr(ev->slot, phones[n].link))
				s->flash_ok[n]++;
	usleep(100); /* a slow front end: overlaps would show */
	atomic_fetch_sub(&s->inside, 1);
}

static int setup(void **state)
{
	char cmd[8400], err[256];
	struct mtkfw_check_opts co = {0};
	(void)state;
	dir = tu_tmpdir();
	snprintf(pkg, sizeof(pkg), "%s/pkg", dir);
	snprintf(slots_dir, sizeof(slots_dir), "%s/phones", dir);
	assert_int_equal(mkdir(slots_dir, 0755), 0);
	snprintf(cmd, sizeof(cmd), "'%s' demo-package '%s' --compact >/dev/null", MTKFW_CLI, pkg);
	assert_int_equal(system(cmd), 0);
	snprintf(da_path, sizeof(da_path), "%s/MTK_AllInOne_DA_mt6590.bin", dir);
	assert_int_equal(mtkfw_emu_make_da(da_path, err, sizeof(err)), 0);
	assert_int_equal(mtkfw_ctx_new(&ctx), 0);
	assert_int_equal(mtkfw_check_package(ctx, pkg, &co, &report), 0);
	for (int n = 0; n < PHONES; n++)
		make_phone(n);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (int n = 0; n < PHONES; n++)
		mtkfw_emu_free(phones[n].emu);
	mtkfw_report_free(report);
	mtkfw_ctx_free(ctx);
	tu_rmtree(dir);
	free(dir);
	return 0;
}

/* The station's own thread: it runs until four phones are done. */
struct run {
	struct mtkfw_job *j;
	const struct mtkfw_firmware *fw;
	struct mtkfw_station_opts o;
	struct mtkfw_station_result res;
	int rc;
};

static void *station(void *arg)
{
	struct run *r = arg;
	r->rc = mtkfw_station_run(r->j, r->fw, &r->o, &r->res);
	return NULL;
}

static void four_phones_one_after_another(void **state)
{
	struct seen seen = {0};
	struct mtkfw_job_config jc = MTKFW_INIT(jc);
	struct mtkfw_firmware *fw = NULL;
	struct run r = {.o = MTKFW_INIT(r.o), .res = MTKFW_INIT(r.res)};
	char glob[4200], store[4200];
	pthread_t st;
	(void)state;
	atomic_init(&seen.inside, 0);
	snprintf(glob, sizeof(glob), "%s/ttyACM*", slots_dir);
	snprintf(store, sizeof(store), "%s/store", dir);
	jc.on_event = sink;
	jc.user = &seen;
	jc.store = store;
	assert_int_equal(mtkfw_job_new(&jc, &r.j), 0);
	assert_int_equal(mtkfw_firmware_open(r.j, pkg, NULL, &fw), 0);
	r.fw = fw;
	r.o.slots = glob;
	r.o.count = PHONES;
	r.o.mode = MTKFW_FLASH_UPGRADE;
	r.o.verify = true;
	r.o.da = da_path;
	assert_int_equal(pthread_create(&st, NULL, station, &r), 0);
	for (int n = 0; n < PHONES; n++) { /* plugged in one after another */
		assert_int_equal(pthread_create(&phones[n].server, NULL, serve, &phones[n]), 0);
		usleep(300 * 1000);
	}
	assert_int_equal(pthread_join(st, NULL), 0);
	for (int n = 0; n < PHONES; n++) { /* each left download mode by itself */
		assert_int_equal(pthread_join(phones[n].server, NULL), 0);
		assert_int_equal(phones[n].served, 0);
	}
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.res.phones, PHONES);
	assert_int_equal(r.res.ok, PHONES);
	assert_int_equal(seen.overlaps, 0);
	assert_int_equal(seen.untagged_flash, 0);
	assert_true(seen.slot_events >= 2 * PHONES);
	for (int n = 0; n < PHONES; n++) {
		struct phone *p = &phones[n];
		uint8_t sha[32], want[32];
		uint64_t off, len;
		char lk[4200];
		size_t lk_len;
		assert_int_equal(seen.flash_ok[n], 1);
		for (size_t i = 0; i < N_IDENTITY; i++) {
			tu_user_range(report, identity[i], &off, &len);
			tu_sha256_range(p->img, off, len, sha);
			assert_memory_equal(sha, p->provisioned[i], 32);
		}
		snprintf(lk, sizeof(lk), "%s/lk.bin", pkg);
		free(tu_read(lk, &lk_len));
		tu_user_range(report, "UBOOT", &off, &len);
		tu_sha256_range(p->img, off, lk_len, sha);
		tu_sha256_range(lk, 0, lk_len, want);
		assert_memory_equal(sha, want, 32);
	}
	mtkfw_firmware_close(fw);
	mtkfw_job_free(r.j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(four_phones_one_after_another),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
