/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Bounded string/number helpers and the 16-bit byte sum. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int mtkfw_parse_u64(const char *s, uint64_t *out)
{
	if (!s)
		return MTKFW_E_FORMAT;
	while (*s == ' ' || *s == '\t')
		s++;
	uint64_t v = 0;
	int digits = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		for (s += 2; hexval((unsigned char)*s) >= 0; s++, digits++) {
			if (v >> 60)
				return MTKFW_E_FORMAT;
			v = (v << 4) | (uint64_t)hexval((unsigned char)*s);
		}
	} else {
		for (; *s >= '0' && *s <= '9'; s++, digits++) {
			uint64_t d = (uint64_t)(*s - '0');
			if (v > (UINT64_MAX - d) / 10)
				return MTKFW_E_FORMAT;
			v = v * 10 + d;
		}
	}
	while (*s == ' ' || *s == '\t')
		s++;
	if (!digits || *s)
		return MTKFW_E_FORMAT;
	*out = v;
	return 0;
}

char *mtkfw_strtrim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = 0;
	return s;
}

const char *mtkfw_base_name(const char *path)
{
	const char *base = path;
	for (const char *c = path; *c; c++)
		if (*c == '/' || *c == '\\')
			base = c + 1;
	return base;
}

int mtkfw_strieq(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
	return *a == *b;
}

int mtkfw_str_iendswith(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && mtkfw_strieq(s + n - m, suffix);
}

char *mtkfw_strdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

char *mtkfw_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *mtkfw_asprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *p = malloc((size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void mtkfw_copy_field(char *dst, size_t dstsz, const uint8_t *src, size_t srclen)
{
	size_t i;
	if (!dstsz)
		return;
	for (i = 0; i < srclen && i + 1 < dstsz && src[i]; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? (char)src[i] : '?';
	dst[i] = 0;
}

/* Portable part: eight bytes at a time into four 16-bit lanes (see below). */
static uint64_t bytesum_swar(const uint8_t *p, size_t len)
{
	/*
	 * A 64-bit word's bytes are added pairwise into four 16-bit lanes. A
	 * word adds at most 2 * 255 = 510 to a lane, so runs of 128 words
	 * (65280) never overflow one.
	 */
	uint64_t total = 0;
	while (len >= 8) {
		size_t words = len / 8;
		if (words > 128)
			words = 128;
		uint64_t lanes = 0;
		for (size_t i = 0; i < words; i++) {
			uint64_t w;
			memcpy(&w, p + i * 8, 8);
			lanes += (w & 0x00ff00ff00ff00ffULL) + ((w >> 8) & 0x00ff00ff00ff00ffULL);
		}
		for (int s = 0; s < 64; s += 16)
			total += (lanes >> s) & 0xffff;
		p += words * 8;
		len -= words * 8;
	}
	while (len--)
		total += *p++;
	return total;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/*
 * x86-64: PSADBW sums 8 bytes into a 64-bit lane per instruction. Four
 * independent accumulators keep the adds off one dependency chain; the AVX2
 * form takes 32 bytes per instruction and is picked at run time.
 */
__attribute__((target("avx2"))) static uint64_t bytesum_avx2(const uint8_t *p, size_t len)
{
	__m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0, z = a0;
	size_t n = len / 128;
	for (size_t i = 0; i < n; i++, p += 128) {
		a0 = _mm256_add_epi64(a0, _mm256_sad_epu8(_mm256_loadu_si256((const void *)p), z));
		a1 = _mm256_add_epi64(
			a1, _mm256_sad_epu8(_mm256_loadu_si256((const void *)(p + 32)), z));
		a2 = _mm256_add_epi64(
			a2, _mm256_sad_epu8(_mm256_loadu_si256((const void *)(p + 64)), z));
		a3 = _mm256_add_epi64(
			a3, _mm256_sad_epu8(_mm256_loadu_si256((const void *)(p + 96)), z));
	}
	__m256i a = _mm256_add_epi64(_mm256_add_epi64(a0, a1), _mm256_add_epi64(a2, a3));
	uint64_t lanes[4];
	_mm256_storeu_si256((void *)lanes, a);
	return lanes[0] + lanes[1] + lanes[2] + lanes[3] + bytesum_swar(p, len - 128 * n);
}

static uint64_t bytesum_sse2(const uint8_t *p, size_t len)
{
	__m128i a0 = _mm_setzero_si128(), a1 = a0, a2 = a0, a3 = a0, z = a0;
	size_t n = len / 64;
	for (size_t i = 0; i < n; i++, p += 64) {
		a0 = _mm_add_epi64(a0, _mm_sad_epu8(_mm_loadu_si128((const void *)p), z));
		a1 = _mm_add_epi64(a1, _mm_sad_epu8(_mm_loadu_si128((const void *)(p + 16)), z));
		a2 = _mm_add_epi64(a2, _mm_sad_epu8(_mm_loadu_si128((const void *)(p + 32)), z));
		a3 = _mm_add_epi64(a3, _mm_sad_epu8(_mm_loadu_si128((const void *)(p + 48)), z));
	}
	__m128i a = _mm_add_epi64(_mm_add_epi64(a0, a1), _mm_add_epi64(a2, a3));
	uint64_t lanes[2];
	_mm_storeu_si128((void *)lanes, a);
	return lanes[0] + lanes[1] + bytesum_swar(p, len - 64 * n);
}

/*
 * The CPU's features are asked on every call: a bit test in what the compiler's
 * start-up code filled in before main, where a remembered answer would be one
 * more variable that threads write at once.
 */
static uint64_t bytesum_fast(const uint8_t *p, size_t len)
{
	return __builtin_cpu_supports("avx2") ? bytesum_avx2(p, len) : bytesum_sse2(p, len);
}
#else
#define bytesum_fast bytesum_swar
#endif

uint32_t mtkfw_bytesum_update(uint32_t acc, const void *buf, size_t len)
{
	return (uint32_t)(acc + bytesum_fast(buf, len));
}

int mtkfw_grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / elem)
			return MTKFW_E_NO_MEM;
		ncap *= 2;
	}
	void *p = realloc(*arr, ncap * elem);
	if (!p)
		return MTKFW_E_NO_MEM;
	*arr = p;
	*cap = ncap;
	return 0;
}

const char *mtkfw_utc_now(const char *fmt, char *buf, size_t len)
{
	time_t now = time(NULL);
	struct tm tm;
	if (!gmtime_r(&now, &tm) || !strftime(buf, len, fmt, &tm))
		buf[0] = 0;
	return buf;
}

const char *mtkfw_errno_text_r(int err, char *buf, size_t len)
{
#ifdef _WIN32 /* the MSVCRT's strerror keeps its text per thread */
	snprintf(buf, len, "%s", strerror(err));
	return buf;
#else
	return strerror_r(err, buf, len); /* GNU's (_GNU_SOURCE): buf, or a constant text */
#endif
}

/*
 * A count of this process's temporary files: with the pid it names each one
 * apart, so that two threads writing the same file (two sessions remembering
 * one eMMC part's EMI record) never write into one temporary file.
 */
static atomic_uint tmp_files;

int mtkfw_write_file_atomic(const char *path, const void *data, size_t len)
{
	char *tmp = mtkfw_asprintf("%s.tmp.%d.%u", path, (int)getpid(),
				   atomic_fetch_add(&tmp_files, 1));
	if (!tmp)
		return -ENOMEM;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644), err = 0;
	if (fd < 0) {
		err = -errno;
		free(tmp);
		return err;
	}
	const char *p = data;
	while (len && !err) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno != EINTR)
			err = -errno;
		else if (n > 0) {
			p += n;
			len -= (size_t)n;
		}
	}
	if (!err && fsync(fd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	free(tmp);
	return err;
}

void mtkfw_remove_flat_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4400];
	while (d && (e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

const char *mtkfw_size_text(char *buf, size_t n, uint64_t bytes)
{
	static const char *const units[] = {"KiB", "MiB", "GiB", "TiB"};
	if (bytes < 1024) {
		snprintf(buf, n, "%llu B", (unsigned long long)bytes);
		return buf;
	}
	double v = (double)bytes / 1024;
	size_t u = 0;
	while (v >= 1024 && u + 1 < MTKFW_ARRAY_SIZE(units)) {
		v /= 1024;
		u++;
	}
	snprintf(buf, n, "%.1f %s", v, units[u]);
	return buf;
}

bool mtkfw_tail_address(uint64_t addr, uint64_t *back)
{
	bool tail = addr >= 0xFFFF0000u && addr <= 0xFFFFFFFFu;
	if (tail && back)
		*back = (addr & 0xFFFFu) * (uint64_t)MTKFW_TAIL_UNIT;
	return tail;
}

bool mtkfw_in_list(const char *list, const char *name)
{
	if (!list)
		return false;
	size_t n = strlen(name);
	for (const char *p = list; *p;) {
		const char *c = strchr(p, ',');
		size_t k = c ? (size_t)(c - p) : strlen(p);
		if (k == n && !strncasecmp(p, name, n))
			return true;
		p += k + (c ? 1 : 0);
	}
	return false;
}

void mtkfw_sha256_hex(const uint8_t sha[32], char out[65])
{
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", sha[i]);
}

const char *mtkfw_user_data_dir(const char *sub, char *buf, size_t len)
{
#ifdef _WIN32
	const char *base = getenv("LOCALAPPDATA"), *mid = "\\mtkfw", *sep = "\\";
#else
	const char *base = getenv("HOME"), *mid = "/.local/share/mtkfw", *sep = "/";
#endif
	snprintf(buf, len, "%s%s%s%s", base && *base ? base : ".", mid, *sub ? sep : "", sub);
	return buf;
}
