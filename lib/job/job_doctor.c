/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The doctor (docs/dead-phone.md): what is wrong with a phone that will not
 * boot, told as findings with their evidence and what to do; which of the
 * given packages fits it, ranked by the compat verdict; and the way back as a
 * plan of job-API steps, carried out only when asked (each write saves what it
 * overwrites; identity only ever from this phone's own backup).
 *
 * What it reads: the host's side when no port appears (Linux: the cdc_acm
 * driver, ModemManager, the udev rule, a MediaTek device without a port), the
 * phone through the DA (DRAM from the EMI records remembered for its eMMC, or
 * from a given package's preloader that lists it), boot1's preloader, the
 * headers of lk, boot and recovery, and whether the identity partitions hold
 * anything.
 */
#include <dirent.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doctor_priv.h"
#include "mtkfw/backup.h"
#include "mtkfw/compat.h"
#include "mtkfw/emmc.h"
#include "mtkfw/image.h"
#include "mtkfw/json.h"

/* ---- packages ---- */

/* Is name an archive or a scatter file a package may be? */
static bool package_name(const char *name)
{
	static const char *const ends[] = {".zip", ".7z",     ".tar",	     ".tar.gz",
					   ".tgz", ".tar.xz", "_scatter.txt"};
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		size_t k = strlen(ends[i]);
		if (n > k && !strcasecmp(name + n - k, ends[i]))
			return true;
	}
	return false;
}

/* Open one package, quietly refused when it is none (its findings are its own job's events). */
static void open_package(struct doctor *d, const char *path)
{
	if (d->n_fw == DOCTOR_PACKAGES) {
		d->skipped++; /* said once the doctor's job begins */
		return;
	}
	struct mtkfw_firmware_opts fo = MTKFW_INIT(fo);
	/* not unpacked yet: only the package the plan uses is (best_on_disk) */
	if (!mtkfw_firmware_open(d->j, path, &fo, &d->fw[d->n_fw]))
		d->n_fw++;
}

/* Every package in dir (its folders, archives), or dir itself when it is one. */
static void open_packages(struct doctor *d, const char *dir)
{
	struct dirent **ents = NULL;
	int n = scandir(dir, &ents, NULL, alphasort);
	bool self = false;
	for (int i = 0; i < n; i++) {
		size_t l = strlen(ents[i]->d_name);
		self |= l > 12 && !strcasecmp(ents[i]->d_name + l - 12, "_scatter.txt");
	}
	if (n < 0 || self) {
		open_package(d, dir);
		n = n < 0 ? 0 : n;
	}
	for (int i = 0; i < n; i++) {
		char path[4400];
		struct stat st;
		snprintf(path, sizeof(path), "%s/%s", dir, ents[i]->d_name);
		if (!self && ents[i]->d_name[0] != '.' && !stat(path, &st) &&
		    (S_ISDIR(st.st_mode) || package_name(ents[i]->d_name)))
			open_package(d, path);
		free(ents[i]);
	}
	free(ents);
}

/* Is one of the n EMI records for the eMMC whose CID is cid? */
static bool any_emi_fits(const struct mtkfw_emi_record *emi, unsigned n, const uint8_t cid[16])
{
	for (unsigned k = 0; k < n && k < MTKFW_EMI_MAX; k++)
		if (mtkfw_emi_fits(&emi[k], cid))
			return true;
	return false;
}

/* Does package i's preloader have an EMI record for this phone's eMMC? */
static bool emi_fits(const struct doctor *d, size_t i)
{
	return any_emi_fits(d->fw[i]->board.emi, d->fw[i]->board.n_emi, d->cid);
}

/* The CID (hex) the DA told, as bytes. */
static bool cid_bytes(const char *hex, uint8_t out[16])
{
	for (size_t i = 0; i < 16; i++) {
		unsigned v;
		if (!hex[2 * i] || sscanf(hex + 2 * i, "%2x", &v) != 1)
			return false;
		out[i] = (uint8_t)v;
	}
	return true;
}

#define PRELOADER_MAX (1 << 20) /* a preloader file read whole to take its EMI table */

/* The EMI records of the user's --preloader added to b's (the user's word: one witness more). */
static void add_given_emi(struct doctor *d, const char *path, struct mtkfw_board *b)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = f ? malloc(PRELOADER_MAX) : NULL;
	size_t n = buf ? fread(buf, 1, PRELOADER_MAX, f) : 0;
	struct mtkfw_image_info im;
	memset(&im, 0, sizeof(im));
	if (n && !mtkfw_image_identify(buf, n, 0, &im) && im.kind == MTKFW_IMG_PRELOADER)
		for (unsigned k = 0;
		     k < im.preloader.n_emi && k < MTKFW_EMI_MAX && b->n_emi < MTKFW_EMI_MAX; k++)
			b->emi[b->n_emi++] = im.preloader.emi[k];
	else
		doctor_finding(d, "phone", "warning", NULL,
			       "%s gave no EMI table (not a preloader?)", path);
	mtkfw_image_info_clear(&im);
	free(buf);
	if (f)
		fclose(f);
}

/*
 * Connect once: DRAM from every EMI record at hand (the packages' preloaders', the remembered
 * ones; the user's --preloader when no package is given), the session choosing the one that
 * lists the eMMC the DA tells. A failed DRAM leaves a real phone's DA hung until it is plugged
 * in again, so there is no second try. 0 with d->p open, or the error (said as a finding).
 */
static int connect(struct doctor *d, const struct mtkfw_phone_opts *po)
{
	struct mtkfw_firmware *all = d->n_fw ? calloc(1, sizeof(*all)) : NULL;
	for (size_t i = 0; all && i < d->n_fw; i++) {
		const struct mtkfw_board *b = &d->fw[i]->board;
		for (unsigned k = 0; k < b->n_emi && all->board.n_emi < MTKFW_EMI_MAX; k++)
			all->board.emi[all->board.n_emi++] = b->emi[k];
	}
	if (all && po->preloader)
		add_given_emi(d, po->preloader, &all->board);
	int rc = mtkfw_phone_open(d->j, po, all, &d->p);
	free(all);
	bool known = cid_bytes(d->j->cid, d->cid);
	bool pl = !rc && mtkfw_session_brom(mtkfw_phone_session(d->p))->preloader;
	for (size_t i = 0; !rc && known && !pl && i < d->n_fw; i++) /* BROM: DRAM was ours */
		if (emi_fits(d, i)) {
			doctor_finding(
				d, "phone", "ok", NULL,
				"DRAM from the EMI table of %s's preloader, which lists this eMMC "
				"(CID %s)",
				mtkfw_firmware_path(d->fw[i]), d->j->cid);
			break;
		}
	if (rc == MTKFW_E_DRAM)
		doctor_finding(
			d, "phone", "error",
			"give the folder of this phone's own firmware with --packages: its "
			"preloader's EMI table lists the eMMC",
			"DRAM could not be set up (SP Flash Tool 4032): no EMI record at hand lists "
			"this eMMC%s%s",
			known ? ", CID " : "", known ? d->j->cid : "");
	else if (rc == MTKFW_E_NO_DEVICE)
		return rc;
	else if (rc)
		doctor_finding(d, "link", "error",
			       job_fix(rc, mtkfw_spft_find(rc, mtkfw_ctx_step(d->j->ctx))), "%s",
			       mtkfw_ctx_errmsg(d->j->ctx));
	return rc;
}

/* ---- the phone's parts ---- */

/* Read the first n bytes (at most DOCTOR_HEAD) of a range into buf; n cut to the range. */
static int read_head(struct doctor *d, struct mtkfw_range r, uint8_t *buf, size_t *n)
{
	if (r.length < *n)
		*n = (size_t)r.length;
	r.length = *n;
	return mtkfw_read_mem(d->p->s, &r, buf);
}

/* Are all n bytes b? */
static bool all(const uint8_t *buf, size_t n, uint8_t b)
{
	for (size_t i = 0; i < n; i++)
		if (buf[i] != b)
			return false;
	return true;
}

/* Is name the preloader of one of the packages? */
static bool known_preloader(const struct doctor *d, const char *name)
{
	for (size_t i = 0; i < d->n_fw; i++)
		if (!strcmp(d->fw[i]->board.preloader_board, name))
			return true;
	return false;
}

/* boot1: the preloader there, judged (missing, damaged, another board's, EMI without this eMMC). */
static void judge_preloader(struct doctor *d, uint8_t *buf)
{
	size_t n = DOCTOR_HEAD;
	struct mtkfw_image_info im;
	static const char fix[] = "write the fitting package's preloader (the plan below)";
	d->preloader = PART_BAD;
	if (read_head(d, (struct mtkfw_range){MTKFW_PART_BOOT1, 0, DOCTOR_HEAD}, buf, &n)) {
		d->preloader = PART_UNKNOWN;
		doctor_finding(d, "preloader", "error", "reconnect; the eMMC may be failing",
			       "boot1 could not be read: %s", mtkfw_ctx_errmsg(d->j->ctx));
		return;
	}
	if (all(buf, n, 0) || all(buf, n, 0xFF)) {
		doctor_finding(
			d, "preloader", "error", fix,
			"boot1 is empty: no preloader, so the phone stays in its boot ROM (a "
			"flash stopped while writing it, or a format of boot1)");
		return;
	}
	memset(&im, 0, sizeof(im));
	int rc = mtkfw_image_identify(buf, n, 0, &im);
	if (!rc && im.kind == MTKFW_IMG_PRELOADER && !im.preloader.has_emi) {
		d->preloader = PART_UNKNOWN;
		doctor_finding(
			d, "preloader", "warning", NULL,
			"boot1 holds a preloader whose EMI table mtkfw cannot read (%s): left as it is",
			im.summary);
		mtkfw_image_info_clear(&im);
		return;
	}
	if (rc || im.kind != MTKFW_IMG_PRELOADER) {
		doctor_finding(d, "preloader", "error", fix, "boot1 holds no valid preloader (%s)",
			       rc ? "unreadable" : im.summary);
		mtkfw_image_info_clear(&im);
		return;
	}
	const struct mtkfw_preloader_info *pl = &im.preloader;
	if (!any_emi_fits(pl->emi, pl->n_emi, d->cid))
		doctor_finding(
			d, "preloader", "error", fix,
			"boot1's preloader (%s) has %u EMI records, none for this eMMC (CID %s): "
			"it cannot bring DRAM up, so the phone never leaves its boot ROM (the "
			"classic dead phone after a 'universal' preloader)",
			pl->project, pl->n_emi, d->cid_hex);
	else if (d->n_fw && !known_preloader(d, pl->project)) {
		d->preloader = PART_OK; /* it brings DRAM up: not the doctor's to replace */
		doctor_finding(
			d, "preloader", "warning",
			"keep it unless a package of this very board is at hand",
			"boot1's preloader is %s, which none of the packages has: another board's, "
			"or a build the packages do not know",
			pl->project);
	} else {
		d->preloader = PART_OK;
		doctor_finding(d, "preloader", "ok", NULL,
			       "boot1 holds %s, whose EMI table lists this eMMC", pl->project);
	}
	mtkfw_image_info_clear(&im);
}

/* A partition's head, judged as the kind it must hold (lk: MTK header; boot, recovery: Android). */
static enum part_state judge_image(struct doctor *d, const char *what, const char *part,
				   enum mtkfw_image_kind want, uint8_t *buf)
{
	struct mtkfw_range r;
	struct mtkfw_image_info im;
	size_t n = DOCTOR_HEAD;
	if (mtkfw_layout_range(d->j->ctx, d->p->l, part, &r) || read_head(d, r, buf, &n)) {
		doctor_finding(d, what, "warning", NULL, "%s could not be read: %s", part,
			       mtkfw_ctx_errmsg(d->j->ctx));
		return PART_UNKNOWN;
	}
	memset(&im, 0, sizeof(im));
	int rc = mtkfw_image_identify(buf, n, 0, &im);
	bool ok = !rc && im.kind == want;
	if (ok)
		doctor_finding(d, what, "ok", NULL, "%s: %s", part, im.summary);
	else
		doctor_finding(
			d, what, "error", "write it from the fitting package (the plan below)",
			"%s holds no %s image (%s): %s", part, mtkfw_image_kind_name(want),
			rc ? "unreadable" : mtkfw_image_kind_name(im.kind),
			all(buf, n, 0) ? "it is erased"
				       : "its header is damaged, so the phone cannot boot past it");
	mtkfw_image_info_clear(&im);
	return ok ? PART_OK : PART_BAD;
}

/* Does the range hold anything but zeros or 0xFF? Read a MiB at a time, stopping at data. */
static int holds_data(struct doctor *d, struct mtkfw_range r, uint8_t *buf, bool *data)
{
	*data = false;
	for (uint64_t at = 0; at < r.length && !*data; at += DOCTOR_HEAD) {
		struct mtkfw_range piece = {r.part, r.offset + at, DOCTOR_HEAD};
		size_t n = (size_t)(r.length - at < DOCTOR_HEAD ? r.length - at : DOCTOR_HEAD);
		int rc = read_head(d, piece, buf, &n);
		if (rc)
			return rc;
		*data = !all(buf, n, 0) && !all(buf, n, 0xFF);
	}
	return 0;
}

/* Is the backup's file f a whole copy of what the phone lost: data, and ext4 for PROTECT_F/S? */
static bool whole_copy(const struct mtkfw_backup *b, const struct mtkfw_backup_file *f)
{
	uint8_t head[2048];
	char path[4300];
	struct mtkfw_ext4_info e;
	if (f->zero_bytes >= f->length)
		return false;
	if (strncmp(f->name, "PROTECT_", 8))
		return true;
	snprintf(path, sizeof(path), "%s/%s", b->dir, f->file);
	FILE *in = fopen(path, "rb");
	bool ok = in && fread(head, 1, sizeof(head), in) == sizeof(head) &&
		  !mtkfw_ext4_parse(head, sizeof(head), &e) && e.blocks <= f->length / e.block_size;
	if (in)
		fclose(in);
	return ok;
}

/*
 * Does the backup hold an identity (its NVRAM not all zeros), a whole copy of each partition
 * the phone lost (d->blank: a guard taken after the damage holds the damage), and is it intact?
 */
static bool holds_identity(struct doctor *d, const struct mtkfw_backup *b)
{
	bool nvram = false;
	for (size_t i = 0; i < b->n_files; i++) {
		const struct mtkfw_backup_file *f = &b->files[i];
		char want[72];
		snprintf(want, sizeof(want), ",%s,", f->name);
		char lost[sizeof(d->blank) + 2];
		snprintf(lost, sizeof(lost), ",%s,", d->blank);
		if (!strcmp(f->name, "NVRAM"))
			nvram = f->zero_bytes < f->length;
		if (strstr(lost, want) && !whole_copy(b, f))
			return false;
	}
	return nvram && !mtkfw_backup_verify(d->j->ctx, b, NULL, NULL);
}

/*
 * This phone's newest backup that still holds its identity, into out: not merely the newest
 * (a guard taken of a phone whose identity was already gone is newer, and holds zeros).
 */
static bool identity_backup(struct doctor *d, struct mtkfw_backup *out)
{
	char dir[4200];
	struct dirent **ents = NULL;
	bool found = false;
	snprintf(dir, sizeof(dir), "%s/%s", d->j->store, d->cid_hex);
	int n = scandir(dir, &ents, NULL, alphasort);
	for (int i = n - 1; i >= 0; i--) { /* the newest first: names begin with the date */
		char path[4500];
		snprintf(path, sizeof(path), "%s/%s", dir, ents[i]->d_name);
		if (!found && ents[i]->d_name[0] != '.' &&
		    !mtkfw_backup_load(d->j->ctx, path, out) &&
		    out->kind != MTKFW_BACKUP_PARTITIONS)
			found = holds_identity(d, out);
		free(ents[i]);
	}
	free(ents);
	return found;
}

/* The identity partitions: present, holding data; this phone's backups. */
/* Does the range start with an ext4 superblock whose filesystem fits in it? 1 yes, 0 no, -1 it
 * could not be read. */
static int holds_ext4(struct doctor *d, struct mtkfw_range r, uint8_t *buf)
{
	struct mtkfw_ext4_info e;
	size_t n = 2048;
	if (read_head(d, r, buf, &n))
		return -1;
	return !mtkfw_ext4_parse(buf, n, &e) && e.blocks <= r.length / e.block_size;
}

/* Add part to the comma-separated list (of size n) the plan restores from. */
static void add_part(char *list, size_t n, const char *sep, const char *part)
{
	snprintf(list + strlen(list), n - strlen(list), "%s%s", *list ? sep : "", part);
}

static void judge_identity(struct doctor *d, uint8_t *buf)
{
	static const char *const parts[] = {"PRO_INFO", "NVRAM", "PROTECT_F", "PROTECT_S"};
	char blank[160] = "", broken[80] = "";
	struct mtkfw_backup b;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		struct mtkfw_range r;
		bool data = false;
		if (mtkfw_layout_range(d->j->ctx, d->p->l, parts[i], &r) ||
		    holds_data(d, r, buf, &data)) {
			doctor_finding(d, "identity", "warning", NULL, "%s could not be read: %s",
				       parts[i], mtkfw_ctx_errmsg(d->j->ctx));
			continue;
		}
		int fs = !data || strncmp(parts[i], "PROTECT_", 8) ? 1 : holds_ext4(d, r, buf);
		if (fs < 0) {
			doctor_finding(d, "identity", "warning", NULL,
				       "%s's filesystem could not be read: %s", parts[i],
				       mtkfw_ctx_errmsg(d->j->ctx));
			continue;
		}
		if (!data)
			add_part(blank, sizeof(blank), ", ", parts[i]);
		else if (!fs)
			add_part(broken, sizeof(broken), " and ", parts[i]);
		if (!data || !fs)
			add_part(d->blank, sizeof(d->blank), ",", parts[i]);
	}
	bool have = identity_backup(d, &b);
	if (have)
		snprintf(d->backup, sizeof(d->backup), "%s", b.dir);
	d->identity_lost = *blank || *broken;
	if (*broken)
		doctor_finding(
			d, "identity", "error",
			have ? "restore it from this phone's own backup (the plan)"
			     : "only this phone's own backup can bring it back: look for one "
			       "made by another tool",
			"%s hold%s data but no ext4 filesystem (its superblock is "
			"damaged): the phone cannot mount it, and may format it anew, losing "
			"what it held%s%s",
			broken, strchr(broken, ' ') ? "" : "s",
			have ? "; this phone's backup " : "", have ? b.dir : "");
	if (!*blank && !*broken)
		doctor_finding(d, "identity", "ok", NULL,
			       "PRO_INFO, NVRAM, PROTECT_F and PROTECT_S hold data; PROTECT_F and "
			       "PROTECT_S are ext4");
	if (*blank && have)
		doctor_finding(
			d, "identity", "error",
			"restore it from this phone's own backup (the plan)",
			"identity already lost: %s hold nothing (all zeros or 0xFF); this phone's "
			"backup %s has them",
			blank, b.dir);
	else if (*blank)
		doctor_finding(
			d, "identity", "error",
			"only this phone's own backup can bring it back (mtkfw never makes an "
			"IMEI): look for one made by another tool",
			"identity already lost: %s hold nothing, and the store has no backup of "
			"this phone (CID %s)",
			blank, d->cid_hex);
	if (have && !d->identity_lost)
		doctor_finding(d, "backup", "ok", NULL, "this phone's identity is backed up: %s",
			       b.dir);
	else if (!have && !d->identity_lost)
		doctor_finding(d, "backup", "warning", "mtkfw backup (before anything else)",
			       "the store has no backup of this phone's identity");
}

/* ---- which package fits ---- */

/* One package against the phone: its compat lines counted (the preloader line left out when the
 * phone's own preloader is the trouble), told as a "rank" event later. */
struct fit {
	size_t i;
	unsigned stops, risks, oks;
	char reason[512];
};

static void count_fit(const struct doctor *d, const struct mtkfw_compat *c, struct fit *f)
{
	for (size_t k = 0; k < c->n; k++) {
		const struct mtkfw_compat_line *l = &c->lines[k];
		if (!strcmp(l->what, "preloader") && d->preloader == PART_BAD)
			continue; /* the phone's preloader is what is broken: no witness */
		f->stops += l->level == MTKFW_COMPAT_STOP;
		f->risks += l->level == MTKFW_COMPAT_RISK;
		f->oks += l->level == MTKFW_COMPAT_OK;
		if (l->level != MTKFW_COMPAT_OK &&
		    strlen(f->reason) + strlen(l->what) + 80 < sizeof(f->reason))
			snprintf(f->reason + strlen(f->reason),
				 sizeof(f->reason) - strlen(f->reason), "%s%s %s",
				 *f->reason ? "; " : "", mtkfw_compat_level_name(l->level),
				 l->what);
	}
}

/* Fewer stops, then fewer risks, then more lines ok. */
static int fit_order(const void *a, const void *b)
{
	const struct fit *x = a, *y = b;
	if (x->stops != y->stops)
		return x->stops < y->stops ? -1 : 1;
	if (x->risks != y->risks)
		return x->risks < y->risks ? -1 : 1;
	return x->oks > y->oks ? -1 : x->oks < y->oks;
}

static void tell_rank(struct doctor *d, const struct fit *f, size_t rank)
{
	struct job_event e;
	const char *path = mtkfw_firmware_path(d->fw[f->i]);
	job_event_begin(d->j, &e, MTKFW_EVENT_INFO, "rank");
	job_event_u64(&e, "rank", rank);
	job_event_str(&e, "package", path);
	job_event_str(&e, "verdict", f->stops ? "stop" : f->risks ? "risk" : "ok");
	job_event_u64(&e, "stops", f->stops);
	job_event_u64(&e, "risks", f->risks);
	job_event_u64(&e, "oks", f->oks);
	job_event_str(&e, "reason", f->reason);
	job_event_message(&e, "%zu. %s: %s (%s)", rank, path,
			  f->stops   ? "does not fit"
			  : f->risks ? "fits, with risks"
				     : "fits",
			  *f->reason ? f->reason : "every line ok");
	job_event_send(d->j, &e);
}

/* Every package against the phone (its board read once), ranked; d->best the first without a
 * stop line. */
static void rank(struct doctor *d)
{
	struct mtkfw_board phone;
	struct fit f[DOCTOR_PACKAGES];
	uint64_t read = 0;
	d->best = d->n_fw;
	if (!d->n_fw)
		return;
	if (mtkfw_board_from_phone(d->p->s, d->p->l, &phone, &read)) {
		doctor_finding(d, "package", "warning", NULL,
			       "the phone's board could not be read: %s",
			       mtkfw_ctx_errmsg(d->j->ctx));
		return;
	}
	for (size_t i = 0; i < d->n_fw; i++) {
		struct mtkfw_compat c;
		memset(&f[i], 0, sizeof(f[i]));
		f[i].i = i;
		mtkfw_compat_check(d->p->s, d->p->l, d->fw[i]->rep, &d->fw[i]->board, &phone, &c);
		count_fit(d, &c, &f[i]);
	}
	mtkfw_board_free(&phone);
	qsort(f, d->n_fw, sizeof(f[0]), fit_order);
	for (size_t r = 0; r < d->n_fw; r++)
		tell_rank(d, &f[r], r + 1);
	if (!f[0].stops) {
		d->best = f[0].i;
		snprintf(d->res->package, sizeof(d->res->package), "%s",
			 mtkfw_firmware_path(d->fw[d->best]));
	} else {
		doctor_finding(
			d, "package", "error",
			"find this phone's own firmware (its board name is in its preloader and lk)",
			"none of the %zu packages fits this phone (the best: %s)", d->n_fw,
			f[0].reason);
	}
}

/* ---- the link ---- */

#define LINK_TEST_READS 16 /* reads of DOCTOR_HEAD bytes at the user area's start, made twice */

/*
 * A short read test over the link: the first 4 MiB of the user area (the tables) read twice, a
 * piece at a time: how many reads failed or came back different, and the rate.
 */
static void link_test(struct doctor *d, uint8_t *buf)
{
	uint8_t *again = malloc(DOCTOR_HEAD);
	unsigned failed = 0, differ = 0, reads = 0;
	double t0 = job_now();
	for (unsigned i = 0; again && i < LINK_TEST_READS && i * DOCTOR_HEAD < d->p->l->user_size;
	     i++) {
		struct mtkfw_range r = {MTKFW_PART_USER, (uint64_t)i * DOCTOR_HEAD, DOCTOR_HEAD};
		int a = mtkfw_read_mem(d->p->s, &r, buf),
		    b = a ? a : mtkfw_read_mem(d->p->s, &r, again);
		reads += 2;
		failed += (a != 0) + (b != 0 && !a);
		differ += !a && !b && memcmp(buf, again, DOCTOR_HEAD);
		if (a == MTKFW_E_DISCONNECTED || a == MTKFW_E_TIMEOUT)
			break;
	}
	free(again);
	double s = job_now() - t0, mb = (double)reads * DOCTOR_HEAD / 1048576.0;
	const struct mtkfw_brom_info *b = mtkfw_session_brom(d->p->s);
	if (b->handshake_misses)
		doctor_finding(
			d, "link", "warning",
			"another cable, a USB port on the computer itself (no hub); keep Volume "
			"Down held until the port appears",
			"%u handshake attempt%s went unanswered (when none is answered SP Flash "
			"Tool says S_BROM_CMD_STARTCMD_FAIL): the cable, the port or a hub "
			"loses bytes, or the phone started before the host was ready",
			b->handshake_misses, b->handshake_misses == 1 ? "" : "s");
	if (failed)
		doctor_finding(
			d, "link", "error",
			"another cable, a USB port on the computer itself (no hub), the battery in",
			"%u of %u reads of a short read test failed (%s: SP Flash Tool's 4010 "
			"S_FT_READBACK_FAIL): the cable, the port or a hub damages or drops data",
			failed, reads, mtkfw_ctx_errmsg(d->j->ctx));
	else if (differ)
		doctor_finding(d, "link", "warning",
			       "read again; if it repeats the eMMC is failing",
			       "%u of %u pieces read twice came back different: the eMMC misreads",
			       differ, reads / 2);
	else
		doctor_finding(
			d, "link", "ok", NULL,
			"%.0f MiB read twice in %.2f s (%.1f MiB/s), every read whole and the "
			"same%s",
			mb, s, s > 0 ? mb / s : 0,
			b->handshake_misses ? "" : "; every handshake attempt answered");
}

/* ---- the way back ---- */

/* The file of partition name in package fw, as a path on disk, into out: false when none. */
static bool part_file(const struct mtkfw_firmware *fw, const char *name, char *out, size_t n)
{
	const struct mtkfw_report *rep = fw->rep;
	struct stat st;
	for (size_t i = 0; i < mtkfw_report_row_count(rep); i++) {
		const struct mtkfw_check_row *row = mtkfw_report_row(rep, i);
		if (strcasecmp(row->part->name, name) || !row->file)
			continue;
		if (*fw->unpacked) {
			snprintf(out, n, "%s/%s", fw->unpacked, mtkfw_base_name(row->file));
		} else if (!stat(fw->path, &st) && S_ISDIR(st.st_mode)) {
			snprintf(out, n, "%s/%s", fw->path, row->file);
		} else { /* a scatter file: its folder */
			int dir = (int)(mtkfw_base_name(fw->path) - fw->path);
			snprintf(out, n, "%.*s%s", dir ? dir : 2, dir ? fw->path : "./", row->file);
		}
		return !stat(out, &st);
	}
	return false;
}

/* One step of the plan. */
struct step {
	const char *action; /* "write", "restore" */
	const char *target; /* a partition, or "identity" */
	char source[4400];
};

static void tell_step(struct doctor *d, const struct step *s, size_t index)
{
	struct job_event e;
	job_event_begin(d->j, &e, MTKFW_EVENT_INFO, "plan");
	job_event_u64(&e, "index", index);
	job_event_str(&e, "step", s->action);
	job_event_str(&e, "target", s->target);
	job_event_str(&e, "source", s->source);
	job_event_message(&e, "  %zu  %s %s from %s", index, s->action, s->target, s->source);
	job_event_send(d->j, &e);
}

/* The best package's images as files: an archive unpacked now, the one the plan uses only. */
static bool best_on_disk(struct doctor *d)
{
	struct mtkfw_firmware *fw = d->fw[d->best], *again = NULL;
	struct mtkfw_firmware_opts fo = MTKFW_INIT(fo);
	if (*fw->unpacked || !strcmp(mtkfw_report_package_kind(fw->rep), "folder"))
		return true;
	fo.unpack = true;
	if (mtkfw_firmware_open(d->j, fw->path, &fo, &again)) {
		doctor_finding(d, "plan", "error", "unpack it by hand and give its folder",
			       "%s could not be unpacked: %s", fw->path,
			       mtkfw_ctx_errmsg(d->j->ctx));
		return false;
	}
	mtkfw_firmware_close(fw);
	d->fw[d->best] = again;
	return true;
}

/* The steps the findings call for, as far as a fitting package and a backup allow. */
static size_t plan(struct doctor *d, struct step *steps)
{
	static const struct {
		const char *part;
		size_t off;
	} parts[] = {{"PRELOADER", offsetof(struct doctor, preloader)},
		     {"UBOOT", offsetof(struct doctor, lk)},
		     {"BOOTIMG", offsetof(struct doctor, boot)},
		     {"RECOVERY", offsetof(struct doctor, recovery)}};
	size_t n = 0;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		enum part_state st = *(enum part_state *)((char *)d + parts[i].off);
		if (st != PART_BAD)
			continue;
		if (d->best == d->n_fw) {
			doctor_finding(d, "plan", "error",
				       "give a folder of packages that holds this phone's "
				       "firmware with --packages",
				       "%s needs writing, and no given package fits the phone",
				       parts[i].part);
			continue;
		}
		if (!strcmp(parts[i].part, "PRELOADER") && !emi_fits(d, d->best)) {
			doctor_finding(
				d, "plan", "error", "this phone's own firmware is needed",
				"the best package's preloader does not list this eMMC: writing it "
				"would leave the phone as dead");
			continue;
		}
		steps[n] = (struct step){"write", parts[i].part, ""};
		if (!best_on_disk(d))
			break;
		if (part_file(d->fw[d->best], parts[i].part, steps[n].source,
			      sizeof(steps[n].source)))
			n++;
		else
			doctor_finding(d, "plan", "error", "give a package that carries it",
				       "%s has no file for %s", mtkfw_firmware_path(d->fw[d->best]),
				       parts[i].part);
	}
	if (d->identity_lost && *d->backup) {
		steps[n] = (struct step){"restore", "identity", ""};
		snprintf(steps[n].source, sizeof(steps[n].source), "%s", d->backup);
		n++;
	}
	if (n)
		job_tell(d->j, false, "plan", "the way back (%zu step%s%s):", n, n == 1 ? "" : "s",
			 d->o->fix ? "" : "; --fix carries them out");
	for (size_t i = 0; i < n; i++)
		tell_step(d, &steps[i], i + 1);
	return n;
}

/* Carry one step out through its job (which saves what it overwrites and guards identity). */
static int carry_out(struct doctor *d, const struct step *s)
{
	if (!strcmp(s->action, "restore")) {
		struct mtkfw_restore_job_opts ro = MTKFW_INIT(ro);
		struct mtkfw_restore_job_result rr = MTKFW_INIT(rr);
		ro.only = d->blank; /* only what is lost: the rest stays as the phone has it now */
		return mtkfw_job_restore(d->j, d->p, s->source, &ro, &rr);
	}
	struct mtkfw_write_opts wo = MTKFW_INIT(wo);
	struct mtkfw_write_result wr = MTKFW_INIT(wr);
	wo.file = s->source;
	wo.partition = s->target;
	wo.write_preloader = !strcmp(s->target, "PRELOADER");
	/* the phone's own preloader is what the doctor found broken: no witness against this one */
	wo.force_compat = wo.write_preloader ? "preloader" : NULL;
	return mtkfw_job_write(d->j, d->p, &wo, &wr);
}

/* ---- the job ---- */

/* The examination: the phone's parts, its identity, the packages ranked, the plan. */
static size_t examine(struct doctor *d, struct step *steps)
{
	uint8_t *buf = malloc(DOCTOR_HEAD);
	if (!buf)
		return 0;
	if (mtkfw_session_brom(d->p->s)->preloader)
		doctor_finding(d, "phone", "ok", NULL,
			       "the phone answers in preloader mode (boot1's preloader started and "
			       "brought DRAM up) through the DA; eMMC CID %s",
			       d->cid_hex);
	else
		doctor_finding(d, "phone", "ok", NULL,
			       "the phone answers through the DA; eMMC CID %s", d->cid_hex);
	link_test(d, buf);
	judge_preloader(d, buf);
	d->lk = judge_image(d, "lk", "UBOOT", MTKFW_IMG_MTK, buf);
	d->boot = judge_image(d, "boot", "BOOTIMG", MTKFW_IMG_BOOT, buf);
	d->recovery = judge_image(d, "recovery", "RECOVERY", MTKFW_IMG_BOOT, buf);
	if (mtkfw_session_brom(d->p->s)->preloader && (d->lk == PART_BAD || d->boot == PART_BAD))
		doctor_finding(d, "phone", "error", "the plan below writes what is damaged",
			       "a boot loop: the phone came up in its preloader and its %s is "
			       "damaged, so past the preloader's download window it restarts into "
			       "the preloader again and again",
			       d->lk == PART_BAD ? "lk" : "boot image");
	judge_identity(d, buf);
	free(buf);
	rank(d);
	return plan(d, steps);
}

static void doctor_result(struct doctor *d)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "findings", json_object_new_int((int)d->res->findings));
	json_object_object_add(o, "problems", json_object_new_int((int)d->res->problems));
	json_object_object_add(o, "steps", json_object_new_int((int)d->res->steps));
	json_object_object_add(o, "fixed", json_object_new_boolean(d->res->fixed));
	json_object_object_add(o, "package",
			       *d->res->package ? json_object_new_string(d->res->package) : NULL);
	json_object_object_add(o, "cid", *d->cid_hex ? json_object_new_string(d->cid_hex) : NULL);
	job_result(d->j, o);
}

int mtkfw_job_doctor(struct mtkfw_job *j, const struct mtkfw_phone_opts *po,
		     const struct mtkfw_doctor_opts *given, struct mtkfw_doctor_result *res)
{
	struct mtkfw_doctor_opts o = {.size = sizeof(o)};
	struct mtkfw_doctor_result r = {.size = sizeof(r)};
	struct mtkfw_phone_opts pc;
	struct step steps[5];
	if (!job_sized_in(&o, sizeof(o), given, sizeof(o)) || (res && res->size < sizeof(*res)) ||
	    !po || !job_sized_in(&pc, sizeof(pc), po, sizeof(pc)))
		return mtkfw_fail(j->ctx, MTKFW_E_INVALID_PARAM,
				  "doctor or phone options missing or of another size");
	if (pc.no_da)
		return mtkfw_fail(j->ctx, MTKFW_E_INVALID_PARAM,
				  "the doctor reads the phone through the DA: no_da is not for it");
	po = &pc; /* the caller's, as this library's size knows them */
	struct doctor d = {.j = j, .o = &o, .res = &r};
	*j->cid = 0;
	for (size_t i = 0; i < o.n_packages && o.packages; i++)
		open_packages(&d, o.packages[i]);
	int rc = connect(&d, po), fixing_rc = 0;
	snprintf(r.cid, sizeof(r.cid), "%s",
		 j->cid); /* known once the DA told it, even on failure */
	job_begin(j, "doctor");
	if (d.skipped)
		doctor_finding(&d, "package", "warning",
			       "give fewer packages, or a folder per board",
			       "%u packages not examined: at most %d are ranked", d.skipped,
			       DOCTOR_PACKAGES);
	doctor_port(&d, po->port);
	if (rc == MTKFW_E_NO_DEVICE && !po->port)
		doctor_host(&d);
	else if (rc == MTKFW_E_NO_DEVICE)
		doctor_finding(&d, "phone", "error",
			       "power the phone off (battery in), hold Volume Down and plug it in",
			       "%s did not appear", po->port);
	size_t n = 0;
	if (!rc) {
		snprintf(d.cid_hex, sizeof(d.cid_hex), "%s", j->cid);
		cid_bytes(d.cid_hex, d.cid);
		n = examine(&d, steps);
	}
	r.steps = (unsigned)n;
	doctor_result(&d);
	job_end(j, 0);
	for (size_t i = 0; !rc && o.fix && i < n; i++)
		rc = fixing_rc = carry_out(&d, &steps[i]);
	if (!rc && o.fix && n) { /* the phone again, as the doctor sees it now */
		job_begin(j, "doctor");
		struct doctor again = {.j = j, .o = &o, .res = &(struct mtkfw_doctor_result){0}};
		memcpy(again.cid, d.cid, sizeof(d.cid));
		memcpy(again.cid_hex, d.cid_hex, sizeof(d.cid_hex));
		again.p = d.p;
		memcpy(again.fw, d.fw, sizeof(d.fw));
		again.n_fw = d.n_fw;
		struct step none[5];
		again.o = &(struct mtkfw_doctor_opts){.size = sizeof(o)};
		(void)examine(&again, none);
		r.fixed = again.res->fixed = !again.res->problems;
		r.problems = again.res->problems;
		snprintf(again.res->cid, sizeof(again.res->cid), "%s", r.cid);
		doctor_result(&again);
		job_end(j, 0);
	}
	if (d.p)
		mtkfw_phone_close(j, d.p, !rc);
	for (size_t i = 0; i < d.n_fw; i++)
		mtkfw_firmware_close(d.fw[i]);
	if (res)
		memcpy(res, &r, sizeof(r) < res->size ? sizeof(r) : res->size);
	return fixing_rc;
}
