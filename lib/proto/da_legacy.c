/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The legacy DA protocol, host side, start-up (docs/protocol.md 3.1): DA1
 * load and sync, the config block, DRAM/EMI, DA2 upload, flash info and the
 * speed check. The commands a running DA takes are
 * in da_legacy_cmds.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "da_priv.h"

#define EMI_GO 0x80000001u /* after the EMI entry: "go" (docs/protocol.md 3) */
/*
 * Bytes of information some DAs send before the EMI length request (one host's
 * order for EMI versions 0x0A/0x0B; uncertain, docs/protocol.md 3).
 */
#define EMI_INFO 16

int mtkfw_da_cancelled(struct mtkfw_da *da, const char *what)
{
	return da_cancelled(da, what);
}

int da_cancelled(struct mtkfw_da *da, const char *what)
{
	if (!da->cancel || !da->cancel(da->cancel_user))
		return 0;
	return mtkfw_fail(da->ctx, MTKFW_E_CANCELLED,
			  "cancelled: the %s stopped between two packets at the user's request; "
			  "the DA is left mid-command and is not used again",
			  what);
}

void mtkfw_da_set_cancel(struct mtkfw_da *da, bool (*cancel)(void *user), void *user)
{
	da->cancel = cancel;
	da->cancel_user = user;
}

int da_rd(struct mtkfw_da *da, void *b, size_t n, unsigned ms, const char *what)
{
	return mtkfw_transport_read(da->t, b, n, ms, what);
}

int da_wr(struct mtkfw_da *da, const void *b, size_t n, const char *what)
{
	return mtkfw_transport_write(da->t, b, n, PACKET_MS, what);
}

int da_collect(struct mtkfw_da *da, uint8_t *b, size_t n, unsigned ms, size_t *got)
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

int da_expect(struct mtkfw_da *da, uint8_t want, unsigned ms, const char *what)
{
	uint8_t b;
	int r = da_rd(da, &b, 1, ms, what);
	if (!r && b != want)
		r = mtkfw_fail(da->ctx, b == NACK ? MTKFW_E_NACK : MTKFW_E_PROTOCOL,
			       "%s: expected 0x%02x, got 0x%02x", what, want, b);
	return r;
}

/* CID words arrive little-endian (docs/protocol.md 3.1, 6): back into CID byte order. */
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

/* C0, NAND report, eMMC report, our ACK, then DA version and chip (docs/protocol.md 3.1). */
static int sync(struct mtkfw_da *da)
{
	uint8_t b[64];
	int r;
	mtkfw_set_step(da->ctx, "da-sync");
	if ((r = da_rd(da, b, 1, SYNC_MS, "DA sync")))
		return r;
	if (b[0] != RSP_SYNC)
		return mtkfw_fail(da->ctx, MTKFW_E_PROTOCOL,
				  "DA sync: expected C0, got 0x%02x: the DA did not start", b[0]);
	if ((r = da_rd(da, b, 6, REPLY_MS, "DA NAND report")))
		return r;
	uint16_t ids = get_be16(b + 4);
	if (ids > 32)
		return mtkfw_fail(da->ctx, MTKFW_E_PROTOCOL, "DA report: %u NAND IDs", ids);
	if ((r = da_rd(da, b, 2u * ids, REPLY_MS, "DA NAND IDs")) ||
	    (r = da_rd(da, b, 20, REPLY_MS, "DA eMMC report")))
		return r;
	da->info.emmc = get_be32(b) == 0;
	unreverse_cid(b + 4, da->info.cid);
	uint8_t ack = ACK;
	if ((r = da_wr(da, &ack, 1, "DA sync ACK")) ||
	    (r = da_rd(da, b, 3, REPLY_MS, "DA version")))
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

/* The 18-byte stage-2 config (docs/protocol.md 3.1, da-config) for an eMMC phone. */
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
	return da_wr(da, c, sizeof(c), "DA config");
}

/* The preloader's EMI record whose ID prefixes this phone's CID, or -1. */
static int pick_emi(struct mtkfw_da *da, const struct mtkfw_da_start *s)
{
	for (unsigned i = 0; i < s->n_emi; i++) {
		const struct mtkfw_emi_record *e = &s->emi[i];
		if (mtkfw_emi_fits(e, da->info.cid))
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
 * The DA's request for the EMI entry after ENABLE_DRAM: a u32 length at once,
 * or EMI_INFO bytes of information first and the length after them (both
 * orders are taken, docs/protocol.md 3). The length must be one entry's.
 */
static int emi_request(struct mtkfw_da *da)
{
	uint8_t b[4 + EMI_INFO];
	size_t more = 0;
	int r = da_rd(da, b, 4, REPLY_MS, "EMI length request");
	if (!r && get_be32(b) != da->chip->emi_len)
		r = da_collect(da, b + 4, EMI_INFO, REPLY_MS, &more);
	if (r)
		return r;
	mtkfw_log_hex(da->ctx, MTKFW_LOG_DEBUG, "EMI length request", b, 4 + more);
	if (more && more != EMI_INFO)
		return mtkfw_fail(da->ctx, MTKFW_E_PROTOCOL,
				  "EMI exchange: the DA sent %zu bytes where its length request "
				  "(4) or %d bytes of information and the request were expected "
				  "(this step is not confirmed on hardware; please report with "
				  "MTKFW_DEBUG=debug)",
				  4 + more, 4 + EMI_INFO);
	uint32_t len = get_be32(b + more);
	if (more)
		mtkfw_log(da->ctx, MTKFW_LOG_INFO,
			  "the DA sent %d bytes of information before its EMI length request",
			  EMI_INFO);
	if (len != da->chip->emi_len)
		return mtkfw_fail(
			da->ctx, MTKFW_E_PROTOCOL,
			"EMI exchange: the DA asked for 0x%x bytes, one entry is 0x%x (this "
			"step is not confirmed on hardware; please report with "
			"MTKFW_DEBUG=debug)",
			len, da->chip->emi_len);
	return 0;
}

/*
 * ENABLE_DRAM in BROM mode (docs/protocol.md 3.1, not yet confirmed on hardware): read the
 * DA's request, send one 0xA8-byte EMI entry, confirm, read the result.
 */
static int enable_dram(struct mtkfw_da *da, const struct mtkfw_da_start *s)
{
	uint8_t b[64];
	int r;
	if ((r = da_rd(da, b, 4 + 16 + 4 + 2, REPLY_MS, "DRAM ID report")))
		return r;
	mtkfw_log_hex(da->ctx, MTKFW_LOG_DEBUG, "DRAM ID report", b, 26);
	uint16_t ids = get_be16(b + 24);
	if (ids > (sizeof(b) - 26) / 2) /* the phone's number: never trusted as a length */
		return mtkfw_fail(da->ctx, MTKFW_E_PROTOCOL,
				  "DRAM ID report: %u NAND IDs (at most %zu make sense)", ids,
				  (sizeof(b) - 26) / 2);
	if ((r = da_rd(da, b + 26, 2u * ids, REPLY_MS, "DRAM NAND IDs")))
		return r;
	if (s->on_emmc)
		s->on_emmc(s->on_emmc_user, da->info.cid);
	int i = pick_emi(da, s);
	if (i < 0)
		return no_emi(da, s);
	da->info.emi_used = i;
	mtkfw_log(da->ctx, MTKFW_LOG_INFO, "enabling DRAM with EMI record %d of the preloader", i);
	uint8_t req[5] = {DA_ENABLE_DRAM};
	put_be32(req + 1, s->emi_version ? s->emi_version : da->chip->emi_version);
	if ((r = da_wr(da, req, 5, "ENABLE_DRAM")) ||
	    (r = da_expect(da, ACK, REPLY_MS, "ENABLE_DRAM")) || (r = emi_request(da)))
		return r;
	uint8_t ack = ACK, go[5] = {ACK};
	put_be32(go + 1, EMI_GO); /* "go" (docs/protocol.md 3.1, dram) */
	if ((r = da_wr(da, &ack, 1, "EMI")) ||
	    (r = da_wr(da, s->emi[i].raw, da->chip->emi_len, "EMI entry")) ||
	    (r = da_rd(da, b, 2, DRAM_MS, "EMI checksum")) || (r = da_wr(da, go, 5, "EMI go")) ||
	    (r = da_rd(da, b, 14, DRAM_MS, "DRAM result")))
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
	if ((r = send_config(da, s->brom)) || (r = da_rd(da, b, 4, DRAM_MS, "DRAM status")))
		return r;
	da->info.dram_status = get_be32(b);
	if (da->info.dram_status == 0)
		return 0;
	if (da->info.dram_status == 0xBC3)
		return enable_dram(da, s);
	return mtkfw_fail(da->ctx, MTKFW_E_DRAM, "DRAM status 0x%x from the DA",
			  da->info.dram_status);
}

/* DA2 in packets, each acknowledged; then one more ACK either way round (docs/protocol.md 3.1). */
static int upload_da2(struct mtkfw_da *da, const struct mtkfw_da_start *s)
{
	uint8_t h[12];
	uint32_t pkt = da->chip->da2_packet;
	int r;
	mtkfw_set_step(da->ctx, "da2");
	put_be32(h, s->r2.addr);
	put_be32(h + 4, s->r2.len);
	put_be32(h + 8, pkt);
	if ((r = da_wr(da, h, 12, "DA2 header")) ||
	    (r = da_expect(da, ACK, REPLY_MS, "DA2 header")))
		return r;
	for (uint32_t off = 0; off < s->r2.len; off += pkt) {
		uint32_t n = s->r2.len - off < pkt ? s->r2.len - off : pkt;
		if ((r = da_wr(da, s->da2 + off, n, "DA2")) ||
		    (r = da_expect(da, ACK, REPLY_MS, "DA2")))
			return r;
		if (s->progress)
			s->progress(s->progress_user, off + n, s->r2.len);
	}
	uint8_t ack = ACK;
	if ((r = da_wr(da, &ack, 1, "DA2 end")))
		return r;
	return da_expect(da, ACK, REPLY_MS, "DA2 end");
}

/* The flash-info report's blocks (docs/protocol.md 3.1) in their order, and where its fields are */
enum {
	FI_NOR = 0x1C,
	FI_NAND_HEAD = 0x11, /* ret, cs, id, size u64, id count u16 (the 64-bit form) */
	FI_NAND_TAIL = 9,    /* after the IDs: page, spare, pages/block, io, addr cycle, bmt */
	FI_EMMC = 0x5C,
	FI_SDMMC = 0x1C,
	FI_CONFIG = 0x26,
	FI_PASS = 0x0A,
	FI_IDS_64 = FI_NOR + 15, /* the ID count of the 64-bit form */
	FI_IDS_32 = FI_NOR + 11, /* ... of the 32-bit form, two IDs already in its head */
	EMMC_STATUS = 0,
	EMMC_BOOT1 = 4,
	EMMC_BOOT2 = 12,
	EMMC_RPMB = 20,
	EMMC_USER = 60,
	EMMC_CID = 68,
	CONFIG_INT_SRAM = 4,
	CONFIG_RAM_SIZE = 14,
};

/*
 * What the flash-info report says of itself (its pass block) and of the eMMC
 * (its block's status, its user area): anything but success stops the
 * session here, before any command.
 */
static int flash_info_verdict(struct mtkfw_da *da, const uint8_t *emmc, const uint8_t *pass)
{
	uint32_t st = get_be32(emmc + EMMC_STATUS);
	if (pass[0] != ACK)
		return mtkfw_fail(da->ctx, MTKFW_E_PROTOCOL,
				  "flash info: the DA reports failure (0x%02x, status 0x%08x)",
				  pass[0], get_be32(pass + 1));
	if (st)
		return mtkfw_fail(
			da->ctx, MTKFW_E_DEVICE_STORAGE,
			"the DA could not bring up the eMMC: its flash-info report gives the eMMC "
			"status 0x%08x (0 is success; a user area of 0x%llx bytes). Nothing was "
			"written; if it repeats after reconnecting, the eMMC is failing",
			st, (unsigned long long)da->info.user);
	if (!da->info.user)
		return mtkfw_fail(da->ctx, MTKFW_E_DEVICE_STORAGE,
				  "the DA found no eMMC (user area size 0). Nothing was written");
	return 0;
}

/* The flash-info report (docs/protocol.md 3.1): NOR, NAND, eMMC, SDMMC, config, pass. */
static int flash_info(struct mtkfw_da *da)
{
	uint8_t b[256];
	int r;
	mtkfw_set_step(da->ctx, "flash-info");
	if ((r = da_rd(da, b, FI_NOR + FI_NAND_HEAD, REPLY_MS, "flash info")))
		return r;
	uint16_t ids = get_be16(b + FI_IDS_64);
	if (!ids)
		ids = get_be16(b + FI_IDS_32) > 2 ? get_be16(b + FI_IDS_32) - 2 : 0;
	if (ids > 64)
		return mtkfw_fail(da->ctx, MTKFW_E_PROTOCOL, "flash info: %u NAND IDs", ids);
	if ((r = da_rd(da, b, 2u * ids + FI_NAND_TAIL, REPLY_MS, "flash info NAND")) ||
	    (r = da_rd(da, b, FI_EMMC + FI_SDMMC + FI_CONFIG + FI_PASS, REPLY_MS, "flash info")))
		return r;
	struct mtkfw_flash_info *fi = &da->info;
	fi->boot1 = get_be64(b + EMMC_BOOT1);
	fi->boot2 = get_be64(b + EMMC_BOOT2);
	fi->rpmb = get_be64(b + EMMC_RPMB);
	fi->user = get_be64(b + EMMC_USER);
	uint8_t cid[16];
	unreverse_cid(b + EMMC_CID, cid); /* either byte order (docs/protocol.md 3.1): both match */
	if (memcmp(cid, fi->cid, 16) && memcmp(b + EMMC_CID, fi->cid, 16))
		mtkfw_log(da->ctx, MTKFW_LOG_WARNING,
			  "the CID of the flash info differs from the "
			  "DA1 report; keeping the DA1 one");
	const uint8_t *c = b + FI_EMMC + FI_SDMMC;
	fi->int_sram = get_be32(c + CONFIG_INT_SRAM);
	fi->ram_size = get_be64(c + CONFIG_RAM_SIZE);
	return flash_info_verdict(da, b, c + FI_CONFIG);
}

int da_speed_check(struct mtkfw_da *da)
{
	uint8_t c = DA_USB_CHECK, b[2];
	int r = da_wr(da, &c, 1, "USB check");
	if (!r)
		r = da_rd(da, b, 2, REPLY_MS, "USB check");
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
	da->xor_seen = UINT64_MAX;
	da->erase_fill = MTKFW_ERASE_UNKNOWN;
	da->buf = malloc(da->chip->rw_packet + 8);
	da->buf2 = malloc(da->chip->rw_packet + 8);
	int r = da->buf && da->buf2 ? 0 : MTKFW_E_NO_MEM;
	if (!r && !(r = load_da1(da, s)) && !(r = sync(da)) && !(r = dram(da, s)) &&
	    !(r = upload_da2(da, s)) && !(r = flash_info(da)))
		r = da_speed_check(da);
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
