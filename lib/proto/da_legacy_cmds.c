/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The legacy DA protocol, host side, the commands of a running DA (docs/protocol.md
 * 3): switch partition, read (packets read
 * again when the link damaged them), write (packets gathered while the phone
 * stores the last), format, read PMT, finish; and the refusals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "da_priv.h"

static int switch_part(struct mtkfw_da *da, enum mtkfw_emmc_part part)
{
	uint8_t c[2] = {DA_SWITCH_PART, (uint8_t)part};
	int r = da_wr(da, c, 1, "switch partition");
	if (!r)
		r = da_expect(da, ACK, REPLY_MS, "switch partition");
	if (!r)
		r = da_wr(da, c + 1, 1, "switch partition");
	if (!r)
		r = da_expect(da, ACK, REPLY_MS, "switch partition");
	return r;
}

/* After a refused D6: answer the NACK and read the little-endian status (docs/protocol.md 3). */
static int refused_ask(struct mtkfw_da *da, const char *what, uint64_t addr, uint64_t len)
{
	uint8_t n = NACK, s[4];
	int r = da_wr(da, &n, 1, what);
	if (!r)
		r = da_rd(da, s, 4, REPLY_MS, what);
	return r ? r
		 : mtkfw_fail(da->ctx, MTKFW_E_NACK,
			      "%s of 0x%llx bytes at 0x%llx: refused by the DA (status 0x%08x)",
			      what, (unsigned long long)len, (unsigned long long)addr, get_le32(s));
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
	int r = da_collect(da, s, sizeof(s), REFUSAL_MS, &got);
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
	int code = st == DA_ERR_STORAGE		     ? MTKFW_E_DEVICE_STORAGE
		   : packet || st == DA_ERR_CHECKSUM ? MTKFW_E_CHECKSUM
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
	return at < want ? da_rd(da, p + at, want - at, PACKET_MS, "read data") : 0;
}

/* A read packet at at whose checksum matches no rule: damaged on the link, said. */
static bool damaged_packet(struct mtkfw_da *da, const uint8_t *p, size_t n, uint64_t at)
{
	mtkfw_log(da->ctx, MTKFW_LOG_WARNING,
		  "read at 0x%llx: packet checksum 0x%04x, data sums to 0x%04x (XOR of its "
		  "words 0x%04x): the link damaged it; it is read again",
		  (unsigned long long)at, get_be16(p + n), (uint16_t)mtkfw_bytesum_update(0, p, n),
		  mtkfw_brom_da_checksum(p, n));
	return false;
}

/*
 * Does a read packet's checksum match its data by the DA's rule? Until a
 * packet tells the rules apart both are tried; a packet that matches only
 * the XOR rule is not taken but read again, and the rule is the DA's when
 * the second reading matches it too: one damaged packet cannot teach a
 * wrong rule, and no packet is taken unchecked.
 */
static bool packet_sum_ok(struct mtkfw_da *da, const uint8_t *p, size_t n, uint64_t at)
{
	uint16_t got = get_be16(p + n);
	uint16_t bytes = (uint16_t)mtkfw_bytesum_update(0, p, n);
	if (da->read_sum == READ_SUM_BYTES || (da->read_sum == READ_SUM_UNKNOWN && got == bytes)) {
		if (da->read_sum == READ_SUM_UNKNOWN && bytes != mtkfw_brom_da_checksum(p, n))
			da->read_sum = READ_SUM_BYTES;
		return got == bytes || damaged_packet(da, p, n, at);
	}
	if (got != mtkfw_brom_da_checksum(p, n))
		return damaged_packet(da, p, n, at);
	if (da->read_sum == READ_SUM_XOR16)
		return true;
	if (da->xor_seen != at) {
		da->xor_seen = at;
		mtkfw_log(da->ctx, MTKFW_LOG_INFO,
			  "read at 0x%llx: the checksum 0x%04x is the XOR of the packet's words, "
			  "not its byte sum (0x%04x): read again to confirm",
			  (unsigned long long)at, got, bytes);
		return false;
	}
	da->read_sum = READ_SUM_XOR16;
	mtkfw_log(da->ctx, MTKFW_LOG_WARNING,
		  "the DA's read checksum is the XOR of the packet's 16-bit words, not their "
		  "byte sum: every packet is checked that way");
	return true;
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
	int r = da_speed_check(da);
	if (!r)
		r = switch_part(da, part);
	cmd_head(h, DA_READ, HOST_LINUX, STORAGE_EMMC, addr, len, pkt);
	if (!r && !(r = da_wr(da, h, 23, "read")) && !(r = da_rd(da, &b, 1, REPLY_MS, "read")) &&
	    b != ACK)
		return refused_ask(da, "read", addr, len);
	uint64_t done = 0, damaged = UINT64_MAX; /* received; where the first damaged packet is */
	while (!r && (done < len || held.n)) {
		size_t n = len - done < pkt ? (size_t)(len - done) : pkt;
		if (done && (r = da_cancelled(da, "read")))
			break;
		if (n && (r = receive_packet(da, cur, n, &held, rr->sink, rr->user)))
			break;
		if (n && damaged == UINT64_MAX && !packet_sum_ok(da, cur, n, addr + done))
			damaged = done;
		uint8_t ack = ACK; /* acknowledged before the sink: the next packet travels */
		if (n && (r = da_wr(da, &ack, 1, "read ACK")) != 0) /* while this one is stored */
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

/* Does [addr, addr+len) start and end on sectors, as the DA needs for a write or an erase? */
static bool whole_sectors(struct mtkfw_da *da, const char *what, uint64_t addr, uint64_t len)
{
	if (len && !(addr % MTKFW_SECTOR) && !(len % MTKFW_SECTOR))
		return true;
	mtkfw_fail(da->ctx, MTKFW_E_INVALID_PARAM,
		   "%s of 0x%llx bytes at 0x%llx: the DA takes whole %u-byte sectors, a length "
		   "above 0; nothing was sent",
		   what, (unsigned long long)len, (unsigned long long)addr, MTKFW_SECTOR);
	return false;
}

int mtkfw_da_write_begin(struct mtkfw_da *da, enum mtkfw_emmc_part part, uint64_t addr,
			 uint64_t len)
{
	uint8_t h[23], b;
	mtkfw_set_step(da->ctx, "write");
	if (da->w_active)
		return mtkfw_fail(da->ctx, MTKFW_E_INVALID_PARAM, "a write is already open");
	if (!whole_sectors(da, "write", addr, len))
		return MTKFW_E_INVALID_PARAM;
	cmd_head(h, DA_WRITE_DATA, DASTORAGE_EMMC, (uint8_t)part, addr, len, da->chip->rw_packet);
	int r = da_wr(da, h, 23, "write");
	if (!r && !(r = da_rd(da, &b, 1, REPLY_MS, "write")) && b != ACK)
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
	int r = da_rd(da, &b, 1, PACKET_MS, "write ACK");
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
	if (!r && (r = da_cancelled(da, "write")))
		da->w_active = false;
	if (r)
		return r;
	da->buf[0] = ACK;
	put_be16(da->buf + 1 + n, (uint16_t)mtkfw_bytesum_update(0, da->buf + 1, n));
	if ((r = da_wr(da, da->buf, n + 3, "write data")) != 0) {
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

/* One sector read back, gathered by its sink. */
struct sector {
	uint8_t b[MTKFW_SECTOR];
	size_t n;
};

static int sector_sink(void *user, const uint8_t *d, size_t n)
{
	struct sector *x = user;
	if (n > sizeof(x->b) - x->n)
		return MTKFW_E_TOO_LARGE;
	memcpy(x->b + x->n, d, n);
	x->n += n;
	return 0;
}

/*
 * What this phone's erase leaves, from the erase just done over [addr,
 * addr+len): its first and middle sectors read back (the middle one lies past
 * any part of an erase group the DA wrote rather than erased).
 */
static int learn_erase_fill(struct mtkfw_da *da, enum mtkfw_emmc_part part, uint64_t addr,
			    uint64_t len)
{
	uint64_t at[2] = {addr, addr + len / 2 / MTKFW_SECTOR * MTKFW_SECTOR};
	int fill = MTKFW_ERASE_UNKNOWN;
	for (int i = 0; i < 2; i++) {
		struct sector x = {.n = 0};
		int r = mtkfw_da_read(da, part, at[i], MTKFW_SECTOR, sector_sink, &x, NULL, NULL);
		if (r)
			return r;
		int f = memcmp(x.b, x.b + 1, sizeof(x.b) - 1) ? MTKFW_ERASE_MIXED : x.b[0];
		fill = fill == MTKFW_ERASE_UNKNOWN || fill == f ? f : MTKFW_ERASE_MIXED;
	}
	da->erase_fill = fill;
	if (fill == MTKFW_ERASE_MIXED)
		mtkfw_log(da->ctx, MTKFW_LOG_INFO,
			  "an erase leaves mixed bytes on this phone (read back at %s+0x%llx): "
			  "zeros are written where they are needed",
			  mtkfw_part_name(part), (unsigned long long)addr);
	else
		mtkfw_log(da->ctx, MTKFW_LOG_INFO,
			  "an erase leaves 0x%02x on this phone (read back at %s+0x%llx)%s", fill,
			  mtkfw_part_name(part), (unsigned long long)addr,
			  fill ? ": zeros are written where they are needed" : "");
	return 0;
}

int mtkfw_da_erase_fill(const struct mtkfw_da *da)
{
	return da->erase_fill;
}

int mtkfw_da_format(struct mtkfw_da *da, enum mtkfw_emmc_part part, uint64_t addr, uint64_t len,
		    mtkfw_progress_cb progress, void *puser)
{
	uint8_t h[21] = {DA_FORMAT, STORAGE_EMMC, 0x00, 0x00, 0x00}, m[7];
	mtkfw_set_step(da->ctx, "format");
	if (!whole_sectors(da, "format", addr, len))
		return MTKFW_E_INVALID_PARAM;
	put_be64(h + 5, addr);
	put_be64(h + 13, len);
	int r = da_speed_check(da);
	if (!r)
		r = switch_part(da, part);
	if (!r)
		r = da_wr(da, h, sizeof(h), "format");
	while (!r) {
		if ((r = da_rd(da, m, 1, FORMAT_STEP_MS, "format progress")))
			break;
		if (m[0] != ACK)
			return refused_format(da, m[0], addr, len);
		if ((r = da_rd(da, m + 1, 6, REPLY_MS, "format progress")))
			break;
		if (progress)
			progress(puser, len * m[6] / 100, len);
		uint8_t ack = ACK;
		if ((r = da_wr(da, &ack, 1, "format ACK")) || m[6] >= 100)
			break;
	}
	if (!r && !(r = da_rd(da, m, 2, FORMAT_STEP_MS, "format end")) &&
	    (m[0] != ACK || m[1] != ACK))
		r = mtkfw_fail(da->ctx, MTKFW_E_PROTOCOL, "format end: got %02x %02x", m[0], m[1]);
	if (!r && da->erase_fill == MTKFW_ERASE_UNKNOWN)
		r = learn_erase_fill(da, part, addr, len);
	return r;
}

int mtkfw_da_read_pmt(struct mtkfw_da *da, uint8_t **buf, size_t *len)
{
	uint8_t c = DA_READ_PMT, b[5], ack = ACK;
	mtkfw_set_step(da->ctx, "pmt");
	int r = da_wr(da, &c, 1, "read PMT");
	if (!r)
		r = da_rd(da, b, 5, REPLY_MS, "read PMT");
	if (r)
		return r;
	uint32_t n = get_be32(b + 1);
	if (b[0] != ACK || n > 64 * 1024)
		return mtkfw_fail(da->ctx, MTKFW_E_PROTOCOL, "read PMT: reply %02x, length %u",
				  b[0], n);
	uint8_t *p = malloc(n ? n : 1);
	if (!p)
		return mtkfw_fail(da->ctx, MTKFW_E_NO_MEM, "out of memory");
	if ((r = da_wr(da, &ack, 1, "read PMT")) || (r = da_rd(da, p, n, REPLY_MS, "PMT data")) ||
	    (r = da_wr(da, &ack, 1, "read PMT"))) {
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
	int r = da_wr(da, &c, 1, "finish");
	if (!r)
		r = da_expect(da, ACK, REPLY_MS, "finish");
	if (!r)
		r = da_wr(da, m, 4, "finish");
	if (!r && da_expect(da, ACK, REPLY_MS, "finish"))
		mtkfw_log(da->ctx, MTKFW_LOG_DEBUG,
			  "no last ACK to FINISH: the phone is rebooting");
	return r;
}
