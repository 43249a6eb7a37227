/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mtkfw-emu: a virtual MT6572 phone speaking the BROM/preloader protocol and
 * the legacy DA protocol (docs/protocol.md) over a byte stream,
 * backed by raw eMMC image files.
 *
 * The emulator re-implements the device side from the protocol notes; it
 * shares nothing with the host code but public constants and the byte-order
 * helpers, so a bug cannot hide on both sides. It is transport-agnostic:
 * bytes go in with mtkfw_emu_feed() and come out with mtkfw_emu_pull(); the
 * pty server (emu_pty.c) and the in-process test link both drive it.
 */
#ifndef MTKFW_EMU_H
#define MTKFW_EMU_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Boot mode the virtual phone comes up in when a host opens the port. */
enum mtkfw_emu_mode {
	MTKFW_EMU_BROM = 0,  /**< Volume Down held: boot ROM, DRAM off */
	MTKFW_EMU_PRELOADER, /**< no key: the preloader's download window, DRAM up */
};

/** eMMC areas, numbered as the DA's switch-partition command does. */
enum mtkfw_emu_area {
	MTKFW_EMU_BOOT1 = 0,
	MTKFW_EMU_BOOT2,
	MTKFW_EMU_RPMB,
	MTKFW_EMU_USER,
	MTKFW_EMU_AREAS,
};

/** Injected faults (docs/emulator.md says what a real phone does in each case). */
enum mtkfw_emu_fault_kind {
	MTKFW_FAULT_DISCONNECT_AFTER = 1, /**< a: drop the link after a host bytes */
	MTKFW_FAULT_DISCONNECT_AT, /**< step[, a]: drop the link when step begins (the a-th time) */
	MTKFW_FAULT_STALL,	   /**< step, a ms: go silent for a ms at step */
	MTKFW_FAULT_CORRUPT_BYTE,  /**< a: flip device output byte number a */
	MTKFW_FAULT_BAD_CHECKSUM,  /**< step: send a wrong checksum at step (send-da, read) */
	MTKFW_FAULT_NACK_PACKET,   /**< a: refuse write packet number a */
	MTKFW_FAULT_REFUSE_HANDSHAKE, /**< a: ignore the first a handshake attempts */
	MTKFW_FAULT_DRAM_FAIL,	      /**< external RAM fails to initialise */
	MTKFW_FAULT_BAD_SECTORS,      /**< a, b: user-area bytes [a, a+b) fail to write */
	MTKFW_FAULT_POWER_LOSS,	      /**< a: power cut during write packet a */
	MTKFW_FAULT_LOST_WRITE,	      /**< a: write packet a acknowledged but not stored */
	MTKFW_FAULT_BAD_READ,	/**< a: every read packet holding byte a has a wrong sum (lasts) */
	MTKFW_FAULT_FLAKY_READ, /**< a: the first read of user byte a returns it with a bit flipped
				   and a sum that matches (an eMMC that misread) */
	MTKFW_FAULT_FLAKY_ZERO, /**< a: the first read packet holding user byte a arrives as zeros
				   with their sum, 0 (an eMMC that read a block as zeros) */
};

/** One fault. Faults fire once each (a host retry then succeeds), bad-read and bad-sectors
 * excepted (they last). */
struct mtkfw_emu_fault {
	enum mtkfw_emu_fault_kind kind;
	char spec[64]; /**< as given ("lost-write:3"): how the fault log names it */
	char step[24];
	uint64_t a, b;
	bool fired;
};

#define MTKFW_EMU_MAX_FAULTS 16

/**
 * Behaviours the evidence allows where real phones may differ from the
 * default (docs/emulator.md lists each with its evidence). A host must work
 * with every one; mtkfw's suite runs against each.
 */
enum mtkfw_emu_variant {
	MTKFW_VARIANT_PMT_96 = 1u << 0,		/**< READ_PMT sends 0x60-byte entries */
	MTKFW_VARIANT_BL_VER_3 = 1u << 1,	/**< the preloader answers GET_BL_VER with 3 */
	MTKFW_VARIANT_NO_ME_ID = 1u << 2,	/**< GET_ME_ID gets no answer at all */
	MTKFW_VARIANT_D8_SILENT = 1u << 3,	/**< GET_TARGET_CONFIG gets no answer at all */
	MTKFW_VARIANT_DA_SUM_0 = 1u << 4,	/**< SEND_DA reports checksum 0 */
	MTKFW_VARIANT_NACK_BARE = 1u << 5,	/**< a refused write or format is a bare A5 */
	MTKFW_VARIANT_CID_RAW = 1u << 6,	/**< the flash-info CID in CID byte order */
	MTKFW_VARIANT_DA2_HOST_FIRST = 1u << 7, /**< after DA2 the device waits for the host's 5A */
	MTKFW_VARIANT_WDT_STATUS_0 = 1u << 8,	/**< WRITE32 statuses are 0x0000, not 0x0001 */
	MTKFW_VARIANT_NAND_IDS_1 = 1u << 9,	/**< one NAND ID in the DA reports, not 4 and 7 */
	MTKFW_VARIANT_READ_SUM_XOR = 1u << 10,	/**< D6 packet checksum: XOR of 16-bit words */
	MTKFW_VARIANT_EMI_INFO_FIRST = 1u << 11, /**< 16 bytes of DRAM info before the EMI length */
	MTKFW_VARIANT_ERASE_FF = 1u << 12,	 /**< a D4 erase leaves 0xFF, not zeros */
	MTKFW_VARIANT_FLASH_INFO_FAIL = 1u << 13, /**< the flash info says the eMMC failed */
	MTKFW_VARIANT_PMT_KERNEL = 1u << 14,	  /**< READ_PMT sends the table as MT6572 kernels
						       write it: lowercase, grown, reserved rows */
};

/** A variant's name ("pmt-96") and one line of what it does; NULL past the last. */
const char *mtkfw_emu_variant_name(unsigned i, const char **what);

/** The variant bit for a name, or 0. */
unsigned mtkfw_emu_variant_by_name(const char *name);

/** USB high speed as a phone's link carries it in practice, in MB/s (`--link-speed usb-hs`). */
#define MTKFW_EMU_USB_HS_MBPS 40.0

/** How the virtual phone is built. mtkfw_emu_config_default() fills real MT6572 values. */
struct mtkfw_emu_config {
	enum mtkfw_emu_mode mode;
	const char *path[MTKFW_EMU_AREAS]; /**< backing files (created sparse when absent) */
	uint64_t size[MTKFW_EMU_AREAS];	   /**< 0 = existing file's size, or the default */
	uint8_t cid[16];		   /**< eMMC CID, MID first */
	uint64_t ram_size;
	uint8_t me_id[16];
	uint16_t hw_sub, hw_ver, sw_ver;
	unsigned watchdog_ms; /**< BROM resets unless the host disables the watchdog; 0 = off */
	const char *da_path;  /**< a DA file whose 0x6572 entry is the only DA accepted */
	bool accept_any_da;   /**< else: any well-formed DA blob runs */
	bool hwcode_quirk;    /**< preloader: the first GET_HW_CODE gets no answer */
	bool say_ready;	      /**< preloader: print READY when the port opens */
	bool boots_android;   /**< FINISH with a normal boot leaves download mode for good: the
				   pty server stops (a station's phone, done) */
	/**
	 * Preloader mode: the download window, in ms; with no host by then the
	 * phone boots on: lk and boot whole, Android starts (the port is gone for
	 * good); either damaged, the phone restarts and its port comes back (a
	 * boot loop). 0 = the window never closes.
	 */
	unsigned boot_window_ms;
	const char *trace_path;
	const char *fault_log_path; /**< a line per fault fired ("-": stderr; NULL: none) */
	uint32_t seed;
	double link_mbps; /**< throttle the bytes of both ways together (0 = unthrottled) */
	/**
	 * A shared USB hub: every phone given the same file, in this process or
	 * another, shares hub_mbps for the bytes its link carries, both ways
	 * (docs/emulator.md, "A shared hub"); NULL = no hub.
	 */
	const char *hub_path;
	double hub_mbps;	/**< the hub's budget (default MTKFW_EMU_USB_HS_MBPS) */
	double emmc_write_mbps; /**< throttle eMMC writes (0 = unthrottled) */
	double emmc_erase_mbps; /**< throttle eMMC erases (0 = unthrottled) */
	struct mtkfw_emu_fault faults[MTKFW_EMU_MAX_FAULTS];
	size_t n_faults;
	unsigned variants; /**< enum mtkfw_emu_variant bits */
	/** provision: damage done after the factory's work (docs/emulator.md) */
	const char *damage[4];
	size_t n_damage;
	/** provision: leave the FAT partition unformatted, as before a phone's first boot */
	bool fat_raw;
};

struct mtkfw_emu;

/** Real MT6572 defaults: user 0xEC000000, boot1/2 2 MiB, rpmb 512 KiB, Toshiba CID. */
void mtkfw_emu_config_default(struct mtkfw_emu_config *cfg);

/** Parse "kind[:args]" (docs/emulator.md); 0 or -1 with a sentence in err. */
int mtkfw_emu_parse_fault(const char *spec, struct mtkfw_emu_fault *f, char *err, size_t errlen);

/** Create a virtual phone; 0 or -1 with a sentence in err. */
int mtkfw_emu_new(const struct mtkfw_emu_config *cfg, struct mtkfw_emu **out, char *err,
		  size_t errlen);

void mtkfw_emu_free(struct mtkfw_emu *e);

/** A host opened the port: a fresh session in the configured boot mode. */
void mtkfw_emu_connect(struct mtkfw_emu *e);

/** The host closed the port (bytes still queued either way are dropped). */
void mtkfw_emu_disconnect(struct mtkfw_emu *e);

/** Host-to-device bytes. Never fails on content; hostile input is answered as a phone would. */
void mtkfw_emu_feed(struct mtkfw_emu *e, const void *buf, size_t len);

/** Device-to-host bytes ready now (0 while stalled). */
size_t mtkfw_emu_pending(struct mtkfw_emu *e);

/** Take up to len ready bytes; returns how many. */
size_t mtkfw_emu_pull(struct mtkfw_emu *e, void *buf, size_t len);

/**
 * The ready bytes in place: *p points at them (valid until the next call into
 * the device) and the count is returned. Hand them on, then mtkfw_emu_consume().
 */
size_t mtkfw_emu_peek(struct mtkfw_emu *e, const void **p);

/** Drop n bytes (at most what mtkfw_emu_peek() returned) from the front of the output. */
void mtkfw_emu_consume(struct mtkfw_emu *e, size_t n);

/**
 * Do a slice of the work the device can do before the host asks for it (read
 * the next packet of a readback from storage while the host still takes this
 * one). Returns true while more is left; call it while waiting for the host.
 */
bool mtkfw_emu_work_ahead(struct mtkfw_emu *e);

/** Milliseconds until stalled output is released (0 if none is held). */
unsigned mtkfw_emu_stall_ms(struct mtkfw_emu *e);

/** Run time-based events (watchdog). Call when idle. */
void mtkfw_emu_tick(struct mtkfw_emu *e);

/** The device dropped the link (fault, reboot, watchdog): the host sees a disconnect. */
bool mtkfw_emu_gone(const struct mtkfw_emu *e);

/** Gone because it reboots (FINISH): its last words should still reach the host. */
bool mtkfw_emu_rebooting(const struct mtkfw_emu *e);

/** Rebooting into Android (FINISH, normal boot) with boots_android: it is not coming back. */
bool mtkfw_emu_booted_android(const struct mtkfw_emu *e);

/**
 * The download window closed with no host (preloader mode, boot_window_ms):
 * the phone boots on from its eMMC, into Android when UBOOT holds an MTK
 * image and BOOTIMG an Android boot image, else it restarts (a boot loop,
 * counted in mtkfw_emu_boot_loops). Either way the port goes.
 */
void mtkfw_emu_boot_on(struct mtkfw_emu *e);

/** Restarts of a boot loop so far. */
unsigned mtkfw_emu_boot_loops(const struct mtkfw_emu *e);

/** Name of the protocol step the device is in (for logs and tests). */
const char *mtkfw_emu_step(const struct mtkfw_emu *e);

/** Number of completed sessions that reached the DA, for tests. */
unsigned mtkfw_emu_da_sessions(const struct mtkfw_emu *e);

/** Read back an area of the virtual eMMC (tests); 0 or -1. */
int mtkfw_emu_read_area(struct mtkfw_emu *e, enum mtkfw_emu_area area, uint64_t off, void *buf,
			size_t len);

/** Bytes of the eMMC written or erased since the phone was made: 0 proves nothing was (tests). */
uint64_t mtkfw_emu_changed_bytes(const struct mtkfw_emu *e);

/** Size of an area. */
uint64_t mtkfw_emu_area_size(const struct mtkfw_emu *e, enum mtkfw_emu_area area);

/* ---- DA files (the emulator's own reader, independent of the host's) ---- */

/** Write a synthetic DA file in the MTK_DOWNLOAD_AGENT container; 0 or -1. */
int mtkfw_emu_make_da(const char *path, char *err, size_t errlen);

/* ---- factory provisioning ---- */

/** Lay a firmware package down as a factory would, with a unique identity from seed. */
int mtkfw_emu_provision(const struct mtkfw_emu_config *cfg, const char *package, char *err,
			size_t errlen);

/* ---- in-process link ---- */

struct mtkfw_ctx;
struct mtkfw_transport;

/** Plug the phone into a host transport (a fresh session, as after a re-plug). */
int mtkfw_emu_transport(struct mtkfw_emu *e, struct mtkfw_ctx *ctx, struct mtkfw_transport **out);

/* ---- a USB hub shared by phones (docs/emulator.md, "A shared hub") ---- */

struct mtkfw_emu_hub;

/** A slice of the hub's time line: nanoseconds of CLOCK_MONOTONIC. */
struct mtkfw_emu_slice {
	uint64_t start_ns, end_ns;
};

/**
 * Open the hub file at path (created, and set up at mbps, when missing, empty
 * or a page of zeros), mapped shared; 0 or -1 with a sentence in err (not a hub
 * file, another rate, a version this build does not know, a cut file).
 */
int mtkfw_emu_hub_open(const char *path, double mbps, struct mtkfw_emu_hub **out, char *err,
		       size_t errlen);

/** Unmap the hub and free h (NULL: nothing); the file stays, for the other phones. */
void mtkfw_emu_hub_close(struct mtkfw_emu_hub *h);

/**
 * The slice n bytes take when asked at now_ns of a line free from next_ns:
 * from max(next_ns, now_ns - burst's time) for n / bytes_per_s seconds
 * (rounded up to a nanosecond). Pure: the hub's accounting, tested alone.
 */
struct mtkfw_emu_slice mtkfw_emu_hub_slice(uint64_t next_ns, uint64_t now_ns, uint64_t n,
					   uint64_t bytes_per_s, uint64_t burst);

/** Reserve the hub's next slice for n bytes asked at now_ns (lock-free, across processes). */
struct mtkfw_emu_slice mtkfw_emu_hub_reserve(struct mtkfw_emu_hub *h, uint64_t now_ns, uint64_t n);

/** Carry n bytes: reserve their slice now and sleep until it ends. */
void mtkfw_emu_hub_carry(struct mtkfw_emu_hub *h, uint64_t n);

/** Now on the hub's clock (CLOCK_MONOTONIC), in nanoseconds. */
uint64_t mtkfw_emu_hub_now(void);

/** Bytes every phone of the hub carried since its file was made. */
uint64_t mtkfw_emu_hub_carried(const struct mtkfw_emu_hub *h);

/** The hub's budget in MB/s, as its file says. */
double mtkfw_emu_hub_mbps(const struct mtkfw_emu_hub *h);

/* ---- pty server ---- */

/**
 * Serve the phone on a pseudo-terminal until *stop becomes true. The slave
 * path is written to stdout when print_path; link (if not NULL) is kept a
 * symlink to the current slave. Returns 0 or -1 with err.
 */
int mtkfw_emu_serve_pty(struct mtkfw_emu *e, const char *link, bool print_path, atomic_bool *stop,
			char *err, size_t errlen);

#endif /* MTKFW_EMU_H */
