/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Helpers for fuzz targets whose parser reads a file: one scratch file or folder per process. */
#ifndef MTKFW_FUZZ_UTIL_H
#define MTKFW_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo.h"

/** A per-process scratch folder (created once, under $TMPDIR or /tmp). */
static inline const char *fuzz_scratch_dir(void)
{
	static char dir[256];
	if (!dir[0]) {
		const char *t = getenv("TMPDIR");
		snprintf(dir, sizeof(dir), "%s/mtkfw-fuzz-XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(dir))
			dir[0] = 0;
	}
	return dir;
}

/** Write data to <scratch>/name; returns the path (static) or NULL. */
static inline const char *fuzz_put_file(const char *name, const uint8_t *data, size_t size)
{
	static char path[512];
	snprintf(path, sizeof(path), "%s/%s", fuzz_scratch_dir(), name);
	FILE *f = fopen(path, "wb");
	if (!f)
		return NULL;
	size_t n = fwrite(data, 1, size, f);
	fclose(f);
	return n == size ? path : NULL;
}

/**
 * A synthetic preloader whose EMI table matches the virtual phone's default
 * eMMC (Toshiba), made once in the scratch folder: BROM-mode sessions need one.
 */
static inline const char *fuzz_demo_preloader(void)
{
	static char path[512];
	if (!path[0]) {
		struct demo_opts o = {.project = "fuzz", .n_emi = 1, .seed = 1};
		static const uint8_t toshiba[9] = {0x11, 0x01, 0x00, 0x30, 0x30,
						   0x34, 0x47, 0x39, 0x30};
		memcpy(o.emi_cid[0], toshiba, sizeof(toshiba));
		snprintf(path, sizeof(path), "%s/preloader_fuzz.bin", fuzz_scratch_dir());
		if (demo_write_preloader(&o, path))
			path[0] = 0;
	}
	return path[0] ? path : NULL;
}

#endif
