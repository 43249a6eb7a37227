/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The transport seam: the protocol code reads and writes bytes with timeouts
 * and never knows whether it talks to a phone on /dev/ttyACM*, a phone
 * through libusb, mtkfw-emu's pseudo-terminal, or an in-process emulator.
 */
#ifndef MTKFW_TRANSPORT_H
#define MTKFW_TRANSPORT_H

#include "mtkfw/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A backend: each call returns 0 or a negative MTKFW_E_*; *got / *sent count bytes moved. */
struct mtkfw_transport_ops {
	const char *name;
	/** Read up to len bytes, waiting at most timeout_ms for the first (0: only what waits). */
	int (*read)(void *impl, void *buf, size_t len, unsigned timeout_ms, size_t *got);
	/** Write len bytes within timeout_ms; *sent says how many went out even on failure. */
	int (*write)(void *impl, const void *buf, size_t len, unsigned timeout_ms, size_t *sent);
	/** Close and open the port again (may be NULL). */
	int (*reopen)(void *impl);
	/** Release the backend. */
	void (*close)(void *impl);
};

struct mtkfw_transport;

/** Wrap a backend (serial, usb, or one of your own, such as an in-process emulator). */
int mtkfw_transport_new(struct mtkfw_ctx *ctx, const struct mtkfw_transport_ops *ops, void *impl,
			struct mtkfw_transport **out);

/**
 * Open a serial port (a CDC-ACM /dev/ttyACM*, or a pty of mtkfw-emu) in raw
 * mode. Permission problems say how to fix them (udev rule, dialout group).
 */
int mtkfw_serial_open(struct mtkfw_ctx *ctx, const char *path, struct mtkfw_transport **out);

/**
 * Open an MT65xx phone through libusb (for systems without a CDC-ACM driver):
 * bulk endpoints of its CDC data interface. usb_path is a sysfs path such as
 * "1-2" (NULL = the only 0e8d:0003/2000/2001 device present).
 */
int mtkfw_usb_open(struct mtkfw_ctx *ctx, const char *usb_path, struct mtkfw_transport **out);

/** Read exactly len bytes or fail (MTKFW_E_TIMEOUT / MTKFW_E_DISCONNECTED, with counts). */
int mtkfw_transport_read(struct mtkfw_transport *t, void *buf, size_t len, unsigned timeout_ms,
			 const char *what);

/**
 * Read up to len bytes; *got may be less (0 on timeout without error). With
 * timeout_ms 0 it takes only what is already waiting and returns at once.
 */
int mtkfw_transport_read_some(struct mtkfw_transport *t, void *buf, size_t len, unsigned timeout_ms,
			      size_t *got);

/** Write all len bytes or fail. what names the step for the error sentence. */
int mtkfw_transport_write(struct mtkfw_transport *t, const void *buf, size_t len,
			  unsigned timeout_ms, const char *what);

/** Close and reopen the port (used for the preloader's first-command quirk). */
int mtkfw_transport_reopen(struct mtkfw_transport *t);

/** Drop any bytes already waiting to be read (a short, bounded drain). */
void mtkfw_transport_drain(struct mtkfw_transport *t);

/** Bytes moved so far: in from the phone, out to it. */
uint64_t mtkfw_transport_bytes_in(const struct mtkfw_transport *t);
uint64_t mtkfw_transport_bytes_out(const struct mtkfw_transport *t);

/** The context the transport reports to. */
struct mtkfw_ctx *mtkfw_transport_ctx(const struct mtkfw_transport *t);

/** Close; NULL is accepted. */
void mtkfw_transport_close(struct mtkfw_transport *t);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_TRANSPORT_H */
