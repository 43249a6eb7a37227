#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Bench of package reading (issue 2): `mtkfw check` on a >= 1 GiB package, as a
# folder and as a ZIP, against the machine's own limit measured in the same
# run (cat of the same files; unzip -p for the ZIP), its peak RSS, and
# `mtkfw info` and `mtkfw board` on the ZIP. Prints ratios, never pass/fail on time.
# The ZIP's own limit is decompression: `bsdtar -xOf` (libarchive's own tool,
# the same inflate and CRC work mtkfw does) streams every member to /dev/null.
# Usage: bench/check.sh [BUILD_DIR] [SYSTEM_DATA_MB]
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-build}
MB=${2:-1100}
MTKFW=$B/mtkfw
MEASURE=$B/bench/measure
W=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/mtkfw-bench-XXXXXX")}
[ -n "${BENCH_KEEP:-}" ] || trap 'rm -rf "$W"' EXIT

if [ ! -f "$W/big.zip" ]; then
	echo "building a package with ${MB} MiB of system data in $W ..."
	"$MTKFW" demo-package "$W/big" --data "$MB" --archive "$W/big.zip" >/dev/null
fi
bytes=$(du -cb "$W"/big/* | tail -1 | cut -f1)
zbytes=$(stat -c %s "$W/big.zip")

# best of 3 runs, warm cache (every command sees the same page cache)
best() {
	local t best=999999 rss=0 line
	for _ in 1 2 3; do
		line=$("$MEASURE" "$@" 2>&1 >/dev/null | tail -1)
		t=${line%% *}
		rss=$(echo "$line" | cut -d' ' -f2)
		best=$(echo "$t $best" | awk '{print ($1 < $2) ? $1 : $2}')
	done
	echo "$best $rss"
}
cat "$W"/big/* > /dev/null
read -r t_cat _ < <(best sh -c "cat '$W'/big/* > /dev/null")
read -r t_chk rss_chk < <(best "$MTKFW" check -q "$W/big")
read -r t_unz _ < <(best sh -c "bsdtar -xOf '$W/big.zip' > /dev/null")
read -r t_zcat _ < <(best sh -c "cat '$W/big.zip' > /dev/null")
read -r t_zchk rss_zchk < <(best "$MTKFW" check -q "$W/big.zip")
read -r t_info _ < <(best "$MTKFW" info "$W/big.zip")
read -r t_board rss_board < <(best "$MTKFW" board "$W/big.zip")
streamed=$("$MTKFW" board --json "$W/big.zip" | jq .system_streamed)

awk -v b="$bytes" -v zb="$zbytes" -v tc="$t_cat" -v tk="$t_chk" -v tu="$t_unz" -v tz="$t_zcat" \
    -v tzk="$t_zchk" -v ti="$t_info" -v r1="$rss_chk" -v r2="$rss_zchk" -v tb="$t_board" -v rb="$rss_board" -v st="$streamed" 'BEGIN {
	mb = 1048576
	printf "package: %.0f MiB in a folder, %.0f MiB as ZIP\n", b / mb, zb / mb
	printf "folder: cat %.0f MB/s, mtkfw check %.0f MB/s -> %.0f %% of cat (goal >= 80 %%), peak RSS %.1f MiB (goal < 32)\n",
		b / tc / 1e6, b / tk / 1e6, 100 * tc / tk, r1 / 1024
	printf "zip:    cat %.0f MB/s, bsdtar -xO %.0f MB/s, mtkfw check %.0f MB/s -> %.0f %% of bsdtar -xO (goal >= 80 %%), %.0f %% of cat, peak RSS %.1f MiB\n",
		zb / tz / 1e6, b / tu / 1e6, b / tzk / 1e6, 100 * tu / tzk, 100 * tz / tzk, r2 / 1024
	printf "info on the ZIP: %.1f ms (goal < 50 ms)\n", ti * 1000
	printf "board on the ZIP: %.1f ms, peak RSS %.1f MiB (goal < 1 s, < 64 MiB; reads preloader, lk, logo, boot image, and system.img up to its build.prop: %.1f MiB streamed)\n", tb * 1000, rb / 1024, st / mb
}'
