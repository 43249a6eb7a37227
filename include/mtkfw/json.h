/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The library's facts as JSON (json-c objects; free with json_object_put):
 * what the job API's RESULT events carry and what `mtkfw ... --json`
 * prints (docs/json.md). One builder per structure, shared by every caller.
 */
#ifndef MTKFW_JSON_H
#define MTKFW_JSON_H

#include <json-c/json.h>

#include "mtkfw/backup.h"
#include "mtkfw/board.h"
#include "mtkfw/check.h"
#include "mtkfw/compat.h"
#include "mtkfw/layout.h"
#include "mtkfw/session.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A preloader's EMI records: type, id (hex), vendor, part (the CID's PNM), ram_size. */
json_object *mtkfw_emi_to_json(const struct mtkfw_emi_record *emi, unsigned n);

/**
 * A board profile (docs/json.md, "mtkfw board --json"): partitions from the
 * package's scatter rows (r) or from the phone's layout (l).
 */
json_object *mtkfw_board_to_json(const struct mtkfw_board *b, const struct mtkfw_report *r,
				 const struct mtkfw_layout *l);

/** A layout's verdict, its sources and where identity is. */
json_object *mtkfw_layout_to_json(const struct mtkfw_layout *l);

/** What detect reports of a session and, when established, its layout (NULL: none). */
json_object *mtkfw_detect_to_json(struct mtkfw_session *s, const struct mtkfw_layout *l);

/** A comparison: verdict and lines. */
json_object *mtkfw_compat_to_json(const struct mtkfw_compat *c);

/** A backup: where, what, whose, how big (bytes, zeros, free space, read again), its files. */
json_object *mtkfw_backup_to_json(const struct mtkfw_backup *b);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_JSON_H */
