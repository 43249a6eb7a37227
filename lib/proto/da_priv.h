/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The legacy DA protocol's shared parts (docs/protocol.md 3):
 * the session object, the wire's names and timeouts, and the byte helpers
 * used by the start-up (da_legacy.c) and the commands (da_legacy_cmds.c).
 */
#ifndef MTKFW_DA_PRIV_H
#define MTKFW_DA_PRIV_H

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

/* Response bytes of a running DA (docs/protocol.md 3). */
enum da_rsp {
	RSP_SYNC = 0xC0,
	RSP_ACK = 0x5A,
	RSP_NACK = 0xA5,
	RSP_CONT = 0x69,
};

/* Legacy DA commands mtkfw sends (docs/protocol.md 3). */
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
/* DA statuses after a refused write (uncertain: one real capture would settle them) */
#define DA_ERR_CHECKSUM 0xC0050006u /* the packet's byte sum did not match */
#define DA_ERR_STORAGE	0xC0050007u /* the eMMC failed to store it */

/*
 * The rules a D6 read packet's checksum may follow (uncertain: docs/protocol.md
 * 3). The DA's own is learned from the first packet that tells them apart.
 */
enum read_sum {
	READ_SUM_UNKNOWN,
	READ_SUM_BYTES, /* the 16-bit sum of its bytes, as a write packet's */
	READ_SUM_XOR16, /* the XOR of its 16-bit little-endian words, as SEND_DA's */
};

#define ACK  RSP_ACK
#define NACK RSP_NACK
#define CONT RSP_CONT

struct mtkfw_da {
	struct mtkfw_transport *t;
	struct mtkfw_ctx *ctx;
	const struct mtkfw_chip *chip;
	struct mtkfw_flash_info info;
	uint8_t *buf;  /* one packet plus framing */
	uint8_t *buf2; /* reads: the previous packet, stored while this one arrives */
	enum read_sum read_sum;
	int erase_fill;		    /* mtkfw_da_erase_fill(), learned from the first erase */
	uint64_t xor_seen;	    /* where a packet matched only the XOR rule, to be read again */
	bool (*cancel)(void *user); /* asked between packets: stop? (mtkfw_da_set_cancel) */
	void *cancel_user;
	/* an open write (mtkfw_da_write_begin) */
	bool w_active;
	uint64_t w_addr, w_len;
	uint64_t w_done; /* acknowledged by the DA */
	uint64_t w_sent; /* sent, incl. the packet in flight */
	size_t w_pend;	 /* the packet in flight, not yet answered */
	size_t w_fill;	 /* gathered for the next packet */
};

/** MTKFW_E_CANCELLED (what: the command stopped) when the DA's user asked to stop, else 0. */
int da_cancelled(struct mtkfw_da *da, const char *what);

/** Read exactly n bytes within ms. */
int da_rd(struct mtkfw_da *da, void *b, size_t n, unsigned ms, const char *what);

/** Write n bytes. */
int da_wr(struct mtkfw_da *da, const void *b, size_t n, const char *what);

/** Up to n bytes that arrive without a gap of ms; *got says how many (0: none came). */
int da_collect(struct mtkfw_da *da, uint8_t *b, size_t n, unsigned ms, size_t *got);

/** Read one byte and demand want (a NACK is MTKFW_E_NACK, anything else MTKFW_E_PROTOCOL). */
int da_expect(struct mtkfw_da *da, uint8_t want, unsigned ms, const char *what);

/** USB_CHECK_STATUS (72): the DA answers 5A and the link speed. */
int da_speed_check(struct mtkfw_da *da);

#endif
