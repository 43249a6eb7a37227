#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Bench of `mtkfw gui`, every timing against something measured in the same run; nothing passes
# or fails on time.
#   1. a flash through the window vs the same flash from the command line: the demo package with
#      DATA_MB MiB of system data (a folder), --verify, one virtual phone on a USB 2.0 link
#      (--link-speed usb-hs, 40 MB/s: the link is the limit, as on a real phone), provisioned afresh before every run (a copy of one
#      provisioned image, an empty backup store: every run the first flash of a phone never
#      seen); CLI and GUI alternate (ABBA), ROUNDS runs each. CLI: the process's wall time.
#      GUI: from the POST to the window idle again (its "busy": null event, /api/state no longer
#      busy), read from the event stream; both include connecting, the flash and the reboot.
#      The window opened the package once before the rounds (as a user opens it once); the CLI
#      opens and checks it in every run. Printed: medians, GUI/CLI (goal <= 1.02), and the
#      time the link alone needs for the bytes it carried (the emulator's hub counter).
#   2. first screen: from starting `mtkfw gui --no-browser` to body[data-ready="1"] in headless
#      Chromium (bench/gui_first_screen.mjs, playwright-core of tests/browser), median of ROUNDS,
#      against the same page's markup, CSS and picture opened from disk (file://, nothing to run).
#   3. page weight: /, /app.js, /app.css, /phone.svg as served, and gzip -9 of each.
#   4. event rate: during each window flash, the most progress events arriving in any one second
#      on the event stream (one phone; goal <= 10).
# Usage: bench/gui.sh [BUILD_DIR]   (ROUNDS=5 DATA_MB=64 LINK=usb-hs|MBPS|none; BENCH_DIR=... keeps
# the work folder). Needs python3, node, tests/browser's node_modules and /usr/bin/chromium
# (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
B=$(realpath "${1:-build}")
MTKFW=$B/mtkfw EMU=$B/mtkfw-emu MEASURE=$B/bench/measure
ROUNDS=${ROUNDS:-5} DATA_MB=${DATA_MB:-64}
LINK=${LINK:-usb-hs} # the emulator's --link-speed: usb-hs (40 MB/s), MBPS, or none (the pty's own rate)
case $LINK in usb-hs) LINK_MBPS=40 LINK_ARGS=(--link-speed usb-hs) ;; none) LINK_MBPS= LINK_ARGS=() ;;
*) LINK_MBPS=$LINK LINK_ARGS=(--link-speed "$LINK") ;; esac
[ -d tests/browser/node_modules/playwright-core ] || { echo "tests/browser has no node_modules: run scripts/setup.sh" >&2; exit 1; }
[ -x "${GUI_CHROMIUM:-/usr/bin/chromium}" ] || { echo "no ${GUI_CHROMIUM:-/usr/bin/chromium}: run scripts/setup.sh" >&2; exit 1; }
shm=/dev/shm
[ -w $shm ] || shm=${TMPDIR:-/tmp}
W=${BENCH_DIR:-$(mktemp -d "$shm/mtkfw-guibench-XXXXXX")}
mkdir -p "$W"
EMU_PID= GUI_PID=
stop_emu() { [ -n "$EMU_PID" ] && kill "$EMU_PID" 2>/dev/null && wait "$EMU_PID" 2>/dev/null; EMU_PID=; }
stop_gui() { [ -n "$GUI_PID" ] && kill -INT "$GUI_PID" 2>/dev/null && wait "$GUI_PID" 2>/dev/null; GUI_PID=; }
trap 'stop_emu; stop_gui; [ -n "${BENCH_DIR:-}" ] || rm -rf "$W"' EXIT
export MTKFW_STORE=$W/store
DA=$W/da.bin PORT=$W/tty
DEV=(--port "$PORT" --da "$DA" --preloader "$W/pkg/preloader_mtkfw_demo.bin" --wait 20)
med() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
range() { sort -g | awk -v f="${1:-%s}" 'NR == 1 { lo = $1 } { hi = $1 } END { printf f "-" f, lo, hi }'; } # [printf format]
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"

echo "building the package ($DATA_MB MiB of system data) and a phone in $W ..."
"$EMU" --make-da "$DA" >/dev/null
[ -d "$W/pkg" ] || "$MTKFW" demo-package "$W/pkg" --data "$DATA_MB" >/dev/null
[ -f "$W/template.img" ] || "$EMU" provision --package "$W/pkg" --user "$W/template.img" --seed 7 >/dev/null

# a factory-fresh phone on its USB 2.0 link, an empty store; a hub file of its own, too fast to
# limit anything, counts the bytes its link carries (docs/emulator.md, "A shared hub": offset 80)
fresh_phone() {
	stop_emu
	rm -rf "$W/store" "$W/hub" "$PORT"
	cp --sparse=always "$W/template.img" "$W/phone.img"
	for b in boot1 boot2 rpmb; do cp --sparse=always "$W/template.img.$b" "$W/phone.img.$b"; done
	"$EMU" --user "$W/phone.img" --link "$PORT" --da "$DA" "${LINK_ARGS[@]}" \
		--hub "$W/hub" --hub-mbps 10000 >"$W/emu.log" 2>&1 &
	EMU_PID=$!
	for _ in $(seq 100); do [ -e "$PORT" ] && return; sleep 0.05; done
	echo "the emulator did not start: $(cat "$W/emu.log")" >&2
	exit 1
}
carried() { od -A n -t u8 -j 80 -N 8 "$W/hub" | tr -d ' '; }
link_time() { awk -v b="$(carried)" -v r="${LINK_MBPS:-0}" 'BEGIN { if (r > 0) printf "%.3f\n", b / (r * 1e6); else print 0 }'; }

start_gui() { # mtkfw gui arguments...: URL set
	stop_gui
	"$MTKFW" gui --no-browser --root "$W" "${DEV[@]}" "$@" >"$W/gui.out" 2>"$W/gui.err" &
	GUI_PID=$!
	URL=
	for _ in $(seq 200); do
		URL=$(tr -d '\r' <"$W/gui.out" | sed -n 's/^mtkfw gui: \(http:[^ ]*\)$/\1/p' | head -1)
		[ -n "$URL" ] && return
		sleep 0.05
	done
	echo "mtkfw gui printed no address: $(cat "$W/gui.err")" >&2
	exit 1
}

# --- 1. the same flash from the command line and through the window
start_gui
# the printed token opens the window once: its cookie for every request of the bench
export MTKFW_GUI_COOKIE="mtkfw_gui=$(curl -s -o /dev/null -c - "$URL" | awk '$6 == "mtkfw_gui" {print $7}')"
python3 bench/gui_job.py "$URL" /api/package "{\"path\": \"$W/pkg\"}" "$W/ev-package.jsonl" >"$W/package.json"
[ "$(jq -r .state "$W/package.json")" = ok ] || { echo "the window did not open the package: $(cat "$W/package.json")" >&2; exit 1; }
: >"$W/r_cli"; : >"$W/r_gui"; : >"$W/r_link"; : >"$W/r_rate"; : >"$W/rounds"
cli_run() {
	fresh_phone
	local line secs status
	"$MEASURE" "$MTKFW" flash "$W/pkg" --verify "${DEV[@]}" 2>"$W/cli.err" || true
	line=$(tail -1 "$W/cli.err")
	read -r secs _ status _ <<<"$line"
	[ "$status" = 0 ] || { echo "the CLI flash failed ($status): $(tail -5 "$W/cli.err")" >&2; exit 1; }
	echo "$secs" >>"$W/r_cli"
	link_time >>"$W/r_link"
	CLI_S=$secs
}
gui_run() {
	local i=$1
	fresh_phone
	python3 bench/gui_job.py "$URL" /api/flash '{"mode": "download", "verify": true}' "$W/ev-flash$i.jsonl" >"$W/gui$i.json"
	[ "$(jq -r .state "$W/gui$i.json")" = ok ] || { echo "the window's flash failed: $(cat "$W/gui$i.json")" >&2; exit 1; }
	jq -r .idle "$W/gui$i.json" >>"$W/r_gui"
	jq -r .max_1s "$W/gui$i.json" >>"$W/r_rate"
	link_time >>"$W/r_link"
	GUI_S=$(jq -r .idle "$W/gui$i.json")
}
echo
echo "1. flash of the demo package ($DATA_MB MiB of data) with --verify, link $LINK${LINK_MBPS:+ ($LINK_MBPS MB/s)}, $ROUNDS runs each, alternating"
# gui_s: POST to idle; flash_end_s: POST to the flash job's own end event (before the reboot);
# progress/1s: part 4
printf '%-5s %8s %8s %8s %11s %11s\n' round cli_s gui_s gui/cli flash_end_s progress/1s
for i in $(seq "$ROUNDS"); do
	if [ $((i % 2)) = 1 ]; then cli_run; gui_run "$i"; else gui_run "$i"; cli_run; fi
	awk -v i="$i" -v c="$CLI_S" -v g="$GUI_S" -v e="$(jq -r .end "$W/gui$i.json")" -v p="$(jq -r .max_1s "$W/gui$i.json")" \
		'BEGIN { printf "%-5d %8.3f %8.3f %8.3f %11.3f %11d\n", i, c, g, g / c, e, p }' | tee -a "$W/rounds"
done
stop_emu
cm=$(med <"$W/r_cli") gm=$(med <"$W/r_gui") lm=$(med <"$W/r_link")
awk '{ print $4 }' "$W/rounds" >"$W/r_ratio"
awk -v c="$cm" -v g="$gm" -v l="$lm" -v rr="$(range %.3f <"$W/r_ratio")" -v cr="$(range %.3f <"$W/r_cli")" -v gr="$(range %.3f <"$W/r_gui")" 'BEGIN {
	printf "median: CLI %.3f s (%s), GUI %.3f s (%s): GUI/CLI %.3f (goal <= 1.02; per round %s)\n", c, cr, g, gr, g / c, rr
	if (l > 0) printf "the link alone: %.3f s for the bytes one flash carries (CLI at %.0f %%, GUI at %.0f %% of that)\n", l, 100 * c / l, 100 * g / l }'
chk=$("$MEASURE" "$MTKFW" check -q "$W/pkg" 2>&1 >/dev/null | tail -1)
echo "the window opened the package once before the rounds in $(jq -r '.idle * 1000 | round / 1000' "$W/package.json") s; the CLI opens it in every run (\`mtkfw check\` of it alone: ${chk%% *} s)"

# --- 3. page weight, measured now (its files make the static page of 2.), printed after 2.
printf '127.0.0.1\tFALSE\t/\tFALSE\t0\tmtkfw_gui\t%s\n' "${MTKFW_GUI_COOKIE#mtkfw_gui=}" >"$W/jar"
mkdir -p "$W/page"
{
	printf '%-11s %9s %9s %s\n' file bytes gzip_-9 served_as
	total=0 gtotal=0
	for f in / /app.js /app.css /phone.svg; do
		name=${f#/}
		name=${name:-index.html}
		curl -s -b "$W/jar" -H 'Accept-Encoding: gzip, deflate, br' -D "$W/hdr" -o "$W/page/$name" "${URL%%/\?token=*}$f"
		enc=$(tr -d '\r' <"$W/hdr" | sed -n 's/^[Cc]ontent-[Ee]ncoding: *//p')
		b=$(stat -c %s "$W/page/$name") g=$(gzip -9c "$W/page/$name" | wc -c)
		total=$((total + b)) gtotal=$((gtotal + g))
		printf '%-11s %9d %9d %s\n' "$f" "$b" "$g" "${enc:-identity (asked for gzip, deflate, br)}"
	done
	printf '%-11s %9d %9d\n' total "$total" "$gtotal"
} >"$W/weight"
stop_gui

# --- 2. first screen: from starting the window to its page drawn, vs a static page from disk
mkdir -p "$W/static"
cp "$W/page/app.css" "$W/page/phone.svg" "$W/static/"
sed -e 's|<script src="app.js" defer></script>||' -e 's|<body>|<body data-ready="1">|' "$W/page/index.html" >"$W/static/index.html"
grep -q 'data-ready="1"' "$W/static/index.html" || { echo "the static page has no data-ready" >&2; exit 1; }
echo
echo "2. first screen in headless Chromium (browser already running, a fresh context each time; no phone plugged)"
node bench/gui_first_screen.mjs "$ROUNDS" "$W/static/index.html" "$MTKFW" --root "$W" "${DEV[@]}" >"$W/first.jsonl"
jq -r 'select(.kind == "gui") | .start_to_ready' "$W/first.jsonl" >"$W/f_gui"
jq -r 'select(.kind == "gui") | .url_to_ready' "$W/first.jsonl" >"$W/f_nav"
jq -r 'select(.kind == "gui") | .start_to_url' "$W/first.jsonl" >"$W/f_url"
jq -r 'select(.kind == "gui") | .mark' "$W/first.jsonl" >"$W/f_mark"
jq -r 'select(.kind == "static") | .goto_to_ready' "$W/first.jsonl" >"$W/f_static"
jq -r 'select(.kind == "static") | .mark' "$W/first.jsonl" >"$W/f_smark"
awk -v g="$(med <"$W/f_gui")" -v n="$(med <"$W/f_nav")" -v u="$(med <"$W/f_url")" -v m="$(med <"$W/f_mark")" \
	-v s="$(med <"$W/f_static")" -v sm="$(med <"$W/f_smark")" -v gr="$(range %.0f <"$W/f_gui")" -v sr="$(range %.0f <"$W/f_static")" 'BEGIN {
	printf "window, from its start: %.0f ms (%s ms): address printed %.0f ms, page opened to drawn %.0f ms (the page'"'"'s own mtkfw-ready mark %.0f ms after navigation start)\n", g, gr, u, n, m
	printf "static page from disk:  %.0f ms (%s ms) from opening it to drawn (its load event %.0f ms after navigation start)\n", s, sr, sm
	printf "window from its start / static page: %.2f; page opened to drawn / static page: %.2f; by the pages'"'"' own clocks: %.2f\n", g / s, n / s, m / sm }'
echo
echo "3. page weight"
cat "$W/weight"

# --- 4. event rate during the window's flashes
echo
echo "4. progress events on the event stream during a flash (one phone; goal <= 10 in any second)"
for i in $(seq "$ROUNDS"); do
	jq -r --arg i "$i" '"round \($i): \(.progress) progress events in \(.idle * 1000 | round / 1000) s; at most \(.max_1s) in one second (from \(.max_1s_at) s: \(.max_1s_steps | join(", ")))"' "$W/gui$i.json"
done
echo "most in one second: median $(med <"$W/r_rate"), range $(range <"$W/r_rate")"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
