/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Device session: link, identification, DA, flash info and PMT. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "mtkfw/image.h"
#include "mtkfw/session.h"
#include "store.h"

#define PRELOADER_FILE_MAX (4u << 20)

struct mtkfw_session {
	struct mtkfw_ctx *ctx;
	struct mtkfw_transport *t;
	char port[96];
	struct mtkfw_brom_info brom;
	struct mtkfw_da *da;
	struct mtkfw_pmt pmt;
	struct mtkfw_image_info *pl; /* preloader read from --preloader */
	struct mtkfw_emi_record emi[MTKFW_EMI_MAX];
	unsigned n_emi;
	bool brom_only;
};

/* Did the caller ask to stop waiting? (the error set when it did) */
static bool wait_cancelled(struct mtkfw_session *s, const struct mtkfw_session_opts *o)
{
	if (!o->cancelled || !o->cancelled(o->cancelled_user))
		return false;
	mtkfw_fail(s->ctx, MTKFW_E_CANCELLED, "cancelled while waiting for the phone");
	return true;
}

/* Open a port; while it does not exist yet (a phone re-enumerating), wait up to wait_ms. */
static int open_port_waiting(struct mtkfw_session *s, const struct mtkfw_session_opts *o)
{
	for (unsigned waited = 0;; waited += 50) {
		int r = mtkfw_serial_open(s->ctx, o->port, &s->t);
		if (r != MTKFW_E_NO_DEVICE || waited >= o->wait_ms)
			return r;
		if (wait_cancelled(s, o))
			return MTKFW_E_CANCELLED;
		usleep(50 * 1000);
	}
}

#define WAIT_SLICE_MS 250 /* detection waits in slices, asking between them whether to stop */

/* Wait for a detected phone, in slices, until it is there, wait_ms passed or the caller stops. */
static int wait_port_cancellable(struct mtkfw_session *s, const struct mtkfw_session_opts *o,
				 struct mtkfw_port *p)
{
	for (unsigned waited = 0;; waited += WAIT_SLICE_MS) {
		unsigned left = o->wait_ms > waited ? o->wait_ms - waited : 0;
		bool last = !o->cancelled || left <= WAIT_SLICE_MS;
		int r = mtkfw_wait_port(s->ctx, NULL, last ? left : WAIT_SLICE_MS, p);
		bool unbound = !r && !p->tty[0]; /* there, its port not yet bound: wait on */
		if ((r != MTKFW_E_NO_DEVICE && !unbound) || last)
			return r;
		if (wait_cancelled(s, o))
			return MTKFW_E_CANCELLED;
	}
}

/* Open the given port, libusb, or whatever detection finds. */
static int open_link(struct mtkfw_session *s, const struct mtkfw_session_opts *o)
{
	if (o->transport) {
		s->t = o->transport;
		snprintf(s->port, sizeof(s->port), "(given link)");
		return 0;
	}
	if (o->usb) {
		snprintf(s->port, sizeof(s->port), "usb:%s", *o->usb ? o->usb : "auto");
		return mtkfw_usb_open(s->ctx, *o->usb ? o->usb : NULL, &s->t);
	}
	if (o->port) {
		snprintf(s->port, sizeof(s->port), "%s", o->port);
		return open_port_waiting(s, o);
	}
	struct mtkfw_port p;
	int r = wait_port_cancellable(s, o, &p);
	if (r)
		return r;
	if (!p.tty[0])
		return mtkfw_fail(s->ctx, MTKFW_E_NO_DEVICE,
				  "the phone is at USB %s but no ttyACM port is bound to it: load "
				  "cdc_acm, or use --usb %s",
				  p.usb_path, p.usb_path);
	snprintf(s->port, sizeof(s->port), "%s", p.tty);
	mtkfw_log(s->ctx, MTKFW_LOG_INFO, "found the phone at %s (%s mode, USB %s)", p.tty,
		  mtkfw_port_mode_name(p.mode), p.usb_path);
	return mtkfw_serial_open(s->ctx, p.tty, &s->t);
}

/* EMI records: a parsed preloader, or --preloader FILE read and parsed here. */
static int emi_source(struct mtkfw_session *s, const struct mtkfw_session_opts *o,
		      const struct mtkfw_preloader_info **pl)
{
	*pl = o->preloader;
	if (*pl || !o->preloader_path)
		return 0;
	FILE *f = fopen(o->preloader_path, "rb");
	if (!f)
		return mtkfw_fail(s->ctx, MTKFW_E_NOT_FOUND, "cannot open preloader %s",
				  o->preloader_path);
	uint8_t *buf = malloc(PRELOADER_FILE_MAX);
	size_t n = buf ? fread(buf, 1, PRELOADER_FILE_MAX, f) : 0;
	fclose(f);
	s->pl = calloc(1, sizeof(*s->pl));
	int r = buf && s->pl ? mtkfw_image_identify(buf, n, 0, s->pl) : MTKFW_E_NO_MEM;
	free(buf);
	if (r)
		return mtkfw_fail(s->ctx, r, "out of memory");
	if (s->pl->kind != MTKFW_IMG_PRELOADER)
		return mtkfw_fail(s->ctx, MTKFW_E_FORMAT, "%s is not a preloader (%s)",
				  o->preloader_path, s->pl->summary);
	*pl = &s->pl->preloader;
	return 0;
}

/* ---- remembered EMI records ---- */

/* Preloader records first, then every record remembered in the store. */
static void gather_emi(struct mtkfw_session *s, const struct mtkfw_session_opts *o,
		       const struct mtkfw_preloader_info *pl)
{
	char sbuf[4096];
	uint8_t(*raw)[MTKFW_EMI_RECORD_SIZE] = calloc(MTKFW_EMI_MAX, sizeof(*raw));
	for (unsigned i = 0; pl && i < pl->n_emi && s->n_emi < MTKFW_EMI_MAX; i++)
		s->emi[s->n_emi++] = pl->emi[i];
	unsigned n = raw ? store_emi_load(store_root(o->store, sbuf, sizeof(sbuf)), raw,
					  MTKFW_EMI_MAX - s->n_emi)
			 : 0;
	for (unsigned i = 0; i < n; i++)
		mtkfw_emi_record_decode(raw[i], &s->emi[s->n_emi++]);
	free(raw);
}

/* The record that brought DRAM up, saved under the eMMC's CID prefix. */
static void remember_emi(struct mtkfw_session *s, const struct mtkfw_session_opts *o)
{
	const struct mtkfw_flash_info *f = mtkfw_da_info(s->da);
	char sbuf[4096];
	if (f->emi_used >= 0 && f->emi_used < (int)s->n_emi)
		store_emi_save(s->ctx, store_root(o->store, sbuf, sizeof(sbuf)), f->cid,
			       s->emi[f->emi_used].raw);
}

/* Pick the DA file entry for this phone, load DA1/DA2, run the DA. */
static int start_da(struct mtkfw_session *s, const struct mtkfw_session_opts *o)
{
	char def[4096];
	const char *path = o->da_path ? o->da_path : mtkfw_da_default_path(def, sizeof(def));
	if (!path)
		return mtkfw_fail(
			s->ctx, MTKFW_E_DA_FILE,
			"no DA file: give --da MTK_AllInOne_DA.bin (from SP Flash Tool), set "
			"MTKFW_DA, or copy it to ~/.local/share/mtkfw/MTK_AllInOne_DA.bin");
	struct mtkfw_da_file *df = NULL;
	struct mtkfw_da_entry e;
	const struct mtkfw_preloader_info *pl = NULL;
	uint8_t *da1 = NULL, *da2 = NULL;
	int r = mtkfw_da_file_open(s->ctx, path, &df);
	if (!r)
		r = mtkfw_da_file_select(s->ctx, df, s->brom.hw_code, s->brom.hw_ver,
					 s->brom.sw_ver, &e);
	if (!r && !(r = mtkfw_da_file_load(s->ctx, df, &e.r[1], &da1)))
		r = mtkfw_da_file_load(s->ctx, df, &e.r[2], &da2);
	if (!r)
		r = emi_source(s, o, &pl);
	if (!r && !s->brom.preloader)
		gather_emi(s, o, pl);
	if (!r) {
		struct mtkfw_da_start st = {.brom = &s->brom,
					    .da1 = da1,
					    .da2 = da2,
					    .r1 = e.r[1],
					    .r2 = e.r[2],
					    .emi = s->emi,
					    .n_emi = s->n_emi,
					    .emi_version = pl ? pl->emi_version : 0,
					    .progress = o->progress,
					    .progress_user = o->progress_user,
					    .on_emmc = o->on_emmc,
					    .on_emmc_user = o->on_emmc_user};
		r = mtkfw_da_open(s->t, &st, &s->da);
	}
	if (!r)
		remember_emi(s, o);
	free(da1);
	free(da2);
	mtkfw_da_file_close(df);
	return r;
}

/* Read and decode the PMT the DA reports (mtkfw/pmt.h: never trusted unchecked). */
static int load_pmt(struct mtkfw_session *s)
{
	uint8_t *buf;
	size_t len;
	int r = mtkfw_da_read_pmt(s->da, &buf, &len);
	if (r)
		return r;
	mtkfw_pmt_decode(buf, len, mtkfw_da_info(s->da)->user, &s->pmt);
	free(buf);
	if (s->pmt.state == MTKFW_PMT_UNREADABLE)
		mtkfw_log(s->ctx, MTKFW_LOG_WARNING, "the phone's PMT is unreadable: %s",
			  s->pmt.why);
	else if (s->pmt.state == MTKFW_PMT_OK)
		mtkfw_log(s->ctx, MTKFW_LOG_INFO, "PMT: %zu partitions, %s%s", s->pmt.n,
			  mtkfw_pmt_form_name(s->pmt.form),
			  s->pmt.was_sorted ? "" : ", out of address order");
	return 0;
}

int mtkfw_session_open(struct mtkfw_ctx *ctx, const struct mtkfw_session_opts *o,
		       struct mtkfw_session **out)
{
	struct mtkfw_session *s = calloc(1, sizeof(*s));
	if (!s)
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	s->ctx = ctx;
	mtkfw_set_step(ctx, "connect");
	int r = open_link(s, o);
	if (!r) {
		mtkfw_set_step(ctx, "handshake");
		r = mtkfw_brom_identify(s->t, &s->brom);
	}
	if (!r && (s->brom.target_config & 0x7))
		r = mtkfw_fail(ctx, MTKFW_E_SECURITY,
			       "the phone has secure boot, SLA or DAA on (target config 0x%x): it "
			       "needs signed images and an authentication file, which mtkfw does "
			       "not handle",
			       s->brom.target_config);
	s->brom_only = o->brom_only;
	if (!r && !o->brom_only)
		r = start_da(s, o);
	if (!r && !o->brom_only)
		r = load_pmt(s);
	if (r) {
		mtkfw_session_close(s);
		return r;
	}
	*out = s;
	return 0;
}

void mtkfw_session_close(struct mtkfw_session *s)
{
	if (!s)
		return;
	mtkfw_da_close(s->da);
	mtkfw_transport_close(s->t);
	if (s->pl)
		mtkfw_image_info_clear(s->pl);
	free(s->pl);
	free(s);
}

bool mtkfw_session_brom_only(const struct mtkfw_session *s)
{
	return s->brom_only;
}

const struct mtkfw_brom_info *mtkfw_session_brom(const struct mtkfw_session *s)
{
	return &s->brom;
}

const struct mtkfw_flash_info *mtkfw_session_flash(const struct mtkfw_session *s)
{
	return s->da ? mtkfw_da_info(s->da) : NULL;
}

struct mtkfw_da *mtkfw_session_da(const struct mtkfw_session *s)
{
	return s->da;
}

struct mtkfw_ctx *mtkfw_session_ctx(const struct mtkfw_session *s)
{
	return s->ctx;
}

const char *mtkfw_session_port(const struct mtkfw_session *s)
{
	return s->port;
}

const struct mtkfw_pmt *mtkfw_session_pmt(const struct mtkfw_session *s)
{
	return &s->pmt;
}

int mtkfw_session_reload_pmt(struct mtkfw_session *s)
{
	return load_pmt(s);
}

void mtkfw_session_cid_hex(const struct mtkfw_session *s, char out[33])
{
	static const uint8_t none[16];
	const struct mtkfw_flash_info *f = mtkfw_session_flash(s);
	mtkfw_cid_hex(f ? f->cid : none, out);
}

void mtkfw_cid_hex(const uint8_t cid[16], char out[33])
{
	for (int i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02X", cid[i]);
}

int mtkfw_session_reboot(struct mtkfw_session *s)
{
	return s->da ? mtkfw_da_finish(s->da, 0) : 0;
}
