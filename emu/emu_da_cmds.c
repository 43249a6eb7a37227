/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * DA2 commands of the virtual phone (docs/protocol.md 3): USB status,
 * switch partition, read, write with per-packet byte sums, format with
 * progress, read PMT, registers, finish.
 */
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "emu_priv.h"

/* Partition byte of 60 / 62 -> eMMC area; -1 if the phone has none. */
static int area_of(uint8_t part)
{
	switch (part) {
	case 1:
		return MTKFW_EMU_BOOT1;
	case 2:
		return MTKFW_EMU_BOOT2;
	case 3:
		return MTKFW_EMU_RPMB;
	case 8:
		return MTKFW_EMU_USER;
	default:
		return -1;
	}
}

static bool in_area(struct mtkfw_emu *e, uint8_t part, uint64_t addr, uint64_t len)
{
	int a = area_of(part);
	return a >= 0 && len && addr <= e->st.size[a] && len <= e->st.size[a] - addr;
}

static void loop(struct mtkfw_emu *e)
{
	emu_da_cmd_loop(e);
}

/* ---- refusals ---- */

static void nack_status(struct mtkfw_emu *e, const uint8_t *p)
{
	(void)p; /* the host's A5 asking why */
	uint8_t s[4];
	emu_put_le32(s, e->refusal);
	emu_send(e, s, 4);
	loop(e);
}

/* D6 style refusal: A5, the host answers A5, then a little-endian status. */
static void refuse_ask(struct mtkfw_emu *e, uint32_t status)
{
	e->refusal = status;
	emu_send_u8(e, RSP_NACK);
	emu_expect(e, 1, nack_status);
}

/* Write or format refusal (uncertain on hardware): A5 then the big-endian status, or A5 alone. */
static void refuse_now(struct mtkfw_emu *e, uint32_t status)
{
	emu_send_u8(e, RSP_NACK);
	if (!EMU_VARIANT(e, MTKFW_VARIANT_NACK_BARE))
		emu_send_be32(e, status);
	loop(e);
}

/* ---- read (D6) ---- */

static void read_ack(struct mtkfw_emu *e, const uint8_t *p);

/* Length of the next packet of the read in progress (0: all sent). */
static size_t next_packet_len(const struct mtkfw_emu *e)
{
	uint64_t n = e->len - e->done_bytes;
	return n < e->packet ? (size_t)n : e->packet;
}

/* Bytes of the next packet already in the stage (0 when it holds something else). */
static size_t staged(const struct mtkfw_emu *e)
{
	return e->stage_valid && e->stage_at == e->addr + e->done_bytes ? e->stage_fill : 0;
}

/*
 * Read up to max more bytes of the next packet from storage into the stage,
 * summing them; a stage for another offset starts over. False when out of memory.
 */
static bool stage_more(struct mtkfw_emu *e, size_t max)
{
	size_t n = next_packet_len(e);
	uint64_t at = e->addr + e->done_bytes;
	if (!staged(e)) {
		e->stage_valid = true;
		e->stage_at = at;
		e->stage_fill = 0;
		e->stage_sum = 0;
	}
	if (!emu_grow(e, &e->stage, &e->stage_cap, n + 2))
		return false;
	size_t k = n - e->stage_fill < max ? n - e->stage_fill : max;
	uint8_t *to = e->stage + e->stage_fill;
	emu_storage_read(&e->st, area_of(e->part), at + e->stage_fill, to, k);
	e->stage_sum = emu_bytesum(e->stage_sum, to, k);
	e->stage_fill += k;
	return true;
}

bool emu_da_work_ahead(struct mtkfw_emu *e)
{
	size_t n = e->fn == read_ack ? next_packet_len(e) : 0; /* a read waits for its ACK */
	if (staged(e) == n)
		return false;
	return stage_more(e, EMU_AHEAD_SLICE) && e->stage_fill < n;
}

/* An unfired fault of kind k whose user byte lies in the next read packet (n bytes), or NULL. */
static struct mtkfw_emu_fault *in_packet(struct mtkfw_emu *e, enum mtkfw_emu_fault_kind k, size_t n)
{
	uint64_t from = e->addr + e->done_bytes;
	for (size_t i = 0; area_of(e->part) == MTKFW_EMU_USER && i < e->cfg.n_faults; i++) {
		struct mtkfw_emu_fault *f = &e->cfg.faults[i];
		if (f->kind == k && !f->fired && f->a >= from && f->a < from + n)
			return f;
	}
	return NULL;
}

/*
 * An eMMC that misread, once, with a sum that matches what it sent: flaky-read
 * flips a bit of its byte, flaky-zero sends the whole staged packet as zeros.
 */
static void flaky_read(struct mtkfw_emu *e, size_t n)
{
	uint64_t from = e->addr + e->done_bytes;
	struct mtkfw_emu_fault *f = in_packet(e, MTKFW_FAULT_FLAKY_READ, n);
	if (f) {
		uint8_t *b = e->stage + (f->a - from);
		emu_fire(e, f,
			 "read packet user+0x%llx (%zu bytes): byte user+0x%llx sent as "
			 "0x%02x instead of 0x%02x, the sum matching",
			 (unsigned long long)from, n, (unsigned long long)f->a, *b ^ 0x10, *b);
		e->stage_sum -= *b;
		*b ^= 0x10;
		e->stage_sum += *b;
	}
	if ((f = in_packet(e, MTKFW_FAULT_FLAKY_ZERO, n)) != NULL) {
		size_t data = 0;
		for (size_t i = 0; i < n; i++)
			data += e->stage[i] != 0;
		emu_fire(e, f,
			 "read packet user+0x%llx (%zu bytes, %zu of them non-zero) sent as "
			 "zeros with sum 0",
			 (unsigned long long)from, n, data);
		memset(e->stage, 0, n);
		e->stage_sum = 0;
	}
}

/*
 * Send the next packet with its byte sum: the staged one when it is ready
 * (the rest read now), handed to the output queue without a copy when the
 * host has taken everything before it.
 */
static void read_packet(struct mtkfw_emu *e)
{
	size_t n = next_packet_len(e);
	if (e->gone || !stage_more(e, n))
		return;
	flaky_read(e, n);
	uint16_t sum = EMU_VARIANT(e, MTKFW_VARIANT_READ_SUM_XOR) ? emu_xor16(0, 0, e->stage, n)
								  : (uint16_t)e->stage_sum;
	uint64_t from = e->addr + e->done_bytes;
	struct mtkfw_emu_fault *f = emu_fault(e, MTKFW_FAULT_BAD_CHECKSUM, "read");
	if (!f)
		f = in_packet(e, MTKFW_FAULT_BAD_READ, n); /* a weak spot: on every read */
	if (f) {
		emu_fire(e, f,
			 "read packet %s+0x%llx (%zu bytes) sent with sum 0x%04x instead of "
			 "0x%04x",
			 emu_area_name(area_of(e->part)), (unsigned long long)from, n, sum ^ 0x0101,
			 sum);
		sum ^= 0x0101;
	}
	emu_put_be16(e->stage + n, sum);
	e->stage_valid = false;
	uint8_t *at;
	if (emu_swap_out(e, &e->stage, &e->stage_cap, n + 2)) {
		at = e->out;
	} else if ((at = emu_reserve(e, n + 2)) != NULL) {
		memcpy(at, e->stage, n + 2);
	} else {
		return;
	}
	emu_commit(e, at, n + 2);
	e->done_bytes += n;
}

static void read_ack(struct mtkfw_emu *e, const uint8_t *p)
{
	if (p[0] != RSP_ACK) { /* the host gave up on the read: this is its next command */
		emu_da_command(e, p);
		return;
	}
	if (e->done_bytes < e->len) {
		read_packet(e);
		emu_expect(e, 1, read_ack);
		return;
	}
	loop(e);
}

static void read_setup(struct mtkfw_emu *e, const uint8_t *p)
{
	e->addr = emu_get_be64(p + 2);
	e->len = emu_get_be64(p + 10);
	e->packet = emu_get_be32(p + 18);
	e->done_bytes = 0;
	e->stage_valid = false; /* storage may have changed since the last read */
	if (p[1] != STORAGE_EMMC || e->packet < 512 || e->packet > EMU_MAX_PACKET ||
	    !in_area(e, e->part, e->addr, e->len)) {
		refuse_ask(e, EMU_DA_ERR_RANGE);
		return;
	}
	emu_enter(e, "read");
	if (e->gone)
		return;
	emu_send_u8(e, RSP_ACK);
	read_packet(e);
	emu_expect(e, 1, read_ack);
}

/* ---- write (62) ---- */

static void write_go(struct mtkfw_emu *e, const uint8_t *p);

static void write_sink(struct mtkfw_emu *e, const uint8_t *p, size_t n)
{
	memcpy(e->pkt + e->pkt_got, p, n);
	e->pkt_got += n;
	e->pkt_sum = emu_bytesum(e->pkt_sum, p, n); /* summed as it arrives: hosts wait ~25 ms */
}

/* A bad-sectors fault covering part of this packet, or NULL. */
static struct mtkfw_emu_fault *bad_sectors(struct mtkfw_emu *e, uint64_t off, size_t n)
{
	struct mtkfw_emu_fault *f = emu_fault(e, MTKFW_FAULT_BAD_SECTORS, NULL);
	return f && area_of(e->part) == MTKFW_EMU_USER && off < f->a + f->b && off + n > f->a
		       ? f
		       : NULL;
}

/* How many of the n bytes of the write packet differ from what the eMMC holds at off. */
static size_t differing(struct mtkfw_emu *e, uint64_t off, size_t n)
{
	uint8_t held[4096];
	size_t diff = 0;
	for (size_t i = 0; i < n; i += sizeof(held)) {
		size_t k = n - i < sizeof(held) ? n - i : sizeof(held);
		if (emu_storage_read(&e->st, area_of(e->part), off + i, held, k))
			return n; /* unreadable: counted as all different */
		for (size_t j = 0; j < k; j++)
			diff += held[j] != e->pkt[i + j];
	}
	return diff;
}

/*
 * Store a packet, pacing to the configured eMMC write speed. A packet of
 * zeros becomes a hole in the image file (the same bytes, no disk).
 */
static int store(struct mtkfw_emu *e, uint64_t off, size_t n)
{
	double t0 = emu_now();
	bool zeros = n && !e->pkt[0] && !memcmp(e->pkt, e->pkt + 1, n - 1);
	int r = zeros ? emu_storage_erase(&e->st, area_of(e->part), off, n)
		      : emu_storage_write(&e->st, area_of(e->part), off, e->pkt, n);
	if (e->cfg.emmc_write_mbps > 0) {
		double want = (double)n / (e->cfg.emmc_write_mbps * 1e6) - (emu_now() - t0);
		if (want > 0)
			usleep((useconds_t)(want * 1e6));
	}
	return r;
}

static void write_csum(struct mtkfw_emu *e, const uint8_t *p)
{
	size_t n = e->pkt_got;
	uint64_t off = e->addr + e->done_bytes;
	struct mtkfw_emu_fault *f;
	const char *area = emu_area_name(area_of(e->part));
	e->write_packets++;
	if ((f = emu_fault(e, MTKFW_FAULT_POWER_LOSS, NULL)) && f->a == e->write_packets) {
		emu_fire(e, f, "power cut in write packet %u at %s+0x%llx: %zu of %zu bytes stored",
			 e->write_packets, area, (unsigned long long)off, n / 2, n);
		emu_storage_write(&e->st, area_of(e->part), off, e->pkt, n / 2);
		emu_drop_link(e, "power lost in the middle of a write");
		return;
	}
	if ((f = emu_fault(e, MTKFW_FAULT_NACK_PACKET, NULL)) && f->a == e->write_packets) {
		emu_fire(e, f, "write packet %u at %s+0x%llx (%zu bytes) refused", e->write_packets,
			 area, (unsigned long long)off, n);
		refuse_now(e, EMU_DA_ERR_CHECKSUM);
		return;
	}
	if ((uint16_t)e->pkt_sum != emu_get_be16(p)) {
		refuse_now(e, EMU_DA_ERR_CHECKSUM);
		return;
	}
	if ((f = emu_fault(e, MTKFW_FAULT_LOST_WRITE, NULL)) && f->a == e->write_packets) {
		emu_fire(e, f, /* a failing eMMC: says stored, keeps nothing */
			 "write packet %u at %s+0x%llx (%zu bytes) acknowledged, not stored: %zu "
			 "of its bytes differ from what the eMMC holds",
			 e->write_packets, area, (unsigned long long)off, n, differing(e, off, n));
	} else if ((f = bad_sectors(e, off, n)) != NULL) {
		emu_fire(e, f, "write packet %u at %s+0x%llx (%zu bytes) failed: bad sectors",
			 e->write_packets, area, (unsigned long long)off, n);
		refuse_now(e, EMU_DA_ERR_WRITE);
		return;
	} else if (store(e, off, n)) {
		refuse_now(e, EMU_DA_ERR_WRITE);
		return;
	}
	e->done_bytes += n;
	emu_send_u8(e, RSP_CONT);
	if (e->done_bytes < e->len)
		emu_expect(e, 1, write_go);
	else
		loop(e);
}

static void write_packet_done(struct mtkfw_emu *e)
{
	emu_expect(e, 2, write_csum);
}

static void write_go(struct mtkfw_emu *e, const uint8_t *p)
{
	if (p[0] != RSP_ACK) {
		emu_da_command(e, p);
		return;
	}
	uint64_t n = e->len - e->done_bytes;
	if (n > e->packet)
		n = e->packet;
	if (!emu_grow(e, &e->pkt, &e->pkt_cap, (size_t)n))
		return;
	e->pkt_got = 0;
	e->pkt_sum = 0;
	emu_stream(e, n, write_sink, write_packet_done);
}

static void write_setup(struct mtkfw_emu *e, const uint8_t *p)
{
	e->part = p[1];
	e->addr = emu_get_be64(p + 2);
	e->len = emu_get_be64(p + 10);
	e->packet = emu_get_be32(p + 18);
	e->done_bytes = 0;
	if (p[0] != DASTORAGE_EMMC || e->packet < 512 || e->packet > EMU_MAX_PACKET ||
	    !in_area(e, e->part, e->addr, e->len)) {
		refuse_now(e, EMU_DA_ERR_RANGE);
		return;
	}
	emu_enter(e, "write");
	if (e->gone)
		return;
	emu_send_u8(e, RSP_ACK);
	emu_expect(e, 1, write_go);
}

/* ---- format (D4) ---- */

static void format_ack(struct mtkfw_emu *e, const uint8_t *p);

/* Erase the next tenth of the range and report progress. */
static void format_step(struct mtkfw_emu *e)
{
	uint64_t want = e->len * (e->fmt_pct + 10) / 100;
	if (e->fmt_pct < 100 && want > e->done_bytes) {
		double t0 = emu_now(), took;
		emu_storage_fill(&e->st, area_of(e->part), e->addr + e->done_bytes,
				 want - e->done_bytes,
				 EMU_VARIANT(e, MTKFW_VARIANT_ERASE_FF) ? 0xFF : 0);
		took = (double)(want - e->done_bytes) / (e->cfg.emmc_erase_mbps * 1e6) -
		       (emu_now() - t0);
		if (e->cfg.emmc_erase_mbps > 0 && took > 0) /* an eMMC that takes its time */
			usleep((useconds_t)(took * 1e6));
		e->done_bytes = want;
	}
	e->fmt_pct = e->fmt_pct < 100 ? e->fmt_pct + 10 : 100;
	uint8_t m[7] = {RSP_ACK, RSP_ACK, 0, 0, 0, 0, (uint8_t)e->fmt_pct};
	emu_send(e, m, sizeof(m));
	emu_expect(e, 1, format_ack);
}

static void format_ack(struct mtkfw_emu *e, const uint8_t *p)
{
	(void)p;
	if (e->fmt_pct < 100) {
		format_step(e);
		return;
	}
	emu_send_u8(e, RSP_ACK);
	emu_send_u8(e, RSP_ACK);
	loop(e);
}

static void format_setup(struct mtkfw_emu *e, const uint8_t *p)
{
	e->addr = emu_get_be64(p + 4);
	e->len = emu_get_be64(p + 12);
	e->done_bytes = 0;
	if (p[0] != STORAGE_EMMC || !in_area(e, e->part, e->addr, e->len)) {
		refuse_now(e, EMU_DA_ERR_RANGE); /* no host asks why a format was refused */
		return;
	}
	emu_enter(e, "format");
	if (e->gone)
		return;
	e->fmt_pct = 0;
	uint8_t m[7] = {RSP_ACK, RSP_ACK, 0, 0, 0, 0, 0};
	emu_send(e, m, sizeof(m));
	emu_expect(e, 1, format_ack);
}

/* ---- PMT (A5) ---- */

/* "PTv1" as a little-endian u32 (uncertain: docs/formats.md, "PMT") */
#define PMT_SIG	    0x50547631u
#define PMT_ENTRY   88
#define PMT_MAX	    40
#define PMT_WIRE_96 0x60 /* the other entry layout seen on the wire (docs/protocol.md 5) */

static void pmt_end(struct mtkfw_emu *e, const uint8_t *p)
{
	(void)p;
	loop(e);
}

static void pmt_send(struct mtkfw_emu *e, const uint8_t *p)
{
	(void)p;
	emu_send(e, e->pmt, e->pmt_len);
	emu_expect(e, 1, pmt_end);
}

/* One on-flash entry as the wire carries it: as is, or name, size, mask, offset, pad (0x60). */
static size_t wire_entry(const struct mtkfw_emu *e, const uint8_t *in, uint8_t *out)
{
	if (!EMU_VARIANT(e, MTKFW_VARIANT_PMT_96)) {
		memcpy(out, in, PMT_ENTRY);
		return PMT_ENTRY;
	}
	memset(out, 0, PMT_WIRE_96);
	memcpy(out, in, 64);
	memcpy(out + 0x40, in + 64, 8); /* size */
	emu_put_le64(out + 0x48, 0xFF); /* mask: mtkclient takes 0xFF at 0x48 as its mark */
	memcpy(out + 0x50, in + 72, 8); /* offset */
	return PMT_WIRE_96;
}

/*
 * The table as an MT6572 kernel's pmt.c writes it from PartInfo[] (variant
 * pmt-kernel): lowercase names, the last partition grown to the end of the
 * user area, then otp and bmtpool with 0xFFFFnnnn instead of an address.
 * Returns the new number of entries.
 */
static size_t kernel_style(const struct mtkfw_emu *e, uint8_t (*ent)[PMT_ENTRY], size_t n)
{
	static const struct {
		const char *name;
		uint64_t size, at;
	} tail[] = {{"otp", EMU_OTP_SIZE, EMU_OTP_AT},
		    {"bmtpool", EMU_BMTPOOL_SIZE, EMU_BMTPOOL_AT}};
	uint64_t user = e->st.size[MTKFW_EMU_USER], base = 0;
	for (size_t i = 0; i < n; i++) {
		for (uint8_t *c = ent[i]; c < ent[i] + 64 && *c; c++)
			*c = (uint8_t)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
		if (!strcmp((const char *)ent[i], "mbr"))
			base = emu_get_le64(ent[i] + 72);
	}
	if (n && emu_get_le64(ent[n - 1] + 72) < base + user)
		emu_put_le64(ent[n - 1] + 64, base + user - emu_get_le64(ent[n - 1] + 72));
	for (size_t i = 0; i < 2 && n < PMT_MAX; i++, n++) {
		memset(ent[n], 0, PMT_ENTRY);
		memcpy(ent[n], tail[i].name, strlen(tail[i].name));
		emu_put_le64(ent[n] + 64, tail[i].size);
		emu_put_le64(ent[n] + 72, tail[i].at);
	}
	return n;
}

/* The on-flash PMT block near the end of the user area into blk: false when no signed table. */
static bool pmt_block(struct mtkfw_emu *e, uint8_t blk[4096])
{
	uint64_t user = e->st.size[MTKFW_EMU_USER];
	return user >= EMU_PMT_FROM_END &&
	       !emu_storage_read(&e->st, MTKFW_EMU_USER, user - EMU_PMT_FROM_END, blk, 4096) &&
	       emu_get_le32(blk) == PMT_SIG;
}

/* The PMT entries kept near the end of the user area, if a table with a signature is there. */
static void read_pmt(struct mtkfw_emu *e)
{
	uint8_t blk[4096], ent[PMT_MAX][PMT_ENTRY];
	size_t n = 0;
	e->pmt_len = 0;
	if (!pmt_block(e, blk))
		return;
	for (; n < PMT_MAX && blk[8 + n * PMT_ENTRY]; n++)
		memcpy(ent[n], blk + 8 + n * PMT_ENTRY, PMT_ENTRY);
	if (EMU_VARIANT(e, MTKFW_VARIANT_PMT_KERNEL))
		n = kernel_style(e, ent, n);
	for (size_t i = 0; i < n; i++)
		e->pmt_len += wire_entry(e, ent[i], e->pmt + e->pmt_len);
}

static void pmt_cmd(struct mtkfw_emu *e)
{
	emu_enter(e, "pmt");
	if (e->gone)
		return;
	read_pmt(e);
	emu_send_u8(e, RSP_ACK);
	emu_send_be32(e, (uint32_t)e->pmt_len);
	emu_expect(e, 1, pmt_send);
}

/* ---- small commands ---- */

static void speed_arg(struct mtkfw_emu *e, const uint8_t *p)
{
	(void)p;
	emu_send_u8(e, RSP_ACK);
	loop(e);
}

static void part_arg(struct mtkfw_emu *e, const uint8_t *p)
{
	if (area_of(p[0]) < 0) {
		emu_send_u8(e, RSP_NACK);
	} else {
		e->part = p[0];
		emu_send_u8(e, RSP_ACK);
	}
	loop(e);
}

static void finish_mode(struct mtkfw_emu *e, const uint8_t *p)
{
	emu_send_u8(e, RSP_ACK);
	emu_reboot(e, "FINISH");
	e->normal_boot = emu_get_be32(p) == 0;
}

static void reg_read(struct mtkfw_emu *e, const uint8_t *p)
{
	(void)p;
	emu_send_be32(e, 0);
	emu_send_u8(e, RSP_ACK);
	loop(e);
}

static void reg_write(struct mtkfw_emu *e, const uint8_t *p)
{
	(void)p;
	emu_send_u8(e, RSP_ACK);
	loop(e);
}

void emu_da_command(struct mtkfw_emu *e, const uint8_t *p)
{
	switch (p[0]) {
	case DA_USB_CHECK:
		emu_send_u8(e, RSP_ACK);
		emu_send_u8(e, USB_HIGH_SPEED);
		loop(e);
		return;
	case DA_USB_SETUP_PORT:
		emu_expect(e, 1, speed_arg);
		return;
	case DA_SWITCH_PART:
		emu_send_u8(e, RSP_ACK);
		emu_expect(e, 1, part_arg);
		return;
	case DA_READ:
		emu_expect(e, 22, read_setup);
		return;
	case DA_WRITE_DATA:
		emu_expect(e, 22, write_setup);
		return;
	case DA_FORMAT:
		emu_expect(e, 20, format_setup);
		return;
	case DA_READ_PMT:
		pmt_cmd(e);
		return;
	case DA_FINISH:
		emu_enter(e, "finish");
		emu_send_u8(e, RSP_ACK);
		emu_expect(e, 4, finish_mode);
		return;
	case DA_READ_REG32:
		emu_expect(e, 4, reg_read);
		return;
	case DA_WRITE_REG32:
		emu_expect(e, 8, reg_write);
		return;
	default:
		emu_send_u8(e, RSP_UNKNOWN_CMD);
		loop(e);
	}
}

/* ---- booting on (the preloader's download window closed) ---- */

/* The user-area offset of the PMT's partition name (any case), or false. */
static bool pmt_find(struct mtkfw_emu *e, const char *name, uint64_t *off)
{
	uint8_t blk[4096];
	uint64_t user = e->st.size[MTKFW_EMU_USER], base = 0, at = 0;
	bool found = false;
	if (!pmt_block(e, blk))
		return false;
	for (size_t n = 0; n < PMT_MAX && blk[8 + n * PMT_ENTRY]; n++) {
		const uint8_t *ent = blk + 8 + n * PMT_ENTRY;
		char nm[65];
		memcpy(nm, ent, 64);
		nm[64] = 0;
		if (!strcasecmp(nm, "MBR"))
			base = emu_get_le64(ent + 72);
		if (!strcasecmp(nm, name)) {
			at = emu_get_le64(ent + 72);
			found = true;
		}
	}
	*off = at - base;
	return found && at >= base && at - base < user;
}

/* Does the partition start with magic (n bytes)? */
static bool starts_with(struct mtkfw_emu *e, const char *part, const void *magic, size_t n)
{
	uint8_t head[16];
	uint64_t off;
	return n <= sizeof(head) && pmt_find(e, part, &off) &&
	       !emu_storage_read(&e->st, MTKFW_EMU_USER, off, head, n) && !memcmp(head, magic, n);
}

void mtkfw_emu_boot_on(struct mtkfw_emu *e)
{
	static const uint8_t mtk[4] = {0x88, 0x16, 0x88, 0x58}; /* an MTK image's header */
	const char *why = !starts_with(e, "UBOOT", mtk, 4) ? "UBOOT holds no lk image"
			  : !starts_with(e, "BOOTIMG", "ANDROID!", 8)
				  ? "BOOTIMG holds no boot image"
				  : NULL;
	if (!why) {
		e->in_android = true;
		emu_reboot(e, "the download window closed: lk and boot are whole, Android starts");
		return;
	}
	e->boot_loops++;
	if (e->trace) {
		fprintf(e->trace, "-- boot loop %u: %s; the phone restarts\n", e->boot_loops, why);
		fflush(e->trace);
	}
	emu_drop_link(e, "boot loop");
}

unsigned mtkfw_emu_boot_loops(const struct mtkfw_emu *e)
{
	return e->boot_loops;
}
