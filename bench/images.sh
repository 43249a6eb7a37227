#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Bench of `mtkfw image` (issue 13): unpack + repack of a 6 MiB boot image and of
# the real 39-image logo.bin (goals < 0.3 s and < 0.5 s, each with its round-trip
# proof), `image cat` of build.prop out of a >= 1 GiB sparse system.img without
# expanding it (goal < 0.5 s), peak RSS of each (goal < 64 MiB). Next to each
# time, the machine's own limit in the same run: cat of the same input to
# /dev/null. Prints times and ratios, never pass/fail on time.
# Usage: bench/images.sh [BUILD_DIR] [SYSTEM_DATA_MB]
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-build}
MB=${2:-1100}
MTKFW=$B/mtkfw
MEASURE=$B/bench/measure
SHARED=${SHARED:-../shared}
W=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/mtkfw-bench-XXXXXX")}
[ -n "${BENCH_KEEP:-}" ] || trap 'rm -rf "$W"' EXIT

if [ ! -f "$W/big/system.img" ]; then
	echo "building a package with ${MB} MiB of system data in $W ..."
	"$MTKFW" demo-package "$W/big" --data "$MB" >/dev/null
fi
# a 6 MiB boot image: the demo's with a 6 MiB kernel put in through unpack/repack
rm -rf "$W/b0" && "$MTKFW" image unpack "$W/big/boot.img" -o "$W/b0" >/dev/null
head -c $((6 << 20)) /dev/urandom >"$W/b0/kernel"
"$MTKFW" image repack "$W/b0" -o "$W/boot6.img" >/dev/null
LOGO=$SHARED/corpus/firmware/mobiwire_s10/logo.bin

best() { # best of 3 (time, peak RSS in KiB) of a shell command line
	local t best=999999 rss=0 line
	for _ in 1 2 3; do
		rm -rf "$W/u"
		line=$("$MEASURE" sh -c "$1" 2>&1 >/dev/null | tail -1)
		t=${line%% *}
		rss=$(echo "$line" | cut -d' ' -f2)
		best=$(echo "$t $best" | awk '{print ($1 < $2) ? $1 : $2}')
	done
	echo "$best $rss"
}
read -r t_boot rss_boot < <(best "'$MTKFW' image unpack '$W/boot6.img' -o '$W/u' && '$MTKFW' image repack '$W/u' -o '$W/u.img'")
read -r c_boot _ < <(best "cat '$W/boot6.img' > /dev/null")
read -r t_logo rss_logo < <(best "'$MTKFW' image unpack '$LOGO' -o '$W/u' && '$MTKFW' image repack '$W/u' -o '$W/u.img'")
cmp -s "$LOGO" "$W/u.img" || { echo "logo.bin did not round-trip"; exit 1; }
read -r c_logo _ < <(best "cat '$LOGO' > /dev/null")
read -r t_cat rss_cat < <(best "'$MTKFW' image cat '$W/big/system.img' /build.prop")
read -r c_cat _ < <(best "cat '$W/big/system.img' > /dev/null")
sys=$(stat -c %s "$W/big/system.img")
awk -v tb="$t_boot" -v rb="$rss_boot" -v cb="$c_boot" -v tl="$t_logo" -v rl="$rss_logo" \
    -v cl="$c_logo" -v tc="$t_cat" -v rc="$rss_cat" -v cc="$c_cat" -v sys="$sys" 'BEGIN {
	printf "boot image 6 MiB: unpack (with its round-trip proof) + repack %.0f ms, peak RSS %.1f MiB (goal < 300 ms, < 64 MiB; cat of it %.1f ms)\n", tb * 1000, rb / 1024, cb * 1000
	printf "logo.bin, 39 images: unpack + repack %.0f ms, peak RSS %.1f MiB (goal < 500 ms, < 64 MiB; cat of it %.1f ms)\n", tl * 1000, rl / 1024, cl * 1000
	printf "image cat /build.prop of a %.0f MiB sparse system.img: %.1f ms, peak RSS %.1f MiB (goal < 500 ms, < 64 MiB; cat of the whole file %.0f ms = %.0fx)\n", sys / 1048576, tc * 1000, rc / 1024, cc * 1000, cc / tc
}'
