#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The Windows build (mtkfw.exe, scripts/build-windows.sh) under wine, against the Linux
# build: package commands give the same output and exit codes on the shared corpus and the
# demo package; device commands run end to end against mtkfw-emu through a wine COM port
# (dosdevices/com5 -> the emulator's pty), with byte comparison and identity hashes.
# Usage: tests/e2e/wine.sh LINUX_BUILD_DIR MTKFW_EXE SHARED_DIR
set -u
BIN=$1
EXE=$(realpath "$2")
SHARED=$3
. "$(dirname "$0")/lib.sh"
WINE=${WINE:-/usr/lib/wine/wine64}
export WINEPREFIX=$W/wine WINEDEBUG=-all
# one wineserver for the whole run: a program started while the last one's server shuts
# down can fail to start (exit 1); the server goes with the work folder
mkdir -p "$WINEPREFIX" && /usr/lib/wine/wineserver -p >/dev/null 2>&1
trap '/usr/lib/wine/wineserver -k >/dev/null 2>&1; cleanup' EXIT
"$WINE" wineboot -i >/dev/null 2>&1 || { echo "wine does not start"; exit 1; }
printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$WINE" "$EXE" >"$W/mtkfw.exe.sh"
chmod +x "$W/mtkfw.exe.sh"
WIN=$W/mtkfw.exe.sh # mtkfw.exe as a command (check's timeout runs it)

# --- package commands: the same bytes out, the same exit code
demo_setup
"$MTKFW" demo-package "$W/zipped" --archive "$W/demo.zip" >/dev/null
"$MTKFW" image unpack "$W/pkg/boot.img" -o "$W/bootdir" >/dev/null
cp -r "$W/pkg" "$W/broken" && truncate -s -200 "$W/broken/preloader_mtkfw_demo.bin"
SC=$(ls "$SHARED"/corpus/scatter/* | head -3)
same_out() { # name, args...
	local name=$1
	shift
	"$MTKFW" "$@" >"$W/lin" 2>/dev/null
	local lrc=$?
	"$WIN" "$@" >"$W/win" 2>/dev/null
	local wrc=$?
	if [ "$lrc" = "$wrc" ] && cmp -s "$W/lin" "$W/win"; then ok "same as Linux: $name (exit $lrc)"; else
		bad "$name: exit $lrc / $wrc"; diff "$W/lin" "$W/win" | head -5; fi
}
same_out "info" info "$W/pkg"
same_out "info --json of a ZIP" info --json "$W/demo.zip"
same_out "check" check "$W/pkg"
same_out "check --json of a ZIP" check --json "$W/demo.zip"
same_out "check of a truncated preloader" check "$W/broken"
same_out "check of the real MTK Droid Tools backup" check --json "$SHARED/corpus/firmware/mobiwire_s10"
for s in $SC; do same_out "scatter $(basename "$s")" scatter --json "$s"; done
same_out "checksum" checksum "$W/pkg"
same_out "image info" image info --json "$W/pkg/boot.img"
same_out "image repack" image repack "$W/bootdir" -o "$W/boot-again.img"
same_out "no such package" check "$W/none"
# board: the same profile but build.prop (no libext2fs on Windows: said in unread)
"$MTKFW" board --json "$W/pkg" >"$W/lin"
"$WIN" board --json "$W/pkg" >"$W/win" 2>/dev/null
f='del(.android, .sources.android, .unread, .system_streamed)'
[ "$(jq -cS "$f" "$W/lin")" = "$(jq -cS "$f" "$W/win")" ] && ok "board: the same profile" || bad "board differs"
grep -q "no libext2fs" "$W/win" && ok "board says what Windows cannot read" || bad "board unread"
"$WIN" image unpack "$SHARED/corpus/firmware/mobiwire_s10/logo.bin" -o "$W/logo-win" >"$W/win" 2>/dev/null
grep -q "round trip: exact" "$W/win" && ok "logo.bin round-trips on Windows" || bad "logo round trip"

# --- device commands through a COM port
provision 5
start_emu
ln -sf "$PORT" "$WINEPREFIX/dosdevices/com5"
WDEV=(--port COM5 --da "$DA" --wait 10 --preloader "$W/pkg/preloader_mtkfw_demo.bin")
before=$(identity)
check "detect" 0 "$WIN" detect "${WDEV[@]}" --json
has "detect: chip" '"chip": "MT6572"'
t0=$(date +%s.%N)
check "readback 256 MiB" 0 "$WIN" readback --range 0x4340000 0x10000000 "${WDEV[@]}" -q "$W/w.bin"
t1=$(date +%s.%N)
check "the same on Linux" 0 "$MTKFW" readback --range 0x4340000 0x10000000 "${DEV[@]}" -q "$W/l.bin"
t2=$(date +%s.%N)
same "readback: the same bytes" "$W/w.bin" "$W/l.bin"
awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "readback 256 MiB: Windows (wine) %.1f MB/s, Linux %.1f MB/s, ratio %.2f (goal <= 2)\n", 268.435456 / (b - a), 268.435456 / (c - b), (b - a) / (c - b) }'
rm -f "$W/w.bin" "$W/l.bin"
check "flash --mode upgrade --verify" 0 "$WIN" flash "$W/pkg" --mode upgrade --verify "${WDEV[@]}"
has "summary" "identity checked against"
[ "$(identity)" = "$before" ] && ok "identity kept by the Windows flash" || bad "identity changed"
check "backup" 0 "$WIN" backup "${WDEV[@]}" -q
bk=$(ls -d "$MTKFW_STORE"/*/*-identity | tail -1)
check "restore" 0 "$WIN" restore "$bk" "${WDEV[@]}"
[ "$(identity)" = "$before" ] && ok "identity intact after the Windows restore" || bad "identity changed by restore"
check "format NVRAM refused" 77 "$WIN" format --partition NVRAM "${WDEV[@]}"
# the doctor: a well phone through COM5 (its package ranked), then no phone at all (Device
# Manager asked: wine's lists no MediaTek device)
check "doctor: a well phone" 0 "$WIN" doctor --packages "$W/pkg" --port COM5 --da "$DA" --wait 10 --json
[ "$(jq -s 'any(.[]; .event == "rank" and .rank == 1 and .verdict == "ok")' "$W/out")" = true ] &&
	ok "doctor: its package ranked first, ok" || bad "doctor: ranks $(jq -c 'select(.event == "rank")' "$W/out")"
[ "$(jq -s '[.[] | select(.event == "finding" and .level == "error")] | length' "$W/out")" = 0 ] &&
	ok "doctor: no error found" || bad "doctor: $(jq -c 'select(.event == "finding" and .level == "error")' "$W/out")"
stop_emu
check "doctor: no phone" 69 "$WIN" doctor --wait 1 --json
[ "$(jq -s 'any(.[]; .event == "finding" and .what == "host" and (.evidence | contains("Device Manager lists no MediaTek device")))' "$W/out")" = true ] &&
	ok "doctor: Device Manager asked" || bad "doctor: $(jq -c 'select(.event == "finding")' "$W/out")"
finish wine
