/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* V1.1.1 scatter writer, laid out exactly like ptgen's GenYAMLScatFile output. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "mtkfw/scatter.h"

static const char banner_general[] =
	"############################################################################################################\n"
	"#\n"
	"#  General Setting \n"
	"#    \n"
	"############################################################################################################\n";
static const char banner_layout[] =
	"############################################################################################################\n"
	"#\n"
	"#  Layout Setting\n"
	"#\n"
	"############################################################################################################\n";

static const char *none(const char *s)
{
	return s ? s : "NONE";
}

static const char *tf(enum mtkfw_tristate t, bool dflt)
{
	return (t == MTKFW_UNSET ? dflt : t == MTKFW_TRUE) ? "true" : "false";
}

/* Print one row to f. */
static void write_row(FILE *f, const struct mtkfw_scatter_part *p, size_t i, bool emmc)
{
	bool reserved = p->from_end;
	fprintf(f, "- partition_index: SYS%zu\n", i);
	fprintf(f, "  partition_name: %s\n", p->name);
	fprintf(f, "  file_name: %s\n", none(p->file));
	fprintf(f, "  is_download: %s\n", p->download ? "true" : "false");
	fprintf(f, "  type: %s\n", none(p->type));
	fprintf(f, "  linear_start_addr: 0x%" PRIx64 "\n", p->start);
	fprintf(f, "  physical_start_addr: 0x%" PRIx64 "\n",
		p->has_physical ? p->physical_start : 0);
	fprintf(f, "  partition_size: 0x%" PRIx64 "\n", p->size);
	fprintf(f, "  region: %s\n", none(p->region));
	fprintf(f, "  storage: %s\n",
		p->storage ? p->storage
		: emmc	   ? "HW_STORAGE_EMMC"
			   : "HW_STORAGE_NAND");
	fprintf(f, "  boundary_check: %s\n", tf(p->boundary_check, !reserved));
	fprintf(f, "  is_reserved: %s\n", tf(p->is_reserved, reserved));
	fprintf(f, "  operation_type: %s\n", none(p->operation));
	fprintf(f, "  reserve: 0x00\n\n");
}

int mtkfw_scatter_write_v11(const struct mtkfw_scatter_part *rows, size_t n, const char *platform,
			    const char *project, const char *storage, char **out)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return MTKFW_E_NO_MEM;
	bool emmc = !storage || mtkfw_strieq(storage, "EMMC");
	fputs(banner_general, f);
	fprintf(f, "- general: MTK_PLATFORM_CFG\n  info: \n    - config_version: V1.1.1\n");
	fprintf(f, "      platform: %s\n      project: %s\n", none(platform), none(project));
	fprintf(f, "      storage: %s\n      boot_channel: %s\n      block_size: 0x20000\n",
		emmc ? "EMMC" : "NAND", emmc ? "MSDC_0" : "NONE");
	fputs(banner_layout, f);
	for (size_t i = 0; i < n; i++)
		write_row(f, &rows[i], i, emmc);
	if (fclose(f) || !buf) {
		free(buf);
		return MTKFW_E_NO_MEM;
	}
	*out = buf;
	return 0;
}
