/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The virtual phone driven byte by byte. Expected bytes come from
 * docs/protocol.md, never from
 * the host code, so the emulator stays an independent check of the protocol.
 */
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "bytes.h"
#include "mtkfw_emu.h"
#include "testutil.h"

static const char *fault_log; /* the next phone()'s --fault-log, when set */

static const uint8_t cid[16] = {0x11, 0x01, 0x00, 0x30, 0x30, 0x34, 0x47, 0x39,
				0x30, 0x10, 0x96, 0xCF, 0xC3, 0x57, 0x31, 0x21};

/* A connected virtual phone with a 64 MiB user area, a fault (or NULL) and fault_log. */
static struct mtkfw_emu *phone(enum mtkfw_emu_mode mode, const char *fault)
{
	struct mtkfw_emu *e = tu_phone(&(struct tu_phone_opts){
		.mode = mode, .user_size = 64 << 20, .fault = fault, .fault_log = fault_log});
	mtkfw_emu_connect(e);
	return e;
}

/* Feed hex bytes in; the device must answer exactly hex bytes out. */
static void xfer(struct mtkfw_emu *e, const char *in, const char *out)
{
	uint8_t a[512], b[512], got[4096];
	size_t na = tu_unhex(in, a), nb = tu_unhex(out, b);
	mtkfw_emu_feed(e, a, na);
	size_t ng = mtkfw_emu_pull(e, got, sizeof(got));
	if (ng != nb || memcmp(got, b, nb)) {
		print_error("sent %s, want %s, got %zu bytes:", in, out, ng);
		for (size_t i = 0; i < ng && i < 64; i++)
			print_error(" %02x", got[i]);
		print_error("\n");
		fail();
	}
}

static void feed(struct mtkfw_emu *e, const void *p, size_t n)
{
	mtkfw_emu_feed(e, p, n);
}

static size_t take(struct mtkfw_emu *e, uint8_t *buf, size_t n)
{
	return mtkfw_emu_pull(e, buf, n);
}

static void handshake(struct mtkfw_emu *e)
{
	xfer(e, "a0", "5f");
	xfer(e, "0a", "f5");
	xfer(e, "50", "af");
	xfer(e, "05", "fa");
}

/* ---- BROM (docs/protocol.md 1, 6) ---- */

static void handshake_restarts_and_is_silent_on_mismatch(void **state)
{
	(void)state;
	struct mtkfw_emu *e = phone(MTKFW_EMU_BROM, NULL);
	xfer(e, "a0", "5f");
	xfer(e, "0a", "f5");
	xfer(e, "33", "");   /* wrong: silence */
	xfer(e, "50", "");   /* not a start */
	xfer(e, "a0", "5f"); /* restart */
	xfer(e, "0a 50 05", "f5 af fa");
	xfer(e, "fd", "fd 65 72 00 00");
	mtkfw_emu_free(e);
}

static void brom_identity_commands(void **state)
{
	(void)state;
	struct mtkfw_emu *e = phone(MTKFW_EMU_BROM, NULL);
	handshake(e);
	xfer(e, "fc", "fc 8a 00 ca 01 00 00 00 00"); /* docs/protocol.md 6 */
	xfer(e, "fe", "fe");			     /* BROM: FE -> FE (docs/protocol.md 6) */
	xfer(e, "ff", "05");
	xfer(e, "d8", "d8 00 00 00 00 00 00"); /* no SBC/SLA/DAA */
	xfer(e, "d8", "d8 00 00 00 00 00 00"); /* repeats answered alike (docs/protocol.md 1) */
	xfer(e, "e1", "e1 00 00 00 10 a0 a1 a2 a3 a4 a5 a6 a7 a8 a9 aa ab ac ad ae af 00 00");
	xfer(e, "42", ""); /* unknown: no echo */
	xfer(e, "fd", "fd 65 72 00 00");
	mtkfw_emu_free(e);
}

static void registers_and_watchdog(void **state)
{
	(void)state;
	struct mtkfw_emu *e = phone(MTKFW_EMU_BROM, NULL);
	handshake(e);
	/* WRITE32 watchdog: 0x0001 after the count and after the value (docs/protocol.md 6). */
	xfer(e, "d4", "d4");
	xfer(e, "10 00 70 00", "10 00 70 00");
	xfer(e, "00 00 00 01", "00 00 00 01 00 01");
	xfer(e, "22 00 00 64", "22 00 00 64 00 01");
	/* READ32 of what was written. */
	xfer(e, "d1 10 00 70 00 00 00 00 01", "d1 10 00 70 00 00 00 00 01 00 00 22 00 00 64 00 00");
	/* READ16 of an unknown register reads 0. */
	xfer(e, "d0 10 00 00 00 00 00 00 02", "d0 10 00 00 00 00 00 00 02 00 00 00 00 00 00 00 00");
	mtkfw_emu_free(e);

	/* Without the watchdog write, the phone reboots after the timeout. */
	struct mtkfw_emu_config cfg;
	char err[256], path[4096];
	mtkfw_emu_config_default(&cfg);
	snprintf(path, sizeof(path), "%s/wdt.img", tu_dir);
	cfg.path[MTKFW_EMU_USER] = path;
	cfg.size[MTKFW_EMU_USER] = 1 << 20;
	cfg.watchdog_ms = 30;
	assert_int_equal(mtkfw_emu_new(&cfg, &e, err, sizeof(err)), 0);
	mtkfw_emu_connect(e);
	handshake(e);
	usleep(60 * 1000);
	mtkfw_emu_tick(e);
	assert_true(mtkfw_emu_gone(e));
	mtkfw_emu_connect(e); /* re-plug */
	handshake(e);
	mtkfw_emu_free(e);
}

/* The synthetic DA file's MT6572 entry: region i's bytes, length and address. */
static uint8_t *da_region(int i, uint32_t *len, uint32_t *addr, uint32_t *sig)
{
	size_t n;
	uint8_t *f = tu_read(tu_da_path, &n);
	const uint8_t *g = f + 0x6C + 0x14 + 20 * i; /* first entry is MT6572 */
	assert_int_equal(get_le16(f + 0x6C + 2), 0x6572);
	*len = get_le32(g + 4);
	*addr = get_le32(g + 8);
	*sig = get_le32(g + 16);
	uint8_t *r = malloc(*len);
	memcpy(r, f + get_le32(g), *len);
	free(f);
	return r;
}

/* SEND_DA's command and parameters (docs/protocol.md 1), echoed by the phone; returns its status */
static uint16_t send_da_header(struct mtkfw_emu *e, uint32_t addr, uint32_t len, uint32_t sig)
{
	uint8_t b[13] = {0xD7}, got[16];
	put_be32(b + 1, addr);
	put_be32(b + 5, len);
	put_be32(b + 9, sig);
	feed(e, b, 13);
	assert_int_equal(take(e, got, 16), 15); /* echoes + status */
	assert_memory_equal(got, b, 13);
	return get_be16(got + 13);
}

/* SEND_DA + JUMP_DA of DA1 (docs/protocol.md 1); returns after the JUMP status. */
static void load_da1(struct mtkfw_emu *e, uint32_t addr_override)
{
	uint32_t len, addr, sig;
	uint8_t *da1 = da_region(1, &len, &addr, &sig), b[5], got[16];
	if (addr_override)
		addr = addr_override;
	uint16_t x = 0; /* XOR of little-endian 16-bit words */
	for (uint32_t i = 0; i < len; i += 2)
		x ^= (uint16_t)(da1[i] | (i + 1 < len ? da1[i + 1] << 8 : 0));
	assert_int_equal(send_da_header(e, addr, len, sig), 0);
	feed(e, da1, len);
	assert_int_equal(take(e, got, 16), 4);
	assert_int_equal(get_be16(got), x);
	assert_int_equal(get_be16(got + 2), 0);
	b[0] = 0xD5;
	put_be32(b + 1, addr);
	feed(e, b, 5);
	assert_int_equal(take(e, got, 7), 7);
	assert_int_equal(got[0], 0xD5);
	assert_int_equal(get_be32(got + 1), addr);
	assert_int_equal(get_be16(got + 5), 0);
	free(da1);
}

/* DA1 report (docs/protocol.md 3.1): C0, NAND 0BC4 + 4 zero IDs, eMMC 0 + CID words. */
static void expect_da1_report(struct mtkfw_emu *e)
{
	uint8_t r[64], want[35] = {0xC0, 0, 0, 0x0B, 0xC4, 0, 4};
	memset(want + 7, 0, 8 + 4); /* four zero NAND IDs, eMMC status 0 */
	for (int i = 0; i < 16; i++)
		want[19 + i] = cid[(i & ~3) + 3 - (i & 3)];
	assert_int_equal(take(e, r, sizeof(r)), 35);
	assert_memory_equal(r, want, 35);
	assert_int_equal(r[19], 0x30); /* capture-style: 4D 00 01 70 for CID 70 01 00 4D */
	xfer(e, "5a", "04 02 88");
}

static void config_block(struct mtkfw_emu *e, uint8_t bl)
{
	uint8_t c[18] = {0x05, bl,   0x00, 0x08, 0x00, 0x70, 0x07, 0xFF, 0xFF,
			 0x00, 0x00, 0x00, 0x00, 0xA8, 0x01, 0x01, 0x02, 0x00};
	feed(e, c, 18);
}

/* One EMI entry as a preloader holds it (docs/formats.md, "Preloader"), for this phone's CID or
 * not. */
static void emi_entry(uint8_t *r, bool match)
{
	memset(r, 0, 0xA8);
	put_le32(r, 0x0202);
	memcpy(r + 4, cid, 9);
	if (!match)
		r[4] = 0x15;
	put_le32(r + 0x14, 9);
	put_le32(r + 0x18, 266);
	put_le32(r + 0x90, 0x20000000);
}

/* The DRAM exchange in BROM mode (docs/protocol.md 3.1). */
static void dram(struct mtkfw_emu *e, bool match)
{
	uint8_t r[64], entry[0xA8];
	assert_int_equal(take(e, r, sizeof(r)), 4 + 4 + 16 + 4 + 2 + 8);
	assert_int_equal(get_be32(r), 0xBC3);
	assert_int_equal(get_be32(r + 24), 0xBC4);
	xfer(e, "e8 00 00 00 0b", "5a 00 00 00 a8");
	emi_entry(entry, match);
	xfer(e, "5a", "");
	feed(e, entry, sizeof(entry));
	uint32_t sum = 0;
	for (size_t i = 0; i < sizeof(entry); i++)
		sum += entry[i];
	assert_int_equal(take(e, r, 2), 2);
	assert_int_equal(get_be16(r), sum & 0xFFFF);
	feed(e, "\x5a\x80\x00\x00\x01", 5);
	assert_int_equal(take(e, r, sizeof(r)), 14);
	assert_int_equal(get_be32(r), match ? 0 : 0xBC4);
	assert_int_equal(r[4], 0x02);
	assert_int_equal(get_be64(r + 6), match ? 0x20000000 : 0);
}

/* DA2 upload and the 236-byte flash info (docs/protocol.md 3.1). */
static void load_da2(struct mtkfw_emu *e)
{
	uint32_t len, addr, sig;
	uint8_t *da2 = da_region(2, &len, &addr, &sig), h[12], r[512];
	put_be32(h, addr);
	put_be32(h + 4, len);
	put_be32(h + 8, 0x1000);
	feed(e, h, 12);
	assert_int_equal(take(e, r, 1), 1);
	assert_int_equal(r[0], 0x5A);
	for (uint32_t off = 0; off < len; off += 0x1000) {
		uint32_t n = len - off < 0x1000 ? len - off : 0x1000;
		feed(e, da2 + off, n);
		size_t want = off + n == len ? 2 : 1; /* the last one: a second 5A, unprompted */
		assert_int_equal(take(e, r, sizeof(r)), want);
		assert_int_equal(r[0], 0x5A);
	}
	feed(e, "\x5a", 1);
	assert_int_equal(take(e, r, sizeof(r)), 236);
	const uint8_t *mmc = r + 0x1C + 0x11 + 14 + 9;
	assert_int_equal(get_be16(r + 0x1C + 15), 7);		    /* NAND id_count 7 */
	assert_int_equal(get_be64(mmc + 4), 0x200000);		    /* boot1 */
	assert_int_equal(get_be64(mmc + 60), 64 << 20);		    /* user area */
	assert_int_equal(get_be64(mmc + 92 + 28 + 14), 0x20000000); /* RAM */
	assert_int_equal(r[226], 0x5A);
	assert_int_equal(r[235], 0xC1);
	free(da2);
}

static struct mtkfw_emu *da_ready(enum mtkfw_emu_mode mode, const char *fault)
{
	struct mtkfw_emu *e = phone(mode, fault);
	handshake(e);
	load_da1(e, 0);
	expect_da1_report(e);
	config_block(e, mode == MTKFW_EMU_BROM ? 0xFE : 0x01);
	if (mode == MTKFW_EMU_BROM) {
		dram(e, true);
	} else {
		uint8_t r[8];
		assert_int_equal(take(e, r, 8), 4);
		assert_int_equal(get_be32(r), 0); /* DRAM already up (docs/protocol.md 3.1) */
	}
	load_da2(e);
	assert_int_equal(mtkfw_emu_da_sessions(e), 1);
	return e;
}

static void brom_session_reaches_da2(void **state)
{
	(void)state;
	struct mtkfw_emu *e = da_ready(MTKFW_EMU_BROM, NULL);
	xfer(e, "72", "5a 01");
	xfer(e, "60", "5a");
	xfer(e, "08", "5a");
	xfer(e, "60 09", "5a a5"); /* no GP partitions */
	xfer(e, "99", "bb");	   /* unknown DA command */
	mtkfw_emu_free(e);
}

static void preloader_session_quirks(void **state)
{
	(void)state;
	struct mtkfw_emu *e = phone(MTKFW_EMU_PRELOADER, NULL);
	handshake(e);
	xfer(e, "fd", ""); /* the first GET_HW_CODE after power-on is lost (docs/protocol.md 1) */
	mtkfw_emu_disconnect(e);
	mtkfw_emu_connect(e); /* the host reopens */
	handshake(e);
	xfer(e, "fd", "fd 65 72 00 00");
	xfer(e, "fe ff", "01 ff");
	mtkfw_emu_free(e);
	e = da_ready(MTKFW_EMU_PRELOADER, NULL);
	mtkfw_emu_free(e);
}

static void wrong_emi_means_dram_failure(void **state)
{
	(void)state;
	struct mtkfw_emu *e = phone(MTKFW_EMU_BROM, NULL);
	handshake(e);
	load_da1(e, 0);
	expect_da1_report(e);
	config_block(e, 0xFE);
	dram(e, false);
	xfer(e, "00 00 00 00", ""); /* the DA is dead: nothing more */
	mtkfw_emu_free(e);
}

static void wrong_da_address_hangs(void **state)
{
	(void)state;
	struct mtkfw_emu *e = phone(MTKFW_EMU_BROM, NULL);
	handshake(e);
	load_da1(e, 0x02000000);
	uint8_t r[8];
	assert_int_equal(take(e, r, 8), 0); /* no C0: S_FT_DA_NO_RESPONSE for the host */
	mtkfw_emu_free(e);
}

/* A SEND_DA that is refused still replaces the DA before it: a JUMP_DA then runs nothing. */
static void refused_send_da_forgets_the_last_da(void **state)
{
	(void)state;
	struct mtkfw_emu *e = phone(MTKFW_EMU_BROM, NULL);
	uint32_t len, addr, sig;
	uint8_t *da1 = da_region(1, &len, &addr, &sig), b[5] = {0xD5}, got[64];
	handshake(e);
	assert_int_equal(send_da_header(e, addr, len, sig), 0);
	feed(e, da1, len);
	assert_int_equal(take(e, got, 16), 4); /* uploaded: checksum + status */
	assert_int_not_equal(send_da_header(e, addr, len, len + 1), 0); /* signature too long */
	put_be32(b + 1, addr);
	feed(e, b, 5);
	assert_int_equal(take(e, got, 7), 7); /* the echo and status 0, then silence */
	assert_int_equal(take(e, got, sizeof(got)), 0);
	free(da1);
	mtkfw_emu_free(e);
}

/* 62 write (docs/protocol.md 3.2): 5A per chunk, data, byte sum -> 69. */
static void write_bytes(struct mtkfw_emu *e, uint64_t addr, const uint8_t *d, uint64_t len,
			uint32_t packet, const char *last)
{
	uint8_t h[23] = {0x62, 0x01, 0x08}, r[16];
	put_be64(h + 3, addr);
	put_be64(h + 11, len);
	put_be32(h + 19, packet);
	feed(e, h, 23);
	assert_int_equal(take(e, r, 16), 1);
	assert_int_equal(r[0], 0x5A);
	for (uint64_t off = 0; off < len; off += packet) {
		uint32_t n = len - off < packet ? (uint32_t)(len - off) : packet;
		uint32_t sum = 0;
		for (uint32_t i = 0; i < n; i++)
			sum += d[off + i];
		uint8_t cs[2];
		put_be16(cs, (uint16_t)sum);
		feed(e, "\x5a", 1);
		feed(e, d + off, n);
		feed(e, cs, 2);
		size_t got = take(e, r, 16);
		if (off + n >= len && last) {
			uint8_t want[16];
			size_t nw = tu_unhex(last, want);
			assert_int_equal(got, nw);
			assert_memory_equal(r, want, nw);
			return;
		}
		assert_int_equal(got, 1);
		assert_int_equal(r[0], 0x69);
	}
}

/* D6 read (docs/protocol.md 3.2): 5A then each packet + its u16 sum; host 5A after every packet. */
static void read_bytes(struct mtkfw_emu *e, uint64_t addr, uint8_t *d, uint64_t len,
		       uint32_t packet)
{
	uint8_t h[23] = {0xD6, 0x0C, 0x02}, *r = malloc(packet + 3);
	put_be64(h + 3, addr);
	put_be64(h + 11, len);
	put_be32(h + 19, packet);
	feed(e, h, 23);
	assert_int_equal(take(e, r, 1), 1);
	assert_int_equal(r[0], 0x5A);
	for (uint64_t off = 0; off < len; off += packet) {
		uint32_t n = len - off < packet ? (uint32_t)(len - off) : packet;
		assert_int_equal(take(e, r, packet + 3), n + 2);
		uint32_t sum = 0;
		for (uint32_t i = 0; i < n; i++)
			sum += r[i];
		assert_int_equal(get_be16(r + n), sum & 0xFFFF);
		memcpy(d + off, r, n);
		feed(e, "\x5a", 1);
	}
	assert_int_equal(take(e, r, 1), 0);
	free(r);
}

static void write_then_read_back(void **state)
{
	(void)state;
	struct mtkfw_emu *e = da_ready(MTKFW_EMU_PRELOADER, NULL);
	size_t n = 3 * 4096 + 512;
	uint8_t *d = malloc(n), *back = malloc(n);
	for (size_t i = 0; i < n; i++)
		d[i] = (uint8_t)(i * 7 + 3);
	write_bytes(e, 0x100000, d, n, 4096, NULL);
	xfer(e, "72", "5a 01");
	xfer(e, "60 08", "5a 5a");
	read_bytes(e, 0x100000, back, n, 4096);
	assert_memory_equal(d, back, n);
	/* The backing file holds it at the same offset. */
	assert_int_equal(mtkfw_emu_read_area(e, MTKFW_EMU_USER, 0x100000, back, n), 0);
	assert_memory_equal(d, back, n);
	free(d);
	free(back);
	mtkfw_emu_free(e);
}

/* The write packet buffer follows the host's packet size: small first, then larger. */
static void write_packet_buffer_grows(void **state)
{
	(void)state;
	struct mtkfw_emu *e = da_ready(MTKFW_EMU_PRELOADER, NULL);
	size_t n = (2u << 20) + 4096;
	uint8_t *d = malloc(n), *back = malloc(n);
	for (size_t i = 0; i < n; i++)
		d[i] = (uint8_t)(i * 13 + 5);
	write_bytes(e, 0x200000, d, 4096, 1024, NULL);
	write_bytes(e, 0x200000, d, n, (uint32_t)n - 512, NULL); /* two packets, the first 2 MiB */
	assert_int_equal(mtkfw_emu_read_area(e, MTKFW_EMU_USER, 0x200000, back, n), 0);
	assert_memory_equal(d, back, n);
	free(d);
	free(back);
	mtkfw_emu_free(e);
}

/* Take one read packet through peek/consume in two parts; check its sum and keep its data. */
static void take_packet_in_place(struct mtkfw_emu *e, uint8_t *d, uint32_t n)
{
	uint8_t *r = malloc(n + 2);
	const void *p;
	size_t half = n / 2;
	assert_int_equal(mtkfw_emu_peek(e, &p), n + 2);
	memcpy(r, p, half);
	mtkfw_emu_consume(e, half);
	assert_int_equal(mtkfw_emu_peek(e, &p), n + 2 - half);
	memcpy(r + half, p, n + 2 - half);
	mtkfw_emu_consume(e, n + 2 - half);
	uint32_t sum = 0;
	for (uint32_t i = 0; i < n; i++)
		sum += r[i];
	assert_int_equal(get_be16(r + n), sum & 0xFFFF);
	memcpy(d, r, n);
	free(r);
}

/* Work ahead for a read: staging the next packet sends nothing and returns true while unfinished.
 */
static void stage_next_packet(struct mtkfw_emu *e, bool more_than_one_step)
{
	size_t pending = mtkfw_emu_pending(e);
	assert_int_equal(mtkfw_emu_work_ahead(e), more_than_one_step);
	while (mtkfw_emu_work_ahead(e))
		;
	assert_int_equal(mtkfw_emu_pending(e), pending);
}

/*
 * The phone reads the next packet of a readback ahead while the host takes
 * this one: the host sees the same bytes, and a write after an abandoned
 * read is seen by the next read of the same place, not the staged packet.
 */
static void read_ahead_is_invisible(void **state)
{
	(void)state;
	struct mtkfw_emu *e = da_ready(MTKFW_EMU_PRELOADER, NULL);
	const uint32_t pkt = 0x20000; /* two steps of work ahead each */
	size_t n = 2 * pkt;
	uint8_t *d = malloc(n), *back = malloc(n), h[23] = {0xD6, 0x0C, 0x02}, b;
	for (size_t i = 0; i < n; i++)
		d[i] = (uint8_t)(i * 11 + 5);
	write_bytes(e, 0x200000, d, n, pkt, NULL);
	xfer(e, "72", "5a 01");
	xfer(e, "60 08", "5a 5a");
	put_be64(h + 3, 0x200000);
	put_be64(h + 11, n);
	put_be32(h + 19, pkt);
	feed(e, h, 23);
	assert_int_equal(take(e, &b, 1), 1);
	assert_int_equal(b, 0x5A);
	stage_next_packet(e, true);
	take_packet_in_place(e, back, pkt);
	feed(e, "\x5a", 1);
	assert_false(mtkfw_emu_work_ahead(e)); /* the last packet: nothing more to stage */
	take_packet_in_place(e, back + pkt, pkt);
	feed(e, "\x5a", 1);
	assert_memory_equal(back, d, n);
	/* Again, abandoned after the first packet with the second staged; then a write there. */
	feed(e, h, 23);
	assert_int_equal(take(e, &b, 1), 1);
	stage_next_packet(e, true);
	take_packet_in_place(e, back, pkt);
	for (size_t i = 0; i < pkt; i++)
		d[i] = (uint8_t)(i * 3 + 1);
	write_bytes(e, 0x200000 + pkt, d, pkt, pkt, NULL); /* its first byte ends the read */
	read_bytes(e, 0x200000 + pkt, back, pkt, pkt);
	assert_memory_equal(back, d, pkt);
	free(d);
	free(back);
	mtkfw_emu_free(e);
}

static void bad_packet_checksum_is_refused(void **state)
{
	(void)state;
	struct mtkfw_emu *e = da_ready(MTKFW_EMU_PRELOADER, NULL);
	uint8_t h[23] = {0x62, 0x01, 0x08}, d[512] = {1}, r[16];
	put_be64(h + 11, 512);
	put_be32(h + 19, 512);
	feed(e, h, 23);
	feed(e, "\x5a", 1);
	feed(e, d, 512);
	feed(e, "\x00\x02", 2); /* the sum is 1 */
	assert_int_equal(take(e, r, 16), 6);
	assert_int_equal(r[0], 0x5A); /* command accepted */
	assert_int_equal(r[1], 0xA5); /* packet refused, then the status */
	assert_int_equal(get_be32(r + 2), 0xC0050006);
	xfer(e, "72", "5a 01"); /* the DA is still there */
	mtkfw_emu_free(e);
}

static void read_out_of_range_is_refused(void **state)
{
	(void)state;
	struct mtkfw_emu *e = da_ready(MTKFW_EMU_PRELOADER, NULL);
	xfer(e, "d6 0c 02 00 00 00 00 04 00 00 00 00 00 00 00 00 00 10 00 00 10 00 00", "a5");
	uint8_t r[8];
	feed(e, "\xa5", 1);
	assert_int_equal(take(e, r, 8), 4); /* little-endian status */
	assert_int_not_equal(get_le32(r), 0);
	mtkfw_emu_free(e);
}

static void format_reports_progress_and_erases(void **state)
{
	(void)state;
	struct mtkfw_emu *e = da_ready(MTKFW_EMU_PRELOADER, NULL);
	uint8_t d[4096], r[16];
	memset(d, 0xEE, sizeof(d));
	write_bytes(e, 0x200000, d, sizeof(d), 4096, NULL);
	xfer(e, "72", "5a 01");
	xfer(e, "60 08", "5a 5a");
	uint8_t h[21] = {0xD4, 0x02, 0, 0, 0};
	put_be64(h + 5, 0x200000);
	put_be64(h + 13, 0x100000);
	feed(e, h, 21);
	for (unsigned pct = 0;; pct += 10) {
		assert_int_equal(take(e, r, 16), 7);
		assert_int_equal(r[0], 0x5A);
		assert_int_equal(r[1], 0x5A);
		assert_int_equal(r[6], pct);
		feed(e, "\x5a", 1);
		if (pct == 100)
			break;
	}
	xfer(e, "", "5a 5a");
	assert_int_equal(mtkfw_emu_read_area(e, MTKFW_EMU_USER, 0x200000, d, sizeof(d)), 0);
	for (size_t i = 0; i < sizeof(d); i++)
		assert_int_equal(d[i], 0);
	mtkfw_emu_free(e);
}

static void pmt_and_finish(void **state)
{
	(void)state;
	struct mtkfw_emu *e = da_ready(MTKFW_EMU_PRELOADER, NULL);
	/* A PMT written where the DA looks for it (docs/formats.md, "PMT"). */
	uint8_t blk[4096] = {0}, r[512];
	put_le32(blk, 0x50547631);
	snprintf((char *)blk + 8, 64, "NVRAM");
	put_le64(blk + 8 + 64, 0x500000);
	put_le64(blk + 8 + 72, 0x1000000);
	write_bytes(e, (64 << 20) - 0x700000, blk, sizeof(blk), 4096, NULL);
	xfer(e, "a5", "5a 00 00 00 58");
	feed(e, "\x5a", 1);
	assert_int_equal(take(e, r, sizeof(r)), 88);
	assert_string_equal((char *)r, "NVRAM");
	assert_int_equal(get_le64(r + 72), 0x1000000);
	xfer(e, "5a", "");
	xfer(e, "d9", "5a");
	xfer(e, "00 00 00 00", "5a");
	assert_true(mtkfw_emu_gone(e));
	mtkfw_emu_free(e);
}

/* ---- faults ---- */

static void fault_refuse_handshake(void **state)
{
	(void)state;
	struct mtkfw_emu *e = phone(MTKFW_EMU_BROM, "refuse-handshake:2");
	xfer(e, "a0", "");
	xfer(e, "a0", "");
	handshake(e);
	mtkfw_emu_free(e);
}

static void fault_corrupt_byte_and_disconnect(void **state)
{
	(void)state;
	struct mtkfw_emu *e = phone(MTKFW_EMU_BROM, "corrupt-byte:5");
	handshake(e);			 /* device bytes 0..3 */
	xfer(e, "fd", "fd 3f 72 00 00"); /* byte 5 (0x65) flipped by 0x5A */
	mtkfw_emu_free(e);
	e = phone(MTKFW_EMU_BROM, "disconnect-after:3");
	xfer(e, "a0 0a 50 05", "");
	assert_true(mtkfw_emu_gone(e));
	mtkfw_emu_free(e);
	e = phone(MTKFW_EMU_BROM, "disconnect-at:send-da");
	handshake(e);
	uint8_t b[13] = {0xD7, 0x02, 0x00, 0x70, 0x00, 0, 0, 0x10, 0, 0, 0, 0x01, 0};
	feed(e, b, 13);
	assert_true(mtkfw_emu_gone(e));
	mtkfw_emu_free(e);
}

static void fault_stall_holds_output(void **state)
{
	(void)state;
	struct mtkfw_emu *e = phone(MTKFW_EMU_BROM, "stall:brom:80");
	xfer(e, "a0 0a 50", "5f f5 af");
	feed(e, "\x05", 1);
	assert_int_equal(mtkfw_emu_pending(e), 0);
	assert_true(mtkfw_emu_stall_ms(e) > 0);
	usleep(100 * 1000);
	xfer(e, "", "fa");
	mtkfw_emu_free(e);
}

static void fault_write_failures(void **state)
{
	(void)state;
	uint8_t d[8192];
	memset(d, 0x42, sizeof(d));
	struct mtkfw_emu *e = da_ready(MTKFW_EMU_PRELOADER, "nack-packet:2");
	write_bytes(e, 0, d, sizeof(d), 4096, "a5 c0 05 00 06");
	mtkfw_emu_free(e);
	e = da_ready(MTKFW_EMU_PRELOADER, "bad-sectors:4096:512");
	write_bytes(e, 0, d, sizeof(d), 4096, "a5 c0 05 00 07");
	mtkfw_emu_free(e);
	e = da_ready(MTKFW_EMU_PRELOADER, "power-loss:1");
	write_bytes(e, 0, d, 4096, 4096, "");
	assert_true(mtkfw_emu_gone(e));
	uint8_t back[4096];
	assert_int_equal(mtkfw_emu_read_area(e, MTKFW_EMU_USER, 0, back, 4096), 0);
	assert_int_equal(back[2047], 0x42); /* half the packet landed */
	assert_int_equal(back[2048], 0);
	mtkfw_emu_free(e);
}

static void fault_dram_and_checksums(void **state)
{
	(void)state;
	struct mtkfw_emu *e = phone(MTKFW_EMU_BROM, "dram-fail");
	handshake(e);
	load_da1(e, 0);
	expect_da1_report(e);
	config_block(e, 0xFE);
	dram(e, false); /* a matching entry, and still 0xBC4 */
	mtkfw_emu_free(e);
	e = da_ready(MTKFW_EMU_PRELOADER, "bad-checksum:read");
	uint8_t r[600];
	xfer(e, "60 08", "5a 5a");
	feed(e, "\xd6\x0c\x02\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x02\0\0\0\x02\0", 23);
	assert_int_equal(take(e, r, sizeof(r)), 1 + 512 + 2);
	assert_int_equal(get_be16(r + 513), 0x0101); /* zeros sum to 0; the fault flips it */
	mtkfw_emu_free(e);
}

/*
 * Misreads that keep their sum, once, in both directions: flaky-read flips a
 * bit of its byte, flaky-zero sends its packet as zeros with sum 0. The second
 * read is right; each fault reports itself once in the fault log, saying what
 * it sent instead.
 */
static void fault_flaky_reads_both_ways(void **state)
{
	(void)state;
	char path[4200];
	uint8_t d[1024], back[1024];
	memset(d, 0x42, sizeof(d));
	snprintf(path, sizeof(path), "%s/fired.log", tu_dir);
	fault_log = path;
	struct mtkfw_emu *e = da_ready(MTKFW_EMU_PRELOADER, "flaky-zero:700");
	fault_log = NULL;
	write_bytes(e, 0, d, sizeof(d), 512, NULL);
	xfer(e, "60 08", "5a 5a");
	read_bytes(e, 0, back, sizeof(back), 512); /* each packet's sum checked by read_bytes */
	assert_memory_equal(back, d, 512);
	for (size_t i = 512; i < sizeof(back); i++)
		assert_int_equal(back[i], 0); /* the packet holding byte 700: zeros, sum 0 */
	read_bytes(e, 0, back, sizeof(back), 512);
	assert_memory_equal(back, d, sizeof(d)); /* once only */
	mtkfw_emu_free(e);
	char *t = tu_read_text(path);
	assert_string_equal(t, "fault flaky-zero:700 fired (step read): read packet user+0x200 "
			       "(512 bytes, 512 of them non-zero) sent as zeros with sum 0\n");
	free(t);

	fault_log = path;
	e = da_ready(MTKFW_EMU_PRELOADER, "flaky-read:600");
	fault_log = NULL;
	write_bytes(e, 0, d, sizeof(d), 512, NULL);
	xfer(e, "60 08", "5a 5a");
	read_bytes(e, 0, back, sizeof(back), 512);
	assert_int_equal(back[600], 0x42 ^ 0x10);
	back[600] = 0x42;
	assert_memory_equal(back, d, sizeof(d));
	read_bytes(e, 0, back, sizeof(back), 512);
	assert_memory_equal(back, d, sizeof(d));
	mtkfw_emu_free(e);
	t = tu_read_text(path);
	assert_string_equal(t, "fault flaky-read:600 fired (step read): read packet user+0x200 "
			       "(512 bytes): byte user+0x258 sent as 0x52 instead of 0x42, the "
			       "sum matching\n");
	free(t);
}

/* A lost write reports whether the bytes it dropped differ from what the eMMC holds. */
static void fault_lost_write_says_what_it_lost(void **state)
{
	(void)state;
	char path[4200];
	uint8_t d[1024], back[1024];
	memset(d, 0x42, sizeof(d));
	snprintf(path, sizeof(path), "%s/fired.log", tu_dir);
	fault_log = path;
	struct mtkfw_emu *e = da_ready(MTKFW_EMU_PRELOADER, "lost-write:2");
	fault_log = NULL;
	write_bytes(e, 0, d, sizeof(d), 512, NULL); /* both acknowledged with 69 */
	assert_int_equal(mtkfw_emu_read_area(e, MTKFW_EMU_USER, 0, back, sizeof(back)), 0);
	assert_memory_equal(back, d, 512);
	for (size_t i = 512; i < sizeof(back); i++)
		assert_int_equal(back[i], 0);
	mtkfw_emu_free(e);
	char *t = tu_read_text(path);
	assert_string_equal(t, "fault lost-write:2 fired (step write): write packet 2 at "
			       "user+0x200 (512 bytes) acknowledged, not stored: 512 of its bytes "
			       "differ from what the eMMC holds\n");
	free(t);
}

/* ---- on a pseudo-terminal, as hosts meet it ---- */

struct served {
	struct mtkfw_emu *e;
	char link[4200];
	atomic_bool stop;
};

static void *serve(void *user)
{
	struct served *sv = user;
	char err[256];
	mtkfw_emu_serve_pty(sv->e, sv->link, false, &sv->stop, err, sizeof(err));
	return NULL;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/*
 * An impatient host (mtkclient's serial handshake): open the port, write A0
 * and wait 20 ms for 5F. The phone must answer the first A0 every time the
 * port is opened (never lose it), and answer it at once: an idle phone
 * looking for a host every 20 ms would miss that window in most opens. On a
 * machine busy with other work any one answer may be late, so the window is
 * asked of half the opens; the delays seen are printed (e2e.peer runs
 * mtkclient itself).
 */
static void pty_answers_a_new_host_at_once(void **state)
{
	(void)state;
	struct served sv = {.e = phone(MTKFW_EMU_PRELOADER, NULL)};
	pthread_t th;
	snprintf(sv.link, sizeof(sv.link), "%s/ttyACM0", tu_dir);
	assert_int_equal(pthread_create(&th, NULL, serve, &sv), 0);
	for (int i = 0; i < 200 && access(sv.link, F_OK); i++)
		usleep(10 * 1000);
	double worst = 0, ms[8];
	for (int round = 0; round < 8; round++) {
		usleep(60 * 1000); /* the phone sits idle, the port closed */
		int fd = open(sv.link, O_RDWR | O_NOCTTY);
		assert_true(fd >= 0);
		struct termios t;
		tcgetattr(fd, &t);
		cfmakeraw(&t);
		tcsetattr(fd, TCSANOW, &t);
		uint8_t a0 = 0xA0, got = 0;
		double t0 = now_ms();
		assert_int_equal(write(fd, &a0, 1), 1);
		struct pollfd p = {fd, POLLIN, 0};
		bool answered = poll(&p, 1, 1000) == 1 && read(fd, &got, 1) == 1;
		double dt = now_ms() - t0;
		worst = dt > worst ? dt : worst;
		ms[round] = dt;
		close(fd);
		assert_true(answered);
		assert_int_equal(got, 0x5F);
	}
	unsigned in_window = 0;
	for (int i = 0; i < 8; i++)
		in_window += ms[i] < 20;
	print_message("first handshake answer after a port open: at most %.2f ms in 8 opens, %u "
		      "within mtkclient's 20 ms\n",
		      worst, in_window);
	assert_true(in_window >= 4);
	sv.stop = true;
	pthread_join(th, NULL);
	mtkfw_emu_free(sv.e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(handshake_restarts_and_is_silent_on_mismatch),
		cmocka_unit_test(brom_identity_commands),
		cmocka_unit_test(registers_and_watchdog),
		cmocka_unit_test(brom_session_reaches_da2),
		cmocka_unit_test(preloader_session_quirks),
		cmocka_unit_test(wrong_emi_means_dram_failure),
		cmocka_unit_test(wrong_da_address_hangs),
		cmocka_unit_test(refused_send_da_forgets_the_last_da),
		cmocka_unit_test(write_then_read_back),
		cmocka_unit_test(write_packet_buffer_grows),
		cmocka_unit_test(read_ahead_is_invisible),
		cmocka_unit_test(bad_packet_checksum_is_refused),
		cmocka_unit_test(read_out_of_range_is_refused),
		cmocka_unit_test(format_reports_progress_and_erases),
		cmocka_unit_test(pmt_and_finish),
		cmocka_unit_test(fault_refuse_handshake),
		cmocka_unit_test(fault_corrupt_byte_and_disconnect),
		cmocka_unit_test(fault_stall_holds_output),
		cmocka_unit_test(fault_write_failures),
		cmocka_unit_test(fault_dram_and_checksums),
		cmocka_unit_test(fault_flaky_reads_both_ways),
		cmocka_unit_test(fault_lost_write_says_what_it_lost),
		cmocka_unit_test(pty_answers_a_new_host_at_once),
	};
	return cmocka_run_group_tests(tests, tu_setup_phone, tu_teardown);
}
