/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The job API's refusals, called directly (no CLI, no shell) on virtual
 * phones in this process: each refusal comes with its code and its error
 * event, before anything is written (the phone's eMMC counts every byte
 * written or erased: none). Then what the jobs that write must do first:
 * save what they overwrite, guard the identity, say "cancelled" when asked
 * to stop.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "demo.h"
#include "doctor_priv.h"
#include "job_priv.h"
#include "mtkfw/job.h"
#include "mtkfw_emu.h"
#include "testutil.h"

#define USER	 0x19000000ull /* the compact demo's eMMC */
#define MBR_BASE 0xc00000ull   /* the demo's MBR start: user offset = linear - MBR_BASE */
#define NVRAM	 0x400000ull   /* NVRAM's user offset */

static char *dir, da[4200], pkg[4200], foreign[4200], moved[4200], base[4200], damaged[4200];

/* What a job said: its errors, its last error's code and message, its end. */
struct said {
	int errors, code;
	char message[2048], end[16], spft[64];
	int compat_stops;
};

static void listen(void *user, const struct mtkfw_event *ev)
{
	struct said *s = user;
	if (ev->kind == MTKFW_EVENT_ERROR) {
		s->errors++;
		s->code = ev->code;
		snprintf(s->message, sizeof(s->message), "%s", ev->message);
		snprintf(s->spft, sizeof(s->spft), "%s", ev->spft ? ev->spft->symbol : "");
	}
	if (ev->kind == MTKFW_EVENT_COMPAT && ev->level == MTKFW_COMPAT_STOP)
		s->compat_stops++;
	if (ev->kind == MTKFW_EVENT_END)
		snprintf(s->end, sizeof(s->end), "%s", ev->state);
}

/* A demo package into path: compact, with these changes. */
static void make_package(const char *path, const char *project, uint64_t shift)
{
	struct demo_opts o = {.dir = path, .project = project, .system_data = 1 << 20, .seed = 1};
	static const char *const cids[] = {"110100303034473930", "45010053454D303447"};
	for (int k = 0; k < 2; k++, o.n_emi++)
		for (int i = 0; i < 9; i++) {
			unsigned v;
			sscanf(cids[k] + 2 * i, "%2x", &v);
			o.emi_cid[k][i] = (uint8_t)v;
		}
	demo_layout_compact(true);
	demo_layout_shift(shift);
	assert_int_equal(demo_package(&o, NULL), 0);
	demo_layout_shift(0);
}

/* A factory-fresh phone in image (its areas beside it), damaged as damage says (or NULL). */
static void provision(const char *image, const char *damage)
{
	struct mtkfw_emu_config cfg;
	char err[256];
	mtkfw_emu_config_default(&cfg);
	cfg.path[MTKFW_EMU_USER] = image;
	cfg.size[MTKFW_EMU_USER] = USER;
	cfg.seed = 7;
	if (damage)
		cfg.damage[cfg.n_damage++] = damage;
	int r = mtkfw_emu_provision(&cfg, pkg, err, sizeof(err));
	if (r)
		print_message("provision: %s\n", err);
	assert_int_equal(r, 0);
}

static int setup(void **state)
{
	char err[256];
	(void)state;
	dir = tu_tmpdir();
	snprintf(da, sizeof(da), "%s/MTK_AllInOne_DA_mt6590.bin", dir);
	assert_int_equal(mtkfw_emu_make_da(da, err, sizeof(err)), 0);
	snprintf(pkg, sizeof(pkg), "%s/pkg", dir);
	snprintf(foreign, sizeof(foreign), "%s/foreign", dir);
	snprintf(moved, sizeof(moved), "%s/moved", dir);
	snprintf(base, sizeof(base), "%s/base.img", dir);
	snprintf(damaged, sizeof(damaged), "%s/damaged.img", dir);
	make_package(pkg, "mtkfw_demo", 0);
	make_package(foreign, "other_board", 0);
	make_package(moved, "mtkfw_demo", 1 << 20);
	provision(base, NULL);
	provision(damaged, "pmt-garbage");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_rmtree(dir);
	free(dir);
	return 0;
}

/* A test's world: the virtual phone on image, a job listening, the phone connected. */
struct world {
	struct mtkfw_emu *e;
	struct mtkfw_job *j;
	struct mtkfw_phone *p;
	struct said said;
	char store[4200];
};

static void open_world(struct world *w, const char *image)
{
	static int n;
	char err[256];
	struct mtkfw_emu_config cfg;
	struct mtkfw_job_config jc = MTKFW_INIT(jc);
	struct mtkfw_phone_opts po = MTKFW_INIT(po);
	memset(w, 0, sizeof(*w));
	snprintf(w->store, sizeof(w->store), "%s/store-%d", dir, n++);
	mtkfw_emu_config_default(&cfg);
	cfg.path[MTKFW_EMU_USER] = image;
	cfg.mode = MTKFW_EMU_PRELOADER;
	cfg.hwcode_quirk = false;
	cfg.da_path = da;
	assert_int_equal(mtkfw_emu_new(&cfg, &w->e, err, sizeof(err)), 0);
	jc.on_event = listen;
	jc.user = &w->said;
	jc.store = w->store;
	assert_int_equal(mtkfw_job_new(&jc, &w->j), 0);
	assert_int_equal(mtkfw_emu_transport(w->e, mtkfw_job_ctx(w->j), &po.transport), 0);
	po.da = da;
	int r = mtkfw_phone_open(w->j, &po, NULL, &w->p);
	if (r)
		print_message("phone: %s\n", w->said.message);
	assert_int_equal(r, 0);
	w->said = (struct said){0};
}

static void close_world(struct world *w)
{
	mtkfw_phone_close(w->j, w->p, false);
	mtkfw_job_free(w->j);
	mtkfw_emu_free(w->e);
}

/* The job refused with code, told it in one error event, ended "failed", and wrote nothing. */
static void refused(struct world *w, int rc, int code, const char *says)
{
	if (rc != code || !strstr(w->said.message, says))
		print_message("got %s: %s\n", mtkfw_error_name(rc), w->said.message);
	assert_int_equal(rc, code);
	assert_int_equal(w->said.errors, 1);
	assert_int_equal(w->said.code, code);
	assert_non_null(strstr(w->said.message, says));
	assert_string_equal(w->said.end, "failed");
	assert_int_equal(mtkfw_emu_changed_bytes(w->e), 0);
	w->said = (struct said){0};
}

static struct mtkfw_firmware *firmware(struct world *w, const char *path)
{
	struct mtkfw_firmware *fw;
	struct mtkfw_firmware_opts fo = MTKFW_INIT(fo);
	assert_int_equal(mtkfw_firmware_open(w->j, path, &fo, &fw), 0);
	return fw;
}

static int flash(struct world *w, const struct mtkfw_firmware *fw, enum mtkfw_flash_mode mode)
{
	struct mtkfw_flash_job_opts o = MTKFW_INIT(o);
	struct mtkfw_flash_job_result res = MTKFW_INIT(res);
	o.mode = mode;
	return mtkfw_job_flash(w->j, w->p, fw, &o, &res);
}

static int write_range(struct world *w, uint64_t start, uint64_t len, const char *file)
{
	struct mtkfw_write_opts o = MTKFW_INIT(o);
	struct mtkfw_write_result res = MTKFW_INIT(res);
	o.file = file;
	o.start = start;
	o.length = len;
	return mtkfw_job_write(w->j, w->p, &o, &res);
}

static int write_partition(struct world *w, const char *part, const char *file, bool any_kind)
{
	struct mtkfw_write_opts o = MTKFW_INIT(o);
	struct mtkfw_write_result res = MTKFW_INIT(res);
	o.file = file;
	o.partition = part;
	o.any_kind = any_kind;
	return mtkfw_job_write(w->j, w->p, &o, &res);
}

/* ---- refusals ---- */

static void a_foreign_boards_preloader_is_stopped(void **state)
{
	struct world w;
	(void)state;
	open_world(&w, base);
	struct mtkfw_firmware *fw = firmware(&w, foreign);
	refused(&w, flash(&w, fw, MTKFW_FLASH_DOWNLOAD), MTKFW_E_INCOMPATIBLE, "preloader");
	mtkfw_firmware_close(fw);
	close_world(&w);
}

static void another_layout_is_not_downloaded(void **state)
{
	struct world w;
	(void)state;
	open_world(&w, base);
	struct mtkfw_firmware *fw = firmware(&w, moved);
	int rc = flash(&w, fw, MTKFW_FLASH_DOWNLOAD);
	assert_string_equal(w.said.spft, "PMT changed for the ROM; it must be downloaded");
	refused(&w, rc, MTKFW_E_LAYOUT, "differs from the phone's partition table");
	mtkfw_firmware_close(fw);
	close_world(&w);
}

static void ranges_over_tables_identity_or_the_pmt_are_refused(void **state)
{
	struct world w;
	char *blob;
	static uint8_t zeros[0x10000];
	(void)state;
	blob = tu_write(dir, "blob.bin", zeros, sizeof(zeros));
	open_world(&w, base);
	refused(&w, write_range(&w, 0, 0x10000, blob), MTKFW_E_REFUSED, "a partition table");
	refused(&w, write_range(&w, NVRAM, 0x10000, blob), MTKFW_E_REFUSED,
		"an identity partition");
	refused(&w, write_range(&w, USER - 0x700000, 0x10000, blob), MTKFW_E_REFUSED, "PMT blocks");
	refused(&w, write_range(&w, USER - 0x8000, 0x10000, blob), MTKFW_E_INVALID_PARAM,
		"runs past the user area");
	close_world(&w);
	free(blob);
}

static void identity_and_preloader_partitions_need_their_option(void **state)
{
	struct world w;
	char nv[4400], pl[4400];
	(void)state;
	snprintf(nv, sizeof(nv), "%s/lk.bin", pkg);
	snprintf(pl, sizeof(pl), "%s/preloader_mtkfw_demo.bin", pkg);
	open_world(&w, base);
	refused(&w, write_partition(&w, "NVRAM", nv, false), MTKFW_E_REFUSED, "--write-identity");
	refused(&w, write_partition(&w, "PRELOADER", pl, false), MTKFW_E_REFUSED,
		"--write-preloader");
	close_world(&w);
}

static void an_image_of_another_kind_or_too_big_is_refused(void **state)
{
	struct world w;
	char logo[4400], *big;
	uint8_t *lk;
	size_t n;
	(void)state;
	snprintf(logo, sizeof(logo), "%s/logo.bin", pkg);
	char lkp[4400];
	snprintf(lkp, sizeof(lkp), "%s/lk.bin", pkg);
	lk = tu_read(lkp, &n);
	uint8_t *grown = calloc(1, 0x100000);
	memcpy(grown, lk, n < 0x100000 ? n : 0x100000);
	big = tu_write(dir, "lk-big.bin", grown, 0x100000); /* UBOOT holds 0x60000 */
	open_world(&w, base);
	refused(&w, write_partition(&w, "BOOTIMG", logo, false), MTKFW_E_FORMAT, "--any-kind");
	refused(&w, write_partition(&w, "UBOOT", big, true), MTKFW_E_FORMAT,
		"cannot go into UBOOT");
	close_world(&w);
	free(lk);
	free(grown);
	free(big);
}

static void formatting_identity_is_refused(void **state)
{
	struct world w;
	struct mtkfw_format_opts o = MTKFW_INIT(o);
	struct mtkfw_format_result res = MTKFW_INIT(res);
	(void)state;
	o.partition = "NVRAM";
	open_world(&w, base);
	refused(&w, mtkfw_job_format(w.j, w.p, &o, &res), MTKFW_E_REFUSED, "--force-identity");
	o.partition = NULL;
	o.area = MTKFW_PART_USER;
	o.start = 0x100000;
	o.length = 0x800000; /* PRO_INFO and NVRAM */
	refused(&w, mtkfw_job_format(w.j, w.p, &o, &res), MTKFW_E_REFUSED, "PRO_INFO, NVRAM");
	close_world(&w);
}

static void a_damaged_layout_stops_every_write(void **state)
{
	struct world w;
	char lk[4400];
	struct mtkfw_format_opts fo = MTKFW_INIT(fo);
	struct mtkfw_format_result fres = MTKFW_INIT(fres);
	(void)state;
	snprintf(lk, sizeof(lk), "%s/lk.bin", pkg);
	fo.all_except_bootloader = true;
	open_world(&w, damaged);
	struct mtkfw_firmware *fw = firmware(&w, pkg);
	/* download first finds the package's rows missing from what is left of the table */
	refused(&w, flash(&w, fw, MTKFW_FLASH_DOWNLOAD), MTKFW_E_LAYOUT, "is not on the phone");
	for (int m = MTKFW_FLASH_UPGRADE; m <= MTKFW_FLASH_FORMAT_ALL; m++)
		refused(&w, flash(&w, fw, (enum mtkfw_flash_mode)m), MTKFW_E_IDENTITY,
			"present but unreadable");
	refused(&w, mtkfw_job_format(w.j, w.p, &fo, &fres), MTKFW_E_IDENTITY,
		"present but unreadable");
	refused(&w, write_partition(&w, "UBOOT", lk, false), MTKFW_E_IDENTITY,
		"present but unreadable");
	mtkfw_firmware_close(fw);
	close_world(&w);
}

static void a_foreign_backup_and_a_range_over_identity_are_not_restored(void **state)
{
	struct world w;
	struct mtkfw_backup *b = malloc(sizeof(*b));
	struct mtkfw_restore_job_opts ro = MTKFW_INIT(ro);
	struct mtkfw_restore_job_result res = MTKFW_INIT(res);
	struct mtkfw_range nv = {MTKFW_PART_USER, NVRAM, 0x100000};
	char manifest[4400], *text;
	size_t n;
	(void)state;
	open_world(&w, base);
	/* this phone's NVRAM range, saved as a range: it may not go back over NVRAM */
	assert_int_equal(mtkfw_backup_range(mtkfw_phone_session(w.p), mtkfw_phone_layout(w.p),
					    "user-0x400000", &nv, w.store, NULL, NULL, b),
			 0);
	refused(&w, mtkfw_job_restore(w.j, w.p, b->dir, &ro, &res), MTKFW_E_IDENTITY,
		"now puts NVRAM there");
	/* the same backup said to be another eMMC's */
	snprintf(manifest, sizeof(manifest), "%s/manifest.json", b->dir);
	text = (char *)tu_read(manifest, &n);
	char *cid = strstr(text, "1101003030344739");
	assert_non_null(cid);
	memcpy(cid, "4501005345", 10);
	free(tu_write(b->dir, "manifest.json", text, n));
	refused(&w, mtkfw_job_restore(w.j, w.p, b->dir, &ro, &res), MTKFW_E_IDENTITY,
		"a backup of another phone");
	free(text);
	free(b);
	close_world(&w);
}

/* ---- what writing jobs do first ---- */

/* A copy of a phone's areas (sparse), for a job that writes. */
static void copy_phone(const char *from, const char *to)
{
	static const char *const areas[] = {"", ".boot1", ".boot2", ".rpmb"};
	for (size_t i = 0; i < 4; i++) {
		char a[4400], b[4400], cmd[9000];
		snprintf(a, sizeof(a), "%s%s", from, areas[i]);
		snprintf(b, sizeof(b), "%s%s", to, areas[i]);
		snprintf(cmd, sizeof(cmd), "cp --sparse=always '%s' '%s'", a, b);
		if (!access(a, F_OK))
			assert_int_equal(system(cmd), 0);
	}
}

static void a_write_saves_what_it_overwrites_and_guards_identity(void **state)
{
	struct world w;
	char copy[4400], boot[4400];
	struct mtkfw_write_opts o = MTKFW_INIT(o);
	struct mtkfw_write_result res = MTKFW_INIT(res);
	(void)state;
	snprintf(copy, sizeof(copy), "%s/write.img", dir);
	snprintf(boot, sizeof(boot), "%s/boot.img", pkg);
	copy_phone(base, copy);
	o.file = boot;
	o.partition = "RECOVERY";
	o.any_kind = true;
	open_world(&w, copy);
	/* what RECOVERY holds now, as read through the emulator */
	uint8_t *was = malloc(0x600000), *saved;
	size_t n;
	char path[4400];
	assert_int_equal(
		mtkfw_emu_read_area(w.e, MTKFW_EMU_USER, 0x2f80000 - MBR_BASE, was, 0x600000), 0);
	assert_int_equal(mtkfw_job_write(w.j, w.p, &o, &res), 0);
	assert_string_equal(w.said.end, "ok");
	assert_true(*res.saved && *res.identity_backup);
	snprintf(path, sizeof(path), "%s/RECOVERY.img", res.saved);
	saved = tu_read(path, &n);
	assert_int_equal(n, 0x600000);
	assert_memory_equal(saved, was, 0x600000);
	close_world(&w);
	free(was);
	free(saved);
}

/* A newer caller's bigger struct is taken when what the library does not know is zero. */
static void structs_of_other_sizes(void **state)
{
	struct {
		struct mtkfw_job_config c;
		char newer[16];
	} big;
	struct mtkfw_job *j = NULL;
	(void)state;
	memset(&big, 0, sizeof(big));
	big.c.size = sizeof(big);
	assert_int_equal(mtkfw_job_new(&big.c, &j), 0);
	mtkfw_job_free(j);
	big.newer[3] = 1; /* a field this library does not know, set: refused, not ignored */
	assert_int_equal(mtkfw_job_new(&big.c, &j), MTKFW_E_INVALID_PARAM);
	assert_null(j);
	big.c.size = sizeof(big.c) - 1; /* older than the first release */
	assert_int_equal(mtkfw_job_new(&big.c, &j), MTKFW_E_INVALID_PARAM);
	big.c.size = 0;
	assert_int_equal(mtkfw_job_new(&big.c, &j), MTKFW_E_INVALID_PARAM);
}

static void a_cancelled_job_says_so(void **state)
{
	struct world w;
	struct mtkfw_backup_job_opts o = MTKFW_INIT(o);
	const struct mtkfw_backup *b = NULL;
	(void)state;
	o.kind = MTKFW_BACKUP_IDENTITY;
	open_world(&w, base);
	mtkfw_job_cancel(w.j);
	assert_true(mtkfw_job_cancelled(w.j));
	int rc = mtkfw_job_backup(w.j, w.p, &o, &b);
	assert_int_equal(rc, MTKFW_E_CANCELLED);
	assert_null(b);
	assert_string_equal(w.said.end, "cancelled");
	assert_int_equal(mtkfw_emu_changed_bytes(w.e), 0);
	close_world(&w);
}

/* The progress events' times (CLOCK_MONOTONIC seconds), as a window's stream would see them. */
static double progress_t[4096];
static size_t progress_n;

static void time_progress(void *user, const struct mtkfw_event *ev)
{
	struct timespec t;
	(void)user;
	clock_gettime(CLOCK_MONOTONIC, &t);
	if (ev->kind == MTKFW_EVENT_PROGRESS && progress_n < 4096)
		progress_t[progress_n++] = (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/*
 * At most 10 PROGRESS events of one job (one phone) in any second, however many short steps it
 * runs (an identity backup's small reads, six small partitions in a tenth of a second), steps'
 * ends included; a job that reports keeps being heard (ten a second, not none).
 */
static void progress_is_at_most_ten_a_second(void **state)
{
	struct mtkfw_job_config c = MTKFW_INIT(c);
	struct mtkfw_job *j = NULL;
	struct timespec t0, t;
	(void)state;
	c.on_event = time_progress;
	assert_int_equal(mtkfw_job_new(&c, &j), 0);
	progress_n = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	unsigned step = 0;
	do { /* 1.5 s of tiny steps, each its start, a middle and its end */
		job_progress_step(j, "write", step++ % 2 ? "MBR" : "EBR1");
		job_progress(j, 0, 4096);
		job_progress(j, 2048, 4096);
		job_progress(j, 4096, 4096);
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while ((double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9 < 1.5);
	assert_true(step > 100);
	assert_true(progress_n >= 14); /* it still tells: about ten a second for 1.5 s */
	/* no 11 within one second; the sink sees each a little after the job chose to send it (the
	 * JSON is made between), by a delay that varies more under a sanitizer: 0.1 s allowed */
	for (size_t a = 0; a + 10 < progress_n; a++)
		assert_true(progress_t[a + 10] - progress_t[a] > 0.9);
	mtkfw_job_free(j);
}

/* The doctor's finding for each USB device Windows lists without a working COM port. */
struct kept_findings {
	char text[4][1200];
	size_t n;
};
static void keep_finding(void *user, const struct mtkfw_event *ev)
{
	struct kept_findings *k = user;
	if (ev->json && !strcmp(ev->name, "finding") && k->n < 4)
		snprintf(k->text[k->n++], sizeof(k->text[0]), "%s", ev->message);
}

static void windows_strays_are_named(void **state)
{
	struct mtkfw_job_config c = MTKFW_INIT(c);
	struct mtkfw_job *j = NULL;
	struct mtkfw_doctor_result r = MTKFW_INIT(r);
	struct kept_findings kept = {0};
	(void)state;
	c.on_event = keep_finding;
	c.user = &kept;
	assert_int_equal(mtkfw_job_new(&c, &j), 0);
	struct doctor d = {.j = j, .res = &r};
	doctor_stray(&d, 0x0e8d, 0x0003, "", "", 28);
	doctor_stray(&d, 0x0e8d, 0x2000, "USBDevice", "WinUSB", 0);
	doctor_stray(&d, 0x0e8d, 0x0003, "ports", "usbser", 10);
	doctor_stray(&d, 0, 2, "USB", "", 43);
	assert_int_equal(kept.n, 4);
	assert_non_null(strstr(kept.text[0], "0e8d:0003, boot ROM) is in Device Manager without "
					     "a driver (problem code 28)"));
	assert_non_null(strstr(kept.text[0], "INF of docs/windows.md"));
	assert_non_null(strstr(kept.text[1], "bound to the driver WinUSB (class USBDevice)"));
	assert_non_null(strstr(kept.text[1], "with --usb"));
	assert_non_null(strstr(kept.text[2], "cannot start (problem code 10)"));
	assert_non_null(strstr(kept.text[3], "'Unknown USB Device', problem code 43"));
	assert_int_equal(r.findings, 4);
	assert_int_equal(r.problems, 3); /* an unknown device may not be the phone: a warning */
	mtkfw_job_free(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_foreign_boards_preloader_is_stopped),
		cmocka_unit_test(another_layout_is_not_downloaded),
		cmocka_unit_test(ranges_over_tables_identity_or_the_pmt_are_refused),
		cmocka_unit_test(identity_and_preloader_partitions_need_their_option),
		cmocka_unit_test(an_image_of_another_kind_or_too_big_is_refused),
		cmocka_unit_test(formatting_identity_is_refused),
		cmocka_unit_test(a_damaged_layout_stops_every_write),
		cmocka_unit_test(a_foreign_backup_and_a_range_over_identity_are_not_restored),
		cmocka_unit_test(a_write_saves_what_it_overwrites_and_guards_identity),
		cmocka_unit_test(a_cancelled_job_says_so),
		cmocka_unit_test(progress_is_at_most_ten_a_second),
		cmocka_unit_test(structs_of_other_sizes),
		cmocka_unit_test(windows_strays_are_named),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
