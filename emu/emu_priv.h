/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internals of the virtual MT6572: the state object and the helpers each layer uses. */
#ifndef MTKFW_EMU_PRIV_H
#define MTKFW_EMU_PRIV_H

#include <stdio.h>

#include "emu_bytes.h"
#include "mtkfw_emu.h"

#if defined(__GNUC__)
#define EMU_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define EMU_PRINTF(f, a)
#endif

/*
 * Per-chip facts of the virtual phone. Values marked (uncertain) are not
 * confirmed on hardware (docs/protocol.md 6); they live here so one edit fixes them.
 */
#define EMU_HW_CODE	    0x6572
#define EMU_BROM_VER	    0x05	/* FF in BROM mode (docs/protocol.md 1, 6) */
#define EMU_BROM_BL_VER	    0xFE	/* FE in BROM mode: the command byte itself */
#define EMU_PL_VER	    0xFF	/* FF in preloader mode */
#define EMU_PL_BL_VER	    0x01	/* FE in preloader mode */
#define EMU_DA1_SRAM	    0x02007000u /* BROM mode DA1 address */
#define EMU_DA1_PRELOADER   0x81E00000u /* preloader mode loads DA1 here, whatever is asked */
#define EMU_DA_MAJOR	    0x04	/* the 3 bytes after the host's ACK (protocol.md 3.1) */
#define EMU_DA_MINOR	    0x02
#define EMU_BBCHIP	    0x88
#define EMU_NAND_IDS_DA1    4	 /* NAND IDs in the DA1 report (docs/protocol.md 3.1) */
#define EMU_NAND_IDS_INFO   7	 /* NAND IDs in the flash-info report (docs/protocol.md 3.1) */
#define EMU_EMI_VERSION	    0x0B /* MTK_BLOADER_INFO_v11 */
#define EMU_EMI_LEN	    0xA8 /* one EMI entry (docs/protocol.md 3.1, uncertain order) */
#define EMU_INT_SRAM	    0x20000
#define EMU_WDT_MODE	    0x10007000u
#define EMU_WDT_KEY	    0x22u	/* high byte of a WDT_MODE write */
#define EMU_STATUS_WRITE    0x0001	/* WRITE32/16 statuses real BROMs send (protocol.md 6) */
#define EMU_STATUS_BAD	    0x1D0C	/* refused BROM request (uncertain value) */
#define EMU_AHEAD_SLICE	    0x10000u	/* storage read ahead per mtkfw_emu_work_ahead() */
#define EMU_DA_ERR_RANGE    0xC0050005u /* DA status: address out of range (uncertain) */
#define EMU_DA_ERR_CHECKSUM 0xC0050006u /* DA status: packet checksum mismatch (uncertain) */
#define EMU_DA_ERR_WRITE    0xC0050007u /* DA status: eMMC write failed (uncertain) */
#define EMU_DA_ERR_EMMC	    0x00000C4Du /* DA status: eMMC not found (one host's table; uncertain) */
/* The reserved-tail rows MT6572 kernel trees' partition_define.c give (variant pmt-kernel). */
#define EMU_OTP_SIZE	 0x2b00000u
#define EMU_OTP_AT	 0xFFFF0200u /* 0x200 units of 128 KiB back from the end */
#define EMU_BMTPOOL_SIZE 0x1500000u
#define EMU_BMTPOOL_AT	 0xFFFF00a8u
#define EMU_PMT_FROM_END 0x700000u /* PMT at user size - 7 MiB (docs/formats.md, "PMT") */
#define EMU_MAX_DA	 (2u << 20)
#define EMU_MAX_PACKET	 (16u << 20)

/*
 * The wire's names, the emulator's own copy (docs/protocol.md 1, 3): host
 * and emulator share nothing but public headers and the wire, so that a
 * wrong byte on one side cannot hide behind the same constant on the other.
 */
enum emu_brom_cmd {
	BROM_READ16 = 0xD0,
	BROM_READ32 = 0xD1,
	BROM_WRITE16 = 0xD2,
	BROM_WRITE32 = 0xD4,
	BROM_JUMP_DA = 0xD5,
	BROM_SEND_DA = 0xD7,
	BROM_GET_TARGET_CONFIG = 0xD8,
	BROM_GET_ME_ID = 0xE1,
	BROM_GET_HW_SW_VER = 0xFC,
	BROM_GET_HW_CODE = 0xFD,
	BROM_GET_BL_VER = 0xFE,
	BROM_GET_VERSION = 0xFF,
};
#define BROM_HANDSHAKE_START 0xA0 /* the first byte of A0 0A 50 05 */

enum emu_da_cmd {
	DA_SWITCH_PART = 0x60,
	DA_WRITE_DATA = 0x62,
	DA_USB_SETUP_PORT = 0x70,
	DA_USB_CHECK = 0x72,
	DA_READ_REG32 = 0x7A,
	DA_WRITE_REG32 = 0x7B,
	DA_READ_PMT = 0xA5,
	DA_FORMAT = 0xD4,
	DA_READ = 0xD6,
	DA_FINISH = 0xD9,
	DA_ENABLE_DRAM = 0xE8,
};

enum emu_da_rsp {
	RSP_CONT = 0x69,
	RSP_ACK = 0x5A,
	RSP_NACK = 0xA5,
	RSP_UNKNOWN_CMD = 0xBB,
	RSP_SYNC = 0xC0,
	RSP_SOC_OK = 0xC1,
};
#define STORAGE_EMMC   0x02 /* D6 / D4 storage byte */
#define DASTORAGE_EMMC 0x01 /* 62 storage byte */
#define USB_HIGH_SPEED 0x01 /* 72's speed byte */
#define RAM_TYPE_DRAM  0x02
#define DA_STATUS_NONE 0x00000BC4u /* "device not found": no NAND, no NOR */
#define DA_DRAM_NEEDED 0x00000BC3u /* DRAM status: EMI settings wanted */

/* Is a variant (enum mtkfw_emu_variant) on? */
#define EMU_VARIANT(e, v) (((e)->cfg.variants & (v)) != 0)

enum emu_phase {
	PH_HANDSHAKE, /* waiting for A0 0A 50 05 */
	PH_BROM,      /* BROM / preloader command loop */
	PH_DA,	      /* the DA runs (DA1 then DA2) */
	PH_HUNG,      /* jumped into garbage or DRAM failed: silent until re-plug */
};

typedef void (*emu_fn)(struct mtkfw_emu *e, const uint8_t *p);
typedef void (*emu_sink)(struct mtkfw_emu *e, const uint8_t *p, size_t n);
typedef void (*emu_done)(struct mtkfw_emu *e);

struct emu_storage {
	int fd[MTKFW_EMU_AREAS];
	uint64_t size[MTKFW_EMU_AREAS];
	double write_mbps;
	uint64_t changed; /* bytes written or erased since it was opened */
};

struct mtkfw_emu {
	struct mtkfw_emu_config cfg;
	struct emu_storage st;
	/* the accepted DA (from cfg.da_path) */
	uint8_t *da1_ref, *da2_ref;
	uint32_t da1_ref_len, da1_ref_addr, da1_ref_sig, da2_ref_len, da2_ref_addr;
	/* session */
	enum emu_phase phase;
	unsigned hs_i, hs_refused;
	bool quirk_armed, wdt_enabled, gone; /* quirk: armed at power-on */
	bool graceful;			     /* gone by reboot, not by a pulled cable */
	bool normal_boot;		     /* that reboot was FINISH's normal boot (mode 0) */
	bool in_android;		     /* booted on from the download window: gone for good */
	unsigned boot_loops;		     /* restarts of a boot loop (lk or boot damaged) */
	double session_start;
	const char *step;
	unsigned da_sessions;
	/* input machinery: gather `need` bytes for fn, or stream `bulk_left` to sink */
	uint8_t in[64];
	size_t need, got;
	emu_fn fn;
	uint64_t bulk_left;
	emu_sink sink;
	emu_done done;
	uint64_t in_total;
	/* output queue */
	uint8_t *out;
	size_t out_len, out_off, out_cap;
	uint64_t out_total;
	double release_at;
	/* BROM state */
	uint32_t r_addr, r_count, r_i;
	uint8_t r_cmd;
	uint32_t regs_addr[64], regs_val[64];
	size_t n_regs;
	uint8_t *da1; /* grown to the announced length when an upload starts */
	size_t da1_cap;
	uint32_t da1_addr, da1_len, da1_sig, da1_got;
	uint16_t da1_xor;
	bool da1_loaded;
	/* DA state */
	uint8_t part;
	uint64_t addr, len, done_bytes;
	uint32_t packet;
	uint8_t *pkt; /* grown to the packet length (write) or the EMI entry */
	size_t pkt_cap;
	size_t pkt_got;
	uint32_t pkt_sum;
	/* the next read packet, read from storage ahead while the host takes this one */
	uint8_t *stage;
	size_t stage_cap, stage_fill;
	uint64_t stage_at;
	uint32_t stage_sum;
	bool stage_valid;
	unsigned write_packets, fmt_pct;
	uint8_t *da2;
	size_t da2_cap;
	uint32_t da2_addr, da2_len, da2_got;
	uint32_t refusal;     /* status sent after a refused command */
	uint8_t pmt[40 * 96]; /* PMT entries for A5, in the wire's entry layout */
	size_t pmt_len;
	FILE *trace;
	FILE *fault_log;	   /* a line per fault fired (cfg.fault_log_path) */
	struct mtkfw_emu_hub *hub; /* cfg.hub_path's, or NULL */
};

/* emu_core.c: input, output, faults, trace */
void emu_expect(struct mtkfw_emu *e, size_t n, emu_fn fn);
void emu_stream(struct mtkfw_emu *e, uint64_t n, emu_sink sink, emu_done done);
void emu_send(struct mtkfw_emu *e, const void *buf, size_t n);
void emu_send_u8(struct mtkfw_emu *e, uint8_t v);
void emu_send_be16(struct mtkfw_emu *e, uint16_t v);
void emu_send_be32(struct mtkfw_emu *e, uint32_t v);
void emu_send_be64(struct mtkfw_emu *e, uint64_t v);
/* Room for n bytes at the end of the output queue; NULL when out of memory (the device hangs). */
uint8_t *emu_reserve(struct mtkfw_emu *e, size_t n);
/* Make *buf (capacity *cap) hold need bytes; out of memory hangs the device (false). */
bool emu_grow(struct mtkfw_emu *e, uint8_t **buf, size_t *cap, size_t need);
/*
 * When the output queue is drained, make *buf (its first n bytes, cap
 * *cap) the queue and hand back the old queue's buffer in *buf and *cap;
 * false (nothing changed) while bytes are still queued.
 */
bool emu_swap_out(struct mtkfw_emu *e, uint8_t **buf, size_t *cap, size_t n);
void emu_commit(struct mtkfw_emu *e, uint8_t *at, size_t n); /* reserved bytes are final */
void emu_enter(struct mtkfw_emu *e, const char *step);
void emu_drop_link(struct mtkfw_emu *e, const char *why); /* cable pulled: output lost */
void emu_reboot(struct mtkfw_emu *e, const char *why);	  /* after the output is sent */
void emu_hang(struct mtkfw_emu *e, const char *why);
struct mtkfw_emu_fault *emu_fault(struct mtkfw_emu *e, enum mtkfw_emu_fault_kind k,
				  const char *step);
/*
 * Fault f fires: marked fired (bad-read and bad-sectors last: never marked) and
 * reported, one line with its spec, the step and what happened (printf-style),
 * in the fault log and the trace.
 */
void emu_fire(struct mtkfw_emu *e, struct mtkfw_emu_fault *f, const char *fmt, ...)
	EMU_PRINTF(3, 4);
void emu_trace(struct mtkfw_emu *e, const char *dir, const void *buf, size_t n);
double emu_now(void);

/* emu_hub.c: the link carried n bytes (either way); with a hub, wait for their slice of it */
void emu_link_carried(struct mtkfw_emu *e, size_t n);

/* emu_brom.c */
void emu_brom_begin(struct mtkfw_emu *e);

/* emu_da.c */
void emu_da_begin(struct mtkfw_emu *e);
void emu_da_cmd_loop(struct mtkfw_emu *e);

/* emu_da_cmds.c */
void emu_da_command(struct mtkfw_emu *e, const uint8_t *p);
bool emu_da_work_ahead(struct mtkfw_emu *e); /* see mtkfw_emu_work_ahead() */

/* emu_storage.c */
int emu_storage_open(struct emu_storage *st, const struct mtkfw_emu_config *cfg, char *err,
		     size_t errlen);
void emu_storage_close(struct emu_storage *st);
int emu_storage_read(struct emu_storage *st, int area, uint64_t off, void *buf, size_t n);
int emu_storage_write(struct emu_storage *st, int area, uint64_t off, const void *buf, size_t n);
int emu_storage_erase(struct emu_storage *st, int area, uint64_t off, uint64_t n);
/* Every byte of [off, off+n) set to byte (zeros: as emu_storage_erase); 0 or -1. */
int emu_storage_fill(struct emu_storage *st, int area, uint64_t off, uint64_t n, uint8_t byte);
const char *emu_area_name(int area); /* "boot1", "boot2", "rpmb", "user"; "?" otherwise */

/* emu_fat.c */
/**
 * Format [off, off+size) of an area as an empty FAT32 volume (lba: its first
 * sector as the MBR sees it, serial: its volume id). 0, 1 when the partition
 * is too small for FAT32 (nothing written), -1 when the storage fails.
 */
int emu_format_fat32(struct emu_storage *st, int area, uint64_t off, uint64_t size, uint64_t lba,
		     uint32_t serial);

/* emu_dafile.c */
struct emu_da_entry {
	uint16_t hw_code, hw_sub, hw_ver, sw_ver;
	uint32_t region_count;
	struct {
		uint32_t buf, len, start, offset, sig;
	} r[10];
};
int emu_da_find(const uint8_t *file, size_t len, uint16_t hw_code, struct emu_da_entry *out);

/* Sum of bytes, the legacy DA packet checksum. */
uint32_t emu_bytesum(uint32_t acc, const uint8_t *p, size_t n);

/*
 * XOR of little-endian 16-bit words (SEND_DA's checksum), continued over the
 * n bytes at p, the first being byte number at of the whole (an odd last byte alone).
 */
uint16_t emu_xor16(uint16_t acc, uint64_t at, const uint8_t *p, size_t n);

/** n pseudo-random bytes from seed (xorshift32): the same seed gives the same bytes. */
void emu_fill_pseudo(uint8_t *b, size_t n, uint32_t seed);

/** A sentence into err (n bytes; nothing when err is NULL or n is 0): the emulator's errors. */
void emu_errf(char *err, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
