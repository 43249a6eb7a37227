/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Output helpers of the mtkfw CLI. */
#include <dirent.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"

void cli_json_print(json_object *doc)
{
	fputs(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
							  JSON_C_TO_STRING_SPACED |
							  JSON_C_TO_STRING_NOSLASHESCAPE),
	      stdout);
	fputc('\n', stdout);
	json_object_put(doc);
}

json_object *cli_json_str(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

void cli_msg(const char *fmt, ...)
{
	va_list ap;
	fputs("mtkfw: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_exit_code(int err)
{
	switch (err) {
	case 0:
		return EX_OK;
	case MTKFW_E_INVALID_PARAM:
		return EX_USAGE;
	case MTKFW_E_IO:
		return EX_IOERR;
	case MTKFW_E_NOT_FOUND:
	case MTKFW_E_NOT_PACKAGE:
		return EX_NOINPUT;
	case MTKFW_E_NO_MEM:
		return EX_OSERR;
	case MTKFW_E_PERMISSION:
		return EX_NOPERM;
	case MTKFW_E_UNSUPPORTED:
		return EX_UNAVAILABLE;
	case MTKFW_E_TIMEOUT:
	case MTKFW_E_DISCONNECTED:
	case MTKFW_E_NO_DEVICE:
		return EX_UNAVAILABLE;
	case MTKFW_E_PROTOCOL:
	case MTKFW_E_HANDSHAKE:
	case MTKFW_E_CHECKSUM:
	case MTKFW_E_NACK:
	case MTKFW_E_DRAM:
	case MTKFW_E_DEVICE_STORAGE:
	case MTKFW_E_SECURITY:
		return EX_PROTOCOL;
	default:
		return EX_DATAERR;
	}
}

int cli_fail(struct mtkfw_ctx *ctx, int err)
{
	const char *msg = mtkfw_ctx_errmsg(ctx);
	cli_msg("error: %s", *msg ? msg : mtkfw_strerror(err));
	return cli_exit_code(err);
}

const char *cli_size(char *buf, size_t n, uint64_t bytes)
{
	return mtkfw_size_text(buf, n, bytes);
}

bool cli_endswith(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcasecmp(s + n - m, suffix);
}

bool cli_wants_help(int argc, char **argv, const char *usage)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage, stdout);
			return true;
		}
	}
	return false;
}

/* Bytes saved, and of them zeros (holes). */
static uint64_t backup_bytes(const struct mtkfw_backup *b, uint64_t *zero)
{
	uint64_t n = 0;
	*zero = 0;
	for (size_t i = 0; i < b->n_files; i++) {
		n += b->files[i].length;
		*zero += b->files[i].zero_bytes;
	}
	return n;
}

void cli_backup_print(const struct mtkfw_backup *b, const char *state)
{
	uint64_t zero, bytes = backup_bytes(b, &zero);
	char a[24], z[24];
	printf("  %-8s %-20s %2zu files %10s (%s zeros)  %s\n    %s\n",
	       mtkfw_backup_kind_name(b->kind), b->date, b->n_files, cli_size(a, sizeof(a), bytes),
	       cli_size(z, sizeof(z), zero), state, b->dir);
}
