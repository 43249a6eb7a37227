# SPDX-License-Identifier: LGPL-2.1-or-later
# Shared by the device end-to-end scripts: a work folder, check helpers and a
# virtual phone (mtkfw-emu) on a pty link. Source it with BIN set.
MTKFW=$BIN/mtkfw
EMU=$BIN/mtkfw-emu
E2E=$(dirname "${BASH_SOURCE[0]}")
W=$(mktemp -d "${TMPDIR:-/tmp}/mtkfw-e2e-XXXXXX")
EMU_PID=
cleanup() { [ -n "$EMU_PID" ] && kill "$EMU_PID" 2>/dev/null; wait 2>/dev/null; if [ -n "${E2E_KEEP:-}" ]; then echo "kept $W" >&2; else rm -rf "$W"; fi; }
trap cleanup EXIT
export MTKFW_STORE=$W/store
fail=0 n=0
DA=$W/MTK_AllInOne_DA_mt6590.bin
PORT=$W/ttyACM0
DEV=(--port "$PORT" --da "$DA" --wait 10)

ok() { n=$((n + 1)); echo "ok   $1"; }
bad() { n=$((n + 1)); fail=$((fail + 1)); echo "FAIL $1"; [ -f "$W/err" ] && tail -5 "$W/err"; }
check() { # name, expected exit, command... (bounded by timeout)
	local name=$1 want=$2
	shift 2
	local t0=$SECONDS
	timeout 300 "$@" >"$W/out" 2>"$W/err"
	local rc=$? t=$((SECONDS - t0))
	[ $t -ge 5 ] && name="$name (${t} s)"
	if [ "$rc" = "$want" ]; then ok "$name"; else bad "$name (exit $rc, want $want)"; fi
}
has() { [ -z "$2" ] && return; if grep -qF -- "$2" "$W/out" "$W/err"; then ok "$1"; else bad "$1: no '$2'"; fi; }
same() { if cmp -s "$2" "$3"; then ok "$1"; else bad "$1: $2 and $3 differ"; fi; }

start_emu() { # extra emulator args... (EMU_USER: the user-area image, default $W/user.img)
	stop_emu
	"$EMU" --user "${EMU_USER:-$W/user.img}" --link "$PORT" --da "$DA" --trace "$W/trace" "$@" >"$W/emu.log" 2>&1 &
	EMU_PID=$!
	for _ in $(seq 100); do [ -e "$PORT" ] && return 0; sleep 0.05; done
	echo "emulator did not start"; cat "$W/emu.log"
}
stop_emu() { [ -n "$EMU_PID" ] && kill "$EMU_PID" 2>/dev/null && wait "$EMU_PID" 2>/dev/null; EMU_PID=; rm -f "$PORT"; }

identity() { # print the SHA-256 of each identity partition, read by name from the phone
	for p in PRO_INFO NVRAM PROTECT_F PROTECT_S SECCFG; do
		timeout 120 "$MTKFW" readback --partition "$p" "${DEV[@]}" -q "$W/id-$p.bin" >/dev/null 2>"$W/err" || { echo "readback $p failed:"; cat "$W/err"; }
		sha256sum < "$W/id-$p.bin" | cut -c1-16
	done
}

# The demo package in $W/pkg, the synthetic DA, and the phone's DRAM settings for BROM mode.
# DEMO: the demo with smaller filesystems, and USER_SIZE the eMMC that holds it (400 MiB, not
# the default 3.7 GiB): the steps that read or write a whole area stay quick.
DEMO=(--compact)
USER_SIZE=0x19000000
demo_setup() {
	"$MTKFW" demo-package "$W/pkg" "${DEMO[@]}" >/dev/null || exit 1
	"$EMU" --make-da "$DA" >/dev/null || exit 1
	DEV+=(--preloader "$W/pkg/preloader_mtkfw_demo.bin")
}
provision() { # seed, image (default $W/user.img), extra provision arguments...: a factory-fresh phone
	local seed=$1 img=${2:-$W/user.img}
	shift $(($# < 2 ? $# : 2))
	check "provision (seed $seed${*:+, $*})" 0 "$EMU" provision --package "$W/pkg" --user "$img" \
		--user-size $USER_SIZE --seed "$seed" "$@"
}

result() { jq -c 'select(.event == "result")' "${1:-$W/out}"; } # a device command's --json result

# COM name (COM5) for unix path under wine (WINEPREFIX set; the server restarted): a serial port as
# wine registers one (Software\Wine\Ports: a DOS device, which QueryDosDevice sees, with its
# dosdevices link), not only linked there (tests/e2e/wine.sh)
wine_port() {
	"${WINE:-/usr/lib/wine/wine64}" reg add 'HKLM\Software\Wine\Ports' /v "$1" /d "$2" /f >/dev/null 2>&1
	/usr/lib/wine/wineserver -k >/dev/null 2>&1
	/usr/lib/wine/wineserver -p >/dev/null 2>&1
}
# The window of the Windows build (EXE) under wine, in a prefix of this run's: GUI_CMD runs it,
# COM5 is the emulator's pty ($PORT)
wine_window() {
	WINE=${WINE:-/usr/lib/wine/wine64}
	export WINEPREFIX=$W/wine WINEDEBUG=-all
	mkdir -p "$WINEPREFIX" && /usr/lib/wine/wineserver -p >/dev/null 2>&1
	"$WINE" wineboot -i >/dev/null 2>&1 || { echo "wine does not start"; exit 1; }
	wine_port COM5 "$PORT"
	GUI_CMD=("$WINE" "$(realpath "$1")")
}
# A unix path as a program under wine names it, links resolved: Z:\tmp\... (winepath; WINEPREFIX set)
win_path() { "${WINE:-/usr/lib/wine/wine64}" winepath -w "$(realpath "$1")" 2>/dev/null | tr -d '\r'; }

finish() { echo "$((n - fail))/$n $1 checks pass"; [ $fail = 0 ]; }

# The demo layout's identity ranges (user-area offset and length): PRO_INFO, NVRAM, PROTECT_F/S, SECCFG.
ID_RANGES="0x100000:0x300000 0x400000:0x500000 0x900000:0xa00000 0x1300000:0xa00000 0x1d00000:0x20000"
digest() { python3 "$E2E/image_digest.py" "$@"; } # FILE[@START:LEN]...: what the bytes are (one a line)
image_identity() { # SHA-256 of each identity range, read straight from a virtual eMMC image
	local r
	for r in $ID_RANGES; do
		dd if="$1" iflag=skip_bytes,count_bytes skip=$((${r%%:*})) count=$((${r##*:})) 2>/dev/null | sha256sum | cut -c1-16
	done
}
