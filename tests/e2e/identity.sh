#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# End to end, identity safety (docs/backup.md): a full backup restores the
# phone byte for byte after everything was erased; interrupted backups never
# look complete and interrupted restores finish when run again; another
# phone's backup is refused; the phone's own layout comes back as a scatter,
# and a package dumped from it flashes a blank phone into the same flash.
set -u
BIN=$1
. "$(dirname "$0")/lib.sh"

demo_setup
provision 11
snapshot() { cp --sparse=always "$W/user.img" "$W/$1.img"; cp --sparse=always "$W/user.img.boot1" "$W/$1.boot1"; }
start_emu

# --- the FAT partition formatted with files on it, as on a phone that has booted
check "detect: the phone's partition table" 0 "$MTKFW" detect "${DEV[@]}" --json
result >"$W/detect.json"
pmt_at() { jq -rs --arg n "$1" '[.[] | select(.pmt)][0].pmt as $p | ($p[] | select(.name == $n).offset) - ($p[] | select(.name == "MBR").offset)' "$W/detect.json"; }
FAT_OFF=$(pmt_at FAT) SYSTEM_OFF=$(pmt_at ANDROID)
FAT_SIZE=$(jq -rs '[.[] | select(.pmt)][0].pmt[] | select(.name == "FAT").size' "$W/detect.json")
head -c 3000000 /dev/urandom >"$W/photo.jpg"
check "mkfs.vfat on FAT" 0 mkfs.vfat -F 16 --offset=$((FAT_OFF / 512)) "$W/user.img" $((FAT_SIZE / 1024))
check "a file on FAT" 0 mcopy -i "$W/user.img@@$FAT_OFF" "$W/photo.jpg" ::DCIM.JPG

# --- full backup, total loss, exact restore
check "backup --full" 0 "$MTKFW" backup --full "${DEV[@]}" -q
FULL=$(tail -1 "$W/out")
[ -f "$FULL/manifest.json" ] && ok "backup has a manifest" || bad "no manifest in '$FULL'"
[ "$(jq -r .cid "$FULL/manifest.json")" = "1101003030344739301096CFC3573121" ] && ok "manifest names the eMMC CID" || bad "manifest CID"
[ "$(jq '[.files[] | select(.sha256 | length == 64)] | length' "$FULL/manifest.json")" = 3 ] && ok "boot1, boot2, user hashed" || bad "manifest files"
[ "$(du -sm "$FULL" | cut -f1)" -lt 64 ] && ok "zero runs stored as holes ($(du -sh "$FULL" | cut -f1) on disk for a $((USER_SIZE >> 20)) MiB user area)" || bad "backup not sparse"
free=$(jq '.files[] | select(.name == "user").free_bytes' "$FULL/manifest.json")
[ "$free" -gt $((USER_SIZE / 2)) ] && ok "ext4 and FAT free space not read ($((free >> 20)) of $((USER_SIZE >> 20)) MiB)" || bad "free space read: free_bytes $free"
reread=$(jq '.files[] | select(.name == "user").reread_bytes' "$FULL/manifest.json")
[ "$reread" = $((USER_SIZE - free)) ] && ok "all that was read is read again, zeros in use included ($((reread >> 20)) MiB)" || bad "read again: $reread of $((USER_SIZE - free)) bytes read"
check "verify" 0 "$MTKFW" verify "$FULL"
check "backup --full --every-byte --json" 0 "$MTKFW" backup --full --every-byte "${DEV[@]}" --json -o "$W/every"
[ "$(result | jq 'select(.event == "result") | .free_bytes')" = 0 ] && ok "--every-byte reads free space too (JSON summary)" || bad "--every-byte skipped free space"
[ "$(result | jq 'select(.event == "result") | .bytes')" = "$(jq '[.files[].length] | add' "$W/every/manifest.json")" ] && ok "JSON summary counts every byte saved" || bad "JSON summary bytes"
[ "$(jq -r '.files[] | select(.name == "user").sha256' "$W/every/manifest.json")" = "$(jq -r '.files[] | select(.name == "user").sha256' "$FULL/manifest.json")" ] && ok "free space is zero here: both backups hash the same" || bad "the two full backups differ"
snapshot before
check "format everything, identity too" 0 "$MTKFW" format --range 0 $USER_SIZE --force-identity "${DEV[@]}"
has "guard made an identity backup first" "identity of this phone on file"
# wiped: no PMT, no MBR, and the bytes where the backup saw NVRAM are zeros now:
# nothing says where this phone's identity is, so nothing more is written without the user's word
: > "$W/trace"
check "format boot1 of a wiped phone refused" 65 "$MTKFW" format --region boot1 --range 0 0x200000 --force-identity "${DEV[@]}" -q
has "refusal names the way out" "--layout-from"
grep -q -- "-- write\|-- format" "$W/trace" && bad "something was written" || ok "nothing written without a known layout"
check "format boot1 with the layout from the full backup" 0 "$MTKFW" format --region boot1 --range 0 0x200000 --force-identity --layout-from "$FULL" "${DEV[@]}" -q
cmp -s "$W/user.img" "$W/before.img" && bad "format changed nothing" || ok "the phone is wiped"
check "restore the full backup" 0 "$MTKFW" restore "$FULL" --layout-from "$FULL" "${DEV[@]}" -q
stop_emu
same "user area byte-identical after restore" "$W/user.img" "$W/before.img"
same "boot1 byte-identical after restore" "$W/user.img.boot1" "$W/before.boot1"
# an eMMC that acknowledges a packet of the user area but keeps nothing: the read-back catches it
start_emu
check "format the user area again" 0 "$MTKFW" format --range 0 $USER_SIZE --force-identity "${DEV[@]}" -q
start_emu --fault lost-write:6 --fault-log "$W/fired"
check "restore onto an eMMC that loses a write: refused to call it done" 65 "$MTKFW" restore "$FULL" --layout-from "$FULL" "${DEV[@]}" -q
has "the loss is named" "did not keep what was written"
stop_emu
grep -q "^fault lost-write:6 fired.*: [1-9][0-9]* of its bytes differ" "$W/fired" && ok "the lost packet held bytes the eMMC lacked ($(grep -o 'write packet.*' "$W/fired"))" || bad "lost-write:6 did not lose anything that mattered: $(cat "$W/fired")"
start_emu
check "restore run again on a sound eMMC" 0 "$MTKFW" restore "$FULL" --layout-from "$FULL" "${DEV[@]}" -q
stop_emu
same "user area byte-identical after the second restore" "$W/user.img" "$W/before.img"
start_emu

# --- a damaged backup is refused before anything is written
cp -r "$W/store" "$W/store2"
# the first identity backup: the guard before the wipe saved the provisioned identity
ID=$(ls -d "$W"/store/*/*-identity | head -1)
DAMAGED=$W/damaged && cp -r "$ID" "$DAMAGED" && printf 'X' | dd of="$DAMAGED/NVRAM.img" bs=1 seek=100 conv=notrunc 2>/dev/null
check "verify finds damage" 65 "$MTKFW" verify "$DAMAGED"
: > "$W/trace"
check "restore of a damaged backup refused" 65 "$MTKFW" restore "$DAMAGED" "${DEV[@]}" -q
has "damage named" "NVRAM.img is damaged"

# --- interrupted backup: nothing complete-looking; list says so
before_list=$(ls "$W"/store/*/ | grep -vc incomplete)
: > "$W/trace"
check "detect: how many reads the layout takes" 0 "$MTKFW" detect "${DEV[@]}"
layout_reads=$(grep -c -- "-- read" "$W/trace")
start_emu --fault disconnect-at:read:$((layout_reads + 2))
check "backup interrupted by a disconnect" 69 "$MTKFW" backup --full "${DEV[@]}" -q
after_list=$(ls "$W"/store/*/ | grep -vc incomplete)
[ "$before_list" = "$after_list" ] && ok "no new complete-looking backup" || bad "an interrupted backup looks complete"
ls -d "$W"/store/*/*.incomplete >/dev/null 2>&1 && ok "the interrupted one is named .incomplete" || bad "no .incomplete folder"
start_emu
check "backup list" 0 "$MTKFW" backup list
has "list: intact" "intact"
has "list: incomplete flagged" "never finished"

# --- interrupted restore, run again: complete
check "format the identity away" 0 "$MTKFW" format --partition NVRAM --force-identity "${DEV[@]}" -q
start_emu --fault power-loss:2
check "restore interrupted by a power loss" 69 "$MTKFW" restore "$ID" "${DEV[@]}" -q
start_emu
check "restore run again" 0 "$MTKFW" restore "$ID" "${DEV[@]}" -q
stop_emu
same "user area byte-identical after the rerun" "$W/user.img" "$W/before.img"

# --- what the second read covers (docs/backup.md): everything in use, zeros included; not the
# filesystems' free space, nor a partition meant for a filesystem that holds none and reads as zeros
RAW_CID=11010030303447393010000000000013
provision 13 "$W/raw.img" --fat-raw --cid $RAW_CID
EMU_USER=$W/raw.img start_emu --cid $RAW_CID
check "full backup, internal storage unformatted (--fat-raw)" 0 "$MTKFW" backup --full "${DEV[@]}" --json -o "$W/raw-full"
user() { jq ".files[] | select(.name == \"user\").$1" "$W/raw-full/manifest.json"; }
read_once=$(($(user length) - $(user free_bytes))) reread=$(user reread_bytes)
id_bytes=0; for r in $ID_RANGES; do id_bytes=$((id_bytes + ${r##*:})); done
[ "$read_once" -ge "$FAT_SIZE" ] && ok "the unformatted FAT is read ($((read_once >> 20)) MiB read)" || bad "FAT not read: $read_once bytes"
[ $((reread + FAT_SIZE)) = "$read_once" ] && ok "all but the blank FAT is read again ($((reread >> 20)) MiB read again)" || bad "read again: $reread of $read_once bytes, FAT $FAT_SIZE"
[ "$reread" -ge "$id_bytes" ] && ok "identity partitions are read again whole" || bad "read again: $reread < identity $id_bytes"
[ "$(result | jq 'select(.event == "result") | .reread_bytes')" -ge "$reread" ] && ok "JSON summary counts the second read" || bad "summary reread_bytes"
# misreads with a right sum, both ways: each fault must fire in the backup's first read, on bytes
# that matter, and the second read must catch it
MISREAD_IMG=$W/raw.img MISREAD_SAYS="a second read of the phone differs"
misread() { # name, fault spec: the backup is refused, nothing kept, and the fault fired once
	EMU_USER=$MISREAD_IMG start_emu --cid $RAW_CID --fault "$2" --fault-log "$W/fired"
	rm -rf "$W/raw-misread"
	check "$1: backup refused" 65 "$MTKFW" backup --full "${DEV[@]}" -q -o "$W/raw-misread"
	has "$1: the refusal says why" "$MISREAD_SAYS"
	[ ! -e "$W/raw-misread" ] && ok "$1: no backup kept" || bad "$1: a backup was kept"
	stop_emu
	[ "$(grep -c "^fault $2 fired" "$W/fired")" = 1 ] && ok "$1: the fault fired once ($(grep -o 'read packet.*' "$W/fired"))" || bad "$1: the fault did not fire: $(cat "$W/fired")"
}
misread "NVRAM misread once (a bit flipped, sum right)" flaky-read:$((0x400000 + 4200))
misread "a zero of the FAT misread once as data" flaky-read:$((FAT_OFF + 0x100000 + 77))
misread "NVRAM read as zeros once (sum 0)" flaky-zero:$((0x400000 + 4200))
grep -q "[1-9][0-9]* of them non-zero" "$W/fired" && ok "that packet held data" || bad "the zeroed packet held no data"
# the first block of a file on the system partition (ext4): the packet read as zeros begins
# before the file's data, so no run of data that is read again reaches into it; only the rule
# that what is in use is read again, zeros included, catches it
"$MTKFW" image raw "$W/pkg/system.img" -o "$W/system.raw" >/dev/null
blob=$(debugfs -R "bmap /blob000.bin 0" "$W/system.raw" 2>/dev/null)
rm -f "$W/system.raw"
[ "${blob:-0}" -gt 0 ] 2>/dev/null && ok "system.img's blob000.bin begins at block $blob" || bad "debugfs found no block of /blob000.bin: '$blob'"
misread "a used ext4 block read as zeros once (sum 0)" flaky-zero:$((SYSTEM_OFF + blob * 4096))
grep -q "[1-9][0-9]* of them non-zero" "$W/fired" && ok "that packet held data" || bad "the zeroed packet held no data"
# the map's own reads: CACHE as ext4 with files and, as make_ext4fs leaves them, no metadata
# checksums; room to grow puts its block bitmaps 4 MiB in, apart from the superblock. Read as
# zeros while mapping, a bitmap would make the files' blocks look free: never read, never read
# again. The backup's own read of the same bytes must catch it.
CACHE_OFF=$(pmt_at CACHE) CACHE_SIZE=$(jq -rs '[.[] | select(.pmt)][0].pmt[] | select(.name == "CACHE").size' "$W/detect.json")
mkdir -p "$W/cache-files" && head -c 3000000 /dev/urandom >"$W/cache-files/a.bin"
truncate -s "$CACHE_SIZE" "$W/cache.fs"
check "mke2fs on CACHE (files, no checksums, bitmaps 4 MiB in)" 0 mke2fs -q -F -t ext4 -b 4096 -O ^metadata_csum,^64bit -E resize=4294967295 -d "$W/cache-files" "$W/cache.fs"
bitmap=$(dumpe2fs "$W/cache.fs" 2>/dev/null | grep -m1 -io "block bitmap at [0-9]*" | grep -o "[0-9]*$")
[ "${bitmap:-0}" -gt 256 ] 2>/dev/null && ok "CACHE's first block bitmap at block $bitmap, past the first 1 MiB" || bad "CACHE's block bitmap: '$bitmap'"
cp --sparse=always "$W/raw.img" "$W/cachefs.img"
for a in boot1 boot2 rpmb; do cp --sparse=always "$W/raw.img.$a" "$W/cachefs.img.$a"; done
dd if="$W/cache.fs" of="$W/cachefs.img" bs=64K oflag=seek_bytes seek="$CACHE_OFF" conv=sparse,notrunc 2>/dev/null
rm -f "$W/cache.fs"
MISREAD_IMG=$W/cachefs.img MISREAD_SAYS="the bytes read to map CACHE"
misread "CACHE's block bitmap read as zeros while mapping (sum 0)" flaky-zero:$((CACHE_OFF + bitmap * 4096))

# --- another phone: refused
provision 12 "$W/b.img" --cid 45010053454D30344710A1B2C3D4E5F7
EMU_USER=$W/b.img start_emu --cid 45010053454D30344710A1B2C3D4E5F7
: > "$W/trace"
check "restore onto another phone refused" 65 "$MTKFW" restore "$FULL" "${DEV[@]}"
has "refusal explains" "backup of another phone"
grep -q -- "-- write" "$W/trace" && bad "something was written" || ok "nothing written to the other phone"

# --- scatter from the phone = the provisioning scatter
start_emu
check "scatter-from-device" 0 "$MTKFW" scatter-from-device -o "$W/dev_scatter.txt" "${DEV[@]}" -q
rows() { "$MTKFW" scatter --json "$1" | jq -c '.partitions[] | select(.start < 4294901760) | [.name, .start, (if .size == 0 then null else .size end), .region, .download]'; }
rows "$W/pkg/MT6572_Android_scatter.txt" | sed 's/,null,/,0,/' > "$W/rows.pkg"
rows "$W/dev_scatter.txt" | sed 's/,null,/,0,/' > "$W/rows.dev"
# the last partition (size 0 = "the rest") is written with its real size from the PMT
sed -i '$ s/,[0-9]*,"EMMC_USER"/,0,"EMMC_USER"/' "$W/rows.pkg" "$W/rows.dev"
same "device scatter reproduces the provisioning scatter" "$W/rows.pkg" "$W/rows.dev"
check "device scatter passes SP Flash Tool's shape (mtkfw scatter)" 0 "$MTKFW" scatter "$W/dev_scatter.txt"

# --- dump-package round trip onto a blank phone
check "dump-package to a ZIP" 0 "$MTKFW" dump-package -o "$W/dump.zip" "${DEV[@]}" -q
check "the dump passes check" 0 "$MTKFW" check "$W/dump.zip"
has "no errors" "0 errors"
unzip -l "$W/dump.zip" | grep -q -i nvram && bad "identity in the dump" || ok "identity left out of the dump"
BLANK_CID=11010030303447393010AABBCCDDEEFF
EMU_USER=$W/blank.img start_emu --user-size $USER_SIZE --cid $BLANK_CID
check "a blank phone: flash refused until its layout is given" 65 "$MTKFW" flash "$W/dump.zip" --mode format-all "${DEV[@]}" -q
has "the refusal says nothing names NVRAM" "no source says where this phone's NVRAM"
check "flash the dump onto a blank phone, layout given" 0 "$MTKFW" flash "$W/dump.zip" --mode format-all --layout-from "$W/dump.zip" "${DEV[@]}" -q
stop_emu
blank_identity() { # zero the identity partitions (user offsets of PRO_INFO..SECCFG)
	dd if=/dev/zero of="$1" bs=64K seek=$((0x100000 / 65536)) count=$(((0x1d20000 - 0x100000) / 65536)) conv=notrunc 2>/dev/null
}
blank_fat() { fallocate --punch-hole --offset "$FAT_OFF" --length "$FAT_SIZE" "$1"; } # the user's files: not in a firmware
cp --sparse=always "$W/user.img" "$W/a.cmp"; blank_identity "$W/a.cmp"; blank_identity "$W/blank.img"
blank_fat "$W/a.cmp"; blank_fat "$W/blank.img"
same "blank phone = dumped phone outside identity and FAT (user area)" "$W/a.cmp" "$W/blank.img"
same "blank phone = dumped phone (boot1)" "$W/user.img.boot1" "$W/blank.img.boot1"

finish identity
