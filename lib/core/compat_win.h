/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the Windows build (MinGW-w64) needs of POSIX that MinGW does not give,
 * force-included into every file of that build (cmake/windows.cmake); the
 * Linux build never sees it. Files are opened in binary mode everywhere: every
 * open() of mtkfw passes O_CLOEXEC, which is _O_BINARY here.
 */
#ifndef MTKFW_COMPAT_WIN_H
#define MTKFW_COMPAT_WIN_H
#ifdef _WIN32

#define _POSIX_THREAD_SAFE_FUNCTIONS 200112L /* MinGW's time.h: gmtime_r, localtime_r */
#include <direct.h>
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <malloc.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#undef O_CLOEXEC
#define O_CLOEXEC _O_BINARY
#ifndef SEEK_DATA /* lseek refuses them: callers then treat the whole file as data */
#define SEEK_DATA 3
#define SEEK_HOLE 4
#endif
#ifndef ENXIO
#define ENXIO 6
#endif
#define mkdir(path, mode) _mkdir(path)
#define lstat		  stat
#ifndef S_ISLNK
#define S_ISLNK(m) 0
#endif
#define fsync(fd)		   _commit(fd)
#define aligned_alloc(align, size) _aligned_malloc(size, align) /* freed with _aligned_free */
#ifndef O_DIRECTORY /* a folder cannot be opened to be synced: such opens fail, harmlessly */
#define O_DIRECTORY 0x10000000
#endif

/* rename() that replaces an existing file, as POSIX's does (MSVCRT's refuses) */
int mtkfw_win_rename(const char *from, const char *to);
#define rename(from, to) mtkfw_win_rename(from, to)

ssize_t pread(int fd, void *buf, size_t n, off_t off);
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off);
char *realpath(const char *path, char *resolved);
char *mkdtemp(char *tmpl);
char *strndup(const char *s, size_t n);
int symlink(const char *target, const char *path);
int link(const char *target, const char *path);
char *strcasestr(const char *hay, const char *needle);

struct dirent;
int scandir(const char *dir, struct dirent ***names, int (*filter)(const struct dirent *),
	    int (*compar)(const struct dirent **, const struct dirent **));
int alphasort(const struct dirent **a, const struct dirent **b);

/* sysexits.h */
#define EX_OK	       0
#define EX_USAGE       64
#define EX_DATAERR     65
#define EX_NOINPUT     66
#define EX_NOUSER      67
#define EX_NOHOST      68
#define EX_UNAVAILABLE 69
#define EX_SOFTWARE    70
#define EX_OSERR       71
#define EX_OSFILE      72
#define EX_CANTCREAT   73
#define EX_IOERR       74
#define EX_TEMPFAIL    75
#define EX_PROTOCOL    76
#define EX_NOPERM      77
#define EX_CONFIG      78

#endif /* _WIN32 */
#endif
