/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Legacy DA start-up on the virtual phone (docs/protocol.md 3.1, with what
 * real phones were seen to send, docs/protocol.md 6): sync and flash-ID
 * report, the 18-byte config, DRAM status and the EMI exchange in BROM mode,
 * the DA2 upload and the flash-info report.
 */
#include <string.h>

#include "emu_priv.h"

static void da2_header(struct mtkfw_emu *e, const uint8_t *p);

/* The eMMC CID as the DA reports it: each 4-byte word reversed (docs/protocol.md 3.1, 6). */
static void send_cid_words(struct mtkfw_emu *e)
{
	uint8_t w[16];
	for (int i = 0; i < 16; i++)
		w[i] = e->cfg.cid[(i & ~3) + 3 - (i & 3)];
	emu_send(e, w, 16);
}

/* NAND part of a report on an eMMC phone: "device not found" and n zero IDs. */
static void send_no_nand(struct mtkfw_emu *e, unsigned ids)
{
	emu_send_be32(e, DA_STATUS_NONE);
	emu_send_be16(e, (uint16_t)ids);
	for (unsigned i = 0; i < ids; i++)
		emu_send_be16(e, 0);
}

static void da_config(struct mtkfw_emu *e, const uint8_t *p);

static void da_ack(struct mtkfw_emu *e, const uint8_t *p)
{
	(void)p; /* 5A from most hosts, 00 from some: the DA does not care */
	const uint8_t ver[3] = {EMU_DA_MAJOR, EMU_DA_MINOR, EMU_BBCHIP};
	emu_send(e, ver, 3);
	emu_enter(e, "da-config");
	emu_expect(e, 18, da_config);
}

/* NAND IDs: 4 in the DA1 report, 7 in the flash info (docs/protocol.md 3.1), or 1 (a variant). */
static unsigned nand_ids(const struct mtkfw_emu *e, unsigned usual)
{
	return EMU_VARIANT(e, MTKFW_VARIANT_NAND_IDS_1) ? 1 : usual;
}

void emu_da_begin(struct mtkfw_emu *e)
{
	e->phase = PH_DA;
	e->wdt_enabled = false; /* the DA services the watchdog itself */
	emu_enter(e, "da-sync");
	emu_send_u8(e, RSP_SYNC);
	send_no_nand(e, nand_ids(e, EMU_NAND_IDS_DA1));
	emu_send_be32(e, 0); /* eMMC found */
	send_cid_words(e);
	emu_expect(e, 1, da_ack);
}

/* ---- DRAM / EMI (BROM mode) ---- */

static void emi_go(struct mtkfw_emu *e, const uint8_t *p);

static void emi_data_done(struct mtkfw_emu *e)
{
	emu_send_be16(e, (uint16_t)emu_bytesum(0, e->pkt, EMU_EMI_LEN));
	emu_expect(e, 5, emi_go);
}

static void emi_sink(struct mtkfw_emu *e, const uint8_t *p, size_t n)
{
	memcpy(e->pkt + e->pkt_got, p, n);
	e->pkt_got += n;
}

static void emi_ack(struct mtkfw_emu *e, const uint8_t *p)
{
	if (p[0] != RSP_ACK) {
		emu_hang(e, "no ACK after the EMI length request");
		return;
	}
	if (!emu_grow(e, &e->pkt, &e->pkt_cap, EMU_EMI_LEN))
		return;
	e->pkt_got = 0;
	emu_stream(e, EMU_EMI_LEN, emi_sink, emi_data_done);
}

static void emi_req(struct mtkfw_emu *e, const uint8_t *p)
{
	if (p[0] != DA_ENABLE_DRAM || emu_get_be32(p + 1) != EMU_EMI_VERSION) {
		emu_send_u8(e, RSP_NACK);
		emu_hang(e, "wrong ENABLE_DRAM request or EMI version");
		return;
	}
	emu_send_u8(e, RSP_ACK);
	/* one host's order for EMI v0x0A/0x0B (docs/protocol.md 3.1, dram): 16 bytes of information
	 * first; what they hold is unknown, the DRAM ID stands in */
	if (EMU_VARIANT(e, MTKFW_VARIANT_EMI_INFO_FIRST))
		send_cid_words(e);
	emu_send_be32(e, EMU_EMI_LEN); /* it asks for one entry (docs/protocol.md 3.1, uncertain) */
	emu_expect(e, 1, emi_ack);
}

/* Does the received EMI entry fit this phone's memory? Its ID must prefix the CID. */
static bool emi_fits(struct mtkfw_emu *e)
{
	const uint8_t *r = e->pkt;
	uint32_t id_len = emu_get_le32(r + 0x14);
	uint64_t ram = 0;
	for (int i = 0; i < 4; i++)
		ram += emu_get_le32(r + 0x90 + 4 * i);
	struct mtkfw_emu_fault *f = emu_fault(e, MTKFW_FAULT_DRAM_FAIL, NULL);
	if (f) {
		emu_fire(e, f, "external RAM did not come up (status 0x%x)", DA_STATUS_NONE);
		return false;
	}
	return id_len >= 1 && id_len <= 16 && !memcmp(r + 4, e->cfg.cid, id_len) &&
	       ram == e->cfg.ram_size;
}

static void emi_go(struct mtkfw_emu *e, const uint8_t *p)
{
	bool ok = p[0] == RSP_ACK && emi_fits(e);
	emu_send_be32(e, ok ? 0 : DA_STATUS_NONE); /* m_ext_ram_ret */
	emu_send_u8(e, RAM_TYPE_DRAM);
	emu_send_u8(e, 0x00); /* chip select */
	emu_send_be64(e, ok ? e->cfg.ram_size : 0);
	if (!ok) {
		emu_hang(e, "DRAM init failed: EMI settings do not match this phone's memory");
		return;
	}
	emu_expect(e, 12, da2_header);
}

/* Config block in; then the DRAM status: 0 after a preloader, 0xBC3 in BROM mode. */
static void da_config(struct mtkfw_emu *e, const uint8_t *p)
{
	(void)p;
	emu_enter(e, "dram");
	if (e->cfg.mode == MTKFW_EMU_PRELOADER) {
		emu_send_be32(e, 0);
		emu_expect(e, 12, da2_header);
		return;
	}
	emu_send_be32(e, DA_DRAM_NEEDED);
	emu_send_be32(e, 0); /* eMMC status */
	send_cid_words(e);   /* the ID a host matches a preloader's EMI entries against */
	send_no_nand(e, nand_ids(e, EMU_NAND_IDS_DA1));
	emu_expect(e, 5, emi_req);
}

/* ---- DA2 upload ---- */

static void da2_final(struct mtkfw_emu *e, const uint8_t *p);

static void da2_sink(struct mtkfw_emu *e, const uint8_t *p, size_t n)
{
	memcpy(e->da2 + e->da2_got, p, n);
	e->da2_got += (uint32_t)n;
	if (e->da2_got % e->packet == 0 || e->da2_got == e->da2_len)
		emu_send_u8(e, RSP_ACK);
}

static bool da2_runs(struct mtkfw_emu *e)
{
	if (e->da2_ref && !e->cfg.accept_any_da)
		return e->da2_addr == e->da2_ref_addr && e->da2_len == e->da2_ref_len &&
		       !memcmp(e->da2, e->da2_ref, e->da2_len);
	return e->da2_len >= 256;
}

static void da2_answer(struct mtkfw_emu *e, const uint8_t *p)
{
	emu_send_u8(e, RSP_ACK);
	da2_final(e, p);
}

static void da2_done(struct mtkfw_emu *e)
{
	if (!da2_runs(e)) {
		emu_hang(e, "DA2 is not the expected one");
		return;
	}
	if (EMU_VARIANT(e, MTKFW_VARIANT_DA2_HOST_FIRST)) { /* docs/protocol.md 3 */
		emu_expect(e, 1, da2_answer);
		return;
	}
	emu_send_u8(e, RSP_ACK); /* the second, unprompted 5A (docs/protocol.md 3.1) */
	emu_expect(e, 1, da2_final);
}

static void da2_header(struct mtkfw_emu *e, const uint8_t *p)
{
	emu_enter(e, "da2-upload");
	if (e->gone)
		return;
	e->da2_addr = emu_get_be32(p);
	e->da2_len = emu_get_be32(p + 4);
	e->packet = emu_get_be32(p + 8);
	if (!e->da2_len || e->da2_len > EMU_MAX_DA || !e->packet || e->packet > 0x100000) {
		emu_send_u8(e, RSP_NACK);
		emu_hang(e, "impossible DA2 upload header");
		return;
	}
	if (!emu_grow(e, &e->da2, &e->da2_cap, e->da2_len))
		return;
	emu_send_u8(e, RSP_ACK);
	e->da2_got = 0;
	emu_stream(e, e->da2_len, da2_sink, da2_done);
}

/* ---- flash-info report (236 bytes, docs/protocol.md 3.1) ---- */

static void send_flash_info(struct mtkfw_emu *e)
{
	uint8_t nor[0x1C] = {0};
	emu_put_be32(nor, DA_STATUS_NONE);
	emu_send(e, nor, sizeof(nor));
	uint8_t nand[0x11] = {0}; /* 64-bit form: ret, cs, id, size u64, id_count */
	emu_put_be32(nand, DA_STATUS_NONE);
	unsigned n_ids = nand_ids(e, EMU_NAND_IDS_INFO);
	emu_put_be16(nand + 15, (uint16_t)n_ids);
	emu_send(e, nand, sizeof(nand));
	uint8_t ids[2 * EMU_NAND_IDS_INFO + 9] = {0};
	emu_send(e, ids, 2 * n_ids + 9);
	uint8_t mmc[0x5C] = {0};
	emu_put_be32(mmc, EMU_VARIANT(e, MTKFW_VARIANT_FLASH_INFO_FAIL) ? EMU_DA_ERR_EMMC : 0);
	emu_put_be64(mmc + 4, e->st.size[MTKFW_EMU_BOOT1]);
	emu_put_be64(mmc + 12, e->st.size[MTKFW_EMU_BOOT2]);
	emu_put_be64(mmc + 20, e->st.size[MTKFW_EMU_RPMB]);
	emu_put_be64(mmc + 60, e->st.size[MTKFW_EMU_USER]);
	bool raw = EMU_VARIANT(e, MTKFW_VARIANT_CID_RAW);
	for (int i = 0; i < 16; i++) /* CID words reversed, as in the DA1 report (uncertain) */
		mmc[68 + i] = e->cfg.cid[raw ? i : (i & ~3) + 3 - (i & 3)];
	emu_send(e, mmc, sizeof(mmc));
	uint8_t sd[0x1C] = {0};
	emu_put_be32(sd, DA_STATUS_NONE);
	emu_send(e, sd, sizeof(sd));
	uint8_t cfg[0x26] = {0};
	emu_put_be32(cfg + 4, EMU_INT_SRAM);
	cfg[12] = RAM_TYPE_DRAM;
	emu_put_be64(cfg + 14, e->cfg.ram_size);
	for (int i = 0; i < 16; i++)
		cfg[22 + i] = (uint8_t)(e->cfg.seed * 31u + (unsigned)i * 7u);
	emu_send(e, cfg, sizeof(cfg));
	uint8_t pass[0x0A] = {RSP_ACK, 0, 0, 0, 0, 0, 0, 0, 0, RSP_SOC_OK};
	emu_send(e, pass, sizeof(pass));
}

static void da2_final(struct mtkfw_emu *e, const uint8_t *p)
{
	(void)p;
	emu_enter(e, "flash-info");
	send_flash_info(e);
	e->da_sessions++;
	emu_da_cmd_loop(e);
}

void emu_da_cmd_loop(struct mtkfw_emu *e)
{
	emu_enter(e, "da-ready");
	emu_expect(e, 1, emu_da_command);
}
