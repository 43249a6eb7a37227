#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# mtkfw gui in a real browser: Debian's Chromium driven by tests/browser/gui.mjs (playwright-core,
# axe-core; scripts/setup.sh installs them) against the window serving a virtual phone. Cases:
# the whole shop-counter path (detect, package, plan, download to 100 % with identity verified,
# backups, images, keyboard only, 200 % zoom, accessibility); Stop mid-write then Resume; two
# refusals (another board's package; a phone whose partition table is wiped) that write nothing.
# Screenshots of every screen go to $MTKFW_GUI_SHOTS when set (docs/gui.md shows them).
# Usage: gui_browser.sh BUILD_DIR [mtkfw.exe: the window of the Windows build under wine]
set -uo pipefail
BIN=$1
source "$(dirname "$0")/lib.sh"
BROWSER_DIR=$(cd "$(dirname "$0")/../browser" && pwd)
[ -d "$BROWSER_DIR/node_modules/playwright-core" ] && [ -d "$BROWSER_DIR/node_modules/axe-core" ] ||
	{ echo "FAIL tests/browser has no node_modules: run scripts/setup.sh (npm ci there)"; exit 1; }
[ -x /usr/bin/chromium ] || { echo "FAIL no /usr/bin/chromium: run scripts/setup.sh"; exit 1; }
GUI_CMD=("$MTKFW")
GPORT=$PORT
if [ -n "${2:-}" ]; then
	wine_window "$2" # GUI_CMD: mtkfw.exe under wine; the emulator's pty as COM5
	GPORT=COM5
fi
shown() { printf '%s\n' "$1"; } # a path for the page's picker; under wine, as Windows names it
[ -n "${2:-}" ] && shown() { win_path "$1"; }
GUI_PID=
stop_gui() { [ -n "$GUI_PID" ] && kill "$GUI_PID" 2>/dev/null && wait "$GUI_PID" 2>/dev/null; GUI_PID=; }
trap 'stop_gui; [ -n "${WINEPREFIX:-}" ] && /usr/lib/wine/wineserver -k >/dev/null 2>&1; cleanup' EXIT

demo_setup
"$MTKFW" demo-package "$W/otherboard" "${DEMO[@]}" --project other_board >/dev/null || exit 1
provision 1 "$W/fresh.img" >/dev/null
mkdir -p "$W/work" "$W/shots"

# case NAME GUI_CASE PACKAGE [GUI_EXPECT] -- emulator arguments...: a fresh window, the browser run
# (GUI_ARGS: the window's arguments instead of one phone's port)
browser_case() {
	local name=$1 gcase=$2 pkg=$3 expect=${4:-}
	shift 4
	[ "${1:-}" = -- ] && shift
	[ -z "${GUI_ARGS:-}" ] && start_emu "$@"
	stop_gui
	local args=(--port "$GPORT" --preloader "$W/pkg/preloader_mtkfw_demo.bin")
	[ -n "${GUI_ARGS:-}" ] && read -ra args <<<"$GUI_ARGS"
	"${GUI_CMD[@]}" gui --no-browser --root "$W" --da "$DA" --wait 20 "${args[@]}" >"$W/gui.out" 2>"$W/gui.err" &
	GUI_PID=$!
	local url=
	for _ in $(seq 400); do
		url=$(tr -d '\r' <"$W/gui.out" | sed -n 's/^mtkfw gui: \(http:[^ ]*\)$/\1/p' | head -1)
		[ -n "$url" ] && break
		sleep 0.05
	done
	[ -n "$url" ] || { bad "$name: the window printed no address"; cat "$W/gui.err"; return; }
	[ -n "${GUI_WAIT_PIDS:-}" ] && wait $GUI_WAIT_PIDS # the page opens after these ended
	[ -n "${GUI_SETTLE:-}" ] && sleep "$GUI_SETTLE"   # ... and after the station saw them go
	GUI_URL=$url GUI_PKG=$(shown "$pkg") GUI_WORK=$(shown "$W/work") GUI_SHOTS=$W/shots GUI_EXPECT=$expect \
		timeout 300 node "$BROWSER_DIR/gui.mjs" "$gcase" >"$W/browser.out" 2>&1
	local rc=$?
	sed "s/^\(ok  \|FAIL\)/\1 $name:/" "$W/browser.out"
	[ $rc = 0 ] && ok "$name: every browser check passed" || bad "$name: the browser test failed (exit $rc)"
	stop_gui
}

cp --sparse=always "$W/fresh.img" "$W/user.img"
browser_case "counter" main "$W/pkg" ""
id=$(image_identity "$W/user.img")
[ "$id" = "$(image_identity "$W/fresh.img")" ] && ok "counter: identity bytes unchanged" || bad "counter: identity changed"

cp --sparse=always "$W/fresh.img" "$W/user.img"
browser_case "stop" stop "$W/pkg" "" -- --emmc-write-mbps=4
[ "$(image_identity "$W/user.img")" = "$id" ] && ok "stop: identity bytes unchanged" || bad "stop: identity changed"

cp --sparse=always "$W/fresh.img" "$W/user.img"
cp --sparse=always "$W/user.img" "$W/before.img"
browser_case "another board" refuse "$W/otherboard" "does not fit this phone"
same "another board: nothing written" "$W/user.img" "$W/before.img"

provision 2 "$W/user.img" --damage pmt-zeroed >/dev/null
cp --sparse=always "$W/user.img" "$W/before.img"
browser_case "wiped table" refuse "$W/pkg" "layout differs" -- --cid 11010030303447393010AABBCCDDEE02
same "wiped table: nothing written" "$W/user.img" "$W/before.img"

# a station of two phones under the window: its tiles
stop_emu
mkdir -p "$W/phones"
PHONES=()
for k in 1 2; do
	cp --sparse=always "$W/fresh.img" "$W/s$k.img"
	"$EMU" --user "$W/s$k.img" --link "$W/phones/ttyACM$k" --da "$DA" --boots-android \
		--cid "$(printf '11010030303447393010AABBCCDDEE%02X' $((k + 32)))" >"$W/semu$k.log" 2>&1 &
	PHONES+=($!)
done
# the page opens once both phones are flashed (each ends when its flash reboots it) and their
# slots emptied (the station settles 5 s after a reboot): the tiles come from the event stream's
# history, and keep their phone's ending
GUI_SETTLE=7 GUI_WAIT_PIDS="${PHONES[*]}" GUI_ARGS="--station $W/pkg --slots $W/phones/ttyACM*" browser_case "station" station "$W/pkg" ""
kill "${PHONES[@]}" 2>/dev/null
wait "${PHONES[@]}" 2>/dev/null

[ -n "${MTKFW_GUI_SHOTS:-}" ] && mkdir -p "$MTKFW_GUI_SHOTS" && cp "$W"/shots/*.png "$MTKFW_GUI_SHOTS/"
finish "gui browser"
