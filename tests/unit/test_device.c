/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The host device stack (transport, BROM, DA file, legacy DA, session,
 * readback/format) against the virtual phone through the in-process link.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "demo.h"
#include "link_priv.h"
#include "mtkfw_emu.h"
#include "testutil.h"

static struct mtkfw_image_info pl_ok, pl_other;

static void make_preloader(const char *cid_hex9, struct mtkfw_image_info *info)
{
	struct demo_opts o = {.project = "t", .seed = 5, .n_emi = 1};
	char name[64];
	tu_unhex(cid_hex9, o.emi_cid[0]);
	snprintf(name, sizeof(name), "pl-%s.bin", cid_hex9);
	size_t n;
	uint8_t *b = tu_demo_image(demo_write_preloader, &o, name, &n);
	assert_int_equal(mtkfw_image_identify(b, n, 0, info), 0);
	free(b);
}

static int setup(void **state)
{
	int r = tu_setup_phone(state);
	if (!r) {
		make_preloader("110100303034473930", &pl_ok); /* the virtual phone's Toshiba eMMC */
		make_preloader("150100344E35553030", &pl_other); /* a Samsung part only */
	}
	return r;
}

static int teardown(void **state)
{
	mtkfw_image_info_clear(&pl_ok);
	mtkfw_image_info_clear(&pl_other);
	return tu_teardown(state);
}

static struct mtkfw_emu *phone_v(enum mtkfw_emu_mode mode, const char *fault, unsigned variants);

static struct mtkfw_emu *phone(enum mtkfw_emu_mode mode, const char *fault)
{
	return phone_v(mode, fault, 0);
}

/* A virtual phone with a fault (or NULL) and variants (enum mtkfw_emu_variant bits). */
static struct mtkfw_emu *phone_v(enum mtkfw_emu_mode mode, const char *fault, unsigned variants)
{
	return tu_phone(&(struct tu_phone_opts){
		.mode = mode, .user_size = 32 << 20, .fault = fault, .variants = variants});
}

static int open_session(struct mtkfw_emu *e, const struct mtkfw_image_info *pl,
			struct mtkfw_session **s)
{
	struct mtkfw_transport *t;
	assert_int_equal(mtkfw_emu_transport(e, tu_ctx, &t), 0);
	struct mtkfw_session_opts o = {
		.transport = t, .da_path = tu_da_path, .preloader = pl ? &pl->preloader : NULL};
	int r = mtkfw_session_open(tu_ctx, &o, s);
	if (r)
		print_message("session: %s\n", mtkfw_ctx_errmsg(tu_ctx));
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

/* A DA that sends 16 bytes of information before its EMI request: DRAM comes up all the same. */
static void emi_request_after_information_is_taken(void **state)
{
	(void)state;
	struct mtkfw_emu *e = phone_v(MTKFW_EMU_BROM, NULL, MTKFW_VARIANT_EMI_INFO_FIRST);
	struct mtkfw_session *s;
	assert_int_equal(open_session(e, &pl_ok, &s), 0);
	assert_int_equal(mtkfw_session_flash(s)->dram_status, 0xBC3);
	assert_int_equal(mtkfw_session_flash(s)->emi_used, 0);
	assert_int_equal(mtkfw_session_reboot(s), 0);
	mtkfw_session_close(s);
	mtkfw_emu_free(e);
}

/* A flash-info report that says the eMMC failed ends the session before any command. */
static void an_emmc_failure_in_the_flash_info_is_refused(void **state)
{
	(void)state;
	struct mtkfw_emu *e = phone_v(MTKFW_EMU_PRELOADER, NULL, MTKFW_VARIANT_FLASH_INFO_FAIL);
	struct mtkfw_session *s = NULL;
	assert_int_equal(open_session(e, NULL, &s), MTKFW_E_DEVICE_STORAGE);
	assert_null(s);
	assert_true(tu_errmsg_has(tu_ctx, "eMMC status 0x00000c4d"));
	assert_string_equal(mtkfw_ctx_step(tu_ctx), "flash-info");
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
	snprintf(fresh, sizeof(fresh), "%s/fresh-store", tu_dir); /* no remembered EMI here */
	setenv("MTKFW_STORE", fresh, 1);
	struct mtkfw_emu *e = phone(MTKFW_EMU_BROM, NULL);
	struct mtkfw_session *s = NULL;
	assert_int_equal(open_session(e, &pl_other, &s), MTKFW_E_DRAM);
	assert_true(tu_errmsg_has(tu_ctx, "4032 S_FT_ENABLE_DRAM_FAIL"));
	assert_true(tu_errmsg_has(tu_ctx, "Nothing was written"));
	assert_string_equal(mtkfw_ctx_step(tu_ctx), "dram");
	mtkfw_emu_free(e);
	e = phone(MTKFW_EMU_BROM, NULL);
	assert_int_equal(open_session(e, NULL, &s), MTKFW_E_DRAM);
	assert_true(tu_errmsg_has(tu_ctx, "5054 S_DL_GET_DRAM_SETTING_FAIL"));
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

/* Write the pattern to len bytes of the user area at addr; returns the bytes acknowledged. */
static uint64_t write_pattern(struct mtkfw_session *s, uint64_t addr, uint64_t len)
{
	uint64_t pos = 0, done = 0;
	assert_int_equal(mtkfw_da_write(mtkfw_session_da(s), MTKFW_PART_USER, addr, len, pattern,
					&pos, NULL, NULL, &done),
			 0);
	return done;
}

static void readback_format_and_hash(void **state)
{
	(void)state;
	struct mtkfw_emu *e = phone(MTKFW_EMU_PRELOADER, NULL);
	struct mtkfw_session *s;
	assert_int_equal(open_session(e, NULL, &s), 0);
	struct mtkfw_range r = {MTKFW_PART_USER, 0x400000, 3 << 20};
	assert_int_equal(write_pattern(s, 0x400000, 1 << 20), 1 << 20);
	char path[4096];
	snprintf(path, sizeof(path), "%s/rb.bin", tu_dir);
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
	assert_int_equal(faulty_read("corrupt-byte:2000000", NULL), 0); /* read again */
	assert_int_equal(faulty_read("bad-checksum:read", NULL), 0);
	assert_int_equal(faulty_read("bad-read:1048576", NULL), MTKFW_E_CHECKSUM);
	assert_true(tu_errmsg_has(tu_ctx,
				  "read at 0x100000: the packet there arrived damaged 3 times"));
	assert_int_equal(faulty_read("stall:read:200", NULL), 0); /* shorter than the timeout */
	assert_int_equal(faulty_read("refuse-handshake:3", NULL), 0);
	assert_int_equal(faulty_read("disconnect-at:da2-upload", NULL), MTKFW_E_DISCONNECTED);
	assert_string_equal(mtkfw_ctx_step(tu_ctx), "da2");
	assert_int_equal(faulty_write("nack-packet:2"), MTKFW_E_CHECKSUM);
	assert_int_equal(faulty_write("bad-sectors:1048576:512"), MTKFW_E_DEVICE_STORAGE);
	assert_int_equal(faulty_write("power-loss:2"), MTKFW_E_DISCONNECTED);
}

/*
 * Refused writes and formats, with a status after the A5 or without: the
 * error says which, and the next command works (no byte was left over or
 * answered that the DA did not ask for).
 */
static void refusals_with_or_without_a_status(void **state)
{
	(void)state;
	for (int bare = 0; bare < 2; bare++) {
		struct mtkfw_emu *e =
			phone_v(MTKFW_EMU_PRELOADER, NULL, bare ? MTKFW_VARIANT_NACK_BARE : 0);
		struct mtkfw_session *s;
		struct mtkfw_range r = {MTKFW_PART_USER, 0, 1 << 20};
		uint8_t h[32];
		assert_int_equal(open_session(e, NULL, &s), 0);
		struct mtkfw_da *da = mtkfw_session_da(s);
		assert_int_equal(mtkfw_da_write_begin(da, MTKFW_PART_USER, 64 << 20, 512),
				 MTKFW_E_NACK);
		assert_true(tu_errmsg_has(tu_ctx, bare ? "(no status)" : "(status 0xc0050005)"));
		assert_int_equal(mtkfw_da_format(da, MTKFW_PART_USER, 64 << 20, 512, NULL, NULL),
				 MTKFW_E_NACK);
		assert_true(tu_errmsg_has(tu_ctx, bare ? "(0xa5, no status)" : "then 0xc0050005"));
		assert_int_equal(mtkfw_hash_range(s, &r, h, NULL, NULL), 0);
		mtkfw_session_close(s);
		mtkfw_emu_free(e);
	}
}

/* A bulk write of whole packets is ended by a zero-length packet (other hosts do). */
static void usb_ends_whole_packets_with_a_zlp(void **state)
{
	(void)state;
	assert_true(usb_needs_zlp(512, 512));
	assert_true(usb_needs_zlp(0x100000, 512));
	assert_true(usb_needs_zlp(64, 64));
	assert_false(usb_needs_zlp(513, 512));
	assert_false(usb_needs_zlp(1, 512));
	assert_false(usb_needs_zlp(0, 512));
	assert_false(usb_needs_zlp(1024, 0)); /* no endpoint size known */
}

/* A packet the link damaged is read again: the same bytes as a clean read, each stored once. */
static void a_damaged_read_packet_is_read_again(void **state)
{
	(void)state;
	struct mtkfw_emu *e = phone(MTKFW_EMU_PRELOADER, "bad-checksum:read");
	struct mtkfw_session *s;
	uint8_t h1[32], h2[32];
	struct mtkfw_range r = {MTKFW_PART_USER, 0, 3 << 20};
	assert_int_equal(open_session(e, NULL, &s), 0);
	assert_int_equal(write_pattern(s, 0, 3 << 20), 3 << 20);
	assert_int_equal(mtkfw_hash_range(s, &r, h1, NULL, NULL), 0); /* first packet damaged */
	assert_int_equal(mtkfw_hash_range(s, &r, h2, NULL, NULL), 0); /* the fault has fired */
	assert_memory_equal(h1, h2, 32);
	mtkfw_session_close(s);
	mtkfw_emu_free(e);
}

/*
 * A DA whose read checksum is the XOR of 16-bit words: learned on a second
 * reading of the first packet that tells the rules apart, the same bytes as
 * over a byte-sum DA; a packet damaged on the link is still read again.
 */
static void a_read_checksum_by_xor_is_learned_and_checked(void **state)
{
	(void)state;
	uint8_t want[32], got[32];
	struct mtkfw_range r = {MTKFW_PART_USER, 0, 3 << 20};
	struct mtkfw_session *s;
	struct mtkfw_emu *e = phone(MTKFW_EMU_PRELOADER, NULL);
	assert_int_equal(open_session(e, NULL, &s), 0);
	assert_int_equal(write_pattern(s, 0, 3 << 20), 3 << 20);
	assert_int_equal(mtkfw_hash_range(s, &r, want, NULL, NULL), 0);
	mtkfw_session_close(s);
	const char *faults[] = {NULL, "bad-checksum:read"};
	for (int i = 0; i < 2; i++) {
		struct mtkfw_emu *x =
			phone_v(MTKFW_EMU_PRELOADER, faults[i], MTKFW_VARIANT_READ_SUM_XOR);
		assert_int_equal(open_session(x, NULL, &s), 0);
		assert_int_equal(write_pattern(s, 0, 3 << 20), 3 << 20);
		assert_int_equal(mtkfw_hash_range(s, &r, got, NULL, NULL), 0);
		assert_memory_equal(want, got, 32);
		mtkfw_session_close(s);
		mtkfw_emu_free(x);
	}
	mtkfw_emu_free(e);
}

/*
 * What an erase leaves is learned from the session's first erase, read back;
 * a file's hole is written back as zeros whether the phone's erase leaves
 * zeros (then it is erased) or 0xFF (then zeros are sent).
 */
static void zeros_are_zeros_whatever_an_erase_leaves(void **state)
{
	(void)state;
	uint8_t *buf = malloc(4 << 20), *back = malloc(4 << 20);
	assert_non_null(buf);
	assert_non_null(back);
	memset(buf, 0x5A, 4 << 20);
	memset(buf + (1 << 20), 0, 2 << 20);
	char path[4200];
	snprintf(path, sizeof(path), "%s/holes.bin", tu_dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, buf, 1 << 20, 0), 1 << 20); /* data, a 2 MiB hole, data */
	assert_int_equal(pwrite(fd, buf + (3 << 20), 1 << 20, 3 << 20), 1 << 20);
	close(fd);
	for (int ff = 0; ff < 2; ff++) {
		struct mtkfw_emu *e =
			phone_v(MTKFW_EMU_PRELOADER, NULL, ff ? MTKFW_VARIANT_ERASE_FF : 0);
		struct mtkfw_session *s;
		struct mtkfw_range r = {MTKFW_PART_USER, 0x400000, 4 << 20};
		assert_int_equal(open_session(e, NULL, &s), 0);
		struct mtkfw_da *da = mtkfw_session_da(s);
		assert_int_equal(write_pattern(s, 0x400000, 4 << 20), 4 << 20);
		assert_int_equal(mtkfw_da_erase_fill(da), MTKFW_ERASE_UNKNOWN);
		assert_int_equal(mtkfw_write_file_to(s, path, &r, NULL, NULL), 0);
		assert_int_equal(mtkfw_da_erase_fill(da), ff ? 0xFF : 0x00);
		assert_int_equal(mtkfw_read_mem(s, &r, back), 0);
		assert_memory_equal(buf, back, 4 << 20);
		struct mtkfw_range big = {MTKFW_PART_USER, 0x800000, 2 << 20};
		bool erased;
		assert_int_equal(mtkfw_erase_to_zeros(s, &big, &erased), 0);
		assert_int_equal(erased, !ff); /* 0xFF known: no erase, the caller writes */
		mtkfw_session_close(s);
		mtkfw_emu_free(e);
	}
	free(buf);
	free(back);
}

/*
 * A link like a pty: at most 4 KiB per read, and every other look without
 * waiting (timeout 0) finds nothing yet, unless busy (the phone always has
 * bytes on the way). fail_after > 0: reads fail with an I/O error once that
 * many bytes came in.
 */
struct slow_link {
	struct mtkfw_emu *e;
	unsigned looks;
	bool busy;
	uint64_t in, fail_after;
};

static int slow_read(void *impl, void *buf, size_t len, unsigned timeout_ms, size_t *got)
{
	struct slow_link *l = impl;
	if (l->fail_after && l->in >= l->fail_after)
		return MTKFW_E_IO;
	if (!timeout_ms && !l->busy && l->looks++ % 2 == 0)
		return MTKFW_E_TIMEOUT;
	*got = mtkfw_emu_pull(l->e, buf, len < 4096 ? len : 4096);
	l->in += *got;
	return *got ? 0 : MTKFW_E_TIMEOUT;
}

static int slow_write(void *impl, const void *buf, size_t len, unsigned timeout_ms, size_t *sent)
{
	struct slow_link *l = impl;
	(void)timeout_ms;
	mtkfw_emu_feed(l->e, buf, len);
	*sent = len;
	return 0;
}

static void slow_close(void *impl)
{
	mtkfw_emu_disconnect(((struct slow_link *)impl)->e);
}

static const struct mtkfw_transport_ops slow_ops = {
	.name = "slow", .read = slow_read, .write = slow_write, .close = slow_close};

/* A session with l->e over the slow link l (which must outlive it). */
static struct mtkfw_session *slow_session(struct slow_link *l)
{
	struct mtkfw_transport *t;
	struct mtkfw_session *s;
	mtkfw_emu_connect(l->e);
	assert_int_equal(mtkfw_transport_new(tu_ctx, &slow_ops, l, &t), 0);
	struct mtkfw_session_opts o = {.transport = t, .da_path = tu_da_path};
	assert_int_equal(mtkfw_session_open(tu_ctx, &o, &s), 0);
	return s;
}

/* Readback of r into path over a slow link; the readback's result code. */
static int slow_readback(struct mtkfw_emu *e, uint64_t fail_after, const struct mtkfw_range *r,
			 const char *path, struct mtkfw_readback_result *res)
{
	struct slow_link l = {.e = e, .fail_after = fail_after};
	struct mtkfw_session *s = slow_session(&l);
	int rc = mtkfw_readback_file(s, r, path, NULL, NULL, res);
	mtkfw_session_close(s);
	return rc;
}

/*
 * Over a link that often has nothing waiting, the readback stores the last
 * packet in those moments: same file, same hash as over the direct link. A
 * failing link is reported as the link's failure, not as the file's.
 */
static void readback_stores_while_the_link_is_idle(void **state)
{
	(void)state;
	struct mtkfw_emu *e = phone(MTKFW_EMU_PRELOADER, NULL);
	struct mtkfw_session *s;
	assert_int_equal(open_session(e, NULL, &s), 0);
	struct mtkfw_range r = {MTKFW_PART_USER, 0x400000, 4 << 20};
	write_pattern(s, 0x500000, 2 << 20);
	char direct[4096], slow[4096];
	snprintf(direct, sizeof(direct), "%s/direct.bin", tu_dir);
	snprintf(slow, sizeof(slow), "%s/slow.bin", tu_dir);
	struct mtkfw_readback_result a, b;
	assert_int_equal(mtkfw_readback_file(s, &r, direct, NULL, NULL, &a), 0);
	mtkfw_session_close(s);
	assert_int_equal(slow_readback(e, 0, &r, slow, &b), 0);
	assert_memory_equal(a.sha256, b.sha256, 32);
	assert_int_equal(a.zero_bytes, b.zero_bytes);
	size_t na, nb;
	uint8_t *fa = tu_read(direct, &na), *fb = tu_read(slow, &nb);
	assert_int_equal(na, nb);
	assert_memory_equal(fa, fb, na);
	free(fa);
	free(fb);
	assert_int_equal(slow_readback(e, (2 << 20) + 4096, &r, slow, &b), MTKFW_E_IO);
	assert_true(tu_errmsg_has(tu_ctx, "read data"));
	assert_false(tu_errmsg_has(tu_ctx, "cannot write the readback"));
	mtkfw_emu_free(e);
}

/* What a readback's sink saw: its calls, their largest, and the data's check. */
struct sink_log {
	struct slow_link *link;
	uint64_t pos, calls, largest, behind; /* behind: link bytes in minus bytes stored, max */
	bool in_order;
};

static int logging_sink(void *user, const uint8_t *data, size_t n)
{
	struct sink_log *g = user;
	for (size_t i = 0; i < n; i++)
		g->in_order &= data[i] == (uint8_t)((g->pos + i) * 13 + 1);
	g->pos += n;
	g->calls++;
	g->largest = n > g->largest ? n : g->largest;
	g->behind = g->link->in - g->pos > g->behind ? g->link->in - g->pos : g->behind;
	return 0;
}

/*
 * On a link that always has the next bytes on the way, the held packet is
 * stored in step with the reads, never in one go between packets (which
 * stopped a pty for as long as storing 1 MiB took): every sink call but the
 * last packet's is at most one read's 4 KiB, and storing is never more than
 * two packets behind what came in.
 */
static void readback_stores_in_step_with_a_busy_link(void **state)
{
	(void)state;
	struct mtkfw_emu *e = phone(MTKFW_EMU_PRELOADER, NULL);
	struct mtkfw_session *s;
	assert_int_equal(open_session(e, NULL, &s), 0);
	write_pattern(s, 0x400000, 4 << 20);
	mtkfw_session_close(s);

	struct slow_link l = {.e = e, .busy = true};
	s = slow_session(&l);
	struct sink_log g = {.link = &l, .in_order = true};
	assert_int_equal(mtkfw_da_read(mtkfw_session_da(s), MTKFW_PART_USER, 0x400000, 4 << 20,
				       logging_sink, &g, NULL, NULL),
			 0);
	mtkfw_session_close(s);
	assert_true(g.in_order);
	assert_int_equal(g.pos, 4 << 20);
	/* 1 MiB packets: three are stored 4 KiB at a time, the last one whole */
	assert_int_equal(g.calls, 3 * 256 + 1);
	assert_int_equal(g.largest, 1 << 20);
	assert_true(g.behind <= (2 << 20) + 2 * 2);
	mtkfw_emu_free(e);
}

/* A file that cannot grow: the readback says so, with the write's own reason. */
static void readback_file_write_failure_is_named(void **state)
{
	(void)state;
	struct mtkfw_emu *e = phone(MTKFW_EMU_PRELOADER, NULL);
	struct mtkfw_session *s;
	assert_int_equal(open_session(e, NULL, &s), 0);
	write_pattern(s, 0x400000, 2 << 20);
	struct mtkfw_range r = {MTKFW_PART_USER, 0x400000, 2 << 20};
	char path[4096];
	snprintf(path, sizeof(path), "%s/big.bin", tu_dir);
	struct rlimit old, small = {1 << 20, 1 << 20};
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small.rlim_max = old.rlim_max;
	void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	struct mtkfw_readback_result res;
	int rc = mtkfw_readback_file(s, &r, path, NULL, NULL, &res);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, was);
	assert_int_equal(rc, MTKFW_E_IO);
	assert_true(tu_errmsg_has(tu_ctx, "cannot write the readback: File too large"));
	mtkfw_session_close(s);
	mtkfw_emu_free(e);
}

/* Serial ports: a read with timeout 0 takes only what waits, and returns at once. */
static void serial_read_without_waiting(void **state)
{
	(void)state;
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	assert_true(m >= 0 && !grantpt(m) && !unlockpt(m));
	struct mtkfw_transport *t;
	assert_int_equal(mtkfw_serial_open(tu_ctx, ptsname(m), &t), 0);
	uint8_t buf[16];
	size_t got = 1;
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(mtkfw_transport_read_some(t, buf, sizeof(buf), 0, &got), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	assert_int_equal(got, 0);
	assert_true((b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000 < 500);
	assert_int_equal(write(m, "ab", 2), 2);
	assert_int_equal(mtkfw_transport_read_some(t, buf, sizeof(buf), 2000, &got), 0);
	assert_int_equal(got, 2);
	assert_memory_equal(buf, "ab", 2);
	mtkfw_transport_close(t);
	close(m);
}

static void wrong_da_means_no_response(void **state)
{
	(void)state;
	char other[4096], err[256];
	struct mtkfw_emu_config cfg;
	struct mtkfw_emu *e;
	struct mtkfw_session *s;
	snprintf(other, sizeof(other), "%s/other.img", tu_dir);
	mtkfw_emu_config_default(&cfg);
	cfg.path[MTKFW_EMU_USER] = other;
	cfg.size[MTKFW_EMU_USER] = 1 << 20;
	cfg.mode = MTKFW_EMU_PRELOADER;
	cfg.accept_any_da = false;
	cfg.da_path = NULL;
	assert_int_equal(mtkfw_emu_new(&cfg, &e, err, sizeof(err)), 0);
	/* A DA file without an MT6572 entry: refused before anything is sent. */
	size_t n;
	uint8_t *f = tu_read(tu_da_path, &n);
	f[0x6C + 2] = 0x99; /* the MT6572 entry now claims another chip */
	char *bad = tu_write(tu_dir, "bad_da.bin", f, n);
	free(f);
	struct mtkfw_transport *t;
	assert_int_equal(mtkfw_emu_transport(e, tu_ctx, &t), 0);
	struct mtkfw_session_opts o = {.transport = t, .da_path = bad};
	assert_int_equal(mtkfw_session_open(tu_ctx, &o, &s), MTKFW_E_DA_FILE);
	assert_true(tu_errmsg_has(tu_ctx, "no DA for hw code 0x6572"));
	free(bad);
	mtkfw_emu_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(brom_session_reports_the_phone),
		cmocka_unit_test(emi_request_after_information_is_taken),
		cmocka_unit_test(an_emmc_failure_in_the_flash_info_is_refused),
		cmocka_unit_test(preloader_session_needs_no_emi_and_survives_the_quirk),
		cmocka_unit_test(foreign_preloader_is_refused_before_any_write),
		cmocka_unit_test(readback_format_and_hash),
		cmocka_unit_test(faults_become_errors_not_hangs),
		cmocka_unit_test(a_damaged_read_packet_is_read_again),
		cmocka_unit_test(a_read_checksum_by_xor_is_learned_and_checked),
		cmocka_unit_test(zeros_are_zeros_whatever_an_erase_leaves),
		cmocka_unit_test(usb_ends_whole_packets_with_a_zlp),
		cmocka_unit_test(refusals_with_or_without_a_status),
		cmocka_unit_test(wrong_da_means_no_response),
		cmocka_unit_test(readback_stores_while_the_link_is_idle),
		cmocka_unit_test(readback_stores_in_step_with_a_busy_link),
		cmocka_unit_test(readback_file_write_failure_is_named),
		cmocka_unit_test(serial_read_without_waiting),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
