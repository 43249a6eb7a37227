/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* V1.1.1 scatter writer, laid out exactly like ptgen's GenYAMLScatFile output. */
#include <inttypes.h>
#include <stdarg.h>
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

/* The text as it grows (a string builder: open_memstream is not everywhere). */
struct text {
	char *b;
	size_t len, cap;
	bool failed;
};

static void put(struct text *t, const char *fmt, ...) MTKFW_PRINTF(2, 3);
static void put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || mtkfw_grow((void **)&t->b, &t->cap, t->len + (size_t)n + 1, 1)) {
		t->failed = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(t->b + t->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

/* Print one row to f. */
static void write_row(struct text *f, const struct mtkfw_scatter_part *p, size_t i, bool emmc)
{
	bool reserved = p->from_end;
	put(f, "- partition_index: SYS%zu\n", i);
	put(f, "  partition_name: %s\n", p->name);
	put(f, "  file_name: %s\n", none(p->file));
	put(f, "  is_download: %s\n", p->download ? "true" : "false");
	put(f, "  type: %s\n", none(p->type));
	put(f, "  linear_start_addr: 0x%" PRIx64 "\n", p->start);
	put(f, "  physical_start_addr: 0x%" PRIx64 "\n", p->has_physical ? p->physical_start : 0);
	put(f, "  partition_size: 0x%" PRIx64 "\n", p->size);
	put(f, "  region: %s\n", none(p->region));
	put(f, "  storage: %s\n",
	    p->storage ? p->storage
	    : emmc     ? "HW_STORAGE_EMMC"
		       : "HW_STORAGE_NAND");
	put(f, "  boundary_check: %s\n", tf(p->boundary_check, !reserved));
	put(f, "  is_reserved: %s\n", tf(p->is_reserved, reserved));
	put(f, "  operation_type: %s\n", none(p->operation));
	put(f, "  reserve: 0x00\n\n");
}

int mtkfw_scatter_write_v11(const struct mtkfw_scatter_part *rows, size_t n, const char *platform,
			    const char *project, const char *storage, char **out)
{
	struct text t = {0}, *f = &t;
	bool emmc = !storage || mtkfw_strieq(storage, "EMMC");
	put(f, "%s", banner_general);
	put(f, "- general: MTK_PLATFORM_CFG\n  info: \n    - config_version: V1.1.1\n");
	put(f, "      platform: %s\n      project: %s\n", none(platform), none(project));
	put(f, "      storage: %s\n      boot_channel: %s\n      block_size: 0x20000\n",
	    emmc ? "EMMC" : "NAND", emmc ? "MSDC_0" : "NONE");
	put(f, "%s", banner_layout);
	for (size_t i = 0; i < n; i++)
		write_row(f, &rows[i], i, emmc);
	if (t.failed || !t.b) {
		free(t.b);
		return MTKFW_E_NO_MEM;
	}
	*out = t.b;
	return 0;
}
