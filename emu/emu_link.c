/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The in-process link: the host's transport seam wired straight to a virtual
 * phone, for fast tests. The phone answers synchronously, so a read that
 * finds nothing is a timeout at once (unless a stall fault holds output). With
 * a hub (cfg.hub_path) the bytes each way wait for their slice of it, in the
 * host's thread.
 */
#include <stdlib.h>
#include <unistd.h>

#include "emu_priv.h"
#include "mtkfw/transport.h"

static int link_read(void *impl, void *buf, size_t len, unsigned timeout_ms, size_t *got)
{
	struct mtkfw_emu *e = impl;
	mtkfw_emu_tick(e);
	if (!mtkfw_emu_pending(e) && mtkfw_emu_stall_ms(e)) {
		unsigned wait = mtkfw_emu_stall_ms(e);
		usleep((wait < timeout_ms ? wait : timeout_ms) * 1000u);
	}
	*got = mtkfw_emu_pull(e, buf, len);
	if (*got) {
		emu_link_carried(e, *got);
		return 0;
	}
	return mtkfw_emu_gone(e) ? MTKFW_E_DISCONNECTED : MTKFW_E_TIMEOUT;
}

static int link_write(void *impl, const void *buf, size_t len, unsigned timeout_ms, size_t *sent)
{
	struct mtkfw_emu *e = impl;
	(void)timeout_ms;
	if (mtkfw_emu_gone(e))
		return MTKFW_E_DISCONNECTED;
	mtkfw_emu_feed(e, buf, len);
	emu_link_carried(e, len);
	*sent = len;
	return 0;
}

static int link_reopen(void *impl)
{
	struct mtkfw_emu *e = impl;
	mtkfw_emu_disconnect(e);
	mtkfw_emu_connect(e);
	return 0;
}

static void link_close(void *impl)
{
	mtkfw_emu_disconnect(impl);
}

static const struct mtkfw_transport_ops link_ops = {
	.name = "emulator",
	.read = link_read,
	.write = link_write,
	.reopen = link_reopen,
	.close = link_close,
};

int mtkfw_emu_transport(struct mtkfw_emu *e, struct mtkfw_ctx *ctx, struct mtkfw_transport **out)
{
	mtkfw_emu_connect(e);
	return mtkfw_transport_new(ctx, &link_ops, e, out);
}
