#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# End to end: mtkfw-emu against a host mtkfw did not write, mtkclient
# (../shared/peers, run by its mtkclient.sh in serial mode). It waits only
# ~20 ms for each handshake echo, so the virtual phone must answer at once
# when the port opens; it reads and writes through the same legacy DA
# commands. Preloader mode (DRAM up): mtkclient's BROM-mode EMI step stops on
# real MT6572 phones too (mtkclient#318), and mtkclient does not reopen the
# port when a preloader drops the first GET_HW_CODE (docs/protocol.md 1), so
# that quirk is off here.
set -u
BIN=$1
SHARED=$2
. "$(dirname "$0")/lib.sh"
PEER=$SHARED/peers/mtkclient.sh
[ -x "$PEER" ] || { echo "FAIL no $PEER: ../shared/peers is needed beside the checkout"; exit 1; }
/usr/bin/python3 -c 'import serial, usb, Cryptodome, colorama' 2>/dev/null ||
	{ echo "FAIL mtkclient's Debian packages are missing: scripts/setup.sh installs them"; exit 1; }

"$MTKFW" demo-package "$W/pkg" >/dev/null || exit 1
"$EMU" --make-da "$DA" >/dev/null || exit 1 # $DA's name holds "mt6590", as mtkclient wants
check "provision" 0 "$EMU" provision --package "$W/pkg" --user "$W/user.img" --user-size 0x72000000 --seed 31
# mtkclient only takes ports pyserial would list: a /dev/ttyACM* name (a symlink to the pty)
ACM=/dev/ttyACM$((200 + $$ % 50))
trap 'rm -f "$ACM"; cleanup' EXIT
peer_emu() { # the virtual phone on $PORT, with $ACM pointing at it
	start_emu --mode preloader --no-hwcode-quirk "$@"
	ln -sfn "$PORT" "$ACM"
}
# mtkclient COMMAND ARGS..., run in the work folder (it writes its state files there)
printf '#!/bin/sh\ncd "%s" && exec "%s" "%s" "$@" --loader "%s"\n' "$W" "$PEER" "$ACM" "$DA" >"$W/peer"
chmod +x "$W/peer"
# mtkclient waits ~20 ms per read on a serial port: on a loaded machine (a sanitizer build of the
# virtual phone next to other tests) one such wait may run out. A failed command runs once more,
# and says so; two failures fail.
peer_check() { # name, mtkclient command...
	local name=$1 first=""
	shift
	for attempt in 1 2; do
		if timeout 60 "$W/peer" "$@" >"$W/out" 2>"$W/err"; then
			ok "$name${first:+ (second attempt; the first: $first)}"
			return
		fi
		first=$(grep -hiE "error|fail|timeout" "$W/out" "$W/err" | tail -1 | cut -c1-120)
	done
	bad "$name: $first"
	tail -5 "$W/out"
}

# --- the handshake of an impatient host, several times over
peer_emu
for i in 1 2 3; do
	peer_check "mtkclient printgpt, run $i (20 ms per handshake echo)" printgpt
done
has "mtkclient names the system partition from its ext4 superblock" "system:"
grep -q "Offset 0x0000000000900000, Length 0x0000000000a00000" "$W/out" &&
	ok "mtkclient sees PROTECT_F where the MBR puts it" || bad "PROTECT_F not listed at user+0x900000"

# --- a read and a write through mtkclient, checked on the virtual eMMC
peer_check "mtkclient ro NVRAM's range" ro 0x400000 0x500000 "$W/nv.bin"
dd if="$W/user.img" iflag=skip_bytes,count_bytes skip=$((0x400000)) count=$((0x500000)) 2>/dev/null >"$W/nv.img"
same "what mtkclient read is the eMMC's NVRAM" "$W/nv.bin" "$W/nv.img"
head -c $((1 << 20)) /dev/urandom >"$W/blob"
peer_check "mtkclient wo into CACHE" wo $((0x2c140000)) $((1 << 20)) "$W/blob"
stop_emu
dd if="$W/user.img" iflag=skip_bytes,count_bytes skip=$((0x2c140000)) count=$((1 << 20)) 2>/dev/null >"$W/cache.img"
same "what mtkclient wrote is on the eMMC" "$W/blob" "$W/cache.img"

# --- variants a preloader-mode phone may show, as mtkclient meets them
peer_emu --variant pmt-96 --variant cid-raw --variant nand-ids-1 --variant da2-host-first \
	--variant wdt-status-0 --variant d8-silent --variant da-sum-0
peer_check "mtkclient printgpt against several variants at once" printgpt
peer_check "mtkclient reset" reset
stop_emu

finish peer
