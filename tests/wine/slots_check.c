/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Slots in the Windows build, under wine (scripts/test-windows.sh): a folder of port files
 * (not COM1-COM9: those names are devices there, never files) watched through a '\\' path,
 * case ignored, a port coming and going while a wait sleeps, a wake from another thread, USB
 * through SetupAPI (no phone), a refusal; and, given a folder the script filled with unix
 * symlinks (one to a file, one dangling), that only the first counts. The unit suite
 * (tests/unit/test_slots.c) runs on Linux; this is the Windows half.
 * Usage: slots_check.exe [LINK_FOLDER]
 */
#include <windows.h>

#include <stdio.h>
#include <string.h>

#include "mtkfw/mtkfw.h"

#define LONG_MS 5000 /* a wait that should end sooner: a change, a wake */

static int passed, failed;
static struct mtkfw_slot got[16];
static size_t n_got;

/* Count a check; say the failing ones. */
static void check(bool ok, const char *what)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL: %s; listed %zu:", what, n_got);
	for (size_t i = 0; i < n_got && i < 16; i++)
		printf(" %s", got[i].id);
	printf("\n");
}

/* Wait on w up to ms into got/n_got; the milliseconds it took, -1 on an error. */
static long long wait_for(struct mtkfw_ctx *ctx, struct mtkfw_slot_watch *w, unsigned ms)
{
	ULONGLONG t0 = GetTickCount64();
	if (mtkfw_slot_watch_wait(w, ms, got, 16, &n_got)) {
		printf("wait: %s\n", mtkfw_ctx_errmsg(ctx));
		return -1;
	}
	return (long long)(GetTickCount64() - t0);
}

/* Make the empty file dir\name. */
static void touch(const char *dir, const char *name)
{
	char p[MAX_PATH];
	snprintf(p, sizeof(p), "%s\\%s", dir, name);
	HANDLE h = CreateFileA(p, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
	if (h != INVALID_HANDLE_VALUE)
		CloseHandle(h);
}

/* What a thread does after 100 ms while the main one waits. */
struct later {
	const char *dir, *name; /* a file to make, or to delete when del */
	bool del;
	struct mtkfw_slot_watch *wake; /* or a watcher to wake */
};

static DWORD WINAPI later_run(void *arg)
{
	struct later *l = arg;
	char p[MAX_PATH];
	Sleep(100);
	snprintf(p, sizeof(p), "%s\\%s", l->dir ? l->dir : "", l->name ? l->name : "");
	if (l->wake)
		mtkfw_slot_watch_wake(l->wake);
	else if (l->del)
		DeleteFileA(p);
	else
		touch(l->dir, l->name);
	return 0;
}

/* Wait up to LONG_MS while a thread does l: did the wait end before its timeout? */
static bool wait_while(struct mtkfw_ctx *ctx, struct mtkfw_slot_watch *w, struct later *l,
		       unsigned ms)
{
	HANDLE t = CreateThread(NULL, 0, later_run, l, 0, NULL);
	long long took = wait_for(ctx, w, ms);
	WaitForSingleObject(t, INFINITE);
	CloseHandle(t);
	return took >= 0 && took < LONG_MS;
}

/* Is got[i]'s id dir\name? */
static bool is(size_t i, const char *dir, const char *name)
{
	char p[MAX_PATH];
	snprintf(p, sizeof(p), "%s\\%s", dir, name);
	return i < n_got && !strcmp(got[i].id, p) && !strcmp(got[i].port, p);
}

static void folder_checks(struct mtkfw_ctx *ctx, const char *dir)
{
	char spec[MAX_PATH + 16];
	struct mtkfw_slot_watch *w = NULL;
	touch(dir, "port12");
	touch(dir, "port3");
	touch(dir, "other");
	snprintf(spec, sizeof(spec), "%s\\PORT*", dir); /* case ignored, as Windows names are */
	check(!mtkfw_slot_watch_new(ctx, spec, &w), "a folder glob with '\\' is taken");
	if (!w)
		return;
	check(wait_for(ctx, w, LONG_MS) >= 0 && n_got == 2 && is(0, dir, "port3") &&
		      is(1, dir, "port12"),
	      "port3 and port12 listed, in number order");
	struct later add = {.dir = dir, .name = "port7"};
	check(wait_while(ctx, w, &add, LONG_MS) && n_got == 3 && is(1, dir, "port7"),
	      "a port made while a wait sleeps ends it, listed");
	struct later del = {.dir = dir, .name = "port3", .del = true};
	check(wait_while(ctx, w, &del, LONG_MS) && n_got == 2 && is(0, dir, "port7"),
	      "a port deleted while a wait sleeps ends it, gone");
	struct later wake = {.wake = w};
	check(wait_while(ctx, w, &wake, 60000) && n_got == 2, "a wake from another thread");
	long long took = wait_for(ctx, w, 300);
	check(took >= 299 && n_got == 2, "without a change a wait lasts its timeout");
	mtkfw_slot_watch_free(w);
}

static void link_checks(struct mtkfw_ctx *ctx, const char *links)
{
	char spec[MAX_PATH + 16];
	struct mtkfw_slot_watch *w = NULL;
	snprintf(spec, sizeof(spec), "%s\\link-*", links);
	check(!mtkfw_slot_watch_new(ctx, spec, &w), "a folder of unix symlinks is taken");
	if (!w)
		return;
	check(wait_for(ctx, w, LONG_MS) >= 0 && n_got == 1 && is(0, links, "link-ok"),
	      "a symlink to a file counts, a dangling one does not");
	mtkfw_slot_watch_free(w);
}

static void usb_checks(struct mtkfw_ctx *ctx)
{
	struct mtkfw_slot_watch *w = NULL;
	check(!mtkfw_slot_watch_new(ctx, "auto", &w), "auto is taken");
	if (w)
		check(wait_for(ctx, w, 0) >= 0 && n_got == 0, "SetupAPI lists no phone here");
	mtkfw_slot_watch_free(w);
	w = NULL;
	check(!mtkfw_slot_watch_new(ctx, "PCIROOT(0)#PCI(1400)#USBROOT(0)#USB(2)#USB(3)", &w),
	      "a location path is taken");
	mtkfw_slot_watch_free(w);
	w = NULL;
	check(mtkfw_slot_watch_new(ctx, "auto,,COM5", &w) == MTKFW_E_INVALID_PARAM && !w &&
		      strstr(mtkfw_ctx_errmsg(ctx), "item 2"),
	      "an empty item is refused, named");
}

int main(int argc, char **argv)
{
	struct mtkfw_ctx *ctx;
	char tmp[MAX_PATH], dir[MAX_PATH];
	if (mtkfw_ctx_new(&ctx) || !GetTempPathA(sizeof(tmp), tmp))
		return 1;
	snprintf(dir, sizeof(dir), "%smtkfw-slots-%lu", tmp, (unsigned long)GetCurrentProcessId());
	if (!CreateDirectoryA(dir, NULL))
		return printf("cannot make %s\n", dir), 1;
	folder_checks(ctx, dir);
	if (argc > 1)
		link_checks(ctx, argv[1]);
	usb_checks(ctx);
	static const char *const names[] = {"port12", "port7", "other"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char p[MAX_PATH];
		snprintf(p, sizeof(p), "%s\\%s", dir, names[i]);
		DeleteFileA(p);
	}
	RemoveDirectoryA(dir);
	mtkfw_ctx_free(ctx);
	printf("slots under wine: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
