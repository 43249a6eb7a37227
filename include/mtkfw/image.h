/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Image identification and header checks.
 *
 * An image is identified from a byte stream (mtkfw_probe_*): memory stays
 * bounded whatever the image size. Each format has a small parser of its own
 * (lib/image/img_*.c); problems found in an image are recorded in the result as
 * findings rather than failing the probe, so one pass reports everything.
 */
#ifndef MTKFW_IMAGE_H
#define MTKFW_IMAGE_H

#include "mtkfw/core.h"
#include "mtkfw/fsmap.h"

#ifdef __cplusplus
extern "C" {
#endif

/** How serious a finding is. */
enum mtkfw_severity {
	MTKFW_SEV_INFO = 0,
	MTKFW_SEV_WARNING = 1,
	MTKFW_SEV_ERROR = 2,
};

/** "info", "warning", "error". */
const char *mtkfw_severity_name(enum mtkfw_severity sev);

/** What an image is. */
enum mtkfw_image_kind {
	MTKFW_IMG_UNKNOWN = 0,
	MTKFW_IMG_EMPTY,     /**< zero bytes */
	MTKFW_IMG_PRELOADER, /**< GFH preloader, bare or behind an EMMC_BOOT header */
	MTKFW_IMG_MTK,	     /**< 512-byte MTK header (LK, UBOOT, KERNEL, ROOTFS, RECOVERY) */
	MTKFW_IMG_LOGO,	     /**< MTK header "LOGO" + table of zlib images */
	MTKFW_IMG_BOOT,	     /**< Android boot image v0 */
	MTKFW_IMG_SPARSE,    /**< Android sparse image */
	MTKFW_IMG_EXT4,	     /**< raw ext2/3/4 filesystem */
	MTKFW_IMG_MBR,	     /**< 512-byte DOS partition table (MBR/EBR) */
	MTKFW_IMG_YAFFS2,    /**< yaffs2 image (heuristic) */
};

/** "unknown", "empty", "preloader", "mtk", "logo", "boot", "sparse", "ext4", "mbr", "yaffs2". */
const char *mtkfw_image_kind_name(enum mtkfw_image_kind kind);

/** GFH FILE_INFO record of a preloader (docs/formats.md, "Preloader"). */
struct mtkfw_gfh_file_info {
	uint32_t file_ver;
	uint16_t file_type; /**< 1 = ARM_BL (preloader) */
	uint8_t flash_dev;  /**< see MTKFW_FLASH_DEV_* */
	uint8_t sig_type;
	uint32_t load_addr, file_len, max_size, content_offset, sig_len, jump_offset, attr;
};

#define MTKFW_FLASH_DEV_NOR		1
#define MTKFW_FLASH_DEV_NAND_SEQUENTIAL 2
#define MTKFW_FLASH_DEV_NAND_TTBL	3
#define MTKFW_FLASH_DEV_NAND_FDM50	4
#define MTKFW_FLASH_DEV_EMMC_BOOT	5
#define MTKFW_FLASH_DEV_EMMC_DATA	6
#define MTKFW_FLASH_DEV_SF		7

/** GFH flash_dev name: "EMMC_BOOT", "NAND_SEQUENTIAL", ... or "unknown". */
const char *mtkfw_flash_dev_name(uint8_t flash_dev);

/** One EMI_SETTINGS record: a RAM/storage combination the preloader supports. */
struct mtkfw_emi_record {
	uint32_t type;	   /**< 0x0202 eMMC+LPDDR2, ... (mtkfw_emi_type_name) */
	uint8_t id[16];	   /**< eMMC CID prefix (MID, CBX, OID, PNM...) or NAND ID */
	uint32_t id_len;   /**< how many id bytes the DA compares */
	uint32_t freq_mhz; /**< EMI clock */
	uint32_t rank_size[4];
	uint8_t raw[0xA8]; /**< the whole record, as sent to a DA in the EMI exchange */
};

/** Is the record for the eMMC whose CID is cid (its ID a prefix of the CID)? */
bool mtkfw_emi_fits(const struct mtkfw_emi_record *e, const uint8_t cid[16]);

#define MTKFW_EMI_RECORD_SIZE 0xA8
#define MTKFW_EMI_MAX	      64

/** Decode a raw 0xA8-byte EMI_SETTINGS record (as found in a preloader). */
void mtkfw_emi_record_decode(const uint8_t *raw, struct mtkfw_emi_record *out);

/** "eMMC+LPDDR2" etc. for an EMI record type, or "unknown". */
const char *mtkfw_emi_type_name(uint32_t type);

/** JEDEC manufacturer of an eMMC CID MID byte ("Samsung"), or NULL if unknown. */
const char *mtkfw_emmc_vendor_name(uint8_t mid);

/** Preloader details. */
struct mtkfw_preloader_info {
	bool emmc_boot_header; /**< image starts with EMMC_BOOT/BRLYT (a boot1 dump) */
	uint32_t gfh_offset;   /**< where the GFH chain starts in the image */
	unsigned n_gfh;	       /**< GFH records in the chain */
	struct mtkfw_gfh_file_info fi;
	bool has_emi;		  /**< MTK_BLOADER_INFO table found */
	char bloader_version[28]; /**< "MTK_BLOADER_INFO_v11" */
	unsigned emi_version;	  /**< decimal suffix of the version: 11 on MT6572 */
	char project[62];	  /**< preloader file name stored in the table */
	unsigned n_emi;		  /**< records in the table (at most MTKFW_EMI_MAX kept) */
	struct mtkfw_emi_record emi[MTKFW_EMI_MAX];
};

/** 512-byte MTK image header. */
struct mtkfw_mtkhdr_info {
	char name[33];	    /**< "LK", "LOGO", "KERNEL", "ROOTFS", "RECOVERY", ... */
	uint32_t payload;   /**< payload size after the header */
	uint64_t pad_bytes; /**< bytes after the image (a whole-partition dump's padding) */
	int pad_fill;	    /**< their value when all are the same, else -1 */
};

/** Android boot image v0. */
struct mtkfw_boot_info {
	uint32_t page_size, kernel_size, ramdisk_size, second_size;
	uint32_t kernel_addr, ramdisk_addr, tags_addr;
	char board[17];
	char cmdline[80];     /**< first bytes of the command line */
	char kernel_mtk[33];  /**< MTK header name in front of the kernel ("KERNEL"), or "" */
	char ramdisk_mtk[33]; /**< MTK header name in front of the ramdisk ("ROOTFS"/"RECOVERY") */
};

/** Android sparse image. */
struct mtkfw_sparse_info {
	uint32_t blk_sz, total_blks, total_chunks;
	uint64_t raw_bytes;  /**< expanded bytes carried as data (RAW chunks) */
	uint64_t fill_bytes; /**< expanded bytes of FILL chunks (a repeated 32-bit pattern) */
	uint64_t skip_bytes; /**< expanded bytes of DONT_CARE chunks (left untouched) */
	uint32_t raw_chunks, fill_chunks, dontcare_chunks, crc_chunks;
	bool inner_ext4; /**< the expanded content is an ext4 filesystem */
	uint64_t inner_fs_size;
};

/** ext2/3/4 superblock facts. */
struct mtkfw_ext4_info {
	uint64_t blocks;
	uint32_t block_size;
	char volume[17];
	char last_mounted[65];
};

#define MTKFW_LOGO_MAX 4096

/** logo.bin table. */
struct mtkfw_logo_info {
	uint32_t count;
	uint32_t total;		     /**< payload bytes covered by the table */
	uint32_t first_size;	     /**< decompressed size of image 0 */
	uint32_t width, height, bpp; /**< resolution guessed from image 0 (0 = no guess) */
	uint32_t n_sizes;	     /**< decompressed sizes kept in sizes[] */
	uint32_t *sizes;	     /**< decompressed size of each image (owned by the info) */
};

/** One entry of a DOS partition table. */
struct mtkfw_mbr_entry {
	uint8_t boot, type;
	uint32_t lba, sectors;
};

/** A DOS partition table sector (MBR or EBR). */
struct mtkfw_mbr_info {
	struct mtkfw_mbr_entry e[4];
};

#define MTKFW_IMAGE_MAX_PROBLEMS 8

/** A problem found in an image: a stable code and a sentence. */
struct mtkfw_image_problem {
	enum mtkfw_severity severity;
	char code[32];
	char message[320];
};

/** Everything learnt about one image. Free with mtkfw_image_info_clear(). */
struct mtkfw_image_info {
	enum mtkfw_image_kind kind;
	uint64_t file_size;    /**< bytes in the stream */
	uint64_t content_size; /**< bytes it occupies once written (expanded sparse, fs size) */
	bool has_bytesum;
	uint16_t bytesum;  /**< sum of all bytes & 0xFFFF (Checksum.ini V1) */
	char summary[256]; /**< one human line describing the image */
	struct mtkfw_preloader_info preloader;
	struct mtkfw_mtkhdr_info mtk;
	struct mtkfw_boot_info boot;
	struct mtkfw_sparse_info sparse;
	struct mtkfw_ext4_info ext4;
	struct mtkfw_logo_info logo;
	struct mtkfw_mbr_info mbr;
	unsigned n_problems;
	struct mtkfw_image_problem problems[MTKFW_IMAGE_MAX_PROBLEMS];
};

/** Release what an info owns (logo sizes) and zero it. */
void mtkfw_image_info_clear(struct mtkfw_image_info *info);

/** Probe flags. */
#define MTKFW_PROBE_BYTESUM 0x1 /**< also compute the Checksum.ini V1 byte sum */

struct mtkfw_probe;

/** Start identifying a stream. */
int mtkfw_probe_new(struct mtkfw_probe **out, unsigned flags);

/** Feed the next len bytes. Fails only on allocation failure; bad data becomes problems. */
int mtkfw_probe_feed(struct mtkfw_probe *p, const void *buf, size_t len);

/** End of stream: fill info (clear it with mtkfw_image_info_clear() after use). */
int mtkfw_probe_finish(struct mtkfw_probe *p, struct mtkfw_image_info *info);

/** Free a probe; NULL is accepted. */
void mtkfw_probe_free(struct mtkfw_probe *p);

/** Identify a whole image held in memory (probe new + feed + finish). */
int mtkfw_image_identify(const void *buf, size_t len, unsigned flags,
			 struct mtkfw_image_info *info);

/* ---- the individual parsers, usable on their own ---- */

/**
 * Parse a preloader (bare GFH file, or boot1 dump behind EMMC_BOOT) held
 * whole in buf. Problems go to info; returns 0 if it is a preloader at all,
 * MTKFW_E_FORMAT if not.
 */
int mtkfw_preloader_parse(const uint8_t *buf, size_t len, struct mtkfw_image_info *info);

/**
 * Where the preloader file lies in an image of len bytes that parsed as one
 * (a boot1 dump has it behind its EMMC_BOOT header): 0 with *off and *n, or
 * MTKFW_E_FORMAT when FILE_INFO's length is 0 or does not fit.
 */
int mtkfw_preloader_span(const struct mtkfw_preloader_info *pl, uint64_t len, uint64_t *off,
			 uint64_t *n);

/** Parse a 512-byte MTK header; MTKFW_E_FORMAT if buf does not start with one. */
int mtkfw_mtkhdr_parse(const uint8_t *buf, size_t len, struct mtkfw_mtkhdr_info *out);

/**
 * Where a v0 boot image's sections lie, from its header: the kernel at one
 * page, the ramdisk on the next page boundary after it, and the end of the
 * second stage (every section padded to whole pages). false when the page
 * size is not 2048..16384 and a power of two.
 */
bool mtkfw_boot_sections(const struct mtkfw_boot_info *b, uint64_t *kernel_off,
			 uint64_t *ramdisk_off, uint64_t *end);

/** Parse an ext2/3/4 superblock from the first 2048 bytes of a filesystem image. */
int mtkfw_ext4_parse(const uint8_t *buf, size_t len, struct mtkfw_ext4_info *out);

/** Parse a DOS partition table sector; MTKFW_E_FORMAT if not one. */
int mtkfw_mbr_parse(const uint8_t *buf, size_t len, struct mtkfw_mbr_info *out);

/** A partition the MBR/EBR chain lists (user-area bytes). */
struct mtkfw_mbr_part {
	uint64_t offset, size;
	bool to_end;	/**< its size runs past the area: "the rest of the device" */
	uint8_t type;	/**< DOS type (0x83 Linux, 0x0B/0x0C FAT32, ...) */
	unsigned table; /**< 0 = the MBR, 1 = EBR1, ... */
};

#define MTKFW_MBR_CHAIN_MAX  32 /**< partitions */
#define MTKFW_MBR_TABLES_MAX 8	/**< MBR + EBRs */

/** What the MBR/EBR chain at the start of the user area says. */
struct mtkfw_mbr_chain {
	enum { MTKFW_MBR_NONE = 0, MTKFW_MBR_OK, MTKFW_MBR_DAMAGED } state;
	size_t n;
	struct mtkfw_mbr_part p[MTKFW_MBR_CHAIN_MAX]; /**< sorted by offset */
	size_t n_tables;
	uint64_t tables[MTKFW_MBR_TABLES_MAX]; /**< where each table sits */
	char why[200];			       /**< NONE or DAMAGED: what was found */
};

/**
 * Follow the chain in an area of area bytes, reading through read: the MBR
 * at offset 0 (its entries count from itself), an extended entry to EBR1,
 * then EBRs whose data entries count from themselves and whose links count
 * from EBR1 (MediaTek's ptgen, as DOS does). NONE: sector 0 is blank; DAMAGED:
 * it is neither blank nor a table, or the chain loops, overlaps, leaves the
 * area or is too long. Fails only when read does (its code).
 */
int mtkfw_mbr_chain_read(mtkfw_read_at_cb read, void *user, uint64_t area,
			 struct mtkfw_mbr_chain *out);

/** Does the head look like a yaffs2 image (first object header)? */
bool mtkfw_yaffs2_detect(const uint8_t *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_IMAGE_H */
