/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * One slot's phone, in a thread of its own: a job of its own (tagged with
 * the slot), the phone opened on the slot's port, the firmware flashed as
 * `mtkfw flash` flashes it, the phone rebooted when all went well. What the
 * report needs is kept in the slot's row.
 */
#include <stdio.h>
#include <string.h>

#include "mtkfw/session.h"
#include "station_priv.h"

bool slot_link_lost(int rc)
{
	return rc == MTKFW_E_DISCONNECTED || rc == MTKFW_E_TIMEOUT || rc == MTKFW_E_NO_DEVICE;
}

/* The sink of the slot's job (see station_priv.h). */
void station_forward(void *user, const struct mtkfw_event *ev)
{
	struct slot *sl = user;
	struct station *st = sl->st;
	if (ev->kind == MTKFW_EVENT_ERROR) { /* the report's error columns */
		sl->err_code = ev->code;
		sl->err_spft = ev->spft ? ev->spft->number : 0;
		snprintf(sl->err_spft_name, sizeof(sl->err_spft_name), "%s",
			 ev->spft ? ev->spft->symbol : "");
		snprintf(sl->err_message, sizeof(sl->err_message), "%s",
			 ev->message ? ev->message : "");
	}
	if (ev->cid && !*sl->row.cid) /* told before DRAM: a phone that fails there has a CID too */
		snprintf(sl->row.cid, sizeof(sl->row.cid), "%s", ev->cid);
	pthread_mutex_lock(&st->lock);
	report_log_event(sl, ev);
	if (st->sink)
		st->sink(st->sink_user, ev);
	pthread_mutex_unlock(&st->lock);
}

/* The phone's CID and ME_ID, in hex, into the row (first attempt: they stay). */
static void identify(struct slot *sl, struct mtkfw_phone *p)
{
	struct mtkfw_session *s = mtkfw_phone_session(p);
	const struct mtkfw_brom_info *b = mtkfw_session_brom(s);
	mtkfw_session_cid_hex(s, sl->row.cid);
	for (size_t i = 0; i < b->me_id_len && i < 16; i++)
		snprintf(sl->row.me_id + 2 * i, 3, "%02X", b->me_id[i]);
}

/*
 * Is the phone that came back into a lost phone's slot another one (another
 * CID)? Then the lost phone's flash is not continued on it: sl->another, and
 * the slot's error says both CIDs. The newcomer stays connected (sl->kept):
 * its DA runs now, so a new handshake would not reach its boot ROM; the
 * slot's next flash uses this connection.
 */
static bool another_phone(struct slot *sl, struct mtkfw_phone *p)
{
	char cid[33];
	mtkfw_session_cid_hex(mtkfw_phone_session(p), cid);
	sl->another = *sl->row.cid && strcmp(cid, sl->row.cid);
	if (sl->another)
		snprintf(sl->err_message, sizeof(sl->err_message),
			 "another phone (CID %s) was plugged into the slot of this one (CID %s), "
			 "whose flash stopped: plug this one back in and run 'mtkfw flash PKG "
			 "--resume' on it",
			 cid, sl->row.cid);
	return sl->another;
}

/* The flash of one phone: open, flash (resuming when asked), reboot or leave it. */
static int flash_phone(struct slot *sl)
{
	struct station *st = sl->st;
	struct mtkfw_phone_opts po = MTKFW_INIT(po);
	struct mtkfw_flash_job_opts fo = MTKFW_INIT(fo);
	struct mtkfw_flash_job_result res = MTKFW_INIT(res);
	struct mtkfw_phone *p = NULL;
	po.port = *sl->where.port ? sl->where.port : NULL;
	po.usb = *sl->where.port ? NULL : sl->where.usb;
	po.wait_ms = st->o.wait_ms ? st->o.wait_ms : 10000;
	po.da = st->o.da;
	fo.mode = st->o.mode;
	fo.verify = st->o.verify;
	fo.resume = sl->resume;
	fo.force_compat = st->o.force_compat;
	int rc = 0;
	if (sl->kept) { /* the newcomer a resume found, still connected */
		p = sl->kept;
		sl->kept = NULL;
	} else
		rc = mtkfw_phone_open(sl->job, &po, st->fw, &p);
	if (!rc && sl->resume && another_phone(sl, p)) {
		sl->kept = p;
		return MTKFW_E_MISMATCH;
	} else if (!rc) {
		identify(sl, p);
		rc = mtkfw_job_flash(sl->job, p, st->fw, &fo, &res);
	}
	sl->row.bytes += res.sent;
	if (*res.identity_backup)
		snprintf(sl->row.backup, sizeof(sl->row.backup), "%s", res.identity_backup);
	int closed = mtkfw_phone_close(sl->job, p, !rc);
	return rc ? rc : closed;
}

/* The thread: the flash, its result in the slot, the station woken to see it. */
static void *slot_main(void *arg)
{
	struct slot *sl = arg;
	sl->rc = flash_phone(sl);
	atomic_store(&sl->finished, true);
	mtkfw_slot_watch_wake(sl->st->watch);
	return NULL;
}

int slot_start(struct station *st, struct slot *sl)
{
	struct mtkfw_job_config c = MTKFW_INIT(c);
	c.on_event = station_forward;
	c.user = sl;
	c.slot = sl->where.id;
	c.store = job_store(st->j);
	c.log_level = st->j->cfg.log_level;
	int r = sl->kept ? 0 : mtkfw_job_new(&c, &sl->job); /* a kept phone's hooks name its job */
	if (r)
		return mtkfw_fail(st->j->ctx, r, "out of memory");
	sl->err_code = 0;
	sl->another = false;
	sl->err_spft = 0;
	*sl->err_message = *sl->err_spft_name = 0;
	atomic_store(&sl->finished, false);
	sl->state = SLOT_BUSY;
	if (pthread_create(&sl->thread, NULL, slot_main, sl)) {
		if (sl->kept)
			slot_release(sl);
		mtkfw_job_free(sl->job);
		sl->job = NULL;
		sl->state = SLOT_EMPTY;
		return mtkfw_fail(st->j->ctx, MTKFW_E_NO_MEM, "cannot start a thread for slot %s",
				  sl->where.id);
	}
	return 0;
}

void slot_join(struct slot *sl)
{
	pthread_join(sl->thread, NULL);
	if (!sl->kept) {
		mtkfw_job_free(sl->job);
		sl->job = NULL;
	}
}

void slot_release(struct slot *sl)
{
	if (!sl->kept)
		return;
	mtkfw_phone_close(sl->job, sl->kept, false);
	sl->kept = NULL;
	mtkfw_job_free(sl->job);
	sl->job = NULL;
}
