/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The store (store.c): <store>/<CID>/<date>-<n>-<kind>/ backup folders with
 * their manifest.json, <store>/<CID>/flash.journal, and <store>/emi/ the EMI
 * records that brought a phone's DRAM up. The public half is in
 * mtkfw/backup.h (mtkfw_backup_store, _load, _verify, _latest, _find).
 */
#ifndef MTKFW_STORE_H
#define MTKFW_STORE_H

#include "internal.h"
#include "mtkfw/backup.h"
#include "mtkfw/fsmap.h"

#define STORE_MANIFEST "manifest.json"

/** "a/b", malloc'd (NULL when out of memory). */
char *store_join(const char *a, const char *b);

/** Create a folder and its parents; 0 or -1 (errno set). */
int store_mkdirs(const char *path);

/** One run of a file: [off, off+len) holds data, or is a hole (reads as zeros); 0 to go on. */
typedef int (*store_run_cb)(void *user, uint64_t off, uint64_t len, bool data);

/**
 * Walk the first len bytes of an open file as runs of data and holes, in
 * order (SEEK_DATA/SEEK_HOLE; where holes are unknown, all of it is data).
 * Empty runs may be reported. 0, or the first non-zero return of cb.
 */
int store_file_runs(int fd, uint64_t len, store_run_cb cb, void *user);

/** SHA-256 of an open file's bytes in the spans, in order; 0, MTKFW_E_IO or MTKFW_E_NO_MEM. */
int store_file_spans_sha(int fd, const struct mtkfw_span *ext, size_t n, uint8_t sha[32]);

/** Copy a file (holes kept as holes); 0 or -1. */
int store_copy_file(const char *from, const char *to);

/** The store in use: store, else mtkfw_backup_store() (into buf). */
const char *store_root(const char *store, char *buf, size_t len);

/** Write a backup's manifest into dir (atomically). */
int store_write_manifest(struct mtkfw_ctx *ctx, const char *dir, const struct mtkfw_backup *b);

/** The newest complete backup of a phone (kind < 0: of any kind), by folder name. */
int store_latest(struct mtkfw_ctx *ctx, const char *store, const char *cid_hex, int kind,
		 struct mtkfw_backup *out);

/**
 * The newest complete backup of a phone (kind < 0: of any kind) for which ok
 * says yes (NULL: any); one that does not load is passed over only when ok is
 * given. MTKFW_E_NOT_FOUND when none.
 */
int store_latest_where(struct mtkfw_ctx *ctx, const char *store, const char *cid_hex, int kind,
		       bool (*ok)(const struct mtkfw_backup *), struct mtkfw_backup *out);

/** Read up to max remembered EMI records (raw) into recs; returns how many. */
unsigned store_emi_load(const char *store, uint8_t (*recs)[MTKFW_EMI_RECORD_SIZE], unsigned max);

/** Remember the EMI record that brought up DRAM on the eMMC whose CID starts with cid9. */
int store_emi_save(struct mtkfw_ctx *ctx, const char *store, const uint8_t cid9[9],
		   const uint8_t raw[MTKFW_EMI_RECORD_SIZE]);

#endif
