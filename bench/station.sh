#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Bench of `mtkfw station` (issue 23): 1, 2, 4 and 8 virtual phones flashed from one ZIP of the
# demo package, every phone plugged in at the start, each link throttled to USB 2.0
# (--link-speed usb-hs, 40 MB/s), then the same with every link also on one shared hub
# (--hub, the sum of all links capped at 40 MB/s). Printed against the limits measured or
# known in the same run: wall time vs one phone alone (independent links), bytes carried per
# second vs the hub's 40 MB/s (shared hub), host CPU of the station and of the emulators per
# phone, the station's peak RSS per slot; then what the package's one unpack costs against
# inflating the ZIP once per phone. Ratios, never pass/fail on time.
# Usage: bench/station.sh [BUILD_DIR] [PHONES...]   (default phones: 1 2 4 8; DATA_MB=64)
set -euo pipefail
cd "$(dirname "$0")/.."
B=$(realpath "${1:-build}")
shift || true
COUNTS=("$@")
[ ${#COUNTS[@]} -gt 0 ] || COUNTS=(1 2 4 8)
MTKFW=$B/mtkfw EMU=$B/mtkfw-emu MEASURE=$B/bench/measure PTYRATE=$B/bench/ptyrate
DATA_MB=${DATA_MB:-64}
HUB_MBPS=40
W=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/mtkfw-stbench-XXXXXX")}
mkdir -p "$W"
trap 'pkill -P $$ 2>/dev/null; wait 2>/dev/null; [ -n "${BENCH_DIR:-}" ] || rm -rf "$W"' EXIT
export MTKFW_STORE=$W/store
DA=$W/da.bin

echo "building the package ($DATA_MB MiB of system data) and a phone in $W ..."
"$EMU" --make-da "$DA" >/dev/null
[ -f "$W/pkg.zip" ] || "$MTKFW" demo-package "$W/pkg" --data "$DATA_MB" --archive "$W/pkg.zip" >/dev/null
[ -f "$W/template.img" ] || "$EMU" provision --package "$W/pkg" --user "$W/template.img" --seed 7 >/dev/null

# the bytes a hub file says its phones carried (docs/emulator.md, "A shared hub": offset 80)
carried() { od -A n -t u8 -j 80 -N 8 "$1" | tr -d ' '; }

# run N MODE: N phones on links of MODE (usb-hs, hub), the station flashing all of them;
# prints "wall station_cpu station_rss emu_cpu_total bytes_sent carried_total carried_max".
# With independent links each phone still gets a hub file of its own, too fast to limit
# anything, to count what its link carried.
run() {
	local n=$1 mode=$2 i extra=()
	rm -rf "$W/ph" "$W/m" "$W/store" "$W"/hub* "$W/report".*
	mkdir -p "$W/ph" "$W/m"
	for i in $(seq "$n"); do
		if [ "$mode" = hub ]; then extra=(--hub "$W/hub" --hub-mbps $HUB_MBPS); else
			extra=(--hub "$W/hub$i" --hub-mbps 10000); fi
		cp --sparse=always "$W/template.img" "$W/p$i.img"
		for b in boot1 boot2 rpmb; do cp --sparse=always "$W/template.img.$b" "$W/p$i.img.$b"; done
		"$MEASURE" "$EMU" --user "$W/p$i.img" --link "$W/ph/ttyACM$i" --da "$DA" \
			--cid "$(printf '11010030303447393010AABBCCDD%04X' "$i")" --boots-android \
			--link-speed usb-hs "${extra[@]}" 2>"$W/m/emu$i" &
	done
	for _ in $(seq 200); do [ "$(ls "$W/ph" | wc -l)" = "$n" ] && break; sleep 0.05; done
	"$MEASURE" "$MTKFW" station "$W/pkg.zip" --slots "$W/ph/ttyACM*" --da "$DA" --count "$n" \
		--report "$W/report" --json 2>"$W/m/station" >/dev/null
	wait
	read -r wall rss status cpu <"$W/m/station"
	[ "$status" = 0 ] || { echo "the station failed ($status) with $n phones on $mode" >&2; exit 1; }
	local ecpu sent
	ecpu=$(cat "$W"/m/emu* | awk '{ s += $4 } END { print s }')
	sent=$(jq -s 'map(.bytes) | add' "$W/report.jsonl")
	[ "$(jq -s 'map(select(.result == "ok")) | length' "$W/report.jsonl")" = "$n" ] ||
		{ echo "not every phone flashed ($n on $mode): $(cat "$W/report.jsonl")" >&2; exit 1; }
	local total=0 most=0 c
	for f in "$W"/hub*; do
		c=$(carried "$f")
		total=$((total + c))
		[ "$c" -gt "$most" ] && most=$c
	done
	echo "$wall $cpu $rss $ecpu $sent $total $most"
}

# ptys N: what N pseudo-terminals carry at once on this machine, in MB/s all together (N
# bench/ptyrate at the same time, each the median of its four samples): the host's own limit
# for N links, as the phones' links are ptys here
ptys() {
	local i
	for i in $(seq "$1"); do "$PTYRATE" 32 >"$W/pty$i" & done
	wait
	for i in $(seq "$1"); do tr ' ' '\n' <"$W/pty$i" | sort -g | sed -n 2,3p; done |
		awk '{ s += $1 / 2 } END { printf "%.0f", s }'
	rm -f "$W"/pty*
}

# the columns: wall time, and against the first count's; the time the links alone need (the
# busiest link's bytes at 40 MB/s; on the hub, all bytes at its 40 MB/s) and wall in % of it;
# CPU seconds of the station and of the emulators per phone; the station's peak RSS and its
# growth per slot; MB carried (both ways, every link); for independent links, what N ptys carry
# at once here against what N links at 40 MB/s need
printf '%-6s %3s %7s %6s %7s %5s %8s %8s %14s %7s  %s\n' links n wall_s vs_1 limit_s lim_% "cpu/ph" "emu/ph" "rss_MiB(+/sl)" MB "ptys_MB/s(need)"
for mode in usb-hs hub; do
	one=
	rss1=
	for n in "${COUNTS[@]}"; do
		pty=-
		[ "$mode" = hub ] || pty=$(ptys "$n")
		read -r wall cpu rss ecpu sent total most < <(run "$n" "$mode")
		[ -n "$one" ] || { one=$wall; rss1=$rss; n1=$n; }
		awk -v m="$mode" -v n="$n" -v w="$wall" -v o="$one" -v c="$cpu" -v e="$ecpu" -v r="$rss" \
			-v r1="$rss1" -v n1="$n1" -v t="$total" -v mo="$most" -v hub=$HUB_MBPS -v pty="$pty" 'BEGIN {
			per = (n > n1) ? (r - r1) / 1024 / (n - n1) : 0
			lim = (m == "hub" ? t : mo) / (hub * 1e6)
			printf "%-6s %3d %7.2f %5.2fx %7.2f %4.0f%% %8.2f %8.2f %7.1f(+%.1f) %7.0f", m, n, w, w / o, lim, 100 * w / lim, c / n, e / n, r / 1024, per, t / 1e6
			if (pty != "-") printf "  %s(%d)", pty, n * hub
			printf "\n"
		}'
	done
done

# the package read once: one unpack of the ZIP against inflating it once per phone
line=$("$MEASURE" bsdtar -xOf "$W/pkg.zip" 2>&1 >/dev/null | tail -1)
read -r t_inflate _ _ c_inflate <<<"$line"
rm -rf "$W/unpacked" && mkdir "$W/unpacked"
line=$("$MEASURE" bsdtar -xSf "$W/pkg.zip" -C "$W/unpacked" 2>&1 >/dev/null | tail -1)
read -r t_unpack _ _ c_unpack <<<"$line"
awk -v ti="$t_inflate" -v ci="$c_inflate" -v tu="$t_unpack" -v cu="$c_unpack" \
	-v z="$(stat -c %s "$W/pkg.zip")" -v d="$(du -sb "$W/unpacked" | cut -f1)" \
	-v dd="$(du -sB1 "$W/unpacked" | cut -f1)" 'BEGIN {
	printf "the ZIP (%.0f MiB): inflating it %.2f s (%.2f s CPU) per phone that reads it; unpacked once %.2f s (%.2f s CPU), %.0f MiB of files taking %.0f MiB of disk\n",
		z / 1048576, ti, ci, tu, cu, d / 1048576, dd / 1048576
	printf "8 phones inflating it each: %.2f s of CPU; one unpack: %.2f s\n", 8 * ci, cu
}'
