#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# mtkfw station end to end: virtual phones plugged in one after another (their port links
# appearing in a watched folder), each flashed in its slot from one ZIP unpacked once; four of
# six with faults (a cable pulled mid-write and plugged back into the same slot; another eMMC's
# EMI: 4032; a wiped partition table; another board) that fail or continue their own slot only;
# --count; Ctrl-C during three running flashes (each resumable from the ZIP); another phone
# plugged into a lost phone's slot; a package with errors refused before any phone.
# With MTKFW_EXE, the station is the Windows build's under wine, watching the same folder of
# ports (Windows takes the Linux paths as paths of its drive Z:): the same checks.
# usage: station.sh BUILD_DIR [MTKFW_EXE]
set -uo pipefail
BIN=$1
source "$(dirname "$0")/lib.sh"
STATION_CMD=("$MTKFW")
if [ -n "${2:-}" ]; then
	WINE=${WINE:-/usr/lib/wine/wine64}
	export WINEPREFIX=$W/wine WINEDEBUG=-all
	mkdir -p "$WINEPREFIX" && /usr/lib/wine/wineserver -p >/dev/null 2>&1 # one server for the run
	"$WINE" wineboot -i >/dev/null 2>&1 || { echo "wine does not start"; exit 1; }
	STATION_CMD=("$WINE" "$(realpath "$2")")
fi
SLOTS=$W/phones
PIDS=()
cleanup_phones() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; PIDS=(); rm -rf "$SLOTS"; mkdir -p "$SLOTS"; }
trap 'cleanup_phones; [ -n "${WINEPREFIX:-}" ] && /usr/lib/wine/wineserver -k >/dev/null 2>&1; cleanup' EXIT

demo_setup
"$MTKFW" demo-package "$W/pkgz" "${DEMO[@]}" --archive "$W/pkg.zip" >/dev/null || exit 1 # the same package, zipped
SCATTER=$W/pkg/MT6572_Android_scatter.txt
at() { "$MTKFW" scatter --json "$SCATTER" | jq -r --arg n "$1" '(.partitions[] | select(.name == "MBR") | .start) as $b | .partitions[] | select(.name == $n) | "\(.start - $b)"'; }
UBOOT=$(at UBOOT)
CID() { printf '11010030303447393010AABBCCDDEE%02X' "$1"; } # phone n: the demo's eMMC, its own serial

make_phone() { # n, seed, provision arguments...: a factory-fresh phone whose lk is not the package's yet
	provision "$2" "$W/p$1.img" "${@:3}" >/dev/null
	printf 'old lk %.0s' $(seq 512) | dd of="$W/p$1.img" bs=1 seek="$UBOOT" conv=notrunc status=none
	image_identity "$W/p$1.img" >"$W/p$1.id"
}
plug() { # n, extra emulator arguments...: the phone's port appears in the watched folder
	local n=$1
	shift
	"$EMU" --user "$W/p$n.img" --link "$SLOTS/ttyACM$n" --da "$DA" --cid "$(CID "$n")" \
		--boots-android "$@" >"$W/emu$n.log" 2>&1 &
	PIDS+=($!)
}
gone() { # pid: wait (30 s at most) for a phone's emulator to end after its reboot, then stop it
	for _ in $(seq 300); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}
holds_lk() { # n: the phone's UBOOT now holds the package's lk
	cmp -s <(dd if="$W/p$1.img" iflag=skip_bytes,count_bytes skip="$UBOOT" count="$(stat -c %s "$W/pkg/lk.bin")" status=none) "$W/pkg/lk.bin"
}
station() { # name, expected exit, station arguments...: run in the background, wait for it
	local name=$1 want=$2
	shift 2
	: >"$W/out" # emptied now: a wait on it must not see the last station's events
	timeout 600 "${STATION_CMD[@]}" station "$@" --slots "$SLOTS/ttyACM*" --da "$DA" --json >"$W/out" 2>"$W/err" &
	STATION=$!
}
station_wait() { # name, expected exit
	wait "$STATION"
	local rc=$?
	[ "$rc" = "$2" ] && ok "$1: exit $rc" || bad "$1: exit $rc, want $2"
}
row() { jq -c --arg c "$(CID "$1")" 'select(.cid == $c)' "$W/report.jsonl"; } # phone n's report row
mkdir -p "$SLOTS"

# --- four phones, plugged in one after another: all flashed, verified, identity checked
for i in 1 2 3 4; do make_phone $i $((20 + i)); done
station "four phones" 0 "$W/pkg.zip" --mode upgrade --verify --count 4 --report "$W/report" --logs "$W/logs"
for i in 1 2 3 4; do plug $i; sleep 0.7; done
station_wait "four phones" 0
[ "$(jq -s 'map(select(.event == "unpacked")) | length' "$W/out")" = 1 ] && ok "the ZIP was unpacked once for the four" || bad "the ZIP was not unpacked exactly once"
[ "$(jq -r 'select(.job == "flash" and .event == "end") | .slot' "$W/out" | sort -u | wc -l)" = 4 ] && ok "four slots each ran a flash job" || bad "flash jobs in $(jq -r 'select(.job == "flash" and .event == "end") | .slot' "$W/out" | sort -u | wc -l) slots"
jq -e 'select(.job == "flash") | select(.slot == null)' "$W/out" >/dev/null && bad "a flash event without its slot" || ok "every flash event carries its slot"
[ "$(($(wc -l <"$W/report.csv") - 1))" = 4 ] && ok "the CSV report has four rows" || bad "the CSV report has $(($(wc -l <"$W/report.csv") - 1)) rows"
for i in 1 2 3 4; do
	r=$(row $i)
	[ "$(jq -r .result <<<"$r")" = ok ] && ok "phone $i: ok in the report" || bad "phone $i: report row '$r'"
	[ "$(jq -r .slot <<<"$r")" = "$SLOTS/ttyACM$i" ] && ok "phone $i: in its own slot" || bad "phone $i: slot $(jq -r .slot <<<"$r")"
	b=$(jq -r .identity_backup <<<"$r")
	[ -d "$b" ] && [[ "$b" == *"$(CID $i)"* ]] && ok "phone $i: identity backup under its own CID" || bad "phone $i: identity backup '$b'"
	[ "$(jq -r '.bytes > 0 and .mbps > 0' <<<"$r")" = true ] && ok "phone $i: bytes and MB/s reported" || bad "phone $i: $(jq -c '{bytes, mbps}' <<<"$r")"
	gone "${PIDS[$((i - 1))]}"
	[ "$(image_identity "$W/p$i.img")" = "$(cat "$W/p$i.id")" ] && ok "phone $i: identity bytes unchanged" || bad "phone $i: identity changed"
	holds_lk $i && ok "phone $i: holds the package's lk" || bad "phone $i: lk not written"
done
[ "$(ls "$W/logs" | wc -l)" = 4 ] && ok "a log per slot" || bad "logs: $(ls "$W/logs")"
grep -q "flashed and verified" "$W/logs/"*ttyACM2.log && ok "slot 2's log tells its flash" || bad "slot 2's log: $(tail -3 "$W/logs/"*ttyACM2.log)"
head -1 "$W/report.csv" | grep -q '^slot,cid,me_id,package,mode,start,end,bytes,mbps,result,error,spft' && ok "the CSV has its header" || bad "CSV header: $(head -1 "$W/report.csv")"
cleanup_phones

# --- faults in four of six: a cable pulled mid-write comes back and finishes; another eMMC's EMI
# ends 4032; a phone whose partition table is wiped is refused (its identity cannot be located);
# a phone of another board is stopped by the compat check
rm -f "$W/report".*
"$MTKFW" demo-package "$W/otherboard" "${DEMO[@]}" --project other_board >/dev/null || exit 1
for i in 1 2 3 4; do make_phone $i $((30 + i)); done
make_phone 5 35 --damage pmt-zeroed
make_phone 6 36 --package "$W/otherboard"
for i in 3 5 6; do sha256sum "$W/p$i.img" | cut -c1-64 >"$W/p$i.before"; done
station "faults" 75 "$W/pkg.zip" --mode upgrade --count 6 --report "$W/report" --rejoin 30
plug 1
plug 2 --fault disconnect-at:write:3
plug 3 --cid 150100384E3247374D20AABBCCDDEEFF # another vendor's eMMC: the package's EMI does not fit
plug 4
plug 5
plug 6
station_wait "faults: the station ends, some phones failed" 75
for i in 1 4; do [ "$(jq -r .result <<<"$(row $i)")" = ok ] && ok "faults: phone $i unaffected" || bad "faults: phone $i: $(row $i)"; done
r=$(row 2)
[ "$(jq -r '.result, .resumed' <<<"$r" | tr '\n' ' ')" = "ok 1 " ] && ok "faults: the re-plugged phone finished, resumed once" || bad "faults: phone 2: $r"
grep -q "disconnect-at:write" "$W/emu2.log" && ok "faults: the disconnect fired" || bad "faults: the disconnect did not fire: $(tail -2 "$W/emu2.log")"
holds_lk 2 && ok "faults: the re-plugged phone holds the package's lk" || bad "faults: phone 2's lk"
gone "${PIDS[1]}"
[ "$(image_identity "$W/p2.img")" = "$(cat "$W/p2.id")" ] && ok "faults: the re-plugged phone's identity unchanged" || bad "faults: phone 2's identity changed"
r=$(jq -c 'select(.cid != null and (.cid | startswith("1501")))' "$W/report.jsonl")
[ "$(jq -r '.result, .spft' <<<"$r" | tr '\n' ' ')" = "failed 4032 " ] && ok "faults: the other eMMC failed with 4032" || bad "faults: the other eMMC: $r"
[ "$(jq -r '.spft_name' <<<"$r")" = S_FT_ENABLE_DRAM_FAIL ] && ok "faults: its row names S_FT_ENABLE_DRAM_FAIL" || bad "faults: row $r"
r=$(row 5)
[ "$(jq -r '.result, .error' <<<"$r" | tr '\n' ' ')" = "failed MTKFW_E_IDENTITY " ] && ok "faults: the wiped table refused in its slot" || bad "faults: phone 5: $r"
[ "$(jq -r '.message | contains("NVRAM")' <<<"$r")" = true ] && ok "faults: its row says what is not located" || bad "faults: phone 5's message: $r"
r=$(row 6)
[ "$(jq -r '.result, .error' <<<"$r" | tr '\n' ' ')" = "failed MTKFW_E_INCOMPATIBLE " ] && ok "faults: the other board stopped by compat" || bad "faults: phone 6: $r"
[ "$(jq -r '.message | contains("preloader_other_board")' <<<"$r")" = true ] && ok "faults: its row names the foreign preloader" || bad "faults: phone 6's message: $r"
[ "$(jq -s 'map(select(.result == "ok")) | length' "$W/report.jsonl")" = 3 ] && ok "faults: three phones ok, three failed" || bad "faults: $(jq -r .result "$W/report.jsonl" | sort | uniq -c)"
for i in 3 5 6; do
	kill "${PIDS[$((i - 1))]}" 2>/dev/null; wait "${PIDS[$((i - 1))]}" 2>/dev/null
	[ "$(sha256sum "$W/p$i.img" | cut -c1-64)" = "$(cat "$W/p$i.before")" ] && ok "faults: nothing written to failed phone $i" || bad "faults: failed phone $i changed"
done
cleanup_phones

# --- --count: one phone of two
rm -f "$W/report".*
for i in 1 2; do make_phone $i $((40 + i)); done
plug 1; plug 2
station "count" 0 "$W/pkg.zip" --count 1 --report "$W/report"
station_wait "--count 1 with two phones plugged" 0
[ "$(wc -l <"$W/report.jsonl")" = 1 ] && ok "--count 1: one row" || bad "--count 1: $(wc -l <"$W/report.jsonl") rows"
[ "$(jq -r 'select(.job == "flash" and .event == "start") | .slot' "$W/out" | wc -l)" = 1 ] && ok "--count 1: one flash began" || bad "--count 1: $(jq -r 'select(.job == "flash" and .event == "start") | .slot' "$W/out" | wc -l) flashes"
cleanup_phones

# --- Ctrl-C during three running flashes: each stops between packets, journalled, resumable
rm -f "$W/report".*
for i in 1 2 3; do make_phone $i $((50 + i)); done
for i in 1 2 3; do plug $i --emmc-write-mbps 3; done
station "ctrl-c" 130 "$W/pkg.zip" --mode upgrade --report "$W/report"
for _ in $(seq 600); do
	[ "$(jq -r 'select(.event == "progress" and .step == "write") | .slot' "$W/out" 2>/dev/null | sort -u | wc -l)" = 3 ] && break
	sleep 0.1
done
kill -INT "$STATION"
t0=$(date +%s%N)
station_wait "Ctrl-C with three phones writing" 130
ms=$((($(date +%s%N) - t0) / 1000000))
[ $ms -lt 3000 ] && ok "Ctrl-C: the station stopped ${ms} ms after it" || bad "Ctrl-C: took ${ms} ms"
[ "$(jq -r 'select(.job == "flash" and .event == "end") | .state' "$W/out" | sort | uniq -c | awk '{print $1, $2}')" = "3 cancelled" ] && ok "Ctrl-C: the three flashes ended cancelled" || bad "Ctrl-C: $(jq -r 'select(.job == "flash" and .event == "end") | .state' "$W/out" | sort | uniq -c)"
[ "$(jq -r .result "$W/report.jsonl" | sort | uniq -c | awk '{print $1, $2}')" = "3 cancelled" ] && ok "Ctrl-C: three rows say cancelled" || bad "Ctrl-C: report $(cat "$W/report.jsonl")"
for i in 1 2 3; do
	check "Ctrl-C: phone $i resumes from the ZIP" 0 "$MTKFW" flash "$W/pkg.zip" --resume --dry-run --port "$SLOTS/ttyACM$i" --da "$DA" --wait 10
	has "Ctrl-C: phone $i's plan resumes its journal" "resuming an interrupted"
done
cleanup_phones

# --- another phone in a lost phone's slot: the lost phone's flash is not given to it
rm -f "$W/report".*
make_phone 7 71
make_phone 8 72
station "another phone" 75 "$W/pkg.zip" --mode upgrade --count 2 --report "$W/report" --rejoin 60
plug 7 --emmc-write-mbps 3
for _ in $(seq 600); do
	[ -n "$(jq -r 'select(.event == "progress" and .step == "write") | .slot' "$W/out" 2>/dev/null)" ] && break
	sleep 0.1
done
kill -9 "${PIDS[0]}" # the cable pulled for good: the port's link is left dangling
wait "${PIDS[0]}" 2>/dev/null
for _ in $(seq 300); do grep -q '"state": "lost"' "$W/out" && break; sleep 0.1; done
"$EMU" --user "$W/p8.img" --link "$SLOTS/ttyACM7" --da "$DA" --cid "$(CID 8)" --boots-android --trace "$W/trace8" \
	>"$W/emu8.log" 2>&1 &
PIDS+=($!)
station_wait "another phone: the station ends, one phone failed" 75
r=$(row 7)
[ "$(jq -r .result <<<"$r")" = failed ] && [ "$(jq -r '.message | contains("another phone")' <<<"$r")" = true ] &&
	ok "another phone: the lost phone's row ends failed, naming the newcomer" || bad "another phone: phone 7: $r"
r=$(row 8)
[ "$(jq -r '.result, .resumed' <<<"$r" | tr '\n' ' ')" = "ok 0 " ] && ok "another phone: the newcomer flashed as a new phone" || bad "another phone: phone 8: $r"
holds_lk 8 && ok "another phone: the newcomer holds the package's lk" || bad "another phone: phone 8's lk"
k=$(grep -c -- '-- jump-da$' "$W/trace8")
[ "$k" = 1 ] && ok "another phone: the newcomer flashed on the connection that found it" || bad "another phone: the newcomer's DA loaded $k times"
gone "${PIDS[1]}"
[ "$(image_identity "$W/p8.img")" = "$(cat "$W/p8.id")" ] && ok "another phone: the newcomer's identity unchanged" || bad "another phone: phone 8's identity changed"
cleanup_phones

# --- a package with errors: refused before any phone is asked for
cp -r "$W/pkg" "$W/bad"
truncate -s 64M "$W/bad/lk.bin"
make_phone 1 61
sha256sum "$W/p1.img" | cut -c1-64 >"$W/p1.before"
plug 1
station "bad package" 65 "$W/bad" --count 1
station_wait "a package with errors is refused" 65
jq -e 'select(.job == "connect")' "$W/out" >/dev/null && bad "a phone was connected for a bad package" || ok "no phone was asked for"
[ "$(sha256sum "$W/p1.img" | cut -c1-64)" = "$(cat "$W/p1.before")" ] && ok "the phone is untouched" || bad "the phone changed"
cleanup_phones

finish "station${2:+ (the Windows build under wine)}"
