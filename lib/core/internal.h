/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private helpers shared by the whole library: error reporting on a context,
 * logging, bounded string and number parsing, byte order.
 */
#ifndef MTKFW_INTERNAL_H
#define MTKFW_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mtkfw/core.h"
#include "bytes.h"

#define MTKFW_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__) && defined(_WIN32) /* MinGW's ANSI stdio: C99 formats, %zu included */
#define MTKFW_PRINTF(f, a) __attribute__((format(gnu_printf, f, a)))
#elif defined(__GNUC__)
#define MTKFW_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define MTKFW_PRINTF(f, a)
#endif

/** Longest error sentence a context keeps (a layout refusal lists every source). */
#define MTKFW_ERRMSG_MAX 4608

/** Forget the last error and step (a new job begins). */
void mtkfw_ctx_clear_error(struct mtkfw_ctx *ctx);

/** Record code and a formatted sentence on ctx (if not NULL); returns code. */
int mtkfw_fail(struct mtkfw_ctx *ctx, int code, const char *fmt, ...) MTKFW_PRINTF(3, 4);

/** Prefix the current error sentence with "what: " (keeps the code); returns the code. */
int mtkfw_fail_prefix(struct mtkfw_ctx *ctx, const char *fmt, ...) MTKFW_PRINTF(2, 3);

/** Name the device step in progress (a static string), for errors and logs. */
void mtkfw_set_step(struct mtkfw_ctx *ctx, const char *step);

/** Emit a log line at level if the context wants it. */
void mtkfw_log(struct mtkfw_ctx *ctx, enum mtkfw_log_level level, const char *fmt, ...)
	MTKFW_PRINTF(3, 4);

/** Log a hex dump of buf at TRACE level, prefixed by what. */
void mtkfw_log_hex(struct mtkfw_ctx *ctx, enum mtkfw_log_level level, const char *what,
		   const void *buf, size_t len);

/** Remove a folder of plain files (no sub-folders; links removed, not followed); errors ignored. */
void mtkfw_remove_flat_dir(const char *dir);

/** Unit of a 0xFFFFnnnn reserved-tail address: 64 pages of 2 KiB (docs/formats.md). */
#define MTKFW_TAIL_UNIT 0x20000u

/**
 * Is addr a reserved-tail address 0xFFFFnnnn, "counted back from the end of
 * the user area", as scatter rows and MT6572 kernels' PMT entries write
 * OTP and BMTPOOL? Then *back = nnnn * MTKFW_TAIL_UNIT bytes (when back is not NULL).
 */
bool mtkfw_tail_address(uint64_t addr, uint64_t *back);

/** Is name (case-insensitive) an item of the comma-separated list? A NULL list: no. */
bool mtkfw_in_list(const char *list, const char *name);

/** Case-insensitive ASCII equality. */
int mtkfw_strieq(const char *a, const char *b);

/** The last name of a path (after its last '/' or '\\'): a pointer into path. */
const char *mtkfw_base_name(const char *path);

/** s without the white space at both ends (cut in place; the result points into s). */
char *mtkfw_strtrim(char *s);

/** Case-insensitive ASCII suffix test. */
int mtkfw_str_iendswith(const char *s, const char *suffix);

/** strdup that counts as an allocation failure point; NULL in -> NULL out. */
char *mtkfw_strdup(const char *s);

/** strndup equivalent. */
char *mtkfw_strndup(const char *s, size_t n);

/** Allocate a formatted string (NULL on failure). */
char *mtkfw_asprintf(const char *fmt, ...) MTKFW_PRINTF(1, 2);

/**
 * The user's own folder for mtkfw's data, sub appended ("backups"): on Linux
 * $HOME/.local/share/mtkfw, on Windows %LOCALAPPDATA%\mtkfw; "." when the
 * system names none. Into buf; returns buf.
 */
const char *mtkfw_user_data_dir(const char *sub, char *buf, size_t len);

/** Copy a NUL-padded fixed field into dst (size dstsz), replacing non-printables by '?'. */
void mtkfw_copy_field(char *dst, size_t dstsz, const uint8_t *src, size_t srclen);

/** 16-bit byte sum used by Checksum.ini V1 and the legacy DA packets. */
uint32_t mtkfw_bytesum_update(uint32_t acc, const void *buf, size_t len);

/** Grow a dynamic array so that it holds at least need elements. */
int mtkfw_grow(void **arr, size_t *cap, size_t need, size_t elem);

/** The time now in UTC, formatted by strftime's fmt, into buf; returns buf. */
const char *mtkfw_utc_now(const char *fmt, char *buf, size_t len);

/** The text of the errno value err, in buf (len bytes); returns buf or a constant text. */
const char *mtkfw_errno_text_r(int err, char *buf, size_t len);

/*
 * strerror for the library: the text in a buffer of the caller's own block
 * (a compound literal), because POSIX lets strerror share one buffer between
 * threads.
 */
#define mtkfw_errno_text(err) mtkfw_errno_text_r((err), (char[128]){0}, 128)

#endif /* MTKFW_INTERNAL_H */
