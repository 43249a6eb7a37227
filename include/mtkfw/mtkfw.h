/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libmtkfw: everything in one include. */
#ifndef MTKFW_MTKFW_H
#define MTKFW_MTKFW_H

#include "mtkfw/core.h"
#include "mtkfw/scatter.h"
#include "mtkfw/image.h"
#include "mtkfw/sparse.h"
#include "mtkfw/image_source.h"
#include "mtkfw/ext4.h"
#include "mtkfw/imgpack.h"
#include "mtkfw/fsmap.h"
#include "mtkfw/package.h"
#include "mtkfw/checksum.h"
#include "mtkfw/check.h"
#include "mtkfw/drivers.h"
#include "mtkfw/board.h"
#include "mtkfw/compat.h"
#include "mtkfw/transport.h"
#include "mtkfw/device.h"
#include "mtkfw/slots.h"
#include "mtkfw/pmt.h"
#include "mtkfw/session.h"
#include "mtkfw/emmc.h"
#include "mtkfw/backup.h"
#include "mtkfw/layout.h"
#include "mtkfw/flash.h"
#include "mtkfw/dump.h"
#include "mtkfw/job.h"
#include "mtkfw/station.h"

#endif
