/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Readback, hashing and format of ranges; partition names from the phone's PMT. */
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "mtkfw/ops.h"

#define HOLE_BLOCK 4096

const char *mtkfw_part_name(enum mtkfw_emmc_part part)
{
	switch (part) {
	case MTKFW_PART_BOOT1:
		return "boot1";
	case MTKFW_PART_BOOT2:
		return "boot2";
	case MTKFW_PART_RPMB:
		return "rpmb";
	case MTKFW_PART_USER:
		return "user";
	}
	return "?";
}

int mtkfw_part_by_name(const char *name)
{
	static const enum mtkfw_emmc_part parts[] = {MTKFW_PART_BOOT1, MTKFW_PART_BOOT2,
						     MTKFW_PART_RPMB, MTKFW_PART_USER};
	for (size_t i = 0; i < MTKFW_ARRAY_SIZE(parts); i++)
		if (mtkfw_strieq(name, mtkfw_part_name(parts[i])))
			return (int)parts[i];
	return -1;
}

void mtkfw_sha256_hex(const uint8_t sha[32], char out[65])
{
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", sha[i]);
}

int mtkfw_partition_range(struct mtkfw_session *s, const char *name, struct mtkfw_range *out)
{
	const struct mtkfw_pmt_entry *p = mtkfw_session_pmt_find(s, name);
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	if (!p) {
		char names[512] = "";
		for (size_t i = 0; i < mtkfw_session_pmt_count(s); i++) {
			size_t l = strlen(names);
			snprintf(names + l, sizeof(names) - l, "%s%s", l ? " " : "",
				 mtkfw_session_pmt(s, i)->name);
		}
		return mtkfw_fail(ctx, MTKFW_E_NOT_FOUND,
				  "the phone's partition table has no %s (it has: %s)", name,
				  *names ? names : "no partition table at all");
	}
	bool boot = mtkfw_strieq(name, "PRELOADER") || mtkfw_strieq(name, "preloader");
	mtkfw_session_locate(s, p->offset, boot, &out->part, &out->offset);
	out->length = boot ? mtkfw_session_flash(s)->boot1 : p->size;
	uint64_t area = mtkfw_da_part_size(mtkfw_session_da(s), out->part);
	if (out->offset > area || out->length > area - out->offset)
		out->length = out->offset < area ? area - out->offset : 0;
	return 0;
}

/* Check a range against the area before any byte moves. */
static int in_area(struct mtkfw_session *s, const struct mtkfw_range *r)
{
	uint64_t area = mtkfw_da_part_size(mtkfw_session_da(s), r->part);
	if (!r->length || r->offset > area || r->length > area - r->offset)
		return mtkfw_fail(mtkfw_session_ctx(s), MTKFW_E_INVALID_PARAM,
				  "range 0x%llx+0x%llx does not fit the %s area (0x%llx bytes)",
				  (unsigned long long)r->offset, (unsigned long long)r->length,
				  mtkfw_part_name(r->part), (unsigned long long)area);
	return 0;
}

struct rb {
	int fd;
	uint64_t pos;
	EVP_MD_CTX *md;
	struct mtkfw_readback_result *res;
};

static bool zero_block(const uint8_t *p, size_t n)
{
	return p[0] == 0 && !memcmp(p, p + 1, n - 1);
}

/* Hash everything; write non-zero blocks, leave zero blocks as holes. */
static int rb_sink(void *user, const uint8_t *d, size_t n)
{
	struct rb *b = user;
	if (!EVP_DigestUpdate(b->md, d, n))
		return MTKFW_E_NO_MEM;
	for (size_t off = 0; off < n; off += HOLE_BLOCK) {
		size_t k = n - off < HOLE_BLOCK ? n - off : HOLE_BLOCK;
		if (b->fd >= 0 && zero_block(d + off, k)) {
			b->res->zero_bytes += k;
		} else if (b->fd >= 0 &&
			   pwrite(b->fd, d + off, k, (off_t)(b->pos + off)) != (ssize_t)k) {
			return MTKFW_E_IO;
		}
	}
	b->pos += n;
	b->res->bytes += n;
	return 0;
}

/* Read a range through rb_sink; fd < 0 only hashes. */
static int read_range(struct mtkfw_session *s, const struct mtkfw_range *r, int fd,
		      mtkfw_progress_cb progress, void *user, struct mtkfw_readback_result *res)
{
	struct rb b = {.fd = fd, .md = EVP_MD_CTX_new(), .res = res};
	unsigned n = 0;
	memset(res, 0, sizeof(*res));
	int rc = in_area(s, r);
	if (!rc && (!b.md || !EVP_DigestInit_ex(b.md, EVP_sha256(), NULL)))
		rc = mtkfw_fail(mtkfw_session_ctx(s), MTKFW_E_NO_MEM, "out of memory");
	if (!rc)
		rc = mtkfw_da_read(mtkfw_session_da(s), r->part, r->offset, r->length, rb_sink, &b,
				   progress, user);
	if (rc == MTKFW_E_IO)
		rc = mtkfw_fail(mtkfw_session_ctx(s), MTKFW_E_IO, "cannot write the readback: %s",
				strerror(errno));
	if (!rc)
		EVP_DigestFinal_ex(b.md, res->sha256, &n);
	EVP_MD_CTX_free(b.md);
	return rc;
}

int mtkfw_readback_file(struct mtkfw_session *s, const struct mtkfw_range *r, const char *path,
			mtkfw_progress_cb progress, void *user, struct mtkfw_readback_result *res)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	char *tmp = mtkfw_asprintf("%s.part", path);
	if (!tmp)
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644), rc;
	if (fd < 0) {
		rc = mtkfw_fail(ctx, MTKFW_E_IO, "cannot create %s: %s", tmp, strerror(errno));
		free(tmp);
		return rc;
	}
	rc = read_range(s, r, fd, progress, user, res);
	if (!rc && (ftruncate(fd, (off_t)r->length) || fsync(fd)))
		rc = mtkfw_fail(ctx, MTKFW_E_IO, "cannot finish %s: %s", tmp, strerror(errno));
	if (close(fd) && !rc)
		rc = mtkfw_fail(ctx, MTKFW_E_IO, "cannot close %s: %s", tmp, strerror(errno));
	if (!rc && rename(tmp, path))
		rc = mtkfw_fail(ctx, MTKFW_E_IO, "cannot rename %s: %s", tmp, strerror(errno));
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc;
}

int mtkfw_hash_range(struct mtkfw_session *s, const struct mtkfw_range *r, uint8_t sha256[32],
		     mtkfw_progress_cb progress, void *user)
{
	struct mtkfw_readback_result res;
	int rc = read_range(s, r, -1, progress, user, &res);
	if (!rc)
		memcpy(sha256, res.sha256, 32);
	return rc;
}

int mtkfw_format_range(struct mtkfw_session *s, const struct mtkfw_range *r,
		       mtkfw_progress_cb progress, void *user)
{
	int rc = in_area(s, r);
	return rc ? rc
		  : mtkfw_da_format(mtkfw_session_da(s), r->part, r->offset, r->length, progress,
				    user);
}
