/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Names and descriptions of the MTKFW_E_* codes. */
#include "internal.h"

struct errdesc {
	int code;
	const char *name;
	const char *text;
};

static const struct errdesc errors[] = {
	{MTKFW_OK, "MTKFW_OK", "success"},
	{MTKFW_E_IO, "MTKFW_E_IO", "input/output error on a local file"},
	{MTKFW_E_INVALID_PARAM, "MTKFW_E_INVALID_PARAM", "invalid parameter"},
	{MTKFW_E_NO_MEM, "MTKFW_E_NO_MEM", "out of memory"},
	{MTKFW_E_FORMAT, "MTKFW_E_FORMAT", "malformed input"},
	{MTKFW_E_NOT_FOUND, "MTKFW_E_NOT_FOUND", "not found"},
	{MTKFW_E_AMBIGUOUS, "MTKFW_E_AMBIGUOUS", "several candidates match"},
	{MTKFW_E_UNSUPPORTED, "MTKFW_E_UNSUPPORTED", "not supported"},
	{MTKFW_E_TOO_LARGE, "MTKFW_E_TOO_LARGE", "too large"},
	{MTKFW_E_ARCHIVE, "MTKFW_E_ARCHIVE", "archive error"},
	{MTKFW_E_UNSAFE, "MTKFW_E_UNSAFE", "unsafe archive member"},
	{MTKFW_E_NOT_PACKAGE, "MTKFW_E_NOT_PACKAGE", "not a package mtkfw can read"},
	{MTKFW_E_CANCELLED, "MTKFW_E_CANCELLED", "cancelled"},
	{MTKFW_E_MISMATCH, "MTKFW_E_MISMATCH", "data mismatch"},
	{MTKFW_E_TIMEOUT, "MTKFW_E_TIMEOUT", "the phone did not answer in time"},
	{MTKFW_E_DISCONNECTED, "MTKFW_E_DISCONNECTED", "the phone disconnected"},
	{MTKFW_E_PROTOCOL, "MTKFW_E_PROTOCOL", "unexpected reply from the phone"},
	{MTKFW_E_HANDSHAKE, "MTKFW_E_HANDSHAKE", "BROM/preloader handshake failed"},
	{MTKFW_E_CHECKSUM, "MTKFW_E_CHECKSUM", "transfer checksum mismatch"},
	{MTKFW_E_NACK, "MTKFW_E_NACK", "the phone refused the request"},
	{MTKFW_E_DRAM, "MTKFW_E_DRAM", "external RAM could not be enabled"},
	{MTKFW_E_DA_FILE, "MTKFW_E_DA_FILE", "unusable download agent file"},
	{MTKFW_E_NO_DEVICE, "MTKFW_E_NO_DEVICE", "no phone found"},
	{MTKFW_E_PERMISSION, "MTKFW_E_PERMISSION", "permission denied"},
	{MTKFW_E_LAYOUT, "MTKFW_E_LAYOUT", "partition layout differs from the phone's"},
	{MTKFW_E_IDENTITY, "MTKFW_E_IDENTITY", "phone identity at risk or changed"},
	{MTKFW_E_DEVICE_STORAGE, "MTKFW_E_DEVICE_STORAGE", "the phone reported a storage error"},
	{MTKFW_E_SECURITY, "MTKFW_E_SECURITY", "the phone requires authentication"},
	{MTKFW_E_INCOMPATIBLE, "MTKFW_E_INCOMPATIBLE", "the package is for another chip or board"},
	{MTKFW_E_REFUSED, "MTKFW_E_REFUSED", "refused by a safety rule"},
};

static const struct errdesc *find(int code)
{
	for (size_t i = 0; i < MTKFW_ARRAY_SIZE(errors); i++)
		if (errors[i].code == code)
			return &errors[i];
	return NULL;
}

const char *mtkfw_error_name(int code)
{
	const struct errdesc *e = find(code);
	return e ? e->name : "MTKFW_E_UNKNOWN";
}

const char *mtkfw_strerror(int code)
{
	const struct errdesc *e = find(code);
	return e ? e->text : "unknown error";
}

const char *mtkfw_version(void)
{
	return MTKFW_VERSION;
}
