/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Rules of the transports that tests check without a device. */
#ifndef MTKFW_LINK_PRIV_H
#define MTKFW_LINK_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "mtkfw/device.h"

/** Must a bulk write of len bytes be ended by a zero-length packet (USB: a whole number of
 * packets)? */
bool usb_needs_zlp(size_t len, unsigned max_packet);

/** The mode of a MediaTek download port's USB id (0e8d:0003, 2000, 2001); false for any other. */
bool mtkfw_port_mode_of(unsigned vid, unsigned pid, enum mtkfw_port_mode *mode);

#endif
