/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Scatter files: the partition map of a MediaTek firmware package.
 *
 * Three text formats are read (docs/scatter.md): the YAML-like "v1.1.x"
 * format (MT6572_Android_scatter.txt), the legacy brace format
 * (MT65xx_Android_scatter_emmc.txt: NAME 0xADDR { }) and ota_scatter.txt
 * (NAME 0xADDR per line).
 */
#ifndef MTKFW_SCATTER_H
#define MTKFW_SCATTER_H

#include "mtkfw/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The text format a scatter file was written in. */
enum mtkfw_scatter_format {
	MTKFW_SCATTER_V1_1 = 0, /**< "- partition_index: SYSn" blocks (V1.1.1, V1.1.2) */
	MTKFW_SCATTER_LEGACY,	/**< "NAME 0xADDR" + "{" "}" blocks, __NODL_ prefix */
	MTKFW_SCATTER_OTA,	/**< "NAME 0xADDR" lines (ota_scatter.txt) */
};

/** A key and its raw text value, as found in the file. */
struct mtkfw_kv {
	const char *key;
	const char *value;
};

/** Tri-state for optional boolean keys. */
enum mtkfw_tristate { MTKFW_UNSET = -1, MTKFW_FALSE = 0, MTKFW_TRUE = 1 };

/** Unit of a 0xFFFFnnnn "counted from the end" address: 64 pages of 2 KiB. */
#define MTKFW_SCATTER_FROM_END_UNIT 0x20000u /* the PMT codec uses the same rule */

/** One partition row. Strings are NULL when the file does not give them or says NONE. */
struct mtkfw_scatter_part {
	int index;		 /**< SYSn number (v1.1) or position in the file */
	const char *name;	 /**< partition name without any __NODL_ prefix; "" on the
				      unnamed reserved rows some scatters carry */
	bool download;		 /**< is_download, or no __NODL_ prefix */
	const char *file;	 /**< file_name (v1.1 only) */
	const char *type;	 /**< type: SV5_BL_BIN, NORMAL_ROM, YAFFS_IMG, EXT4_IMG, ... */
	uint64_t start;		 /**< linear_start_addr as written */
	bool from_end;		 /**< start is 0xFFFFnnnn: reserved, counted from the end */
	uint64_t from_end_bytes; /**< for from_end rows: nnnn * MTKFW_SCATTER_FROM_END_UNIT */
	bool has_size;		 /**< size is known (given, or derived for legacy/ota) */
	bool size_derived;	 /**< size computed from the next row's start */
	uint64_t size;		 /**< partition_size in bytes (0 = "rest of the device") */
	const char *region;	 /**< EMMC_BOOT_1, EMMC_USER, NONE -> NULL */
	const char *operation;	 /**< operation_type: UPDATE, PROTECTED, ... */
	const char *storage;	 /**< per-row storage: HW_STORAGE_EMMC / HW_STORAGE_NAND */
	bool has_physical;
	uint64_t physical_start; /**< physical_start_addr (meaning varies, see docs) */
	enum mtkfw_tristate boundary_check, is_reserved, is_upgradable, empty_boot_needed;
	unsigned line;	/**< 1-based line where the row starts */
	size_t n_extra; /**< keys mtkfw does not interpret, kept in file order */
	const struct mtkfw_kv *extra;
};

struct mtkfw_scatter;

/**
 * Parse scatter text of len bytes (need not be NUL-terminated; CRLF, a UTF-8
 * BOM, # banners and trailing blanks are accepted). On success *out owns a
 * new scatter. Limits: 1 MiB of text, 4096-byte lines, 512 partitions.
 */
int mtkfw_scatter_parse(struct mtkfw_ctx *ctx, const char *text, size_t len,
			struct mtkfw_scatter **out);

/** Read and parse a scatter file from disk. */
int mtkfw_scatter_load(struct mtkfw_ctx *ctx, const char *path, struct mtkfw_scatter **out);

/** Free a scatter; NULL is accepted. */
void mtkfw_scatter_free(struct mtkfw_scatter *sc);

enum mtkfw_scatter_format mtkfw_scatter_format(const struct mtkfw_scatter *sc);

/** "v1.1", "legacy" or "ota": the names used in JSON output. */
const char *mtkfw_scatter_format_name(enum mtkfw_scatter_format fmt);

/** Platform from the general block ("MT6572"), NULL if the format has none. */
const char *mtkfw_scatter_platform(const struct mtkfw_scatter *sc);

/** Project from the general block, or NULL. */
const char *mtkfw_scatter_project(const struct mtkfw_scatter *sc);

/** Storage from the general block, upper-case ("EMMC", "NAND"), or NULL. */
const char *mtkfw_scatter_storage(const struct mtkfw_scatter *sc);

/** config_version ("V1.1.1"), or NULL. */
const char *mtkfw_scatter_config_version(const struct mtkfw_scatter *sc);

/** Number of key/values in the general block (all of them, in file order). */
size_t mtkfw_scatter_general_count(const struct mtkfw_scatter *sc);

/** The i-th general key/value. */
const struct mtkfw_kv *mtkfw_scatter_general(const struct mtkfw_scatter *sc, size_t i);

/** Number of partition rows. */
size_t mtkfw_scatter_count(const struct mtkfw_scatter *sc);

/** The i-th partition row in file order, NULL when out of range. */
const struct mtkfw_scatter_part *mtkfw_scatter_part(const struct mtkfw_scatter *sc, size_t i);

/** The row named name (case-insensitive), or NULL. */
const struct mtkfw_scatter_part *mtkfw_scatter_find(const struct mtkfw_scatter *sc,
						    const char *name);

/**
 * True for partitions that carry the phone's identity (IMEI, calibration,
 * MAC addresses, lock state): NVRAM, PRO_INFO, PROTECT_F, PROTECT_S, SECCFG
 * and their GPT-era names (nvram, proinfo, protect1, protect2, seccfg, nvdata).
 */
bool mtkfw_is_identity_partition(const char *name);

/**
 * The linear address of the user area's first byte: the start of the first
 * row that is neither in the boot area nor counted from the end (the MBR's
 * address on MT6572); 0 when there is none.
 */
uint64_t mtkfw_scatter_user_base(const struct mtkfw_scatter *sc);

/** Bytes the rows counted from the end (0xFFFFnnnn: BMTPOOL, OTP) take from the user area. */
uint64_t mtkfw_scatter_reserved_tail(const struct mtkfw_scatter *sc);

/** True when the row lives in the eMMC boot area (region EMMC_BOOT_1/2). */
bool mtkfw_scatter_part_in_boot(const struct mtkfw_scatter_part *p);

/**
 * For the legacy format, which carries no file names: the image file SP
 * Flash Tool uses for a partition name (PRELOADER -> "preloader*.bin" is
 * returned as the glob "preloader*.bin"), or NULL.
 */
const char *mtkfw_scatter_default_file(const char *name);

/**
 * Write rows as a V1.1.1 scatter, the shape ptgen emits and SP Flash Tool
 * loads. Rows need name, start, size, region; NULL strings are written as
 * NONE, unset tri-states as ptgen's defaults. Returns a malloc'd text in
 * *out, or MTKFW_E_NO_MEM.
 */
int mtkfw_scatter_write_v11(const struct mtkfw_scatter_part *rows, size_t n, const char *platform,
			    const char *project, const char *storage, char **out);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_SCATTER_H */
