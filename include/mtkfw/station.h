/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The station: one firmware flashed onto every phone plugged in, many at
 * once, each in its own slot (the USB place it is plugged into,
 * mtkfw/slots.h), each phone through the same job a single flash is
 * (mtkfw_job_flash: compat, layout, identity backed up first and checked
 * after). One phone's failure fails its slot only. docs/station.md.
 */
#ifndef MTKFW_STATION_H
#define MTKFW_STATION_H

#include "mtkfw/job.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What a station does. MTKFW_INIT it. */
struct mtkfw_station_opts {
	size_t size;
	const char *slots; /**< "auto" (every MediaTek phone on USB) or a list (mtkfw/slots.h) */
	unsigned max;	   /**< phones flashed at once; 0 = as many as are plugged in */
	unsigned count;	   /**< stop after this many phones; 0 = until cancelled */
	enum mtkfw_flash_mode mode;
	bool verify;		  /**< read every written range back */
	const char *force_compat; /**< compat stops to flash past, as mtkfw flash --force */
	const char *da;		  /**< DA file; NULL = mtkfw_da_default_path() */
	unsigned wait_ms;    /**< how long a phone that appeared may take to answer (0: 10 s) */
	unsigned rejoin_ms;  /**< a phone that dropped off and is back in the same slot within
				  this continues its flash (0: 60 s) */
	const char *log_dir; /**< a log per slot in this folder, or NULL */
	const char *report;  /**< CSV and JSON-lines report (FILE.csv, FILE.jsonl), or NULL */
};

/** What a station did. MTKFW_INIT it. */
struct mtkfw_station_result {
	size_t size;
	unsigned phones;    /**< jobs started (a resumed one counts once) */
	unsigned ok;	    /**< phones flashed, verified and identity checked */
	unsigned failed;    /**< phones whose slot ended in an error */
	unsigned cancelled; /**< phones stopped by the cancel */
};

/**
 * Run the station until o->count phones are done, or j is cancelled (then
 * every running flash stops between packets, journalled, and the station
 * returns MTKFW_E_CANCELLED). fw was opened once (with unpack, for an
 * archive); the slots' jobs share it. Every event of every slot's jobs reaches
 * j's sink, one at a time (the station serialises them), tagged with its slot;
 * the station's own "slot" events say when a slot gets a phone, starts,
 * finishes or empties. 0 when the station ran to its end, whatever the phones'
 * results (res counts them).
 */
int mtkfw_station_run(struct mtkfw_job *j, const struct mtkfw_firmware *fw,
		      const struct mtkfw_station_opts *o, struct mtkfw_station_result *res);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_STATION_H */
