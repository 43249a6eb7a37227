#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# mtkfw doctor end to end: each dead phone the virtual phone plays (boot1 erased, another board's
# preloader whose EMI does not list the phone's eMMC, lk or boot damaged, identity zeroed with and
# without a backup of it, no port at all) gets its cause named; a folder of packages (the demo,
# another board, another EMI, another layout) is ranked with the phone's own first; --fix brings
# the phone back (its bytes compared with a healthy phone's, identity byte for byte), after which
# detect and a flash work.
set -uo pipefail
BIN=$1
source "$(dirname "$0")/lib.sh"

demo_setup
mkdir -p "$W/pkgs"
mv "$W/pkg" "$W/pkgs/demo"
PKG=$W/pkgs/demo
"$MTKFW" demo-package "$W/pkgs/other_board" "${DEMO[@]}" --project other_board >/dev/null || exit 1
"$MTKFW" demo-package "$W/pkgs/other_emi" "${DEMO[@]}" --emi-cid 150100384E3247374D >/dev/null || exit 1
"$MTKFW" demo-package "$W/pkgs/other_layout" "${DEMO[@]}" --shift 36 >/dev/null || exit 1
DEV=(--port "$PORT" --da "$DA" --wait 10) # no --preloader: the doctor finds the EMI
SCATTER=$PKG/MT6572_Android_scatter.txt
at() { "$MTKFW" scatter --json "$SCATTER" | jq -r --arg n "$1" '(.partitions[] | select(.name == "MBR") | .start) as $b | .partitions[] | select(.name == $n) | "\(.start - $b)"'; }
holds() { # name, partition, file: the phone's partition starts with the file's bytes
	cmp -s <(dd if="$W/user.img" iflag=skip_bytes,count_bytes skip="$(at "$2")" count="$(stat -c %s "$3")" status=none) "$3" &&
		ok "$1" || bad "$1: $2 differs from $(basename "$3")"
}
boot1() { head -c 1048576 "$1.boot1" | sha256sum | cut -c1-16; }
prov() { # image, package, extra provision arguments...: a factory-fresh phone (seed 1)
	"$EMU" provision --package "$2" --user "$1" --user-size $USER_SIZE --seed 1 "${@:3}" >/dev/null ||
		{ echo "provision $*: failed"; exit 1; }
}
prov "$W/healthy.img" "$PKG"
HEALTHY_BOOT1=$(boot1 "$W/healthy.img")
findings() { jq -c 'select(.event == "finding")' "$W/out"; }
finding_is() { # name, what, level, text: a finding of what at level whose evidence has text
	if [ "$(findings | jq -s --arg w "$2" --arg l "$3" --arg t "$4" 'any(.[]; .what == $w and .level == $l and (.evidence | contains($t)))')" = true ]; then
		ok "$1"
	else bad "$1: no $3 $2 finding with '$4': $(findings | jq -c '[.what, .level, .evidence[0:90]]' | tr '\n' ' ' | head -c 600)"; fi
}
planned() { jq -r 'select(.event == "plan" and .job == "doctor" and .index != null) | "\(.step) \(.target)"' "$W/out" | tr '\n' ';'; }
doctor() { check "$1" "$2" "$MTKFW" doctor --packages "$W/pkgs" "${DEV[@]}" --json "${@:3}"; }
fresh() { # damage...: a phone provisioned from the demo package (seed 1), damaged
	rm -f "$W/user.img"*
	prov "$W/user.img" "$PKG" ${1:+--damage "$1"}
	rm -rf "$MTKFW_STORE" # nothing remembered: the doctor must find the EMI itself
}

# --- no port at all: the host's side is examined
check "no phone: exit 69" 69 "$MTKFW" doctor --wait 1 --json
finding_is "no phone: said so" phone error "no MediaTek phone is on USB"
[ "$(findings | jq -s '[.[] | select(.what == "host")] | length')" -ge 2 ] && ok "no phone: the host examined (cdc_acm, udev rule...)" || bad "no phone: no host findings"
# what the kernel said (a file of /dev/kmsg records in its place): a preloader at USB 1-4 three
# times, 10 s apart, with no ttyACM port; a device at 1-2 that failed to enumerate; a MediaTek
# Bluetooth chip (0e8d:0608), which is no phone (the time filter: unit.kmsg)
us=$(awk '{printf "%.0f", $1 * 1000000}' /proc/uptime)
{
	echo "6,90,$((us - 50000000)),-;usb 1-9: New USB device found, idVendor=0e8d, idProduct=0608"
	for k in 40 30 20; do
		echo "6,1$k,$((us - k * 1000000)),-;usb 1-4: New USB device found, idVendor=0e8d, idProduct=2000, bcdDevice= 1.00"
		echo " SUBSYSTEM=usb"
		echo "6,2$k,$((us - k * 1000000 + 900000)),-;usb 1-4: USB disconnect, device number $k"
	done
	echo "3,300,$((us - 10000000)),-;usb 1-2: device descriptor read/64, error -71"
} >"$W/kmsg"
MTKFW_KMSG=$W/kmsg check "kernel messages: exit 69" 69 "$MTKFW" doctor --wait 1 --json
finding_is "kernel messages: the boot loop named" phone warning "appear 3 times at USB 1-4, each within 60 s of the last"
finding_is "kernel messages: no ttyACM for it" host error "(0e8d:2000, preloader mode) at USB 1-4 but gave it no ttyACM port"
finding_is "kernel messages: the failed enumeration" host warning "1 USB device failed to enumerate lately, the last at USB 1-2 (\"device descriptor read/64, error -71\")"
findings | grep -q '1-9\|0608' && bad "kernel messages: the Bluetooth chip was taken for a phone" || ok "kernel messages: the Bluetooth chip is no phone"
"$EMU" --user "$W/healthy.img" --link "$PORT" --da "$DA" --no-port >"$W/emu.log" 2>&1 & # plugged in,
EMU_PID=$!                                                                              # its USB dead
check "no phone at a port: exit 69" 69 "$MTKFW" doctor --port "$PORT" --wait 1 --json
finding_is "no phone at a port: said so" phone error "$PORT did not appear"
kill -0 "$EMU_PID" && ok "no phone at a port: the virtual phone is there, showing no port" || bad "no phone at a port: the emulator ended"
stop_emu

# --- a healthy phone: nothing wrong; the packages ranked, its own first
fresh
start_emu
doctor "healthy: exit 0" 0
finding_is "healthy: DRAM from the package that lists its eMMC" phone ok "which lists this eMMC"
finding_is "healthy: its preloader" preloader ok "preloader_mtkfw_demo.bin"
finding_is "healthy: lk" lk ok "UBOOT"
finding_is "healthy: identity" identity ok "hold data; PROTECT_F and PROTECT_S are ext4"
[ "$(findings | jq -s '[.[] | select(.what != "backup" and .level != "ok")] | length')" = 0 ] &&
	ok "healthy: no warning but the missing backup" || bad "healthy: $(findings | jq -c 'select(.level != "ok")' | head -c 400)"
ranks=$(jq -r 'select(.event == "rank") | "\(.rank) \(.package | split("/") | last) \(.verdict)"' "$W/out" | tr '\n' ';')
[[ "$ranks" == "1 demo ok;"* ]] && ok "healthy: its own package ranked first ($ranks)" || bad "healthy: ranks $ranks"
[ "$(jq -r 'select(.event == "rank" and (.package | endswith("other_emi"))) | .verdict' "$W/out")" = stop ] &&
	ok "healthy: the package of another EMI does not fit" || bad "healthy: other_emi: $(jq -c 'select(.event == "rank")' "$W/out")"
[ "$(jq -r 'select(.event == "rank" and (.package | endswith("other_board"))) | .reason' "$W/out")" != "" ] &&
	ok "healthy: another board's package says why" || bad "healthy: other_board has no reason"
[ -z "$(planned)" ] && ok "healthy: no plan" || bad "healthy: plan $(planned)"
finding_is "healthy: the link's read test" link ok "every read whole and the same"
stop_emu

# --- a link that damages what it carries: named, with the count (the fault fired)
start_emu --fault bad-read:0x10000 --fault-log "$W/faults"
doctor "bad link: exit 65" 65
finding_is "bad link: the read test's failures counted" link error "reads of a short read test failed"
grep -q "bad-read" "$W/faults" && ok "bad link: the fault fired" || bad "bad link: no fault fired"
stop_emu

# --- a link that loses the first handshakes: the attempts counted (the fault fired)
start_emu --fault refuse-handshake:3 --fault-log "$W/faults"
doctor "lost handshakes: a warning only, exit 0" 0
finding_is "lost handshakes: counted" link warning "3 handshake attempts went unanswered"
grep -q "refuse-handshake" "$W/faults" && ok "lost handshakes: the fault fired" || bad "lost handshakes: no fault fired"
stop_emu

# --- another program has the port open: named, with its pid
start_emu
sleep 300 <>"$PORT" &
HOLDER=$!
doctor "held port: exit 0" 0
finding_is "held port: the program and its pid named" host warning "open in another program: sleep (pid $HOLDER)"
kill "$HOLDER"
wait "$HOLDER" 2>/dev/null
# --- a port this user may not open: said, with its mode (run as nobody when root)
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	chmod 755 "$W"
	check "port not the user's: exit 69" 69 setpriv --reuid=65534 --regid=65534 --clear-groups \
		env MTKFW_STORE="$W/nobody-store" "$MTKFW" doctor --port "$PORT" --wait 1 --json
	finding_is "port not the user's: said, with its mode" host error "may not be opened by this user (Permission denied; mode 6"
	chmod 700 "$W"
fi
stop_emu

# dead phone cases: name, damage, finding what, its text, the plan, then --fix and what to compare
dead() {
	local name=$1 damage=$2 what=$3 text=$4 want=$5
	fresh "$damage"
	cp --sparse=always "$W/user.img" "$W/before.img"
	start_emu
	doctor "$name: exit 65" 65
	finding_is "$name: the cause named" "$what" error "$text"
	[ "$(planned)" = "$want" ] && ok "$name: the plan ($want)" || bad "$name: plan '$(planned)', want '$want'"
	same "$name: nothing written without --fix" "$W/user.img" "$W/before.img"
	doctor "$name: --fix, exit 0" 0 --fix
	[ "$(jq -r 'select(.event == "result" and .job == "doctor") | .fixed' "$W/out" | tail -1)" = true ] &&
		ok "$name: examined again, well" || bad "$name: $(jq -c 'select(.event == "result")' "$W/out" | tail -2)"
	stop_emu
}

dead "boot1 erased" boot1-erased preloader "boot1 is empty" "write PRELOADER;"
[ "$(boot1 "$W/user.img")" = "$HEALTHY_BOOT1" ] && ok "boot1 erased: boot1 is a healthy phone's again" || bad "boot1 erased: boot1 differs"
[ "$(image_identity "$W/user.img")" = "$(image_identity "$W/healthy.img")" ] && ok "boot1 erased: identity untouched" || bad "boot1 erased: identity changed"

dead "lk damaged" lk-damaged lk "UBOOT holds no mtk image" "write UBOOT;"
holds "lk damaged: lk is the package's" UBOOT "$PKG/lk.bin"

dead "boot damaged" boot-damaged boot "BOOTIMG holds no boot image" "write BOOTIMG;"
holds "boot damaged: boot is the package's" BOOTIMG "$PKG/boot.img"

start_emu
check "after the fixes: detect works" 0 "$MTKFW" detect "${DEV[@]}"
check "after the fixes: a flash works" 0 "$MTKFW" flash "$PKG" --verify "${DEV[@]}" -q
stop_emu

# lk damaged, the phone in a boot loop: its preloader's port shows for 1.5 s and goes, again and
# again; the doctor catches it in the window and names the loop; --fix writes lk, after which the
# phone boots on into Android (the virtual phone ends, its port gone for good)
fresh lk-damaged
start_emu --mode preloader --boot-window 1500
loops() { grep -c -- '^-- boot loop' "$W/trace"; }
for _ in $(seq 100); do [ "$(loops)" -ge 2 ] && break; sleep 0.1; done
[ "$(loops)" -ge 2 ] && ok "boot loop: the port came and went ($(loops) restarts)" || bad "boot loop: $(loops) restarts"
doctor "boot loop: --fix, exit 0" 0 --fix
finding_is "boot loop: named" phone error "a boot loop: the phone came up in its preloader and its lk is damaged"
[ "$(planned)" = "write UBOOT;" ] && ok "boot loop: the plan (write UBOOT)" || bad "boot loop: plan '$(planned)'"
for _ in $(seq 100); do kill -0 "$EMU_PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$EMU_PID" 2>/dev/null && bad "boot loop: the phone still loops after the fix" ||
	ok "boot loop: after the fix the phone boots into Android"
grep -q -- "-- reboot (the download window closed: lk and boot are whole" "$W/trace" &&
	ok "boot loop: it booted past the window" || bad "boot loop: $(grep -- '^--' "$W/trace" | tail -3)"
holds "boot loop: lk is the package's" UBOOT "$PKG/lk.bin"
[ "$(image_identity "$W/user.img")" = "$(image_identity "$W/healthy.img")" ] && ok "boot loop: identity untouched" || bad "boot loop: identity changed"
stop_emu

# another board's preloader in boot1, its EMI table without this eMMC (a 'universal' preloader)
prov "$W/foreign.img" "$W/pkgs/other_emi"
fresh
cp "$W/foreign.img.boot1" "$W/user.img.boot1"
cp --sparse=always "$W/user.img" "$W/before.img"
start_emu
doctor "foreign preloader: exit 65" 65
finding_is "foreign preloader: its EMI without this eMMC" preloader error "none for this eMMC"
[ "$(planned)" = "write PRELOADER;" ] && ok "foreign preloader: the plan writes the fitting one" || bad "foreign preloader: plan '$(planned)'"
doctor "foreign preloader: --fix" 0 --fix
[ "$(boot1 "$W/user.img")" = "$HEALTHY_BOOT1" ] && ok "foreign preloader: boot1 is the fitting one" || bad "foreign preloader: boot1 differs"
stop_emu

# identity zeroed: from this phone's own backup only
fresh
start_emu
check "identity: a backup of the phone while it was well" 0 "$MTKFW" backup "${DEV[@]}" --preloader "$PKG/preloader_mtkfw_demo.bin" -q
stop_emu
ID=$(image_identity "$W/user.img")
for r in 0x100000:0x300000 0x400000:0x500000 0x900000:0xa00000 0x1300000:0xa00000; do
	dd if=/dev/zero of="$W/user.img" iflag=count_bytes oflag=seek_bytes seek=$((${r%%:*})) count=$((${r##*:})) conv=notrunc status=none
done
start_emu
check "identity lost: exit 65" 65 "$MTKFW" doctor --packages "$W/pkgs" "${DEV[@]}" --json
finding_is "identity lost: said so, with the backup" identity error "identity already lost"
[ "$(planned)" = "restore identity;" ] && ok "identity lost: the plan restores this phone's backup" || bad "identity lost: plan '$(planned)'"
check "identity lost: --fix" 0 "$MTKFW" doctor --packages "$W/pkgs" "${DEV[@]}" --json --fix
cp "$W/out" "$W/idfix.out"
stop_emu
[ "$(image_identity "$W/user.img")" = "$ID" ] && ok "identity lost: every identity byte back" || bad "identity lost: identity differs"

# PROTECT_F's filesystem damaged (its first 4 KiB overwritten, the rest still there): named, and
# only it comes back from this phone's backup
fresh
start_emu
check "PROTECT_F damaged: a backup while well" 0 "$MTKFW" backup "${DEV[@]}" --preloader "$PKG/preloader_mtkfw_demo.bin" -q
stop_emu
ID=$(image_identity "$W/user.img")
printf 'not ext4 %.0s' $(seq 410) | dd of="$W/user.img" bs=1 seek=$((0x900000)) count=4096 conv=notrunc status=none
start_emu
check "PROTECT_F damaged: exit 65" 65 "$MTKFW" doctor --packages "$W/pkgs" "${DEV[@]}" --json
finding_is "PROTECT_F damaged: named" identity error "PROTECT_F holds data but no ext4 filesystem"
[ "$(planned)" = "restore identity;" ] && ok "PROTECT_F damaged: the plan restores it" || bad "PROTECT_F damaged: plan '$(planned)'"
check "PROTECT_F damaged: --fix" 0 "$MTKFW" doctor --packages "$W/pkgs" "${DEV[@]}" --json --fix
stop_emu
[ "$(image_identity "$W/user.img")" = "$ID" ] && ok "PROTECT_F damaged: every identity byte back" || bad "PROTECT_F damaged: identity differs"
# the same damage again: the newest backup now is the restore's own guard, which holds the damage;
# the doctor passes it by for the one that has PROTECT_F whole
printf 'not ext4 %.0s' $(seq 410) | dd of="$W/user.img" bs=1 seek=$((0x900000)) count=4096 conv=notrunc status=none
start_emu
check "PROTECT_F damaged again: --fix" 0 "$MTKFW" doctor --packages "$W/pkgs" "${DEV[@]}" --json --fix
stop_emu
[ "$(image_identity "$W/user.img")" = "$ID" ] && ok "PROTECT_F damaged again: back from the backup that holds it whole" || bad "PROTECT_F damaged again: identity differs"

# only packages of another board (another preloader name, its EMI fits): the phone's own
# preloader is not the doctor's to replace
mkdir -p "$W/others" && ln -s "$W/pkgs/other_board" "$W/others/other_board"
fresh
start_emu
check "another board's packages only: exit 65" 65 "$MTKFW" doctor --packages "$W/others" "${DEV[@]}" --json
finding_is "another board's packages only: none fits, said" package error "none of the 1 packages fits"
finding_is "another board's packages only: the phone's preloader kept, said why" preloader warning "which none of the packages has"
[ -z "$(planned)" ] && ok "another board's packages only: no write planned" || bad "another board's packages only: plan '$(planned)'"
stop_emu

# boot1 erased, and the only package's EMI does not list this eMMC: no preloader is written
mkdir -p "$W/wrong_emi" && ln -s "$W/pkgs/other_emi" "$W/wrong_emi/other_emi"
fresh boot1-erased
cp --sparse=always "$W/user.img" "$W/before.img"
start_emu
check "no fitting EMI: exit 65" 65 "$MTKFW" doctor --packages "$W/wrong_emi" --preloader "$PKG/preloader_mtkfw_demo.bin" "${DEV[@]}" --json --fix
[ -z "$(planned)" ] && ok "no fitting EMI: no preloader step" || bad "no fitting EMI: plan '$(planned)'"
finding_is "no fitting EMI: says why" package error "none of the 1 packages fits"
same "no fitting EMI: nothing written, even with --fix" "$W/user.img" "$W/before.img"
stop_emu

# only NVRAM lost: only NVRAM comes back; what the phone has now of the rest stays
fresh
start_emu
check "NVRAM lost: a backup while well" 0 "$MTKFW" backup "${DEV[@]}" --preloader "$PKG/preloader_mtkfw_demo.bin" -q
stop_emu
ID=$(image_identity "$W/user.img")
printf 'newer' | dd of="$W/user.img" bs=1 seek=$((0x100000 + 4096)) conv=notrunc status=none # PRO_INFO changed since
PRO_NOW=$(dd if="$W/user.img" iflag=skip_bytes,count_bytes skip=$((0x100000)) count=$((0x300000)) status=none | sha256sum)
dd if=/dev/zero of="$W/user.img" iflag=count_bytes oflag=seek_bytes seek=$((0x400000)) count=$((0x500000)) conv=notrunc status=none
start_emu
check "NVRAM lost: --fix" 0 "$MTKFW" doctor --packages "$W/pkgs" "${DEV[@]}" --json --fix
stop_emu
[ "$(jq -r 'select(.event == "result" and .job == "restore") | .only' "$W/out")" = NVRAM ] && ok "NVRAM lost: only NVRAM restored" || bad "NVRAM lost: restored $(jq -c 'select(.event == "result" and .job == "restore")' "$W/out")"
[ "$(dd if="$W/user.img" iflag=skip_bytes,count_bytes skip=$((0x400000)) count=$((0x500000)) status=none | sha256sum | cut -c1-16)" = "$(sed -n 2p <<<"$ID")" ] &&
	ok "NVRAM lost: NVRAM is the backup's" || bad "NVRAM lost: NVRAM differs"
[ "$(dd if="$W/user.img" iflag=skip_bytes,count_bytes skip=$((0x100000)) count=$((0x300000)) status=none | sha256sum)" = "$PRO_NOW" ] &&
	ok "NVRAM lost: PRO_INFO as the phone had it, not the older backup's" || bad "NVRAM lost: PRO_INFO was overwritten"

# identity zeroed and no backup of this phone: nothing is made up
fresh identity-zeroed
start_emu
doctor "identity lost, no backup: exit 65" 65
finding_is "identity lost, no backup: said so" identity error "no backup of"
[ -z "$(planned)" ] && ok "identity lost, no backup: no step makes one up" || bad "identity lost, no backup: plan '$(planned)'"
stop_emu

finish doctor
