/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The firmware a job flashes (a package checked once, its board profiled)
 * and the phone it works on (a session, its layout established once; a
 * cancel reaches its DA between packets).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job_priv.h"
#include "mtkfw/check.h"
#include "mtkfw/package.h"

/* ---- firmware ---- */

/* Each error of the report as a "finding" event, then the refusal. */
static int refuse_package(struct mtkfw_job *j, const char *path, const struct mtkfw_report *r)
{
	for (size_t i = 0; i < mtkfw_report_finding_count(r); i++) {
		const struct mtkfw_finding *f = mtkfw_report_finding(r, i);
		if (f->severity == MTKFW_SEV_ERROR)
			job_tell(j, true, "finding", "error %s%s%s%s: %s", f->code,
				 f->partition ? " [" : "", f->partition ? f->partition : "",
				 f->partition ? "]" : "", f->message);
	}
	if (!mtkfw_report_scatter(r))
		return mtkfw_fail(
			j->ctx, MTKFW_E_FORMAT,
			"%s has no usable scatter file ('mtkfw check %s' says why); nothing "
			"was written",
			path, path);
	return mtkfw_fail(j->ctx, MTKFW_E_FORMAT,
			  "the package has %u error%s ('mtkfw check %s'); nothing was written",
			  mtkfw_report_count(r, MTKFW_SEV_ERROR),
			  mtkfw_report_count(r, MTKFW_SEV_ERROR) == 1 ? "" : "s", path);
}

/* The entry of pkg at path inside it, or (size_t)-1. */
static size_t entry_at(const struct mtkfw_pkg *pkg, const char *path)
{
	for (size_t i = 0; path && i < mtkfw_pkg_count(pkg); i++)
		if (!strcmp(mtkfw_pkg_entry(pkg, i)->path, path))
			return i;
	return (size_t)-1;
}

/* What a flash reads of the package: its scatter, Checksum.ini and each row's image. */
static bool *flash_members(const struct mtkfw_report *rep)
{
	const struct mtkfw_pkg *pkg = mtkfw_report_package(rep);
	size_t n = mtkfw_pkg_count(pkg), k;
	bool *wanted = calloc(n ? n : 1, sizeof(bool));
	if (!wanted)
		return NULL;
	if ((k = entry_at(pkg, mtkfw_report_scatter_path(rep))) < n)
		wanted[k] = true;
	if ((k = entry_at(pkg, mtkfw_report_checksum_ini(rep))) < n)
		wanted[k] = true;
	for (size_t i = 0; i < mtkfw_report_row_count(rep); i++) {
		const struct mtkfw_check_row *row = mtkfw_report_row(rep, i);
		if (row->file && row->member < n)
			wanted[row->member] = true;
	}
	return wanted;
}

/*
 * An archive unpacked once (what a flash reads of it) into a folder of its
 * own, and that folder checked again: the firmware's images come from there.
 */
static int unpack_firmware(struct mtkfw_job *j, struct mtkfw_firmware *fw,
			   const struct mtkfw_check_opts *co)
{
	struct mtkfw_report *rep = NULL;
	struct mtkfw_check_opts again = *co;
	char scatter[4400];
	if (!strcmp(mtkfw_report_package_kind(fw->rep), "folder"))
		return 0;
	bool *wanted = flash_members(fw->rep);
	int r = wanted ? job_temp_dir(j, NULL, "mtkfw-firmware", fw->unpacked, sizeof(fw->unpacked))
		       : mtkfw_fail(j->ctx, MTKFW_E_NO_MEM, "out of memory");
	job_progress_step(j, "unpack", fw->path);
	if (!r)
		r = mtkfw_pkg_unpack(j->ctx, mtkfw_report_package(fw->rep), wanted, fw->unpacked,
				     job_progress, j);
	free(wanted);
	snprintf(scatter, sizeof(scatter), "%s/%s", fw->unpacked,
		 mtkfw_base_name(mtkfw_report_scatter_path(fw->rep)));
	again.scatter = NULL;
	if (!r)
		r = mtkfw_check_package(j->ctx, scatter, &again, &rep);
	if (!r && (mtkfw_report_count(rep, MTKFW_SEV_ERROR) || !mtkfw_report_scatter(rep)))
		r = refuse_package(j, scatter, rep);
	if (r) {
		mtkfw_report_free(rep);
		if (*fw->unpacked)
			mtkfw_remove_flat_dir(fw->unpacked);
		*fw->unpacked = 0;
		return r;
	}
	mtkfw_report_free(fw->rep);
	fw->rep = rep;
	job_tell(j, false, "unpacked", "%s unpacked into %s once, for every phone", fw->path,
		 fw->unpacked);
	return 0;
}

static bool own_job(struct mtkfw_job *j, const char *name);

/* Read, check and (when asked) unpack the package: mtkfw_firmware_open's work. */
static int open_firmware(struct mtkfw_job *j, const char *path,
			 const struct mtkfw_firmware_opts *given, struct mtkfw_firmware **out)
{
	struct mtkfw_firmware_opts o = {.size = sizeof(o)};
	*out = NULL;
	if (given && !job_sized_in(&o, sizeof(o), given, sizeof(o)))
		return mtkfw_fail(j->ctx, MTKFW_E_INVALID_PARAM,
				  "firmware options of another size");
	struct mtkfw_check_opts co = {.read_images = o.read_images, .scatter = o.scatter};
	struct mtkfw_firmware *fw = calloc(1, sizeof(*fw));
	if (!fw)
		return mtkfw_fail(j->ctx, MTKFW_E_NO_MEM, "out of memory");
	snprintf(fw->path, sizeof(fw->path), "%s", path);
	mtkfw_set_step(j->ctx, "package");
	int r = mtkfw_check_package(j->ctx, path, &co, &fw->rep);
	if (!r && (mtkfw_report_count(fw->rep, MTKFW_SEV_ERROR) || !mtkfw_report_scatter(fw->rep)))
		r = refuse_package(j, path, fw->rep);
	if (!r)
		r = mtkfw_board_from_package(j->ctx, fw->rep, &fw->board);
	if (!r && o.unpack)
		r = unpack_firmware(j, fw, &co);
	if (r) {
		mtkfw_board_free(&fw->board);
		mtkfw_report_free(fw->rep);
		free(fw);
		return r;
	}
	*out = fw;
	return 0;
}

int mtkfw_firmware_open(struct mtkfw_job *j, const char *path,
			const struct mtkfw_firmware_opts *given, struct mtkfw_firmware **out)
{
	bool own = own_job(j, "firmware");
	int r = open_firmware(j, path, given, out);
	return own ? job_end(j, r) : r;
}

void mtkfw_firmware_close(struct mtkfw_firmware *fw)
{
	if (!fw)
		return;
	mtkfw_board_free(&fw->board);
	mtkfw_report_free(fw->rep);
	if (*fw->unpacked)
		mtkfw_remove_flat_dir(fw->unpacked);
	free(fw);
}

const char *mtkfw_firmware_path(const struct mtkfw_firmware *fw)
{
	return fw->path;
}

const struct mtkfw_report *mtkfw_firmware_report(const struct mtkfw_firmware *fw)
{
	return fw->rep;
}

const struct mtkfw_board *mtkfw_firmware_board(const struct mtkfw_firmware *fw)
{
	return &fw->board;
}

/* ---- phone ---- */

/* The DA asks between packets whether to go on. */
static bool cancelled(void *user)
{
	return mtkfw_job_cancelled(user);
}

/* The firmware's EMI records as the DRAM settings to connect with, or NULL when it has none. */
static const struct mtkfw_preloader_info *dram_of(const struct mtkfw_firmware *fw,
						  struct mtkfw_preloader_info *pl)
{
	memset(pl, 0, sizeof(*pl));
	if (!fw || !fw->board.n_emi)
		return NULL;
	pl->has_emi = true;
	pl->n_emi = fw->board.n_emi;
	memcpy(pl->emi, fw->board.emi, fw->board.n_emi * sizeof(fw->board.emi[0]));
	return pl;
}

/* The verdict told: what it rests on, or what is wrong with it. */
static void tell_layout(struct mtkfw_job *j, const struct mtkfw_phone_opts *o,
			const struct mtkfw_layout *l)
{
	if (l->state == MTKFW_LAYOUT_GIVEN || (o->layout_from && l->state == MTKFW_LAYOUT_OK))
		job_tell(j, false, "layout", "the phone's layout is %s", l->basis);
	else if (l->state != MTKFW_LAYOUT_OK)
		job_tell(j, true, "layout", "the phone's layout is %s: %s",
			 mtkfw_layout_state_name(l->state), l->why);
}

int job_phone_relayout(struct mtkfw_job *j, struct mtkfw_phone *p, bool given)
{
	struct mtkfw_layout_opts lo = {
		.store = j->store, .layout_from = given && *p->layout_from ? p->layout_from : NULL};
	struct mtkfw_layout *l = NULL;
	int r = mtkfw_session_reload_pmt(p->s);
	if (!r)
		r = mtkfw_layout_establish(p->s, &lo, &l);
	if (r)
		return r;
	mtkfw_layout_free(p->l);
	p->l = l;
	if (l->state != MTKFW_LAYOUT_OK)
		job_tell(j, true, "layout", "the phone's layout is now %s: %s",
			 mtkfw_layout_state_name(l->state), l->why);
	return 0;
}

/* The "connected" event: the chip, its mode, the eMMC's CID and size (a station's table shows
 * them). */
static void tell_connected(struct mtkfw_job *j, struct mtkfw_session *s)
{
	const struct mtkfw_flash_info *f = mtkfw_session_flash(s);
	const struct mtkfw_brom_info *b = mtkfw_session_brom(s);
	struct job_event e;
	char cid[33];
	mtkfw_session_cid_hex(s, cid);
	snprintf(j->cid, sizeof(j->cid), "%s", cid); /* a preloader's DRAM told no "identified" */
	job_event_begin(j, &e, MTKFW_EVENT_INFO, "connected");
	job_event_str(&e, "chip", b->chip->name);
	job_event_str(&e, "mode", b->preloader ? "preloader" : "brom");
	job_event_str(&e, "cid", cid);
	e.ev.cid = cid;
	job_event_u64(&e, "user_bytes", f->user);
	job_event_message(&e, "%s in %s mode, DA %u.%u, eMMC user area %llu MiB, CID %s",
			  b->chip->name, b->preloader ? "preloader" : "BROM", f->da_major,
			  f->da_minor, (unsigned long long)(f->user >> 20), cid);
	job_event_send(j, &e);
}

/* The "identified" event: the eMMC's CID as soon as the DA tells it (before DRAM, which may fail).
 */
static void tell_identified(void *user, const uint8_t raw[16])
{
	struct mtkfw_job *j = user;
	struct job_event e;
	char cid[33];
	mtkfw_cid_hex(raw, cid);
	snprintf(j->cid, sizeof(j->cid), "%s", cid);
	job_event_begin(j, &e, MTKFW_EVENT_INFO, "identified");
	job_event_str(&e, "cid", cid);
	e.ev.cid = cid;
	job_event_message(&e, "eMMC CID %s", cid);
	job_event_send(j, &e);
}

/* Connect: the session, the DA loaded (or not), the cancel hook on it. */
static int connect_phone(struct mtkfw_job *j, const struct mtkfw_phone_opts *o,
			 const struct mtkfw_firmware *fw, struct mtkfw_session **s)
{
	struct mtkfw_preloader_info pl;
	const struct mtkfw_preloader_info *dram = dram_of(fw, &pl);
	struct mtkfw_session_opts so = {
		.port = o->port,
		.usb = o->usb,
		.wait_ms = o->wait_ms ? o->wait_ms : 10000,
		.da_path = o->da,
		.preloader_path = dram ? NULL : o->preloader,
		.preloader = dram,
		.progress = job_progress,
		.progress_user = j,
		.brom_only = o->no_da,
		.transport = o->transport,
		.store = j->store,
		.on_emmc = tell_identified,
		.on_emmc_user = j,
		.cancelled = cancelled,
		.cancelled_user = j,
	};
	job_tell(j, false, "connect", "waiting for the phone%s%s", o->port ? " on " : "",
		 o->port ? o->port : "");
	job_progress_step(j, "loading DA", NULL);
	int r = mtkfw_session_open(j->ctx, &so, s);
	if (r)
		return r;
	mtkfw_da_set_cancel(mtkfw_session_da(*s), cancelled, j);
	if (!o->no_da)
		tell_connected(j, *s);
	return 0;
}

static int open_phone(struct mtkfw_job *j, const struct mtkfw_phone_opts *o,
		      const struct mtkfw_firmware *fw, struct mtkfw_phone **out);

/* Outside a job, a call is a job of its own (named name): true when it began one. */
static bool own_job(struct mtkfw_job *j, const char *name)
{
	if (j->name)
		return false;
	job_begin(j, name);
	return true;
}

int mtkfw_phone_open(struct mtkfw_job *j, const struct mtkfw_phone_opts *o,
		     const struct mtkfw_firmware *fw, struct mtkfw_phone **out)
{
	bool own = own_job(j, "connect");
	int r = open_phone(j, o, fw, out);
	return own ? job_end(j, r) : r;
}

/* Connect and establish the layout (mtkfw_phone_open's work). */
static int open_phone(struct mtkfw_job *j, const struct mtkfw_phone_opts *given,
		      const struct mtkfw_firmware *fw, struct mtkfw_phone **out)
{
	struct mtkfw_phone_opts oc, *o = &oc;
	struct mtkfw_phone *p = calloc(1, sizeof(*p));
	*out = NULL;
	if (!job_sized_in(&oc, sizeof(oc), given, sizeof(oc))) {
		free(p);
		return mtkfw_fail(j->ctx, MTKFW_E_INVALID_PARAM, "phone options of another size");
	}
	if (!p)
		return mtkfw_fail(j->ctx, MTKFW_E_NO_MEM, "out of memory");
	int r = connect_phone(j, o, fw, &p->s);
	if (!r && !o->no_da) {
		struct mtkfw_layout_opts lo = {.store = j->store, .layout_from = o->layout_from};
		snprintf(p->layout_from, sizeof(p->layout_from), "%s",
			 o->layout_from ? o->layout_from : "");
		r = mtkfw_layout_establish(p->s, &lo, &p->l);
		if (!r)
			tell_layout(j, o, p->l);
	}
	if (r) {
		mtkfw_session_close(p->s);
		free(p);
		return r;
	}
	*out = p;
	return 0;
}

int mtkfw_phone_close(struct mtkfw_job *j, struct mtkfw_phone *p, bool reboot)
{
	int r = 0;
	if (!p)
		return 0;
	if (reboot && !p->cancelled && !mtkfw_job_cancelled(j)) {
		bool own = own_job(j, "reboot");
		r = mtkfw_session_reboot(p->s);
		if (!r)
			job_tell(j, false, "reboot", "the phone reboots");
		if (own)
			r = job_end(j, r);
	}
	mtkfw_layout_free(p->l);
	mtkfw_session_close(p->s);
	free(p);
	return r;
}

struct mtkfw_session *mtkfw_phone_session(const struct mtkfw_phone *p)
{
	return p->s;
}

const struct mtkfw_layout *mtkfw_phone_layout(const struct mtkfw_phone *p)
{
	return p->l;
}
