/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The library context: log sink, log level and the last error sentence. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

#define ERRMSG_MAX MTKFW_ERRMSG_MAX

struct mtkfw_ctx {
	enum mtkfw_log_level level;
	mtkfw_log_cb log_cb;
	void *log_user;
	int errcode;
	char errmsg[ERRMSG_MAX];
	const char *step;
};

static const char *const level_names[] = {"error", "warning", "info", "debug", "trace"};

/* Map MTKFW_DEBUG's value to a level; unknown or empty means "no logging" (-1). */
static int level_from_env(void)
{
	const char *v = getenv("MTKFW_DEBUG");
	if (!v || !*v)
		return -1;
	for (size_t i = 0; i < MTKFW_ARRAY_SIZE(level_names); i++)
		if (strcasecmp(v, level_names[i]) == 0)
			return (int)i;
	if (strcmp(v, "1") == 0)
		return MTKFW_LOG_DEBUG;
	return -1;
}

int mtkfw_ctx_new(struct mtkfw_ctx **out)
{
	if (!out)
		return MTKFW_E_INVALID_PARAM;
	struct mtkfw_ctx *ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return MTKFW_E_NO_MEM;
	int lvl = level_from_env();
	ctx->level = lvl < 0 ? MTKFW_LOG_WARNING : (enum mtkfw_log_level)lvl;
	*out = ctx;
	return 0;
}

void mtkfw_ctx_free(struct mtkfw_ctx *ctx)
{
	free(ctx);
}

void mtkfw_ctx_set_log(struct mtkfw_ctx *ctx, enum mtkfw_log_level max_level, mtkfw_log_cb cb,
		       void *user)
{
	if (!ctx)
		return;
	int env = level_from_env();
	/* The environment can only raise verbosity, so MTKFW_DEBUG=trace always works. */
	ctx->level = (env > (int)max_level) ? (enum mtkfw_log_level)env : max_level;
	ctx->log_cb = cb;
	ctx->log_user = user;
}

enum mtkfw_log_level mtkfw_ctx_log_level(const struct mtkfw_ctx *ctx)
{
	return ctx && ctx->log_cb ? ctx->level : MTKFW_LOG_ERROR;
}

const char *mtkfw_ctx_errmsg(const struct mtkfw_ctx *ctx)
{
	return ctx ? ctx->errmsg : "";
}

const char *mtkfw_ctx_step(const struct mtkfw_ctx *ctx)
{
	return ctx && ctx->step ? ctx->step : "";
}

void mtkfw_set_step(struct mtkfw_ctx *ctx, const char *step)
{
	if (!ctx)
		return;
	ctx->step = step;
	mtkfw_log(ctx, MTKFW_LOG_DEBUG, "step: %s", step);
}

void mtkfw_ctx_clear_error(struct mtkfw_ctx *ctx)
{
	if (ctx) {
		ctx->errcode = 0;
		ctx->errmsg[0] = 0;
		ctx->step = "";
	}
}

int mtkfw_ctx_errcode(const struct mtkfw_ctx *ctx)
{
	return ctx ? ctx->errcode : 0;
}

int mtkfw_fail(struct mtkfw_ctx *ctx, int code, const char *fmt, ...)
{
	if (!ctx)
		return code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ctx->errmsg, sizeof(ctx->errmsg), fmt, ap);
	va_end(ap);
	ctx->errcode = code;
	mtkfw_log(ctx, MTKFW_LOG_DEBUG, "error %s: %s", mtkfw_error_name(code), ctx->errmsg);
	return code;
}

int mtkfw_fail_prefix(struct mtkfw_ctx *ctx, const char *fmt, ...)
{
	if (!ctx)
		return MTKFW_E_INVALID_PARAM;
	char prefix[ERRMSG_MAX / 2];
	char old[ERRMSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, ctx->errmsg, sizeof(old));
	/* Truncation is acceptable: the sentence's start carries the point. */
	if (snprintf(ctx->errmsg, sizeof(ctx->errmsg), "%s: %s", prefix, old) < 0)
		ctx->errmsg[0] = 0;
	return ctx->errcode;
}

void mtkfw_log(struct mtkfw_ctx *ctx, enum mtkfw_log_level level, const char *fmt, ...)
{
	if (!ctx || !ctx->log_cb || level > ctx->level)
		return;
	char line[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	ctx->log_cb(ctx->log_user, level, line);
}

void mtkfw_log_hex(struct mtkfw_ctx *ctx, enum mtkfw_log_level level, const char *what,
		   const void *buf, size_t len)
{
	if (!ctx || !ctx->log_cb || level > ctx->level)
		return;
	/* Long frames are cut: the head and the length say enough in a trace. */
	enum { SHOWN = 64 };
	char hex[SHOWN * 3 + 8];
	size_t n = len < SHOWN ? len : SHOWN, pos = 0;
	const uint8_t *p = buf;
	for (size_t i = 0; i < n; i++)
		pos += (size_t)snprintf(hex + pos, sizeof(hex) - pos, "%s%02x", i ? " " : "", p[i]);
	if (n < len)
		snprintf(hex + pos, sizeof(hex) - pos, " ...");
	mtkfw_log(ctx, level, "%s (%zu bytes): %s", what, len, hex);
}
