/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target: the virtual phone against a hostile host. The input's first
 * two bytes pick the mode (bit 0) and the variants (bits 1..15, enum
 * mtkfw_emu_variant); the rest is what a host sends, as writes of 1..64 bytes
 * (each preceded by a byte giving its length). The phone must answer or
 * refuse, never crash, whatever it gets.
 */
#include <string.h>

#include "fuzz_util.h"
#include "mtkfw_emu.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char paths[MTKFW_EMU_AREAS][300];
	static const char *names[MTKFW_EMU_AREAS] = {"u.img", "b1.img", "b2.img", "r.img"};
	struct mtkfw_emu_config cfg;
	struct mtkfw_emu *e;
	char err[256];
	uint8_t out[65536];
	mtkfw_emu_config_default(&cfg);
	for (int a = 0; a < MTKFW_EMU_AREAS; a++) {
		snprintf(paths[a], sizeof(paths[a]), "%s/%s", fuzz_scratch_dir(), names[a]);
		cfg.path[a] = paths[a];
	}
	cfg.size[MTKFW_EMU_USER] = 64u << 20; /* small, sparse: the protocol is what is fuzzed */
	cfg.accept_any_da = true;
	cfg.watchdog_ms = 0;
	if (size < 2)
		return 0;
	cfg.mode = data[0] & 1 ? MTKFW_EMU_PRELOADER : MTKFW_EMU_BROM;
	cfg.variants = (unsigned)(data[0] >> 1 | data[1] << 7) & 0x7FFF;
	if (mtkfw_emu_new(&cfg, &e, err, sizeof(err)))
		return 0;
	mtkfw_emu_connect(e);
	for (size_t at = 2; at < size && !mtkfw_emu_gone(e);) {
		size_t n = 1 + (data[at] & 63);
		at++;
		if (n > size - at)
			n = size - at;
		mtkfw_emu_feed(e, data + at, n);
		at += n;
		mtkfw_emu_tick(e);
		while (mtkfw_emu_pull(e, out, sizeof(out)))
			;
	}
	mtkfw_emu_disconnect(e);
	mtkfw_emu_free(e);
	return 0;
}
