/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * BROM / preloader command layer, host side (docs/protocol.md 1, with what
 * real phones were seen to send, docs/protocol.md 6). Each command follows
 * the echo convention: the phone returns every byte of the command and of its
 * parameters before replying.
 */
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "mtkfw/device.h"

#define HS_BYTE_MS  100	    /* wait per handshake byte; real hosts use 20-500 ms */
#define HS_ATTEMPTS 30	    /* x 4 bytes x HS_BYTE_MS: about 10 s of trying at most */
#define CMD_MS	    1000    /* a BROM answers at once; 1 s covers a loaded USB stack */
#define DA_CHUNK    0x10000 /* SEND_DA write size */
#define DA_CHUNK_MS 5000    /* 64 KiB at the slowest full-speed USB rate, with margin */
#define DA_SUM_MS   3000    /* the BROM checksums the whole DA before answering */
#define STATUS_SLA  0x1D0D  /* SEND_DA: "SLA required" */
#define BL_VER_BROM 0xFE    /* what the boot ROM answers to GET_BL_VER (a preloader: its version) */

/* BROM / preloader command bytes (docs/protocol.md 1). */
enum brom_cmd {
	CMD_GET_HW_CODE = 0xFD,
	CMD_GET_BL_VER = 0xFE,
	CMD_GET_VERSION = 0xFF,
	CMD_GET_HW_SW_VER = 0xFC,
	CMD_GET_TARGET_CONFIG = 0xD8,
	CMD_GET_ME_ID = 0xE1,
	CMD_READ32 = 0xD1,
	CMD_WRITE32 = 0xD4,
	CMD_SEND_DA = 0xD7,
	CMD_JUMP_DA = 0xD5,
};

static const uint8_t hs[4] = {0xA0, 0x0A, 0x50, 0x05};

/* Write bytes and demand the same bytes back. */
static int echo(struct mtkfw_transport *t, const uint8_t *b, size_t n, const char *what)
{
	uint8_t got[16];
	int r = mtkfw_transport_write(t, b, n, CMD_MS, what);
	if (!r)
		r = mtkfw_transport_read(t, got, n, CMD_MS, what);
	if (!r && memcmp(got, b, n))
		return mtkfw_fail(mtkfw_transport_ctx(t), MTKFW_E_PROTOCOL,
				  "%s: echo mismatch (sent %02x, got %02x)", what, b[0], got[0]);
	return r;
}

static int echo_u32(struct mtkfw_transport *t, uint32_t v, const char *what)
{
	uint8_t b[4];
	put_be32(b, v);
	return echo(t, b, 4, what);
}

static int read_u16(struct mtkfw_transport *t, uint16_t *v, const char *what)
{
	uint8_t b[2];
	int r = mtkfw_transport_read(t, b, 2, CMD_MS, what);
	if (!r)
		*v = get_be16(b);
	return r;
}

/* One attempt: four bytes, each answered by its complement. */
static bool hs_attempt(struct mtkfw_transport *t, uint8_t *last)
{
	for (int i = 0; i < 4; i++) {
		uint8_t c = 0;
		size_t got = 0;
		if (mtkfw_transport_write(t, &hs[i], 1, CMD_MS, "handshake") ||
		    mtkfw_transport_read_some(t, &c, 1, HS_BYTE_MS, &got) || !got)
			return false;
		uint8_t want = (uint8_t)(0xFF ^ hs[i]);
		*last = c;
		if (c != want)
			return false;
	}
	return true;
}

/*
 * The handshake; its attempts the phone left unanswered or answered wrongly are added to *misses
 * (one spoilt by a preloader's "READY" is not a miss: that is how preloaders greet).
 */
static int handshake(struct mtkfw_transport *t, unsigned *misses)
{
	struct mtkfw_ctx *ctx = mtkfw_transport_ctx(t);
	uint8_t last = 0;
	for (int a = 0; a < HS_ATTEMPTS; a++) {
		last = 0;
		bool done = hs_attempt(t, &last);
		*misses += !done && last != 'R';
		if (done) {
			mtkfw_log(ctx, MTKFW_LOG_DEBUG, "handshake done after %d attempt(s)",
				  a + 1);
			return 0;
		}
		if (mtkfw_ctx_errcode(ctx) == MTKFW_E_DISCONNECTED)
			return mtkfw_ctx_errcode(ctx);
		mtkfw_transport_drain(t); /* e.g. a preloader's "READY" */
	}
	return mtkfw_fail(ctx, MTKFW_E_HANDSHAKE,
			  "no BROM/preloader handshake after %d attempts (last byte 0x%02x): the "
			  "phone is not in download mode or was powered up too early",
			  HS_ATTEMPTS, last);
}

int mtkfw_brom_handshake(struct mtkfw_transport *t)
{
	unsigned misses = 0;
	return handshake(t, &misses);
}

/* GET_HW_CODE; the MT6572 preloader may not answer the first one (docs/protocol.md 1). */
static int hw_code(struct mtkfw_transport *t, struct mtkfw_brom_info *info)
{
	uint8_t c = CMD_GET_HW_CODE, b[4];
	mtkfw_set_step(mtkfw_transport_ctx(t), "hw-code");
	for (int attempt = 0;; attempt++) {
		int r = echo(t, &c, 1, "GET_HW_CODE");
		if (!r)
			r = mtkfw_transport_read(t, b, 4, CMD_MS, "GET_HW_CODE");
		if (!r) {
			info->hw_code = get_be16(b);
			return 0;
		}
		if (attempt || r != MTKFW_E_TIMEOUT)
			return r;
		mtkfw_log(mtkfw_transport_ctx(t), MTKFW_LOG_INFO,
			  "no answer to GET_HW_CODE: reopening the port (preloader quirk)");
		if ((r = mtkfw_transport_reopen(t)) || (r = handshake(t, &info->handshake_misses)))
			return r;
	}
}

static int versions(struct mtkfw_transport *t, struct mtkfw_brom_info *info)
{
	uint8_t c, b[8];
	int r;
	mtkfw_set_step(mtkfw_transport_ctx(t), "versions");
	c = CMD_GET_BL_VER;
	if ((r = mtkfw_transport_write(t, &c, 1, CMD_MS, "GET_BL_VER")) ||
	    (r = mtkfw_transport_read(t, &info->bl_ver, 1, CMD_MS, "GET_BL_VER")))
		return r;
	info->preloader = info->bl_ver != BL_VER_BROM;
	c = CMD_GET_VERSION;
	if ((r = mtkfw_transport_write(t, &c, 1, CMD_MS, "GET_VERSION")) ||
	    (r = mtkfw_transport_read(t, &info->brom_ver, 1, CMD_MS, "GET_VERSION")))
		return r;
	c = CMD_GET_HW_SW_VER;
	if ((r = echo(t, &c, 1, "GET_HW_SW_VER")) ||
	    (r = mtkfw_transport_read(t, b, 8, CMD_MS, "GET_HW_SW_VER")))
		return r;
	info->hw_sub = get_be16(b);
	info->hw_ver = get_be16(b + 2);
	info->sw_ver = get_be16(b + 4);
	return 0;
}

/*
 * GET_TARGET_CONFIG. A phone that does not echo it is taken as having every
 * security flag off, as other hosts do (docs/protocol.md 1).
 */
static int target_config(struct mtkfw_transport *t, struct mtkfw_brom_info *info)
{
	struct mtkfw_ctx *ctx = mtkfw_transport_ctx(t);
	uint8_t c = CMD_GET_TARGET_CONFIG, b[6];
	size_t got = 0;
	mtkfw_set_step(ctx, "target-config");
	int r = mtkfw_transport_write(t, &c, 1, CMD_MS, "GET_TARGET_CONFIG");
	if (!r)
		r = mtkfw_transport_read_some(t, b, 1, CMD_MS, &got);
	if (!r && got == 1 && b[0] == c)
		r = mtkfw_transport_read(t, b, 6, CMD_MS, "GET_TARGET_CONFIG");
	else if (!r || r == MTKFW_E_TIMEOUT) {
		mtkfw_log(
			ctx, MTKFW_LOG_WARNING,
			"GET_TARGET_CONFIG was not echoed (%s): taking every security flag as off",
			got ? "another byte came" : "no answer");
		mtkfw_transport_drain(t);
		info->target_config = 0;
		return 0;
	}
	if (!r)
		info->target_config = get_be32(b);
	if (!r && get_be16(b + 4) > 0xFF)
		mtkfw_log(ctx, MTKFW_LOG_WARNING, "GET_TARGET_CONFIG status 0x%04x",
			  get_be16(b + 4));
	return r;
}

/*
 * GET_ME_ID, sent where docs/protocol.md 1 says hosts send it: to the boot
 * ROM (GET_BL_VER answered FE) or a preloader of version 3 and up. A preloader
 * that ignores it leaves the ME_ID unknown; a backup is bound by the eMMC CID.
 */
static int me_id(struct mtkfw_transport *t, struct mtkfw_brom_info *info)
{
	struct mtkfw_ctx *ctx = mtkfw_transport_ctx(t);
	uint8_t c = CMD_GET_ME_ID, b[4], st[2];
	size_t got = 0;
	if (info->preloader && info->bl_ver <= 2)
		return 0;
	mtkfw_set_step(ctx, "me-id");
	int r = mtkfw_transport_write(t, &c, 1, CMD_MS, "GET_ME_ID");
	if (!r)
		r = mtkfw_transport_read_some(t, b, 1, CMD_MS, &got);
	if (!r && got == 1 && b[0] == c)
		r = mtkfw_transport_read(t, b, 4, CMD_MS, "GET_ME_ID");
	else if (info->preloader && (!r || r == MTKFW_E_TIMEOUT)) {
		mtkfw_log(ctx, MTKFW_LOG_WARNING,
			  "the preloader did not answer GET_ME_ID: the ME_ID stays unknown");
		mtkfw_transport_drain(t);
		return 0;
	} else if (!r) {
		r = mtkfw_fail(ctx, MTKFW_E_PROTOCOL,
			       "GET_ME_ID: echo mismatch (sent e1, got %02x)", got ? b[0] : 0);
	}
	if (r)
		return r;
	uint32_t n = get_be32(b);
	if (n > sizeof(info->me_id))
		return mtkfw_fail(ctx, MTKFW_E_PROTOCOL, "GET_ME_ID: length %u, more than %zu", n,
				  sizeof(info->me_id));
	info->me_id_len = n;
	if ((r = mtkfw_transport_read(t, info->me_id, n, CMD_MS, "GET_ME_ID")) == 0)
		r = mtkfw_transport_read(t, st, 2, CMD_MS, "GET_ME_ID");
	return r;
}

/* READ32/WRITE32 share the head: command, address, count, then a status. */
static int reg_head(struct mtkfw_transport *t, uint8_t cmd, uint32_t addr, uint32_t n,
		    uint16_t max_ok, const char *what)
{
	uint16_t st;
	int r = echo(t, &cmd, 1, what);
	if (!r)
		r = echo_u32(t, addr, what);
	if (!r)
		r = echo_u32(t, n, what);
	if (!r)
		r = read_u16(t, &st, what);
	if (!r && st > max_ok)
		r = mtkfw_fail(mtkfw_transport_ctx(t), MTKFW_E_NACK,
			       "%s 0x%08x: the phone refused (status 0x%04x)", what, addr, st);
	return r;
}

int mtkfw_brom_read32(struct mtkfw_transport *t, uint32_t addr, uint32_t *vals, uint32_t n)
{
	uint8_t b[4];
	uint16_t st;
	int r = reg_head(t, CMD_READ32, addr, n, 0xFF, "READ32");
	for (uint32_t i = 0; !r && i < n; i++) {
		r = mtkfw_transport_read(t, b, 4, CMD_MS, "READ32");
		vals[i] = get_be32(b);
	}
	return r ? r : read_u16(t, &st, "READ32");
}

int mtkfw_brom_write32(struct mtkfw_transport *t, uint32_t addr, const uint32_t *vals, uint32_t n)
{
	uint16_t st;
	/* Real BROMs answer 0x0001 here (docs/protocol.md 1, 6); hosts accept up to 3. */
	int r = reg_head(t, CMD_WRITE32, addr, n, 3, "WRITE32");
	for (uint32_t i = 0; !r && i < n; i++)
		r = echo_u32(t, vals[i], "WRITE32");
	if (!r)
		r = read_u16(t, &st, "WRITE32");
	if (!r && st > 0xFF)
		r = mtkfw_fail(mtkfw_transport_ctx(t), MTKFW_E_NACK,
			       "WRITE32 0x%08x: status 0x%04x after the values", addr, st);
	return r;
}

int mtkfw_brom_identify(struct mtkfw_transport *t, struct mtkfw_brom_info *info)
{
	struct mtkfw_ctx *ctx = mtkfw_transport_ctx(t);
	memset(info, 0, sizeof(*info));
	mtkfw_set_step(ctx, "handshake");
	int r = handshake(t, &info->handshake_misses);
	if (!r)
		r = hw_code(t, info);
	if (r)
		return r;
	info->chip = mtkfw_chip_find(info->hw_code);
	if (!info->chip)
		return mtkfw_fail(ctx, MTKFW_E_UNSUPPORTED,
				  "the phone reports hw code 0x%04x, a chip mtkfw does not know "
				  "(MT6572, MT6582, MT6592, MT6589)",
				  info->hw_code);
	uint32_t wdt = info->chip->wdt_value;
	mtkfw_set_step(ctx, "watchdog");
	if ((r = mtkfw_brom_write32(t, info->chip->wdt_addr, &wdt, 1)) ||
	    (r = target_config(t, info)) || (r = versions(t, info)))
		return r;
	if ((r = me_id(t, info)) != 0)
		return r;
	mtkfw_log(ctx, MTKFW_LOG_INFO,
		  "%s in %s mode: hw sub 0x%04x hw 0x%04x sw 0x%04x, target config 0x%x",
		  info->chip->name, info->preloader ? "preloader" : "BROM", info->hw_sub,
		  info->hw_ver, info->sw_ver, info->target_config);
	return 0;
}

uint16_t mtkfw_brom_da_checksum(const uint8_t *data, size_t len)
{
	uint16_t x = 0;
	for (size_t i = 0; i + 1 < len; i += 2)
		x ^= get_le16(data + i);
	if (len & 1)
		x ^= data[len - 1];
	return x;
}

int mtkfw_brom_send_da(struct mtkfw_transport *t, uint32_t addr, const uint8_t *data, uint32_t len,
		       uint32_t sig_len)
{
	struct mtkfw_ctx *ctx = mtkfw_transport_ctx(t);
	uint8_t c = CMD_SEND_DA, b[4];
	uint16_t st;
	int r = echo(t, &c, 1, "SEND_DA");
	if (!r && !(r = echo_u32(t, addr, "SEND_DA")) && !(r = echo_u32(t, len, "SEND_DA")) &&
	    !(r = echo_u32(t, sig_len, "SEND_DA")))
		r = read_u16(t, &st, "SEND_DA");
	if (r)
		return r;
	if (st == STATUS_SLA)
		return mtkfw_fail(ctx, MTKFW_E_SECURITY,
				  "SEND_DA: the phone demands SLA authentication (status 0x%04x); "
				  "mtkfw does not bypass security",
				  st);
	if (st)
		return mtkfw_fail(ctx, MTKFW_E_NACK, "SEND_DA: refused with status 0x%04x", st);
	for (uint32_t off = 0; off < len; off += DA_CHUNK)
		if ((r = mtkfw_transport_write(t, data + off,
					       len - off < DA_CHUNK ? len - off : DA_CHUNK,
					       DA_CHUNK_MS, "SEND_DA data")))
			return r;
	if ((r = mtkfw_transport_read(t, b, 4, DA_SUM_MS, "SEND_DA checksum")))
		return r;
	uint16_t want = mtkfw_brom_da_checksum(data, len);
	if (!get_be16(b) && want) /* some boot ROMs report no checksum (docs/protocol.md 1) */
		mtkfw_log(ctx, MTKFW_LOG_WARNING,
			  "SEND_DA: the phone reports checksum 0 (the DA has 0x%04x): not checked",
			  want);
	else if (get_be16(b) != want)
		return mtkfw_fail(ctx, MTKFW_E_CHECKSUM,
				  "SEND_DA: the phone computed checksum 0x%04x, the DA has 0x%04x: "
				  "bytes were lost or changed on the link",
				  get_be16(b), want);
	if (get_be16(b + 2) > 0xFF)
		return mtkfw_fail(ctx, MTKFW_E_NACK, "SEND_DA: status 0x%04x after the data",
				  get_be16(b + 2));
	return 0;
}

int mtkfw_brom_jump_da(struct mtkfw_transport *t, uint32_t addr)
{
	uint8_t c = CMD_JUMP_DA, a[4], b[6];
	int r = echo(t, &c, 1, "JUMP_DA");
	put_be32(a, addr);
	if (!r)
		r = mtkfw_transport_write(t, a, 4, CMD_MS, "JUMP_DA");
	if (!r)
		r = mtkfw_transport_read(t, b, 6, CMD_MS, "JUMP_DA");
	if (!r && (get_be32(b) != addr || get_be16(b + 4)))
		r = mtkfw_fail(mtkfw_transport_ctx(t), MTKFW_E_NACK,
			       "JUMP_DA 0x%08x: the phone answered 0x%08x, status 0x%04x", addr,
			       get_be32(b), get_be16(b + 4));
	return r;
}
