/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The MediaTek serial ports SetupAPI lists (detect_win.c), for port detection and slots. */
#ifndef MTKFW_DETECT_WIN_H
#define MTKFW_DETECT_WIN_H

#include <windows.h>

#include <setupapi.h>

#include "mtkfw/device.h"

/** Called for each port: its device in set, its COM name ("" if none), its mode; non-zero stops. */
typedef int (*mtkfw_win_port_cb)(void *user, HDEVINFO set, SP_DEVINFO_DATA *dev, const char *com,
				 unsigned pid, enum mtkfw_port_mode mode);

/**
 * Call fn for each present serial port whose hardware id is a MediaTek download port's
 * (0e8d:0003, 2000, 2001). Returns fn's first non-zero answer, or 0.
 */
int mtkfw_win_mtk_ports(struct mtkfw_ctx *ctx, mtkfw_win_port_cb fn, void *user);

/** A MediaTek USB device present that is no working serial port (for the doctor). */
struct mtkfw_win_stray {
	unsigned vid,
		pid;  /**< 0e8d:0003 and the others; 0000:0002: Windows's "Unknown USB Device" */
	char cls[64]; /**< its Device Manager class ("Ports", "USBDevice"...), "" for none */
	char service[64]; /**< its driver's service (usbser, WinUSB, libusbK...), "" for none */
	unsigned long problem; /**< its problem code (28: no driver, 10: cannot start...), 0 */
};

/**
 * Fill out with up to max MediaTek download devices (0e8d:0003, 2000, 2001) that are no
 * working serial port (another class, no driver, a problem code), and unknown USB devices
 * whose descriptor could not be read (0000:0002); *n is how many there are. false when
 * SetupAPI could not be asked.
 */
bool mtkfw_win_mtk_strays(struct mtkfw_win_stray *out, size_t max, size_t *n);

#endif
