/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the Linux kernel's messages (/dev/kmsg) say about USB devices, for the
 * doctor when no download port appears: MediaTek devices seen (and how often:
 * a preloader that shows again and again is a boot loop), whether cdc_acm gave
 * them a port, and USB devices that failed to enumerate.
 */
#ifndef MTKFW_KMSG_H
#define MTKFW_KMSG_H

#include <stdbool.h>
#include <stddef.h>

/* How far back the doctor looks, in seconds (uncertain: long enough for a few tries with
 * Volume Down held, short enough to leave out yesterday's phones). */
#define KMSG_RECENT_S 600.0
/* Preloader appearances that make a boot loop (uncertain: a phone plugged in twice shows two). */
#define KMSG_LOOP_SEEN 3

/** One USB place (e.g. "1-2") as the messages tell it; times in seconds since boot. */
struct kmsg_usb {
	char mtk_place[32];	 /**< where a MediaTek device (0e8d) last appeared, or "" */
	unsigned mtk_pid;	 /**< its product id (0003 boot ROM, 2000 preloader) */
	unsigned mtk_seen;	 /**< MediaTek devices that appeared at that place */
	unsigned preloader_seen; /**< of them, preloaders (0e8d:2000) */
	double mtk_at;		 /**< when the last one appeared */
	char mtk_tty[32];	 /**< the ttyACM cdc_acm bound at that place, or "" */
	char fail_place[32];	 /**< the last USB place that failed to enumerate, or "" */
	char fail_what[96];	 /**< the kernel's words for that failure */
	unsigned fails;		 /**< enumeration failures told */
	double fail_at;		 /**< when the last one was told */
};

/**
 * Scan n bytes of kernel messages: /dev/kmsg records ("6,1234,5678901,-;usb
 * 1-2: ...", continuation lines starting with a space) or dmesg lines ("[
 * 12.345] usb 1-2: ..."). Messages older than since (seconds since boot) are
 * left out. What it finds is added to out (zero it first). Never reads past
 * n; any bytes are accepted.
 */
void kmsg_usb_scan(const char *text, size_t n, double since, struct kmsg_usb *out);

/**
 * Read the kernel's messages of the last KMSG_RECENT_S seconds into out.
 * false when they cannot be read (not Linux, or kernel.dmesg_restrict and
 * no privilege).
 */
bool kmsg_usb_read(struct kmsg_usb *out);

#endif /* MTKFW_KMSG_H */
