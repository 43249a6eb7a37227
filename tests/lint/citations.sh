#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# scripts/check-citations.py on a small tree of its own: every kind of citation it must refuse is
# named, each right one passes, and a tree with only right ones exits 0.
set -u
LINT=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
mkdir -p "$T/docs" "$T/lib/core" "$T/bench"
cat >"$T/docs/protocol.md" <<'EOF'
# The wire
## 1. Boot ROM
### 3.1 Start-up
Section 1 above, and section 3.1 too.
## PMT (`lib/core/a.c`)
EOF
printf '# --- 5. a phone\n' >"$T/bench/device.sh"
cat >"$T/lib/core/a.c" <<'EOF'
/* Right: docs/protocol.md 1, 3.1; section 1 of docs/protocol.md; docs/protocol.md, "PMT";
 * lib/core/a.c, lib/core/*.c, docs/protocol.md#pmt-libcoreac, protocol.md, bench/device.sh
 * section 5; a version 3.4.67 and bytes "e8 00 00 00 0b". */
EOF
python3 "$LINT" "$T" >"$T/out" || { echo "FAIL right citations refused:"; cat "$T/out"; fails=1; }

cat >"$T/lib/core/b.c" <<'EOF'
/* Wrong: docs/protocol.md 2 and docs/protocol.md 1, 4;
 * (docs/formats.md), lib/core/gone.c, docs/STYLE.md, PROTOCOL.md
 * docs/protocol.md, "Refusals"; protocol.md#nowhere; (0b.6); (3.4); 3.2 step j; 1.3 row 5;
 * §3; (FORMATS d.1); bench/device.sh section 4. */
EOF
printf 'See section 9 and [x](../../shared/docs/PROTOCOL.md).\n' >"$T/docs/page.md"
python3 "$LINT" "$T" >"$T/out" && { echo "FAIL wrong citations passed"; fails=1; }
for want in "lib/core/b.c:1: docs/protocol.md has no section 2" \
	"lib/core/b.c:1: docs/protocol.md has no section 4" \
	"lib/core/b.c:2: docs/formats.md is not in the repository" \
	"lib/core/b.c:2: lib/core/gone.c is not in the repository" \
	"lib/core/b.c:2: docs/STYLE.md is not in the repository" \
	"lib/core/b.c:2: PROTOCOL.md is not in the repository" \
	'lib/core/b.c:3: docs/protocol.md has no section "Refusals"' \
	"lib/core/b.c:3: docs/protocol.md has no heading #nowhere" \
	"lib/core/b.c:3: '0b.6' names a section but no file" \
	"lib/core/b.c:3: '(3.4)' names a section but no file" \
	"lib/core/b.c:3: '3.2 step j' names a section but no file" \
	"lib/core/b.c:3: '1.3 row 5' names a section but no file" \
	"lib/core/b.c:4: '§' names a section but no file" \
	"lib/core/b.c:4: 'd.1' names a section but no file" \
	"lib/core/b.c:4: bench/device.sh has no section 4" \
	"docs/page.md:1: docs/page.md has no section 9" \
	"docs/page.md:1: a page of docs/ points outside the repository (../shared)"; do
	grep -qF -- "$want" "$T/out" || { echo "FAIL not caught: $want"; fails=1; }
done
[ "$fails" = 0 ] && echo "ok: each kind of wrong citation is caught, right ones pass"
exit "$fails"
