#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# End to end: dead and tampered phones (mtkfw-emu provision --damage). No
# single table may decide where a phone's identity is: with a damaged or
# missing table, or tables that disagree, every destructive command refuses
# before it writes, and the identity bytes on the virtual eMMC are unchanged
# (docs/identity.md). A table that is merely out of order is sorted and used.
# Such a phone is still backed up whole, every byte read twice: a misread with
# a right sum is caught in both directions (a bit flipped, data read as zeros).
set -u
BIN=$1
. "$(dirname "$0")/lib.sh"

demo_setup
NVRAM=(0x400000 0x500000) # the demo layout's NVRAM, user-area offset and length

# a full backup of a healthy phone, kept outside the store the damaged runs use
provision 41
start_emu
check "its full backup" 0 "$MTKFW" backup --full "${DEV[@]}" -q -o "$W/full"
stop_emu
before=$(image_identity "$W/user.img")

phone() { # damage...: a freshly provisioned phone with that damage, a fresh store
	local d args=()
	for d in "$@"; do args+=(--damage "$d"); done
	rm -rf "$W/store" "$W/user.img"*
	provision 41 "$W/user.img" "${args[@]}"
	start_emu
}
# name, expected exit, mtkfw arguments...: nothing written unless it exits 0; identity kept always
destructive() {
	local name=$1 want=$2
	shift 2
	: >"$W/trace"
	check "$name" "$want" "$MTKFW" "$@" "${DEV[@]}" -q
	if [ "$want" != 0 ]; then
		grep -q -- "-- write\|-- format" "$W/trace" && bad "$name: something was written" || ok "$name: nothing written"
	fi
	stop_emu
	[ "$(image_identity "$W/user.img")" = "$before" ] && ok "$name: identity bytes unchanged" || bad "$name: identity changed"
	start_emu
}
refused_everywhere() { # fixture name, what the refusal names, what it says to check
	destructive "$1: format NVRAM's range" 65 format --range "${NVRAM[@]}"
	has "$1: the refusal names it" "$2"
	has "$1: and what to check" "$3"
	if [ "$3" = "to check: which of these" ]; then # a dispute: no layout offered as its fix
		grep -q -- "--layout-from" "$W/err" && bad "$1: --layout-from offered for a dispute" || ok "$1: no layout offered as the fix"
	fi
	destructive "$1: format all but the bootloader" 65 format --all-except-bootloader
	destructive "$1: flash download" 65 flash "$W/pkg"
	destructive "$1: flash upgrade" 65 flash "$W/pkg" --mode upgrade
	destructive "$1: flash format-all" 65 flash "$W/pkg" --mode format-all
	destructive "$1: restore the full backup" 65 restore "$W/full"
}

phone pmt-zeroed
refused_everywhere "PMT zeroed" "no source says where this phone's NVRAM" "--layout-from"
check "PMT zeroed: format-all --dry-run plans nothing" 65 "$MTKFW" flash "$W/pkg" --mode format-all --dry-run "${DEV[@]}"
grep -q "erase" "$W/out" && bad "a plan was printed" || ok "PMT zeroed: no plan erases PRO_INFO..SECCFG"
check "PMT zeroed: an identity backup is refused, not made empty" 65 "$MTKFW" backup "${DEV[@]}" -q
has "PMT zeroed: the refusal says a full backup works" "backup --full --every-byte"
ls -d "$W"/store/*/*-identity >/dev/null 2>&1 && bad "an identity backup was made" || ok "PMT zeroed: no empty identity backup"
# what it offers instead: every byte read, and every byte read again, so a misread with a right
# sum is caught in either direction (docs/backup.md)
check "PMT zeroed: backup --full --every-byte" 0 "$MTKFW" backup --full --every-byte "${DEV[@]}" -q -o "$W/every"
stop_emu
[ "$(digest "$W/every/user.img")" = "$(digest "$W/user.img")" ] && ok "PMT zeroed: the backup holds every byte of the user area" || bad "PMT zeroed: the backup's user area differs from the phone's"
for f in flaky-read:$((NVRAM[0] + 4200)) flaky-zero:$((NVRAM[0] + 4200)); do
	start_emu --fault "$f" --fault-log "$W/fired"
	check "PMT zeroed, NVRAM misread once ($f): backup --full --every-byte refused" 65 "$MTKFW" backup --full --every-byte "${DEV[@]}" -q -o "$W/misread"
	has "PMT zeroed, $f: the second read differs" "a second read of the phone differs"
	stop_emu
	grep -q "^fault $f fired" "$W/fired" && ok "PMT zeroed, $f fired: $(grep -o 'read packet.*' "$W/fired")" || bad "PMT zeroed: $f never fired"
	[ ! -e "$W/misread" ] && ok "PMT zeroed, $f: no backup kept" || bad "PMT zeroed, $f: a backup was kept"
done
start_emu
destructive "PMT zeroed, layout given: format-all" 0 flash "$W/pkg" --mode format-all --layout-from "$W/pkg"
stop_emu

phone pmt-garbage
check "PMT garbage: detect names no partition" 0 "$MTKFW" detect "${DEV[@]}" --json
[ "$(result | jq -r '.pmt_state')" = unreadable ] && ok "PMT garbage: the PMT is unreadable" || bad "PMT garbage: PMT $(result | jq -r .pmt_state)"
[ "$(result | jq '.pmt | length')" = 0 ] && ok "PMT garbage: no garbage rows listed" || bad "PMT garbage rows listed"
[ "$(result | jq -r '.layout.state')" = damaged ] && ok "PMT garbage: layout damaged" || bad "PMT garbage: layout $(result | jq -r .layout.state)"
refused_everywhere "PMT garbage" "present but unreadable" "--layout-from"
stop_emu

phone mbr-zeroed
refused_everywhere "MBR missing" "only the PMT" "--layout-from"
stop_emu

phone pmt-shift:1
refused_everywhere "NVRAM where the package does not expect it" "sources disagree" "to check: which of these"
has "NVRAM where the package does not expect it: PROTECT_F's two places" "PROTECT_F: PMT (88-byte entries) says user+0xa00000"
stop_emu

# out of order is not damaged: sorted, confirmed by the MBR, and used
phone pmt-unsorted
check "PMT unsorted: detect" 0 "$MTKFW" detect "${DEV[@]}" --json
[ "$(result | jq -r '.layout.state')" = ok ] && ok "PMT unsorted: layout ok" || bad "PMT unsorted: layout $(result | jq -r .layout.state)"
destructive "PMT unsorted: format NVRAM's range" 77 format --range "${NVRAM[@]}"
destructive "PMT unsorted: format all but the bootloader keeps identity" 0 format --all-except-bootloader
destructive "PMT unsorted: format-all keeps identity" 0 flash "$W/pkg" --mode format-all
stop_emu

# a zeroed PMT with an earlier backup of the same eMMC: the MBR and the backup confirm each other
phone
check "a backup before the damage" 0 "$MTKFW" backup "${DEV[@]}" -q
stop_emu
provision 41 "$W/user.img" --damage pmt-zeroed
start_emu
check "PMT zeroed, backup on file: detect" 0 "$MTKFW" detect "${DEV[@]}" --json
[ "$(result | jq -r '.layout.state')" = ok ] && ok "the MBR and the backup confirm each other" || bad "layout $(result | jq -r .layout.state)"
destructive "PMT zeroed, backup on file: format NVRAM's range" 77 format --range "${NVRAM[@]}"
destructive "PMT zeroed, backup on file: format all but the bootloader" 0 format --all-except-bootloader
stop_emu

finish damaged
