/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The device stack: finding the phone, per-chip facts, the BROM/preloader
 * commands, the DA file, and the legacy DA protocol (docs/protocol.md). Each layer is one file
 * under lib/link or lib/proto.
 */
#ifndef MTKFW_DEVICE_H
#define MTKFW_DEVICE_H

#include "mtkfw/core.h"
#include "mtkfw/image.h"
#include "mtkfw/transport.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- finding the phone (lib/link/detect.c) ---- */

/** What the phone is running when it enumerates. */
enum mtkfw_port_mode {
	MTKFW_PORT_BROM = 0,  /**< 0e8d:0003: boot ROM (Volume Down held, or a dead phone) */
	MTKFW_PORT_PRELOADER, /**< 0e8d:2000: the preloader's ~5 s download window */
	MTKFW_PORT_DA,	      /**< 0e8d:2001: a download agent is running */
};

/** A MediaTek phone on USB. */
struct mtkfw_port {
	char usb_path[32]; /**< sysfs name, e.g. "1-2" */
	uint16_t vid, pid;
	enum mtkfw_port_mode mode;
	char tty[64]; /**< "/dev/ttyACM0", or "" when no CDC-ACM driver is bound */
};

/** "brom", "preloader", "da". */
const char *mtkfw_port_mode_name(enum mtkfw_port_mode m);

/**
 * List MediaTek phones (0e8d:0003/2000/2001) from sysfs (MTKFW_SYSFS_ROOT
 * overrides /sys for tests). *n is the count found (up to max are filled).
 */
int mtkfw_detect_ports(struct mtkfw_ctx *ctx, struct mtkfw_port *ports, size_t max, size_t *n);

/**
 * Wait up to wait_ms for exactly one phone (or the one at usb_path) and
 * return it. Polls often enough to catch the preloader's short window. Several
 * phones: MTKFW_E_AMBIGUOUS listing them; none: MTKFW_E_NO_DEVICE with the
 * hint on how to connect.
 */
int mtkfw_wait_port(struct mtkfw_ctx *ctx, const char *usb_path, unsigned wait_ms,
		    struct mtkfw_port *out);

/* ---- per-chip facts (lib/proto/chips.c) ---- */

/** Everything mtkfw knows about one SoC; uncertain values are marked in chips.c. */
struct mtkfw_chip {
	uint16_t hw_code; /**< what GET_HW_CODE answers */
	const char *name;
	uint8_t bbchip;		      /**< third byte after the DA1 report ACK (protocol.md 3.1) */
	uint32_t da1_brom_addr;	      /**< DA1 load address in BROM mode (SRAM) */
	uint32_t da1_pl_addr;	      /**< DA1 load address in preloader mode (DRAM) */
	uint32_t wdt_addr, wdt_value; /**< watchdog disable write */
	uint8_t emi_version;	      /**< MTK_BLOADER_INFO_vNN, sent with ENABLE_DRAM */
	uint32_t emi_len;	      /**< one EMI entry */
	uint32_t da2_packet;	      /**< DA2 upload packet size */
	uint32_t rw_packet;	      /**< read/write packet size */
};

/** The chip for a hw code, or NULL. */
const struct mtkfw_chip *mtkfw_chip_find(uint16_t hw_code);

/** The chip named "MT6572", or NULL. */
const struct mtkfw_chip *mtkfw_chip_by_name(const char *name);

/* ---- BROM / preloader (lib/proto/brom.c) ---- */

/** What the boot ROM or preloader says about the phone. */
struct mtkfw_brom_info {
	bool preloader; /**< talking to the preloader (FE answered a BL version) */
	uint16_t hw_code, hw_sub, hw_ver, sw_ver;
	uint8_t bl_ver, brom_ver;
	uint32_t target_config; /**< bit 0 SBC, 1 SLA, 2 DAA */
	uint8_t me_id[16];
	size_t me_id_len;
	const struct mtkfw_chip *chip;
	unsigned handshake_misses; /**< handshake attempts unanswered or answered wrongly (0 on a
				       clean link; a preloader's READY is no miss) */
};

/** Handshake (bounded retries, tolerates a preloader's "READY"). */
int mtkfw_brom_handshake(struct mtkfw_transport *t);

/**
 * Handshake and identify: hw code (reopening once when a preloader drops the
 * first GET_HW_CODE), versions, target config, watchdog off, ME_ID.
 */
int mtkfw_brom_identify(struct mtkfw_transport *t, struct mtkfw_brom_info *info);

int mtkfw_brom_read32(struct mtkfw_transport *t, uint32_t addr, uint32_t *vals, uint32_t n);
int mtkfw_brom_write32(struct mtkfw_transport *t, uint32_t addr, const uint32_t *vals, uint32_t n);

/** SEND_DA: upload and compare the phone's XOR checksum. */
int mtkfw_brom_send_da(struct mtkfw_transport *t, uint32_t addr, const uint8_t *data, uint32_t len,
		       uint32_t sig_len);

/** JUMP_DA. */
int mtkfw_brom_jump_da(struct mtkfw_transport *t, uint32_t addr);

/** XOR of little-endian 16-bit words (the SEND_DA checksum). */
uint16_t mtkfw_brom_da_checksum(const uint8_t *data, size_t len);

/* ---- DA file (lib/proto/da_file.c) ---- */

/** One load region of a DA entry. */
struct mtkfw_da_region {
	uint32_t file_off, len, addr, sig_len;
};

/** One chip's entry. Region 1 is DA1, region 2 is DA2 on the legacy path. */
struct mtkfw_da_entry {
	uint16_t hw_code, hw_sub, hw_ver, sw_ver;
	unsigned n_regions;
	struct mtkfw_da_region r[10];
};

struct mtkfw_da_file;

/** Open and index a DA file (MTK_DOWNLOAD_AGENT container). Data stays on disk. */
int mtkfw_da_file_open(struct mtkfw_ctx *ctx, const char *path, struct mtkfw_da_file **out);

void mtkfw_da_file_close(struct mtkfw_da_file *df);

/** The file's version string. */
const char *mtkfw_da_file_version(const struct mtkfw_da_file *df);

/**
 * The entry for a phone: hw_code equal, entry hw_version <= phone's and
 * sw_version <= phone's (0 = don't care). MTKFW_E_DA_FILE with the chips the
 * file supports when none fits.
 */
int mtkfw_da_file_select(struct mtkfw_ctx *ctx, const struct mtkfw_da_file *df, uint16_t hw_code,
			 uint16_t hw_ver, uint16_t sw_ver, struct mtkfw_da_entry *out);

/** Read one region's bytes (malloc'd). */
int mtkfw_da_file_load(struct mtkfw_ctx *ctx, const struct mtkfw_da_file *df,
		       const struct mtkfw_da_region *r, uint8_t **buf);

/**
 * Find the DA file when --da is not given: $MTKFW_DA,
 * ~/.local/share/mtkfw/MTK_AllInOne_DA.bin, /usr/local/share/mtkfw/...,
 * /usr/share/mtkfw/..., ./MTK_AllInOne_DA.bin. NULL if none exists.
 */
const char *mtkfw_da_default_path(char *buf, size_t len);

/* ---- legacy DA (lib/proto/da_legacy.c) ---- */

/** What the DA reports about the phone's memory. */
struct mtkfw_flash_info {
	uint8_t da_major, da_minor, bbchip;
	bool emmc;
	uint64_t boot1, boot2, rpmb, user;
	uint8_t cid[16]; /**< in CID byte order (MID first) */
	uint32_t int_sram;
	uint64_t ram_size;
	uint32_t dram_status; /**< 0: DRAM was up; 0xBC3: it was enabled with EMI settings */
	int emi_used;	      /**< index of the EMI record used, -1 if none was needed */
};

/** Partition numbers of switch-partition / read / write. */
enum mtkfw_emmc_part {
	MTKFW_PART_BOOT1 = 1,
	MTKFW_PART_BOOT2 = 2,
	MTKFW_PART_RPMB = 3,
	MTKFW_PART_USER = 8,
};

/** "boot1", "boot2", "rpmb", "user" -> part; -1 if unknown. */
int mtkfw_part_by_name(const char *name);

/** Name of an area. */
const char *mtkfw_part_name(enum mtkfw_emmc_part part);

struct mtkfw_da;

/** Inputs of the DA start-up. */
struct mtkfw_da_start {
	const struct mtkfw_brom_info *brom;
	const uint8_t *da1, *da2;
	struct mtkfw_da_region r1, r2;
	/** EMI records of the user's preloader (needed in BROM mode; NULL otherwise). */
	const struct mtkfw_emi_record *emi;
	unsigned n_emi;
	unsigned emi_version;
	mtkfw_progress_cb progress;
	void *progress_user;
	/** Told the eMMC's CID (16 bytes) as soon as the DA reports it, before DRAM; or NULL. */
	void (*on_emmc)(void *user, const uint8_t cid[16]);
	void *on_emmc_user;
};

/**
 * Load DA1 (SEND_DA/JUMP_DA), sync, configure, enable DRAM with the EMI record
 * matching the eMMC CID (BROM mode), upload DA2 and read the flash info.
 * MTKFW_E_DRAM when no record matches: nothing has been written then.
 */
int mtkfw_da_open(struct mtkfw_transport *t, const struct mtkfw_da_start *s, struct mtkfw_da **out);

const struct mtkfw_flash_info *mtkfw_da_info(const struct mtkfw_da *da);

/** Size of a partition area (boot1, boot2, rpmb, user). */
uint64_t mtkfw_da_part_size(const struct mtkfw_da *da, enum mtkfw_emmc_part part);

/** Receives read data in order; non-zero stops. */
typedef int (*mtkfw_sink_cb)(void *user, const uint8_t *data, size_t len);

/** Fills buf with the next len bytes to write; non-zero stops. */
typedef int (*mtkfw_source_cb)(void *user, uint8_t *buf, size_t len);

/** Read len bytes at addr of part; each packet's checksum is verified. */
int mtkfw_da_read(struct mtkfw_da *da, enum mtkfw_emmc_part part, uint64_t addr, uint64_t len,
		  mtkfw_sink_cb sink, void *user, mtkfw_progress_cb progress, void *puser);

/**
 * The DA addresses the eMMC in sectors of this many bytes: where a write or
 * an erase starts and how long it is must be whole sectors (reads take any
 * byte range).
 */
#define MTKFW_SECTOR 512u

/**
 * Write len bytes at addr of part (both whole sectors), pulling data from
 * source. On failure *done says how many bytes the phone acknowledged.
 */
int mtkfw_da_write(struct mtkfw_da *da, enum mtkfw_emmc_part part, uint64_t addr, uint64_t len,
		   mtkfw_source_cb source, void *user, mtkfw_progress_cb progress, void *puser,
		   uint64_t *done);

/**
 * Streaming write: announce len bytes (a positive multiple of MTKFW_SECTOR)
 * at addr (a multiple too), push data in any pieces (full packets go out as
 * they fill), end pads the rest with zeros. After a failure
 * mtkfw_da_write_done() says how many bytes the phone acknowledged.
 */
int mtkfw_da_write_begin(struct mtkfw_da *da, enum mtkfw_emmc_part part, uint64_t addr,
			 uint64_t len);
int mtkfw_da_write_push(struct mtkfw_da *da, const uint8_t *data, size_t n);
int mtkfw_da_write_end(struct mtkfw_da *da, uint64_t *done);
uint64_t mtkfw_da_write_done(const struct mtkfw_da *da);

/**
 * Erase [addr, addr+len) of part (both whole sectors). The first erase of a
 * session is read back (its first and middle sectors) to learn what this
 * phone's erase leaves: mtkfw_da_erase_fill().
 */
int mtkfw_da_format(struct mtkfw_da *da, enum mtkfw_emmc_part part, uint64_t addr, uint64_t len,
		    mtkfw_progress_cb progress, void *puser);

/**
 * Ask cancel(user) between packets of every read and write, and between
 * pieces of an erase: when it says yes the command stops with
 * MTKFW_E_CANCELLED, the DA left mid-command (the session is not used again).
 * NULL: never.
 */
void mtkfw_da_set_cancel(struct mtkfw_da *da, bool (*cancel)(void *user), void *user);

/** Asked for the cancel hook set with mtkfw_da_set_cancel: MTKFW_E_CANCELLED or 0. */
int mtkfw_da_cancelled(struct mtkfw_da *da, const char *what);

/** What mtkfw_da_erase_fill() says besides a byte. */
enum {
	MTKFW_ERASE_UNKNOWN = -1,  /**< no erase of this session has been read back yet */
	MTKFW_ERASE_MIXED = 0x100, /**< the erased bytes read back were not all the same */
};

/**
 * What this phone's erase leaves: the byte every erased byte read back as
 * (0x00 on most eMMCs, 0xFF on others), MTKFW_ERASE_MIXED, or
 * MTKFW_ERASE_UNKNOWN before the session's first erase.
 */
int mtkfw_da_erase_fill(const struct mtkfw_da *da);

/** Read the PMT entries the DA reports (88-byte records, malloc'd; *len may be 0). */
int mtkfw_da_read_pmt(struct mtkfw_da *da, uint8_t **buf, size_t *len);

/** FINISH: the phone reboots (mode 0: normal). */
int mtkfw_da_finish(struct mtkfw_da *da, uint32_t mode);

/** Forget the session (the link stays open; close the transport yourself). */
void mtkfw_da_close(struct mtkfw_da *da);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_DEVICE_H */
