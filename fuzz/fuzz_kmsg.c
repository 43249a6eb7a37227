/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target: kernel messages (lib/link/kmsg.h) as /dev/kmsg or dmesg gives them to the
 * doctor; whatever comes, the fields stay NUL-terminated within their size.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kmsg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kmsg_usb k;
	memset(&k, 0, sizeof(k));
	kmsg_usb_scan((const char *)data, size, size ? data[0] : 0, &k);
	if (strnlen(k.mtk_place, sizeof(k.mtk_place)) == sizeof(k.mtk_place) ||
	    strnlen(k.mtk_tty, sizeof(k.mtk_tty)) == sizeof(k.mtk_tty) ||
	    strnlen(k.fail_place, sizeof(k.fail_place)) == sizeof(k.fail_place) ||
	    strnlen(k.fail_what, sizeof(k.fail_what)) == sizeof(k.fail_what))
		abort();
	return 0;
}
