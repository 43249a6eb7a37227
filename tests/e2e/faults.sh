#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# End to end: every emulator fault against every device operation. A cell
# passes when the command ends in bounded time with a known exit code (an
# error that names its step when it failed), the phone's log says the fault
# fired (or the cell says "not met": the command's path never reached it, and
# then it must have succeeded), the identity bytes on the virtual eMMC are
# untouched by all but restore, and, where it failed, the flash's --resume
# (or running the command again) completes. Then the phone's bytes must be
# what a run of the same command without the fault leaves, and what that run
# leaves is checked against where the bytes come from: the package's images,
# the backup restored, zeros for a format, the phone unchanged otherwise; a
# readback's file and a backup's files are compared with the phone's bytes.
# The table it prints is the one in docs/faults.md.
set -u
BIN=$1
OUT=${2:-}
. "$(dirname "$0")/lib.sh"

demo_setup
DEV+=(--wait 5)
# The phone holds the previous build (another seed of the demo package) and an identity other
# than its own backup's (another phone's NVRAM flashed onto it): every packet a flash or a restore
# writes differs from what the eMMC holds, so a lost or half-written packet is a real loss.
"$MTKFW" demo-package "$W/old-pkg" "${DEMO[@]}" --seed 2 >/dev/null || exit 1
provision 51 "$W/own.img"
EMU_USER=$W/own.img start_emu
check "the phone's own identity backup, to restore" 0 "$MTKFW" backup "${DEV[@]}" -q -o "$W/id"
stop_emu
rm -rf "$W/store" "$W/own.img"*
provision 52 "$W/base.img" --package "$W/old-pkg"
before=$(image_identity "$W/base.img")

faults=(
	disconnect-after:300000 disconnect-at:da-sync disconnect-at:write disconnect-at:read
	stall:flash-info:3000 corrupt-byte:5000 bad-checksum:send-da bad-checksum:read
	nack-packet:2 refuse-handshake:3 dram-fail bad-sectors:0x3740000:0x1000 power-loss:2
	lost-write:2 bad-read:0x400100
)
ops=(detect readback download upgrade format-all backup restore format)
op_args() { # the mtkfw command line of an operation
	case $1 in
	detect) echo detect ;;
	readback) echo readback --partition NVRAM "$W/nv.bin" ;;
	download | upgrade | format-all) echo flash "$W/pkg" --mode "$1" --verify ;;
	backup) echo backup -o "$W/bk" ;;
	restore) echo restore "$W/id" ;;
	format) echo format --partition CACHE ;;
	esac
}
fresh() { # the phone as provisioned, an empty store
	rm -rf "$W/store" "$W/user.img"* "$W/nv.bin" "$W/bk" "$W/bk.incomplete"
	for a in "" .boot1 .boot2 .rpmb; do cp --sparse=always "$W/base.img$a" "$W/user.img$a"; done
}
phone() { digest "$W/user.img" "$W/user.img.boot1" "$W/user.img.boot2" | paste -sd' '; }
pairs_same() { # FILE IMAGE@OFFSET:LENGTH ...: each file holds the bytes of the range after it
	local d
	d=$(digest "$@") || return 1
	awk 'NR % 2 { a = $0; next } a != $0 { differ = 1 } END { exit differ }' <<<"$d"
}
at() { echo "$2@$3:$(stat -c %s "$1")"; } # file, image, offset: the image's range the file's size
backup_on_phone() { # backup folder, image: each file holds the phone's bytes at its place
	local file region off args=()
	while read -r file region off; do
		[ "$region" = user ] || return 1
		args+=("$1/$file" "$(at "$1/$file" "$2" "$off")")
	done < <(jq -r '.files[] | "\(.file) \(.region) \(.offset)"' "$1/manifest.json")
	pairs_same "${args[@]}"
}
output_ok() { # operation: its own output holds the phone's bytes (the NVRAM range, the backup)
	case $1 in
	readback) pairs_same "$W/nv.bin" "$(at "$W/nv.bin" "$W/user.img" 0x400000)" ;;
	backup) backup_on_phone "$W/bk" "$W/user.img" ;;
	esac
}

# --- what each operation leaves on a phone without faults, checked against its source once
USER_BASE=$("$MTKFW" scatter --json "$W/pkg/MT6572_Android_scatter.txt" | jq '.partitions[] | select(.name == "MBR").start')
package_on_phone() { # the package's images where its scatter puts them
	local name file start args=()
	while read -r name file start; do
		if [ "$name" = PRELOADER ]; then # behind the EMMC_BOOT header, 0x800 into boot1
			args+=("$W/pkg/$file" "$(at "$W/pkg/$file" "$W/user.img.boot1" 0x800)")
			continue
		fi
		"$MTKFW" image raw "$W/pkg/$file" -o "$W/$file.raw" >/dev/null 2>&1 || cp "$W/pkg/$file" "$W/$file.raw"
		args+=("$W/$file.raw" "$(at "$W/$file.raw" "$W/user.img" $((start - USER_BASE)))")
	done < <("$MTKFW" scatter --json "$W/pkg/MT6572_Android_scatter.txt" | jq -r '.partitions[] | select(.download) | "\(.name) \(.file) \(.start)"')
	pairs_same "${args[@]}"
	local same=$?
	rm -f "$W"/*.raw
	return $same
}
CACHE=$("$MTKFW" scatter --json "$W/pkg/MT6572_Android_scatter.txt" | jq -r --argjson b "$USER_BASE" '.partitions[] | select(.name == "CACHE") | "\(.start - $b) \(.size)"')
read -r CACHE_OFF CACHE_LEN <<<"$CACHE"
USER_LEN=$(stat -c %s "$W/base.img")
zeros() { truncate -s "$1" "$W/zeros"; digest "$W/zeros"; rm -f "$W/zeros"; }
base=$(digest "$W/base.img" "$W/base.img.boot1" "$W/base.img.boot2" | paste -sd' ')
declare -A ref
for op in "${ops[@]}"; do
	read -ra args <<<"$(op_args "$op")"
	fresh
	start_emu
	check "$op without a fault" 0 "$MTKFW" "${args[@]}" "${DEV[@]}" -q
	stop_emu
	ref[$op]=$(phone)
	case $op in
	detect | readback | backup) [ "${ref[$op]}" = "$base" ] && ok "$op left the phone as it was" || bad "$op changed the phone" ;;
	download | upgrade | format-all) package_on_phone && ok "$op left the package's images on the phone" || bad "$op: the phone does not hold the package's images" ;;
	restore) backup_on_phone "$W/id" "$W/user.img" && ok "restore left the backup's bytes on the phone" || bad "restore: the phone differs from the backup" ;;
	format)
		[ "$(digest "$W/user.img@$CACHE_OFF:$CACHE_LEN")" = "$(zeros "$CACHE_LEN")" ] && ok "format left CACHE zeros" || bad "format: CACHE is not zeros"
		[ "$(digest "$W/user.img@0:$CACHE_OFF" "$W/user.img@$((CACHE_OFF + CACHE_LEN)):$USER_LEN")" = "$(digest "$W/base.img@0:$CACHE_OFF" "$W/base.img@$((CACHE_OFF + CACHE_LEN)):$USER_LEN")" ] && ok "format left the rest as it was" || bad "format changed more than CACHE"
		;;
	esac
	case $op in
	restore) ;;
	*) [ "$(image_identity "$W/user.img")" = "$before" ] && ok "$op kept the identity" || bad "$op changed the identity" ;;
	esac
	case $op in
	readback | backup) output_ok "$op" && ok "$op's output holds the phone's bytes" || bad "$op's output differs from the phone" ;;
	esac
done

table="| fault | $(printf '%s | ' "${ops[@]}")"$'\n'"|---|$(printf -- '---|%.0s' "${ops[@]}")"
for f in "${faults[@]}"; do
	row="| \`$f\` |"
	for op in "${ops[@]}"; do
		read -ra args <<<"$(op_args "$op")"
		fresh
		start_emu --fault "$f" --fault-log "$W/fired"
		t0=$SECONDS
		timeout 90 "$MTKFW" "${args[@]}" "${DEV[@]}" -q >"$W/out" 2>"$W/err"
		rc=$? secs=$((SECONDS - t0))
		stop_emu
		cell="$rc" why=""
		case $rc in
		0 | 65 | 69 | 74 | 76 | 77) ;;
		124) why="hung (killed after 90 s)" ;;
		*) why="exit $rc" ;;
		esac
		fired=$(grep -c "^fault $f fired" "$W/fired")
		if [ "$fired" = 0 ]; then
			cell="not met"
			[ "$rc" != 0 ] && why="${why:+$why; }exit $rc, yet the fault never fired"
		elif [[ $f == lost-write:* ]] && ! grep -q ": [1-9][0-9]* of its bytes differ" "$W/fired"; then
			why="the lost packet held what the eMMC already had: $(grep -o 'write packet.*' "$W/fired")"
		fi
		spft=$(grep -o 'SP Flash Tool reports this as [0-9]*' "$W/err" | grep -o '[0-9]*$' | head -1)
		[ -n "$spft" ] && cell="$cell, $spft"
		[ "$rc" != 0 ] && ! grep -q "error" "$W/err" && why="failed without an error message"
		[ "$op" != restore ] && [ "$(image_identity "$W/user.img")" != "$before" ] && why="identity changed"
		if [ "$rc" != 0 ] && [ -z "$why" ]; then # the way on: --resume, or the same again
			start_emu
			again=() # a flash that stopped after its plan continues with --resume; else: again
			grep -q -- "--resume' continues it" "$W/err" && again=(--resume)
			timeout 90 "$MTKFW" "${args[@]}" "${again[@]}" "${DEV[@]}" -q >"$W/out2" 2>"$W/err2"
			rc2=$?
			stop_emu
			if [ $rc2 != 0 ]; then
				why="${again[*]:-again}: exit $rc2: $(tail -1 "$W/err2")"
			else
				cell="$cell, ${again[*]:-rerun} ok"
			fi
		fi
		if [ -z "$why" ] && [ "$(phone)" != "${ref[$op]}" ]; then
			why="the phone's bytes differ from what $op leaves without the fault"
		elif [ -z "$why" ] && ! output_ok "$op"; then
			why="$op's output differs from the phone's bytes"
		fi
		[ $secs -ge 20 ] && why="${why:+$why; }took $secs s"
		if [ -n "$why" ]; then
			bad "$f / $op: $why"
			tail -3 "$W/err"
			cell="FAIL: $why"
		else
			ok "$f / $op: $cell$([ "$fired" != 0 ] && echo " ($(grep -m1 -o 'fired.*' "$W/fired"))")"
		fi
		row="$row $cell |"
	done
	table="$table"$'\n'"$row"
done
echo "$table"
[ -n "$OUT" ] && echo "$table" >"$OUT"
DOC=$(dirname "$0")/../../docs/faults.md
if [ "$(grep '^| ' "$DOC")" = "$(grep '^| ' <<<"$table")" ]; then
	ok "docs/faults.md's table is this one"
else
	bad "docs/faults.md's table differs from this run's: check the cells, then put this table there"
	diff <(grep '^| ' "$DOC") <(grep '^| ' <<<"$table")
fi
finish faults
