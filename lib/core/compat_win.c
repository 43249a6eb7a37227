/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* POSIX functions MinGW-w64 lacks (compat_win.h), for the Windows build only. */
#ifdef _WIN32
#include <dirent.h>
#include <string.h>
#include <windows.h>

#include "compat_win.h"

int mtkfw_win_rename(const char *from, const char *to)
{
	if (MoveFileExA(from, to, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
		return 0;
	DWORD e = GetLastError();
	errno = e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND ? ENOENT
		: e == ERROR_ACCESS_DENIED			       ? EACCES
								       : EIO;
	return -1;
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
	__int64 was = _lseeki64(fd, 0, SEEK_CUR);
	if (was < 0 || _lseeki64(fd, off, SEEK_SET) < 0)
		return -1;
	int got = _read(fd, buf, n > 0x40000000u ? 0x40000000u : (unsigned)n);
	_lseeki64(fd, was, SEEK_SET);
	return got;
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	__int64 was = _lseeki64(fd, 0, SEEK_CUR);
	if (was < 0 || _lseeki64(fd, off, SEEK_SET) < 0)
		return -1;
	int put = _write(fd, buf, n > 0x40000000u ? 0x40000000u : (unsigned)n);
	_lseeki64(fd, was, SEEK_SET);
	return put;
}

/*
 * What path names, as POSIX's realpath: links and junctions followed (under wine, the unix
 * symlinks too: it shows them as such), "." and ".." gone, spelt as the drive has it: the
 * final path of the file opened (GetFinalPathNameByHandle) without its \\?\ prefix, as in
 * C:\Users\x or \\server\share\x. resolved holds PATH_MAX bytes; NULL: a new string (free it).
 */
char *realpath(const char *path, char *resolved)
{
	HANDLE h = CreateFileA(path, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
			       NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
	if (h == INVALID_HANDLE_VALUE) {
		DWORD e = GetLastError();
		errno = e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND	   ? ENOENT
			: e == ERROR_ACCESS_DENIED || e == ERROR_SHARING_VIOLATION ? EACCES
			: e == ERROR_INVALID_NAME || e == ERROR_BAD_PATHNAME	   ? EINVAL
										   : EIO;
		return NULL;
	}
	char final[32768];
	DWORD n = GetFinalPathNameByHandleA(h, final, sizeof(final), FILE_NAME_NORMALIZED);
	CloseHandle(h);
	if (!n || n >= sizeof(final)) {
		errno = EIO; /* no path of a drive or a share (a device) */
		return NULL;
	}
	char *p = final;
	if (!strncmp(p, "\\\\?\\UNC\\", 8)) /* \\?\UNC\server\share: \\server\share */
		*(p += 6) = '\\';
	else if (!strncmp(p, "\\\\?\\", 4))
		p += 4;
	size_t len = strlen(p);
	if (resolved && len >= PATH_MAX) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	char *r = resolved ? resolved : malloc(len + 1);
	if (!r) {
		errno = ENOMEM;
		return NULL;
	}
	memcpy(r, p, len + 1);
	return r;
}

char *mkdtemp(char *tmpl)
{
	size_t n = strlen(tmpl);
	if (n < 6 || strcmp(tmpl + n - 6, "XXXXXX")) {
		errno = EINVAL;
		return NULL;
	}
	static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	for (int tries = 0; tries < 100; tries++) {
		unsigned v = (unsigned)GetTickCount() ^ (unsigned)(tries * 2654435761u) ^
			     (unsigned)GetCurrentProcessId();
		for (int i = 0; i < 6; i++, v /= 36)
			tmpl[n - 6 + i] = chars[v % 36];
		if (!_mkdir(tmpl))
			return tmpl;
		if (errno != EEXIST)
			return NULL;
	}
	return NULL;
}

char *strndup(const char *s, size_t n)
{
	size_t k = strnlen(s, n);
	char *d = malloc(k + 1);
	if (d) {
		memcpy(d, s, k);
		d[k] = 0;
	}
	return d;
}

int symlink(const char *target, const char *path)
{
	(void)target, (void)path;
	errno = ENOSYS;
	return -1;
}

int link(const char *target, const char *path)
{
	if (CreateHardLinkA(path, target, NULL))
		return 0;
	errno = GetLastError() == ERROR_ALREADY_EXISTS ? EEXIST : EXDEV;
	return -1;
}

char *strcasestr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (!_strnicmp(hay, needle, n))
			return (char *)hay;
	return n ? NULL : (char *)hay;
}

int alphasort(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int scandir(const char *dir, struct dirent ***names, int (*filter)(const struct dirent *),
	    int (*compar)(const struct dirent **, const struct dirent **))
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	struct dirent **v = NULL, *e;
	size_t n = 0, cap = 0;
	while ((e = readdir(d))) {
		if (filter && !filter(e))
			continue;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 16;
			struct dirent **nv = realloc(v, nc * sizeof(*nv));
			if (!nv)
				goto fail;
			v = nv;
			cap = nc;
		}
		if (!(v[n] = malloc(sizeof(*e))))
			goto fail;
		memcpy(v[n++], e, sizeof(*e));
	}
	closedir(d);
	if (compar)
		qsort(v, n, sizeof(*v), (int (*)(const void *, const void *))compar);
	*names = v;
	return (int)n;
fail:
	while (n)
		free(v[--n]);
	free(v);
	closedir(d);
	return -1;
}
#endif /* _WIN32 */
