/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Preloader: the GFH record chain, FILE_INFO, and the MTK_BLOADER_INFO EMI
 * table at the end of the code (docs/formats.md, "Preloader"). A boot1 dump starts with an
 * EMMC_BOOT header whose BRLYT block points at the GFH image.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "img_priv.h"

#define GFH_HDR		   8
#define GFH_FILE_INFO_SIZE 0x38
#define GFH_MAX_RECORDS	   32
#define BLOADER_PREFIX	   "MTK_BLOADER_INFO_v"
#define BLOADER_HDR	   0x70 /* version(27) name(61) "V116" magic u32 u32 "MTK_BIN\0" count */

static bool is_gfh(const uint8_t *p, size_t len)
{
	return len >= GFH_HDR && p[0] == 'M' && p[1] == 'M' && p[2] == 'M';
}

/* Find the GFH image behind an EMMC_BOOT / BRLYT header; 0 or MTKFW_E_FORMAT. */
static int locate_behind_emmc_boot(const uint8_t *buf, size_t len, uint32_t *gfh_off)
{
	if (len < 0x20)
		return MTKFW_E_FORMAT;
	uint32_t brlyt = get_le32(buf + 0x10);
	if (brlyt > len - 0x14 || memcmp(buf + brlyt, "BRLYT", 5))
		return MTKFW_E_FORMAT;
	uint32_t off = get_le32(buf + brlyt + 0xC);
	if (off >= len || !is_gfh(buf + off, len - off))
		return MTKFW_E_FORMAT;
	*gfh_off = off;
	return 0;
}

/* Read FILE_INFO (the first GFH record) at p. */
static int read_file_info(const uint8_t *p, size_t len, struct mtkfw_gfh_file_info *fi)
{
	if (len < GFH_FILE_INFO_SIZE || get_le16(p + 6) != 0 ||
	    get_le16(p + 4) < GFH_FILE_INFO_SIZE || memcmp(p + 8, "FILE_INFO", 9))
		return MTKFW_E_FORMAT;
	fi->file_ver = get_le32(p + 0x14);
	fi->file_type = get_le16(p + 0x18);
	fi->flash_dev = p[0x1A];
	fi->sig_type = p[0x1B];
	fi->load_addr = get_le32(p + 0x1C);
	fi->file_len = get_le32(p + 0x20);
	fi->max_size = get_le32(p + 0x24);
	fi->content_offset = get_le32(p + 0x28);
	fi->sig_len = get_le32(p + 0x2C);
	fi->jump_offset = get_le32(p + 0x30);
	fi->attr = get_le32(p + 0x34);
	return 0;
}

/* Walk the GFH records up to content_offset; count them, report a broken chain. */
static void walk_chain(const uint8_t *p, size_t len, struct mtkfw_image_info *info)
{
	struct mtkfw_preloader_info *pl = &info->preloader;
	uint32_t end = pl->fi.content_offset;
	size_t off = 0;
	if (end > len)
		end = (uint32_t)len;
	while (off + GFH_HDR <= end && is_gfh(p + off, end - off)) {
		uint16_t size = get_le16(p + off + 4);
		if (size < GFH_HDR || off + size > end || ++pl->n_gfh > GFH_MAX_RECORDS) {
			img_problem(
				info, MTKFW_SEV_ERROR, "preloader-invalid",
				"GFH record %u at 0x%zx has size 0x%x, which runs past the code "
				"start 0x%x: the preloader is damaged",
				pl->n_gfh, off, size, end);
			return;
		}
		off += size;
	}
	if (off != end)
		img_problem(info, MTKFW_SEV_ERROR, "preloader-invalid",
			    "GFH chain ends at 0x%zx but FILE_INFO says the code starts at 0x%x: "
			    "the preloader is damaged",
			    off, end);
}

/* Check FILE_INFO's sizes against each other and the bytes present. */
static void check_sizes(size_t avail, bool dump, struct mtkfw_image_info *info)
{
	const struct mtkfw_gfh_file_info *fi = &info->preloader.fi;
	if (fi->file_type != 1)
		img_problem(info, MTKFW_SEV_ERROR, "preloader-invalid",
			    "GFH file type is %u, a preloader (ARM_BL) is 1", fi->file_type);
	if (dump ? fi->file_len > avail : fi->file_len != avail)
		img_problem(info, MTKFW_SEV_ERROR, "preloader-invalid",
			    "FILE_INFO says the preloader is %u bytes but %zu are present: "
			    "the file is truncated or padded",
			    fi->file_len, avail);
	if (fi->max_size && fi->max_size != 0xFFFFFFFFu && fi->file_len > fi->max_size)
		img_problem(info, MTKFW_SEV_ERROR, "preloader-invalid",
			    "preloader is %u bytes, more than its max_size %u", fi->file_len,
			    fi->max_size);
	if (fi->content_offset >= fi->file_len || fi->sig_len > fi->file_len - fi->content_offset)
		img_problem(info, MTKFW_SEV_ERROR, "preloader-invalid",
			    "FILE_INFO code offset 0x%x / signature length 0x%x do not fit in %u "
			    "bytes",
			    fi->content_offset, fi->sig_len, fi->file_len);
}

void mtkfw_emi_record_decode(const uint8_t *r, struct mtkfw_emi_record *e)
{
	e->type = get_le32(r);
	memcpy(e->id, r + 4, 16);
	e->id_len = get_le32(r + 0x14);
	e->freq_mhz = get_le32(r + 0x18);
	for (int i = 0; i < 4; i++)
		e->rank_size[i] = get_le32(r + 0x90 + 4 * i);
	memcpy(e->raw, r, MTKFW_EMI_RECORD_SIZE);
}

/* Find the blob start: first where mtkclient looks (length word), then by search. */
static const uint8_t *find_bloader(const uint8_t *p, size_t code_end, size_t *blob_len)
{
	size_t pre = sizeof(BLOADER_PREFIX) - 1;
	if (code_end >= 4) {
		uint32_t l = get_le32(p + code_end - 4);
		if (l >= BLOADER_HDR && l <= code_end - 4 &&
		    !memcmp(p + code_end - 4 - l, BLOADER_PREFIX, pre)) {
			*blob_len = l;
			return p + code_end - 4 - l;
		}
	}
	for (size_t i = code_end; i-- > 0;)
		if (i + BLOADER_HDR <= code_end && !memcmp(p + i, BLOADER_PREFIX, pre)) {
			*blob_len = code_end - i;
			return p + i;
		}
	return NULL;
}

/* Parse the MTK_BLOADER_INFO blob: version, project name, EMI records. */
static void parse_bloader(const uint8_t *p, size_t code_end, struct mtkfw_image_info *info)
{
	struct mtkfw_preloader_info *pl = &info->preloader;
	size_t len;
	const uint8_t *b = find_bloader(p, code_end, &len);
	if (!b) {
		img_problem(info, MTKFW_SEV_WARNING, "preloader-no-emi",
			    "no MTK_BLOADER_INFO (EMI/DRAM) table in the preloader: in BROM mode "
			    "SP Flash Tool fails with 5054 S_DL_GET_DRAM_SETTING_FAIL and mtkfw "
			    "cannot enable DRAM; use the full preloader of this phone's firmware");
		return;
	}
	pl->has_emi = true;
	mtkfw_copy_field(pl->bloader_version, sizeof(pl->bloader_version), b, 27);
	pl->emi_version =
		(unsigned)strtoul(pl->bloader_version + sizeof(BLOADER_PREFIX) - 1, NULL, 10);
	mtkfw_copy_field(pl->project, sizeof(pl->project), b + 27, 61);
	if (memcmp(b + 0x64, "MTK_BIN", 7))
		img_problem(info, MTKFW_SEV_WARNING, "preloader-emi-layout",
			    "MTK_BLOADER_INFO has no MTK_BIN marker at +0x64: EMI records unread");
	uint32_t n = get_le32(b + 0x6C);
	size_t fit = (len - BLOADER_HDR) / MTKFW_EMI_RECORD_SIZE;
	if (n > fit || len != BLOADER_HDR + (size_t)n * MTKFW_EMI_RECORD_SIZE)
		img_problem(info, MTKFW_SEV_WARNING, "preloader-emi-layout",
			    "EMI table says %u records of 0x%x bytes but its blob is 0x%zx bytes "
			    "(0x%x header): layout differs from MT6572's",
			    n, MTKFW_EMI_RECORD_SIZE, len, BLOADER_HDR);
	if (n > fit)
		n = (uint32_t)fit;
	pl->n_emi = n < MTKFW_EMI_MAX ? n : MTKFW_EMI_MAX;
	for (unsigned i = 0; i < pl->n_emi; i++)
		mtkfw_emi_record_decode(b + BLOADER_HDR + (size_t)i * MTKFW_EMI_RECORD_SIZE,
					&pl->emi[i]);
}

/* Append "emi: Samsung 4E35553030 LPDDR2 512 MiB, ..." to the summary. */
static void summarize(struct mtkfw_image_info *info)
{
	const struct mtkfw_preloader_info *pl = &info->preloader;
	img_summary(info, "preloader%s, %s, load 0x%08x, %u bytes",
		    pl->emmc_boot_header ? " behind EMMC_BOOT header" : "",
		    mtkfw_flash_dev_name(pl->fi.flash_dev), pl->fi.load_addr, pl->fi.file_len);
	if (!pl->has_emi)
		return;
	img_summary(info, ", %s, %u EMI record%s", pl->bloader_version, pl->n_emi,
		    pl->n_emi == 1 ? "" : "s");
}

int mtkfw_preloader_parse(const uint8_t *buf, size_t len, struct mtkfw_image_info *info)
{
	struct mtkfw_preloader_info *pl = &info->preloader;
	uint32_t off = 0;
	if (len >= 9 && !memcmp(buf, "EMMC_BOOT", 9)) {
		if (locate_behind_emmc_boot(buf, len, &off))
			return MTKFW_E_FORMAT;
		pl->emmc_boot_header = true;
	}
	if (!is_gfh(buf + off, len - off) || read_file_info(buf + off, len - off, &pl->fi))
		return MTKFW_E_FORMAT;
	pl->gfh_offset = off;
	const uint8_t *p = buf + off;
	size_t avail = len - off;
	check_sizes(avail, pl->emmc_boot_header, info);
	walk_chain(p, avail, info);
	if (pl->fi.file_len <= avail && pl->fi.sig_len <= pl->fi.file_len &&
	    pl->fi.content_offset < pl->fi.file_len - pl->fi.sig_len)
		parse_bloader(p + pl->fi.content_offset,
			      pl->fi.file_len - pl->fi.sig_len - pl->fi.content_offset, info);
	summarize(info);
	return 0;
}

int mtkfw_preloader_span(const struct mtkfw_preloader_info *pl, uint64_t len, uint64_t *off,
			 uint64_t *n)
{
	*off = pl->gfh_offset;
	*n = pl->fi.file_len;
	return !*n || *off > len || *n > len - *off ? MTKFW_E_FORMAT : 0;
}

bool mtkfw_emi_fits(const struct mtkfw_emi_record *e, const uint8_t cid[16])
{
	return e->id_len >= 1 && e->id_len <= 16 && !memcmp(e->id, cid, e->id_len);
}
