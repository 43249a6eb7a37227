/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target: a slots spec (include/mtkfw/slots.h), as a station's user or its config gives
 * it; each glob taken is matched against names, and the items are ordered as slot ids are.
 */
#include <stdlib.h>
#include <string.h>

#include "slots_priv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {"ttyACM0",
					    "ttyACM12",
					    "COM5",
					    ".hidden",
					    "",
					    "[a-]",
					    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"};
	struct mtkfw_ctx *ctx;
	struct slot_spec s;
	char *spec = malloc(size + 1);
	if (!spec || mtkfw_ctx_new(&ctx)) {
		free(spec);
		return 0;
	}
	memcpy(spec, data, size);
	spec[size] = 0;
	if (!slot_spec_parse(ctx, spec, &s))
		for (size_t i = 0; i < s.n; i++) {
			const struct slot_item *it = &s.item[i];
			for (size_t k = 0; it->kind == SLOT_GLOB && k < MTKFW_ARRAY_SIZE(names);
			     k++)
				(void)slot_glob_match(it->text + it->prefix, names[k]);
			for (size_t k = 0; k < s.n; k++) /* an order: antisymmetric */
				if (slot_id_cmp(it->text, s.item[k].text) !=
				    -slot_id_cmp(s.item[k].text, it->text))
					abort();
		}
	slot_spec_clear(&s);
	mtkfw_ctx_free(ctx);
	free(spec);
	return 0;
}
