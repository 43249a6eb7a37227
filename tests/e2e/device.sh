#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# End to end: the real mtkfw against mtkfw-emu over a pseudo-terminal. A
# provisioned virtual phone is flashed in every mode, read back and compared
# with the package; its identity must survive; faults must give the right
# error, in bounded time, and a resumable state.
set -u
BIN=$1
. "$(dirname "$0")/lib.sh"

# --- a factory-fresh virtual phone with a unique identity
"$MTKFW" demo-package "$W/pkg" "${DEMO[@]}" >/dev/null || exit 1
"$MTKFW" demo-package "$W/moved" "${DEMO[@]}" --shift 1 >/dev/null || exit 1
"$MTKFW" demo-package "$W/foreign" "${DEMO[@]}" --emi-cid 150100344E35553030 >/dev/null || exit 1
"$EMU" --make-da "$DA" >/dev/null || exit 1
check "provision" 0 "$EMU" provision --package "$W/pkg" --user "$W/user.img" --seed 7
start_emu

check "detect" 0 "$MTKFW" detect "${DEV[@]}" --preloader "$W/pkg/preloader_mtkfw_demo.bin" --json
has "detect: chip" '"chip": "MT6572"'
has "detect: eMMC vendor" '"vendor": "Toshiba"'
has "detect: PMT" '"name": "NVRAM"'
result >"$W/detect.json"
before=$(identity)
grep -q "MTKFW VIRTUAL NVRAM" "$W/id-NVRAM.bin" && ok "identity is the provisioned one" || bad "identity content"
grep -q "IMEI1=001001" "$W/id-NVRAM.bin" && ok "test IMEI present" || bad "test IMEI"

# --- board: the phone's profile, read from it, is the package's it was provisioned from
check "board of the package" 0 "$MTKFW" board "$W/pkg" --json
cp "$W/out" "$W/board-pkg.json"
check "board --port" 0 "$MTKFW" board "${DEV[@]}" --preloader "$W/pkg/preloader_mtkfw_demo.bin" --json
facts='{preloader, lcm, camera, touch, sensors, display, android, kernel, unread}'
[ "$(result | jq -cS "$facts")" = "$(jq -cS "$facts" "$W/board-pkg.json")" ] && ok "the phone's board is the package's" \
	|| bad "board --port differs: $(result | jq -cS "$facts")"
read_bytes=$(result | jq .read_bytes)
[ "$read_bytes" -gt 0 ] && [ "$read_bytes" -lt $((16 << 20)) ] && ok "board --port read $((read_bytes >> 10)) KiB (< 16 MiB)" || bad "board --port read $read_bytes bytes"
result | jq -e '.partitions | map(.name) | index("NVRAM") != null' >/dev/null && ok "board --port lists the phone's layout" || bad "no layout in board --port"

# --- compat: the package against the phone, before any write (docs/board.md)
"$MTKFW" demo-package "$W/lcm2" "${DEMO[@]}" --lcm ili9806e_fwvga_dsi_vdo >/dev/null || exit 1
: > "$W/trace"
check "compat: the phone's own package" 0 "$MTKFW" compat "$W/pkg" "${DEV[@]}" --json
result | jq -e '.verdict == "ok" and (.lines | map(.level) | unique) == ["ok"] and (.lines | length) >= 9' >/dev/null && ok "every line ok" || bad "compat of the own package: $(cat "$W/out")"
check "compat: another panel" 0 "$MTKFW" compat "$W/lcm2" "${DEV[@]}" --json
result | jq -e '.verdict == "risk" and (.lines[] | select(.what == "lcm") | .level == "risk" and (.evidence | contains("black screen")))' >/dev/null && ok "no LCM in common: black screen risk" || bad "compat lcm: $(cat "$W/out")"
check "compat: another layout" 0 "$MTKFW" compat "$W/moved" "${DEV[@]}" --json
result | jq -e '.lines[] | select(.what == "layout") | .level == "risk" and .spft == 8038 and (.fix | contains("--mode upgrade"))' >/dev/null && ok "moved layout: 8038 predicted, upgrade named" || bad "compat layout: $(cat "$W/out")"
check "compat: a preloader for other memory" 65 "$MTKFW" compat "$W/foreign" "${DEV[@]}"
has "4032 predicted, stop" "emi        stop"
has "the verdict says stop" "verdict    stop: do not flash this package"
grep -q -- "-- write" "$W/trace" && bad "compat wrote something" || ok "compat wrote nothing"
"$MTKFW" demo-package "$W/otherboard" "${DEMO[@]}" --project other_board >/dev/null || exit 1
check "flash of another board's package refused before any write" 65 "$MTKFW" flash "$W/otherboard" --dry-run "${DEV[@]}"
has "the foreign preloader named" "a foreign preloader: the package's is preloader_other_board.bin"
has "the way past it named" "--force-compat"
check "--force-compat preloader lets the plan be made" 0 "$MTKFW" flash "$W/otherboard" --dry-run --force-compat preloader "${DEV[@]}"
check "--skip PRELOADER needs no force" 0 "$MTKFW" flash "$W/otherboard" --dry-run --skip PRELOADER "${DEV[@]}"
check "a risk is told, not refused" 0 "$MTKFW" flash "$W/lcm2" --dry-run "${DEV[@]}"
has "the panel risk told" "risk lcm: no driver in common"
grep -q -- "-- write" "$W/trace" && bad "a dry run wrote something" || ok "nothing written by the dry runs"

# --- download, verified; then the system partition equals the expanded image
check "flash download --verify" 0 "$MTKFW" flash "$W/pkg" --verify "${DEV[@]}"
has "summary" "identity checked against"
[ "$(identity)" = "$before" ] && ok "identity kept by download" || bad "identity changed by download"
check "readback ANDROID" 0 "$MTKFW" readback --partition ANDROID "${DEV[@]}" -q "$W/android.bin"
simg2img "$W/pkg/system.img" "$W/system.raw"
cmp -s "$W/android.bin" "$W/system.raw" && ok "system on the phone = expanded system.img" || bad "system differs"
rm -f "$W/android.bin" "$W/system.raw"
check "dry run" 0 "$MTKFW" flash "$W/pkg" --dry-run --mode format-all "${DEV[@]}"
has "dry run lists erase" "erase"
has "dry run says what is kept" "preserved: PRO_INFO"

# --- another layout: download refused (8038), upgrade moves and keeps identity
check "download onto another layout refused" 65 "$MTKFW" flash "$W/moved" "${DEV[@]}"
has "8038 named" "8038"
has "moved partition named" "PRO_INFO moved 0xd00000 -> 0xe00000"
check "flash upgrade to the moved layout" 0 "$MTKFW" flash "$W/moved" --mode upgrade --verify "${DEV[@]}"
check "detect after upgrade" 0 "$MTKFW" detect "${DEV[@]}" --preloader "$W/pkg/preloader_mtkfw_demo.bin" --json
has "PMT moved" '"offset": 17825792'
[ "$(identity)" = "$before" ] && ok "identity kept by upgrade (moved)" || bad "identity changed by upgrade"
check "format-all back to the original layout" 0 "$MTKFW" flash "$W/pkg" --mode format-all "${DEV[@]}"
now=$(identity); [ "$now" = "$before" ] && ok "identity kept by format-all" || { bad "identity changed by format-all"; echo "$now"; }

# --- format rules and reboot
check "format NVRAM refused" 77 "$MTKFW" format --partition NVRAM "${DEV[@]}"
has "refusal explained" "identity partitions"
check "format CACHE" 0 "$MTKFW" format --partition CACHE "${DEV[@]}" -q
check "reboot" 0 "$MTKFW" reboot "${DEV[@]}" -q

# --- write: one image into one partition (docs/images.md), what it overwrites saved first
"$MTKFW" image unpack "$W/pkg/recovery.img" -o "$W/rec" --ramdisk-tree >/dev/null || exit 1
printf 'ro.adb.secure=0\n' >>"$W/rec/ramdisk.d/default.prop"
"$MTKFW" image repack "$W/rec" -o "$W/custom-recovery.img" >/dev/null || exit 1
: > "$W/trace"
check "write --dry-run" 0 "$MTKFW" write --partition recovery "$W/custom-recovery.img" --dry-run "${DEV[@]}"
has "its plan" "write           RECOVERY"
grep -q -- "-- write" "$W/trace" && bad "the dry run wrote" || ok "nothing written by the dry run"
check "write a custom recovery" 0 "$MTKFW" write --partition recovery "$W/custom-recovery.img" "${DEV[@]}"
has "what it overwrote saved" "RECOVERY as it was: "
has "identity checked" "identity checked against"
saved=$(sed -n 's/.*RECOVERY as it was: \([^ ]*\) .*/\1/p' "$W/err" | head -1)
check "readback RECOVERY" 0 "$MTKFW" readback --partition RECOVERY "${DEV[@]}" -q "$W/rec-after.bin"
head -c "$(stat -c %s "$W/custom-recovery.img")" "$W/rec-after.bin" >"$W/rec-head.bin"
same "the phone holds the custom recovery" "$W/custom-recovery.img" "$W/rec-head.bin"
[ "$(identity)" = "$before" ] && ok "identity kept by write" || bad "identity changed by write"
check "the saved partition restores" 0 "$MTKFW" restore "$saved" "${DEV[@]}"
check "readback RECOVERY again" 0 "$MTKFW" readback --partition RECOVERY "${DEV[@]}" -q "$W/rec-back.bin"
head -c "$(stat -c %s "$W/pkg/recovery.img")" "$W/rec-back.bin" >"$W/rec-head.bin"
same "the original recovery is back" "$W/pkg/recovery.img" "$W/rec-head.bin"
: > "$W/trace"
check "write into NVRAM refused" 77 "$MTKFW" write --partition NVRAM "$W/custom-recovery.img" "${DEV[@]}"
has "identity named" "an identity partition"
check "write of the preloader refused without its flag" 77 "$MTKFW" write --partition PRELOADER "$W/pkg/preloader_mtkfw_demo.bin" "${DEV[@]}"
check "write of another kind refused" 65 "$MTKFW" write --partition RECOVERY "$W/pkg/logo.bin" "${DEV[@]}"
has "kind named" "should be an Android boot image"
check "write of an image too large refused" 65 "$MTKFW" write --partition RECOVERY "$W/pkg/system.img" "${DEV[@]}"
has "1011 named" "1011 S_NOT_ENOUGH_STORAGE_SPACE"
check "write into no such partition" 65 "$MTKFW" write --partition NOPE "$W/pkg/logo.bin" "${DEV[@]}"
grep -q -- "-- write" "$W/trace" && bad "a refused write wrote" || ok "nothing written by the refusals"
rm -f "$W/rec-after.bin" "$W/rec-back.bin" "$W/rec-head.bin"
# write --range: raw bytes at a user-area offset (CACHE's start here), the range saved first
cache=$(jq '(.pmt[] | select(.name == "CACHE") | .offset) - (.pmt[] | select(.name == "MBR") | .offset)' "$W/detect.json")
head -c 1048576 /dev/urandom >"$W/raw.bin"
check "write --range" 0 "$MTKFW" write --range "$cache" 0x200000 "$W/raw.bin" "${DEV[@]}"
has "the range saved first" "the range as it was: "
saved=$(sed -n 's/.*the range as it was: \([^ ]*\) .*/\1/p' "$W/err" | head -1)
check "readback of the range" 0 "$MTKFW" readback --range "$cache" 1048576 "${DEV[@]}" -q "$W/raw-after.bin"
same "the phone holds the raw file there" "$W/raw.bin" "$W/raw-after.bin"
check "the saved range restores" 0 "$MTKFW" restore "$saved" "${DEV[@]}"
: > "$W/trace"
check "write --range over NVRAM refused" 77 "$MTKFW" write --range 0x400000 0x1000 "$W/raw.bin" "${DEV[@]}"
has "NVRAM named" "overlaps NVRAM"
check "write --range over the MBR refused" 77 "$MTKFW" write --range 0 0x100000 "$W/raw.bin" "${DEV[@]}"
check "write --range of a file bigger than the range" 65 "$MTKFW" write --range "$cache" 0x1000 "$W/raw.bin" "${DEV[@]}"
check "write --range of a sparse image" 65 "$MTKFW" write --range "$cache" 0x200000 "$W/pkg/system.img" "${DEV[@]}"
grep -q -- "-- write" "$W/trace" && bad "a refused range write wrote" || ok "nothing written by the range refusals"

# --- numbers of destructive commands, parsed strictly: exit 64 naming the value, the port never opened
usage_error() { # name, the value the message must name, mtkfw arguments...
	local name=$1 value=$2
	shift 2
	check "$name" 64 "$MTKFW" "$@"
	has "$name: $value named" "$value"
}
: > "$W/trace"
usage_error "format --range START with trailing characters" "'${cache}z'" format --range "${cache}z" 0x1000 "${DEV[@]}"
usage_error "format --range LEN with a unit" "'4096k'" format --range "$cache" 4096k "${DEV[@]}"
usage_error "format --range LEN 0" "LEN '0' is 0" format --range "$cache" 0 "${DEV[@]}"
usage_error "format --range LEN over 64 bits" "'99999999999999999999'" format --range "$cache" 99999999999999999999 "${DEV[@]}"
usage_error "format --range past 2^64" "'0xfffffffffffffe00' '0x400' ends past" format --range 0xfffffffffffffe00 0x400 "${DEV[@]}"
usage_error "format --range START off a sector" "'$((cache + 256))'" format --range $((cache + 256)) 0x1000 "${DEV[@]}"
usage_error "format --range LEN off a sector" "'0x1001'" format --range "$cache" 0x1001 "${DEV[@]}"
usage_error "format --range negative START" "'-512'" format --range -512 0x1000 "${DEV[@]}"
usage_error "format --range without LEN" "--range needs START and LEN" format "${DEV[@]}" --range "$cache"
usage_error "write --range LEN off a sector" "'1000'" write --range "$cache" 1000 "$W/raw.bin" "${DEV[@]}"
usage_error "write --range START off a sector" "'$((cache + 1))'" write --range $((cache + 1)) 0x100000 "$W/raw.bin" "${DEV[@]}"
usage_error "write --range START with a stray letter" "'0x${cache}g'" write --range "0x${cache}g" 0x100000 "$W/raw.bin" "${DEV[@]}"
usage_error "readback --range LEN 0" "LEN '0' is 0" readback --range "$cache" 0 "${DEV[@]}" "$W/x.bin"
usage_error "readback --range LEN with trailing characters" "'0x10q'" readback --range "$cache" 0x10q "${DEV[@]}" "$W/x.bin"
usage_error "flash --wait with a unit" "'10s'" flash "$W/pkg" "${DEV[@]}" --wait 10s
usage_error "flash --wait negative" "'-1'" flash "$W/pkg" "${DEV[@]}" --wait -1
usage_error "backup --wait not a number" "'nan'" backup "${DEV[@]}" --wait nan
usage_error "restore --wait of years" "'1e9'" restore "$W/store" "${DEV[@]}" --wait 1e9
usage_error "flash --mode not a mode" "'fast'" flash "$W/pkg" --mode fast "${DEV[@]}"
usage_error "format --region not an area" "'boot3'" format --range "$cache" 0x1000 --region boot3 "${DEV[@]}"
[ -s "$W/trace" ] && bad "a refused number reached the phone: $(head -3 "$W/trace")" || ok "no refused number reached the phone (its trace is empty)"
[ -e "$W/x.bin" ] && bad "a refused readback left a file" || ok "no file from a refused readback"
rm -f "$W/raw.bin" "$W/raw-after.bin"

# --- a foreign preloader: refused before any write (SP Flash Tool 4032)
: > "$W/trace"
check "foreign preloader refused" 76 "$MTKFW" flash "$W/foreign" "${DEV[@]}"
has "4032 named" "4032 S_FT_ENABLE_DRAM_FAIL"
grep -q -- "-- write" "$W/trace" && bad "something was written" || ok "nothing written with a foreign preloader"
# a phone never seen before, in BROM mode, with only the foreign preloader: fails at DRAM
mkdir -p "$W/fresh-store"
: > "$W/trace"
check "foreign preloader, unknown phone" 76 env MTKFW_STORE="$W/fresh-store" "$MTKFW" flash "$W/foreign" "${DEV[@]}"
has "DRAM step refused" "Nothing was written"
grep -q -- "-- write" "$W/trace" && bad "something was written" || ok "stopped at the DRAM step"

# --- a dump of boot1 as the preloader file (MTK Droid Tools' preloader_and_dsp): written as it
# is, its own EMMC_BOOT header included, never behind a second one
rm -rf "$W/dumppl" && cp -r "$W/pkg" "$W/dumppl" && rm -f "$W/dumppl/Checksum.ini"
head -c $((0x100000)) "$W/user.img.boot1" >"$W/dumppl/preloader_mtkfw_demo.bin"
check "flash a boot1 dump as the preloader" 0 "$MTKFW" flash "$W/dumppl" --only PRELOADER "${DEV[@]}"
has "the plan says so" "its own EMMC_BOOT header"
head -c $((0x100000)) "$W/user.img.boot1" >"$W/boot1-after.bin"
same "boot1 holds the dump as it was, one header" "$W/dumppl/preloader_mtkfw_demo.bin" "$W/boot1-after.bin"

# --- preloader mode: DRAM already up, no EMI needed
start_emu --mode preloader
check "preloader mode flash" 0 "$MTKFW" flash "$W/pkg" --only UBOOT,LOGO "${DEV[@]}" -q

# --- faults: the right error, bounded, and a resumable flash
fault_flash() { # name, fault, exit, message, [resume]
	start_emu --fault "$2"
	check "$1" "$3" "$MTKFW" flash "$W/pkg" "${DEV[@]}" -q
	has "$1: message" "$4"
	if [ "${5:-}" = resume ]; then
		check "$1: resume" 0 "$MTKFW" flash "$W/pkg" --resume "${DEV[@]}" -q
		[ "$(identity)" = "$before" ] && ok "$1: identity intact" || bad "$1: identity changed"
	fi
}
fault_flash "disconnect during write" disconnect-at:write 69 "--resume" resume
fault_flash "power loss mid-write" power-loss:5 69 "4008 S_FT_DOWNLOAD_FAIL" resume
fault_flash "NACKed packet" nack-packet:3 76 "4009 S_FT_DOWNLOAD_CHKSUM_MISMATCH" resume
# an interrupted upgrade: --resume takes the mode from the journal, and the package by its fingerprint
start_emu --fault disconnect-at:write:3
check "upgrade interrupted" 69 "$MTKFW" flash "$W/pkg" --mode upgrade "${DEV[@]}" -q
has "the way on is told" "--resume' continues it (in upgrade mode)"
start_emu
check "resume with another package refused" 65 "$MTKFW" flash "$W/moved" --resume "${DEV[@]}" -q
has "both packages named" "the interrupted flash was of $W/pkg"
cp -r "$W/pkg" "$W/pkg-copy"
check "resume without --mode, the same package elsewhere" 0 "$MTKFW" flash "$W/pkg-copy" --resume "${DEV[@]}"
has "what is resumed is said" "resuming the interrupted upgrade flash"
check "--resume with nothing interrupted starts from the beginning" 0 "$MTKFW" flash "$W/pkg" --resume --only UBOOT "${DEV[@]}"
has "and says so" "nothing was interrupted on this phone: flashing from the start"
[ "$(identity)" = "$before" ] && ok "identity intact after the resumed upgrade" || bad "identity changed"
fault_flash "bad eMMC sectors" bad-sectors:0x3740000:0x1000 76 "the eMMC failed to store it"
fault_flash "DRAM failure" dram-fail 76 "4032"
fault_flash "DA upload damaged" bad-checksum:send-da 76 "2004 S_BROM_DOWNLOAD_DA_FAIL"
fault_flash "refused handshakes" refuse-handshake:3 0 ""
start_emu --fault stall:read:7000
check "stall longer than the host waits" 69 "$MTKFW" readback --partition NVRAM "${DEV[@]}" -q "$W/x.bin"
has "stall: timeout named" "nothing for"
start_emu --fault corrupt-byte:200000
check "a byte corrupted on the link: the packet is read again" 0 "$MTKFW" readback --partition NVRAM "${DEV[@]}" -q "$W/x.bin"
has "the damage is told" "the link damaged it; it is read again"
same "what was read again is the NVRAM" "$W/x.bin" "$W/id-NVRAM.bin"
rm -f "$W/x.bin"
start_emu --fault bad-read:$((0x400000 + 4096))
check "a packet damaged on every read" 76 "$MTKFW" readback --partition NVRAM "${DEV[@]}" -q "$W/x.bin"
has "the offset is named" "read at 0x400000: the packet there arrived damaged 3 times"
[ ! -e "$W/x.bin" ] && ok "no complete-looking file after a failed readback" || bad "partial file kept"

finish device
