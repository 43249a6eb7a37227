/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Slots: the places phones are plugged into, for a station that flashes every phone plugged in
 * (lib/link/slots.c, lib/link/slots_win.c; docs/flash.md, "Slots").
 *
 * A slot is named by where the phone is, not by its port: the USB place (the hub port) on
 * Linux, the location path on Windows, or the port's path in a watched folder. A port name
 * (ttyACM0, COM5) changes when a phone re-enumerates (BROM, then preloader, then DA); the
 * place does not. A watcher lists the slots that have a MediaTek phone now and sleeps until
 * that list changes: on Linux udev and inotify wake it, elsewhere a scan every 200 ms does.
 */
#ifndef MTKFW_SLOTS_H
#define MTKFW_SLOTS_H

#include <stddef.h>

#include "mtkfw/core.h"
#include "mtkfw/device.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most slots a watcher lists; more are left out, and said so in the context's log. */
#define MTKFW_SLOTS_MAX 256

/** A place a phone can be plugged in, with a phone in it now. */
struct mtkfw_slot {
	/**
	 * The place: the USB device path on Linux ("1-2.3": bus 1, port 2 of the root hub,
	 * port 3 of the hub behind it), the location path on Windows
	 * ("PCIROOT(0)#PCI(1400)#USBROOT(0)#USB(2)#USB(3)"; else its location information, else
	 * the COM name), or in folder mode the port's path as matched ("/tmp/phones/ttyACM3").
	 */
	char id[256];
	/** What to open: "/dev/ttyACM0", "COM5", "/tmp/phones/ttyACM3"; "" when no serial
	 * driver is bound to the phone (then usb is set). */
	char port[256];
	char usb[32];		   /**< the sysfs USB device name for --usb when port is "" */
	enum mtkfw_port_mode mode; /**< BROM, PRELOADER or DA as the USB id says; folder: BROM */
};

/** A watcher of slots (lib/link/slots.c): one thread waits on it; any thread may wake it. */
struct mtkfw_slot_watch;

/**
 * Start watching the slots spec names: a comma-separated list of items, each
 * - "auto": every MediaTek phone on USB;
 * - a USB place ("1-2.3" on Linux, a location path on Windows): the phone there only;
 * - a path whose last part is a glob ("/tmp/phones/ttyACM*", "C:\\phones\\port*": '*',
 *   '?' and [set]): the entries of that folder that match and exist (a symlink counts while
 *   its target exists), each a slot named by its path.
 * Folders may stand beside "auto". A spec that names nothing, an item that is none of these, an
 * item given twice or a place beside "auto" is refused with MTKFW_E_INVALID_PARAM and a
 * sentence naming the item and why. A folder that does not exist yet is watched for. ctx
 * takes the errors of this call and of every wait, and what a scan leaves out (as a warning in
 * its log); it must outlive the watcher.
 */
int mtkfw_slot_watch_new(struct mtkfw_ctx *ctx, const char *spec, struct mtkfw_slot_watch **out);

/**
 * Wait until the slots with a phone differ from what the previous wait listed (the first wait
 * returns at once), until mtkfw_slot_watch_wake(), or until timeout_ms passed; then list the
 * slots with a phone now, sorted by id (runs of digits by their value: "1-2.4" before
 * "1-2.10"). Up to max are filled; *n is how many there are (MTKFW_SLOTS_MAX at most). A phone
 * unplugged and plugged in again while no wait runs may leave the list as it was. An error
 * (USB cannot be listed: MTKFW_E_NO_DEVICE) sets *n to 0 and keeps the previous list as the
 * one the next wait compares with.
 */
int mtkfw_slot_watch_wait(struct mtkfw_slot_watch *w, unsigned timeout_ms, struct mtkfw_slot *slots,
			  size_t max, size_t *n);

/**
 * Make the wait in progress return now, or the next one if none is waiting: from any thread
 * (a cancel), and on Linux from a signal handler. The watcher must not be freed meanwhile.
 */
void mtkfw_slot_watch_wake(struct mtkfw_slot_watch *w);

/** Stop watching (no wait may be in progress); NULL is ignored. */
void mtkfw_slot_watch_free(struct mtkfw_slot_watch *w);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_SLOTS_H */
