#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# End to end: a job asked to stop (Ctrl-C, which calls mtkfw_job_cancel) stops
# between packets within a second, says "cancelled" (never a success), exits
# 130, and leaves the phone in a defined state that the next run completes: a
# flash's journal (--resume), a format run again, a backup never
# complete-looking. Mid-write, mid-format and mid-backup, each on a phone
# slowed down so that the interruption lands inside the operation; the phone's
# bytes at the end equal those of a run that was never interrupted.
set -u
BIN=$1
. "$(dirname "$0")/lib.sh"

demo_setup
provision 71 "$W/base.img"
before=$(image_identity "$W/base.img")
fresh() { # the provisioned phone again, and an empty store
	rm -rf "$W/store" "$W/user.img"*
	cp --sparse=always "$W/base.img" "$W/user.img"
	for a in boot1 boot2 rpmb; do cp --sparse=always "$W/base.img.$a" "$W/user.img.$a"; done
}
reference() { # name, mtkfw args...: the phone's bytes after an uninterrupted run, into $W/ref-NAME.img
	local name=$1
	shift
	fresh
	start_emu
	check "$name, uninterrupted (the reference)" 0 "$MTKFW" "$@" "${DEV[@]}" -q
	stop_emu
	cp --sparse=always "$W/user.img" "$W/ref-$name.img"
}

# name, slow-phone option, the step whose progress shows the work began, mtkfw args...:
# run, wait for that step's progress, interrupt, and time how long it takes to stop
interrupt() {
	local name=$1 slow=$2 step=$3 pid rc t0 t i
	shift 3
	fresh
	start_emu "$slow"
	"$MTKFW" "$@" "${DEV[@]}" --json >"$W/out" 2>"$W/err" &
	pid=$!
	for i in $(seq 600); do
		grep -q "\"event\": \"progress\", \"job\": \"[a-z-]*\", \"step\": \"$step\"" "$W/out" && break
		sleep 0.05
	done
	t0=$(date +%s%N)
	kill -INT "$pid"
	wait "$pid"
	rc=$? t=$((($(date +%s%N) - t0) / 1000000))
	[ "$i" -lt 600 ] && ok "$name: interrupted while it was at $step" || bad "$name: never saw $step"
	[ "$rc" = 130 ] && ok "$name: exit 130" || bad "$name: exit $rc, want 130"
	[ "$t" -lt 1000 ] && ok "$name: stopped $t ms after Ctrl-C (less than a second)" || bad "$name: took $t ms to stop"
	grep -q '"event": "end", "job": "[a-z-]*", "state": "cancelled"' "$W/out" && ok "$name: the job ends 'cancelled'" || bad "$name: no cancelled end"
	grep -q '"state": "ok"' <(grep '"event": "end"' "$W/out" | tail -1) && bad "$name: a success was claimed" || ok "$name: no success claimed"
	grep -q '"code": "MTKFW_E_CANCELLED"' "$W/out" && ok "$name: the error says cancelled" || bad "$name: no cancelled error"
	stop_emu
	[ "$(image_identity "$W/user.img")" = "$before" ] && ok "$name: identity bytes unchanged" || bad "$name: identity changed"
}

# --- mid-write: the journal says where; --resume finishes it, byte for byte
reference flash flash "$W/pkg" --verify
interrupt "flash, mid-write" --emmc-write-mbps=4 write flash "$W/pkg" --verify
ls "$W"/store/*/flash.journal >/dev/null 2>&1 && ok "flash, mid-write: the journal is kept" || bad "flash, mid-write: no journal"
start_emu
check "flash, mid-write: --resume finishes it" 0 "$MTKFW" flash "$W/pkg" --resume --verify "${DEV[@]}" -q
stop_emu
same "flash, mid-write: the phone is as after an uninterrupted flash" "$W/user.img" "$W/ref-flash.img"

# --- mid-format: stopped between two pieces of the erase; run again, it completes
reference format format --all-except-bootloader
interrupt "format, mid-erase" --emmc-erase-mbps=60 erasing format --all-except-bootloader
cmp -s "$W/user.img" "$W/ref-format.img" && bad "format, mid-erase: it had finished" || ok "format, mid-erase: it stopped part-way"
start_emu
check "format, mid-erase: run again" 0 "$MTKFW" format --all-except-bootloader "${DEV[@]}" -q
stop_emu
same "format, mid-erase: the phone is as after an uninterrupted format" "$W/user.img" "$W/ref-format.img"

# --- mid-backup: nothing complete-looking is left; run again, an intact backup
interrupt "backup, mid-read" --link-speed=4 "identity backup" backup
ls -d "$W"/store/*/*-identity >/dev/null 2>&1 && bad "backup, mid-read: a complete-looking backup" || ok "backup, mid-read: no complete-looking backup"
ls -d "$W"/store/*/*.incomplete >/dev/null 2>&1 && ok "backup, mid-read: the interrupted one is named .incomplete" || bad "backup, mid-read: no .incomplete folder"
cmp -s "$W/user.img" "$W/base.img" && ok "backup, mid-read: nothing written" || bad "backup, mid-read: the phone changed"
start_emu
check "backup, mid-read: run again" 0 "$MTKFW" backup "${DEV[@]}" -q
check "backup, mid-read: the new one is intact" 0 "$MTKFW" verify "$(tail -1 "$W/out")"
stop_emu

finish cancel
