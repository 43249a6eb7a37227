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
#include "mtkfw/mtkfw.h"

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

/*
 * What the host does with a session in fuzz_device.c, and in the sessions
 * seedgen.c records for it: the phone's layout (PMT, MBR/EBR chain, ext4
 * superblocks, a backup in store), a read, a write, a format, reboot.
 */
static inline int fuzz_host_work(struct mtkfw_session *s, const char *store)
{
	struct mtkfw_layout_opts lo = {.store = store};
	struct mtkfw_layout *l = NULL;
	struct mtkfw_range rg = {MTKFW_PART_USER, 0, 8192}, fr = {MTKFW_PART_USER, 1 << 20, 1 << 20};
	uint8_t sha[32], blk[1024];
	memset(blk, 0x5A, sizeof(blk));
	int rc = mtkfw_layout_establish(s, &lo, &l);
	mtkfw_layout_free(l);
	if (!rc)
		rc = mtkfw_hash_range(s, &rg, sha, NULL, NULL);
	if (!rc && !(rc = mtkfw_da_write_begin(mtkfw_session_da(s), MTKFW_PART_USER, 0, 1024)) &&
	    !(rc = mtkfw_da_write_push(mtkfw_session_da(s), blk, sizeof(blk))))
		rc = mtkfw_da_write_end(mtkfw_session_da(s), NULL);
	if (!rc)
		rc = mtkfw_format_range(s, &fr, NULL, NULL);
	return rc ? rc : mtkfw_session_reboot(s);
}

#endif
