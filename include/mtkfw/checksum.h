/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Checksum.ini, SP Flash Tool's per-image checksum file (docs/formats.md, "Checksum.ini").
 * Version V1: for each image, the sum of all its bytes as stored, truncated
 * to 16 bits, keyed by partition name. Newer "V2" files (MD5) are read but
 * not verified: their layout is not documented anywhere public.
 */
#ifndef MTKFW_CHECKSUM_H
#define MTKFW_CHECKSUM_H

#include "mtkfw/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One [CheckSum] line. */
struct mtkfw_checksum_entry {
	const char *name; /**< key as written (a partition name) */
	uint32_t value;	  /**< 16-bit value (larger values are kept to be reported) */
	unsigned line;
};

struct mtkfw_checksum_ini;

/** Parse Checksum.ini text (CRLF, BOM, ';'/'#' comments accepted; 64 KiB limit). */
int mtkfw_checksum_ini_parse(struct mtkfw_ctx *ctx, const char *text, size_t len,
			     struct mtkfw_checksum_ini **out);

void mtkfw_checksum_ini_free(struct mtkfw_checksum_ini *ini);

/** [VERSION] VERSION= value ("V1"), or NULL when the file has no such section. */
const char *mtkfw_checksum_ini_version(const struct mtkfw_checksum_ini *ini);

/** [IsEnableChecksum] CHECKSUM_SWITCH: 1, 0, or -1 when absent. */
int mtkfw_checksum_ini_switch(const struct mtkfw_checksum_ini *ini);

size_t mtkfw_checksum_ini_count(const struct mtkfw_checksum_ini *ini);

const struct mtkfw_checksum_entry *mtkfw_checksum_ini_entry(const struct mtkfw_checksum_ini *ini,
							    size_t i);

/** The entry keyed name (case-insensitive), or NULL. */
const struct mtkfw_checksum_entry *mtkfw_checksum_ini_find(const struct mtkfw_checksum_ini *ini,
							   const char *name);

/**
 * Format a V1 Checksum.ini for n (name, value) entries, with CRLF line ends
 * as SP Flash Tool's generator writes. Returns a malloc'd string or NULL.
 */
char *mtkfw_checksum_ini_format(const struct mtkfw_checksum_entry *entries, size_t n);

/** Add len bytes to a running byte sum; the V1 value is (sum & 0xFFFF). */
uint32_t mtkfw_bytesum(uint32_t acc, const void *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_CHECKSUM_H */
