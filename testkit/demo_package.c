/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The demo package (demo_package): every file of a realistic synthetic MT6572
 * firmware package in the real formats, and an archive of it. Filesystems are
 * made by Debian's own tools, as a ROM build does: mke2fs -d (e2fsprogs) and
 * img2simg (android-sdk-libsparse-utils).
 */
#define _XOPEN_SOURCE 700
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

#include "demo.h"
#include "mtkfw/mtkfw.h"

extern char **environ;

/* A line for people on stderr, as the command-line tool writes them. */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;
	fputs("mtkfw: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

struct fs_spec {
	const char *file, *label, *mount;
	uint64_t size;
	unsigned data_mb; /* most filler data it takes */
};

/* Run a Debian tool (its environment env, or ours; its output left out when quiet); explain
 * which package provides it when it is missing. */
static int run_tool(char *const argv[], const char *package, char *const env[], bool quiet)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st, r = posix_spawn_file_actions_init(&fa);
	for (int fd = 1; !r && quiet && fd <= 2; fd++)
		r = posix_spawn_file_actions_addopen(&fa, fd, "/dev/null", O_WRONLY, 0);
	if (!r)
		r = posix_spawnp(&pid, argv[0], &fa, NULL, argv, env ? env : environ);
	posix_spawn_file_actions_destroy(&fa);
	if (r) {
		say("error: cannot run %s (%s); install it: apt-get install %s", argv[0],
		    strerror(r), package);
		return -1;
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		say("error: %s failed (status %d)", argv[0], WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		return -1;
	}
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void rm_tree(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Files for a filesystem: a build.prop and `data` bytes of filler in 8 MiB files. */
static int stage_files(const char *dir, const struct fs_spec *fs, uint64_t data, uint32_t seed)
{
	char path[4096];
	enum { CHUNK = 8 << 20 };
	if (mkdir(dir, 0755) && errno != EEXIST)
		return -errno;
	snprintf(path, sizeof(path), "%s/build.prop", dir);
	char prop[512];
	int n = snprintf(
		prop, sizeof(prop), "# mtkfw demo %s\nro.product.model=mtkfw demo\n%s", fs->label,
		strcmp(fs->label, "system")
			? ""
			: "ro.build.version.release=4.4.2\nro.build.display.id=MTKFW_DEMO_1\n"
			  "ro.build.fingerprint=mtkfw/mtkfw_demo/mtkfw_demo:4.4.2/KOT49H/1:"
			  "user/release-keys\nro.product.brand=mtkfw\n"
			  "ro.product.device=mtkfw_demo\nro.board.platform=mt6572\n");
	int r = demo_write_file(path, prop, (size_t)n);
	uint8_t *buf = data ? malloc(CHUNK) : NULL;
	if (data && !buf)
		return -ENOMEM;
	for (unsigned i = 0; !r && data; i++) {
		size_t len = data < CHUNK ? (size_t)data : CHUNK;
		demo_fill(buf, len, &seed);
		snprintf(path, sizeof(path), "%s/blob%03u.bin", dir, i);
		r = demo_write_file(path, buf, len);
		data -= len;
	}
	free(buf);
	return r;
}

#define DEMO_FS_TIME 1400000000 /* every time in a demo filesystem: reproducible images */

/* The walk of a stage folder (nftw has no user pointer): debugfs's commands, the stage's length */
static _Thread_local FILE *fs_cmds;
static _Thread_local size_t fs_stage_len;

/*
 * One staged file: its access and modification times set to DEMO_FS_TIME (mke2fs -d copies
 * them), and a debugfs command that sets its change time in the filesystem (which mke2fs copies
 * too, and no call can set on the folder's file).
 */
static int fix_time(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	const struct timespec t[2] = {{DEMO_FS_TIME, 0}, {DEMO_FS_TIME, 0}};
	(void)st;
	(void)flag;
	(void)ftw;
	fprintf(fs_cmds, "sif \"/%s\" ctime @%d\n",
		path + fs_stage_len + (path[fs_stage_len] == '/'), DEMO_FS_TIME);
	return utimensat(AT_FDCWD, path, t, AT_SYMLINK_NOFOLLOW);
}

int demo_mkfs_ext4(const char *stage, const char *raw, uint64_t size, const char *label,
		   const char *mount, const char *uuid)
{
	char seed[80], **env;
	size_t n = 0;
	while (environ[n])
		n++;
	env = calloc(n + 2, sizeof(*env));
	int fd = open(raw, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (!env || fd < 0 || ftruncate(fd, (off_t)size)) {
		say("error: cannot create %s: %s", raw, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(env);
		return -1;
	}
	close(fd);
	char cmds[4200];
	snprintf(cmds, sizeof(cmds), "%s.times", raw);
	fs_cmds = fopen(cmds, "w");
	fs_stage_len = strlen(stage);
	int walked = fs_cmds ? nftw(stage, fix_time, 16, FTW_PHYS) : -1, e = errno;
	if ((fs_cmds && fclose(fs_cmds)) || walked) {
		say("error: cannot set the times of %s's files: %s", stage,
		    strerror(e ? e : errno));
		unlink(cmds);
		free(env);
		return -1;
	}
	memcpy(env, environ, n * sizeof(*env));
	env[n] = "E2FSPROGS_FAKE_TIME=1400000000"; /* DEMO_FS_TIME: the times mke2fs makes */
	snprintf(seed, sizeof(seed), "hash_seed=%s,root_owner=0:0", uuid);
	char *mke2fs[] = {"mke2fs",	 "-q",	       "-F",	      "-t", "ext4",
			  "-b",		 "4096",       "-m",	      "0",  "-L",
			  (char *)label, "-M",	       (char *)mount, "-O", "^metadata_csum,^64bit",
			  "-U",		 (char *)uuid, "-E",	      seed, "-d",
			  (char *)stage, (char *)raw,  NULL};
	char *debugfs[] = {"debugfs", "-w", "-f", cmds, (char *)raw, NULL};
	int r = run_tool(mke2fs, "e2fsprogs", env, false);
	if (!r)
		r = run_tool(debugfs, "e2fsprogs", env, true);
	unlink(cmds);
	free(env);
	return r;
}

/* mke2fs -d a sparse-file filesystem, then img2simg it into dir/fs->file. */
static int build_fs(const struct demo_opts *o, const struct fs_spec *fs, uint64_t data)
{
	char stage[4096], raw[4096], out[4096];
	snprintf(stage, sizeof(stage), "%s/.stage-%s", o->dir, fs->label);
	snprintf(raw, sizeof(raw), "%s/.%s.raw", o->dir, fs->label);
	snprintf(out, sizeof(out), "%s/%s", o->dir, fs->file);
	int r = stage_files(stage, fs, data, o->seed ^ (uint32_t)fs->size);
	if (!r)
		r = demo_mkfs_ext4(stage, raw, fs->size, fs->label, fs->mount,
				   "6d746b66-772d-4465-6d6f-000000006572");
	char *img2simg[] = {"img2simg", raw, out, NULL};
	if (!r)
		r = run_tool(img2simg, "android-sdk-libsparse-utils", NULL, false);
	unlink(raw);
	rm_tree(stage);
	return r;
}

/* The demo's scatter rows, with the preloader named after the project. */
static int write_scatter(const struct demo_opts *o, const char *path)
{
	size_t n;
	const struct mtkfw_scatter_part *src = demo_layout(&n);
	struct mtkfw_scatter_part *rows = calloc(n, sizeof(*rows));
	char pl[128], *text = NULL;
	if (!rows)
		return -ENOMEM;
	memcpy(rows, src, n * sizeof(*rows));
	snprintf(pl, sizeof(pl), "preloader_%s.bin", o->project);
	rows[0].file = pl;
	int r = mtkfw_scatter_write_v11(rows, n, "MT6572", o->project, "EMMC", &text);
	if (!r)
		r = demo_write_file(path, text, strlen(text));
	free(text);
	free(rows);
	return r;
}

static int write_tables(const struct demo_opts *o)
{
	size_t n;
	const struct mtkfw_scatter_part *rows = demo_layout(&n);
	uint8_t t[4][512];
	char path[4096];
	int nt = demo_build_mbr(rows, n, t, 4), r = 0;
	for (int i = 0; i < nt && !r; i++) {
		if (i)
			snprintf(path, sizeof(path), "%s/EBR%d", o->dir, i);
		else
			snprintf(path, sizeof(path), "%s/MBR", o->dir);
		r = demo_write_file(path, t[i], 512);
	}
	return r;
}

/* Byte sum of one file, streamed. */
static int file_sum(const char *path, uint16_t *sum)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	static uint8_t buf[1 << 20];
	uint32_t acc = 0;
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		acc = mtkfw_bytesum(acc, buf, (size_t)n);
	close(fd);
	*sum = (uint16_t)acc;
	return n < 0 ? -EIO : 0;
}

/* Checksum.ini over every downloadable image, as SP Flash Tool's generator does. */
static int write_checksums(const struct demo_opts *o)
{
	size_t n, k = 0;
	const struct mtkfw_scatter_part *rows = demo_layout(&n);
	struct mtkfw_checksum_entry e[32];
	char path[4096];
	int r = 0;
	for (size_t i = 0; i < n && !r && k < 32; i++) {
		if (!rows[i].download)
			continue;
		char pl[128];
		snprintf(pl, sizeof(pl), "preloader_%s.bin", o->project);
		snprintf(path, sizeof(path), "%s/%s", o->dir, i == 0 ? pl : rows[i].file);
		uint16_t sum = 0;
		r = file_sum(path, &sum);
		e[k++] = (struct mtkfw_checksum_entry){rows[i].name, sum, 0};
	}
	char *text = r ? NULL : mtkfw_checksum_ini_format(e, k);
	snprintf(path, sizeof(path), "%s/Checksum.ini", o->dir);
	if (!r)
		r = text ? demo_write_file(path, text, strlen(text)) : -ENOMEM;
	free(text);
	return r;
}

/* Does s end with suffix? */
static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* A libarchive writer for the format named by path's suffix. */
static struct archive *archive_for(const char *path)
{
	struct archive *a = archive_write_new();
	int ok;
	if (!a)
		return NULL;
	if (ends_with(path, ".zip"))
		ok = archive_write_set_format_zip(a);
	else if (ends_with(path, ".7z"))
		ok = archive_write_set_format_7zip(a);
	else if (ends_with(path, ".tar"))
		ok = archive_write_set_format_pax_restricted(a);
	else if (ends_with(path, ".tar.gz") || ends_with(path, ".tgz"))
		ok = archive_write_set_format_pax_restricted(a) || archive_write_add_filter_gzip(a);
	else if (ends_with(path, ".tar.xz"))
		ok = archive_write_set_format_pax_restricted(a) || archive_write_add_filter_xz(a);
	else
		ok = -1;
	if (ok != ARCHIVE_OK || archive_write_open_filename(a, path) != ARCHIVE_OK) {
		archive_write_free(a);
		return NULL;
	}
	return a;
}

/* Add one file as top/name, streamed in 1 MiB blocks. */
static int archive_add(struct archive *a, const char *top, const char *dir, const char *name)
{
	char src[4096], dst[4096];
	static uint8_t buf[1 << 20];
	struct stat st;
	snprintf(src, sizeof(src), "%s/%s", dir, name);
	snprintf(dst, sizeof(dst), "%s/%s", top, name);
	int fd = open(src, O_RDONLY | O_CLOEXEC), r = 0;
	if (fd < 0 || fstat(fd, &st)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	struct archive_entry *e = archive_entry_new();
	archive_entry_set_pathname(e, dst);
	archive_entry_set_size(e, st.st_size);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_mtime(e, 1400000000, 0);
	if (archive_write_header(a, e) != ARCHIVE_OK)
		r = -1;
	ssize_t n;
	while (!r && (n = read(fd, buf, sizeof(buf))) > 0)
		if (archive_write_data(a, buf, (size_t)n) != n)
			r = -1;
	archive_entry_free(e);
	close(fd);
	return r;
}

static int by_name(const struct dirent **x, const struct dirent **y)
{
	return strcmp((*x)->d_name, (*y)->d_name);
}

static int skip_hidden(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Pack every file of the demo folder under a top folder named after the project. */
static int write_archive(const struct demo_opts *o, const char *path)
{
	struct dirent **list;
	int n = scandir(o->dir, &list, skip_hidden, by_name), r = 0;
	struct archive *a = n >= 0 ? archive_for(path) : NULL;
	if (!a) {
		say("error: cannot create archive %s (supported: .zip .7z .tar .tar.gz .tar.xz)",
		    path);
		r = -1;
	}
	for (int i = 0; i < n; i++) {
		if (!r && a)
			r = archive_add(a, o->project, o->dir, list[i]->d_name);
		free(list[i]);
	}
	if (n >= 0)
		free(list);
	if (a && archive_write_close(a) != ARCHIVE_OK)
		r = -1;
	if (a)
		archive_write_free(a);
	return r;
}

/* Parse "110100303034473930" into 9 bytes. */
/* A partition's size in the demo layout (as --shift and --compact left it). */
static uint64_t part_size(const char *name)
{
	size_t n;
	const struct mtkfw_scatter_part *rows = demo_layout(&n);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(rows[i].name, name))
			return rows[i].size;
	return 0;
}

/* Build every file of the package into o->dir. */
static int build(const struct demo_opts *o)
{
	/* Data fills system first, then userdata, then cache; each keeps room for metadata. */
	struct fs_spec fs[] = {
		{"system.img", "system", "/system", part_size("ANDROID"), 600},
		{"userdata.img", "userdata", "/data", part_size("USRDATA") - (1 << 20), 450},
		{"cache.img", "cache", "/cache", part_size("CACHE"), 450},
	};
	for (size_t i = 0; i < sizeof(fs) / sizeof(fs[0]); i++) /* --compact: half of each */
		if ((uint64_t)fs[i].data_mb << 20 > fs[i].size)
			fs[i].data_mb = (unsigned)(fs[i].size / 2 >> 20);
	uint64_t left = o->system_data;
	char p[4096];
	int r;
#define PATH(name) (snprintf(p, sizeof(p), "%s/%s", o->dir, name), p)
	char pl[128];
	snprintf(pl, sizeof(pl), "preloader_%s.bin", o->project);
	if ((r = demo_write_preloader(o, PATH(pl))) || (r = write_tables(o)) ||
	    (r = demo_write_lk(o, PATH("lk.bin"))) ||
	    (r = demo_write_boot(o, PATH("boot.img"), false)) ||
	    (r = demo_write_boot(o, PATH("recovery.img"), true)) ||
	    (r = demo_write_secro(o, PATH("secro.img"))) ||
	    (r = demo_write_logo(o, PATH("logo.bin")))) {
		say("error: cannot write into %s: %s", o->dir, strerror(-r));
		return EX_CANTCREAT;
	}
#undef PATH
	for (size_t i = 0; i < sizeof(fs) / sizeof(fs[0]); i++) {
		uint64_t cap = (uint64_t)fs[i].data_mb << 20, take = left < cap ? left : cap;
		left -= take;
		if (build_fs(o, &fs[i], take ? take : 1 << 20))
			return EX_SOFTWARE;
	}
	snprintf(p, sizeof(p), "%s/MT6572_Android_scatter.txt", o->dir);
	if ((r = write_scatter(o, p)) || (r = write_checksums(o))) {
		say("error: cannot write the scatter or Checksum.ini into %s: %s", o->dir,
		    strerror(-r));
		return EX_CANTCREAT;
	}
	return 0;
}

int demo_package(const struct demo_opts *o, const char *archive)
{
	if (mkdir(o->dir, 0755) && errno != EEXIST) {
		say("error: cannot create %s: %s", o->dir, strerror(errno));
		return EX_CANTCREAT;
	}
	int r = build(o);
	if (!r && archive && write_archive(o, archive))
		r = EX_CANTCREAT;
	return r;
}
