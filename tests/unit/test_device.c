/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The host device stack (transport, BROM, DA file, legacy DA, session,
 * readback/format) against the virtual phone through the in-process link.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "demo.h"
#include "mtkfw_emu.h"
#include "testutil.h"

static char *dir;
static char da_path[4096];
static struct mtkfw_image_info pl_ok, pl_other;
static struct mtkfw_ctx *ctx;

static void make_preloader(const char *cid_hex9, struct mtkfw_image_info *info)
{
	struct demo_opts o = {.project = "t", .seed = 5, .n_emi = 1};
	char path[4096];
	for (int i = 0; i < 9; i++) {
		unsigned v;
		sscanf(cid_hex9 + 2 * i, "%2x", &v);
		o.emi_cid[0][i] = (uint8_t)v;
	}
	snprintf(path, sizeof(path), "%s/pl-%s.bin", dir, cid_hex9);
	assert_int_equal(demo_write_preloader(&o, path), 0);
	size_t n;
	uint8_t *b = tu_read(path, &n);
	assert_int_equal(mtkfw_image_identify(b, n, 0, info), 0);
	free(b);
}

static int setup(void **state)
{
	(void)state;
	char err[256];
	dir = tu_tmpdir();
	snprintf(da_path, sizeof(da_path), "%s/MTK_AllInOne_DA_mt6590.bin", dir);
	assert_int_equal(mtkfw_emu_make_da(da_path, err, sizeof(err)), 0);
	make_preloader("110100303034473930", &pl_ok);	 /* the virtual phone's Toshiba eMMC */
	make_preloader("150100344E35553030", &pl_other); /* a Samsung part only */
	return mtkfw_ctx_new(&ctx);
}

static int teardown(void **state)
{
	(void)state;
	mtkfw_image_info_clear(&pl_ok);
	mtkfw_image_info_clear(&pl_other);
	mtkfw_ctx_free(ctx);
	tu_rmtree(dir);
	free(dir);
	return 0;
}

static struct mtkfw_emu *phone(enum mtkfw_emu_mode mode, const char *fault)
{
	static int n;
	static char paths[128][512]; /* the emulator keeps the config's pointers */
	char err[256];
	struct mtkfw_emu_config cfg;
	mtkfw_emu_config_default(&cfg);
	char *path = paths[n % 128];
	snprintf(path, sizeof(paths[0]), "%s/u%d.img", dir, n++);
	cfg.path[MTKFW_EMU_USER] = path;
	cfg.size[MTKFW_EMU_USER] = 32 << 20;
	cfg.mode = mode;
	cfg.da_path = da_path;
	if (fault) {
		assert_int_equal(mtkfw_emu_parse_fault(fault, &cfg.faults[0], err, sizeof(err)), 0);
		cfg.n_faults = 1;
	}
	struct mtkfw_emu *e;
	assert_int_equal(mtkfw_emu_new(&cfg, &e, err, sizeof(err)), 0);
	return e;
}

static int open_session(struct mtkfw_emu *e, const struct mtkfw_image_info *pl,
			struct mtkfw_session **s)
{
	struct mtkfw_transport *t;
	assert_int_equal(mtkfw_emu_transport(e, ctx, &t), 0);
	struct mtkfw_session_opts o = {
		.transport = t, .da_path = da_path, .preloader = pl ? &pl->preloader : NULL};
	int r = mtkfw_session_open(ctx, &o, s);
	if (r)
		print_message("session: %s\n", mtkfw_ctx_errmsg(ctx));
	return r;
}

static void brom_session_reports_the_phone(void **state)
{
	(void)state;
	struct mtkfw_emu *e = phone(MTKFW_EMU_BROM, NULL);
	struct mtkfw_session *s;
	assert_int_equal(open_session(e, &pl_ok, &s), 0);
	const struct mtkfw_brom_info *b = mtkfw_session_brom(s);
	const struct mtkfw_flash_info *f = mtkfw_session_flash(s);
	assert_false(b->preloader);
	assert_string_equal(b->chip->name, "MT6572");
	assert_int_equal(b->hw_ver, 0xCA01);
	assert_int_equal(b->me_id_len, 16);
	assert_int_equal(f->da_major, 4);
	assert_int_equal(f->bbchip, 0x88);
	assert_int_equal(f->dram_status, 0xBC3);
	assert_int_equal(f->emi_used, 0);
	assert_int_equal(f->user, 32 << 20);
	assert_int_equal(f->boot1, 0x200000);
	assert_int_equal(f->ram_size, 0x20000000);
	assert_int_equal(f->cid[0], 0x11); /* CID back in byte order */
	assert_memory_equal(f->cid + 3, "004G90", 6);
	assert_int_equal(mtkfw_session_reboot(s), 0);
	mtkfw_session_close(s);
	mtkfw_emu_free(e);
}

static void preloader_session_needs_no_emi_and_survives_the_quirk(void **state)
{
	(void)state;
	struct mtkfw_emu *e = phone(MTKFW_EMU_PRELOADER, NULL);
	struct mtkfw_session *s;
	assert_int_equal(open_session(e, NULL, &s), 0);
	assert_true(mtkfw_session_brom(s)->preloader);
	assert_int_equal(mtkfw_session_flash(s)->dram_status, 0);
	assert_int_equal(mtkfw_session_flash(s)->emi_used, -1);
	mtkfw_session_close(s);
	mtkfw_emu_free(e);
}

static void foreign_preloader_is_refused_before_any_write(void **state)
{
	(void)state;
	char fresh[4200];
	snprintf(fresh, sizeof(fresh), "%s/fresh-store", dir); /* no remembered EMI here */
	setenv("MTKFW_STORE", fresh, 1);
	struct mtkfw_emu *e = phone(MTKFW_EMU_BROM, NULL);
	struct mtkfw_session *s = NULL;
	assert_int_equal(open_session(e, &pl_other, &s), MTKFW_E_DRAM);
	assert_true(tu_errmsg_has(ctx, "4032 S_FT_ENABLE_DRAM_FAIL"));
	assert_true(tu_errmsg_has(ctx, "Nothing was written"));
	assert_string_equal(mtkfw_ctx_step(ctx), "dram");
	mtkfw_emu_free(e);
	e = phone(MTKFW_EMU_BROM, NULL);
	assert_int_equal(open_session(e, NULL, &s), MTKFW_E_DRAM);
	assert_true(tu_errmsg_has(ctx, "5054 S_DL_GET_DRAM_SETTING_FAIL"));
	mtkfw_emu_free(e);
}

static int pattern(void *user, uint8_t *buf, size_t n)
{
	uint64_t *pos = user;
	for (size_t i = 0; i < n; i++)
		buf[i] = (uint8_t)((*pos + i) * 13 + 1);
	*pos += n;
	return 0;
}

static void readback_format_and_hash(void **state)
{
	(void)state;
	struct mtkfw_emu *e = phone(MTKFW_EMU_PRELOADER, NULL);
	struct mtkfw_session *s;
	assert_int_equal(open_session(e, NULL, &s), 0);
	uint64_t pos = 0, done;
	struct mtkfw_range r = {MTKFW_PART_USER, 0x400000, 3 << 20};
	assert_int_equal(mtkfw_da_write(mtkfw_session_da(s), MTKFW_PART_USER, 0x400000, 1 << 20,
					pattern, &pos, NULL, NULL, &done),
			 0);
	assert_int_equal(done, 1 << 20);
	char path[4096];
	snprintf(path, sizeof(path), "%s/rb.bin", dir);
	struct mtkfw_readback_result res;
	assert_int_equal(mtkfw_readback_file(s, &r, path, NULL, NULL, &res), 0);
	assert_int_equal(res.bytes, 3 << 20);
	assert_int_equal(res.zero_bytes, 2 << 20);
	size_t n;
	uint8_t *b = tu_read(path, &n);
	assert_int_equal(n, 3 << 20);
	for (size_t i = 0; i < (1 << 20); i++)
		assert_int_equal(b[i], (uint8_t)(i * 13 + 1));
	free(b);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_blocks * 512 < (2 << 20)); /* the zeros are holes */
	uint8_t h1[32], h2[32];
	assert_int_equal(mtkfw_hash_range(s, &r, h1, NULL, NULL), 0);
	assert_memory_equal(h1, res.sha256, 32);
	r.length = 1 << 20;
	assert_int_equal(mtkfw_format_range(s, &r, NULL, NULL), 0);
	r.length = 3 << 20;
	assert_int_equal(mtkfw_hash_range(s, &r, h2, NULL, NULL), 0);
	assert_memory_not_equal(h1, h2, 32);
	struct mtkfw_range bad = {MTKFW_PART_USER, 31 << 20, 2 << 20};
	assert_int_equal(mtkfw_format_range(s, &bad, NULL, NULL), MTKFW_E_INVALID_PARAM);
	mtkfw_session_close(s);
	mtkfw_emu_free(e);
}

/* A read in a session with a fault: the host must fail with code, never hang. */
static int faulty_read(const char *fault, struct mtkfw_emu **ep)
{
	struct mtkfw_emu *e = phone(MTKFW_EMU_PRELOADER, fault);
	struct mtkfw_session *s;
	int r = open_session(e, NULL, &s);
	if (!r) {
		struct mtkfw_range rg = {MTKFW_PART_USER, 0, 3 << 20};
		uint8_t h[32];
		r = mtkfw_hash_range(s, &rg, h, NULL, NULL);
		mtkfw_session_close(s);
	}
	if (ep)
		*ep = e;
	else
		mtkfw_emu_free(e);
	return r;
}

static int faulty_write(const char *fault)
{
	struct mtkfw_emu *e = phone(MTKFW_EMU_PRELOADER, fault);
	struct mtkfw_session *s;
	uint64_t pos = 0, done = 0;
	int r = open_session(e, NULL, &s);
	if (!r) {
		r = mtkfw_da_write(mtkfw_session_da(s), MTKFW_PART_USER, 0, 3 << 20, pattern, &pos,
				   NULL, NULL, &done);
		mtkfw_session_close(s);
	}
	mtkfw_emu_free(e);
	return r;
}

static void faults_become_errors_not_hangs(void **state)
{
	(void)state;
	assert_int_equal(faulty_read("disconnect-at:read", NULL), MTKFW_E_DISCONNECTED);
	assert_int_equal(faulty_read("corrupt-byte:2000000", NULL), MTKFW_E_CHECKSUM);
	assert_int_equal(faulty_read("bad-checksum:read", NULL), MTKFW_E_CHECKSUM);
	assert_int_equal(faulty_read("stall:read:200", NULL), 0); /* shorter than the timeout */
	assert_int_equal(faulty_read("refuse-handshake:3", NULL), 0);
	assert_int_equal(faulty_read("disconnect-at:da2-upload", NULL), MTKFW_E_DISCONNECTED);
	assert_string_equal(mtkfw_ctx_step(ctx), "da2");
	assert_int_equal(faulty_write("nack-packet:2"), MTKFW_E_CHECKSUM);
	assert_int_equal(faulty_write("bad-sectors:1048576:512"), MTKFW_E_DEVICE_STORAGE);
	assert_int_equal(faulty_write("power-loss:2"), MTKFW_E_DISCONNECTED);
}

static void wrong_da_means_no_response(void **state)
{
	(void)state;
	char other[4096], err[256];
	struct mtkfw_emu_config cfg;
	struct mtkfw_emu *e;
	struct mtkfw_session *s;
	snprintf(other, sizeof(other), "%s/other.img", dir);
	mtkfw_emu_config_default(&cfg);
	cfg.path[MTKFW_EMU_USER] = other;
	cfg.size[MTKFW_EMU_USER] = 1 << 20;
	cfg.mode = MTKFW_EMU_PRELOADER;
	cfg.accept_any_da = false;
	cfg.da_path = NULL;
	assert_int_equal(mtkfw_emu_new(&cfg, &e, err, sizeof(err)), 0);
	/* A DA file without an MT6572 entry: refused before anything is sent. */
	size_t n;
	uint8_t *f = tu_read(da_path, &n);
	f[0x6C + 2] = 0x99; /* the MT6572 entry now claims another chip */
	char *bad = tu_write(dir, "bad_da.bin", f, n);
	free(f);
	struct mtkfw_transport *t;
	assert_int_equal(mtkfw_emu_transport(e, ctx, &t), 0);
	struct mtkfw_session_opts o = {.transport = t, .da_path = bad};
	assert_int_equal(mtkfw_session_open(ctx, &o, &s), MTKFW_E_DA_FILE);
	assert_true(tu_errmsg_has(ctx, "no DA for hw code 0x6572"));
	free(bad);
	mtkfw_emu_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(brom_session_reports_the_phone),
		cmocka_unit_test(preloader_session_needs_no_emi_and_survives_the_quirk),
		cmocka_unit_test(foreign_preloader_is_refused_before_any_write),
		cmocka_unit_test(readback_format_and_hash),
		cmocka_unit_test(faults_become_errors_not_hangs),
		cmocka_unit_test(wrong_da_means_no_response),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
