/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The slot watcher's insides (include/mtkfw/slots.h): what slots.c shares with each system's
 * part (the Linux part in slots.c, the Windows one in slots_win.c), and the rules the unit
 * tests and the fuzz target check alone.
 */
#ifndef MTKFW_SLOTS_PRIV_H
#define MTKFW_SLOTS_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "internal.h"
#include "mtkfw/slots.h"

#define SLOT_SPEC_MAX  8192  /* longest spec: 64 items of a long path each */
#define SLOT_ITEMS_MAX 64    /* a station's hubs, not a folder's every file */
#define SLOT_DIR_MAX   65536 /* entries read from one folder per scan (/dev holds ~1000) */
#define SLOT_SCAN_MS   200   /* a scan without events: a phone seen within a fifth of a second */
#define SLOT_NOTE_MAX  1024  /* what one scan says about what it left out */

/** What an item of a spec names. */
enum slot_kind {
	SLOT_AUTO,  /**< every MediaTek phone on USB */
	SLOT_PLACE, /**< the phone at one USB place */
	SLOT_GLOB,  /**< the matching entries of a folder */
};

/** One item of a spec. */
struct slot_item {
	enum slot_kind kind;
	char *text;    /**< as written, white space around it cut (malloc'd) */
	size_t prefix; /**< SLOT_GLOB: bytes of the folder with its separator; the glob follows */
};

/** A parsed spec. */
struct slot_spec {
	size_t n;
	struct slot_item item[SLOT_ITEMS_MAX];
	bool usb_all; /**< "auto" is an item */
	bool usb_any; /**< "auto" or a place is an item: USB is watched */
};

/** Parse spec into out (cleared first; free with slot_spec_clear, also after a failure). */
int slot_spec_parse(struct mtkfw_ctx *ctx, const char *spec, struct slot_spec *out);

/** Free what a parse allocated (the spec itself is the caller's). */
void slot_spec_clear(struct slot_spec *s);

/** Is s a USB place as Linux names USB devices: "B-P" then ".P" up to 5 times, 1-3 digits each? */
bool slot_place_valid(const char *s);

/**
 * Does name match the glob ('*' any run, '?' one character, "[a-z]" and "[!0-9]" sets, every
 * other byte itself)? Case-insensitive on Windows. Time bounded by the lengths' product.
 */
bool slot_glob_match(const char *glob, const char *name);

/** Order of slot ids: byte order, but runs of digits by their value ("ttyACM2" < "ttyACM10"). */
int slot_id_cmp(const char *a, const char *b);

struct slot_os; /* each system's part: slots.c (Linux), slots_win.c (Windows) */

struct mtkfw_slot_watch {
	struct mtkfw_ctx *ctx;
	struct slot_spec spec;
	struct mtkfw_slot *now,
		*last; /* MTKFW_SLOTS_MAX each: this scan, what the last wait gave */
	size_t n_now, n_last;
	size_t left_out;	  /* slots of this scan beyond MTKFW_SLOTS_MAX */
	bool listed;		  /* a wait has returned a list */
	bool poll;		  /* this scan met what no event announces: scan again in 200 ms */
	char note[SLOT_NOTE_MAX]; /* what this scan left out, and why */
	char said[SLOT_NOTE_MAX]; /* the note last logged */
	struct slot_os *os;
};

/** Add a slot to this scan (one not made of printable text, or one too many, is noted). */
void slot_add(struct mtkfw_slot_watch *w, const char *id, const char *port, const char *usb,
	      enum mtkfw_port_mode mode);

/** Note what this scan left out (said once in the context's log while it stays the same). */
void slot_note(struct mtkfw_slot_watch *w, const char *fmt, ...) MTKFW_PRINTF(2, 3);

/** Is the phone at this USB place one the spec asks for? */
bool slot_place_wanted(const struct mtkfw_slot_watch *w, const char *place);

/** How a wait's sleep ended. */
enum slot_wake {
	SLOT_TICK,  /**< the deadline, or SLOT_SCAN_MS when something must be scanned for */
	SLOT_EVENT, /**< the system announced a change that may concern a slot */
	SLOT_WOKEN, /**< mtkfw_slot_watch_wake() */
};

/** Make w->os: the wake-up and the system's announcements. */
int slot_os_open(struct mtkfw_slot_watch *w);

/** Free w->os (NULL is ignored). */
void slot_os_close(struct mtkfw_slot_watch *w);

/** Add the MediaTek phones on USB at the places the spec asks for. */
int slot_os_usb(struct mtkfw_slot_watch *w);

/** Sleep until something may have changed, a wake, or the monotonic deadline (ms). */
enum slot_wake slot_os_sleep(struct mtkfw_slot_watch *w, long long deadline);

/** Forget wakes that came before now. */
void slot_os_drain(struct mtkfw_slot_watch *w);

/** Wake the sleep (async-signal-safe on Linux). */
void slot_os_wake(struct mtkfw_slot_watch *w);

/** Milliseconds of a monotonic clock. */
long long slot_now_ms(void);

#endif
