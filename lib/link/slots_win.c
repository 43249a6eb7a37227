/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Slots on Windows (include/mtkfw/slots.h; the rest is slots.c): a phone's place is the
 * location path of its serial port's device ("PCIROOT(0)#PCI(1400)#USBROOT(0)#USB(2)#USB(3)"),
 * which stays when the phone re-enumerates under another COM name. Nothing here is told of a
 * device or a file coming: a wait looks every SLOT_SCAN_MS, and sleeps in between on an event
 * object that mtkfw_slot_watch_wake() sets (no window, no message loop).
 */
#include <windows.h>

#include <setupapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect_win.h"
#include "internal.h"
#include "slots_priv.h"

struct slot_os {
	HANDLE wake; /* auto-reset event: mtkfw_slot_watch_wake() */
};

int slot_os_open(struct mtkfw_slot_watch *w)
{
	if (!(w->os = calloc(1, sizeof(*w->os))))
		return mtkfw_fail(w->ctx, MTKFW_E_NO_MEM, "slots: out of memory");
	if (!(w->os->wake = CreateEventA(NULL, FALSE, FALSE, NULL)))
		return mtkfw_fail(w->ctx, MTKFW_E_IO,
				  "slots: no event object for the wake-up (CreateEvent: error %lu)",
				  (unsigned long)GetLastError());
	return 0;
}

void slot_os_close(struct mtkfw_slot_watch *w)
{
	if (!w->os)
		return;
	if (w->os->wake)
		CloseHandle(w->os->wake);
	free(w->os);
	w->os = NULL;
}

/* A string property of a device into out (len bytes); false when it has none or it is too long. */
static bool property(HDEVINFO set, SP_DEVINFO_DATA *dev, DWORD prop, char *out, size_t len)
{
	BYTE buf[1024] = {0}; /* a REG_MULTI_SZ: its first string is taken */
	if (!SetupDiGetDeviceRegistryPropertyA(set, dev, prop, NULL, buf, sizeof(buf) - 2, NULL) ||
	    !buf[0] || strlen((char *)buf) >= len)
		return false;
	memcpy(out, buf, strlen((char *)buf) + 1);
	return true;
}

/* One MediaTek port: a slot at its location path, else its location information, else its COM. */
static int add_port(void *user, HDEVINFO set, SP_DEVINFO_DATA *dev, const char *com, unsigned pid,
		    enum mtkfw_port_mode mode)
{
	struct mtkfw_slot_watch *w = user;
	char place[sizeof(((struct mtkfw_slot *)0)->id)];
	(void)pid;
	if (!com[0]) {
		slot_note(w, "a MediaTek phone has no COM name: left out (docs/windows.md)");
		return 0;
	}
	if (!property(set, dev, SPDRP_LOCATION_PATHS, place, sizeof(place)) &&
	    !property(set, dev, SPDRP_LOCATION_INFORMATION, place, sizeof(place)))
		snprintf(place, sizeof(place), "%s", com);
	if (slot_place_wanted(w, place))
		slot_add(w, place, com, "", mode);
	return 0;
}

int slot_os_usb(struct mtkfw_slot_watch *w)
{
	return mtkfw_win_mtk_ports(w->ctx, add_port, w);
}

enum slot_wake slot_os_sleep(struct mtkfw_slot_watch *w, long long deadline)
{
	long long left = deadline - slot_now_ms();
	if (left <= 0)
		return SLOT_TICK;
	DWORD ms = left > SLOT_SCAN_MS ? SLOT_SCAN_MS : (DWORD)left;
	return WaitForSingleObject(w->os->wake, ms) == WAIT_OBJECT_0 ? SLOT_WOKEN : SLOT_TICK;
}

void slot_os_drain(struct mtkfw_slot_watch *w)
{
	ResetEvent(w->os->wake);
}

void slot_os_wake(struct mtkfw_slot_watch *w)
{
	SetEvent(w->os->wake);
}
