#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# End to end: the phone's own evidence decides (docs/identity.md). A layout
# given with --layout-from is one witness: refused where a readable source
# disagrees, confirmed where one agrees, and where only the user's word is
# left every byte the command changes is saved first, so that nothing is lost
# whatever the layout. A saved range goes back only to its range, and never
# over an identity partition without --write-identity. Each case is one
# that destroyed a phone's identity with exit 0 before.
set -u
BIN=$1
. "$(dirname "$0")/lib.sh"

demo_setup
"$MTKFW" demo-package "$W/other" "${DEMO[@]}" --shift 36 >/dev/null || exit 1 # every partition after EBR1 36 MiB on
SHIFT=$((36 << 20))
# the identity ranges of the other layout: the demo's, 36 MiB further
OTHER_RANGES=$(for r in $ID_RANGES; do printf '0x%x:%s ' $((${r%%:*} + SHIFT)) "${r##*:}"; done)
other_identity() { ID_RANGES=$OTHER_RANGES image_identity "$1"; }

# name, expected exit, mtkfw arguments...: nothing written unless it exits 0
run() {
	local name=$1 want=$2
	shift 2
	: >"$W/trace"
	check "$name" "$want" "$MTKFW" "$@" "${DEV[@]}"
	if [ "$want" != 0 ]; then
		grep -q -- "-- write\|-- format" "$W/trace" && bad "$name: something was written" || ok "$name: nothing written"
	fi
}
intact() { # name, ranges function, expected hashes
	stop_emu
	[ "$("$2" "$W/user.img")" = "$3" ] && ok "$1: identity bytes intact" || bad "$1: identity changed"
	start_emu
}
saved_dir() { grep -o "every byte this command changes is saved in [^ ]*" "$W/err" | awk '{print $NF}'; }
range_holds() { # name, saved folder, user offset, length, image: the saved range files hold the image's bytes there
	local f off len img=$5 file at size
	off=$(($3)) len=$(($4))
	for f in $(jq -r '.files[] | select(.region == "user") | "\(.file):\(.offset):\(.length)"' "$2/manifest.json"); do
		IFS=: read -r file at size <<<"$f"
		if [ "$at" -le "$off" ] && [ $((at + size)) -ge $((off + len)) ]; then
			if cmp -s <(dd if="$2/$file" iflag=skip_bytes,count_bytes skip=$((off - at)) count=$len 2>/dev/null) \
				<(dd if="$img" iflag=skip_bytes,count_bytes skip=$off count=$len 2>/dev/null); then
				ok "$1"
			else
				bad "$1: $file differs from the phone's bytes at $3"
			fi
			return
		fi
	done
	bad "$1: no saved range covers $3+$4"
}

# --- 1. a healthy phone, the package about to be flashed (another layout) given as its layout
provision 61
before=$(image_identity "$W/user.img")
start_emu
run "another layout given to a healthy phone: refused" 65 flash "$W/other" --mode format-all --layout-from "$W/other"
has "the refusal lists the PMT's NVRAM and the given one" "NVRAM: PMT (88-byte entries) says user+0x400000, given layout $W/other says user+0x2800000"
has "and says what to check" "to check: which of these is this phone's"
grep -q -- "--layout-from" "$W/err" && bad "--layout-from offered as the fix of a dispute" || ok "no layout offered as the fix of a dispute"
intact "another layout given to a healthy phone" image_identity "$before"
run "the same flash, no layout given: identity moved and kept" 0 flash "$W/other" --mode format-all -q
intact "format-all into another layout" other_identity "$before"
stop_emu

# --- 2. PMT zeroed: the MBR/EBR and PROTECT_F's filesystem still say where it is
rm -rf "$W/store"
provision 62 "$W/user.img" --damage pmt-zeroed
before=$(image_identity "$W/user.img")
start_emu
run "PMT zeroed, another layout given: refused" 65 flash "$W/other" --mode format-all --layout-from "$W/other"
has "the MBR/EBR disputes it" "PROTECT_F: MBR/EBR says user+0x900000, given layout $W/other says user+0x2d00000"
intact "PMT zeroed, another layout given" image_identity "$before"
run "PMT zeroed, another layout given: format refused too" 65 format --all-except-bootloader --layout-from "$W/other"

# --- 3. PMT zeroed, the phone's own package given: PROTECT_F/S confirmed by the MBR/EBR,
#        NVRAM, PRO_INFO and SECCFG on the user's word alone: every byte changed saved first
stop_emu
cp --sparse=always "$W/user.img" "$W/pre3.img"
start_emu
run "PMT zeroed, its own package given: flashed" 0 flash "$W/pkg" --mode format-all --layout-from "$W/pkg"
has "what rests on the user's word is named" "only your word places PRO_INFO,NVRAM,SECCFG"
SAVED=$(saved_dir)
[ -n "$SAVED" ] && [ -d "$SAVED" ] && ok "the saved folder is named ($SAVED)" || bad "no folder of what was changed named"
check "it is an intact backup" 0 "$MTKFW" verify "$SAVED"
range_holds "it holds the phone's MBR as it was" "$SAVED" 0 0x80000 "$W/pre3.img"
range_holds "and its system partition as it was" "$SAVED" 0x3740000 0x1000000 "$W/pre3.img"
intact "PMT zeroed, its own package given" image_identity "$before"
stop_emu

# --- 4. nothing left to witness (PMT and MBR zeroed), a wrong layout given: taken on the
#        user's word, and nothing is lost: the phone's identity is in the saved ranges,
#        and restoring them gives the phone back byte for byte (they leave out what the
#        layout now calls identity: the flash did not change it)
rm -rf "$W/store"
provision 63 "$W/user.img" --damage pmt-zeroed --damage mbr-zeroed
before=$(image_identity "$W/user.img")
cp --sparse=always "$W/user.img" "$W/pre4.img"
cp --sparse=always "$W/user.img.boot1" "$W/pre4.boot1"
start_emu
run "tables gone, a wrong layout given: taken on the word alone" 0 flash "$W/other" --mode format-all --layout-from "$W/other"
has "it says so" "only your word places PRO_INFO,NVRAM,PROTECT_F,PROTECT_S,SECCFG"
SAVED=$(saved_dir)
stop_emu
[ "$(image_identity "$W/user.img")" != "$before" ] && ok "the wrong layout erased the real identity" || bad "the flash left the identity where it was"
range_holds "the saved ranges hold its NVRAM" "$SAVED" 0x400000 0x500000 "$W/pre4.img"
range_holds "and its PROTECT_F" "$SAVED" 0x900000 0xa00000 "$W/pre4.img"
start_emu
check "restoring what was saved" 0 "$MTKFW" restore "$SAVED" "${DEV[@]}" -q
stop_emu
same "the user area is back byte for byte" "$W/user.img" "$W/pre4.img"
same "and boot1" "$W/user.img.boot1" "$W/pre4.boot1"

# --- 5. a range saved by write --range, then a flash that moved NVRAM into that range:
#        restoring the range is refused; forced, the check after says what changed
rm -rf "$W/store"
provision 64
before=$(image_identity "$W/user.img")
start_emu
head -c $((0x180000)) /dev/urandom >"$W/blob.bin"
run "write --range inside RECOVERY" 0 write --range 0x2800000 0x180000 "$W/blob.bin"
RANGE=$(grep -o "the range as it was: [^ ]*" "$W/err" | awk '{print $NF}')
[ -d "$RANGE" ] && ok "the range was saved ($RANGE)" || bad "no saved range named"
run "flash another layout in upgrade mode: NVRAM moves into that range" 0 flash "$W/other" --mode upgrade -q
intact "the upgrade" other_identity "$before"
run "restore of the old range: refused" 65 restore "$RANGE"
has "it names NVRAM" "the phone's layout now puts NVRAM there"
intact "the refused restore" other_identity "$before"
check "forced with --write-identity: the check after says NVRAM changed" 65 "$MTKFW" restore "$RANGE" --write-identity "${DEV[@]}"
has "and how to put it back" "no longer matches this phone's backup"
GUARD=$(grep -o "put it back with 'mtkfw restore [^ ]*" "$W/err" | awk '{print $NF}')
check "putting NVRAM back from the guard's backup" 0 "$MTKFW" restore "$GUARD" --only NVRAM "${DEV[@]}" -q
intact "NVRAM put back" other_identity "$before"
# a backup folder given as the layout must be of this phone's eMMC
cp -r "$GUARD" "$W/foreign"
jq '.cid = "45010053454D30344710A1B2C3D4E5F7"' "$GUARD/manifest.json" >"$W/foreign/manifest.json"
run "another eMMC's backup given as the layout: refused" 65 detect --layout-from "$W/foreign"
has "it is named as another eMMC's" "a backup of another eMMC (CID 45010053454D30344710A1B2C3D4E5F7"
check "this phone's own backup given: confirmed by its content" 0 "$MTKFW" detect --layout-from "$GUARD" --json "${DEV[@]}"
[ "$(result | jq -r .layout.state)" = ok ] && ok "the layout it gives is ok" || bad "layout $(result | jq -r .layout.state)"
result | jq -r .layout.basis | grep -q "NVRAM by" && ok "NVRAM confirmed" || bad "NVRAM not confirmed: $(result | jq -r .layout.basis)"
stop_emu

finish witness
