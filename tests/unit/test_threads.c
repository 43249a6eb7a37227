/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Many phones at once (issue 22): sessions share nothing, so four virtual
 * phones, each with its own eMMC file, identity, CID, boot mode and protocol
 * variant, are driven from four threads at once through the job API (as a
 * station drives them): an identity backup, a flash of one firmware opened
 * once and shared by every thread, in upgrade mode with verify, the loss of
 * NVRAM's first block and a restore of the backup. Each phone must end with
 * its own identity, the package's images and an intact backup of its own: a
 * session that took another's state would leave a phone with another's bytes
 * or a step failed. scripts/test.sh --tsan runs it under ThreadSanitizer,
 * which reports any access two threads make without an order between them.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mtkfw_emu.h"
#include "testutil.h"

#define PHONES	  4
#define USER_SIZE 0x19000000ull /* the compact demo's eMMC: 400 MiB */
#define LOST	  4096		/* NVRAM bytes lost before the restore */

static const char *const identity[] = {"PRO_INFO", "NVRAM", "PROTECT_F", "PROTECT_S", "SECCFG"};
#define N_IDENTITY (sizeof(identity) / sizeof(identity[0]))
#define NVRAM	   1 /* identity[NVRAM] */

/* What each thread does, in order. */
enum step { OPEN, BACKUP, FLASH, LOSE, RESTORE, REBOOT, STEPS };
static const char *const step_names[STEPS] = {"open",	    "backup",  "flash",
					      "lose NVRAM", "restore", "reboot"};

/* What makes the phones differ: a bug that mixed two sessions up would show. */
static const struct {
	enum mtkfw_emu_mode mode;
	unsigned variants;
} kinds[PHONES] = {
	{MTKFW_EMU_BROM, 0},
	{MTKFW_EMU_PRELOADER, MTKFW_VARIANT_READ_SUM_XOR},
	{MTKFW_EMU_BROM, MTKFW_VARIANT_ERASE_FF},
	{MTKFW_EMU_PRELOADER, MTKFW_VARIANT_PMT_96},
};

struct phone {
	struct mtkfw_emu_config cfg;
	struct mtkfw_emu *emu;
	char img[4096], store[4096];
	uint8_t provisioned[N_IDENTITY][32]; /* SHA-256 of each identity partition */
	/* what its thread did */
	int rc[STEPS]; /* -1: not reached */
	char why[1024];
	struct timespec began, ended;
	char slot[16];
	unsigned events, foreign_events, jobs_ok;
	char error[1024]; /* the last ERROR event's message */
	struct mtkfw_backup backup;
	struct mtkfw_restore_job_result restored;
};

static char *dir;
static char pkg[4096], da_path[4096];
static struct mtkfw_ctx *ctx; /* the test's own thread's */
static struct mtkfw_report *report;
static struct mtkfw_job *setup_job;	      /* the job that opened the firmware */
static const struct mtkfw_firmware *firmware; /* one package, flashed by every thread */
static struct phone phones[PHONES];
static uint64_t nvram_at; /* where NVRAM is in the user area file */
static pthread_barrier_t start_line;

/* ---- the eMMC image files, read by the test ---- */

/* The partition name on the phone's image must begin with the package's file. */
static void holds_file(const struct phone *p, const char *name, const char *file)
{
	uint64_t off, len;
	size_t n;
	char path[4200];
	tu_user_range(report, name, &off, &len);
	snprintf(path, sizeof(path), "%s/%s", pkg, file);
	uint8_t *want = tu_read(path, &n), *got = malloc(n);
	int fd = open(p->img, O_RDONLY);
	assert_true(fd >= 0 && got && n <= len);
	assert_int_equal(pread(fd, got, n, (off_t)off), (ssize_t)n);
	assert_memory_equal(got, want, n);
	close(fd);
	free(got);
	free(want);
}

/* Write len bytes of value at off on the phone's image; 0 or -1 (no assertion: threads call it). */
static int scribble(const struct phone *p, uint64_t off, uint8_t value, size_t len)
{
	uint8_t *b = malloc(len);
	int fd = open(p->img, O_WRONLY);
	int r = b && fd >= 0 ? 0 : -1;
	if (!r) {
		memset(b, value, len);
		r = pwrite(fd, b, len, (off_t)off) == (ssize_t)len ? 0 : -1;
	}
	if (fd >= 0)
		close(fd);
	free(b);
	return r;
}

/* ---- one phone's job, in its own thread, through the job API ---- */

/* Every event of a phone's jobs: counted, and each must carry that phone's slot. */
static void on_event(void *user, const struct mtkfw_event *ev)
{
	struct phone *p = user;
	p->events++;
	if (!ev->slot || strcmp(ev->slot, p->slot))
		p->foreign_events++;
	if (ev->kind == MTKFW_EVENT_END && !strcmp(ev->state, "ok"))
		p->jobs_ok++;
	if (ev->kind == MTKFW_EVENT_ERROR)
		snprintf(p->error, sizeof(p->error), "%s", ev->message);
}

/* Record a step's result, and the job's error when it failed; true when it did not. */
static bool step(struct phone *p, enum step k, int rc)
{
	p->rc[k] = rc;
	if (rc)
		snprintf(p->why, sizeof(p->why), "phone %d, %s: %s: %s", (int)(p - phones),
			 step_names[k], mtkfw_error_name(rc), p->error);
	return !rc;
}

/* Connect to the virtual phone and establish its layout (the firmware gives the DRAM settings). */
static int open_phone(struct phone *p, struct mtkfw_job *j, struct mtkfw_phone **ph)
{
	struct mtkfw_phone_opts o = MTKFW_INIT(o);
	if (mtkfw_emu_transport(p->emu, mtkfw_job_ctx(j), &o.transport))
		return MTKFW_E_IO;
	o.da = da_path;
	return mtkfw_phone_open(j, &o, firmware, ph);
}

static int backup(struct phone *p, struct mtkfw_job *j, struct mtkfw_phone *ph)
{
	struct mtkfw_backup_job_opts o = MTKFW_INIT(o);
	const struct mtkfw_backup *b = NULL;
	o.kind = MTKFW_BACKUP_IDENTITY;
	int rc = mtkfw_job_backup(j, ph, &o, &b);
	if (!rc)
		p->backup = *b;
	return rc;
}

/* The shared firmware (opened once, read by every thread) in upgrade mode with verify. */
static int flash(struct mtkfw_job *j, struct mtkfw_phone *ph)
{
	struct mtkfw_flash_job_opts o = MTKFW_INIT(o);
	struct mtkfw_flash_job_result res = MTKFW_INIT(res);
	o.mode = MTKFW_FLASH_UPGRADE;
	o.verify = true;
	return mtkfw_job_flash(j, ph, firmware, &o, &res);
}

static int restore(struct phone *p, struct mtkfw_job *j, struct mtkfw_phone *ph)
{
	struct mtkfw_restore_job_opts o = MTKFW_INIT(o);
	p->restored = (struct mtkfw_restore_job_result)MTKFW_INIT(p->restored);
	return mtkfw_job_restore(j, ph, p->backup.dir, &o, &p->restored);
}

/*
 * One phone's whole work: a job of its own (its slot, its store), the phone
 * opened, its identity backed up, the firmware flashed, NVRAM's first block
 * lost (written on the eMMC file, as a phone that lost it), the backup
 * restored, the phone rebooted. Each step's result goes into p->rc, the
 * failure's sentence into p->why: no cmocka assertion may fail outside the
 * test's own thread.
 */
static void *phone_job(void *arg)
{
	struct phone *p = arg;
	struct mtkfw_job_config c = MTKFW_INIT(c);
	struct mtkfw_job *j = NULL;
	struct mtkfw_phone *ph = NULL;
	for (int k = 0; k < STEPS; k++)
		p->rc[k] = -1;
	snprintf(p->slot, sizeof(p->slot), "phone %d", (int)(p - phones));
	c.on_event = on_event;
	c.user = p;
	c.slot = p->slot;
	c.store = p->store;
	if (mtkfw_job_new(&c, &j) == 0 && step(p, OPEN, open_phone(p, j, &ph)) &&
	    step(p, BACKUP, backup(p, j, ph)) && step(p, FLASH, flash(j, ph)) &&
	    step(p, LOSE, scribble(p, nvram_at, (uint8_t)(0xA0 + (p - phones)), LOST)) &&
	    step(p, RESTORE, restore(p, j, ph)))
		step(p, REBOOT, mtkfw_phone_close(j, ph, true));
	else if (ph)
		mtkfw_phone_close(j, ph, false);
	mtkfw_job_free(j);
	return NULL;
}

/* A thread: one phone's job, begun when every thread is ready, timed. */
static void *thread_main(void *arg)
{
	struct phone *p = arg;
	pthread_barrier_wait(&start_line);
	clock_gettime(CLOCK_MONOTONIC, &p->began);
	phone_job(p);
	clock_gettime(CLOCK_MONOTONIC, &p->ended);
	return NULL;
}

/* ---- the phones, made before the threads start ---- */

/* The phone n: its own eMMC file, store, identity (seed), CID, ME_ID, mode and variant. */
static void make_phone(int n)
{
	struct phone *p = &phones[n];
	char err[512];
	uint64_t off, len;
	snprintf(p->img, sizeof(p->img), "%s/phone%d.img", dir, n);
	snprintf(p->store, sizeof(p->store), "%s/store%d", dir, n);
	mtkfw_emu_config_default(&p->cfg);
	p->cfg.path[MTKFW_EMU_USER] = p->img;
	p->cfg.size[MTKFW_EMU_USER] = USER_SIZE;
	p->cfg.da_path = da_path;
	p->cfg.mode = kinds[n].mode;
	p->cfg.variants = kinds[n].variants;
	p->cfg.seed = 1000u + 7919u * (unsigned)n;
	p->cfg.cid[13] = (uint8_t)(0x10 * n); /* the serial number: the EMI record still fits */
	p->cfg.me_id[15] = (uint8_t)n;
	if (mtkfw_emu_provision(&p->cfg, pkg, err, sizeof(err)))
		fail_msg("provision phone %d: %s", n, err);
	/* an older lk and boot image: only the flash can make them the package's */
	tu_user_range(report, "UBOOT", &off, &len);
	assert_int_equal(scribble(p, off, (uint8_t)(0x11 * (n + 1)), 0x10000), 0);
	tu_user_range(report, "BOOTIMG", &off, &len);
	assert_int_equal(scribble(p, off, (uint8_t)(0x22 * (n + 1)), 0x10000), 0);
	for (size_t i = 0; i < N_IDENTITY; i++) {
		tu_user_range(report, identity[i], &off, &len);
		tu_sha256_range(p->img, off, len, p->provisioned[i]);
	}
	if (mtkfw_emu_new(&p->cfg, &p->emu, err, sizeof(err)))
		fail_msg("phone %d: %s", n, err);
}

static int setup(void **state)
{
	(void)state;
	char cmd[8400], err[256];
	struct mtkfw_check_opts co = {0};
	uint64_t nvram_len;
	dir = tu_tmpdir();
	snprintf(pkg, sizeof(pkg), "%s/pkg", dir);
	snprintf(cmd, sizeof(cmd), "'%s' demo-package '%s' --compact >/dev/null", MTKFW_CLI, pkg);
	assert_int_equal(system(cmd), 0);
	snprintf(da_path, sizeof(da_path), "%s/MTK_AllInOne_DA_mt6590.bin", dir);
	assert_int_equal(mtkfw_emu_make_da(da_path, err, sizeof(err)), 0);
	assert_int_equal(mtkfw_ctx_new(&ctx), 0);
	assert_int_equal(mtkfw_check_package(ctx, pkg, &co, &report), 0);
	struct mtkfw_job_config jc = MTKFW_INIT(jc);
	struct mtkfw_firmware *fw = NULL;
	assert_int_equal(mtkfw_job_new(&jc, &setup_job), 0);
	assert_int_equal(mtkfw_firmware_open(setup_job, pkg, NULL, &fw), 0);
	firmware = fw;
	tu_user_range(report, "NVRAM", &nvram_at, &nvram_len);
	assert_true(nvram_len >= LOST);
	for (int n = 0; n < PHONES; n++)
		make_phone(n);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (int n = 0; n < PHONES; n++)
		mtkfw_emu_free(phones[n].emu);
	mtkfw_firmware_close((struct mtkfw_firmware *)firmware);
	mtkfw_job_free(setup_job);
	mtkfw_report_free(report);
	mtkfw_ctx_free(ctx);
	tu_rmtree(dir);
	free(dir);
	return 0;
}

/* ---- the test ---- */

/* The phones are not alike: each holds an identity of its own to begin with. */
static void phones_differ(void)
{
	for (int a = 0; a < PHONES; a++)
		for (int b = a + 1; b < PHONES; b++)
			for (size_t i = 0; i < N_IDENTITY; i++)
				assert_memory_not_equal(phones[a].provisioned[i],
							phones[b].provisioned[i], 32);
}

/* After its job, one phone: every step done, its own identity, the package's images. */
static void phone_ends_as_it_should(int n)
{
	struct phone *p = &phones[n];
	char cid[33];
	uint8_t sha[32];
	for (int k = 0; k < STEPS; k++) {
		if (p->rc[k])
			print_message("%s\n", p->why);
		assert_int_equal(p->rc[k], 0);
	}
	/* its events, and only its: connect, backup, flash, restore and reboot each ended ok */
	assert_true(p->events > 20);
	assert_int_equal(p->foreign_events, 0);
	assert_int_equal(p->jobs_ok, 5);
	for (size_t i = 0; i < N_IDENTITY; i++) {
		uint64_t off, len;
		tu_user_range(report, identity[i], &off, &len);
		tu_sha256_range(p->img, off, len, sha);
		assert_memory_equal(sha, p->provisioned[i], 32);
	}
	holds_file(p, "UBOOT", "lk.bin");
	holds_file(p, "BOOTIMG", "boot.img");
	/* its backup: intact, of this phone, holding this phone's NVRAM */
	for (int i = 0; i < 16; i++)
		snprintf(cid + 2 * i, 3, "%02X", p->cfg.cid[i]);
	assert_string_equal(p->backup.cid, cid);
	assert_int_equal(mtkfw_backup_verify(ctx, &p->backup, NULL, NULL), 0);
	const struct mtkfw_backup_file *nv = mtkfw_backup_find(&p->backup, "NVRAM");
	assert_non_null(nv);
	assert_memory_equal(nv->sha256, p->provisioned[NVRAM], 32);
	/* the loss was on the phone when the restore began (its guard saved it), and was undone */
	struct mtkfw_backup guard;
	assert_int_equal(mtkfw_backup_load(ctx, p->restored.guard, &guard), 0);
	assert_string_equal(guard.cid, cid);
	nv = mtkfw_backup_find(&guard, "NVRAM");
	assert_non_null(nv);
	assert_memory_not_equal(nv->sha256, p->provisioned[NVRAM], 32);
	assert_non_null(strstr(p->restored.written, "NVRAM"));
}

static double seconds(const struct timespec *t)
{
	return (double)t->tv_sec + (double)t->tv_nsec / 1e9;
}

/* The jobs ran at once: the last began before the first ended. */
static void jobs_overlapped(void)
{
	double last_began = 0, first_ended = 1e300;
	for (int n = 0; n < PHONES; n++) {
		double b = seconds(&phones[n].began), e = seconds(&phones[n].ended);
		last_began = b > last_began ? b : last_began;
		first_ended = e < first_ended ? e : first_ended;
	}
	print_message("the four jobs overlapped for %.2f s\n", first_ended - last_began);
	assert_true(last_began < first_ended);
}

static void four_phones_at_once(void **state)
{
	(void)state;
	pthread_t th[PHONES];
	phones_differ();
	assert_int_equal(pthread_barrier_init(&start_line, NULL, PHONES), 0);
	for (int n = 0; n < PHONES; n++)
		assert_int_equal(pthread_create(&th[n], NULL, thread_main, &phones[n]), 0);
	for (int n = 0; n < PHONES; n++)
		assert_int_equal(pthread_join(th[n], NULL), 0);
	pthread_barrier_destroy(&start_line);
	jobs_overlapped();
	for (int n = 0; n < PHONES; n++)
		phone_ends_as_it_should(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(four_phones_at_once),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
