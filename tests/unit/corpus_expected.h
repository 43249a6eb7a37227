/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Expected partition names, starts and sizes of every scatter in
 * ../shared/corpus/scatter/, read off the files by hand and cross-checked
 * (v1.1: linear_start_addr / partition_size as written; legacy and ota rows
 * carry no size: next start minus start, as docs/scatter.md explains;
 * -1 = no size). Reviewed against each file on 2026-11-25.
 */
struct exp_part {
	const char *name;
	unsigned long long start;
	long long size;
	int download;
};
struct exp_file {
	const char *file;
	const char *format;
	const char *platform;
	size_t n;
	const struct exp_part *parts;
};

/* GoldRenard__AllegroROM_4.2.2_mt6572__HWPackage_A516_S117_scatter_MT6572_Android_scatter.txt */
static const struct exp_part exp_1[] = {
	{"PRELOADER", 0x0ULL, 0x600000LL, 1},
	{"MBR", 0x600000ULL, 0x80000LL, 1},
	{"EBR1", 0x680000ULL, 0x80000LL, 1},
	{"PRO_INFO", 0x700000ULL, 0x300000LL, 0},
	{"NVRAM", 0xa00000ULL, 0x500000LL, 0},
	{"PROTECT_F", 0xf00000ULL, 0xa00000LL, 0},
	{"PROTECT_S", 0x1900000ULL, 0xa00000LL, 0},
	{"SECCFG", 0x2300000ULL, 0x20000LL, 0},
	{"UBOOT", 0x2320000ULL, 0x60000LL, 1},
	{"BOOTIMG", 0x2380000ULL, 0x600000LL, 1},
	{"RECOVERY", 0x2980000ULL, 0x600000LL, 1},
	{"SEC_RO", 0x2f80000ULL, 0x40000LL, 1},
	{"MISC", 0x2fc0000ULL, 0x80000LL, 0},
	{"LOGO", 0x3040000ULL, 0x300000LL, 1},
	{"EXPDB", 0x3340000ULL, 0xa00000LL, 0},
	{"PRELOAD", 0x3d40000ULL, 0xc800000LL, 1},
	{"ANDROID", 0x10540000ULL, 0x40000000LL, 1},
	{"CACHE", 0x50540000ULL, 0x7e00000LL, 1},
	{"USRDATA", 0x58340000ULL, 0x60000000LL, 1},
	{"BMTPOOL", 0xFFFF00a8ULL, 0x1500000LL, 0},
};

/* GoldRenard__device_lenovo_s960_twrp_tree__MT6589_Android_scatter_emmc.txt */
static const struct exp_part exp_2[] = {
	{"PRELOADER", 0x0ULL, 0x600000LL, 1},
	{"MBR", 0x600000ULL, 0x80000LL, 1},
	{"EBR1", 0x680000ULL, 0x80000LL, 1},
	{"PMT", 0x700000ULL, 0x400000LL, 0},
	{"PRO_INFO", 0xb00000ULL, 0x300000LL, 0},
	{"NVRAM", 0xe00000ULL, 0x500000LL, 0},
	{"PROTECT_F", 0x1300000ULL, 0xa00000LL, 0},
	{"PROTECT_S", 0x1d00000ULL, 0xa00000LL, 0},
	{"SECCFG", 0x2700000ULL, 0x20000LL, 0},
	{"UBOOT", 0x2720000ULL, 0x60000LL, 1},
	{"BOOTIMG", 0x2780000ULL, 0x600000LL, 1},
	{"RECOVERY", 0x2d80000ULL, 0xc00000LL, 1},
	{"SEC_RO", 0x3980000ULL, 0x600000LL, 1},
	{"MISC", 0x3f80000ULL, 0x80000LL, 0},
	{"LOGO", 0x4000000ULL, 0x300000LL, 1},
	{"EBR2", 0x4300000ULL, 0x80000LL, 1},
	{"EXPDB", 0x4380000ULL, 0xa00000LL, 0},
	{"PRELOAD", 0x4d80000ULL, 0x12c00000LL, 1},
	{"ANDROID", 0x17980000ULL, 0x5dc00000LL, 1},
	{"CACHE", 0x75580000ULL, 0x17a00000LL, 1},
	{"USRDATA", 0x8cf80000ULL, -1LL, 1},
	{"BMTPOOL", 0xFFFF00a8ULL, -1LL, 0},
};

/* LinuxBozo__mtk-wish-android-tablet__MT6582_Android_scatter.txt */
static const struct exp_part exp_3[] = {
	{"PRELOADER", 0x0ULL, 0x1400000LL, 1},
	{"MBR", 0x1400000ULL, 0x80000LL, 1},
	{"EBR1", 0x1480000ULL, 0x80000LL, 1},
	{"PRO_INFO", 0x1500000ULL, 0x300000LL, 0},
	{"NVRAM", 0x1800000ULL, 0x500000LL, 0},
	{"PROTECT_F", 0x1D00000ULL, 0xA00000LL, 0},
	{"PROTECT_S", 0x2700000ULL, 0xA00000LL, 0},
	{"SECCFG", 0x3100000ULL, 0x20000LL, 0},
	{"UBOOT", 0x3120000ULL, 0x60000LL, 1},
	{"BOOTIMG", 0x3180000ULL, 0x1400000LL, 1},
	{"RECOVERY", 0x4580000ULL, 0x1000000LL, 1},
	{"SEC_RO", 0x5580000ULL, 0x600000LL, 1},
	{"MISC", 0x5B80000ULL, 0x80000LL, 0},
	{"LOGO", 0x5C00000ULL, 0x300000LL, 1},
	{"EXPDB", 0x5F00000ULL, 0xA00000LL, 0},
	{"ANDROID", 0x6900000ULL, 0x60000000LL, 1},
	{"CACHE", 0x66900000ULL, 0x7E00000LL, 1},
	{"USRDATA", 0x6E700000ULL, 0x33B920000LL, 1},
	{"BMTPOOL", 0xFFFF00A8ULL, 0x1500000LL, 0},
};

/* NeverMine17__fly-iq-4407-scatter__MT6572_Android_scatter.txt */
static const struct exp_part exp_4[] = {
	{"PRELOADER", 0x0ULL, 0xc00000LL, 1},
	{"MBR", 0xc00000ULL, 0x80000LL, 1},
	{"EBR1", 0xc80000ULL, 0x80000LL, 1},
	{"PRO_INFO", 0xd00000ULL, 0x300000LL, 0},
	{"NVRAM", 0x1000000ULL, 0x500000LL, 0},
	{"PROTECT_F", 0x1500000ULL, 0xa00000LL, 0},
	{"PROTECT_S", 0x1f00000ULL, 0xa00000LL, 0},
	{"SECCFG", 0x2900000ULL, 0x20000LL, 0},
	{"UBOOT", 0x2920000ULL, 0x60000LL, 1},
	{"BOOTIMG", 0x2980000ULL, 0x600000LL, 1},
	{"RECOVERY", 0x2f80000ULL, 0x600000LL, 1},
	{"SEC_RO", 0x3580000ULL, 0x40000LL, 1},
	{"MISC", 0x35c0000ULL, 0x80000LL, 0},
	{"LOGO", 0x3640000ULL, 0x300000LL, 1},
	{"EXPDB", 0x3940000ULL, 0xa00000LL, 0},
	{"ANDROID", 0x4340000ULL, 0x38400000LL, 1},
	{"CACHE", 0x3c740000ULL, 0x17800000LL, 1},
	{"USRDATA", 0x53f40000ULL, 0x61400000LL, 1},
	{"FAT", 0xb5340000ULL, 0x0LL, 0},
	{"BMTPOOL", 0xFFFF00a8ULL, 0x1500000LL, 0},
};

/* WikoSunset2-LineageOS__wiko_s4050ap_part_layout__MT6572_Android_scatter.txt */
static const struct exp_part exp_5[] = {
	{"PRELOADER", 0x0ULL, 0xc00000LL, 1},
	{"MBR", 0xc00000ULL, 0x80000LL, 1},
	{"EBR1", 0xc80000ULL, 0x80000LL, 1},
	{"PRO_INFO", 0xd00000ULL, 0x300000LL, 1},
	{"NVRAM", 0x1000000ULL, 0x500000LL, 1},
	{"PROTECT_F", 0x1500000ULL, 0xa00000LL, 1},
	{"PROTECT_S", 0x1f00000ULL, 0xa00000LL, 1},
	{"SECCFG", 0x2900000ULL, 0x20000LL, 1},
	{"UBOOT", 0x2920000ULL, 0x60000LL, 1},
	{"BOOTIMG", 0x2980000ULL, 0x1200000LL, 1},
	{"RECOVERY", 0x3B80000ULL, 0x1200000LL, 1},
	{"SEC_RO", 0x4D80000ULL, 0x40000LL, 1},
	{"MISC", 0x4DC0000ULL, 0x80000LL, 1},
	{"LOGO", 0x4E40000ULL, 0x300000LL, 1},
	{"EXPDB", 0x5140000ULL, 0xa00000LL, 1},
	{"ANDROID", 0x5B40000ULL, 0x3E800000LL, 1},
	{"CACHE", 0x44340000ULL, 0xe200000LL, 1},
	{"USRDATA", 0x52540000ULL, 0x96000000LL, 1},
	{"BMTPOOL", 0xFFFF00a8ULL, 0x1500000LL, 0},
};

/* li127832919__MTK6572__mediatek_misc_MT6572_Android_scatter.txt */
static const struct exp_part exp_6[] = {
	{"PRELOADER", 0x0ULL, 0xc00000LL, 1},
	{"MBR", 0xc00000ULL, 0x80000LL, 1},
	{"EBR1", 0xc80000ULL, 0x80000LL, 1},
	{"PRO_INFO", 0xd00000ULL, 0x300000LL, 0},
	{"NVRAM", 0x1000000ULL, 0x500000LL, 0},
	{"PROTECT_F", 0x1500000ULL, 0xa00000LL, 0},
	{"PROTECT_S", 0x1f00000ULL, 0xa00000LL, 0},
	{"SECCFG", 0x2900000ULL, 0x20000LL, 0},
	{"UBOOT", 0x2920000ULL, 0x60000LL, 1},
	{"BOOTIMG", 0x2980000ULL, 0x600000LL, 1},
	{"RECOVERY", 0x2f80000ULL, 0x600000LL, 1},
	{"SEC_RO", 0x3580000ULL, 0x40000LL, 1},
	{"MISC", 0x35c0000ULL, 0x80000LL, 0},
	{"LOGO", 0x3640000ULL, 0x300000LL, 1},
	{"EXPDB", 0x3940000ULL, 0xa00000LL, 0},
	{"ANDROID", 0x4340000ULL, 0x28a00000LL, 1},
	{"CACHE", 0x2cd40000ULL, 0x20000000LL, 1},
	{"USRDATA", 0x4cd40000ULL, 0x20000000LL, 1},
	{"FAT", 0x6cd40000ULL, 0x0LL, 0},
	{"BMTPOOL", 0xFFFF00a8ULL, 0x1500000LL, 0},
};

/* li127832919__MTK6572__mediatek_misc_ota_scatter.txt */
static const struct exp_part exp_7[] = {
	{"PRELOADER", 0x0ULL, 0xc00000LL, 1},
	{"MBR", 0xc00000ULL, 0x80000LL, 1},
	{"EBR1", 0xc80000ULL, 0x80000LL, 1},
	{"PRO_INFO", 0xd00000ULL, 0x300000LL, 1},
	{"NVRAM", 0x1000000ULL, 0x500000LL, 1},
	{"PROTECT_F", 0x1500000ULL, 0xa00000LL, 1},
	{"PROTECT_S", 0x1f00000ULL, 0xa00000LL, 1},
	{"SECCFG", 0x2900000ULL, 0x20000LL, 1},
	{"UBOOT", 0x2920000ULL, 0x60000LL, 1},
	{"BOOTIMG", 0x2980000ULL, 0x600000LL, 1},
	{"RECOVERY", 0x2f80000ULL, 0x600000LL, 1},
	{"SEC_RO", 0x3580000ULL, 0x40000LL, 1},
	{"MISC", 0x35c0000ULL, 0x80000LL, 1},
	{"LOGO", 0x3640000ULL, 0x300000LL, 1},
	{"EXPDB", 0x3940000ULL, 0xa00000LL, 1},
	{"ANDROID", 0x4340000ULL, 0x28a00000LL, 1},
	{"CACHE", 0x2cd40000ULL, 0x20000000LL, 1},
	{"USRDATA", 0x4cd40000ULL, 0x20000000LL, 1},
	{"FAT", 0x6cd40000ULL, -1LL, 1},
};

/* luckasfb__IQ441-kernel-3.4.5-bb__mediatek_misc_MT6577_Android_scatter_emmc.txt */
static const struct exp_part exp_8[] = {
	{"PRELOADER", 0x0ULL, 0x40000LL, 1},
	{"DSP_BL", 0x40000ULL, 0x5c0000LL, 1},
	{"MBR", 0x600000ULL, 0x4000LL, 1},
	{"EBR1", 0x604000ULL, 0x4000LL, 1},
	{"PMT", 0x608000ULL, 0x400000LL, 0},
	{"NVRAM", 0xa08000ULL, 0x500000LL, 0},
	{"SECCFG", 0xf08000ULL, 0x20000LL, 0},
	{"UBOOT", 0xf28000ULL, 0x60000LL, 1},
	{"BOOTIMG", 0xf88000ULL, 0x600000LL, 1},
	{"RECOVERY", 0x1588000ULL, 0x600000LL, 1},
	{"SEC_RO", 0x1b88000ULL, 0x600000LL, 1},
	{"MISC", 0x2188000ULL, 0x60000LL, 0},
	{"LOGO", 0x21e8000ULL, 0x300000LL, 1},
	{"EXPDB", 0x24e8000ULL, 0x200000LL, 0},
	{"ANDROID", 0x26e8000ULL, 0x21200000LL, 1},
	{"CACHE", 0x238e8000ULL, 0xa100000LL, 1},
	{"USRDATA", 0x2d9e8000ULL, 0x41100000LL, 1},
	{"FAT", 0x6eae8000ULL, -1LL, 0},
	{"BMTPOOL", 0xFFFF00a8ULL, -1LL, 0},
};

/* luisetex84__android_device_bq_Aquaris_E10__MT6592_Android_scatter.txt */
static const struct exp_part exp_9[] = {
	{"PRELOADER", 0x0ULL, 0x40000LL, 1},
	{"MBR", 0x0ULL, 0x80000LL, 1},
	{"EBR1", 0x80000ULL, 0x80000LL, 1},
	{"PRO_INFO", 0x100000ULL, 0x300000LL, 0},
	{"NVRAM", 0x400000ULL, 0x500000LL, 0},
	{"PROTECT_F", 0x900000ULL, 0xa00000LL, 0},
	{"PROTECT_S", 0x1300000ULL, 0xa00000LL, 0},
	{"SECCFG", 0x1d00000ULL, 0x40000LL, 0},
	{"UBOOT", 0x1d40000ULL, 0x60000LL, 1},
	{"BOOTIMG", 0x1da0000ULL, 0x1400000LL, 1},
	{"RECOVERY", 0x31a0000ULL, 0x1400000LL, 1},
	{"SEC_RO", 0x45a0000ULL, 0x600000LL, 1},
	{"MISC", 0x4ba0000ULL, 0x80000LL, 0},
	{"LOGO", 0x4c20000ULL, 0x800000LL, 1},
	{"EXPDB", 0x5420000ULL, 0xbe0000LL, 0},
	{"ANDROID", 0x6000000ULL, 0x4c800000LL, 1},
	{"CACHE", 0x52800000ULL, 0x40000000LL, 1},
	{"USRDATA", 0x92800000ULL, 0x49c00000LL, 1},
	{"BMTPOOL", 0xFFFF00a8ULL, 0x1500000LL, 0},
};

/* peterpt__Mobiwire_S10__MT6572_Android_scatter.txt */
static const struct exp_part exp_10[] = {
	{"PRELOADER", 0x0ULL, 0x1400000LL, 1},
	{"MBR", 0x1400000ULL, 0x80000LL, 1},
	{"EBR1", 0x1480000ULL, 0x80000LL, 1},
	{"PRO_INFO", 0x1500000ULL, 0x300000LL, 0},
	{"NVRAM", 0x1800000ULL, 0x500000LL, 0},
	{"PROTECT_F", 0x1D00000ULL, 0xA00000LL, 0},
	{"PROTECT_S", 0x2700000ULL, 0xA00000LL, 0},
	{"SECCFG", 0x3100000ULL, 0x20000LL, 0},
	{"UBOOT", 0x3120000ULL, 0x60000LL, 1},
	{"BOOTIMG", 0x3180000ULL, 0x600000LL, 1},
	{"RECOVERY", 0x3780000ULL, 0x600000LL, 1},
	{"SEC_RO", 0x3D80000ULL, 0x40000LL, 1},
	{"MISC", 0x3DC0000ULL, 0x80000LL, 0},
	{"LOGO", 0x3E40000ULL, 0x300000LL, 1},
	{"EXPDB", 0x4140000ULL, 0xA00000LL, 0},
	{"ANDROID", 0x4B40000ULL, 0x3B600000LL, 1},
	{"CACHE", 0x40140000ULL, 0xE200000LL, 1},
	{"USRDATA", 0x4E340000ULL, 0x9AFE0000LL, 1},
	{"BMTPOOL", 0xFFFF00A8ULL, 0x1500000LL, 0},
};

/* sindastra__android_device_acer_acer_e39__MT6582_Android_scatter.txt */
static const struct exp_part exp_11[] = {
	{"PRELOADER", 0x0ULL, 0xc00000LL, 1},
	{"MBR", 0xc00000ULL, 0x80000LL, 1},
	{"EBR1", 0xc80000ULL, 0x80000LL, 1},
	{"PRO_INFO", 0xd00000ULL, 0x300000LL, 0},
	{"NVRAM", 0x1000000ULL, 0x500000LL, 0},
	{"PROTECT_F", 0x1500000ULL, 0xa00000LL, 0},
	{"PROTECT_S", 0x1f00000ULL, 0xa00000LL, 0},
	{"SECCFG", 0x2900000ULL, 0x20000LL, 0},
	{"UBOOT", 0x2920000ULL, 0x60000LL, 1},
	{"BOOTIMG", 0x2980000ULL, 0x1000000LL, 1},
	{"RECOVERY", 0x3980000ULL, 0x1000000LL, 1},
	{"SEC_RO", 0x4980000ULL, 0x600000LL, 1},
	{"MISC", 0x4f80000ULL, 0x80000LL, 0},
	{"LOGO", 0x5000000ULL, 0x300000LL, 1},
	{"EXPDB", 0x5300000ULL, 0xa00000LL, 0},
	{"ANDROID", 0x5d00000ULL, 0x51400000LL, 1},
	{"CACHE", 0x57100000ULL, 0x10000000LL, 1},
	{"USRDATA", 0x67100000ULL, 0x39c00000LL, 1},
	{"BMTPOOL", 0xFFFF00a8ULL, 0x1500000LL, 0},
};

/* smith901__bluvivoxl2twrp3__MT6735_Android_scatter.txt */
static const struct exp_part exp_12[] = {
	{"preloader", 0x0ULL, 0x400000LL, 1},
	{"pgpt", 0x0ULL, 0x80000LL, 0},
	{"proinfo", 0x80000ULL, 0x300000LL, 0},
	{"nvram", 0x380000ULL, 0x500000LL, 0},
	{"protect1", 0x880000ULL, 0xA00000LL, 0},
	{"protect2", 0x1280000ULL, 0xA00000LL, 0},
	{"lk", 0x1C80000ULL, 0x80000LL, 1},
	{"para", 0x1D00000ULL, 0x80000LL, 0},
	{"boot", 0x1D80000ULL, 0x1000000LL, 1},
	{"recovery", 0x2D80000ULL, 0x1000000LL, 1},
	{"logo", 0x3D80000ULL, 0x800000LL, 1},
	{"expdb", 0x4580000ULL, 0xA00000LL, 0},
	{"seccfg", 0x4F80000ULL, 0x80000LL, 0},
	{"oemkeystore", 0x5000000ULL, 0x200000LL, 0},
	{"secro", 0x5200000ULL, 0x600000LL, 1},
	{"keystore", 0x5800000ULL, 0x800000LL, 0},
	{"tee1", 0x6000000ULL, 0x500000LL, 1},
	{"tee2", 0x6500000ULL, 0x500000LL, 1},
	{"frp", 0x6A00000ULL, 0x100000LL, 0},
	{"nvdata", 0x6B00000ULL, 0x2000000LL, 0},
	{"metadata", 0x8B00000ULL, 0x2500000LL, 0},
	{"system", 0xB000000ULL, 0xF8000000LL, 1},
	{"cache", 0x103000000ULL, 0x19000000LL, 1},
	{"userdata", 0x11C000000ULL, 0x60000000LL, 1},
	{"flashinfo", 0xFFFF0084ULL, 0x1000000LL, 0},
	{"sgpt", 0xFFFF0004ULL, 0x80000LL, 0},
};

static const struct exp_file expected[] = {
	{"GoldRenard__AllegroROM_4.2.2_mt6572__HWPackage_A516_S117_scatter_MT6572_Android_scatter.txt", "v1.1", "MT6572", sizeof(exp_1) / sizeof(exp_1[0]), exp_1},
	{"GoldRenard__device_lenovo_s960_twrp_tree__MT6589_Android_scatter_emmc.txt", "legacy", NULL, sizeof(exp_2) / sizeof(exp_2[0]), exp_2},
	{"LinuxBozo__mtk-wish-android-tablet__MT6582_Android_scatter.txt", "v1.1", "MT6582", sizeof(exp_3) / sizeof(exp_3[0]), exp_3},
	{"NeverMine17__fly-iq-4407-scatter__MT6572_Android_scatter.txt", "v1.1", "MT6572", sizeof(exp_4) / sizeof(exp_4[0]), exp_4},
	{"WikoSunset2-LineageOS__wiko_s4050ap_part_layout__MT6572_Android_scatter.txt", "v1.1", "MT6572", sizeof(exp_5) / sizeof(exp_5[0]), exp_5},
	{"li127832919__MTK6572__mediatek_misc_MT6572_Android_scatter.txt", "v1.1", "MT6572", sizeof(exp_6) / sizeof(exp_6[0]), exp_6},
	{"li127832919__MTK6572__mediatek_misc_ota_scatter.txt", "ota", NULL, sizeof(exp_7) / sizeof(exp_7[0]), exp_7},
	{"luckasfb__IQ441-kernel-3.4.5-bb__mediatek_misc_MT6577_Android_scatter_emmc.txt", "legacy", NULL, sizeof(exp_8) / sizeof(exp_8[0]), exp_8},
	{"luisetex84__android_device_bq_Aquaris_E10__MT6592_Android_scatter.txt", "v1.1", "MT6592", sizeof(exp_9) / sizeof(exp_9[0]), exp_9},
	{"peterpt__Mobiwire_S10__MT6572_Android_scatter.txt", "v1.1", "MT6572", sizeof(exp_10) / sizeof(exp_10[0]), exp_10},
	{"sindastra__android_device_acer_acer_e39__MT6582_Android_scatter.txt", "v1.1", "MT6582", sizeof(exp_11) / sizeof(exp_11[0]), exp_11},
	{"smith901__bluvivoxl2twrp3__MT6735_Android_scatter.txt", "v1.1", "MT6735", sizeof(exp_12) / sizeof(exp_12[0]), exp_12},
};
