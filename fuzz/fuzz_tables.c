/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Fuzz target: the fixed-layout parsers (MTK header, ext4 superblock, MBR/EBR, yaffs2). */
#include "mtkfw/mtkfw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mtkfw_mtkhdr_info h;
	struct mtkfw_ext4_info e;
	struct mtkfw_mbr_info m;
	(void)mtkfw_mtkhdr_parse(data, size, &h);
	(void)mtkfw_ext4_parse(data, size, &e);
	(void)mtkfw_mbr_parse(data, size, &m);
	(void)mtkfw_yaffs2_detect(data, size);
	return 0;
}
