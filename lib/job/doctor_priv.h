/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The doctor's parts (job_doctor.c: the phone, the packages, the plan;
 * doctor_host.c: the computer's side of a port that does not appear or
 * answer) and the finding they all tell.
 */
#ifndef MTKFW_DOCTOR_PRIV_H
#define MTKFW_DOCTOR_PRIV_H

#include "job_priv.h"

#define DOCTOR_PACKAGES 16	     /* packages ranked at most */
#define DOCTOR_HEAD	(256 * 1024) /* bytes of boot1, lk, boot, recovery read to judge them */

/* What the doctor found wrong with one part, for the plan. */
enum part_state { PART_OK, PART_BAD, PART_UNKNOWN };

struct doctor {
	struct mtkfw_job *j;
	const struct mtkfw_doctor_opts *o;
	struct mtkfw_doctor_result *res;
	struct mtkfw_firmware *fw[DOCTOR_PACKAGES];
	size_t n_fw;
	struct mtkfw_phone *p;
	uint8_t cid[16];
	char cid_hex[33];
	enum part_state preloader, lk, boot, recovery;
	bool identity_lost;
	char blank[160];   /* identity partitions lost (empty, or a damaged filesystem): restored */
	char backup[4096]; /* this phone's latest identity backup, or "" */
	size_t best;	   /* the best-fitting package (an index of fw), or n_fw: none */
	unsigned skipped;  /* packages past DOCTOR_PACKAGES, not examined */
	unsigned best_stops;
};

/* One finding: what (host, link, phone, preloader, lk, boot, recovery, identity, backup),
 * its level (ok, warning, error), the evidence and the fix. */
void doctor_finding(struct doctor *d, const char *what, const char *level, const char *fix,
		    const char *fmt, ...) MTKFW_PRINTF(5, 6);

/** Why no download port appears: the host's side (drivers, the udev rule, what the kernel
 * said about USB devices), each cause a finding. */
void doctor_host(struct doctor *d);

/** The port the phone was looked for at: open in another program, or not the user's to open
 * (each a finding); nothing said when port is NULL or absent. */
void doctor_port(struct doctor *d, const char *port);

/** A USB device Windows lists that is no working port of the phone (vid:pid 0e8d:..., or
 * 0000:0002 for a device whose descriptor could not be read), with its Device Manager class,
 * driver service and problem code, as a finding. */
void doctor_stray(struct doctor *d, unsigned vid, unsigned pid, const char *cls,
		  const char *service, unsigned long problem);

#endif /* MTKFW_DOCTOR_PRIV_H */
