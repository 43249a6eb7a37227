/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * BROM and preloader command layer of the virtual phone (docs/protocol.md 1, with
 * what real phones were seen to send, docs/protocol.md 6): handshake, hw
 * code/version, target config, register access with a watchdog, ME_ID,
 * SEND_DA and JUMP_DA.
 */
#include <string.h>

#include "emu_priv.h"

static const uint8_t hs_seq[4] = {0xA0, 0x0A, 0x50, 0x05};

static void brom_cmd(struct mtkfw_emu *e, const uint8_t *p);
static void hs_byte(struct mtkfw_emu *e, const uint8_t *p);

static bool brom(const struct mtkfw_emu *e)
{
	return e->cfg.mode == MTKFW_EMU_BROM;
}

static void to_cmd(struct mtkfw_emu *e)
{
	emu_expect(e, 1, brom_cmd);
}

void emu_brom_begin(struct mtkfw_emu *e)
{
	e->phase = PH_HANDSHAKE;
	e->hs_i = 0;
	emu_enter(e, "handshake");
	if (!brom(e) && e->cfg.say_ready)
		emu_send(e, "READY", 5);
	emu_expect(e, 1, hs_byte);
}

/* The first byte of an attempt; a refuse-handshake fault swallows whole attempts. */
static bool refuse_attempt(struct mtkfw_emu *e)
{
	struct mtkfw_emu_fault *f = emu_fault(e, MTKFW_FAULT_REFUSE_HANDSHAKE, NULL);
	if (!f)
		return false;
	if (++f->b >= f->a)
		emu_fire(e, f, "the first %llu handshake attempts were ignored",
			 (unsigned long long)f->b);
	return true;
}

/*
 * One handshake byte. Each correct byte is answered with its complement; on
 * a wrong byte the device stays silent and waits for a new A0 (answering every
 * byte can leave the two sides out of step for ever, docs/protocol.md 4).
 */
static void hs_byte(struct mtkfw_emu *e, const uint8_t *p)
{
	uint8_t b = p[0];
	if (b == hs_seq[e->hs_i] || b == BROM_HANDSHAKE_START) {
		if (b == BROM_HANDSHAKE_START)
			e->hs_i = 0;
		if (e->hs_i == 0 && refuse_attempt(e)) {
			emu_expect(e, 1, hs_byte);
			return;
		}
		emu_send_u8(e, (uint8_t)~b);
		if (++e->hs_i == 4) {
			e->phase = PH_BROM;
			emu_enter(e, "brom");
			to_cmd(e);
			return;
		}
	} else {
		e->hs_i = 0;
	}
	emu_expect(e, 1, hs_byte);
}

/* ---- registers ---- */

static uint32_t reg_read(struct mtkfw_emu *e, uint32_t addr)
{
	for (size_t i = 0; i < e->n_regs; i++)
		if (e->regs_addr[i] == addr)
			return e->regs_val[i];
	return 0;
}

/* Store a register; WDT_MODE with the 0x22 key switches the watchdog. */
static void reg_write(struct mtkfw_emu *e, uint32_t addr, uint32_t v)
{
	if (addr == EMU_WDT_MODE && (v >> 24) == EMU_WDT_KEY)
		e->wdt_enabled = (v & 1) && e->cfg.watchdog_ms;
	for (size_t i = 0; i < e->n_regs; i++)
		if (e->regs_addr[i] == addr) {
			e->regs_val[i] = v;
			return;
		}
	if (e->n_regs < sizeof(e->regs_addr) / sizeof(e->regs_addr[0])) {
		e->regs_addr[e->n_regs] = addr;
		e->regs_val[e->n_regs++] = v;
	}
}

/* The status real boot ROMs send around a WRITE32/16, or 0 as hosts say (docs/protocol.md 1). */
static uint16_t write_status(const struct mtkfw_emu *e)
{
	return EMU_VARIANT(e, MTKFW_VARIANT_WDT_STATUS_0) ? 0 : EMU_STATUS_WRITE;
}

static bool wide(const struct mtkfw_emu *e)
{
	return e->r_cmd == BROM_READ32 || e->r_cmd == BROM_WRITE32;
}

/* WRITE: each value is echoed; the status after the last is 0x0001 like real BROMs. */
static void reg_value(struct mtkfw_emu *e, const uint8_t *p)
{
	uint32_t v = wide(e) ? emu_get_be32(p) : emu_get_be16(p);
	emu_send(e, p, wide(e) ? 4 : 2);
	reg_write(e, e->r_addr + e->r_i * (wide(e) ? 4 : 2), v);
	if (++e->r_i < e->r_count) {
		emu_expect(e, wide(e) ? 4 : 2, reg_value);
		return;
	}
	emu_send_be16(e, write_status(e));
	to_cmd(e);
}

static void reg_count(struct mtkfw_emu *e, const uint8_t *p)
{
	e->r_count = emu_get_be32(p);
	e->r_i = 0;
	emu_send(e, p, 4);
	if (!e->r_count || e->r_count > 256) {
		emu_send_be16(e, EMU_STATUS_BAD);
		to_cmd(e);
		return;
	}
	bool write = e->r_cmd == BROM_WRITE32 || e->r_cmd == BROM_WRITE16;
	emu_send_be16(e, write ? write_status(e) : 0);
	if (write) {
		emu_expect(e, wide(e) ? 4 : 2, reg_value);
		return;
	}
	for (uint32_t i = 0; i < e->r_count; i++) {
		uint32_t v = reg_read(e, e->r_addr + i * (wide(e) ? 4 : 2));
		if (wide(e))
			emu_send_be32(e, v);
		else
			emu_send_be16(e, (uint16_t)v);
	}
	emu_send_be16(e, 0);
	to_cmd(e);
}

static void reg_addr(struct mtkfw_emu *e, const uint8_t *p)
{
	e->r_addr = emu_get_be32(p);
	emu_send(e, p, 4);
	emu_expect(e, 4, reg_count);
}

/* ---- SEND_DA / JUMP_DA ---- */

/* XOR of little-endian 16-bit words over the whole upload (odd last byte padded). */
static void da1_sink(struct mtkfw_emu *e, const uint8_t *p, size_t n)
{
	memcpy(e->da1 + e->da1_got, p, n);
	e->da1_xor = emu_xor16(e->da1_xor, e->da1_got, p, n);
	e->da1_got += (uint32_t)n;
}

static void da1_done(struct mtkfw_emu *e)
{
	struct mtkfw_emu_fault *f = emu_fault(e, MTKFW_FAULT_BAD_CHECKSUM, "send-da");
	uint16_t sum = EMU_VARIANT(e, MTKFW_VARIANT_DA_SUM_0) ? 0 : e->da1_xor;
	if (f) {
		emu_fire(e, f, "SEND_DA answered checksum 0x%04x instead of 0x%04x",
			 e->da1_xor ^ 0xFFFF, sum);
		sum = e->da1_xor ^ 0xFFFF;
	}
	emu_send_be16(e, sum);
	emu_send_be16(e, 0);
	e->da1_loaded = true;
	to_cmd(e);
}

static void da_sig(struct mtkfw_emu *e, const uint8_t *p)
{
	e->da1_sig = emu_get_be32(p);
	emu_send(e, p, 4);
	if (!e->da1_len || e->da1_len > EMU_MAX_DA || e->da1_sig > e->da1_len) {
		emu_send_be16(e, EMU_STATUS_BAD);
		to_cmd(e);
		return;
	}
	if (!emu_grow(e, &e->da1, &e->da1_cap, e->da1_len))
		return;
	emu_send_be16(e, 0);
	emu_enter(e, "send-da");
	e->da1_got = 0;
	e->da1_xor = 0;
	e->da1_loaded = false;
	emu_stream(e, e->da1_len, da1_sink, da1_done);
}

static void da_len(struct mtkfw_emu *e, const uint8_t *p)
{
	e->da1_len = emu_get_be32(p);
	e->da1_loaded = false; /* a new upload replaces the last, whether or not it succeeds */
	emu_send(e, p, 4);
	emu_expect(e, 4, da_sig);
}

static void da_addr(struct mtkfw_emu *e, const uint8_t *p)
{
	e->da1_addr = emu_get_be32(p);
	emu_send(e, p, 4);
	emu_expect(e, 4, da_len);
}

/* Would the uploaded DA1 run? The known DA only, or any well-formed blob. */
static bool da1_runs(struct mtkfw_emu *e, uint32_t jump)
{
	uint32_t at = brom(e) ? e->da1_addr : EMU_DA1_PRELOADER;
	if (!e->da1_loaded || jump != e->da1_addr)
		return false;
	if (brom(e) && at != (e->da1_ref ? e->da1_ref_addr : EMU_DA1_SRAM))
		return false;
	if (e->da1_ref && !e->cfg.accept_any_da)
		return e->da1_len == e->da1_ref_len && !memcmp(e->da1, e->da1_ref, e->da1_len);
	return e->da1_len >= 256;
}

static void jump_addr(struct mtkfw_emu *e, const uint8_t *p)
{
	uint32_t a = emu_get_be32(p);
	emu_send_be32(e, a);
	emu_send_be16(e, 0);
	if (!da1_runs(e, a)) {
		emu_hang(e, "JUMP_DA into something that is not the expected DA1");
		return;
	}
	emu_da_begin(e);
}

/* ---- command dispatch ---- */

static void send_hw_code(struct mtkfw_emu *e)
{
	/* MT6572 preloader quirk: the first GET_HW_CODE after power-on gets no answer. */
	if (!brom(e) && e->cfg.hwcode_quirk && e->quirk_armed) {
		e->quirk_armed = false;
		emu_enter(e, "hw-code-lost");
		emu_brom_begin(e); /* back to waiting for a handshake, as after a reopen */
		return;
	}
	uint8_t r[5] = {BROM_GET_HW_CODE};
	emu_put_be16(r + 1, EMU_HW_CODE);
	emu_put_be16(r + 3, 0);
	emu_send(e, r, 5);
}

static void send_versions(struct mtkfw_emu *e)
{
	uint8_t r[9] = {BROM_GET_HW_SW_VER};
	emu_put_be16(r + 1, e->cfg.hw_sub);
	emu_put_be16(r + 3, e->cfg.hw_ver);
	emu_put_be16(r + 5, e->cfg.sw_ver);
	emu_put_be16(r + 7, 0);
	emu_send(e, r, 9);
}

static void send_me_id(struct mtkfw_emu *e)
{
	uint8_t r[1 + 4 + 16 + 2] = {BROM_GET_ME_ID};
	emu_put_be32(r + 1, 16);
	memcpy(r + 5, e->cfg.me_id, 16);
	emu_send(e, r, sizeof(r));
}

static void brom_cmd(struct mtkfw_emu *e, const uint8_t *p)
{
	uint8_t c = p[0];
	switch (c) {
	case BROM_GET_HW_CODE:
		send_hw_code(e);
		if (e->phase == PH_HANDSHAKE)
			return;
		break;
	case BROM_GET_HW_SW_VER:
		send_versions(e);
		break;
	case BROM_GET_BL_VER:
		emu_send_u8(e, brom(e)					? EMU_BROM_BL_VER
			       : EMU_VARIANT(e, MTKFW_VARIANT_BL_VER_3) ? 3
									: EMU_PL_BL_VER);
		break;
	case BROM_GET_VERSION:
		emu_send_u8(e, brom(e) ? EMU_BROM_VER : EMU_PL_VER);
		break;
	case BROM_GET_TARGET_CONFIG: {
		uint8_t r[7] = {BROM_GET_TARGET_CONFIG}; /* no SBC, SLA or DAA */
		if (!EMU_VARIANT(e, MTKFW_VARIANT_D8_SILENT))
			emu_send(e, r, 7);
		break;
	}
	case BROM_GET_ME_ID:
		if (!EMU_VARIANT(e, MTKFW_VARIANT_NO_ME_ID))
			send_me_id(e);
		break;
	case BROM_READ16:
	case BROM_READ32:
	case BROM_WRITE16:
	case BROM_WRITE32:
		e->r_cmd = c;
		emu_send_u8(e, c);
		emu_expect(e, 4, reg_addr);
		return;
	case BROM_SEND_DA:
		emu_send_u8(e, c);
		emu_expect(e, 4, da_addr);
		return;
	case BROM_JUMP_DA:
		emu_send_u8(e, c);
		emu_enter(e, "jump-da");
		emu_expect(e, 4, jump_addr);
		return;
	default:
		/* A BROM ignores what it does not know: no echo. */
		break;
	}
	to_cmd(e);
}
