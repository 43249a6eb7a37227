/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SHA-256 and SHA-1 (digest.h): libcrypto's EVP, or CNG on Windows. */
#include <stdlib.h>

#include "digest.h"
#include "mtkfw/core.h"

#ifdef _WIN32
#include <windows.h>

#include <bcrypt.h>

struct digest {
	BCRYPT_ALG_HANDLE alg;
	BCRYPT_HASH_HANDLE h;
	ULONG len;
};

struct digest *digest_new(enum digest_alg alg)
{
	struct digest *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	LPCWSTR id = alg == DIGEST_SHA1 ? BCRYPT_SHA1_ALGORITHM : BCRYPT_SHA256_ALGORITHM;
	d->len = alg == DIGEST_SHA1 ? 20 : 32;
	if (BCryptOpenAlgorithmProvider(&d->alg, id, NULL, 0) ||
	    BCryptCreateHash(d->alg, &d->h, NULL, 0, NULL, 0, 0)) {
		digest_free(d);
		return NULL;
	}
	return d;
}

bool digest_update(struct digest *d, const void *p, size_t n)
{
	const UCHAR *b = p;
	while (n) { /* BCryptHashData takes a ULONG */
		ULONG k = n > 0x40000000u ? 0x40000000u : (ULONG)n;
		if (BCryptHashData(d->h, (PUCHAR)b, k, 0))
			return false;
		b += k;
		n -= k;
	}
	return true;
}

bool digest_final(struct digest *d, uint8_t *out)
{
	return !BCryptFinishHash(d->h, out, d->len, 0);
}

void digest_free(struct digest *d)
{
	if (!d)
		return;
	if (d->h)
		BCryptDestroyHash(d->h);
	if (d->alg)
		BCryptCloseAlgorithmProvider(d->alg, 0);
	free(d);
}

#else
#include <openssl/evp.h>

struct digest {
	EVP_MD_CTX *md;
};

struct digest *digest_new(enum digest_alg alg)
{
	struct digest *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->md = EVP_MD_CTX_new();
	if (!d->md ||
	    !EVP_DigestInit_ex(d->md, alg == DIGEST_SHA1 ? EVP_sha1() : EVP_sha256(), NULL)) {
		digest_free(d);
		return NULL;
	}
	return d;
}

bool digest_update(struct digest *d, const void *p, size_t n)
{
	return EVP_DigestUpdate(d->md, p, n) == 1;
}

bool digest_final(struct digest *d, uint8_t *out)
{
	unsigned n = 0;
	return EVP_DigestFinal_ex(d->md, out, &n) == 1;
}

void digest_free(struct digest *d)
{
	if (!d)
		return;
	EVP_MD_CTX_free(d->md);
	free(d);
}
#endif

bool digest_once(enum digest_alg alg, const void *p, size_t n, uint8_t *out)
{
	struct digest *d = digest_new(alg);
	bool ok = d && digest_update(d, p, n) && digest_final(d, out);
	digest_free(d);
	return ok;
}

void digest_sha256_hex(const void *p, size_t n, char out[65])
{
	uint8_t sha[32] = {0};
	digest_once(DIGEST_SHA256, p, n, sha);
	mtkfw_sha256_hex(sha, out);
}
