#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# End to end: every emulator fault against every device operation. A cell
# passes when the command ends in bounded time with a known exit code (0: the
# fault was not met or was recovered from; else an error that names its
# step), the identity bytes on the virtual eMMC are the provisioned ones, and
# where it failed, the flash's --resume (or running the command again)
# completes and leaves the identity intact too. The table it prints is the
# one in docs/faults.md.
set -u
BIN=$1
OUT=${2:-}
. "$(dirname "$0")/lib.sh"

demo_setup
DEV+=(--wait 5)
provision 51 "$W/base.img"
EMU_USER=$W/base.img start_emu
check "an identity backup to restore" 0 "$MTKFW" backup "${DEV[@]}" -q -o "$W/id"
stop_emu
cp -r "$W/store" "$W/base-store"
before=$(image_identity "$W/base.img")

faults=(
	disconnect-after:300000 disconnect-at:da-sync disconnect-at:write disconnect-at:read
	stall:flash-info:3000 corrupt-byte:400000 bad-checksum:send-da bad-checksum:read
	nack-packet:2 refuse-handshake:3 dram-fail bad-sectors:0x3740000:0x1000 power-loss:2
	lost-write:3 bad-read:0x400100
)
ops=(detect readback download upgrade format-all backup restore format)
op_args() { # the mtkfw command line of an operation
	case $1 in
	detect) echo detect ;;
	readback) echo readback --partition NVRAM "$W/nv.bin" ;;
	download | upgrade | format-all) echo flash "$W/pkg" --mode "$1" --verify ;;
	backup) echo backup ;;
	restore) echo restore "$W/id" ;;
	format) echo format --partition CACHE ;;
	esac
}
fresh() { # the provisioned phone and store, as they were
	rm -rf "$W/store" "$W/user.img"*
	cp --sparse=always "$W/base.img" "$W/user.img"
	for a in boot1 boot2 rpmb; do [ -e "$W/base.img.$a" ] && cp --sparse=always "$W/base.img.$a" "$W/user.img.$a"; done
	cp -r "$W/base-store" "$W/store"
}

table="| fault | $(printf '%s | ' "${ops[@]}")"$'\n'"|---|$(printf -- '---|%.0s' "${ops[@]}")"
for f in "${faults[@]}"; do
	row="| \`$f\` |"
	for op in "${ops[@]}"; do
		read -ra args <<<"$(op_args "$op")"
		fresh
		start_emu --fault "$f"
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
		spft=$(grep -o 'SP Flash Tool reports this as [0-9]*' "$W/err" | grep -o '[0-9]*$' | head -1)
		[ -n "$spft" ] && cell="$cell, $spft"
		[ "$rc" != 0 ] && ! grep -q "error" "$W/err" && why="failed without an error message"
		[ "$(image_identity "$W/user.img")" != "$before" ] && why="identity changed"
		if [ "$rc" != 0 ] && [ -z "$why" ]; then # the way on: --resume, or the same again
			start_emu
			again=() # a flash that stopped after its plan continues with --resume; else: again
			grep -q -- "--resume' continues it" "$W/err" && again=(--resume)
			timeout 90 "$MTKFW" "${args[@]}" "${again[@]}" "${DEV[@]}" -q >"$W/out2" 2>"$W/err2"
			rc2=$?
			stop_emu
			if [ $rc2 != 0 ]; then
				why="${again[*]:-again}: exit $rc2: $(tail -1 "$W/err2")"
			elif [ "$(image_identity "$W/user.img")" != "$before" ]; then
				why="identity changed by ${again[*]:-the rerun}"
			else
				cell="$cell, ${again[*]:-rerun} ok"
			fi
		fi
		[ $secs -ge 20 ] && why="${why:+$why; }took $secs s"
		if [ -n "$why" ]; then
			bad "$f / $op: $why"
			tail -3 "$W/err"
			cell="FAIL: $why"
		else
			ok "$f / $op: $cell"
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
