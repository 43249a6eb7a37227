#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# mtkfw gui end to end, through HTTP as a browser speaks it (curl): each safety rule refused with
# its status and nothing reaching the phone (the emulator's trace stays empty); then the window's
# jobs against a virtual phone, the phone's bytes compared: a package opened, the plan shown
# without a write, a flash with identity checked, Stop mid-write and Resume, refusals (another
# board, a wiped partition table) that write nothing, the event stream (ids, Last-Event-ID, at
# most 10 progress events a second), one job at a time, --listen with a password.
# Usage: gui.sh BUILD_DIR [mtkfw.exe: the same under wine]
set -uo pipefail
BIN=$1
source "$(dirname "$0")/lib.sh"
GUI_CMD=("$MTKFW")
GPORT=$PORT
if [ -n "${2:-}" ]; then
	wine_window "$2" # GUI_CMD: mtkfw.exe under wine; the emulator's pty as COM5
	GPORT=COM5
fi
shown() { realpath "$1"; } # a path as the window shows it: real; under wine, as Windows names it
[ -n "${2:-}" ] && shown() { win_path "$1"; }
GUI_PID=
SSE_PID=
stop_gui() {
	[ -n "$SSE_PID" ] && kill "$SSE_PID" 2>/dev/null
	[ -n "$GUI_PID" ] && kill "$GUI_PID" 2>/dev/null && wait "$GUI_PID" 2>/dev/null
	GUI_PID= SSE_PID=
}
trap 'stop_gui; rm -rf "${OUTSIDE:-}"; [ -n "${WINEPREFIX:-}" ] && /usr/lib/wine/wineserver -k >/dev/null 2>&1; cleanup' EXIT

demo_setup
"$MTKFW" demo-package "$W/otherboard" "${DEMO[@]}" --project other_board >/dev/null || exit 1
provision 1 "$W/fresh.img" >/dev/null
cp --sparse=always "$W/fresh.img" "$W/user.img"
ROOT=$W # the file picker's root: packages, outputs
OUTSIDE=$(mktemp -d "${TMPDIR:-/tmp}/mtkfw-outside-XXXXXX") # a folder beside the root
echo secret >"$OUTSIDE/secret.txt"
ln -s "$OUTSIDE" "$W/pkg/escape" # a link inside the root that leads out of it
ln -s /etc/passwd "$W/passwd.png"

start_gui() { # [--fresh: no cookie yet] mtkfw gui arguments...: started; BASE, URL and a cookie jar set
	local fresh=
	[ "${1:-}" = --fresh ] && fresh=--fresh && shift
	stop_gui
	: >"$W/gui.out"
	"${GUI_CMD[@]}" gui --no-browser --root "$ROOT" --port "$GPORT" --da "$DA" \
		--preloader "$W/pkg/preloader_mtkfw_demo.bin" --wait 20 "$@" >"$W/gui.out" 2>"$W/gui.err" &
	GUI_PID=$!
	URL=
	for _ in $(seq 200); do
		URL=$(tr -d '\r' <"$W/gui.out" | sed -n 's/^mtkfw gui: \(http:[^ ]*\)$/\1/p' | head -1)
		[ -n "$URL" ] && break
		sleep 0.05
	done
	BASE=${URL%%/\?token=*}
	BASE=${BASE%/}
	HOSTPORT=${BASE#http://}
	rm -f "$W/jar"
	[ -n "$fresh" ] || curl -s -o /dev/null -c "$W/jar" "$URL" # the token swapped for the cookie
	post_hdrs
}
# req NAME WANT METHOD PATH [BODY] [curl args...] (a BODY never starts with '-'): the answer's status must be WANT; body in $W/resp
req() {
	local name=$1 want=$2 method=$3 path=$4 body=${5:-}
	if [[ "$body" == -* ]]; then body= && shift 4; else shift $(($# < 5 ? $# : 5)); fi
	local args=(-s -o "$W/resp" -w '%{http_code}' -X "$method" "$@")
	[ -n "$body" ] && args+=(--data-binary "$body")
	local got
	got=$(curl "${args[@]}" "$BASE$path")
	[ "$got" = "$want" ] && ok "$name ($got)" || bad "$name: HTTP $got, want $want: $(head -c 300 "$W/resp")"
}
AUTH=(-b "$W/jar")
BASE=
post_hdrs() { POST=(-b "$W/jar" -H "Origin: $BASE" -H 'Content-Type: application/json'); }
state() { curl -s -b "$W/jar" "$BASE/api/state"; }
has_resp() { grep -qF -- "$2" "$W/resp" && ok "$1" || bad "$1: $(head -c 300 "$W/resp")"; }
wait_idle() { # name, job: until no job runs and the last one is job; its state printed
	local s
	for _ in $(seq 1200); do
		s=$(state)
		if [ "$(jq -r '.busy == null and .last.job == "'"$2"'"' <<<"$s" 2>/dev/null)" = true ]; then
			jq -r .last.state <<<"$s"
			return 0
		fi
		sleep 0.1
	done
	echo "timeout"
}
sse_start() { # [all] the event stream from now on (all: from the first kept) into $W/sse
	[ -n "$SSE_PID" ] && kill "$SSE_PID" 2>/dev/null
	: >"$W/sse"
	local from
	from=$([ "${1:-}" = all ] && echo 0 || state | jq -r .seq)
	curl -sN -b "$W/jar" -H "Last-Event-ID: $from" "$BASE/api/events" >"$W/sse" 2>/dev/null &
	SSE_PID=$!
	sleep 0.3
}
events() { sed -n 's/^data: //p' "$W/sse" | jq -cR 'fromjson? // empty'; } # the stream's whole events

start_emu
start_gui --fresh
[ -n "$URL" ] && ok "gui: prints its address ($BASE)" || { bad "gui: no address"; cat "$W/gui.err"; finish gui; exit 1; }
[[ "$BASE" == http://127.0.0.1:* ]] && ok "gui: listens on 127.0.0.1" || bad "gui: listens on $BASE"
ss -ltn 2>/dev/null | grep -q "127.0.0.1:${BASE##*:} " && ok "gui: the socket is bound to loopback only" ||
	bad "gui: socket: $(ss -ltn | grep "${BASE##*:}")"

# --- the token: without it nothing is served; with it, a cookie that scripts cannot read
req "no token: the page refused" 403 GET /
req "no token: the state refused" 403 GET /api/state
req "a wrong token refused" 403 GET "/?token=0000" -c "$W/jar"
[ -s "$W/jar" ] && grep -q mtkfw_gui "$W/jar" && bad "a wrong token got a cookie" || ok "a wrong token gets no cookie"
req "the printed token: redirected to the page" 303 GET "${URL#"$BASE"}" -c "$W/jar" -D "$W/hdr"
grep -qi '^set-cookie: mtkfw_gui=[0-9a-f]\{64\}; HttpOnly; SameSite=Strict; Path=/' "$W/hdr" &&
	ok "the cookie is HttpOnly, SameSite=Strict" || bad "cookie: $(grep -i set-cookie "$W/hdr")"
grep -qi '^location: /.$' "$W/hdr" && ok "the token leaves the address bar (Location: /)" || bad "no redirect to /"
req "the printed address a second time: refused" 403 GET "${URL#"$BASE"}"
has_resp "it says the address was used" "opened"
req "the printed address again, with the cookie: the page, no new cookie" 303 GET "${URL#"$BASE"}" -b "$W/jar" -D "$W/hdr2"
grep -qi '^set-cookie' "$W/hdr2" && bad "a second cookie was given" || ok "no second cookie"
[ "$(sed -n 's/.*mtkfw_gui\t//p' "$W/jar")" != "${URL##*token=}" ] && ok "the cookie is not the printed token" || bad "the cookie is the token"
req "with the cookie: the page" 200 GET / "${AUTH[@]}" -D "$W/hdr"
grep -qi "^content-security-policy: default-src 'self'; script-src 'self'; style-src 'self'" "$W/hdr" &&
	ok "CSP: no inline script or style" || bad "CSP: $(grep -i content-security "$W/hdr")"
grep -qi '^x-frame-options: DENY' "$W/hdr" && ok "no framing (X-Frame-Options)" || bad "framing allowed"
grep -q '<script' "$W/resp" && ! grep -q '<script>' "$W/resp" && ! grep -qi ' on[a-z]*="' "$W/resp" &&
	ok "the page has no inline script or handler" || bad "the page has inline script"
req "with the cookie: the state" 200 GET /api/state "${AUTH[@]}"
# the phone's port, watched: plugged in while the emulator runs, unplugged once it ends
present() { for _ in $(seq 40); do [ "$(state | jq -r .phone.present)" = "$1" ] && return 0; sleep 0.1; done; return 1; }
present true && ok "the phone's port: plugged in ($GPORT)" || bad "the phone's port: $(state | jq -c .phone)"
if [ -z "${2:-}" ]; then
	stop_emu
	present false && ok "the phone's port: unplugged once it goes" || bad "the phone's port: $(state | jq -c .phone)"
	start_emu
	present true && ok "the phone's port: plugged in again" || bad "the phone's port: $(state | jq -c .phone)"
else
	echo "skip the phone's port: unplugged: wine keeps a registered COM5 while its pty is gone (QueryDosDevice, which sees a real port go, cannot see that)"
fi
req "app.js served" 200 GET /app.js "${AUTH[@]}"
size=$(for f in / /app.js /app.css /phone.svg; do curl -s -b "$W/jar" "$BASE$f"; done | wc -c)
[ "$size" -lt 204800 ] && ok "page weight $size bytes (< 200 KB)" || bad "page weight $size bytes"

# --- Host: DNS rebinding (a page of evil.example resolving to 127.0.0.1) is refused
req "Host evil.example refused" 403 GET /api/state "${AUTH[@]}" -H "Host: evil.example:${BASE##*:}"
req "Host of another port refused" 403 GET /api/state "${AUTH[@]}" -H "Host: 127.0.0.1:1"
req "no Host refused" 403 GET /api/state "${AUTH[@]}" -H "Host:"
COOKIE=$(sed -n 's/.*mtkfw_gui\t//p' "$W/jar")
req "Host localhost taken" 200 GET /api/state -H "Cookie: mtkfw_gui=$COOKIE" -H "Host: localhost:${BASE##*:}"

# --- POST: its own origin, JSON, bounded, strict
post_hdrs
req "POST without Origin refused" 403 POST /api/detect '{}' -b "$W/jar" -H 'Content-Type: application/json'
req "cross-origin POST refused" 403 POST /api/detect '{}' -b "$W/jar" -H 'Origin: http://evil.example' -H 'Content-Type: application/json'
req "POST from Origin null refused" 403 POST /api/detect '{}' -b "$W/jar" -H 'Origin: null' -H 'Content-Type: application/json'
req "a form's POST refused (not JSON)" 415 POST /api/detect 'a=1' -b "$W/jar" -H "Origin: $BASE" -H 'Content-Type: application/x-www-form-urlencoded'
req "POST without the cookie refused" 403 POST /api/detect '{}' -H "Origin: $BASE" -H 'Content-Type: application/json'
head -c 70000 /dev/zero | tr '\0' ' ' >"$W/big.json"
req "a 70 KB body refused" 413 POST /api/detect "@$W/big.json" "${POST[@]}"
req "a 70 KB chunked body refused" 413 POST /api/detect "@$W/big.json" "${POST[@]}" -H 'Transfer-Encoding: chunked'
req "malformed JSON refused" 400 POST /api/package '{"path": ' "${POST[@]}"
req "JSON with something after it refused" 400 POST /api/package '{"path": "x"} {}' "${POST[@]}"
req "an unknown key refused" 400 POST /api/flash '{"mode": "download", "wipe": true}' "${POST[@]}"
has_resp "the refusal names the key" 'unknown key \"wipe\"'
req "a wrong type refused" 400 POST /api/flash '{"verify": "yes"}' "${POST[@]}"
req "a NUL in a string refused" 400 POST /api/package '{"path": "a\u0000b"}' "${POST[@]}"
req "an array refused" 400 POST /api/detect '[]' "${POST[@]}"
req "a bad mode refused" 400 POST /api/flash '{"mode": "everything"}' "${POST[@]}"
req "a GET-only name refused for PUT" 405 PUT /api/state '' "${AUTH[@]}"

# --- paths: only inside the roots, symlinks resolved
req "files: the root listed" 200 GET /api/files "${AUTH[@]}"
[ "$(jq -r '.dir' "$W/resp")" = "$(shown "$ROOT")" ] && ok "files: the root is the real path" || bad "files: $(head -c 200 "$W/resp")"
req "files: /etc refused" 403 GET "/api/files?dir=/etc" "${AUTH[@]}"
req "files: .. out of the root refused" 403 GET "/api/files?dir=$ROOT/pkg/../.." "${AUTH[@]}"
req "files: a symlink out of the root refused" 403 GET "/api/files?dir=$ROOT/pkg/escape" "${AUTH[@]}"
req "package: a path outside refused" 403 POST /api/package '{"path": "/etc"}' "${POST[@]}"
req "package: a symlink escape refused" 403 POST /api/package "{\"path\": \"$ROOT/pkg/escape/secret.txt\"}" "${POST[@]}"
req "readback: over a file that is there refused" 409 POST /api/readback "{\"partition\": \"LOGO\", \"path\": \"$W/pkg/lk.bin\"}" "${POST[@]}"
req "readback: an output outside refused" 403 POST /api/readback '{"partition": "LOGO", "path": "/tmp/x/logo.bin"}' "${POST[@]}"
req "readback: an output through .. refused" 403 POST /api/readback "{\"partition\": \"LOGO\", \"path\": \"$ROOT/../logo.bin\"}" "${POST[@]}"
ln -s "$OUTSIDE/planted.bin" "$W/dangling.bin" # a link to nothing outside: no new name
if [ -z "${WINEPREFIX:-}" ]; then
	req "readback: onto a dangling link out refused" 403 POST /api/readback "{\"partition\": \"LOGO\", \"path\": \"$W/dangling.bin\"}" "${POST[@]}"
else # Windows sees a link's own attributes (GetFileAttributes); wine hides a dangling unix link
	echo "skip readback onto a dangling link: wine shows a Windows program no dangling unix link"
fi
req "file: a PNG link to /etc/passwd refused" 403 GET "/api/file?path=$ROOT/passwd.png" "${AUTH[@]}"
req "file: a non-PNG refused" 403 GET "/api/file?path=$ROOT/pkg/lk.bin" "${AUTH[@]}"
req "image: outside refused" 403 GET "/api/image?path=/etc/passwd" "${AUTH[@]}"
req "restore: a folder outside refused" 403 POST /api/restore '{"dir": "/etc"}' "${POST[@]}"
if [ -n "${2:-}" ]; then # the same rules as Windows spells paths; names Windows makes devices
	WROOT=$(shown "$ROOT")
	uri() { jq -rn --arg p "$1" '$p | @uri'; }
	req "files: the root's folder by its Windows path" 200 GET "/api/files?dir=$(uri "$WROOT\\pkg")" "${AUTH[@]}"
	req "files: ..\\.. out of the root refused" 403 GET "/api/files?dir=$(uri "$WROOT\\pkg\\..\\..")" "${AUTH[@]}"
	req "files: a symlink out of the root refused (Windows path)" 403 GET "/api/files?dir=$(uri "$WROOT\\pkg\\escape")" "${AUTH[@]}"
	req "files: another drive refused (C:\\windows)" 403 GET "/api/files?dir=$(uri 'C:\windows')" "${AUTH[@]}"
	for name in nul.bin lpt9.bin logo.bin.; do # NUL, LPT9: devices in every folder; "x." is "x"
		req "readback: an output named $name refused" 403 POST /api/readback \
			"$(jq -cn --arg p "$WROOT\\$name" '{partition: "LOGO", path: $p}')" "${POST[@]}"
	done
fi
req "flash before a package: refused" 409 POST /api/flash '{}' "${POST[@]}"
[ ! -s "$W/trace" ] && ok "no bad request reached the phone (its trace is empty)" || bad "the phone was talked to: $(head -c 200 "$W/trace")"

# --- the event stream and a package
sse_start
req "package: opened" 202 POST /api/package "{\"path\": \"$W/pkg\"}" "${POST[@]}"
[ "$(wait_idle package firmware)" = ok ] && ok "package: checked" || bad "package: $(state | head -c 400)"
s=$(state)
[ "$(jq -r '.package.report.ok, .package.report.scatter.platform, (.package.board | type)' <<<"$s" | tr '\n' ' ')" = "true MT6572 object " ] &&
	ok "package: the state has its report and board" || bad "package: $(jq -c .package <<<"$s" | head -c 300)"
events | jq -e -s 'map(select(.event == "start" and .job == "firmware")) | length == 1' >/dev/null &&
	ok "events: the firmware job's start streamed" || bad "events: $(head -c 300 "$W/sse")"
python3 -c '
import sys
ids = [int(l[4:]) for l in open(sys.argv[1]) if l.startswith("id: ")]
sys.exit(0 if ids and ids == list(range(ids[0], ids[0] + len(ids))) else 1)' "$W/sse" &&
	ok "events: numbered one by one (id: N)" || bad "events: ids $(grep -c '^id: ' "$W/sse")"

# --- the package against the phone, before anything is written
cp --sparse=always "$W/user.img" "$W/before.img"
req "compat: asked" 202 POST /api/compat '{}' "${POST[@]}"
[ "$(wait_idle compat compat)" = ok ] && ok "compat: done" || bad "compat: $(state | jq -c .last)"
s=$(state)
[ "$(jq -r '[.compat[] | select(.event == "compat")] | length' <<<"$s")" -ge 3 ] && ok "compat: its lines are in the state" || bad "compat: $(jq -c .compat <<<"$s" | head -c 300)"
[ "$(jq -r '[.compat[] | select(.level == "stop")] | length' <<<"$s")" = 0 ] && ok "compat: no stop line for the phone's own package" || bad "compat: a stop: $(jq -c .compat <<<"$s" | head -c 300)"
same "compat: the phone is unchanged" "$W/user.img" "$W/before.img"

# --- the plan: shown, nothing written
cp --sparse=always "$W/user.img" "$W/before.img"
req "plan: asked" 202 POST /api/flash '{"mode": "download", "dry_run": true}' "${POST[@]}"
[ "$(wait_idle plan flash)" = ok ] && ok "plan: done" || bad "plan: $(state | jq -c .last)"
writes=$(events | jq -s 'map(select(.event == "plan" and .step == "write")) | length')
[ "$writes" -ge 5 ] && ok "plan: $writes write steps shown" || bad "plan: $writes write steps"
same "plan: the phone is unchanged" "$W/user.img" "$W/before.img"

# --- one job at a time; the flash itself
id_before=$(image_identity "$W/user.img")
: >"$W/sse.mark"
req "flash: started" 202 POST /api/flash '{"mode": "download", "verify": true}' "${POST[@]}"
req "flash: a second job while it runs: 409" 409 POST /api/detect '{}' "${POST[@]}"
[ "$(wait_idle flash flash)" = ok ] && ok "flash: ok" || bad "flash: $(state | jq -c .last)"
s=$(state)
bk=$(jq -r '.last.result.identity_backup' <<<"$s")
[ -d "$bk" ] && ok "flash: the identity backup it checked against exists" || bad "flash: backup '$bk'"
[ "$(image_identity "$W/user.img")" = "$id_before" ] && ok "flash: identity bytes unchanged" || bad "flash: identity changed"
at() { "$MTKFW" scatter --json "$W/pkg/MT6572_Android_scatter.txt" | jq -r --arg n "$1" '(.partitions[] | select(.name == "MBR") | .start) as $b | .partitions[] | select(.name == $n) | "\(.start - $b)"'; }
cmp -s <(dd if="$W/user.img" iflag=skip_bytes,count_bytes skip="$(at UBOOT)" count="$(stat -c %s "$W/pkg/lk.bin")" status=none) "$W/pkg/lk.bin" &&
	ok "flash: the phone holds the package's lk" || bad "flash: lk differs"
# progress: at most 10 a second per phone is the job's own limit (unit.jobs); bench/gui.sh
# measures it on the stream
[ "$(events | jq -s '[.[] | select(.event == "progress" and .job == "flash")] | length')" -gt 0 ] &&
	ok "events: the flash's progress streamed" || bad "events: no progress"

# --- Last-Event-ID: a page that reconnects gets what it missed
last=$(grep '^id: ' "$W/sse" | tail -1 | cut -c5-)
mid=$((last - 3))
curl -sN -m 2 -b "$W/jar" -H "Last-Event-ID: $mid" "$BASE/api/events" >"$W/sse2" 2>/dev/null
first=$(grep '^id: ' "$W/sse2" | head -1 | cut -c5-)
[ "$first" = $((mid + 1)) ] && ok "events: Last-Event-ID $mid resumes at $((mid + 1))" || bad "events: resumed at '$first'"

# --- Stop mid-write: cancelled, journalled; Resume finishes it byte for byte
cp --sparse=always "$W/fresh.img" "$W/user.img"
start_emu --emmc-write-mbps=4
sse_start
req "stop: flash started" 202 POST /api/flash '{"mode": "download"}' "${POST[@]}"
for i in $(seq 600); do [ -n "$(events | jq -c 'select(.event == "progress" and .job == "flash" and .step == "write")')" ] && break; sleep 0.05; done
[ "$i" -lt 600 ] && ok "stop: the write began" || bad "stop: no write progress"
req "stop: Stop pressed" 200 POST /api/stop '{}' "${POST[@]}"
[ "$(wait_idle stop flash)" = cancelled ] && ok "stop: the flash ends cancelled" || bad "stop: $(state | jq -c .last)"
ls "$W"/store/*/flash.journal >/dev/null 2>&1 && ok "stop: the journal is kept (resumable)" || bad "stop: no journal"
[ "$(image_identity "$W/user.img")" = "$id_before" ] && ok "stop: identity bytes unchanged" || bad "stop: identity changed"
req "stop: nothing to stop now: 409" 409 POST /api/stop '{}' "${POST[@]}"
start_emu
req "resume: started" 202 POST /api/flash '{"mode": "download", "resume": true, "verify": true}' "${POST[@]}"
[ "$(wait_idle resume flash)" = ok ] && ok "resume: ok" || bad "resume: $(state | jq -c .last)"
[ "$(state | jq -r .last.result.resumed)" = true ] && ok "resume: it continued the journal" || bad "resume: not resumed"
cmp -s <(dd if="$W/user.img" iflag=skip_bytes,count_bytes skip="$(at UBOOT)" count="$(stat -c %s "$W/pkg/lk.bin")" status=none) "$W/pkg/lk.bin" &&
	ok "resume: the phone holds the package's lk" || bad "resume: lk differs"

# --- refusals: written nowhere, told with the SP Flash Tool code and a fix
refused() { # name, package, provision damage (or ""), expected error code
	local name=$1 pkg=$2 damage=$3 code=$4
	if [ -n "$damage" ]; then provision 2 "$W/user.img" --damage "$damage" >/dev/null; else cp --sparse=always "$W/fresh.img" "$W/user.img"; fi
	cp --sparse=always "$W/user.img" "$W/before.img"
	start_emu --cid 11010030303447393010AABBCCDDEE02 # a phone never seen: no backup of it to go by
	req "$name: package opened" 202 POST /api/package "{\"path\": \"$pkg\"}" "${POST[@]}"
	wait_idle "$name" firmware >/dev/null
	req "$name: flash asked" 202 POST /api/flash '{"mode": "download"}' "${POST[@]}"
	[ "$(wait_idle "$name" flash)" = failed ] && ok "$name: refused" || bad "$name: $(state | jq -c .last)"
	local e
	e=$(state | jq -c .last.error)
	[ "$(jq -r .code <<<"$e")" = "$code" ] && ok "$name: $code" || bad "$name: error $e"
	[ -n "$(jq -r '.fix // empty' <<<"$e")" ] && ok "$name: a fix is told" || bad "$name: no fix in $e"
	same "$name: nothing written" "$W/user.img" "$W/before.img"
}
refused "another board" "$W/otherboard" "" MTKFW_E_INCOMPATIBLE
refused "a wiped partition table" "$W/pkg" pmt-zeroed MTKFW_E_LAYOUT # 8038: a plain download
s=$(state)
[ "$(jq -r '[.compat[]? | select(.event == "compat" and .level)] | length' <<<"$s")" -ge 1 ] && ok "the compat lines of the last flash are in the state" || bad "compat: $(jq -c .compat <<<"$s")"

# --- backups and images (no phone)
req "backups: listed" 200 GET /api/backups "${AUTH[@]}"
[ "$(jq -r '.backups | length' "$W/resp")" -ge 1 ] && ok "backups: the flash's identity backup is there" || bad "backups: $(head -c 300 "$W/resp")"
req "images: logo probed" 200 GET "/api/image?path=$W/pkg/logo.bin" "${AUTH[@]}"
req "images: logo unpacked" 200 POST /api/image/unpack "{\"path\": \"$W/pkg/logo.bin\", \"out\": \"$W/logo.d\"}" "${POST[@]}"
png=$(jq -r '.files[0]' "$W/resp")
req "images: its first picture served" 200 GET "/api/file?path=$png" "${AUTH[@]}" -D "$W/hdr"
grep -qi '^content-type: image/png' "$W/hdr" && ok "images: as image/png" || bad "images: $(grep -i content-type "$W/hdr")"
req "images: repacked" 200 POST /api/image/repack "{\"dir\": \"$W/logo.d\", \"out\": \"$W/logo-new.bin\"}" "${POST[@]}"
same "images: an unedited repack gives the same bytes" "$W/logo-new.bin" "$W/pkg/logo.bin"

# --- Ctrl-C ends the window, cleanly (exit 0; under ASan, nothing leaked)
kill -INT "$GUI_PID"
for _ in $(seq 100); do kill -0 "$GUI_PID" 2>/dev/null || break; sleep 0.05; done
kill -0 "$GUI_PID" 2>/dev/null && bad "Ctrl-C: the window is still there" || ok "Ctrl-C ends the window"
wait "$GUI_PID"
rc=$?
[ $rc = 0 ] && ok "Ctrl-C: exit 0" || { bad "Ctrl-C: exit $rc"; tail -20 "$W/gui.err"; }
kill -0 "$EMU_PID" 2>/dev/null && [ -e "$PORT" ] && ok "Ctrl-C: the phone is left alone (the emulator runs on)" || bad "Ctrl-C: the emulator ended"
GUI_PID=

# --- a station under the window: two phones in a folder of ports, their slots' events streamed
SLOTS=$W/phones
mkdir -p "$SLOTS"
for k in 1 2; do cp --sparse=always "$W/fresh.img" "$W/s$k.img"; done
start_gui --station "$W/pkg" --slots "$SLOTS/ttyACM*"
sse_start all
EMUS=()
for k in 1 2; do
	"$EMU" --user "$W/s$k.img" --link "$SLOTS/ttyACM$k" --da "$DA" --boots-android \
		--cid "$(printf '11010030303447393010AABBCCDDEE%02X' $((k + 16)))" >"$W/semu$k.log" 2>&1 &
	EMUS+=($!)
done
for _ in $(seq 600); do
	[ "$(events | jq -s '[.[] | select(.event == "slot" and .state == "done")] | length')" -ge 2 ] && break
	sleep 0.2
done
[ "$(events | jq -s '[.[] | select(.event == "slot" and .state == "done")] | length')" = 2 ] &&
	ok "station: both phones' slots done" || bad "station: $(events | jq -c 'select(.event == "slot")' | tail -3)"
[ "$(events | jq -s '[.[] | select(.event == "progress" and .slot != null)] | length')" -gt 0 ] &&
	ok "station: progress events carry their slot" || bad "station: no slot-tagged progress"
[ "$(state | jq -r '.station, .busy' | tr '\n' ' ')" = "true station " ] && ok "station: the state says so" || bad "station: $(state | jq -c '{station, busy}')"
req "station: a single-phone job refused meanwhile" 409 POST /api/detect '{}' "${POST[@]}"
for k in 1 2; do
	cmp -s <(dd if="$W/s$k.img" iflag=skip_bytes,count_bytes skip="$(at UBOOT)" count="$(stat -c %s "$W/pkg/lk.bin")" status=none) "$W/pkg/lk.bin" &&
		ok "station: phone $k holds the package's lk" || bad "station: phone $k's lk"
done
req "station: Stop" 200 POST /api/stop '{}' "${POST[@]}"
[ "$(wait_idle station station)" = cancelled ] && ok "station: stopped" || bad "station: $(state | jq -c .last)"
kill "${EMUS[@]}" 2>/dev/null
wait "${EMUS[@]}" 2>/dev/null
stop_gui

# --- another address: only with a password, asked by the browser (HTTP Basic)
check "--listen without --password refused" 64 "${GUI_CMD[@]}" gui --no-browser --root "$ROOT" --listen 127.0.0.2
has "--listen: says why" "needs --password"
start_gui --fresh --listen 127.0.0.2 --password 'counter-1234'
[[ "$BASE" == http://127.0.0.2:* ]] && ok "--listen: serves 127.0.0.2" || bad "--listen: $BASE"
grep -q "anyone there with the password" "$W/gui.out" && ok "--listen: says who can reach it" || bad "--listen: no warning"
req "--listen: no password: 401" 401 GET /api/state
req "--listen: a wrong password: 401" 401 GET /api/state -u mtkfw:wrong
req "--listen: the password" 200 GET /api/state -u mtkfw:counter-1234
req "--listen: Host checked still" 403 GET /api/state -u mtkfw:counter-1234 -H "Host: evil.example"
stop_gui

finish gui
