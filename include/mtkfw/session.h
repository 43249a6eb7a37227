/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A device session: find the phone, identify it, load the DA (the user's
 * DA file, DRAM set up from the user's preloader when in BROM mode), read its
 * flash info and partition table. Operations (readback, format, flash,
 * backup) take a session.
 */
#ifndef MTKFW_SESSION_H
#define MTKFW_SESSION_H

#include "mtkfw/device.h"

#ifdef __cplusplus
extern "C" {
#endif

/** How to reach the phone and what to load. Zero-initialise, then set what you need. */
struct mtkfw_session_opts {
	const char *port;	    /**< /dev/ttyACMn or an emulator pty; NULL = detect */
	const char *usb;	    /**< use libusb, on this device ("1-2"; "" = the only one) */
	unsigned wait_ms;	    /**< how long detection waits for a phone */
	const char *da_path;	    /**< DA file; NULL = mtkfw_da_default_path() */
	const char *preloader_path; /**< EMI source for BROM mode (else `preloader`) */
	const struct mtkfw_preloader_info *preloader; /**< EMI records already parsed */
	struct mtkfw_transport *transport;	      /**< an open link to use (taken over) */
	mtkfw_progress_cb progress;		      /**< DA upload progress */
	void *progress_user;
	bool brom_only; /**< stop after identification: no DA (mtkfw detect without EMI) */
	/**
	 * Where EMI records that brought DRAM up are remembered per eMMC (NULL =
	 * the backup store's "emi" folder): BROM mode then works without
	 * --preloader for a phone seen before.
	 */
	const char *store;
};

/** One partition of the phone's PMT (FORMATS.md d.1; offsets are linear addresses). */
struct mtkfw_pmt_entry {
	char name[65];
	uint64_t size, offset, mask;
};

struct mtkfw_session;

int mtkfw_session_open(struct mtkfw_ctx *ctx, const struct mtkfw_session_opts *o,
		       struct mtkfw_session **out);

/** Close the session; the phone stays in DA mode (use mtkfw_session_reboot first). */
void mtkfw_session_close(struct mtkfw_session *s);

const struct mtkfw_brom_info *mtkfw_session_brom(const struct mtkfw_session *s);
const struct mtkfw_flash_info *mtkfw_session_flash(const struct mtkfw_session *s);
struct mtkfw_da *mtkfw_session_da(const struct mtkfw_session *s);
struct mtkfw_ctx *mtkfw_session_ctx(const struct mtkfw_session *s);

/** Where the phone was found ("/dev/ttyACM0", "usb:1-2", or the given port). */
const char *mtkfw_session_port(const struct mtkfw_session *s);

/** The phone's PMT as read at connect time (0 entries when it has none). */
size_t mtkfw_session_pmt_count(const struct mtkfw_session *s);
const struct mtkfw_pmt_entry *mtkfw_session_pmt(const struct mtkfw_session *s, size_t i);

/** True when the session stopped after identification (no DA running). */
bool mtkfw_session_brom_only(const struct mtkfw_session *s);

/** The PMT entry named name (case-insensitive), or NULL. */
const struct mtkfw_pmt_entry *mtkfw_session_pmt_find(const struct mtkfw_session *s,
						     const char *name);

/** Read the PMT again (after a layout change). */
int mtkfw_session_reload_pmt(struct mtkfw_session *s);

/**
 * Where a linear (scatter/PMT) address lands: boot1 for the preloader region,
 * else the user area at addr - user_base. user_base is the linear address of
 * the user area's first byte (the MBR's address on MT6572).
 */
void mtkfw_session_locate(const struct mtkfw_session *s, uint64_t linear, bool boot,
			  enum mtkfw_emmc_part *part, uint64_t *offset);

/** The linear address of the user area's start, from the PMT (0 when unknown). */
uint64_t mtkfw_session_user_base(const struct mtkfw_session *s);

/** Reboot the phone normally and end the DA session. */
int mtkfw_session_reboot(struct mtkfw_session *s);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_SESSION_H */
