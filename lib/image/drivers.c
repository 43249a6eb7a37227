/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Driver names in lk and kernel images (docs/board.md, "Driver names"): a
 * streaming scanner over the bytes that keeps each run of name characters
 * ([A-Za-z0-9_-], 5 to 63 bytes, between other bytes) and classifies it by
 * MediaTek's naming conventions: LCM drivers "<ic>_<res>_dsi_vdo" and kin,
 * camera sensors "<part>_mipi_raw" / "_yuv", touch and sensor drivers by
 * known part-number families. It also catches the kernel's "Linux version"
 * banner. What it finds is a guess from names, never proof of the hardware.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "mtkfw/drivers.h"

#define TOKEN_MIN  5
#define TOKEN_MAX  63
#define NAMES_MAX  128 /* per kind: a real image has a handful */
#define BANNER	   "Linux version "
#define BANNER_MAX 160

struct mtkfw_driver_scan {
	char tok[TOKEN_MAX + 1];
	size_t tok_len;
	bool tok_long; /* the run outgrew TOKEN_MAX: not a name */
	size_t banner_match;
	char banner[BANNER_MAX + 1];
	size_t banner_len;
	bool in_banner, banner_done;
	struct mtkfw_names names[MTKFW_DRV_KINDS];
};

int mtkfw_driver_scan_new(struct mtkfw_driver_scan **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : MTKFW_E_NO_MEM;
}

void mtkfw_driver_scan_free(struct mtkfw_driver_scan *s)
{
	if (!s)
		return;
	for (int k = 0; k < MTKFW_DRV_KINDS; k++)
		mtkfw_names_free(&s->names[k]);
	free(s);
}

/* ---- name sets ---- */

void mtkfw_names_free(struct mtkfw_names *n)
{
	for (size_t i = 0; i < n->n; i++)
		free(n->v[i]);
	free(n->v);
	memset(n, 0, sizeof(*n));
}

int mtkfw_names_add(struct mtkfw_names *n, const char *name)
{
	size_t lo = 0, hi = n->n;
	while (lo < hi) { /* sorted insert, no duplicates */
		size_t mid = (lo + hi) / 2;
		int c = strcmp(n->v[mid], name);
		if (!c)
			return 0;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (n->n >= NAMES_MAX)
		return 0;
	if (n->n == n->cap) {
		size_t cap = n->cap ? 2 * n->cap : 8;
		char **v = realloc(n->v, cap * sizeof(*v));
		if (!v)
			return MTKFW_E_NO_MEM;
		n->v = v;
		n->cap = cap;
	}
	char *d = mtkfw_strdup(name);
	if (!d)
		return MTKFW_E_NO_MEM;
	memmove(n->v + lo + 1, n->v + lo, (n->n - lo) * sizeof(*n->v));
	n->v[lo] = d;
	n->n++;
	return 0;
}

/* ---- classification ---- */

/* The parts of a name split at '_' (at most 8), in place. */
static size_t split(char *s, char *part[8])
{
	size_t n = 0;
	for (char *p = s; n < 8;) {
		part[n++] = p;
		p = strchr(p, '_');
		if (!p)
			break;
		*p++ = 0;
	}
	return n;
}

static bool one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

static bool starts_one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strncmp(s, *list, strlen(*list)))
			return true;
	return false;
}

/* A part number: letters, then a digit somewhere ("st7701", "ili9806e", "gc2355"). */
static bool part_number(const char *s)
{
	size_t alpha = 0;
	while (isalpha((unsigned char)s[alpha]))
		alpha++;
	return alpha >= 1 && alpha <= 6 && isdigit((unsigned char)s[alpha]) && strlen(s) <= 16;
}

static const char *const lcm_links[] = {"dsi", "dpi", "dbi", "lvds", "mipi", NULL};
static const char *const lcm_shapes[] = {"vdo",	  "cmd",  "qvga",  "wqvga",  "hvga", "wvga",
					 "fwvga", "qhd",  "hd",	   "hd720",  "fhd",  "wxga",
					 "xga",	  "svga", "wsvga", "qhd540", NULL};

/* "st7701_wvga_dsi_vdo", "ili9806e_dsi_wvga_vdo_hlt", "hx8379c_fwvga_dsi_vdo" */
static bool is_lcm(char *part[8], size_t n)
{
	bool link = false, shape = false;
	for (size_t i = 1; i < n; i++) {
		link |= one_of(part[i], lcm_links);
		shape |= one_of(part[i], lcm_shapes);
	}
	return n >= 3 && part_number(part[0]) && link && shape;
}

/* "gc2355_mipi_raw", "sp0a19_yuv", "ov5647mipiraw" */
static bool is_camera(const char *name, char *part[8], size_t n)
{
	static const char *const ends[] = {"raw", "yuv", "mipiraw", "mipiyuv", NULL};
	size_t len = strlen(name);
	bool glued = len > 7 &&
		     (!strcmp(name + len - 7, "mipiraw") || !strcmp(name + len - 7, "mipiyuv"));
	return part_number(part[0]) &&
	       ((n >= 2 && n <= 3 && one_of(part[n - 1], ends)) || (n == 1 && glued));
}

/* Touch controllers of MT65xx phones, by driver name family. */
static const char *const touch_families[] = {
	"gt9",	     "gt8",	"gt1",	    "ft5",     "ft6",	  "ft3",  "gslx",     "gsl1",
	"gsl2",	     "gsl3",	"msg21",    "msg22",   "msg26",	  "icn8", "elan_ktf", "ektf",
	"synaptics", "cy8c",	"hx852",    "mtk-tpd", "mtk_tpd", "fts_", "nt1100",   "ssd25",
	"it7",	     "zinitix", "sitronix", "melfas",  NULL};

/* Accelerometers, ALS/PS, compasses, gyroscopes of MT65xx phones, by part family. */
static const char *const sensor_families[] = {
	"mc32",	 "mc34",   "mc36",   "mma84",  "mma86", "bma2",	  "bma4",  "kxtj",  "kxtik",
	"kxcjk", "lis3dh", "lis2dh", "lsm3",   "lsm6",	"mxc62",  "mxc40", "da2",   "stk3",
	"stk8",	 "ltr5",   "ltr3",   "apds99", "cm362", "cm3232", "epl2",  "epl8",  "tmd27",
	"akm89", "akm09",  "ak89",   "ak09",   "mmc3",	"mmc5",	  "yas5",  "qmc58", "hmc58",
	"mpu6",	 "mpu3",   "l3g",    "bmg1",   "itg3",	"af7133", NULL};

/* Is this short name a part of the family, and nothing more ("stk3x1x", "mc3410", "ltr559")? */
static bool family_member(const char *name, const char *const *families)
{
	if (!starts_one_of(name, families) || strlen(name) > 16)
		return false;
	for (const char *c = name; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '_' && *c != '-')
			return false;
	return strchr(name, '_') == NULL || !strcmp(name + strlen(name) - 3, "_ts") ||
	       !strncmp(name, "elan_ktf", 8) || !strncmp(name, "mtk_tpd", 7) ||
	       !strncmp(name, "fts_", 4);
}

/* Classify one token and keep it where it belongs. */
static int classify(struct mtkfw_driver_scan *s, const char *tok, size_t len)
{
	char name[TOKEN_MAX + 1], parts[TOKEN_MAX + 1], *part[8];
	for (size_t i = 0; i < len; i++)
		name[i] = (char)tolower((unsigned char)tok[i]);
	name[len] = 0;
	memcpy(parts, name, len + 1);
	size_t n = split(parts, part);
	int kind = is_lcm(part, n)			  ? MTKFW_DRV_LCM
		   : is_camera(name, part, n)		  ? MTKFW_DRV_CAMERA
		   : family_member(name, touch_families)  ? MTKFW_DRV_TOUCH
		   : family_member(name, sensor_families) ? MTKFW_DRV_SENSOR
							  : -1;
	return kind < 0 ? 0 : mtkfw_names_add(&s->names[kind], name);
}

/* ---- the stream ---- */

static bool name_char(uint8_t c)
{
	return isalnum(c) || c == '_' || c == '-';
}

/* Follow the "Linux version " banner and keep its line. */
static void banner(struct mtkfw_driver_scan *s, uint8_t c)
{
	if (s->banner_done)
		return;
	if (s->in_banner) {
		if (c == '\n' || c == 0 || !isprint(c) || s->banner_len == BANNER_MAX) {
			s->banner_done = true;
			return;
		}
		s->banner[s->banner_len++] = (char)c;
		s->banner[s->banner_len] = 0;
		return;
	}
	if (c == (uint8_t)BANNER[s->banner_match]) {
		if (++s->banner_match == sizeof(BANNER) - 1)
			s->in_banner = true;
	} else {
		s->banner_match = c == (uint8_t)BANNER[0];
	}
}

int mtkfw_driver_scan_feed(struct mtkfw_driver_scan *s, const uint8_t *buf, size_t len)
{
	int r = 0;
	for (size_t i = 0; !r && i < len; i++) {
		uint8_t c = buf[i];
		banner(s, c);
		if (name_char(c)) {
			if (s->tok_len < TOKEN_MAX)
				s->tok[s->tok_len++] = (char)c;
			else
				s->tok_long = true;
			continue;
		}
		if (!s->tok_long && s->tok_len >= TOKEN_MIN)
			r = classify(s, s->tok, s->tok_len);
		s->tok_len = 0;
		s->tok_long = false;
	}
	return r;
}

const struct mtkfw_names *mtkfw_driver_scan_names(const struct mtkfw_driver_scan *s,
						  enum mtkfw_driver_kind kind)
{
	return &s->names[kind];
}

const char *mtkfw_driver_scan_linux_version(const struct mtkfw_driver_scan *s)
{
	return s->banner_len ? s->banner : NULL;
}
