/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libmtkfw core: error codes, the library context (log sink and last error),
 * the progress callback type.
 *
 * Every function that can fail returns 0 or a negative MTKFW_E_* code; the
 * context that was passed in then holds one sentence saying what happened,
 * with the values involved (mtkfw_ctx_errmsg()).
 */
#ifndef MTKFW_CORE_H
#define MTKFW_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Error codes. Stable: scripts see them through the CLI's --json output. */
enum mtkfw_error {
	MTKFW_OK = 0,
	MTKFW_E_IO = -1,	    /**< a local file could not be read or written */
	MTKFW_E_INVALID_PARAM = -2, /**< the caller passed something impossible */
	MTKFW_E_NO_MEM = -3,	    /**< out of memory */
	MTKFW_E_FORMAT = -4,	    /**< input data is malformed */
	MTKFW_E_NOT_FOUND = -5,	    /**< a named thing does not exist */
	MTKFW_E_AMBIGUOUS = -6,	    /**< several candidates, refusing to guess */
	MTKFW_E_UNSUPPORTED = -7,   /**< valid but not supported by mtkfw */
	MTKFW_E_TOO_LARGE = -8,	    /**< input exceeds a size limit */
	MTKFW_E_ARCHIVE = -9,	    /**< the archive library reported an error */
	MTKFW_E_UNSAFE = -10,	    /**< unsafe archive member (path, link, size) */
	MTKFW_E_CANCELLED = -11,    /**< a progress callback asked to stop */
	MTKFW_E_MISMATCH = -12,	    /**< data differs from what it must equal */
	MTKFW_E_NOT_PACKAGE = -13,  /**< a file that is no folder, ZIP, 7z, RAR or tar archive */
	/* device work */
	MTKFW_E_TIMEOUT = -20,	      /**< the phone did not answer in time */
	MTKFW_E_DISCONNECTED = -21,   /**< the link went away */
	MTKFW_E_PROTOCOL = -22,	      /**< the phone sent something unexpected */
	MTKFW_E_HANDSHAKE = -23,      /**< BROM/preloader start sequence failed */
	MTKFW_E_CHECKSUM = -24,	      /**< a transfer checksum did not match */
	MTKFW_E_NACK = -25,	      /**< the phone refused a command or packet */
	MTKFW_E_DRAM = -26,	      /**< external RAM could not be enabled */
	MTKFW_E_DA_FILE = -27,	      /**< the DA file is unusable for this phone */
	MTKFW_E_NO_DEVICE = -28,      /**< no phone found */
	MTKFW_E_PERMISSION = -29,     /**< the port cannot be opened for lack of rights */
	MTKFW_E_LAYOUT = -30,	      /**< package layout differs from the phone's */
	MTKFW_E_IDENTITY = -31,	      /**< identity data would be lost or differs */
	MTKFW_E_DEVICE_STORAGE = -32, /**< the phone reported a storage error */
	MTKFW_E_SECURITY = -33,	      /**< the phone requires authentication */
	MTKFW_E_INCOMPATIBLE = -34,   /**< the package is for another chip or board (compat) */
	MTKFW_E_REFUSED =
		-35, /**< a safety rule refuses; an option the message names overrides it */
};

/** A size for people into buf: "512 B", "6.0 MiB", "1.2 GiB". Returns buf. */
const char *mtkfw_size_text(char *buf, size_t n, uint64_t bytes);

/** Log levels, from most to least important. */
enum mtkfw_log_level {
	MTKFW_LOG_ERROR = 0,
	MTKFW_LOG_WARNING,
	MTKFW_LOG_INFO,
	MTKFW_LOG_DEBUG,
	MTKFW_LOG_TRACE, /**< every protocol frame, hex-dumped */
};

/** Receives one log line (no trailing newline). */
typedef void (*mtkfw_log_cb)(void *user, enum mtkfw_log_level level, const char *msg);

/**
 * Called per chunk of a long operation with the bytes done and the total
 * (0 when unknown). A non-zero return cancels the operation, which then
 * returns MTKFW_E_CANCELLED.
 */
typedef int (*mtkfw_progress_cb)(void *user, uint64_t done, uint64_t total);

struct mtkfw_ctx;

/**
 * Create a context. The log level starts at the value of the MTKFW_DEBUG
 * environment variable (error, warning, info, debug, trace; default: no
 * logging) but nothing is emitted until a sink is set.
 */
int mtkfw_ctx_new(struct mtkfw_ctx **out);

/** Free a context; NULL is accepted. */
void mtkfw_ctx_free(struct mtkfw_ctx *ctx);

/** Route log lines up to and including max_level to cb. cb NULL silences. */
void mtkfw_ctx_set_log(struct mtkfw_ctx *ctx, enum mtkfw_log_level max_level, mtkfw_log_cb cb,
		       void *user);

/** Current maximum log level (for callers that want to skip costly work). */
enum mtkfw_log_level mtkfw_ctx_log_level(const struct mtkfw_ctx *ctx);

/** The sentence describing the last failure on this context ("" if none). */
const char *mtkfw_ctx_errmsg(const struct mtkfw_ctx *ctx);

/** The last error code set on this context (0 if none). */
int mtkfw_ctx_errcode(const struct mtkfw_ctx *ctx);

/**
 * The device step the last operation was in ("handshake", "send-da",
 * "da-sync", "dram", "da2", "read", "write", "format", "pmt", ...), or "".
 * With the error code it tells which SP Flash Tool error a failure matches.
 */
const char *mtkfw_ctx_step(const struct mtkfw_ctx *ctx);

/** Symbolic name of an error code, e.g. "MTKFW_E_TIMEOUT", for logs and JSON. */
const char *mtkfw_error_name(int code);

/** Short human description of an error code. */
const char *mtkfw_strerror(int code);

/** Library version string, e.g. "0.1.0". */
const char *mtkfw_version(void);

/**
 * Parse an unsigned number: "0x" / "0X" hex or decimal (a leading 0 is not
 * octal), surrounding blanks allowed, nothing else. Returns 0 or
 * MTKFW_E_FORMAT (also on overflow); *out is untouched then.
 */
int mtkfw_parse_u64(const char *s, uint64_t *out);

/** Lower-case hex of a SHA-256 into out (65 bytes). */
void mtkfw_sha256_hex(const uint8_t sha[32], char out[65]);

/**
 * Write len bytes to path atomically: a temporary file beside it, fsync,
 * rename. Returns 0 or a negative errno.
 */
int mtkfw_write_file_atomic(const char *path, const void *data, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_CORE_H */
