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

#include "mtkfw/device.h"

/* How far back the doctor looks, in seconds (uncertain: long enough for a few tries with
 * Volume Down held, short enough to leave out yesterday's phones). */
#define KMSG_RECENT_S 600.0
/* Preloader appearances at one place, each soon after the last, that make a boot loop
 * (uncertain: a phone plugged in again and again shows a run too, if slower). */
#define KMSG_LOOP_SEEN 3
/* The longest gap between two appearances of a looping preloader, in seconds (uncertain: a
 * looping MT6572 comes back every few seconds). */
#define KMSG_LOOP_GAP_S 60.0
/* USB places whose runs are followed at once (more: the oldest is forgotten) */
#define KMSG_PLACES 8

/** A place's run of preloader appearances, each within KMSG_LOOP_GAP_S of the last. */
struct kmsg_run {
	char place[32];
	unsigned run;
	double at; /**< its last appearance (-1: not told) */
};

/** What the messages tell of USB places ("1-2"); times in seconds since boot. */
struct kmsg_usb {
	char mtk_place[32]; /**< where a download port (0e8d) last appeared, or "" */
	unsigned mtk_pid;   /**< its product id (0003 boot ROM, 2000 preloader, 2001 DA) */
	enum mtkfw_port_mode mtk_mode;	   /**< that id's mode */
	unsigned mtk_seen;		   /**< download ports that appeared, at any place */
	double mtk_at;			   /**< when the last one appeared (-1: not told) */
	char mtk_tty[32];		   /**< the ttyACM cdc_acm bound to that last one, or "" */
	char loop_place[32];		   /**< the place of the longest run of preloaders, or "" */
	unsigned loop;			   /**< that run: preloaders each within KMSG_LOOP_GAP_S */
	struct kmsg_run runs[KMSG_PLACES]; /**< runs going on, one per place (the scan's own) */
	char fail_place[32]; /**< the last USB place that failed to enumerate, or "" */
	char fail_what[96];  /**< the kernel's words for that failure */
	unsigned fails;	     /**< enumeration failures told */
	double fail_at;	     /**< when the last one was told */
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
