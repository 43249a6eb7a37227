#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Bench of device work (issues 4 and 5) against an unthrottled mtkfw-emu on a
# pseudo-terminal. Every rate is printed next to the link's own limit measured
# in the same run (bench/ptyrate: the pty alone, 1 MiB writes), as a ratio;
# nothing passes or fails on time.
#   0. the emulator serving a 1 GiB readback to a host that only speaks the protocol
#   1. flash of >= 1 GiB of image data, and readback of 1 GiB, vs the raw pty rate
#   2. a sparse system image: bytes sent vs partition size, and the time
#   3. peak RSS while flashing a 2 GiB image out of a ZIP
#   4. backup --full of a 4 GiB, mostly empty eMMC (ext4 partitions, FAT as vfat with
#      64 MiB of files): time, disk use vs data; then its restore
#   5. the README demo's phone: backup --full and dump-package, each vs the link's time for the
#      bytes it read (ROUNDS=1 bench/device.sh for a quicker run of the rest)
# Usage: bench/device.sh [BUILD_DIR]   (BENCH_DIR=... keeps the work folder)
set -euo pipefail
cd "$(dirname "$0")/.."
B=$(realpath "${1:-build}")
MTKFW=$B/mtkfw EMU=$B/mtkfw-emu MEASURE=$B/bench/measure PTYRATE=$B/bench/ptyrate EMURATE=$B/bench/emurate
shm=/dev/shm
[ -w $shm ] || shm=${TMPDIR:-/tmp}
W=${BENCH_DIR:-$(mktemp -d "$shm/mtkfw-devbench-XXXXXX")}
mkdir -p "$W"
EMU_PID=
trap '[ -n "$EMU_PID" ] && kill $EMU_PID 2>/dev/null; wait 2>/dev/null; [ -n "${BENCH_DIR:-}" ] || rm -rf "$W"' EXIT
export MTKFW_STORE=$W/store
DA=$W/da.bin PORT=$W/tty
start_emu() { # user image, extra args
	[ -n "$EMU_PID" ] && kill $EMU_PID 2>/dev/null && wait $EMU_PID 2>/dev/null || true
	rm -f "$PORT"
	"$EMU" --user "$1" --link "$PORT" --da "$DA" "${@:2}" >"$W/emu.log" 2>&1 &
	EMU_PID=$!
	for _ in $(seq 100); do [ -e "$PORT" ] && return; sleep 0.05; done
}
mb() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / s / 1e6 }'; }
DEV=(--port "$PORT" --da "$DA" --wait 10 --preloader "$W/big/preloader_mtkfw_demo.bin")

echo "building packages in $W ..."
"$EMU" --make-da "$DA" >/dev/null
[ -d "$W/big" ] || "$MTKFW" demo-package "$W/big" --data 1100 >/dev/null
[ -d "$W/small" ] || "$MTKFW" demo-package "$W/small" >/dev/null
rm -f "$W"/phone.img*
"$EMU" provision --package "$W/big" --user "$W/phone.img" >/dev/null
start_emu "$W/phone.img"

# --- 1. flash and readback vs the raw pty rate. This machine's pty jumps between two rates
# (~140 and ~400 MB/s) for seconds at a time, so a rate and a limit measured at different
# moments compare two different links. Each device rate is compared with the median of the
# raw samples taken just before and just after it (bench/ptyrate reads each direction two
# ways: four samples around each run), in five rounds; every round is printed, the summary
# gives the median ratio and the range.
ROUNDS=${ROUNDS:-5}
raw() { "$PTYRATE" 128; } # "<down> <up> <down> <up>" MB/s: blocking reads, then poll
# ratio RATE S1 S2 S3 S4: RATE in % of the median of the four raw samples
ratio() { printf '%s\n' "${@:2}" | sort -g | awk -v a="$1" '{ s[NR] = $1 } END { printf "%.1f", 200 * a / (s[2] + s[3]) }'; }
med() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
: >"$W/r_emu" ; : >"$W/r_fl" ; : >"$W/r_rb" ; : >"$W/r_own" ; : >"$W/rounds"
read -r d0 _ d0p _ < <(raw)
for round in $(seq $ROUNDS); do
	em=$("$EMURATE" "$PORT" "$DA" "$W/big/preloader_mtkfw_demo.bin" 1024)
	read -r d1 u1 d1p u1p < <(raw)
	"$MTKFW" flash "$W/big" --only ANDROID,CACHE,USRDATA "${DEV[@]}" --json >"$W/flash.json"
	jq -r 'select(.event == "summary") | "\(.sent) \(.seconds)"' "$W/flash.json" >"$W/sum"
	read -r sent secs <"$W/sum"
	fl=$(mb "$sent" "$secs")
	read -r d2 u2 d2p u2p < <(raw)
	line=$("$MEASURE" "$MTKFW" readback --range 0x3740000 0x40000000 "${DEV[@]}" -q "$W/rb.bin" 2>&1 >/dev/null | tail -1)
	rb=$(mb $((1 << 30)) "${line%% *}")
	rm -f "$W/rb.bin"
	read -r d3 u3 d3p u3p < <(raw)
	re=$(ratio "$em" "$d0" "$d0p" "$d1" "$d1p") rf=$(ratio "$fl" "$u1" "$u1p" "$u2" "$u2p")
	rr=$(ratio "$rb" "$d2" "$d2p" "$d3" "$d3p")
	echo "$re" >>"$W/r_emu"; echo "$rf" >>"$W/r_fl"; echo "$rr" >>"$W/r_rb"
	awk -v a="$rb" -v b="$em" 'BEGIN { printf "%.1f\n", 100 * a / b }' >>"$W/r_own"
	printf "round %d: emulator %s MB/s (raw %s/%s/%s/%s) %s %%; flash %s MB/s (raw %s/%s/%s/%s) %s %%; readback %s MB/s (raw %s/%s/%s/%s) %s %%\n" \
		"$round" "$em" "$d0" "$d0p" "$d1" "$d1p" "$re" "$fl" "$u1" "$u1p" "$u2" "$u2p" "$rf" \
		"$rb" "$d2" "$d2p" "$d3" "$d3p" "$rr" | tee -a "$W/rounds"
	d0=$d3 d0p=$d3p
done
up=$(printf '%s\n' "$u3" "$u3p" | sort -g | tail -1) down=$(printf '%s\n' "$d3" "$d3p" | sort -g | tail -1)
range() { sort -g "$1" | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s-%s %%", lo, hi }'; }
echo
echo "raw pty: up to $down MB/s device->host, $up MB/s host->device in the last round (1 MiB writes, nothing else done)"
vs_raw() { echo "median $(med <"$1") % of the raw pty rate around it ($(range "$1") in $ROUNDS rounds; goal >= 90 %)"; }
echo "emulator: serving a 1024 MiB readback to a host doing only the protocol: $(vs_raw "$W/r_emu")"
echo "flash:    $(awk -v s="$sent" 'BEGIN { printf "%.0f", s / 1048576 }') MiB of image data: $(vs_raw "$W/r_fl")"
echo "readback: 1024 MiB (SHA-256, zero blocks as holes): $(vs_raw "$W/r_rb")"
echo "          and $(med <"$W/r_own") % of the protocol-only host's rate in the same round ($(range "$W/r_own")): what storing and hashing cost"

# --- 2. a sparse system image: time follows data, not partition size
"$MTKFW" flash "$W/small" --only ANDROID "${DEV[@]}" --json >"$W/flash.json"
jq -r 'select(.event == "summary") | "\(.sent) \(.erased) \(.untouched) \(.seconds)"' "$W/flash.json" >"$W/sum"
read -r sent erased untouched secs <"$W/sum"
awk -v s="$sent" -v e="$erased" -v u="$untouched" -v t="$secs" -v r="$up" 'BEGIN {
	p = s + e + u
	printf "sparse:   system.img on a %.0f MiB partition: %.2f MiB sent (%.2f %%), %.0f MiB erased, in %.2f s (sending the partition whole would take %.1f s at the raw rate)\n",
		p / 1048576, s / 1048576, 100 * s / p, e / 1048576, t, p / r / 1e6 }'

# --- a 4 GiB phone (the demo layout; FAT then holds a 2 GiB image)
stop_phone() { kill $EMU_PID 2>/dev/null; wait $EMU_PID 2>/dev/null || true; EMU_PID=; }
stop_phone
rm -f "$W"/phone.img* "$W"/phone4.img* "$W/rb.bin"
"$EMU" provision --package "$W/small" --user "$W/phone4.img" --user-size 0x100000000 >/dev/null
start_emu "$W/phone4.img"
# FAT32 as provisioned (as phones ship), with 64 MiB of photos on it
"$MTKFW" detect "${DEV[@]}" --json >"$W/detect.json"
fat_off=$(jq -rs '[.[] | select(.pmt)][0].pmt as $p | ($p[] | select(.name == "FAT").offset) - ($p[] | select(.name == "MBR").offset)' "$W/detect.json")
head -c $((64 << 20)) /dev/urandom >"$W/photos.bin"
mcopy -i "$W/phone4.img@@$fat_off" "$W/photos.bin" ::PHOTOS.BIN
# --- 4. backup --full of the 4 GiB, mostly empty eMMC (before 3. fills FAT)
line=$("$MEASURE" "$MTKFW" backup --full "${DEV[@]}" -q 2>&1 >/dev/null | tail -1)
read -r secs rss status _ <<<"$line"
dir=$(ls -d "$MTKFW_STORE"/*/*-full | tail -1)
disk=$(du -s --block-size=1 "$dir" | cut -f1)
data=$(jq '[.files[] | .length - .zero_bytes] | add' "$dir/manifest.json")
total=$(jq '[.files[] | .length] | add' "$dir/manifest.json")
unread=$(jq '[.files[] | .free_bytes // 0] | add' "$dir/manifest.json")
reread=$(jq '[.files[] | .reread_bytes // 0] | add' "$dir/manifest.json")
awk -v t="$secs" -v d="$disk" -v a="$data" -v n="$total" -v u="$unread" -v v="$reread" -v r="$down" -v st="$status" 'BEGIN {
	read = n - u
	printf "backup:   --full of %.0f MiB (%.0f MiB of it data): %.1f s, %.0f MiB on disk, exit %d; %.0f MiB read (filesystems free space left out) and %.0f MiB of it again (what is in use, zeros included, against the phone): the link alone needs %.1f s for that, %.1f s for every byte twice\n",
		n / 1048576, a / 1048576, t, d / 1048576, st, read / 1048576, v / 1048576, (read + v) / r / 1e6, 2 * n / r / 1e6 }'
line=$("$MEASURE" "$MTKFW" restore "$dir" "${DEV[@]}" -q 2>&1 >/dev/null | tail -1)
read -r secs rss status _ <<<"$line"
awk -v t="$secs" -v n="$total" -v a="$data" -v r="$up" -v st="$status" 'BEGIN {
	printf "restore:  that full backup: %.1f s, exit %d (%.0f MiB of data written and read back, %.0f MiB of zeros erased); writing every byte would take the link %.1f s\n",
		t, st, a / 1048576, (n - a) / 1048576, n / r / 1e6 }'

# --- 3. peak RSS flashing a 2 GiB image out of a ZIP
if [ ! -f "$W/fat.zip" ]; then
	rm -rf "$W/fat" && cp -r "$W/small" "$W/fat"
	head -c $((2048 << 20)) /dev/urandom >"$W/fat/fat.img"
	awk '/partition_name: FAT/ { f = 1 } f && /file_name:/ { sub(/NONE/, "fat.img") }
	     f && /is_download:/ { sub(/false/, "true") } f && /type:/ { sub(/NONE/, "NORMAL_ROM") }
	     f && /operation_type:/ { sub(/INVISIBLE/, "UPDATE"); f = 0 } { print }' \
		"$W/small/MT6572_Android_scatter.txt" >"$W/fat/MT6572_Android_scatter.txt"
	rm -f "$W/fat/Checksum.ini"
	(cd "$W/fat" && zip -q -0 -r "$W/fat.zip" .)
	rm -rf "$W/fat"
fi
line=$("$MEASURE" "$MTKFW" flash "$W/fat.zip" --only FAT "${DEV[@]}" -q 2>&1 >/dev/null | tail -1)
read -r secs rss status _ <<<"$line"
awk -v t="$secs" -v r="$rss" -v st="$status" 'BEGIN {
	printf "memory:   flash of a 2048 MiB image from a ZIP: peak RSS %.1f MiB (goal < 64 MiB), %.1f s, exit %d\n", r / 1024, t, st }'


# --- 5. the README demo's phone (demo package, 3.7 GiB eMMC, internal storage FAT32 as shipped):
# backup --full and dump-package, each against the link's time for the bytes it moved
stop_phone
rm -f "$W"/phone4.img* "$W"/demo.img*
"$EMU" provision --package "$W/small" --user "$W/demo.img" --seed 42 >/dev/null
start_emu "$W/demo.img"
line=$("$MEASURE" "$MTKFW" backup --full "${DEV[@]}" -q 2>&1 >/dev/null | tail -1)
read -r secs rss status _ <<<"$line"
dir=$(ls -d "$MTKFW_STORE"/*/*-full | tail -1)
jq '([.files[] | .length] | add), ([.files[] | .free_bytes] | add), ([.files[] | .reread_bytes] | add)' \
	"$dir/manifest.json" | paste -sd' ' >"$W/sum"
read -r total unread reread <"$W/sum"
read -r dn _ dnp _ < <(raw)
link=$(printf '%s\n' "$dn" "$dnp" | sort -g | tail -1)
awk -v t="$secs" -v n="$total" -v u="$unread" -v v="$reread" -v r="$link" -v st="$status" 'BEGIN {
	read = n - u
	printf "demo:     backup --full of the demo phone (%.0f MiB): %.1f s, exit %d; %.0f MiB read, %.0f MiB of it again: the link alone needs %.1f s for those bytes (%.0f %% of the time)\n",
		n / 1048576, t, st, read / 1048576, v / 1048576, (read + v) / r / 1e6, 100 * (read + v) / r / 1e6 / t }'
rm -rf "$W/dump"
t0=$(date +%s%N) status=0 # measure would drop the JSON summary on stdout
"$MTKFW" dump-package -o "$W/dump" "${DEV[@]}" --json >"$W/dump.json" 2>/dev/null || status=$?
secs=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
moved=$(jq -s '[.[] | select(.event == "summary")][0].read_bytes' "$W/dump.json")
awk -v t="$secs" -v m="$moved" -v r="$link" -v st="$status" 'BEGIN {
	printf "demo:     dump-package of the demo phone: %.1f s, exit %d; %.0f MiB read: the link alone needs %.1f s for those bytes (%.0f %% of the time; the rest is sparse images, Checksum.ini and check)\n",
		t, st, m / 1048576, m / r / 1e6, 100 * m / r / 1e6 / t }'
