/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The legacy DA protocol, host side (PROTOCOL.md 3 and 0b): DA1 load and
 * sync, the config block, DRAM/EMI, DA2 upload, flash info, then read,
 * write, format, PMT and finish.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "mtkfw/device.h"

#define SYNC_MS	       3000	   /* the DA starts and probes storage before it sends C0 */
#define DRAM_MS	       5000	   /* DRAM status; calibration can take a while */
#define REPLY_MS       2000	   /* short replies of a running DA */
#define PACKET_MS      5000	   /* 1 MiB at full-speed USB (1 MB/s) plus eMMC time, x5 */
#define FORMAT_STEP_MS 120000	   /* one tenth of a large erase */
#define REFUSAL_MS     200	   /* a status after a refusal comes at once, or not at all */
#define IDLE_SLICE     0x4000	   /* stored when nothing waits on the port */
#define READ_SPAN      (64u << 20) /* one read command: a damaged packet costs at most its rest */
#define READ_TRIES     3 /* a packet the link damaged is read again, this many times in all */

/* Response bytes of a running DA (PROTOCOL.md 3; docs/protocol.md). */
enum da_rsp {
	RSP_SYNC = 0xC0,
	RSP_ACK = 0x5A,
	RSP_NACK = 0xA5,
	RSP_CONT = 0x69,
};

/* Legacy DA commands mtkfw sends (PROTOCOL.md 3.2-3.6). */
enum da_cmd {
	DA_SWITCH_PART = 0x60,
	DA_WRITE_DATA = 0x62,
	DA_USB_CHECK = 0x72,
	DA_READ_PMT = 0xA5,
	DA_FORMAT = 0xD4,
	DA_READ = 0xD6,
	DA_FINISH = 0xD9,
	DA_ENABLE_DRAM = 0xE8,
};

/* Parameter bytes of those commands. */
#define HOST_LINUX     0x0C /* D6: the host's OS (0x0B Windows) */
#define STORAGE_EMMC   0x02 /* D6 / D4: storage type */
#define DASTORAGE_EMMC 0x01 /* 62: DaStorage EMMC */
#define ACK	       RSP_ACK
#define NACK	       RSP_NACK
#define CONT	       RSP_CONT

struct mtkfw_da {
	struct mtkfw_transport *t;
	struct mtkfw_ctx *ctx;
	const struct mtkfw_chip *chip;
	struct mtkfw_flash_info info;
	uint8_t *buf;  /* one packet plus framing */
	uint8_t *buf2; /* reads: the previous packet, stored while this one arrives */
	/* an open write (mtkfw_da_write_begin) */
	bool w_active;
	uint64_t w_addr, w_len;
	uint64_t w_done; /* acknowledged by the DA */
	uint64_t w_sent; /* sent, incl. the packet in flight */
	size_t w_pend;	 /* the packet in flight, not yet answered */
	size_t w_fill;	 /* gathered for the next packet */
};

static int rd(struct mtkfw_da *da, void *b, size_t n, unsigned ms, const char *what)
{
	return mtkfw_transport_read(da->t, b, n, ms, what);
}

static int wr(struct mtkfw_da *da, const void *b, size_t n, const char *what)
{
	return mtkfw_transport_write(da->t, b, n, PACKET_MS, what);
}

static int expect(struct mtkfw_da *da, uint8_t want, unsigned ms, const char *what)
{
	uint8_t b;
	int r = rd(da, &b, 1, ms, what);
	if (!r && b != want)
		r = mtkfw_fail(da->ctx, b == NACK ? MTKFW_E_NACK : MTKFW_E_PROTOCOL,
			       "%s: expected 0x%02x, got 0x%02x", what, want, b);
	return r;
}

/* CID words arrive little-endian (0b.6): back into CID byte order. */
static void unreverse_cid(const uint8_t *w, uint8_t *cid)
{
	for (int i = 0; i < 16; i++)
		cid[i] = w[(i & ~3) + 3 - (i & 3)];
}

/* ---- start-up ---- */

static int load_da1(struct mtkfw_da *da, const struct mtkfw_da_start *s)
{
	uint32_t addr = s->brom->preloader ? da->chip->da1_pl_addr : s->r1.addr;
	mtkfw_set_step(da->ctx, "send-da");
	int r = mtkfw_brom_send_da(da->t, addr, s->da1, s->r1.len, s->r1.sig_len);
	if (!r) {
		mtkfw_set_step(da->ctx, "jump-da");
		r = mtkfw_brom_jump_da(da->t, addr);
	}
	return r;
}

/* C0, NAND report, eMMC report, our ACK, then DA version and chip (3.1, 0b.5-7). */
static int sync(struct mtkfw_da *da)
{
	uint8_t b[64];
	int r;
	mtkfw_set_step(da->ctx, "da-sync");
	if ((r = rd(da, b, 1, SYNC_MS, "DA sync")))
		return r;
	if (b[0] != RSP_SYNC)
		return mtkfw_fail(da->ctx, MTKFW_E_PROTOCOL,
				  "DA sync: expected C0, got 0x%02x: the DA did not start", b[0]);
	if ((r = rd(da, b, 6, REPLY_MS, "DA NAND report")))
		return r;
	uint16_t ids = get_be16(b + 4);
	if (ids > 32)
		return mtkfw_fail(da->ctx, MTKFW_E_PROTOCOL, "DA report: %u NAND IDs", ids);
	if ((r = rd(da, b, 2u * ids, REPLY_MS, "DA NAND IDs")) ||
	    (r = rd(da, b, 20, REPLY_MS, "DA eMMC report")))
		return r;
	da->info.emmc = get_be32(b) == 0;
	unreverse_cid(b + 4, da->info.cid);
	uint8_t ack = ACK;
	if ((r = wr(da, &ack, 1, "DA sync ACK")) || (r = rd(da, b, 3, REPLY_MS, "DA version")))
		return r;
	da->info.da_major = b[0];
	da->info.da_minor = b[1];
	da->info.bbchip = b[2];
	if (b[2] != da->chip->bbchip)
		return mtkfw_fail(
			da->ctx, MTKFW_E_DA_FILE,
			"the DA says it runs on chip 0x%02x, but this phone is %s (0x%02x): "
			"the DA file's entry is for another chip",
			b[2], da->chip->name, da->chip->bbchip);
	mtkfw_log(da->ctx, MTKFW_LOG_INFO, "DA %u.%u running on %s", b[0], b[1], da->chip->name);
	return 0;
}

/* The 18-byte stage-2 config (3.2) for an eMMC phone. */
static int send_config(struct mtkfw_da *da, const struct mtkfw_brom_info *bi)
{
	uint8_t c[18] = {bi->brom_ver, bi->bl_ver, 0x00, 0x08, 0x00};
	put_be32(c + 5, 0x7007FFFF); /* NAND access control */
	c[9] = 0x00;		     /* no BMT on eMMC */
	put_be32(c + 10, 0x000000A8);
	c[14] = 0x01; /* force charge */
	c[15] = 0x01; /* reset keys */
	c[16] = 0x02; /* 26 MHz clock */
	c[17] = 0x00; /* MSDC channel 0 */
	return wr(da, c, sizeof(c), "DA config");
}

/* The preloader's EMI record whose ID prefixes this phone's CID, or -1. */
static int pick_emi(struct mtkfw_da *da, const struct mtkfw_da_start *s)
{
	for (unsigned i = 0; i < s->n_emi; i++) {
		const struct mtkfw_emi_record *e = &s->emi[i];
		if (e->id_len >= 1 && e->id_len <= 16 && !memcmp(e->id, da->info.cid, e->id_len))
			return (int)i;
	}
	return -1;
}

static int no_emi(struct mtkfw_da *da, const struct mtkfw_da_start *s)
{
	const uint8_t *c = da->info.cid;
	const char *v = mtkfw_emmc_vendor_name(c[0]);
	if (!s->n_emi)
		return mtkfw_fail(
			da->ctx, MTKFW_E_DRAM,
			"the phone is in BROM mode and needs DRAM settings: no preloader "
			"with an EMI table was given (--preloader FILE, or a package with "
			"its preloader) and none is remembered for this eMMC from an "
			"earlier session; SP Flash Tool would fail with 5054 "
			"S_DL_GET_DRAM_SETTING_FAIL");
	return mtkfw_fail(
		da->ctx, MTKFW_E_DRAM,
		"none of the %u EMI records at hand (the preloader's, and any remembered) "
		"matches this phone's eMMC (CID "
		"%02x%02x%02x%02x%02x%02x%02x%02x%02x, %s): it is for other memory. "
		"Nothing was written. SP Flash Tool would fail with 4032 "
		"S_FT_ENABLE_DRAM_FAIL; use this phone's own firmware",
		s->n_emi, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8],
		v ? v : "unknown vendor");
}

/*
 * ENABLE_DRAM in BROM mode (0b.15, not yet confirmed on hardware): read the
 * DA's length request, send one 0xA8-byte EMI entry, confirm, read the result.
 */
static int enable_dram(struct mtkfw_da *da, const struct mtkfw_da_start *s)
{
	uint8_t b[64];
	int r;
	if ((r = rd(da, b, 4 + 16 + 4 + 2, REPLY_MS, "DRAM ID report")))
		return r;
	mtkfw_log_hex(da->ctx, MTKFW_LOG_DEBUG, "DRAM ID report", b, 26);
	uint16_t ids = get_be16(b + 24);
	if (ids > (sizeof(b) - 26) / 2) /* the phone's number: never trusted as a length */
		return mtkfw_fail(da->ctx, MTKFW_E_PROTOCOL,
				  "DRAM ID report: %u NAND IDs (at most %zu make sense)", ids,
				  (sizeof(b) - 26) / 2);
	if ((r = rd(da, b + 26, 2u * ids, REPLY_MS, "DRAM NAND IDs")))
		return r;
	int i = pick_emi(da, s);
	if (i < 0)
		return no_emi(da, s);
	da->info.emi_used = i;
	mtkfw_log(da->ctx, MTKFW_LOG_INFO, "enabling DRAM with EMI record %d of the preloader", i);
	uint8_t req[5] = {DA_ENABLE_DRAM};
	put_be32(req + 1, s->emi_version ? s->emi_version : da->chip->emi_version);
	if ((r = wr(da, req, 5, "ENABLE_DRAM")) || (r = expect(da, ACK, REPLY_MS, "ENABLE_DRAM")) ||
	    (r = rd(da, b, 4, REPLY_MS, "EMI length request")))
		return r;
	mtkfw_log_hex(da->ctx, MTKFW_LOG_DEBUG, "EMI length request", b, 4);
	if (get_be32(b) != da->chip->emi_len)
		return mtkfw_fail(
			da->ctx, MTKFW_E_PROTOCOL,
			"EMI exchange: the DA asked for 0x%x bytes, one entry is 0x%x (this "
			"step is not confirmed on hardware; please report with "
			"MTKFW_DEBUG=debug)",
			get_be32(b), da->chip->emi_len);
	uint8_t ack = ACK, go[5] = {ACK, 0x80, 0x00, 0x00, 0x01};
	if ((r = wr(da, &ack, 1, "EMI")) ||
	    (r = wr(da, s->emi[i].raw, da->chip->emi_len, "EMI entry")) ||
	    (r = rd(da, b, 2, DRAM_MS, "EMI checksum")) || (r = wr(da, go, 5, "EMI go")) ||
	    (r = rd(da, b, 14, DRAM_MS, "DRAM result")))
		return r;
	mtkfw_log_hex(da->ctx, MTKFW_LOG_DEBUG, "DRAM result", b, 14);
	if (get_be32(b))
		return mtkfw_fail(
			da->ctx, MTKFW_E_DRAM,
			"DRAM did not come up with the matching EMI record (status 0x%x): "
			"SP Flash Tool 4032 S_FT_ENABLE_DRAM_FAIL",
			get_be32(b));
	return 0;
}

static int dram(struct mtkfw_da *da, const struct mtkfw_da_start *s)
{
	uint8_t b[4];
	int r;
	mtkfw_set_step(da->ctx, "dram");
	da->info.emi_used = -1;
	if ((r = send_config(da, s->brom)) || (r = rd(da, b, 4, DRAM_MS, "DRAM status")))
		return r;
	da->info.dram_status = get_be32(b);
	if (da->info.dram_status == 0)
		return 0;
	if (da->info.dram_status == 0xBC3)
		return enable_dram(da, s);
	return mtkfw_fail(da->ctx, MTKFW_E_DRAM, "DRAM status 0x%x from the DA",
			  da->info.dram_status);
}

/* DA2 in packets, each acknowledged; then one more ACK either way round (0b.8). */
static int upload_da2(struct mtkfw_da *da, const struct mtkfw_da_start *s)
{
	uint8_t h[12];
	uint32_t pkt = da->chip->da2_packet;
	int r;
	mtkfw_set_step(da->ctx, "da2");
	put_be32(h, s->r2.addr);
	put_be32(h + 4, s->r2.len);
	put_be32(h + 8, pkt);
	if ((r = wr(da, h, 12, "DA2 header")) || (r = expect(da, ACK, REPLY_MS, "DA2 header")))
		return r;
	for (uint32_t off = 0; off < s->r2.len; off += pkt) {
		uint32_t n = s->r2.len - off < pkt ? s->r2.len - off : pkt;
		if ((r = wr(da, s->da2 + off, n, "DA2")) || (r = expect(da, ACK, REPLY_MS, "DA2")))
			return r;
		if (s->progress)
			s->progress(s->progress_user, off + n, s->r2.len);
	}
	uint8_t ack = ACK;
	if ((r = wr(da, &ack, 1, "DA2 end")))
		return r;
	return expect(da, ACK, REPLY_MS, "DA2 end");
}

/* The flash-info report (3.4): NOR, NAND, eMMC, SDMMC, config, pass. */
static int flash_info(struct mtkfw_da *da)
{
	uint8_t b[256];
	int r;
	mtkfw_set_step(da->ctx, "flash-info");
	if ((r = rd(da, b, 0x1C + 0x11, REPLY_MS, "flash info")))
		return r;
	uint16_t ids = get_be16(b + 0x1C + 15);
	if (!ids) /* the 32-bit form: count at +11, two IDs already in the head */
		ids = get_be16(b + 0x1C + 11) > 2 ? get_be16(b + 0x1C + 11) - 2 : 0;
	if (ids > 64)
		return mtkfw_fail(da->ctx, MTKFW_E_PROTOCOL, "flash info: %u NAND IDs", ids);
	if ((r = rd(da, b, 2u * ids + 9, REPLY_MS, "flash info NAND")) ||
	    (r = rd(da, b, 0x5C + 0x1C + 0x26 + 0x0A, REPLY_MS, "flash info")))
		return r;
	struct mtkfw_flash_info *fi = &da->info;
	fi->boot1 = get_be64(b + 4);
	fi->boot2 = get_be64(b + 12);
	fi->rpmb = get_be64(b + 20);
	fi->user = get_be64(b + 60);
	uint8_t cid[16];
	unreverse_cid(b + 68, cid); /* either byte order is seen (0b.6): both match */
	if (memcmp(cid, fi->cid, 16) && memcmp(b + 68, fi->cid, 16))
		mtkfw_log(da->ctx, MTKFW_LOG_WARNING,
			  "the CID of the flash info differs from the "
			  "DA1 report; keeping the DA1 one");
	const uint8_t *c = b + 0x5C + 0x1C;
	fi->int_sram = get_be32(c + 4);
	fi->ram_size = get_be64(c + 14);
	const uint8_t *pass = c + 0x26;
	if (pass[0] != ACK)
		return mtkfw_fail(da->ctx, MTKFW_E_PROTOCOL,
				  "flash info: the DA reports failure (0x%02x, status 0x%08x)",
				  pass[0], get_be32(pass + 1));
	if (!fi->user)
		return mtkfw_fail(da->ctx, MTKFW_E_DEVICE_STORAGE,
				  "the DA found no eMMC (user area size 0)");
	return 0;
}

static int speed_check(struct mtkfw_da *da)
{
	uint8_t c = DA_USB_CHECK, b[2];
	int r = wr(da, &c, 1, "USB check");
	if (!r)
		r = rd(da, b, 2, REPLY_MS, "USB check");
	if (!r && b[0] != ACK)
		r = mtkfw_fail(da->ctx, MTKFW_E_PROTOCOL, "USB check: got 0x%02x", b[0]);
	if (!r && !b[1])
		mtkfw_log(da->ctx, MTKFW_LOG_WARNING,
			  "the phone is on a full-speed (USB 1.1) link: transfers will be slow");
	return r;
}

int mtkfw_da_open(struct mtkfw_transport *t, const struct mtkfw_da_start *s, struct mtkfw_da **out)
{
	struct mtkfw_ctx *ctx = mtkfw_transport_ctx(t);
	struct mtkfw_da *da = calloc(1, sizeof(*da));
	if (!da)
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	da->t = t;
	da->ctx = ctx;
	da->chip = s->brom->chip;
	da->buf = malloc(da->chip->rw_packet + 8);
	da->buf2 = malloc(da->chip->rw_packet + 8);
	int r = da->buf && da->buf2 ? 0 : MTKFW_E_NO_MEM;
	if (!r && !(r = load_da1(da, s)) && !(r = sync(da)) && !(r = dram(da, s)) &&
	    !(r = upload_da2(da, s)) && !(r = flash_info(da)))
		r = speed_check(da);
	if (r) {
		mtkfw_da_close(da);
		return r == MTKFW_E_NO_MEM ? mtkfw_fail(ctx, r, "out of memory") : r;
	}
	*out = da;
	return 0;
}

const struct mtkfw_flash_info *mtkfw_da_info(const struct mtkfw_da *da)
{
	return &da->info;
}

uint64_t mtkfw_da_part_size(const struct mtkfw_da *da, enum mtkfw_emmc_part part)
{
	switch (part) {
	case MTKFW_PART_BOOT1:
		return da->info.boot1;
	case MTKFW_PART_BOOT2:
		return da->info.boot2;
	case MTKFW_PART_RPMB:
		return da->info.rpmb;
	case MTKFW_PART_USER:
		return da->info.user;
	}
	return 0;
}

const char *mtkfw_part_name(enum mtkfw_emmc_part part)
{
	switch (part) {
	case MTKFW_PART_BOOT1:
		return "boot1";
	case MTKFW_PART_BOOT2:
		return "boot2";
	case MTKFW_PART_RPMB:
		return "rpmb";
	case MTKFW_PART_USER:
		return "user";
	}
	return "?";
}

int mtkfw_part_by_name(const char *name)
{
	static const enum mtkfw_emmc_part parts[] = {MTKFW_PART_BOOT1, MTKFW_PART_BOOT2,
						     MTKFW_PART_RPMB, MTKFW_PART_USER};
	for (size_t i = 0; i < MTKFW_ARRAY_SIZE(parts); i++)
		if (mtkfw_strieq(name, mtkfw_part_name(parts[i])))
			return (int)parts[i];
	return -1;
}

void mtkfw_da_close(struct mtkfw_da *da)
{
	if (!da)
		return;
	free(da->buf);
	free(da->buf2);
	free(da);
}

/* ---- commands ---- */

static int switch_part(struct mtkfw_da *da, enum mtkfw_emmc_part part)
{
	uint8_t c[2] = {DA_SWITCH_PART, (uint8_t)part};
	int r = wr(da, c, 1, "switch partition");
	if (!r)
		r = expect(da, ACK, REPLY_MS, "switch partition");
	if (!r)
		r = wr(da, c + 1, 1, "switch partition");
	if (!r)
		r = expect(da, ACK, REPLY_MS, "switch partition");
	return r;
}

/* After a refused D6: answer the NACK and read the little-endian status (PROTOCOL.md 3.6). */
static int refused_ask(struct mtkfw_da *da, const char *what, uint64_t addr, uint64_t len)
{
	uint8_t n = NACK, s[4];
	int r = wr(da, &n, 1, what);
	if (!r)
		r = rd(da, s, 4, REPLY_MS, what);
	return r ? r
		 : mtkfw_fail(da->ctx, MTKFW_E_NACK,
			      "%s of 0x%llx bytes at 0x%llx: refused by the DA (status 0x%08x)",
			      what, (unsigned long long)len, (unsigned long long)addr, get_le32(s));
}

/* Up to n bytes that arrive without a gap of ms; *got says how many. */
static int collect(struct mtkfw_da *da, uint8_t *b, size_t n, unsigned ms, size_t *got)
{
	*got = 0;
	while (*got < n) {
		size_t k = 0;
		int r = mtkfw_transport_read_some(da->t, b + *got, n - *got, ms, &k);
		if (r || !k)
			return r;
		*got += k;
	}
	return 0;
}

/*
 * What follows an A5 the host did not ask for (a refused 62, packet or D4):
 * a 4-byte status, or nothing (a bare A5: both are seen). Logged raw; the
 * status is read big-endian. *known false for a bare refusal.
 */
static int refusal_status(struct mtkfw_da *da, const char *what, uint32_t *st, bool *known)
{
	uint8_t s[4];
	size_t got;
	int r = collect(da, s, sizeof(s), REFUSAL_MS, &got);
	mtkfw_log_hex(da->ctx, MTKFW_LOG_DEBUG, what, s, got);
	*known = got == sizeof(s);
	*st = *known ? get_be32(s) : 0;
	return r;
}

/* A refused write command (packet: a refused packet of data) at the address at. */
static int refused_now(struct mtkfw_da *da, uint64_t at, bool packet)
{
	uint32_t st;
	bool known;
	int r = refusal_status(da, "write refusal", &st, &known);
	if (r)
		return r;
	int code = st == 0xC0050007u		 ? MTKFW_E_DEVICE_STORAGE
		   : packet || st == 0xC0050006u ? MTKFW_E_CHECKSUM
						 : MTKFW_E_NACK;
	char status[40] = "no status";
	if (known)
		snprintf(status, sizeof(status), "status 0x%08x", st);
	return mtkfw_fail(da->ctx, code, "write at 0x%llx: refused by the DA (%s%s)",
			  (unsigned long long)at, status,
			  code == MTKFW_E_CHECKSUM	   ? ": packet checksum mismatch"
			  : code == MTKFW_E_DEVICE_STORAGE ? ": the eMMC failed to store it"
							   : "");
}

static void cmd_head(uint8_t *h, uint8_t cmd, uint8_t a, uint8_t b, uint64_t addr, uint64_t len,
		     uint32_t pkt)
{
	h[0] = cmd;
	h[1] = a;
	h[2] = b;
	put_be64(h + 3, addr);
	put_be64(h + 11, len);
	put_be32(h + 19, pkt);
}

/* A packet received and acknowledged, handed to the sink a slice at a time. */
struct held {
	const uint8_t *p;
	size_t n, given;
};

/* Give the sink up to max more bytes of the held packet. */
static int give(struct held *h, size_t max, mtkfw_sink_cb sink, void *user)
{
	size_t k = h->n - h->given < max ? h->n - h->given : max;
	int r = k && sink ? sink(user, h->p + h->given, k) : 0;
	h->given += k;
	return r;
}

/*
 * Receive n data bytes and the byte sum into p while the sink stores the held
 * packet at the same pace: after each read it gets as many bytes as that read
 * brought, and IDLE_SLICE when nothing was waiting. A pty or USB port buffers
 * only some KiB and refills while the sink works, so storing in step keeps it
 * flowing; storing the held packet at once between packets stopped the link
 * for as long as that took (and a tty's "nothing waiting" is rare: asking
 * waits for the kernel's refill in progress).
 */
static int receive_packet(struct mtkfw_da *da, uint8_t *p, size_t n, struct held *h,
			  mtkfw_sink_cb sink, void *user)
{
	size_t at = 0, want = n + 2;
	while (at < want && sink && h->given < h->n) {
		size_t got = 0;
		int r = mtkfw_transport_read_some(da->t, p + at, want - at, 0, &got);
		at += got;
		if (r)
			break; /* the read below meets the failure again and tells it */
		if ((r = give(h, got ? got : IDLE_SLICE, sink, user)) != 0)
			return r;
	}
	return at < want ? rd(da, p + at, want - at, PACKET_MS, "read data") : 0;
}

/* Where a read's bytes go, and its progress over the whole read. */
struct reader {
	mtkfw_sink_cb sink;
	void *user;
	mtkfw_progress_cb progress;
	void *puser;
	uint64_t base, total; /* bytes of the whole read before this command, and in all */
};

/*
 * One read command over [addr, addr+len): each packet is acknowledged once its
 * sum checks and stored in step with the next one's arrival (receive_packet).
 * A packet the link damaged is acknowledged too, to stay in step with the DA,
 * and every packet after it is taken and dropped: MTKFW_E_CHECKSUM with
 * *stored the bytes before it, for a new command to read from there.
 */
static int read_span(struct mtkfw_da *da, enum mtkfw_emmc_part part, uint64_t addr, uint64_t len,
		     const struct reader *rr, uint64_t *stored)
{
	uint8_t h[23], b;
	uint32_t pkt = da->chip->rw_packet;
	uint8_t *cur = da->buf, *prev = da->buf2;
	struct held held = {prev, 0, 0};
	int r = speed_check(da);
	if (!r)
		r = switch_part(da, part);
	cmd_head(h, DA_READ, HOST_LINUX, STORAGE_EMMC, addr, len, pkt);
	if (!r && !(r = wr(da, h, 23, "read")) && !(r = rd(da, &b, 1, REPLY_MS, "read")) &&
	    b != ACK)
		return refused_ask(da, "read", addr, len);
	uint64_t done = 0, damaged = UINT64_MAX; /* received; where the first damaged packet is */
	while (!r && (done < len || held.n)) {
		size_t n = len - done < pkt ? (size_t)(len - done) : pkt;
		if (n && (r = receive_packet(da, cur, n, &held, rr->sink, rr->user)))
			break;
		uint16_t sum = (uint16_t)mtkfw_bytesum_update(0, cur, n);
		if (n && sum != get_be16(cur + n) && damaged == UINT64_MAX) {
			damaged = done;
			mtkfw_log(da->ctx, MTKFW_LOG_WARNING,
				  "read at 0x%llx: packet checksum 0x%04x, data sums to 0x%04x: "
				  "the link damaged it; it is read again",
				  (unsigned long long)(addr + done), get_be16(cur + n), sum);
		}
		uint8_t ack = ACK; /* acknowledged before the sink: the next packet travels */
		if (n && (r = wr(da, &ack, 1, "read ACK")) != 0) /* while this one is stored */
			break;
		if ((r = give(&held, SIZE_MAX, rr->sink, rr->user)) != 0)
			break;
		uint64_t kept = done;
		done += n;
		held = damaged == UINT64_MAX ? (struct held){cur, n, 0} : (struct held){NULL, 0, 0};
		if (held.n) {
			cur = prev;
			prev = (uint8_t *)held.p;
		}
		if (rr->progress && kept && damaged == UINT64_MAX &&
		    rr->progress(rr->puser, rr->base + kept, rr->total))
			r = mtkfw_fail(da->ctx, MTKFW_E_CANCELLED, "read cancelled");
	}
	*stored = damaged == UINT64_MAX ? done : damaged;
	return r ? r : damaged == UINT64_MAX ? 0 : MTKFW_E_CHECKSUM;
}

int mtkfw_da_read(struct mtkfw_da *da, enum mtkfw_emmc_part part, uint64_t addr, uint64_t len,
		  mtkfw_sink_cb sink, void *user, mtkfw_progress_cb progress, void *puser)
{
	struct reader rr = {sink, user, progress, puser, 0, len};
	uint64_t bad_at = UINT64_MAX;
	unsigned tries = 0;
	int r = 0;
	mtkfw_set_step(da->ctx, "read");
	while (!r && rr.base < len) {
		uint64_t stored = 0, n = len - rr.base < READ_SPAN ? len - rr.base : READ_SPAN;
		r = read_span(da, part, addr + rr.base, n, &rr, &stored);
		rr.base += stored;
		if (r != MTKFW_E_CHECKSUM)
			continue;
		tries = bad_at == addr + rr.base ? tries + 1 : 1;
		bad_at = addr + rr.base;
		r = tries < READ_TRIES
			    ? 0
			    : mtkfw_fail(da->ctx, MTKFW_E_CHECKSUM,
					 "read at 0x%llx: the packet there arrived damaged "
					 "%u times (its checksum never matched): the link "
					 "is unreliable; nothing of it was kept",
					 (unsigned long long)bad_at, tries);
	}
	return r;
}

int mtkfw_da_write_begin(struct mtkfw_da *da, enum mtkfw_emmc_part part, uint64_t addr,
			 uint64_t len)
{
	uint8_t h[23], b;
	mtkfw_set_step(da->ctx, "write");
	if (da->w_active)
		return mtkfw_fail(da->ctx, MTKFW_E_INVALID_PARAM, "a write is already open");
	if (len % 512 || !len)
		return mtkfw_fail(da->ctx, MTKFW_E_INVALID_PARAM,
				  "write length %llu is not a positive multiple of 512",
				  (unsigned long long)len);
	cmd_head(h, DA_WRITE_DATA, DASTORAGE_EMMC, (uint8_t)part, addr, len, da->chip->rw_packet);
	int r = wr(da, h, 23, "write");
	if (!r && !(r = rd(da, &b, 1, REPLY_MS, "write")) && b != ACK)
		return b == NACK ? refused_now(da, addr, false)
				 : mtkfw_fail(da->ctx, MTKFW_E_PROTOCOL, "write: got 0x%02x", b);
	if (!r) {
		da->w_active = true;
		da->w_addr = addr;
		da->w_len = len;
		da->w_done = da->w_sent = 0;
		da->w_pend = da->w_fill = 0;
	}
	return r;
}

/* Read the DA's answer (0x69) to the packet in flight, if there is one. */
static int await_packet(struct mtkfw_da *da)
{
	uint8_t b;
	if (!da->w_pend)
		return 0;
	int r = rd(da, &b, 1, PACKET_MS, "write ACK");
	uint64_t at = da->w_addr + da->w_done;
	da->w_pend = r || b != CONT ? 0 : da->w_pend;
	if (r || b != CONT) {
		da->w_active = false;
		return r	   ? r
		       : b == NACK ? refused_now(da, at, true)
				   : mtkfw_fail(da->ctx, MTKFW_E_PROTOCOL,
						"write at 0x%llx: got 0x%02x instead of 0x69",
						(unsigned long long)at, b);
	}
	da->w_done += da->w_pend;
	da->w_pend = 0;
	return 0;
}

/*
 * Send the packet gathered in buf+1: ACK, data, byte sum. The DA answers
 * 0x69 once it is stored; that answer is read before the next packet goes
 * out, so the host gathers packet k+1 while the phone stores packet k.
 */
static int send_packet(struct mtkfw_da *da, size_t n)
{
	int r = await_packet(da);
	if (r)
		return r;
	da->buf[0] = ACK;
	put_be16(da->buf + 1 + n, (uint16_t)mtkfw_bytesum_update(0, da->buf + 1, n));
	if ((r = wr(da, da->buf, n + 3, "write data")) != 0) {
		da->w_active = false;
		return r;
	}
	da->w_pend = n;
	da->w_sent += n;
	return 0;
}

int mtkfw_da_write_push(struct mtkfw_da *da, const uint8_t *data, size_t n)
{
	size_t pkt = da->chip->rw_packet;
	while (n) {
		if (!da->w_active)
			return mtkfw_fail(da->ctx, MTKFW_E_INVALID_PARAM, "no write is open");
		uint64_t packet_len = da->w_len - da->w_sent < pkt ? da->w_len - da->w_sent : pkt;
		if (da->w_sent + da->w_fill >= da->w_len)
			return mtkfw_fail(da->ctx, MTKFW_E_INVALID_PARAM,
					  "more data than the %llu bytes announced",
					  (unsigned long long)da->w_len);
		size_t k = packet_len - da->w_fill < n ? (size_t)(packet_len - da->w_fill) : n;
		memcpy(da->buf + 1 + da->w_fill, data, k);
		da->w_fill += k;
		data += k;
		n -= k;
		if (da->w_fill == packet_len) {
			int r = send_packet(da, (size_t)packet_len);
			da->w_fill = 0;
			if (r)
				return r;
		}
	}
	return 0;
}

int mtkfw_da_write_end(struct mtkfw_da *da, uint64_t *done)
{
	static const uint8_t zeros[512];
	int r = 0;
	/* Pad the announced length with zeros (images need not be 512-aligned). */
	while (!r && da->w_active && da->w_sent + da->w_fill < da->w_len) {
		uint64_t left = da->w_len - da->w_sent - da->w_fill;
		r = mtkfw_da_write_push(da, zeros,
					left < sizeof(zeros) ? (size_t)left : sizeof(zeros));
	}
	if (!r && da->w_active)
		r = await_packet(da);
	if (done)
		*done = da->w_done;
	da->w_active = false;
	return r;
}

uint64_t mtkfw_da_write_done(const struct mtkfw_da *da)
{
	return da->w_done;
}

int mtkfw_da_write(struct mtkfw_da *da, enum mtkfw_emmc_part part, uint64_t addr, uint64_t len,
		   mtkfw_source_cb source, void *user, mtkfw_progress_cb progress, void *puser,
		   uint64_t *done)
{
	size_t pkt = da->chip->rw_packet;
	uint8_t *chunk = malloc(pkt);
	*done = 0;
	int r = chunk ? mtkfw_da_write_begin(da, part, addr, len)
		      : mtkfw_fail(da->ctx, MTKFW_E_NO_MEM, "out of memory");
	for (uint64_t sent = 0; !r && sent < len;) {
		size_t n = len - sent < pkt ? (size_t)(len - sent) : pkt;
		if ((r = source(user, chunk, n)) || (r = mtkfw_da_write_push(da, chunk, n)))
			break;
		sent += n;
		if (progress && progress(puser, sent, len))
			r = mtkfw_fail(da->ctx, MTKFW_E_CANCELLED, "write cancelled");
	}
	uint64_t d = 0;
	if (!r)
		r = mtkfw_da_write_end(da, &d);
	else
		d = da->w_done;
	da->w_active = false;
	*done = d;
	free(chunk);
	return r;
}

/* A D4 answered with something else than progress: its status, if one follows, logged. */
static int refused_format(struct mtkfw_da *da, uint8_t first, uint64_t addr, uint64_t len)
{
	uint32_t st;
	bool known;
	int r = refusal_status(da, "format refusal", &st, &known);
	char status[40] = "no status";
	if (known)
		snprintf(status, sizeof(status), "then 0x%08x", st);
	return r ? r
		 : mtkfw_fail(da->ctx, first == NACK ? MTKFW_E_NACK : MTKFW_E_PROTOCOL,
			      "format of 0x%llx bytes at 0x%llx: refused by the DA (0x%02x, %s)",
			      (unsigned long long)len, (unsigned long long)addr, first, status);
}

int mtkfw_da_format(struct mtkfw_da *da, enum mtkfw_emmc_part part, uint64_t addr, uint64_t len,
		    mtkfw_progress_cb progress, void *puser)
{
	uint8_t h[21] = {DA_FORMAT, STORAGE_EMMC, 0x00, 0x00, 0x00}, m[7];
	mtkfw_set_step(da->ctx, "format");
	put_be64(h + 5, addr);
	put_be64(h + 13, len);
	int r = speed_check(da);
	if (!r)
		r = switch_part(da, part);
	if (!r)
		r = wr(da, h, sizeof(h), "format");
	while (!r) {
		if ((r = rd(da, m, 1, FORMAT_STEP_MS, "format progress")))
			break;
		if (m[0] != ACK)
			return refused_format(da, m[0], addr, len);
		if ((r = rd(da, m + 1, 6, REPLY_MS, "format progress")))
			break;
		if (progress)
			progress(puser, len * m[6] / 100, len);
		uint8_t ack = ACK;
		if ((r = wr(da, &ack, 1, "format ACK")) || m[6] >= 100)
			break;
	}
	if (!r && !(r = rd(da, m, 2, FORMAT_STEP_MS, "format end")) && (m[0] != ACK || m[1] != ACK))
		r = mtkfw_fail(da->ctx, MTKFW_E_PROTOCOL, "format end: got %02x %02x", m[0], m[1]);
	return r;
}

int mtkfw_da_read_pmt(struct mtkfw_da *da, uint8_t **buf, size_t *len)
{
	uint8_t c = DA_READ_PMT, b[5], ack = ACK;
	mtkfw_set_step(da->ctx, "pmt");
	int r = wr(da, &c, 1, "read PMT");
	if (!r)
		r = rd(da, b, 5, REPLY_MS, "read PMT");
	if (r)
		return r;
	uint32_t n = get_be32(b + 1);
	if (b[0] != ACK || n > 64 * 1024)
		return mtkfw_fail(da->ctx, MTKFW_E_PROTOCOL, "read PMT: reply %02x, length %u",
				  b[0], n);
	uint8_t *p = malloc(n ? n : 1);
	if (!p)
		return mtkfw_fail(da->ctx, MTKFW_E_NO_MEM, "out of memory");
	if ((r = wr(da, &ack, 1, "read PMT")) || (r = rd(da, p, n, REPLY_MS, "PMT data")) ||
	    (r = wr(da, &ack, 1, "read PMT"))) {
		free(p);
		return r;
	}
	*buf = p;
	*len = n;
	return 0;
}

int mtkfw_da_finish(struct mtkfw_da *da, uint32_t mode)
{
	uint8_t c = DA_FINISH, m[4];
	mtkfw_set_step(da->ctx, "finish");
	put_be32(m, mode);
	int r = wr(da, &c, 1, "finish");
	if (!r)
		r = expect(da, ACK, REPLY_MS, "finish");
	if (!r)
		r = wr(da, m, 4, "finish");
	if (!r && expect(da, ACK, REPLY_MS, "finish"))
		mtkfw_log(da->ctx, MTKFW_LOG_DEBUG,
			  "no last ACK to FINISH: the phone is rebooting");
	return r;
}
