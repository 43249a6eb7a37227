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

#endif
