#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# End to end: the host against every behaviour the evidence allows a real
# MT6572 (mtkfw-emu --variant, docs/emulator.md). Each row runs detect,
# readback, flash upgrade, backup and restore; the identity bytes on the
# virtual eMMC must be the provisioned ones after every row.
set -u
BIN=$1
. "$(dirname "$0")/lib.sh"

demo_setup
provision 21
before=$(image_identity "$W/user.img")
simg2img "$W/pkg/system.img" "$W/system.raw" # what ANDROID must hold after a flash, zeros included

# every variant the emulator has is in a row (the list is the emulator's own): the host works
# with each, but for those it must refuse before any write (their rows are at the end)
refused=(flash-info-fail)
all=$("$EMU" --variant list | awk '{print $1}' | grep -vxF "${refused[@]/#/-e}" | paste -sd, -)
refused_rows=("brom:flash-info-fail" "preloader:flash-info-fail")
rows=(
	"brom:pmt-96" "preloader:bl-ver-3,no-me-id" "preloader:no-me-id" "brom:d8-silent"
	"brom:da-sum-0" "brom:nack-bare" "brom:cid-raw" "brom:da2-host-first"
	"brom:wdt-status-0" "brom:nand-ids-1" "brom:read-sum-xor" "brom:emi-info-first" "brom:erase-ff" "brom:pmt-kernel" "preloader:$all"
)
for v in $("$EMU" --variant list | awk '{print $1}'); do
	printf '%s\n' "${rows[@]}" "${refused_rows[@]}" | grep -q "[:,]$v\(,\|$\)" || bad "variant $v is in no row of the matrix"
done

variant_args() { # mode:a,b -> --mode MODE --variant a --variant b
	local mode=${1%%:*} list=${1#*:}
	printf -- '--mode\n%s\n' "$mode"
	tr ',' '\n' <<<"$list" | sed 's/^/--variant\n/' | sed '/^$/d'
}

for row in "${rows[@]}"; do
	mapfile -t args < <(variant_args "$row")
	name=${row/$all/every variant at once}
	start_emu "${args[@]}"
	check "$name: detect" 0 "$MTKFW" detect "${DEV[@]}" --json
	result >"$W/detect.json"
	[ "$(result | jq -r .layout.state)" = ok ] && ok "$name: layout ok" || bad "$name: layout $(result | jq -r .layout.state)"
	case $row in *pmt-96*) has "$name: PMT read as 0x60-byte entries" '"pmt_form": "0x60-byte entries"' ;; esac
	case $row in *no-me-id*) has "$name: ME_ID left unknown" '"me_id": ""' ;; esac
	case $row in brom:*emi-info-first*)
		check "$name: detect, the EMI request's order told" 0 env MTKFW_DEBUG=info "$MTKFW" detect "${DEV[@]}"
		has "$name: the information before the EMI request taken" "16 bytes of information before its EMI length request"
		;;
	esac
	check "$name: readback NVRAM" 0 "$MTKFW" readback --partition NVRAM "${DEV[@]}" -q "$W/nv.bin"
	grep -q "MTKFW VIRTUAL NVRAM" "$W/nv.bin" && ok "$name: NVRAM read" || bad "$name: NVRAM content"
	case $row in *read-sum-xor*) has "$name: the XOR read checksum learned" "read checksum is the XOR" ;; esac
	check "$name: flash upgrade --verify" 0 "$MTKFW" flash "$W/pkg" --mode upgrade --verify "${DEV[@]}" -q
	check "$name: backup" 0 "$MTKFW" backup "${DEV[@]}" -q
	backup=$(tail -1 "$W/out")
	check "$name: restore" 0 "$MTKFW" restore "$backup" "${DEV[@]}" -q
	case $row in *pmt-kernel*) # every other device operation on a table as MT6572 kernels write it
		check "$name: detect" 0 "$MTKFW" detect "${DEV[@]}" --json
		[ "$(result | jq -r '.pmt_state')" = ok ] && ok "$name: the kernel's PMT is readable" || bad "$name: PMT $(result | jq -r .pmt_state)"
		[ "$(result | jq -r '.pmt[] | select(.name == "bmtpool") | .offset')" = $((0xc00000 + USER_SIZE - 0x1500000)) ] &&
			ok "$name: bmtpool placed back from the end" || bad "$name: bmtpool at $(result | jq -r '.pmt[] | select(.name == "bmtpool") | .offset')"
		check "$name: flash download --verify" 0 "$MTKFW" flash "$W/pkg" --verify "${DEV[@]}" -q
		check "$name: format CACHE" 0 "$MTKFW" format --partition cache "${DEV[@]}" -q
		check "$name: write --partition LOGO" 0 "$MTKFW" write --partition logo "$W/pkg/logo.bin" "${DEV[@]}" -q
		check "$name: scatter-from-device" 0 "$MTKFW" scatter-from-device -o "$W/kscatter.txt" "${DEV[@]}" -q
		check "$name: the scatter passes SP Flash Tool's shape" 0 "$MTKFW" scatter "$W/kscatter.txt"
		has "$name: names as ptgen writes them" "NVRAM"
		grep -q "linear_start_addr: 0xffff00a8\|linear_start_addr: 0xFFFF00A8" "$W/kscatter.txt" && ok "$name: BMTPOOL counted from the end" || bad "$name: no reserved BMTPOOL row"
		check "$name: dump-package" 0 "$MTKFW" dump-package -o "$W/kdump" "${DEV[@]}" -q
		check "$name: flash format-all" 0 "$MTKFW" flash "$W/pkg" --mode format-all "${DEV[@]}" -q
		rm -rf "$W/kdump"
		;;
	esac
	case $row in *erase-ff*)
		at=$(jq '(.pmt[] | select(.name | ascii_upcase == "ANDROID") | .offset) - (.pmt[] | select(.name | ascii_upcase == "MBR") | .offset)' "$W/detect.json")
		cmp -s -n "$(stat -c %s "$W/system.raw")" -i "$at:0" "$W/user.img" "$W/system.raw" \
			&& ok "$name: system.img's zero fills are zeros on the phone" || bad "$name: ANDROID differs from system.img"
		check "$name: format CACHE" 0 "$MTKFW" format --partition CACHE "${DEV[@]}"
		has "$name: format says what the erase leaves" "erase leaves 0xff, not zeros"
		;;
	esac
	case $row in *nack-bare*)
		start_emu "${args[@]}" --fault nack-packet:3
		check "$name: a refused packet (bare A5)" 76 "$MTKFW" flash "$W/pkg" --mode upgrade "${DEV[@]}" -q
		has "$name: named as SP Flash Tool's 4009" "4009 S_FT_DOWNLOAD_CHKSUM_MISMATCH"
		has "$name: no status said" "refused by the DA (no status"
		start_emu "${args[@]}"
		check "$name: resume" 0 "$MTKFW" flash "$W/pkg" --resume --mode upgrade "${DEV[@]}" -q
		;;
	esac
	stop_emu
	[ "$(image_identity "$W/user.img")" = "$before" ] && ok "$name: identity bytes unchanged" || bad "$name: identity changed"
done

# a phone the host must refuse: before any write, with the SP Flash Tool error named
for row in "${refused_rows[@]}"; do
	mapfile -t args < <(variant_args "$row")
	start_emu "${args[@]}"
	: >"$W/trace"
	check "$row: flash refused" 76 "$MTKFW" flash "$W/pkg" --mode upgrade "${DEV[@]}" -q
	has "$row: named as SP Flash Tool's 3179" "3179 S_DA_EMMC_FLASH_NOT_FOUND"
	has "$row: the eMMC status named" "eMMC status 0x00000c4d"
	has "$row: nothing written, said" "Nothing was written"
	check "$row: restore refused" 76 "$MTKFW" restore "$backup" "${DEV[@]}" -q
	check "$row: format refused" 76 "$MTKFW" format --partition CACHE "${DEV[@]}" -q
	grep -q -- "-- flash-info" "$W/trace" && ok "$row: the phone was reached" || bad "$row: no flash info in the trace"
	grep -q -- "-- \(write\|format\)" "$W/trace" && bad "$row: something was written or erased" || ok "$row: nothing written or erased"
	stop_emu
	[ "$(image_identity "$W/user.img")" = "$before" ] && ok "$row: identity bytes unchanged" || bad "$row: identity changed"
done

finish variants
