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
#include "mtkfw/pmt.h"

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
	/**
	 * Told the eMMC's CID (16 bytes) as soon as the DA reports it, before
	 * DRAM is brought up: known even when the session then fails (4032); or NULL.
	 */
	void (*on_emmc)(void *user, const uint8_t cid[16]);
	void *on_emmc_user;
	/**
	 * Asked while waiting for the phone's port to appear: true stops the wait
	 * with MTKFW_E_CANCELLED (a window's Stop before the phone is plugged in);
	 * or NULL.
	 */
	bool (*cancelled)(void *user);
	void *cancelled_user;
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

/**
 * The phone's PMT as read at connect time, decoded and checked
 * (mtkfw/pmt.h): state EMPTY when the DA reports none, UNREADABLE when the
 * bytes pass no entry layout's checks. Where partitions are is the layout's
 * business (mtkfw/layout.h), of which the PMT is one source.
 */
const struct mtkfw_pmt *mtkfw_session_pmt(const struct mtkfw_session *s);

/** True when the session stopped after identification (no DA running). */
bool mtkfw_session_brom_only(const struct mtkfw_session *s);

/** The eMMC CID in hex (32 digits, all zeros before the DA runs) into out. */
void mtkfw_session_cid_hex(const struct mtkfw_session *s, char out[33]);

/** An eMMC CID (16 bytes, as the DA reports it) in hex, 32 upper-case digits, into out. */
void mtkfw_cid_hex(const uint8_t cid[16], char out[33]);

/** Read the PMT again (after the phone's table was rewritten). */
int mtkfw_session_reload_pmt(struct mtkfw_session *s);

/** Reboot the phone normally and end the DA session. */
int mtkfw_session_reboot(struct mtkfw_session *s);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_SESSION_H */
