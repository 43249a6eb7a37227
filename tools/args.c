/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Numbers on the command line, parsed strictly: a value that is not exactly
 * a number of the right size stops the command before the phone is opened,
 * with the value named (exit 64).
 */
#include <math.h>
#include <stdlib.h>

#include "cli.h"

#define WAIT_MAX_S 3600 /* --wait: an hour; anything longer is a typo */

bool cli_number(const char *what, const char *s, uint64_t *v)
{
	if (!mtkfw_parse_u64(s, v))
		return true;
	cli_msg("error: %s '%s' is not a whole number of at most 64 bits (decimal, or hex "
		"with 0x)",
		what, s);
	return false;
}

int cli_range_arg(int argc, char **argv, uint64_t align, uint64_t *start, uint64_t *len)
{
	if (optind >= argc) {
		cli_msg("error: --range needs START and LEN (bytes; 0x hex accepted)");
		return EX_USAGE;
	}
	const char *s = optarg, *l = argv[optind++];
	if (!cli_number("--range START", s, start) || !cli_number("--range LEN", l, len))
		return EX_USAGE;
	if (!*len) {
		cli_msg("error: --range LEN '%s' is 0: give the number of bytes", l);
		return EX_USAGE;
	}
	if (*start > UINT64_MAX - *len) {
		cli_msg("error: --range '%s' '%s' ends past 2^64 bytes", s, l);
		return EX_USAGE;
	}
	if (align > 1 && (*start % align || *len % align)) {
		cli_msg("error: --range '%s' '%s': the DA writes and erases whole %llu-byte "
			"sectors: START and LEN must be multiples of %llu (0x%llx)",
			s, l, (unsigned long long)align, (unsigned long long)align,
			(unsigned long long)align);
		return EX_USAGE;
	}
	return 0;
}

bool cli_seconds(const char *what, const char *s, unsigned *ms)
{
	char *end = NULL;
	double v = s && *s ? strtod(s, &end) : NAN;
	if (end && !*end && isfinite(v) && v >= 0 && v <= WAIT_MAX_S) {
		*ms = (unsigned)(v * 1000 + 0.5);
		return true;
	}
	cli_msg("error: %s '%s' is not a number of seconds from 0 to %d (e.g. 10 or 2.5)", what,
		s ? s : "", WAIT_MAX_S);
	return false;
}
