/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A package from a working phone: its layout as a scatter, and
 * each partition read back and trimmed to the image it holds (see dump.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "store.h"
#include "pkgmake.h"
#include "mtkfw/check.h"
#include "mtkfw/fsmap.h"
#include "mtkfw/dump.h"
#include "mtkfw/layout.h"

#define HEAD_BYTES (64u << 10) /* what identifies an image */
#define PL_MAX	   (1u << 20)  /* a preloader file is far smaller */
#define TRIM_UNIT  512u	       /* images end on a sector */

/* ---- the layout ---- */

struct membuf {
	uint8_t *buf;
	size_t len, cap;
};

static int read_head(struct mtkfw_session *s, const struct mtkfw_range *r, size_t len,
		     struct membuf *m);

/* The project name stored in the preloader in boot1 ("preloader_<project>.bin"), if any. */
static void preloader_project(struct mtkfw_session *s, struct mtkfw_device_scatter *l)
{
	struct mtkfw_range boot = {MTKFW_PART_BOOT1, 0, mtkfw_session_flash(s)->boot1};
	struct membuf m = {0};
	struct mtkfw_image_info info = {0};
	if (!read_head(s, &boot, boot.length < PL_MAX ? (size_t)boot.length : PL_MAX, &m) &&
	    !mtkfw_preloader_parse(m.buf, m.len, &info) && *info.preloader.project) {
		const char *pr = info.preloader.project;
		if (!strncasecmp(pr, "preloader_", 10))
			pr += 10;
		snprintf(l->project, sizeof(l->project), "%.*s", (int)strcspn(pr, "."), pr);
	}
	mtkfw_image_info_clear(&info);
	free(m.buf);
}

/* Scatter file name for a partition, by SP Flash Tool's conventions. */
static void file_name(struct mtkfw_device_row *p, const char *project)
{
	const char *f = mtkfw_scatter_default_file(p->name);
	if (mtkfw_strieq(p->name, "PRELOADER"))
		snprintf(p->file, sizeof(p->file), "preloader_%s.bin", project);
	else if (f && !strchr(f, '*'))
		snprintf(p->file, sizeof(p->file), "%s", f);
	else {
		size_t i = 0;
		for (; p->name[i] && i + 5 < sizeof(p->file); i++)
			p->file[i] =
				(char)((p->name[i] >= 'A' && p->name[i] <= 'Z') ? p->name[i] + 32
										: p->name[i]);
		snprintf(p->file + i, sizeof(p->file) - i, ".img");
	}
}

/* Scatter operation_type, as ptgen writes it for MT6572. */
static const char *operation(const struct mtkfw_device_row *p)
{
	if (mtkfw_strieq(p->name, "PRELOADER"))
		return "BOOTLOADERS";
	if (mtkfw_strieq(p->name, "NVRAM"))
		return "BINREGION";
	if (p->identity && !mtkfw_strieq(p->name, "SECCFG"))
		return "PROTECTED";
	if (p->reserved)
		return "RESERVED";
	return p->download ? "UPDATE" : "INVISIBLE";
}

/* Is a partition part of a firmware package (an image SP Flash Tool knows)? */
static bool firmware(const char *name)
{
	return mtkfw_scatter_default_file(name) && !mtkfw_strieq(name, "FAT");
}

/* The scatter type ptgen gives a row on MT6572 (ext4 rows are called YAFFS_IMG there). */
static const char *row_type(const char *name)
{
	if (mtkfw_strieq(name, "PRELOADER"))
		return "SV5_BL_BIN";
	if (mtkfw_strieq(name, "ANDROID") || mtkfw_strieq(name, "CACHE") ||
	    mtkfw_strieq(name, "USRDATA"))
		return "YAFFS_IMG";
	return "NORMAL_ROM";
}

/* A reserved row's 0xFFFFnnnn address for back bytes from the end; false if none fits. */
static bool tail_address(uint64_t back, uint64_t *linear)
{
	if (!back || back % MTKFW_SCATTER_FROM_END_UNIT ||
	    back / MTKFW_SCATTER_FROM_END_UNIT > 0xFFFF)
		return false;
	*linear = 0xFFFF0000u | (back / MTKFW_SCATTER_FROM_END_UNIT);
	return true;
}

/* Where a row sorts: by linear address, the reserved tail after all, in its own order. */
static uint64_t row_key(const struct mtkfw_device_row *p)
{
	return p->reserved ? (UINT64_C(1) << 62) + p->range.offset : p->linear;
}

/* The rows of the phone's layout, in address order (reserved-tail rows last). */
static void add_layout_rows(const struct mtkfw_layout *lay, bool with_identity,
			    struct mtkfw_device_scatter *l)
{
	for (size_t i = 0; i < lay->n_parts && l->n < MTKFW_DEVICE_ROWS_MAX - 1; i++) {
		const struct mtkfw_claim *e = &lay->parts[i];
		struct mtkfw_device_row *p = &l->p[l->n];
		memset(p, 0, sizeof(*p));
		if (mtkfw_layout_range(NULL, lay, e->name, &p->range))
			continue;
		for (size_t k = 0; e->name[k] && k + 1 < sizeof(p->name); k++) /* ptgen's case */
			p->name[k] = (char)(e->name[k] >= 'a' && e->name[k] <= 'z' ? e->name[k] - 32
										   : e->name[k]);
		p->reserved = e->reserved && p->range.part == MTKFW_PART_USER &&
			      tail_address(lay->user_size - p->range.offset, &p->linear);
		if (!p->reserved)
			p->linear = e->linear;
		p->size = e->r.length;
		p->identity = mtkfw_is_identity_partition(p->name);
		p->download = p->identity ? with_identity : firmware(p->name);
		p->type = p->download ? row_type(p->name) : NULL;
		l->n++;
	}
	for (size_t i = 1; i < l->n; i++) /* insertion sort by address */
		for (size_t j = i; j > 0 && row_key(&l->p[j - 1]) > row_key(&l->p[j]); j--) {
			struct mtkfw_device_row t = l->p[j];
			l->p[j] = l->p[j - 1];
			l->p[j - 1] = t;
		}
}

/* The space after the last PMT partition: ptgen's BMTPOOL row, counted from the end. */
static void add_reserved_tail(struct mtkfw_session *s, struct mtkfw_device_scatter *l)
{
	uint64_t user = mtkfw_session_flash(s)->user, end = 0;
	for (size_t i = 0; i < l->n; i++)
		if (l->p[i].range.part == MTKFW_PART_USER &&
		    l->p[i].range.offset + l->p[i].range.length > end)
			end = l->p[i].range.offset + l->p[i].range.length;
	uint64_t tail = user > end ? user - end : 0, linear;
	if (!tail_address(tail, &linear) || l->n >= MTKFW_DEVICE_ROWS_MAX)
		return;
	struct mtkfw_device_row *p = &l->p[l->n++];
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "BMTPOOL");
	p->reserved = true;
	p->linear = linear;
	p->range = (struct mtkfw_range){MTKFW_PART_USER, end, tail};
	p->size = tail;
}

int mtkfw_device_scatter_build(struct mtkfw_session *s, const struct mtkfw_layout *l,
			       bool with_identity, struct mtkfw_device_scatter *out)
{
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(s);
	const struct mtkfw_chip *chip = mtkfw_session_brom(s)->chip;
	memset(out, 0, sizeof(*out));
	snprintf(out->platform, sizeof(out->platform), "%s", chip ? chip->name : "MT6572");
	snprintf(out->project, sizeof(out->project), "mtkfw_dump");
	if (!mtkfw_layout_trusted(l))
		return mtkfw_fail(ctx, MTKFW_E_IDENTITY,
				  "the phone's layout cannot be trusted, so no scatter is written "
				  "from it: %s",
				  l->why);
	add_layout_rows(l, with_identity, out);
	add_reserved_tail(s, out);
	preloader_project(s, out);
	for (size_t i = 0; i < out->n; i++) {
		struct mtkfw_device_row *p = &out->p[i];
		if (p->download)
			file_name(p, out->project);
		p->operation = operation(p);
	}
	return 0;
}

int mtkfw_device_scatter_text(const struct mtkfw_device_scatter *l, char **out)
{
	struct mtkfw_scatter_part *rows = calloc(l->n + 1, sizeof(*rows));
	if (!rows)
		return MTKFW_E_NO_MEM;
	uint64_t base = 0;
	for (size_t i = 0; i < l->n && !base; i++)
		if (l->p[i].range.part == MTKFW_PART_USER && !l->p[i].reserved)
			base = l->p[i].linear - l->p[i].range.offset;
	for (size_t i = 0; i < l->n; i++) {
		const struct mtkfw_device_row *p = &l->p[i];
		struct mtkfw_scatter_part *r = &rows[i];
		bool boot = p->range.part == MTKFW_PART_BOOT1;
		r->index = (int)i;
		r->name = p->name;
		r->download = p->download && *p->file;
		r->file = *p->file ? p->file : NULL;
		r->type = r->download ? p->type : NULL;
		r->start = p->linear;
		r->from_end = p->reserved;
		r->has_size = true;
		r->size = p->size;
		r->region = boot ? "EMMC_BOOT_1" : "EMMC_USER";
		r->operation = p->operation;
		r->has_physical = true;
		r->physical_start = boot || p->reserved ? 0 : p->linear - base;
		r->boundary_check = r->is_reserved = r->is_upgradable = MTKFW_UNSET;
		r->empty_boot_needed = MTKFW_UNSET;
	}
	int rc = mtkfw_scatter_write_v11(rows, l->n, l->platform, l->project, "EMMC", out);
	free(rows);
	return rc;
}

/* ---- the dump ---- */

/* Read [offset, offset+len) of an area into a new buffer. */
static int read_head(struct mtkfw_session *s, const struct mtkfw_range *r, size_t len,
		     struct membuf *m)
{
	struct mtkfw_range head = {r->part, r->offset, len};
	m->len = 0;
	m->cap = len;
	m->buf = malloc(len ? len : 1);
	if (!m->buf)
		return MTKFW_E_NO_MEM;
	int rc = len ? mtkfw_read_mem(s, &head, m->buf) : 0;
	m->len = rc ? 0 : len;
	return rc;
}

/* Bytes an image occupies, from its header; 0 when its header does not say. */
static uint64_t image_length(const struct mtkfw_image_info *info)
{
	const struct mtkfw_boot_info *b = &info->boot;
	uint64_t pg = b->page_size;
	switch (info->kind) {
	case MTKFW_IMG_MTK:
	case MTKFW_IMG_LOGO:
		return 512u + (uint64_t)info->mtk.payload;
	case MTKFW_IMG_BOOT:
		if (!pg)
			return 0;
		return pg * (1 + ((uint64_t)b->kernel_size + pg - 1) / pg +
			     ((uint64_t)b->ramdisk_size + pg - 1) / pg +
			     ((uint64_t)b->second_size + pg - 1) / pg);
	case MTKFW_IMG_EXT4:
		return info->ext4.blocks * info->ext4.block_size;
	case MTKFW_IMG_MBR:
		return 512;
	default:
		return 0;
	}
}

/* Remember where the last data run ends (store_file_runs: holes are skipped). */
static int last_data(void *user, uint64_t off, uint64_t len, bool data)
{
	if (data)
		*(uint64_t *)user = off + len;
	return 0;
}

/* Length of a file without its trailing zeros, rounded up to a sector. */
static int data_end(const char *path, uint64_t *end)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	off_t size = lseek(fd, 0, SEEK_END);
	uint64_t last = 0;
	store_file_runs(fd, size > 0 ? (uint64_t)size : 0, last_data, &last);
	uint8_t buf[4096];
	while (last > 0) {
		size_t k = last % 4096 ? (size_t)(last % 4096) : 4096;
		if (pread(fd, buf, k, (off_t)(last - k)) != (ssize_t)k)
			break;
		while (k && !buf[k - 1])
			k--, last--;
		if (k)
			break;
	}
	close(fd);
	*end = (last + TRIM_UNIT - 1) / TRIM_UNIT * TRIM_UNIT;
	return 0;
}

struct dumper {
	struct mtkfw_session *s;
	struct mtkfw_ctx *ctx;
	const struct mtkfw_dump_opts *o;
	char dir[4096];
};

static void path_of(const struct dumper *d, const char *file, char *out, size_t n)
{
	snprintf(out, n, "%s/%s", d->dir, file);
}

/* The preloader out of boot1: the GFH file behind the EMMC_BOOT header. */
static int dump_preloader(struct dumper *d, struct mtkfw_device_row *p)
{
	struct membuf m = {0};
	struct mtkfw_image_info info = {0};
	size_t len = p->range.length < PL_MAX ? (size_t)p->range.length : PL_MAX;
	int r = read_head(d->s, &p->range, len, &m);
	if (!r && mtkfw_preloader_parse(m.buf, m.len, &info))
		r = mtkfw_fail(d->ctx, MTKFW_E_FORMAT,
			       "boot1 holds no preloader (no GFH chain in its first %zu bytes): "
			       "the phone's bootloader is damaged; dump-package needs a working "
			       "phone",
			       m.len);
	uint64_t off = 0, n = 0;
	if (!r && mtkfw_preloader_span(&info.preloader, m.len, &off, &n))
		r = mtkfw_fail(d->ctx, MTKFW_E_FORMAT,
			       "the preloader in boot1 says it is %llu bytes at 0x%llx, which "
			       "does not fit the %zu bytes read",
			       (unsigned long long)n, (unsigned long long)off, m.len);
	char path[4300];
	path_of(d, p->file, path, sizeof(path));
	int err = r ? 0 : mtkfw_write_file_atomic(path, m.buf + off, (size_t)n);
	if (err)
		r = mtkfw_fail(d->ctx, MTKFW_E_IO, "cannot write %s: %s", path,
			       mtkfw_errno_text(-err));
	p->kind = MTKFW_IMG_PRELOADER;
	p->type = "SV5_BL_BIN";
	p->image_bytes = r ? 0 : n;
	p->read_bytes = m.len;
	mtkfw_image_info_clear(&info);
	free(m.buf);
	return r;
}

/* Identify a partition's content from its first bytes. */
static int probe_part(struct dumper *d, struct mtkfw_device_row *p, uint64_t *len)
{
	struct membuf m = {0};
	struct mtkfw_image_info info = {0};
	size_t n = p->range.length < HEAD_BYTES ? (size_t)p->range.length : HEAD_BYTES;
	int r = read_head(d->s, &p->range, n, &m);
	if (!r)
		r = mtkfw_image_identify(m.buf, m.len, 0, &info);
	p->kind = info.kind;
	*len = r ? 0 : image_length(&info);
	if (*len > p->range.length)
		*len = p->range.length;
	mtkfw_image_info_clear(&info);
	free(m.buf);
	return r;
}

/*
 * Read an ext4 partition into raw: only the blocks its filesystem uses (the rest stays a hole,
 * zeros no filesystem looks at), or all of it when the map cannot be made.
 */
static int read_ext4(struct dumper *d, const struct mtkfw_device_row *p,
		     const struct mtkfw_range *rg, const char *raw,
		     struct mtkfw_readback_result *res)
{
	struct mtkfw_fsmap m = {0};
	int r = mtkfw_partition_used_spans(d->s, rg, p->name, &m);
	if (r == MTKFW_E_FORMAT)
		return mtkfw_readback_file(d->s, rg, raw, d->o->progress, d->o->user, res);
	if (!r)
		r = mtkfw_readback_file_extents(d->s, rg, m.ext, m.n, raw, d->o->progress,
						d->o->user, res);
	mtkfw_fsmap_free(&m);
	return r;
}

/* One partition: read it back trimmed, ext4 made sparse (its free space never read), empty ones
 * left out. */
static int dump_part(struct dumper *d, struct mtkfw_device_row *p)
{
	uint64_t len = 0;
	char path[4300], raw[4400];
	int r = probe_part(d, p, &len);
	bool trim = !len;
	struct mtkfw_range rg = {p->range.part, p->range.offset, len ? len : p->range.length};
	path_of(d, p->file, path, sizeof(path));
	snprintf(raw, sizeof(raw), "%s.raw", path);
	bool ext4 = p->kind == MTKFW_IMG_EXT4;
	if (ext4)
		p->type = "YAFFS_IMG"; /* what MT6572 scatters call ext4 rows */
	struct mtkfw_readback_result res = {0};
	if (!r && rg.length)
		r = ext4 ? read_ext4(d, p, &rg, raw, &res)
			 : mtkfw_readback_file(d->s, &rg, path, d->o->progress, d->o->user, &res);
	p->read_bytes = res.bytes - res.skipped_bytes;
	if (!r && ext4) {
		r = mtkfw_sparse_write_from_raw(d->ctx, raw, path);
		if (r == MTKFW_E_UNSUPPORTED) /* no android-libsparse (Windows): the raw image */
			r = rename(raw, path)
				    ? mtkfw_fail(d->ctx, MTKFW_E_IO, "cannot rename %s: %s", raw,
						 mtkfw_errno_text(errno))
				    : 0;
		unlink(raw);
	}
	uint64_t end = rg.length;
	if (!r && trim && !data_end(path, &end) && truncate(path, (off_t)end))
		r = mtkfw_fail(d->ctx, MTKFW_E_IO, "cannot trim %s: %s", path,
			       mtkfw_errno_text(errno));
	struct stat st;
	if (!r && (!rg.length || (trim && !end))) { /* nothing but zeros: nothing to flash */
		unlink(path);
		p->file[0] = 0;
		p->download = false;
		p->operation = "INVISIBLE";
	} else if (!r && !stat(path, &st)) {
		p->image_bytes = (uint64_t)st.st_size;
	}
	return r;
}

static int write_scatter(struct dumper *d, const struct mtkfw_device_scatter *l)
{
	char *text = NULL, name[128], path[4300];
	int r = mtkfw_device_scatter_text(l, &text);
	snprintf(name, sizeof(name), "%s_Android_scatter.txt", l->platform);
	path_of(d, name, path, sizeof(path));
	int err = r ? 0 : mtkfw_write_file_atomic(path, text, strlen(text));
	free(text);
	if (r || err)
		return mtkfw_fail(d->ctx, r ? r : MTKFW_E_IO, "cannot write %s: %s", path,
				  r ? "out of memory" : mtkfw_errno_text(-err));
	return 0;
}

int mtkfw_dump_package(struct mtkfw_session *s, const struct mtkfw_layout *l, const char *dir,
		       const struct mtkfw_dump_opts *o, struct mtkfw_device_scatter *out)
{
	struct dumper d = {.s = s, .ctx = mtkfw_session_ctx(s), .o = o};
	struct stat st;
	if (!stat(dir, &st))
		return mtkfw_fail(d.ctx, MTKFW_E_INVALID_PARAM,
				  "%s already exists: give a new folder name (nothing is "
				  "overwritten)",
				  dir);
	int r = mtkfw_device_scatter_build(s, l, o->with_identity, out);
	snprintf(d.dir, sizeof(d.dir), "%s.incomplete", dir);
	if (!r && mkdir(d.dir, 0755) && errno != EEXIST)
		r = mtkfw_fail(d.ctx, MTKFW_E_IO, "cannot create %s: %s", d.dir,
			       mtkfw_errno_text(errno));
	mtkfw_set_step(d.ctx, "dump");
	for (size_t i = 0; !r && i < out->n; i++) {
		struct mtkfw_device_row *p = &out->p[i];
		if (!p->download)
			continue;
		if (o->on_part)
			o->on_part(o->user, p);
		r = p->range.part == MTKFW_PART_BOOT1 ? dump_preloader(&d, p) : dump_part(&d, p);
	}
	if (!r)
		r = write_scatter(&d, out);
	if (!r)
		r = pkgmake_finish(d.ctx, d.dir);
	if (!r && rename(d.dir, dir))
		r = mtkfw_fail(d.ctx, MTKFW_E_IO, "cannot rename %s to %s: %s", d.dir, dir,
			       mtkfw_errno_text(errno));
	return r; /* on failure dir.incomplete stays, visibly incomplete */
}
