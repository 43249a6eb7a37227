#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Build malformed variants of the demo package and check that `mtkfw check`
# reports each with its specific finding and message (cases in malformed.cases).
set -u
MTKFW=$1
CASES=$2
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mtkfw-cases-XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# the demo package is made by the Linux build (BUILDER: mtkfw.exe under wine has no demo-package)
"${BUILDER:-$MTKFW}" demo-package "$WORK/base" >/dev/null || { echo "cannot build the demo package"; exit 1; }
SCATTER=MT6572_Android_scatter.txt

# Replace the value of KEY in the row of partition NAME of the scatter in $1.
set_key() { # dir name key value
	sed -i "/partition_name: $2\$/,/^- partition_index/ s|^  $3: .*|  $3: $4|" "$1/$SCATTER"
}
poke() { # file offset bytes(hex string "0205")
	printf "$(echo "$3" | sed 's/../\\x&/g')" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

grow_boot()          { truncate -s 7M "$1/boot.img"; echo "$1"; }
shrink_android()     { set_key "$1" ANDROID partition_size 0x20000000; echo "$1"; }
overlap_cache()      { set_key "$1" CACHE linear_start_addr 0x2cc40000; echo "$1"; }
misplace_uboot()     { set_key "$1" UBOOT linear_start_addr 0x100; echo "$1"; }
duplicate_bootimg()  { sed -i 's/partition_name: RECOVERY$/partition_name: BOOTIMG/' "$1/$SCATTER"; echo "$1"; }
remove_logo()        { rm "$1/logo.bin"; echo "$1"; }
misplace_logo()      { mkdir "$1/sub"; mv "$1/logo.bin" "$1/sub/"; echo "$1"; }
uppercase_lk()       { mv "$1/lk.bin" "$1/LK.BIN"; echo "$1"; }
platform_6589()      { sed -i 's/platform: MT6572/platform: MT6589/' "$1/$SCATTER"; echo "$1"; }
preloader_nand()     { poke "$1/preloader_mtkfw_demo.bin" 26 02; echo "$1"; }
truncate_preloader() { truncate -s -200 "$1/preloader_mtkfw_demo.bin"; echo "$1"; }
shift_mbr_entry()    { poke "$1/MBR" $((0x1BE + 16 + 8)) 00490000; echo "$1"; }
damage_secro()       { poke "$1/secro.img" 8192 01; echo "$1"; }
remove_checksum()    { rm "$1/Checksum.ini"; echo "$1"; }
ship_nvram() {
	set_key "$1" NVRAM is_download true
	set_key "$1" NVRAM file_name nvram.bin
	head -c 5242880 /dev/zero > "$1/nvram.bin"
	echo "$1"
}
bootloader_typo()    { set_key "$1" PRELOADER operation_type BOOTLOADER; echo "$1"; }
break_number()       { sed -i '39s/linear_start_addr: 0xc00000/linear_start_addr: 0xZZ/' "$1/$SCATTER"; echo "$1"; }
remove_scatter()     { rm "$1/$SCATTER"; echo "$1"; }
second_scatter()     { cp "$1/$SCATTER" "$1/MT6572_Android_scatter_copy.txt"; echo "$1"; }
tar_dotdot() {
	echo evil > "$1/evil.bin"
	(cd "$1" && tar -P -cf "$1.tar" --transform 's|^evil|../evil|' ./*.bin ./*.img MBR EBR1 "$SCATTER" Checksum.ini evil.bin 2>/dev/null)
	echo "$1.tar"
}
tar_symlink() {
	ln -s /etc/passwd "$1/link.bin"
	(cd "$1" && tar -cf "$1.tar" .)
	echo "$1.tar"
}
corrupt_zip() {
	(cd "$1" && zip -q -r "$1.zip" .)
	# Damage compressed data in the middle of the archive (inside system.img's stream).
	local size off
	size=$(stat -c %s "$1.zip")
	off=$((size / 2))
	head -c 4096 /dev/urandom | dd of="$1.zip" bs=1 seek="$off" conv=notrunc status=none
	echo "$1.zip"
}
truncate_cache()     { truncate -s -100 "$1/cache.img"; echo "$1"; }
damage_logo()        { poke "$1/logo.bin" 600 ffffffffffffffff; echo "$1"; }
swap_boot_recovery() { mv "$1/boot.img" "$1/x"; mv "$1/recovery.img" "$1/boot.img"; mv "$1/x" "$1/recovery.img"; echo "$1"; }
text_as_lk()         { echo "not an lk image" > "$1/lk.bin"; echo "$1"; }

fail=0 n=0
while IFS='|' read -r name mut args want code msg; do
	name=$(echo "$name" | xargs)
	[ -z "$name" ] || [ "${name:0:1}" = "#" ] && continue
	mut=$(echo "$mut" | xargs); args=$(echo "$args" | xargs); want=$(echo "$want" | xargs)
	code=$(echo "$code" | xargs); msg=$(echo "$msg" | sed 's/^ *//; s/ *$//')
	n=$((n + 1))
	dir="$WORK/$name"
	cp -a "$WORK/base" "$dir"
	target=$($mut "$dir")
	# shellcheck disable=SC2086
	out=$("$MTKFW" check --json $args "$target" 2>"$WORK/stderr")
	rc=$?
	if [ "$rc" != "$want" ]; then
		echo "FAIL $name: exit $rc, want $want"; cat "$WORK/stderr"; fail=$((fail + 1)); continue
	fi
	if ! grep -qF "\"code\": \"$code\"" <<<"$out"; then
		echo "FAIL $name: no finding $code"; echo "$out" | grep '"code"\|"message"'; fail=$((fail + 1)); continue
	fi
	if ! grep -qF -- "$msg" <<<"$out"; then
		echo "FAIL $name: finding $code lacks: $msg"; echo "$out" | grep '"message"'; fail=$((fail + 1)); continue
	fi
	echo "ok   $name ($code)"
done < "$CASES"

# Inputs that are not packages at all.
head -c 1000 /dev/urandom > "$WORK/junk.zip"
"$MTKFW" check "$WORK/junk.zip" >/dev/null 2>"$WORK/err"; rc=$?
if [ $rc = 66 ] && grep -q "is not a package mtkfw can read" "$WORK/err"; then echo "ok   junk-file"; else echo "FAIL junk-file: $rc $(cat "$WORK/err")"; fail=$((fail + 1)); fi
# a text file named .zip (libarchive would take it for an mtree listing): no package, exit 66
n=$((n + 1))
printf 'hello\nworld\n' > "$WORK/text.zip"
"$MTKFW" info "$WORK/text.zip" >/dev/null 2>"$WORK/err"; rc=$?
if [ $rc = 66 ] && grep -q "is not a package mtkfw can read" "$WORK/err"; then echo "ok   text-file"; else echo "FAIL text-file: $rc $(cat "$WORK/err")"; fail=$((fail + 1)); fi
"$MTKFW" check "$WORK/nonexistent" >/dev/null 2>"$WORK/err"; rc=$?
if [ $rc = 66 ] && grep -q "No such file" "$WORK/err"; then echo "ok   missing-path"; else echo "FAIL missing-path: $rc"; fail=$((fail + 1)); fi
n=$((n + 2))

echo "$((n - fail))/$n malformed cases behave"
[ $fail = 0 ]
