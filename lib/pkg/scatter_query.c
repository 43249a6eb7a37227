/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Read access to a parsed scatter, and partition-name facts. */
#include <string.h>

#include "internal.h"
#include "scatter_priv.h"

enum mtkfw_scatter_format mtkfw_scatter_format(const struct mtkfw_scatter *sc)
{
	return sc->format;
}

const char *mtkfw_scatter_format_name(enum mtkfw_scatter_format fmt)
{
	switch (fmt) {
	case MTKFW_SCATTER_V1_1:
		return "v1.1";
	case MTKFW_SCATTER_LEGACY:
		return "legacy";
	case MTKFW_SCATTER_OTA:
		return "ota";
	}
	return "unknown";
}

const char *mtkfw_scatter_platform(const struct mtkfw_scatter *sc)
{
	return sc->platform;
}

const char *mtkfw_scatter_project(const struct mtkfw_scatter *sc)
{
	return sc->project;
}

const char *mtkfw_scatter_storage(const struct mtkfw_scatter *sc)
{
	return sc->storage;
}

const char *mtkfw_scatter_config_version(const struct mtkfw_scatter *sc)
{
	return sc->config_version;
}

size_t mtkfw_scatter_general_count(const struct mtkfw_scatter *sc)
{
	return sc->n_general;
}

const struct mtkfw_kv *mtkfw_scatter_general(const struct mtkfw_scatter *sc, size_t i)
{
	return i < sc->n_general ? &sc->general[i] : NULL;
}

size_t mtkfw_scatter_count(const struct mtkfw_scatter *sc)
{
	return sc->n_parts;
}

const struct mtkfw_scatter_part *mtkfw_scatter_part(const struct mtkfw_scatter *sc, size_t i)
{
	return i < sc->n_parts ? &sc->parts[i].pub : NULL;
}

const struct mtkfw_scatter_part *mtkfw_scatter_find(const struct mtkfw_scatter *sc,
						    const char *name)
{
	for (size_t i = 0; i < sc->n_parts; i++)
		if (mtkfw_strieq(sc->parts[i].pub.name, name))
			return &sc->parts[i].pub;
	return NULL;
}

/* MT6572-era names first, then the GPT-era names of later chips. */
static const char *const identity_names[] = {
	"NVRAM",   "PRO_INFO", "PROTECT_F", "PROTECT_S", "SECCFG",
	"proinfo", "protect1", "protect2",  "nvdata",
};

bool mtkfw_is_identity_partition(const char *name)
{
	if (!name)
		return false;
	for (size_t i = 0; i < MTKFW_ARRAY_SIZE(identity_names); i++)
		if (mtkfw_strieq(name, identity_names[i]))
			return true;
	return false;
}

bool mtkfw_scatter_part_in_boot(const struct mtkfw_scatter_part *p)
{
	return p->region &&
	       (!strcmp(p->region, "EMMC_BOOT_1") || !strcmp(p->region, "EMMC_BOOT_2") ||
		!strcmp(p->region, "EMMC_BOOT1") || !strcmp(p->region, "EMMC_BOOT2"));
}

/* SP Flash Tool's built-in name -> file table for scatter formats without file names. */
static const struct {
	const char *name, *file;
} default_files[] = {
	{"PRELOADER", "preloader*.bin"},
	{"DSP_BL", "DSP_BL"},
	{"UBOOT", "lk.bin"},
	{"BOOTIMG", "boot.img"},
	{"RECOVERY", "recovery.img"},
	{"SEC_RO", "secro.img"},
	{"LOGO", "logo.bin"},
	{"ANDROID", "system.img"},
	{"CACHE", "cache.img"},
	{"USRDATA", "userdata.img"},
	{"MBR", "MBR"},
	{"EBR1", "EBR1"},
	{"EBR2", "EBR2"},
	{"FAT", "fat.img"},
	{"CUSTPACK", "custpack.img"},
};

const char *mtkfw_scatter_default_file(const char *name)
{
	for (size_t i = 0; i < MTKFW_ARRAY_SIZE(default_files); i++)
		if (mtkfw_strieq(name, default_files[i].name))
			return default_files[i].file;
	return NULL;
}

uint64_t mtkfw_scatter_user_base(const struct mtkfw_scatter *sc)
{
	for (size_t i = 0; i < sc->n_parts; i++) {
		const struct mtkfw_scatter_part *p = &sc->parts[i].pub;
		if (!p->from_end && !mtkfw_scatter_part_in_boot(p))
			return p->start;
	}
	return 0;
}

uint64_t mtkfw_scatter_reserved_tail(const struct mtkfw_scatter *sc)
{
	uint64_t t = 0;
	for (size_t i = 0; i < sc->n_parts; i++)
		if (sc->parts[i].pub.from_end)
			t += sc->parts[i].pub.from_end_bytes;
	return t;
}
