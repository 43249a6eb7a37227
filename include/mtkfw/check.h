/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Package validation: is this firmware package complete and sane, is it for
 * this chip, what will it write where, and would it overwrite the phone's
 * identity? The answer is a report: per-partition rows (matched file, image
 * identification) and a list of findings, each with a stable code
 * (docs/check.md lists them all), the partition and a sentence that gives the
 * numbers and what to do.
 */
#ifndef MTKFW_CHECK_H
#define MTKFW_CHECK_H

#include "mtkfw/core.h"
#include "mtkfw/image.h"
#include "mtkfw/package.h"
#include "mtkfw/scatter.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The chip mtkfw targets unless told otherwise. */
#define MTKFW_DEFAULT_CHIP "MT6572"

/** What to check and how. Zero-initialise, then set what you need. */
struct mtkfw_check_opts {
	const char *chip;    /**< expected platform; NULL = MTKFW_DEFAULT_CHIP */
	const char *scatter; /**< pick this scatter (name or path) when there are several */
	bool read_images;    /**< stream and identify every image (check); false = info */
	bool bytesum;	     /**< compute Checksum.ini sums even when there is no such file */
	mtkfw_progress_cb progress; /**< bytes read of all images */
	void *progress_user;
};

/** One finding. */
struct mtkfw_finding {
	enum mtkfw_severity severity;
	const char *code;      /**< stable identifier, e.g. "image-too-large" */
	const char *partition; /**< partition name, or NULL for package-wide findings */
	const char *message;   /**< what happened, with the numbers, and what to do */
};

/** One scatter row and what the package holds for it. */
struct mtkfw_check_row {
	const struct mtkfw_scatter_part *part;
	const char *file;   /**< package path of the matched image, NULL if none */
	size_t member;	    /**< its member index in mtkfw_report_package() */
	bool case_fallback; /**< matched only ignoring case */
	bool file_size_known;
	uint64_t file_size;
	bool probed; /**< image was read and identified */
	struct mtkfw_image_info image;
	bool checksum_listed; /**< Checksum.ini has a value for this row */
	uint32_t checksum_expected;
};

struct mtkfw_report;

/**
 * Check the package at path. Returns 0 when a report was produced (which may
 * hold errors: see mtkfw_report_count()), or a negative MTKFW_E_* when the
 * package cannot be opened at all.
 */
int mtkfw_check_package(struct mtkfw_ctx *ctx, const char *path,
			const struct mtkfw_check_opts *opts, struct mtkfw_report **out);

void mtkfw_report_free(struct mtkfw_report *r);

/** The opened package (valid while the report lives): stream rows' images from it. */
struct mtkfw_pkg *mtkfw_report_package(const struct mtkfw_report *r);

/** "folder", "zip", "7z", "tar.gz", ... */
const char *mtkfw_report_package_kind(const struct mtkfw_report *r);

/**
 * Where the package comes from: NULL for a factory package, else the tool
 * whose backup of a running phone it is ("MTK Droid Tools backup").
 */
const char *mtkfw_report_origin(const struct mtkfw_report *r);

/**
 * What that tool recorded about the phone, by key ignoring case ("Model",
 * "Android v", "LCD Driver IC", "Kernel v", "Build number"...), or NULL.
 */
const char *mtkfw_report_phone_fact(const struct mtkfw_report *r, const char *key);

/** Members in the package. */
size_t mtkfw_report_member_count(const struct mtkfw_report *r);

/** Path of the scatter inside the package, or NULL when none was usable. */
const char *mtkfw_report_scatter_path(const struct mtkfw_report *r);

/** The parsed scatter, or NULL. */
const struct mtkfw_scatter *mtkfw_report_scatter(const struct mtkfw_report *r);

/** The chip the package was checked against. */
const char *mtkfw_report_chip(const struct mtkfw_report *r);

/** Package path of Checksum.ini, or NULL when the package has none. */
const char *mtkfw_report_checksum_ini(const struct mtkfw_report *r);

/**
 * For folder packages: the filesystem path where Checksum.ini belongs (next
 * to the scatter), else NULL (an archive cannot be modified in place).
 */
const char *mtkfw_report_checksum_ini_target(const struct mtkfw_report *r);

size_t mtkfw_report_row_count(const struct mtkfw_report *r);

const struct mtkfw_check_row *mtkfw_report_row(const struct mtkfw_report *r, size_t i);

size_t mtkfw_report_finding_count(const struct mtkfw_report *r);

const struct mtkfw_finding *mtkfw_report_finding(const struct mtkfw_report *r, size_t i);

/** Number of findings of exactly this severity. */
unsigned mtkfw_report_count(const struct mtkfw_report *r, enum mtkfw_severity sev);

/** Bytes of image data read. */
uint64_t mtkfw_report_bytes_read(const struct mtkfw_report *r);

/**
 * A Checksum.ini (V1) for every image the report summed (check with
 * bytesum set): malloc'd text in *out, *n_images the number of entries.
 */
int mtkfw_report_checksum_text(const struct mtkfw_report *r, char **out, size_t *n_images);

#ifdef __cplusplus
}
#endif

#endif /* MTKFW_CHECK_H */
