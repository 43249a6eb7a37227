/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* An unpacked image's folder (imgpack_priv.h): its files, its manifest, the trailer. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "imgpack_priv.h"

int pack_set(struct pack *p, const char *key, const char *fmt, ...)
{
	char val[1100];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	for (char *c = val; *c; c++) /* one line each */
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	size_t need = strlen(key) + strlen(val) + 4;
	if (mtkfw_grow((void **)&p->text, &p->cap, p->len + need + 1, 1))
		return MTKFW_E_NO_MEM;
	p->len += (size_t)sprintf(p->text + p->len, "%s: %s\n", key, val);
	return 0;
}

const char *pack_get(const struct pack *p, const char *key, char *buf, size_t n)
{
	size_t k = strlen(key);
	for (const char *line = p->text; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t l = end ? (size_t)(end - line) : strlen(line);
		if (l > k && !strncmp(line, key, k) && line[k] == ':') {
			const char *v = line + k + 1;
			while (v < line + l && *v == ' ')
				v++;
			size_t vl = (size_t)(line + l - v);
			while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\r'))
				vl--;
			snprintf(buf, n, "%.*s", (int)vl, v);
			return buf;
		}
		line = end ? end + 1 : line + l;
	}
	return NULL;
}

int pack_get_u32(const struct pack *p, const char *key, uint32_t *out)
{
	char v[64];
	uint64_t x;
	if (!pack_get(p, key, v, sizeof(v)))
		return mtkfw_fail(p->ctx, MTKFW_E_FORMAT, "%s/%s: no %s", p->dir,
				  MTKFW_IMGPACK_MANIFEST, key);
	if (mtkfw_parse_u64(v, &x) || x > UINT32_MAX)
		return mtkfw_fail(p->ctx, MTKFW_E_FORMAT, "%s/%s: %s: '%s' is no 32-bit number",
				  p->dir, MTKFW_IMGPACK_MANIFEST, key, v);
	*out = (uint32_t)x;
	return 0;
}

/* Write a new file (never over an existing one). */
static int write_new(struct mtkfw_ctx *ctx, const char *path, const void *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	int r = fd < 0 ? mtkfw_fail(ctx, MTKFW_E_IO, "cannot create %s: %s", path,
				    mtkfw_errno_text(errno))
		       : 0;
	for (const uint8_t *b = buf; !r && len;) {
		ssize_t n = write(fd, b, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot write %s: %s", path,
				       mtkfw_errno_text(errno));
		else
			b += n, len -= (size_t)n;
	}
	if (fd >= 0 && close(fd) && !r)
		r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot write %s: %s", path,
			       mtkfw_errno_text(errno));
	return r;
}

int pack_write(struct pack *p, const char *name, const void *buf, size_t len)
{
	char *path = mtkfw_asprintf("%s/%s", p->dir, name);
	int r = path ? write_new(p->ctx, path, buf, len) : MTKFW_E_NO_MEM;
	if (!r)
		p->files++;
	free(path);
	return r;
}

/* A whole file (at most max bytes) into a new buffer; MTKFW_E_NOT_FOUND when absent. */
int pack_read_file(struct mtkfw_ctx *ctx, const char *path, size_t max, uint8_t **buf, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	*buf = NULL;
	*len = 0;
	if (fd < 0)
		return mtkfw_fail(ctx, errno == ENOENT ? MTKFW_E_NOT_FOUND : MTKFW_E_IO,
				  "cannot open %s: %s", path, mtkfw_errno_text(errno));
	int r = fstat(fd, &st) || !S_ISREG(st.st_mode)
			? mtkfw_fail(ctx, MTKFW_E_IO, "%s is no regular file", path)
		: (uint64_t)st.st_size > max ? mtkfw_fail(ctx, MTKFW_E_TOO_LARGE,
							  "%s: %lld bytes, more than the %zu "
							  "mtkfw takes apart",
							  path, (long long)st.st_size, max)
					     : 0;
	size_t n = r ? 0 : (size_t)st.st_size, got = 0;
	uint8_t *b = r ? NULL : malloc(n + 1);
	if (!r && !b)
		r = mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	while (!r && got < n) {
		ssize_t k = read(fd, b + got, n - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			r = mtkfw_fail(ctx, MTKFW_E_IO, "cannot read %s: %s", path,
				       k ? mtkfw_errno_text(errno) : "it shrank");
		else
			got += (size_t)k;
	}
	close(fd);
	if (r) {
		free(b);
		return r;
	}
	b[n] = 0;
	*buf = b;
	*len = n;
	return 0;
}

int pack_read(struct pack *p, const char *name, size_t max, uint8_t **buf, size_t *len)
{
	char *path = mtkfw_asprintf("%s/%s", p->dir, name);
	int r = path ? pack_read_file(p->ctx, path, max, buf, len)
		     : mtkfw_fail(p->ctx, MTKFW_E_NO_MEM, "out of memory");
	free(path);
	return r;
}

bool pack_has(const struct pack *p, const char *name)
{
	char *path = mtkfw_asprintf("%s/%s", p->dir, name);
	bool has = path && !access(path, F_OK);
	free(path);
	return has;
}

int pack_trailer_save(struct pack *p, const uint8_t *buf, size_t len)
{
	size_t same = 0;
	while (same < len && buf[same] == buf[0])
		same++;
	if (!len)
		return 0;
	if (same == len) {
		int r = pack_set(p, "trailer_fill", "0x%02X", buf[0]);
		return r ? r : pack_set(p, "trailer_size", "%zu", len);
	}
	int r = pack_set(p, "trailer", "trailer");
	return r ? r : pack_write(p, "trailer", buf, len);
}

int pack_trailer_load(struct pack *p, uint8_t **buf, size_t *len)
{
	char v[32];
	*buf = NULL;
	*len = 0;
	if (pack_get(p, "trailer", v, sizeof(v)))
		return pack_read(p, "trailer", IMGPACK_MAX, buf, len);
	if (!pack_get(p, "trailer_size", v, sizeof(v)))
		return 0;
	uint32_t size, fill;
	int r = pack_get_u32(p, "trailer_size", &size);
	if (!r)
		r = pack_get_u32(p, "trailer_fill", &fill);
	if (!r && (size > IMGPACK_MAX || fill > 0xFF))
		r = mtkfw_fail(p->ctx, MTKFW_E_FORMAT,
			       "%s: trailer_size %u or trailer_fill %u "
			       "out of range",
			       p->dir, size, fill);
	if (!r && !(*buf = malloc(size ? size : 1)))
		r = MTKFW_E_NO_MEM;
	if (!r) {
		memset(*buf, (int)fill, size);
		*len = size;
	}
	return r;
}
