/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Serial backend on Windows: the phone's COM port (usbser.sys, CDC-ACM), or
 * under wine a COM name mapped to mtkfw-emu's pty. 921600 8N1, no flow
 * control, binary. Every read and write has a bound: the port's timeouts are
 * set for each call (a read returns as soon as bytes are there). Buffers are
 * never purged after a write: that would lose bytes not yet sent
 * (docs/protocol.md 4).
 */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "mtkfw/transport.h"

#define REOPEN_WAIT_MS	 3000
#define REOPEN_SETTLE_MS 100

struct serial {
	struct mtkfw_ctx *ctx;
	char *path; /* as given: "COM5" or "\\\\.\\COM12" */
	HANDLE h;
};

/* "COM12" needs the device namespace prefix; anything else is opened as given. */
static void device_name(const char *path, char *out, size_t n)
{
	bool com = !_strnicmp(path, "COM", 3) && path[3] >= '0' && path[3] <= '9';
	snprintf(out, n, "%s%s", com ? "\\\\.\\" : "", path);
}

static int open_error(struct mtkfw_ctx *ctx, const char *path, DWORD err)
{
	if (err == ERROR_ACCESS_DENIED || err == ERROR_SHARING_VIOLATION)
		return mtkfw_fail(ctx, MTKFW_E_PERMISSION,
				  "cannot open %s: it is in use (SP Flash Tool or another program "
				  "has it open); close that program and re-plug the phone",
				  path);
	if (err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND)
		return mtkfw_fail(ctx, MTKFW_E_NO_DEVICE,
				  "%s does not exist: the phone is not connected (or left its "
				  "download mode), or Windows gave it another COM number (Device "
				  "Manager, Ports); docs/windows.md",
				  path);
	return mtkfw_fail(ctx, MTKFW_E_IO, "cannot open %s: Windows error %lu", path,
			  (unsigned long)err);
}

static int serial_open_handle(struct serial *s)
{
	char dev[300];
	device_name(s->path, dev, sizeof(dev));
	HANDLE h = CreateFileA(dev, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
	if (h == INVALID_HANDLE_VALUE)
		return open_error(s->ctx, s->path, GetLastError());
	DCB dcb = {.DCBlength = sizeof(dcb)};
	if (GetCommState(h, &dcb)) {
		dcb.BaudRate = 921600;
		dcb.ByteSize = 8;
		dcb.Parity = NOPARITY;
		dcb.StopBits = ONESTOPBIT;
		dcb.fBinary = TRUE;
		dcb.fParity = FALSE;
		dcb.fOutxCtsFlow = FALSE;
		dcb.fOutxDsrFlow = FALSE;
		dcb.fDtrControl = DTR_CONTROL_ENABLE;
		dcb.fRtsControl = RTS_CONTROL_ENABLE;
		dcb.fOutX = FALSE;
		dcb.fInX = FALSE;
		dcb.fNull = FALSE;
		dcb.fAbortOnError = FALSE;
		SetCommState(h, &dcb);
	}
	SetupComm(h, 1 << 16, 1 << 16);
	s->h = h;
	return 0;
}

static int set_timeouts(struct serial *s, DWORD read_ms, DWORD write_ms)
{
	/* a read returns at once with what is there, else waits up to read_ms for a byte */
	COMMTIMEOUTS t = {MAXDWORD, MAXDWORD, read_ms ? read_ms : 1, 0, write_ms};
	return SetCommTimeouts(s->h, &t) ? 0 : MTKFW_E_IO;
}

/*
 * A read or write that fails on an open COM port is the link's failure, whatever code
 * Windows gives (a removed device, an aborted request; under wine a pty that hung up
 * gives others): the phone is gone, and a station may see it come back.
 */
static int io_error(DWORD err)
{
	(void)err;
	return MTKFW_E_DISCONNECTED;
}

static int serial_read(void *impl, void *buf, size_t len, unsigned timeout_ms, size_t *got)
{
	struct serial *s = impl;
	DWORD n = 0, want = len > (1u << 20) ? (1u << 20) : (DWORD)len;
	ULONGLONG end = GetTickCount64() + timeout_ms;
	for (;;) {
		ULONGLONG now = GetTickCount64();
		DWORD left = now < end ? (DWORD)(end - now) : 0;
		int r = set_timeouts(s, left, 0);
		if (r)
			return r;
		if (!ReadFile(s->h, buf, want, &n, NULL))
			return io_error(GetLastError());
		if (n) {
			*got = n;
			return 0;
		}
		if (GetTickCount64() >= end)
			return MTKFW_E_TIMEOUT;
	}
}

static int serial_write(void *impl, const void *buf, size_t len, unsigned timeout_ms, size_t *sent)
{
	struct serial *s = impl;
	const uint8_t *p = buf;
	ULONGLONG end = GetTickCount64() + timeout_ms;
	while (*sent < len) {
		ULONGLONG now = GetTickCount64();
		if (now >= end)
			return MTKFW_E_TIMEOUT;
		int r = set_timeouts(s, 1, (DWORD)(end - now));
		DWORD n = 0, want = len - *sent > (1u << 20) ? (1u << 20) : (DWORD)(len - *sent);
		if (r)
			return r;
		if (!WriteFile(s->h, p + *sent, want, &n, NULL))
			return io_error(GetLastError());
		*sent += n;
	}
	return 0;
}

static int serial_reopen(void *impl)
{
	struct serial *s = impl;
	CloseHandle(s->h);
	s->h = INVALID_HANDLE_VALUE;
	Sleep(REOPEN_SETTLE_MS);
	ULONGLONG end = GetTickCount64() + REOPEN_WAIT_MS;
	int r;
	do {
		r = serial_open_handle(s);
		if (!r)
			return 0;
		Sleep(50);
	} while (GetTickCount64() < end);
	return r;
}

static void serial_close(void *impl)
{
	struct serial *s = impl;
	if (s->h != INVALID_HANDLE_VALUE)
		CloseHandle(s->h);
	free(s->path);
	free(s);
}

static const struct mtkfw_transport_ops serial_ops = {
	.name = "serial",
	.read = serial_read,
	.write = serial_write,
	.reopen = serial_reopen,
	.close = serial_close,
};

int mtkfw_serial_open(struct mtkfw_ctx *ctx, const char *path, struct mtkfw_transport **out)
{
	struct serial *s = calloc(1, sizeof(*s));
	if (!s || !(s->path = mtkfw_strdup(path))) {
		free(s);
		return mtkfw_fail(ctx, MTKFW_E_NO_MEM, "out of memory");
	}
	s->ctx = ctx;
	s->h = INVALID_HANDLE_VALUE;
	int r = serial_open_handle(s);
	if (!r)
		r = mtkfw_transport_new(ctx, &serial_ops, s, out);
	if (r)
		serial_close(s);
	return r;
}
