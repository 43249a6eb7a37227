/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The board profile of a connected phone (docs/board.md): the same images a
 * package's profile reads, read from the phone through the DA, each only as
 * far as its own header says it goes (an MTK image's payload, a boot image's
 * kernel and ramdisk), never its whole partition. Read-only: any layout
 * verdict will do, the partition names come from it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devread.h"
#include "internal.h"
#include "mtkfw/board.h"
#include "mtkfw/emmc.h"
#include "mtkfw/ext4.h"
#include "mtkfw/layout.h"
#include "mtkfw/session.h"

#define HEAD	     2048u
#define BOOT1_HEAD   (512u * 1024) /* the preloader behind its EMMC_BOOT header */
#define IMAGE_MAX    (32u << 20)
#define MTK_HDR_SIZE 512u
#define PROP_MAX     (256u * 1024) /* a build.prop bigger than this is not read */

struct phone {
	struct mtkfw_session *s;
	struct mtkfw_board *b;
	uint64_t read;
};

static int read_into(struct phone *p, const struct mtkfw_range *r, uint8_t *buf)
{
	int rc = mtkfw_read_mem(p->s, r, buf);
	if (!rc)
		p->read += r->length;
	return rc;
}

/* How far an image goes from its first bytes: an MTK image's payload, a boot image's sections. */
static uint64_t image_end(const uint8_t *h, uint64_t part_len)
{
	uint64_t end = part_len, koff, roff;
	struct mtkfw_mtkhdr_info mtk;
	struct mtkfw_image_info im = {0};
	if (!mtkfw_mtkhdr_parse(h, HEAD, &mtk))
		end = (uint64_t)mtk.payload + MTK_HDR_SIZE;
	if (!mtkfw_image_identify(h, HEAD, 0, &im) && im.kind == MTKFW_IMG_BOOT &&
	    !mtkfw_boot_sections(&im.boot, &koff, &roff, &end))
		end = part_len;
	mtkfw_image_info_clear(&im);
	end = end < part_len ? end : part_len;
	return end < IMAGE_MAX ? end : IMAGE_MAX;
}

/* One partition of the phone (the first of names the layout has) into the profile. */
static int add_partition(struct phone *p, const struct mtkfw_layout *l, const char *const names[2],
			 enum mtkfw_board_image what)
{
	struct mtkfw_range r = {0};
	const char *name = NULL;
	for (int i = 0; i < 2 && names[i] && !name; i++)
		if (!mtkfw_layout_range(NULL, l, names[i], &r) && r.length >= HEAD)
			name = names[i];
	if (!name) {
		char line[96];
		snprintf(line, sizeof(line), "%s: the phone's layout has no such partition",
			 names[0]);
		return mtkfw_names_add(&p->b->unread, line);
	}
	uint8_t head[HEAD], *buf = NULL;
	struct mtkfw_range h = {r.part, r.offset, HEAD};
	int rc = read_into(p, &h, head);
	uint64_t end = rc ? 0 : image_end(head, r.length);
	end = end > HEAD ? end : HEAD;
	struct mtkfw_range rest = {r.part, r.offset + HEAD, end - HEAD};
	if (!rc && !(buf = malloc((size_t)end)))
		rc = MTKFW_E_NO_MEM;
	if (!rc)
		memcpy(buf, head, HEAD);
	if (!rc && rest.length)
		rc = read_into(p, &rest, buf + HEAD);
	if (!rc)
		rc = mtkfw_board_add_image(p->b, what, name, buf, (size_t)end);
	free(buf);
	return rc;
}

/*
 * build.prop out of the phone's system partition: libext2fs reads through
 * windows of the partition, only the blocks its lookup needs. A partition
 * without a readable ext4 or build.prop is said in unread.
 */
static int add_build_prop(struct phone *p, const struct mtkfw_layout *l)
{
	static const char *const names[] = {"ANDROID", "SYSTEM"};
	struct mtkfw_range r = {0};
	const char *name = NULL;
	for (size_t i = 0; i < 2 && !name; i++)
		if (!mtkfw_layout_range(NULL, l, names[i], &r) && r.length)
			name = names[i];
	if (!name)
		return mtkfw_names_add(&p->b->unread,
				       "build.prop: the phone's layout has no system partition");
	struct mtkfw_ctx *ctx = mtkfw_session_ctx(p->s);
	struct devread d = {.s = p->s, .r = r};
	uint8_t *text = NULL;
	size_t len = 0;
	int rc = mtkfw_ext4_read_file(ctx, devread_at, &d, r.length, "/build.prop", PROP_MAX, &text,
				      &len);
	p->read += d.read;
	devread_release(&d);
	char line[160];
	if (rc == MTKFW_E_FORMAT || rc == MTKFW_E_NOT_FOUND || rc == MTKFW_E_TOO_LARGE ||
	    rc == MTKFW_E_UNSUPPORTED) { /* unsupported: a build without libext2fs */
		snprintf(line, sizeof(line), "%s: %s", name, mtkfw_ctx_errmsg(ctx));
		return mtkfw_names_add(&p->b->unread, line);
	}
	if (!rc)
		rc = mtkfw_board_add_image(p->b, MTKFW_BOARD_BUILD_PROP, name, text, len);
	free(text);
	return rc;
}

int mtkfw_board_from_phone(struct mtkfw_session *s, const struct mtkfw_layout *l,
			   struct mtkfw_board *out, uint64_t *read_bytes)
{
	static const char *const lk[2] = {"UBOOT", "LK"}, *const logo[2] = {"LOGO", NULL},
				 *const boot[2] = {"BOOTIMG", "BOOT"};
	struct phone p = {s, out, 0};
	const struct mtkfw_brom_info *bi = mtkfw_session_brom(s);
	uint64_t boot1 = mtkfw_session_flash(s)->boot1;
	memset(out, 0, sizeof(*out));
	snprintf(out->chip, sizeof(out->chip), "%s", bi->chip ? bi->chip->name : "");
	struct mtkfw_range pl = {MTKFW_PART_BOOT1, 0, boot1 < BOOT1_HEAD ? boot1 : BOOT1_HEAD};
	uint8_t *buf = pl.length ? malloc((size_t)pl.length) : NULL;
	int rc = pl.length && !buf ? MTKFW_E_NO_MEM : 0;
	if (buf && !(rc = read_into(&p, &pl, buf)))
		rc = mtkfw_board_add_image(out, MTKFW_BOARD_PRELOADER, "boot1", buf,
					   (size_t)pl.length);
	free(buf);
	if (!rc)
		rc = add_partition(&p, l, lk, MTKFW_BOARD_LK);
	if (!rc)
		rc = add_partition(&p, l, logo, MTKFW_BOARD_LOGO);
	if (!rc)
		rc = add_partition(&p, l, boot, MTKFW_BOARD_BOOT);
	if (!rc)
		rc = add_build_prop(&p, l);
	*read_bytes = p.read;
	if (rc) {
		mtkfw_board_free(out);
		return rc == MTKFW_E_NO_MEM ? mtkfw_fail(mtkfw_session_ctx(s), rc, "out of memory")
					    : mtkfw_fail_prefix(mtkfw_session_ctx(s),
								"reading the board's images");
	}
	return 0;
}
