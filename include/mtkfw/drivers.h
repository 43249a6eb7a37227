/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Driver names in lk and kernel images (docs/board.md, "Driver names"): a
 * streaming scanner that keeps the names MediaTek's board drivers go by.
 */
#ifndef MTKFW_DRIVERS_H
#define MTKFW_DRIVERS_H

#include <stddef.h>
#include <stdint.h>

#include "mtkfw/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A sorted set of unique names (at most 128). */
struct mtkfw_names {
	char **v;
	size_t n, cap;
};

/** Add a copy of name (kept sorted, duplicates ignored); 0 or MTKFW_E_NO_MEM. */
int mtkfw_names_add(struct mtkfw_names *n, const char *name);

void mtkfw_names_free(struct mtkfw_names *n);

enum mtkfw_driver_kind {
	MTKFW_DRV_LCM,	  /**< display panel drivers: "st7701_wvga_dsi_vdo" */
	MTKFW_DRV_CAMERA, /**< image sensors: "gc2355_mipi_raw", "sp0a19_yuv" */
	MTKFW_DRV_TOUCH,  /**< touch controllers: "gt9xx", "ft5x0x_ts" */
	MTKFW_DRV_SENSOR, /**< accelerometer, ALS/PS, compass, gyroscope: "mc3410", "stk3x1x" */
	MTKFW_DRV_KINDS
};

struct mtkfw_driver_scan;

int mtkfw_driver_scan_new(struct mtkfw_driver_scan **out);

/** Feed the next bytes of an image (any chunking); 0 or MTKFW_E_NO_MEM. */
int mtkfw_driver_scan_feed(struct mtkfw_driver_scan *s, const uint8_t *buf, size_t len);

/** The names of one kind seen so far (lower case, sorted, unique). */
const struct mtkfw_names *mtkfw_driver_scan_names(const struct mtkfw_driver_scan *s,
						  enum mtkfw_driver_kind kind);

/** The kernel's "Linux version ..." banner (without those words), or NULL. */
const char *mtkfw_driver_scan_linux_version(const struct mtkfw_driver_scan *s);

void mtkfw_driver_scan_free(struct mtkfw_driver_scan *s);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_DRIVERS_H */
