/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Will this package work on this phone? (docs/board.md, "compat"). Each line
 * compares one thing the package says with what the phone says: chip,
 * storage, the preloader's EMI table against the eMMC (SP Flash Tool 4032),
 * the preloader's board against the phone's, the layout (8038 in download
 * mode), the display, camera and touch drivers both name, the Android
 * version, identity files in the package.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "flash_priv.h"
#include "mtkfw/compat.h"
#include "mtkfw/layout.h"
#include "mtkfw/session.h"

const char *mtkfw_compat_level_name(enum mtkfw_compat_level level)
{
	return level == MTKFW_COMPAT_STOP ? "stop" : level == MTKFW_COMPAT_RISK ? "risk" : "ok";
}

/*
 * Add a line; fix may be NULL. Ten lines at most are made; were the array
 * full, a line would go into its last slot, past n, out of the count but in
 * the verdict (a slot of the caller's, where a static spare was one for every
 * thread).
 */
static struct mtkfw_compat_line *line(struct mtkfw_compat *c, const char *what,
				      enum mtkfw_compat_level level, const char *fix,
				      const char *fmt, ...) MTKFW_PRINTF(5, 6);
static struct mtkfw_compat_line *line(struct mtkfw_compat *c, const char *what,
				      enum mtkfw_compat_level level, const char *fix,
				      const char *fmt, ...)
{
	size_t last = MTKFW_ARRAY_SIZE(c->lines) - 1;
	struct mtkfw_compat_line *x = &c->lines[c->n < last ? c->n++ : last];
	va_list ap;
	memset(x, 0, sizeof(*x));
	snprintf(x->what, sizeof(x->what), "%s", what);
	x->level = level;
	va_start(ap, fmt);
	vsnprintf(x->evidence, sizeof(x->evidence), fmt, ap);
	va_end(ap);
	snprintf(x->fix, sizeof(x->fix), "%s", fix ? fix : "");
	if (level > c->verdict)
		c->verdict = level;
	return x;
}

/* "a, b, c" of a name set into buf. */
static const char *joined(const struct mtkfw_names *n, char *buf, size_t len)
{
	size_t k = 0;
	buf[0] = 0;
	for (size_t i = 0; i < n->n && k + 3 < len; i++) {
		int w = snprintf(buf + k, len - k, "%s%s", i ? ", " : "", n->v[i]);
		k += w > 0 ? (size_t)w : 0;
	}
	return n->n ? buf : "none";
}

/* Drivers of one kind both sides name: in common, or what each names. */
static void drivers(struct mtkfw_compat *c, const char *what, const struct mtkfw_names *pkg,
		    const struct mtkfw_names *phone, const char *broken)
{
	struct mtkfw_names both = {0};
	char a[200], b[200];
	for (size_t i = 0; i < pkg->n; i++)
		for (size_t j = 0; j < phone->n; j++)
			if (!strcmp(pkg->v[i], phone->v[j]))
				mtkfw_names_add(&both,
						pkg->v[i]); /* short of memory: fewer named */
	if (both.n)
		line(c, what, MTKFW_COMPAT_OK, NULL, "in both: %s", joined(&both, a, sizeof(a)));
	else if (!pkg->n || !phone->n)
		line(c, what, MTKFW_COMPAT_RISK,
		     "compare the phone's model with the package's name",
		     "cannot tell: the package names %s, the phone %s", joined(pkg, a, sizeof(a)),
		     joined(phone, b, sizeof(b)));
	else
		line(c, what, MTKFW_COMPAT_RISK,
		     "look for a package of this phone's board; flash only with a backup at hand",
		     "no driver in common (package: %s; phone: %s): %s", joined(pkg, a, sizeof(a)),
		     joined(phone, b, sizeof(b)), broken);
	mtkfw_names_free(&both);
}

/* The preloader's EMI table against the phone's eMMC. */
static void emi(struct mtkfw_compat *c, const struct mtkfw_board *pkg, const uint8_t cid[16])
{
	const char *v = mtkfw_emmc_vendor_name(cid[0]);
	for (unsigned i = 0; i < pkg->n_emi; i++)
		if (mtkfw_emi_fits(&pkg->emi[i], cid)) {
			line(c, "emi", MTKFW_COMPAT_OK, NULL,
			     "record %u of %u in the package's preloader is for this phone's eMMC "
			     "(%s %.6s)",
			     i + 1, pkg->n_emi, v ? v : "unknown vendor", (const char *)cid + 3);
			return;
		}
	struct mtkfw_compat_line *x =
		pkg->n_emi
			? line(c, "emi", MTKFW_COMPAT_STOP,
			       "use this phone's own firmware, or --skip PRELOADER",
			       "none of the %u EMI records of the package's preloader is for this "
			       "phone's eMMC (%s %.6s): written, it could not bring the RAM up and "
			       "the phone would not start",
			       pkg->n_emi, v ? v : "unknown vendor", (const char *)cid + 3)
			: line(c, "emi", MTKFW_COMPAT_RISK,
			       "keep the phone's preloader: --skip PRELOADER",
			       "the package's preloader has no EMI table to compare");
	if (pkg->n_emi)
		x->spft = 4032;
}

/* The package's preloader board against the one on the phone. */
static void preloader(struct mtkfw_compat *c, const struct mtkfw_board *pkg,
		      const struct mtkfw_board *phone)
{
	if (!*pkg->preloader_board || !*phone->preloader_board)
		line(c, "preloader", MTKFW_COMPAT_RISK, NULL,
		     "cannot tell: the package's preloader is '%s', the phone's '%s'",
		     *pkg->preloader_board ? pkg->preloader_board : "unknown",
		     *phone->preloader_board ? phone->preloader_board : "unknown");
	else if (strcmp(pkg->preloader_board, phone->preloader_board))
		line(c, "preloader", MTKFW_COMPAT_STOP,
		     "keep the phone's preloader (--skip PRELOADER), or force it if you know the "
		     "boards are the same",
		     "a foreign preloader: the package's is %s, the phone runs %s (another "
		     "board's bootloader may leave the phone dead)",
		     pkg->preloader_board, phone->preloader_board);
	else
		line(c, "preloader", MTKFW_COMPAT_OK, NULL, "the same board: %s",
		     pkg->preloader_board);
}

static void layout(struct mtkfw_compat *c, const struct mtkfw_layout *l,
		   const struct mtkfw_scatter *sc)
{
	char diff[400];
	size_t n = l && sc ? plan_layout_diff(l, sc, diff, sizeof(diff)) : 0;
	if (!l || !sc || !l->n_parts)
		line(c, "layout", MTKFW_COMPAT_RISK, "flash with --mode upgrade or format-all",
		     "cannot compare: the phone shows no partition table");
	else if (n)
		line(c, "layout", MTKFW_COMPAT_RISK,
		     "flash with --mode upgrade (identity is carried to its new place)",
		     "a plain download would fail (SP Flash Tool 8038, PMT changed for the ROM): "
		     "%zu partition%s differ from the phone's: %s",
		     n, n == 1 ? "" : "s", diff)
			->spft = 8038;
	else
		line(c, "layout", MTKFW_COMPAT_OK, NULL,
		     "every partition of the package is where the phone has it");
}

int mtkfw_compat_check(struct mtkfw_session *s, const struct mtkfw_layout *l,
		       const struct mtkfw_report *rep, const struct mtkfw_board *pkg,
		       const struct mtkfw_board *phone, struct mtkfw_compat *out)
{
	const struct mtkfw_scatter *sc = mtkfw_report_scatter(rep);
	const struct mtkfw_flash_info *f = mtkfw_session_flash(s);
	const char *storage = sc ? mtkfw_scatter_storage(sc) : NULL;
	char a[200];
	memset(out, 0, sizeof(*out));
	line(out, "chip",
	     mtkfw_strieq(pkg->chip, phone->chip) ? MTKFW_COMPAT_OK : MTKFW_COMPAT_STOP,
	     mtkfw_strieq(pkg->chip, phone->chip) ? NULL : "use a package made for this chip",
	     "the package is for %s, the phone is %s", pkg->chip, phone->chip);
	bool nand = storage && strstr(storage, "NAND");
	line(out, "storage", nand == !f->emmc ? MTKFW_COMPAT_OK : MTKFW_COMPAT_STOP,
	     nand == !f->emmc ? NULL : "use a package made for this phone's storage",
	     "the package is for %s, the phone has %s", storage ? storage : "eMMC (not said)",
	     f->emmc ? "eMMC" : "NAND");
	emi(out, pkg, f->cid);
	preloader(out, pkg, phone);
	layout(out, l, sc);
	drivers(out, "lcm", &pkg->drivers[MTKFW_DRV_LCM], &phone->drivers[MTKFW_DRV_LCM],
		"a black screen is likely");
	drivers(out, "camera", &pkg->drivers[MTKFW_DRV_CAMERA], &phone->drivers[MTKFW_DRV_CAMERA],
		"the camera will likely not work");
	drivers(out, "touch", &pkg->drivers[MTKFW_DRV_TOUCH], &phone->drivers[MTKFW_DRV_TOUCH],
		"the touch screen will likely not respond");
	if (*pkg->android_version && *phone->android_version)
		line(out, "android",
		     strcmp(pkg->android_version, phone->android_version) ? MTKFW_COMPAT_RISK
									  : MTKFW_COMPAT_OK,
		     strcmp(pkg->android_version, phone->android_version)
			     ? "back up the user's data: another version may not boot with it"
			     : NULL,
		     "Android %s on the phone, %s in the package", phone->android_version,
		     pkg->android_version);
	if (pkg->identity.n)
		line(out, "identity", MTKFW_COMPAT_RISK,
		     "nothing to do: flash leaves them out unless --write-identity is given",
		     "the package carries identity files (%s): another phone's IMEI and "
		     "calibration",
		     joined(&pkg->identity, a, sizeof(a)));
	else
		line(out, "identity", MTKFW_COMPAT_OK, NULL,
		     "the package carries no identity files");
	return 0;
}

int mtkfw_compat_allows(struct mtkfw_ctx *ctx, const struct mtkfw_compat *c, bool writes_preloader,
			const char *force)
{
	char why[1024] = "";
	size_t k = 0;
	for (size_t i = 0; i < c->n; i++) {
		const struct mtkfw_compat_line *x = &c->lines[i];
		bool preloader = !strcmp(x->what, "preloader") || !strcmp(x->what, "emi");
		if (x->level != MTKFW_COMPAT_STOP || !strcmp(x->what, "emi") ||
		    (preloader && !writes_preloader) || mtkfw_in_list(force, x->what))
			continue;
		int w = snprintf(why + k, sizeof(why) - k, "%s%s: %s; %s", k ? "\n  " : "", x->what,
				 x->evidence, x->fix);
		k += w > 0 && (size_t)w < sizeof(why) - k ? (size_t)w : 0;
	}
	if (!k)
		return 0;
	mtkfw_set_step(ctx, "compat");
	return mtkfw_fail(ctx, MTKFW_E_INCOMPATIBLE,
			  "the package does not fit this phone ('mtkfw compat' shows every line); "
			  "nothing was written:\n  %s\n  to flash it anyway, name what you accept: "
			  "--force-compat WHAT[,WHAT]",
			  why);
}
