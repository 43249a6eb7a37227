/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The transport seam: exact reads and writes with timeouts, counts and traces. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "mtkfw/transport.h"

struct mtkfw_transport {
	struct mtkfw_ctx *ctx;
	const struct mtkfw_transport_ops *ops;
	void *impl;
	uint64_t in, out;
};

int mtkfw_transport_new(struct mtkfw_ctx *ctx, const struct mtkfw_transport_ops *ops, void *impl,
			struct mtkfw_transport **out)
{
	struct mtkfw_transport *t = calloc(1, sizeof(*t));
	if (!t)
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	t->ctx = ctx;
	t->ops = ops;
	t->impl = impl;
	*out = t;
	return 0;
}

int mtkfw_transport_read_some(struct mtkfw_transport *t, void *buf, size_t len, unsigned timeout_ms,
			      size_t *got)
{
	*got = 0;
	int r = t->ops->read(t->impl, buf, len, timeout_ms, got);
	t->in += *got;
	if (*got)
		mtkfw_log_hex(t->ctx, MTKFW_LOG_TRACE, "<-", buf, *got);
	return r == MTKFW_E_TIMEOUT ? 0 : r;
}

int mtkfw_transport_read(struct mtkfw_transport *t, void *buf, size_t len, unsigned timeout_ms,
			 const char *what)
{
	size_t done = 0;
	uint8_t *p = buf;
	while (done < len) {
		size_t got = 0;
		int r = t->ops->read(t->impl, p + done, len - done, timeout_ms, &got);
		t->in += got;
		if (got)
			mtkfw_log_hex(t->ctx, MTKFW_LOG_TRACE, "<-", p + done, got);
		done += got;
		if (r == MTKFW_E_TIMEOUT || (!r && !got))
			return mtkfw_fail(
				t->ctx, MTKFW_E_TIMEOUT,
				"%s: the phone sent %zu of %zu bytes, then nothing for %u ms", what,
				done, len, timeout_ms);
		if (r)
			return mtkfw_fail(t->ctx, r, "%s: %s after %zu of %zu bytes", what,
					  r == MTKFW_E_DISCONNECTED ? "the phone disconnected"
								    : "read failed",
					  done, len);
	}
	return 0;
}

int mtkfw_transport_write(struct mtkfw_transport *t, const void *buf, size_t len,
			  unsigned timeout_ms, const char *what)
{
	size_t sent = 0;
	mtkfw_log_hex(t->ctx, MTKFW_LOG_TRACE, "->", buf, len);
	int r = t->ops->write(t->impl, buf, len, timeout_ms, &sent);
	t->out += sent;
	if (!r && sent == len)
		return 0;
	if (!r)
		r = MTKFW_E_TIMEOUT;
	return mtkfw_fail(t->ctx, r, "%s: %s after %zu of %zu bytes", what,
			  r == MTKFW_E_DISCONNECTED ? "the phone disconnected"
			  : r == MTKFW_E_TIMEOUT    ? "the phone stopped taking data"
						    : "write failed",
			  sent, len);
}

int mtkfw_transport_reopen(struct mtkfw_transport *t)
{
	if (!t->ops->reopen)
		return mtkfw_fail(t->ctx, MTKFW_E_UNSUPPORTED, "this link cannot be reopened");
	return t->ops->reopen(t->impl);
}

void mtkfw_transport_drain(struct mtkfw_transport *t)
{
	uint8_t junk[256];
	size_t got;
	for (int i = 0; i < 16; i++)
		if (mtkfw_transport_read_some(t, junk, sizeof(junk), 5, &got) || !got)
			return;
}

uint64_t mtkfw_transport_bytes_in(const struct mtkfw_transport *t)
{
	return t->in;
}

uint64_t mtkfw_transport_bytes_out(const struct mtkfw_transport *t)
{
	return t->out;
}

struct mtkfw_ctx *mtkfw_transport_ctx(const struct mtkfw_transport *t)
{
	return t->ctx;
}

void mtkfw_transport_close(struct mtkfw_transport *t)
{
	if (!t)
		return;
	if (t->ops->close)
		t->ops->close(t->impl);
	free(t);
}
