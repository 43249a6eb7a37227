/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The synthetic MT6572 demo package: every image in its real format, built
 * from nothing (no vendor file anywhere). Used by the README demo, the tests,
 * the bench and the virtual phone's provisioning.
 */
#ifndef MTKFW_DEMO_H
#define MTKFW_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "mtkfw/mtkfw.h"

#define DEMO_MAX_EMI 8

/** What to build. */
/** The demo board's drivers as lk and the kernel name them (docs/board.md): its panels
 * (comma-separated; demo_opts.lcm replaces them), then the kernel's other strings. */
#define DEMO_LCM "hx8379c_fwvga_dsi_vdo,nt35512_wvga_dsi_cmd"
#define DEMO_KERNEL_STRINGS                                                             \
	"Linux version 3.4.67 (mtkfw@demo) (gcc version 4.7 (GCC) ) #1 SMP PREEMPT\n\0" \
	"gc2355_mipi_raw\0sp0a19_yuv\0gt9xx\0mc3410\0stk3x1x\0"                         \
	"akm09911\0tpd_probe\0kpd_pdrv\0"

struct demo_opts {
	const char *dir;		  /**< output folder (created) */
	const char *project;		  /**< scatter project / preloader name */
	uint64_t system_data;		  /**< bytes of pseudo-random files for the filesystems */
	unsigned n_emi;			  /**< EMI records in the preloader */
	uint8_t emi_cid[DEMO_MAX_EMI][9]; /**< their eMMC CID prefixes (MID CBX OID PNM[6]) */
	uint32_t seed;
	const char *lcm; /**< LCM driver names, comma-separated (NULL: DEMO_LCM) */
};

/** The standard MT6572 layout (ptgen output for an eMMC project), n rows. */
const struct mtkfw_scatter_part *demo_layout(size_t *n);

/** From now on demo_layout() moves everything after EBR1 by bytes (a layout change). */
void demo_layout_shift(uint64_t bytes);

/** Smaller filesystems (system 128 MiB, cache and userdata 64 MiB) for quick tests; off: as built.
 */
void demo_layout_compact(bool on);

/** Build the MBR (index 0) and EBRn tables for the layout, ptgen style. Returns count. */
int demo_build_mbr(const struct mtkfw_scatter_part *rows, size_t n, uint8_t tables[][512],
		   size_t max_tables);

/** Image builders: each writes one file into dir; 0 or -errno. */
int demo_write_preloader(const struct demo_opts *o, const char *path);
int demo_write_lk(const struct demo_opts *o, const char *path);
int demo_write_logo(const struct demo_opts *o, const char *path);
int demo_write_boot(const struct demo_opts *o, const char *path, bool recovery);
int demo_write_secro(const struct demo_opts *o, const char *path);

/**
 * Build the demo package in o->dir (created) with Debian's mke2fs and img2simg,
 * and pack it as archive when not NULL (.zip, .7z, .tar, .tar.gz, .tar.xz).
 * 0, or a sysexits.h code, what went wrong said on stderr.
 */
int demo_package(const struct demo_opts *o, const char *archive);

/** Write a whole buffer to a new file; 0 or -errno. */
int demo_write_file(const char *path, const void *data, size_t len);

/**
 * Make raw (created, size bytes) an ext4 filesystem holding the files of the folder stage, as a
 * ROM build does (mke2fs -d of e2fsprogs), reproducibly: fixed timestamps, uuid as its UUID and
 * hash seed. 0, or -1 said on stderr.
 */
int demo_mkfs_ext4(const char *stage, const char *raw, uint64_t size, const char *label,
		   const char *mount, const char *uuid);

/** Deterministic pseudo-random bytes (xorshift32) for fillers. */
void demo_fill(uint8_t *buf, size_t len, uint32_t *state);

#endif
