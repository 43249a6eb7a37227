/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * DA files: the MTK_DOWNLOAD_AGENT container of SP Flash Tool's
 * MTK_AllInOne_DA.bin (docs/protocol.md 2). Only the index is read at open; a
 * region's bytes are read when they are uploaded.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "mtkfw/device.h"

#define HDR	    0x6C
#define MAGIC	    0x22668899u
#define STRIDE_NEW  0xDC
#define STRIDE_OLD  0xD8
#define MAX_ENTRIES 256
#define MAX_REGION  (8u << 20)

struct mtkfw_da_file {
	int fd;
	char *path;
	uint64_t size;
	char version[65];
	struct mtkfw_da_entry *e;
	size_t n;
};

static int bad(struct mtkfw_ctx *ctx, const char *path, const char *why)
{
	return mtkfw_fail(ctx, MTKFW_E_DA_FILE,
			  "%s is not a usable DA file (%s); use the MTK_AllInOne_DA.bin that "
			  "comes with SP Flash Tool",
			  path, why);
}

/* Decode entry i of the index held in idx (HDR + n * stride bytes). */
static int decode(struct mtkfw_da_file *df, const uint8_t *p, size_t stride,
		  struct mtkfw_da_entry *e)
{
	size_t regions = stride == STRIDE_NEW ? 0x14 : 0x10;
	memset(e, 0, sizeof(*e));
	if (get_le16(p) != 0xDADA)
		return -1;
	e->hw_code = get_le16(p + 2);
	e->hw_sub = get_le16(p + 4);
	e->hw_ver = get_le16(p + 6);
	e->sw_ver = stride == STRIDE_NEW ? get_le16(p + 8) : 0;
	e->n_regions = get_le16(p + regions - 2);
	if (e->n_regions > 10)
		return -1;
	for (unsigned r = 0; r < e->n_regions; r++) {
		const uint8_t *g = p + regions + 20 * r;
		e->r[r].file_off = get_le32(g);
		e->r[r].len = get_le32(g + 4);
		e->r[r].addr = get_le32(g + 8);
		e->r[r].sig_len = get_le32(g + 16);
		if ((uint64_t)e->r[r].file_off + e->r[r].len > df->size ||
		    e->r[r].len > MAX_REGION || e->r[r].sig_len > e->r[r].len)
			return -1;
	}
	return 0;
}

static int read_index(struct mtkfw_ctx *ctx, struct mtkfw_da_file *df)
{
	uint8_t h[HDR + STRIDE_OLD + 2];
	if (df->size < sizeof(h) || pread(df->fd, h, sizeof(h), 0) != (ssize_t)sizeof(h) ||
	    memcmp(h, "MTK_DOWNLOAD_AGENT", 18) || get_le32(h + 0x64) != MAGIC)
		return bad(ctx, df->path, "no MTK_DOWNLOAD_AGENT header");
	mtkfw_copy_field(df->version, sizeof(df->version), h + 0x20, 64);
	if (strstr(df->version, "MTK_DA_v6"))
		return bad(ctx, df->path, "a V6/XML DA, for newer chips than MT6572");
	size_t n = get_le32(h + 0x68);
	size_t stride = get_le16(h + HDR + STRIDE_OLD) == 0xDADA ? STRIDE_OLD : STRIDE_NEW;
	if (!n || n > MAX_ENTRIES || HDR + n * stride > df->size)
		return bad(ctx, df->path, "impossible number of entries");
	uint8_t *idx = malloc(n * stride);
	df->e = calloc(n, sizeof(*df->e));
	if (!idx || !df->e || pread(df->fd, idx, n * stride, HDR) != (ssize_t)(n * stride)) {
		free(idx);
		return mtkfw_fail(ctx, MTKFW_E_IO, "cannot read %s", df->path);
	}
	for (size_t i = 0; i < n; i++)
		if (!decode(df, idx + i * stride, stride, &df->e[df->n]))
			df->n++;
	free(idx);
	return df->n ? 0 : bad(ctx, df->path, "no valid entry");
}

int mtkfw_da_file_open(struct mtkfw_ctx *ctx, const char *path, struct mtkfw_da_file **out)
{
	struct mtkfw_da_file *df = calloc(1, sizeof(*df));
	struct stat st;
	if (!df)
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	df->fd = open(path, O_RDONLY | O_CLOEXEC);
	df->path = mtkfw_strdup(path);
	int r = 0;
	if (df->fd < 0 || fstat(df->fd, &st))
		r = mtkfw_fail(ctx, errno == ENOENT ? MTKFW_E_NOT_FOUND : MTKFW_E_IO,
			       "cannot open DA file %s: %s", path, mtkfw_errno_text(errno));
	else {
		df->size = (uint64_t)st.st_size;
		r = read_index(ctx, df);
	}
	if (r) {
		mtkfw_da_file_close(df);
		return r;
	}
	*out = df;
	return 0;
}

void mtkfw_da_file_close(struct mtkfw_da_file *df)
{
	if (!df)
		return;
	if (df->fd >= 0)
		close(df->fd);
	free(df->path);
	free(df->e);
	free(df);
}

const char *mtkfw_da_file_version(const struct mtkfw_da_file *df)
{
	return df->version;
}

int mtkfw_da_file_select(struct mtkfw_ctx *ctx, const struct mtkfw_da_file *df, uint16_t hw_code,
			 uint16_t hw_ver, uint16_t sw_ver, struct mtkfw_da_entry *out)
{
	char have[256] = "";
	for (size_t i = 0; i < df->n; i++) {
		const struct mtkfw_da_entry *e = &df->e[i];
		size_t l = strlen(have);
		if (l < sizeof(have) - 8)
			snprintf(have + l, sizeof(have) - l, "%s%04x", l ? " " : "", e->hw_code);
		if (e->hw_code != hw_code || (hw_ver && e->hw_ver > hw_ver) ||
		    (sw_ver && e->sw_ver > sw_ver))
			continue;
		if (e->n_regions < 3)
			continue;
		*out = *e;
		return 0;
	}
	return mtkfw_fail(ctx, MTKFW_E_DA_FILE,
			  "%s has no DA for hw code 0x%04x (hw version 0x%04x); it has entries "
			  "for: %s. Use the MTK_AllInOne_DA.bin of an SP Flash Tool that supports "
			  "this chip",
			  df->path, hw_code, hw_ver, have);
}

int mtkfw_da_file_load(struct mtkfw_ctx *ctx, const struct mtkfw_da_file *df,
		       const struct mtkfw_da_region *r, uint8_t **buf)
{
	uint8_t *b = malloc(r->len ? r->len : 1);
	if (!b)
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	if (pread(df->fd, b, r->len, r->file_off) != (ssize_t)r->len) {
		free(b);
		return mtkfw_fail(ctx, MTKFW_E_IO, "cannot read %u bytes at 0x%x of %s", r->len,
				  r->file_off, df->path);
	}
	*buf = b;
	return 0;
}

const char *mtkfw_da_default_path(char *buf, size_t len)
{
	const char *env = getenv("MTKFW_DA");
	const char *dirs[] = {"/usr/local/share/mtkfw", "/usr/share/mtkfw", "."};
	if (env && !access(env, R_OK)) {
		snprintf(buf, len, "%s", env);
		return buf;
	}
	if (!access(mtkfw_user_data_dir("MTK_AllInOne_DA.bin", buf, len), R_OK))
		return buf;
	for (size_t i = 0; i < MTKFW_ARRAY_SIZE(dirs); i++) {
		snprintf(buf, len, "%s/MTK_AllInOne_DA.bin", dirs[i]);
		if (!access(buf, R_OK))
			return buf;
	}
	return NULL;
}
