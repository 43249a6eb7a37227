/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SHA-256 and SHA-1 for the library (digest.c): OpenSSL's libcrypto on Linux,
 * Windows' own CNG (bcrypt) on Windows, one interface for both.
 */
#ifndef MTKFW_DIGEST_H
#define MTKFW_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum digest_alg { DIGEST_SHA256, DIGEST_SHA1 };

struct digest;

/** A new running digest, or NULL (out of memory, or the system refused). */
struct digest *digest_new(enum digest_alg alg);

/** Add n bytes; false on failure. */
bool digest_update(struct digest *d, const void *p, size_t n);

/** The digest (32 bytes for SHA-256, 20 for SHA-1) into out; false on failure. */
bool digest_final(struct digest *d, uint8_t *out);

/** Release; NULL is accepted. */
void digest_free(struct digest *d);

/** The digest of one buffer; false on failure. */
bool digest_once(enum digest_alg alg, const void *p, size_t n, uint8_t *out);

/** The SHA-256 of one buffer as 64 hex digits (all zeros when the system failed). */
void digest_sha256_hex(const void *p, size_t n, char out[65]);

#endif
