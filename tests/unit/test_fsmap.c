/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Filesystem usage maps on images made by the real tools: mke2fs -d (ext4
 * with files) and mkfs.vfat (FAT16/FAT32, clusters then allocated by hand in
 * the first FAT). Every byte that holds data must be inside the map; free
 * space must be left out; anything doubtful must give "no map".
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytes.h"
#include "testutil.h"

struct img {
	int fd;
	uint64_t base;
	int fail_after; /* reads before a simulated link failure; < 0: never */
	unsigned reads;
};

static int img_read(void *user, uint64_t off, void *buf, size_t len)
{
	struct img *m = user;
	if (m->fail_after >= 0 && m->reads >= (unsigned)m->fail_after)
		return MTKFW_E_DISCONNECTED;
	m->reads++;
	ssize_t n = pread(m->fd, buf, len, (off_t)(m->base + off));
	if (n < 0)
		return MTKFW_E_IO;
	memset((uint8_t *)buf + n, 0, len - (size_t)n); /* past the file end: zeros */
	return 0;
}

static void run(const char *cmd)
{
	char full[8600];
	snprintf(full, sizeof(full), "( %s ) >/dev/null 2>&1", cmd);
	assert_int_equal(system(full), 0);
}

static int map_file(const char *path, uint64_t len, struct mtkfw_fsmap *m)
{
	struct mtkfw_ctx *ctx;
	assert_int_equal(mtkfw_ctx_new(&ctx), 0);
	struct img im = {open(path, O_RDONLY), 0, -1, 0};
	assert_true(im.fd >= 0);
	int r = mtkfw_fsmap_build(ctx, img_read, &im, len, m);
	close(im.fd);
	mtkfw_ctx_free(ctx);
	return r;
}

static bool covered(const struct mtkfw_fsmap *m, uint64_t off, uint64_t len)
{
	for (size_t i = 0; i < m->n; i++)
		if (off >= m->ext[i].offset && off + len <= m->ext[i].offset + m->ext[i].length)
			return true;
	return false;
}

/* Every non-zero 1 KiB block of the image lies in the map; extents sorted and disjoint. */
static void assert_data_covered(const char *path, const struct mtkfw_fsmap *m, uint64_t len)
{
	uint8_t b[1024];
	int fd = open(path, O_RDONLY);
	uint64_t sum = 0;
	for (size_t i = 0; i < m->n; i++) {
		assert_true(m->ext[i].length > 0);
		assert_true(m->ext[i].offset + m->ext[i].length <= len);
		if (i)
			assert_true(m->ext[i].offset > m->ext[i - 1].offset + m->ext[i - 1].length);
		sum += m->ext[i].length;
	}
	assert_int_equal(sum, m->used);
	for (uint64_t off = 0; off < len; off += sizeof(b)) {
		ssize_t n = pread(fd, b, sizeof(b), (off_t)off);
		if (n <= 0)
			break;
		bool zero = true;
		for (ssize_t i = 0; i < n && zero; i++)
			zero = !b[i];
		if (!zero && !covered(m, off, (uint64_t)n))
			fail_msg("data at 0x%llx is outside the map", (unsigned long long)off);
	}
	close(fd);
}

static void ext4_with_files(void **state)
{
	(void)state;
	char cmd[8600], img[4200];
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p %s/root/app && head -c 3000000 /dev/urandom > %s/root/app/big.apk && "
		 "head -c 70000 /dev/urandom > %s/root/small && "
		 "mke2fs -q -F -t ext4 -b 4096 -d %s/root %s/fs.img 64M",
		 tu_dir, tu_dir, tu_dir, tu_dir, tu_dir);
	run(cmd);
	snprintf(img, sizeof(img), "%s/fs.img", tu_dir);
	struct mtkfw_fsmap m;
	uint64_t part = 80u << 20; /* partition bigger than the filesystem: the tail is read */
	assert_int_equal(map_file(img, part, &m), 0);
	assert_string_equal(m.fs, "ext4");
	assert_true(m.used >= 3000000 + 70000);
	assert_true(m.used < (32u << 20)); /* most of 80 MiB is free space */
	assert_true(covered(&m, 64u << 20, 16u << 20));
	assert_data_covered(img, &m, part);
	mtkfw_fsmap_free(&m);
	/* 1 KiB blocks: the boot block before block 1 is kept */
	snprintf(cmd, sizeof(cmd), "mke2fs -q -F -t ext4 -b 1024 -d %s/root %s/fs1k.img 16M",
		 tu_dir, tu_dir);
	run(cmd);
	snprintf(img, sizeof(img), "%s/fs1k.img", tu_dir);
	assert_int_equal(map_file(img, 16u << 20, &m), 0);
	assert_true(covered(&m, 0, 1024));
	assert_data_covered(img, &m, 16u << 20);
	mtkfw_fsmap_free(&m);
	/* a filesystem bigger than its partition is not believed */
	assert_int_equal(map_file(img, 8u << 20, &m), MTKFW_E_FORMAT);
}

/* mkfs.vfat, then clusters allocated by hand (chains of FAT entries) and filled. */
static void fat_allocated(void **state, const char *type, const char *size, uint32_t n_used)
{
	(void)state;
	char cmd[8600], img[4200];
	snprintf(img, sizeof(img), "%s/fat.img", tu_dir);
	snprintf(cmd, sizeof(cmd), "truncate -s %s %s && mkfs.vfat -F %s %s", size, img, type, img);
	run(cmd);
	int fd = open(img, O_RDWR);
	uint8_t bs[512];
	assert_int_equal(pread(fd, bs, 512, 0), 512);
	bool f32 = !strcmp(type, "32");
	uint32_t bps = get_le16(bs + 11), spc = bs[13], rsv = get_le16(bs + 14), nf = bs[16];
	uint32_t fsz = get_le16(bs + 22) ? get_le16(bs + 22) : get_le32(bs + 36);
	uint32_t root = (get_le16(bs + 17) * 32 + bps - 1) / bps;
	uint64_t data = (uint64_t)(rsv + nf * fsz + root) * bps, cl = (uint64_t)bps * spc;
	uint8_t payload[512];
	memset(payload, 0xA5, sizeof(payload));
	for (uint32_t k = 0; k < n_used; k++) { /* every 37th cluster from 100 on */
		uint32_t c = 100 + 37 * k;
		uint8_t e[4];
		put_le32(e, 0x0FFFFFFF);
		for (uint32_t f = 0; f < nf; f++)
			assert_int_equal(pwrite(fd, e, f32 ? 4 : 2,
						(off_t)((rsv + f * fsz) * bps + c * (f32 ? 4 : 2))),
					 f32 ? 4 : 2);
		assert_int_equal(pwrite(fd, payload, sizeof(payload), (off_t)(data + (c - 2) * cl)),
				 (ssize_t)sizeof(payload));
	}
	close(fd);
	struct mtkfw_fsmap m;
	off_t len = 0;
	fd = open(img, O_RDONLY);
	len = lseek(fd, 0, SEEK_END);
	close(fd);
	assert_int_equal(map_file(img, (uint64_t)len, &m), 0);
	assert_string_equal(m.fs, f32 ? "fat32" : "fat16");
	assert_data_covered(img, &m, (uint64_t)len);
	assert_true(covered(&m, 0, data)); /* boot sector, FATs, root directory */
	assert_true(m.used < (uint64_t)len / 2);
	mtkfw_fsmap_free(&m);
}

static void fat32_clusters(void **state)
{
	fat_allocated(state, "32", "300M", 40);
}

static void fat16_clusters(void **state)
{
	fat_allocated(state, "16", "64M", 25);
}

/* FAT12, garbage, a media byte that does not match, and a failing link. */
static void doubtful_is_no_map(void **state)
{
	(void)state;
	char cmd[8600], img[4200];
	struct mtkfw_fsmap m;
	snprintf(img, sizeof(img), "%s/small.img", tu_dir);
	snprintf(cmd, sizeof(cmd), "truncate -s 1M %s && mkfs.vfat -F 12 %s", img, img);
	run(cmd);
	assert_int_equal(map_file(img, 1u << 20, &m), MTKFW_E_FORMAT);
	snprintf(cmd, sizeof(cmd), "head -c 4M /dev/urandom > %s", img);
	run(cmd);
	assert_int_equal(map_file(img, 4u << 20, &m), MTKFW_E_FORMAT);
	snprintf(cmd, sizeof(cmd),
		 "truncate -s 64M %s.f && mkfs.vfat -F 16 %s.f && "
		 "printf '\\xF0' | dd of=%s.f bs=1 seek=21 conv=notrunc",
		 img, img, img);
	run(cmd);
	snprintf(cmd, sizeof(cmd), "%s.f", img);
	assert_int_equal(map_file(cmd, 64u << 20, &m), MTKFW_E_FORMAT);
	/* the link fails while the FAT is read: that error, not "no map" */
	struct img im = {open(cmd, O_RDONLY), 0, 1, 0};
	snprintf(cmd, sizeof(cmd), "mkfs.vfat -F 16 %s.f", img);
	run(cmd);
	assert_int_equal(mtkfw_fsmap_build(tu_ctx, img_read, &im, 64u << 20, &m),
			 MTKFW_E_DISCONNECTED);
	close(im.fd);
}

/* One file out of an image file through the callback. */
static int cat_file(const char *img, uint64_t len, const char *path, size_t max, int fail_after,
		    uint8_t **out, size_t *n)
{
	struct mtkfw_ctx *ctx;
	assert_int_equal(mtkfw_ctx_new(&ctx), 0);
	struct img im = {open(img, O_RDONLY), 0, fail_after, 0};
	assert_true(im.fd >= 0);
	int r = mtkfw_ext4_read_file(ctx, img_read, &im, len, path, max, out, n);
	if (r == MTKFW_E_NOT_FOUND)
		assert_true(tu_errmsg_has(ctx, path));
	close(im.fd);
	mtkfw_ctx_free(ctx);
	return r;
}

/* Files by path out of ext4 (4 KiB and 1 KiB blocks), symlinks followed; errors said. */
static void ext4_files_by_path(void **state)
{
	(void)state;
	char cmd[8600], img[4200];
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p %s/root/etc && head -c 5000000 /dev/urandom > %s/root/app.apk && "
		 "printf 'ro.product.model=X\n' > %s/root/build.prop && "
		 "head -c 300000 /dev/urandom > %s/root/etc/big && ln -s ../build.prop "
		 "%s/root/etc/link && mke2fs -q -F -t ext4 -b 4096 -d %s/root %s/fs.img 32M && "
		 "mke2fs -q -F -t ext4 -b 1024 -d %s/root %s/fs1k.img 16M && "
		 "head -c 4M /dev/zero > %s/zero.img",
		 tu_dir, tu_dir, tu_dir, tu_dir, tu_dir, tu_dir, tu_dir, tu_dir, tu_dir, tu_dir);
	run(cmd);
	static const char *const imgs[] = {"fs.img", "fs1k.img"};
	for (int i = 0; i < 2; i++) {
		snprintf(img, sizeof(img), "%s/%s", tu_dir, imgs[i]);
		uint8_t *t = NULL;
		size_t n = 0;
		uint64_t len = i ? 16u << 20 : 32u << 20;
		assert_int_equal(cat_file(img, len, "/build.prop", 4096, -1, &t, &n), 0);
		assert_int_equal(n, 19);
		assert_string_equal((char *)t, "ro.product.model=X\n");
		free(t);
		assert_int_equal(cat_file(img, len, "etc/link", 4096, -1, &t, &n), 0);
		assert_int_equal(n, 19);
		free(t);
		assert_int_equal(cat_file(img, len, "/etc/big", 1u << 20, -1, &t, &n), 0);
		assert_int_equal(n, 300000);
		free(t);
		assert_int_equal(cat_file(img, len, "/etc/big", 4096, -1, &t, &n),
				 MTKFW_E_TOO_LARGE);
		assert_null(t);
		assert_int_equal(cat_file(img, len, "/none", 4096, -1, &t, &n), MTKFW_E_NOT_FOUND);
		assert_int_equal(cat_file(img, len, "/etc", 4096, -1, &t, &n), MTKFW_E_NOT_FOUND);
		/* a failing read comes back as the reader's own error */
		assert_int_equal(cat_file(img, len, "/build.prop", 4096, 2, &t, &n),
				 MTKFW_E_DISCONNECTED);
		/* an image smaller than its filesystem is not believed */
		assert_int_equal(cat_file(img, 1u << 20, "/build.prop", 4096, -1, &t, &n),
				 MTKFW_E_FORMAT);
	}
	snprintf(img, sizeof(img), "%s/zero.img", tu_dir);
	uint8_t *t = NULL;
	size_t n = 0;
	assert_int_equal(cat_file(img, 4u << 20, "/build.prop", 4096, -1, &t, &n), MTKFW_E_FORMAT);
}

/*
 * build.prop out of a package's system image, raw and sparse, in a folder and
 * in a ZIP, through the view that streams the member again as the lookup
 * goes; the view's cap holds.
 */
static void ext4_file_through_a_package_view(void **state)
{
	(void)state;
	char cmd[8600], path[4200];
	snprintf(cmd, sizeof(cmd),
		 "cd %s && mkdir -p root pkg && head -c 6000000 /dev/urandom > root/a.bin && "
		 "printf 'ro.build.version.release=4.4.2\n' > root/build.prop && "
		 "mke2fs -q -F -t ext4 -b 4096 -d root pkg/raw.img 24M && "
		 "img2simg pkg/raw.img pkg/sparse.img && cd pkg && zip -q ../pkg.zip raw.img "
		 "sparse.img",
		 tu_dir);
	run(cmd);
	static const char *const where[] = {"pkg", "pkg.zip"};
	static const char *const names[] = {"raw.img", "sparse.img"};
	for (int w = 0; w < 2; w++)
		for (int k = 0; k < 2; k++) {
			struct mtkfw_ctx *ctx;
			struct mtkfw_pkg *pkg;
			struct mtkfw_image_view *v;
			size_t idx;
			assert_int_equal(mtkfw_ctx_new(&ctx), 0);
			snprintf(path, sizeof(path), "%s/%s", tu_dir, where[w]);
			assert_int_equal(mtkfw_pkg_open(ctx, path, &pkg), 0);
			assert_int_equal(mtkfw_pkg_find(pkg, "", names[k], false, &idx), 0);
			assert_int_equal(mtkfw_image_view_open(ctx, pkg, idx, 8u << 20, &v), 0);
			assert_int_equal(mtkfw_image_view_size(v), 24u << 20);
			uint8_t *t = NULL;
			size_t n = 0;
			int r, passes = 0;
			for (;;) {
				r = mtkfw_ext4_read_file(ctx, mtkfw_image_view_read, v, 24u << 20,
							 "/build.prop", 4096, &t, &n);
				if (!mtkfw_image_view_missed(v))
					break;
				assert_int_equal(mtkfw_image_view_fetch(v), 0);
				assert_true(++passes < 12);
			}
			assert_int_equal(r, 0);
			assert_string_equal((char *)t, "ro.build.version.release=4.4.2\n");
			/* a folder's member is read in place; a ZIP's streamed in passes */
			assert_int_equal(passes > 0, w == 1);
			assert_int_equal(mtkfw_image_view_streamed(v) > 0, w == 1);
			free(t);
			mtkfw_image_view_close(v);
			/* a cap too small for the lookup is said, never passed */
			assert_int_equal(mtkfw_image_view_open(ctx, pkg, idx, 64u << 10, &v), 0);
			uint8_t sb[2048];
			if (w == 1) {
				assert_int_equal(mtkfw_image_view_read(v, 0, sb, sizeof(sb)),
						 MTKFW_E_NOT_FOUND);
				assert_int_equal(mtkfw_image_view_fetch(v), MTKFW_E_TOO_LARGE);
				assert_true(tu_errmsg_has(ctx, "more than 65536 bytes"));
			}
			assert_int_equal(mtkfw_image_view_read(v, 24u << 20, sb, 1),
					 MTKFW_E_FORMAT);
			mtkfw_image_view_close(v);
			mtkfw_pkg_close(pkg);
			mtkfw_ctx_free(ctx);
		}
}

static int count_entry(void *user, const struct mtkfw_ext4_entry *e)
{
	char *names = user;
	strcat(names, e->name);
	strcat(names, e->link ? "@" : ",");
	return 0;
}

/*
 * A local raw or sparse image read at any offset without expanding it: the
 * sparse file's index gives the same bytes as the raw file (data, fill and
 * don't-care runs), and ls/cat work on both.
 */
static void image_files_raw_and_sparse(void **state)
{
	(void)state;
	char cmd[8600], raw[4200], sparse[4200];
	snprintf(cmd, sizeof(cmd),
		 "cd %s && mkdir -p root/etc && head -c 300000 /dev/urandom > root/etc/a && "
		 "printf 'x=1\\n' > root/build.prop && ln -s etc/a root/l && "
		 "mke2fs -q -F -t ext4 -b 4096 -d root raw.img 16M && "
		 "img2simg raw.img sparse.img",
		 tu_dir);
	run(cmd);
	snprintf(raw, sizeof(raw), "%s/raw.img", tu_dir);
	snprintf(sparse, sizeof(sparse), "%s/sparse.img", tu_dir);
	struct mtkfw_image_file *r, *s;
	assert_int_equal(mtkfw_image_file_open(tu_ctx, raw, &r), 0);
	assert_int_equal(mtkfw_image_file_open(tu_ctx, sparse, &s), 0);
	assert_false(mtkfw_image_file_sparse(r));
	assert_true(mtkfw_image_file_sparse(s));
	assert_int_equal(mtkfw_image_file_size(s), 16u << 20);
	uint8_t *a = malloc(1u << 20), *b = malloc(1u << 20);
	for (uint64_t off = 0; off < (16u << 20); off += (1u << 20) - 4093) {
		size_t n = off + (1u << 20) > (16u << 20) ? (size_t)((16u << 20) - off) : 1u << 20;
		assert_int_equal(mtkfw_image_file_read(r, off, a, n), 0);
		assert_int_equal(mtkfw_image_file_read(s, off, b, n), 0);
		assert_memory_equal(a, b, n);
	}
	assert_int_equal(mtkfw_image_file_read(s, (16u << 20) - 1, b, 2), MTKFW_E_FORMAT);
	free(a);
	free(b);
	char names[256] = "";
	assert_int_equal(mtkfw_ext4_list(tu_ctx, mtkfw_image_file_read, s, 16u << 20, "/",
					 count_entry, names),
			 0);
	assert_non_null(strstr(names, "build.prop,"));
	assert_non_null(strstr(names, "etc,"));
	assert_non_null(strstr(names, "l@"));
	names[0] = 0;
	assert_int_equal(mtkfw_ext4_list(tu_ctx, mtkfw_image_file_read, s, 16u << 20, "/l",
					 count_entry, names),
			 0);
	assert_string_equal(names, "l@"); /* the link itself, not followed */
	assert_int_equal(mtkfw_ext4_list(tu_ctx, mtkfw_image_file_read, s, 16u << 20, "/none",
					 count_entry, names),
			 MTKFW_E_NOT_FOUND);
	mtkfw_image_file_close(r);
	mtkfw_image_file_close(s);
	/* a sparse file cut short is said, naming it */
	snprintf(cmd, sizeof(cmd), "head -c 100000 %s > %s/cut.img", sparse, tu_dir);
	run(cmd);
	snprintf(sparse, sizeof(sparse), "%s/cut.img", tu_dir);
	assert_int_equal(mtkfw_image_file_open(tu_ctx, sparse, &s), MTKFW_E_FORMAT);
	assert_true(tu_errmsg_has(tu_ctx, "cut.img: truncated sparse image"));
}

static void merging(void **state)
{
	(void)state;
	struct mtkfw_fsmap m = {0};
	assert_int_equal(mtkfw_fsmap_add(&m, 0, 4096), 0);
	assert_int_equal(mtkfw_fsmap_add(&m, 8192, 4096), 0); /* small gap: merged */
	assert_int_equal(mtkfw_fsmap_add(&m, 8u << 20, 4096), 0);
	assert_int_equal(mtkfw_fsmap_add(&m, 8u << 20, 0), 0);
	assert_int_equal(m.n, 2);
	assert_int_equal(m.ext[0].length, 12288);
	assert_int_equal(m.used, 12288 + 4096);
	mtkfw_fsmap_free(&m);
	assert_null(m.ext);
}

/* Clipping keeps exactly the parts inside the spans, never merging across a gap between them. */
static void clipping(void **state)
{
	(void)state;
	struct mtkfw_fsmap a = {0}, out;
	assert_int_equal(mtkfw_fsmap_add(&a, 0, 3u << 20), 0);	   /* [0, 3M) */
	assert_int_equal(mtkfw_fsmap_add(&a, 10u << 20, 4096), 0); /* [10M, 10M+4K) */
	const struct mtkfw_span within[] = {
		{4096, 8192},		   /* inside the first extent */
		{(2u << 20), 2u << 20},	   /* [2M, 4M): its tail */
		{(10u << 20) - 512, 1024}, /* the second extent's head */
		{(20u << 20), 1u << 20},   /* nothing there */
	};
	assert_int_equal(mtkfw_fsmap_clip(&a, within, 4, &out), 0);
	assert_int_equal(out.n, 3);
	assert_int_equal(out.ext[0].offset, 4096);
	assert_int_equal(out.ext[0].length, 8192);
	assert_int_equal(out.ext[1].offset, 2u << 20);
	assert_int_equal(out.ext[1].length, 1u << 20);
	assert_int_equal(out.ext[2].offset, 10u << 20);
	assert_int_equal(out.ext[2].length, 512);
	assert_int_equal(out.used, 8192 + (1u << 20) + 512);
	mtkfw_fsmap_free(&out);
	assert_int_equal(mtkfw_fsmap_clip(&a, within, 0, &out), 0); /* nothing within */
	assert_int_equal(out.n, 0);
	mtkfw_fsmap_free(&out);
	mtkfw_fsmap_free(&a);
}

/* Union merges as mtkfw_fsmap_add does; minus keeps exactly what the other does not cover. */
static void union_and_minus(void **state)
{
	(void)state;
	struct mtkfw_fsmap a = {0}, b = {0}, out;
	assert_int_equal(mtkfw_fsmap_append(&a, 0, 4096), 0);
	assert_int_equal(mtkfw_fsmap_append(&a, 8192, 4096), 0);  /* a gap: kept apart */
	assert_int_equal(mtkfw_fsmap_append(&a, 12288, 4096), 0); /* touching: joined */
	assert_int_equal(mtkfw_fsmap_append(&a, 10u << 20, 2u << 20), 0);
	assert_int_equal(a.n, 3);
	assert_int_equal(a.ext[1].length, 8192);
	assert_int_equal(mtkfw_fsmap_append(&b, 4096, 1024), 0);
	assert_int_equal(mtkfw_fsmap_append(&b, 11u << 20, 4096), 0);
	assert_int_equal(mtkfw_fsmap_append(&b, 20u << 20, 4096), 0);

	assert_int_equal(mtkfw_fsmap_union(&a, &b, &out), 0);
	assert_int_equal(out.n, 3); /* [0, 16K) joined across small gaps, [10M, 12M), [20M, +4K) */
	assert_int_equal(out.ext[0].offset, 0);
	assert_int_equal(out.ext[0].length, 16384);
	assert_int_equal(out.ext[1].offset, 10u << 20);
	assert_int_equal(out.ext[1].length, 2u << 20);
	assert_int_equal(out.ext[2].offset, 20u << 20);
	assert_int_equal(out.used, 16384 + (2u << 20) + 4096);
	mtkfw_fsmap_free(&out);

	assert_int_equal(mtkfw_fsmap_minus(&a, &b, &out), 0);
	assert_int_equal(out.n, 4); /* [0, 4K), [8K, 16K), [10M, 11M), [11M+4K, 12M) */
	assert_int_equal(out.ext[0].length, 4096);
	assert_int_equal(out.ext[1].offset, 8192);
	assert_int_equal(out.ext[2].offset, 10u << 20);
	assert_int_equal(out.ext[2].length, 1u << 20);
	assert_int_equal(out.ext[3].offset, (11u << 20) + 4096);
	assert_int_equal(out.ext[3].length, (1u << 20) - 4096);
	assert_int_equal(out.used, a.used - 4096);
	mtkfw_fsmap_free(&out);
	assert_int_equal(mtkfw_fsmap_minus(&b, &a, &out), 0); /* b's [4K, 5K) lies in a's gap */
	assert_int_equal(out.n, 2);
	assert_int_equal(out.ext[0].offset, 4096);
	assert_int_equal(out.ext[1].offset, 20u << 20);
	mtkfw_fsmap_free(&out);
	struct mtkfw_fsmap none = {0};
	assert_int_equal(mtkfw_fsmap_minus(&a, &none, &out), 0);
	assert_int_equal(out.used, a.used);
	mtkfw_fsmap_free(&out);
	assert_int_equal(mtkfw_fsmap_minus(&none, &a, &out), 0);
	assert_int_equal(out.n, 0);
	mtkfw_fsmap_free(&out);
	mtkfw_fsmap_free(&a);
	mtkfw_fsmap_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(ext4_with_files, tu_setup, tu_teardown),
		cmocka_unit_test_setup_teardown(fat32_clusters, tu_setup, tu_teardown),
		cmocka_unit_test_setup_teardown(fat16_clusters, tu_setup, tu_teardown),
		cmocka_unit_test_setup_teardown(doubtful_is_no_map, tu_setup, tu_teardown),
		cmocka_unit_test(merging),
		cmocka_unit_test(clipping),
		cmocka_unit_test(union_and_minus),
		cmocka_unit_test_setup_teardown(ext4_files_by_path, tu_setup, tu_teardown),
		cmocka_unit_test_setup_teardown(ext4_file_through_a_package_view, tu_setup,
						tu_teardown),
		cmocka_unit_test_setup_teardown(image_files_raw_and_sparse, tu_setup, tu_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
