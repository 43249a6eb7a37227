#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The slot watcher's udev path (lib/link/slots.c) without a USB device: in a mount and network
# namespace of its own (unshare -mn, as root), a fake /sys/bus/usb tree, /run/udev/control (udevd
# "runs"), and udev events sent on that namespace's netlink as udevd sends them (libudev's
# monitor header), so no listener outside hears them. A wait must sleep through a device no
# event announces and another maker's event, and return on a MediaTek phone's.
# Skipped (exit 77) where the namespaces cannot be made. Usage: slots_udev.sh SLOTS_PROBE
set -u
PROBE=$(realpath "$1")
if [ "${MTKFW_SLOTS_NS:-}" != 1 ]; then
	unshare -mn true 2>/dev/null || { echo "skipped: unshare -mn is not permitted here (root)"; exit 77; }
	MTKFW_SLOTS_NS=1 exec unshare -mn bash "$0" "$@"
fi
W=$(mktemp -d "${TMPDIR:-/tmp}/mtkfw-udev-XXXXXX")
trap 'kill $PID 2>/dev/null; rm -rf "$W"' EXIT
PID=
fail=0 n=0
ok() { n=$((n + 1)); echo "ok   $1"; }
bad() { n=$((n + 1)); fail=$((fail + 1)); echo "FAIL $1"; cat "$W/out" "$W/err" 2>/dev/null; }
mount -t tmpfs none /sys/bus && mkdir -p /run/udev && mount -t tmpfs none /run/udev &&
	: >/run/udev/control || { echo "skipped: no private /sys/bus or /run/udev"; exit 77; }
D=/sys/bus/usb/devices
usb() { # place vid pid tty: a USB device with its tty
	mkdir -p "$D/$1" "$D/$1:1.1/tty/$4"
	echo "$2" >"$D/$1/idVendor" && echo "$3" >"$D/$1/idProduct"
}
event() { # place PRODUCT: an "add" of a usb_device, as udevd multicasts it
	python3 - "$1" "$2" <<'PY'
import socket, struct, sys
def murmur2(d):  # libudev's string_hash32: MurmurHash2, seed 0
    m, h, i = 0x5bd1e995, len(d), 0
    while len(d) - i >= 4:
        k = (int.from_bytes(d[i:i + 4], 'little') * m) & 0xffffffff
        k = ((k ^ (k >> 24)) * m) & 0xffffffff
        h = ((h * m) & 0xffffffff) ^ k
        i += 4
    r = len(d) - i
    if r == 3: h ^= d[i + 2] << 16
    if r >= 2: h ^= d[i + 1] << 8
    if r >= 1: h = ((h ^ d[i]) * m) & 0xffffffff
    h = ((h ^ (h >> 13)) * m) & 0xffffffff
    return h ^ (h >> 15)
place, product = sys.argv[1], sys.argv[2]
props = [('ACTION', 'add'), ('DEVPATH', '/devices/pci0000:00/usb1/' + place), ('SUBSYSTEM', 'usb'),
         ('DEVTYPE', 'usb_device'), ('PRODUCT', product), ('SEQNUM', '1')]
body = b''.join(k.encode() + b'=' + v.encode() + b'\0' for k, v in props)
head = b'libudev\0' + struct.pack('>I', 0xfeedcafe) + struct.pack('=III', 40, 40, len(body))
head += struct.pack('>II', murmur2(b'usb'), murmur2(b'usb_device')) + struct.pack('=II', 0, 0)
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 15)  # NETLINK_KOBJECT_UEVENT
s.bind((0, 0))
s.sendto(head + body, (0, 2))  # udev's multicast group
PY
}
lines() { wc -l <"$W/out"; }

usb 1-2.1 0e8d 0003 ttyACM0
"$PROBE" auto 8000 2 >"$W/out" 2>"$W/err" &
PID=$!
for _ in $(seq 100); do [ "$(lines)" -ge 1 ] && break; sleep 0.05; done
grep -q '^wait 0: .* 1-2.1(/dev/ttyACM0,brom)$' "$W/out" && ok "the first wait lists the phone at once" ||
	bad "first wait"
usb 1-2.4 0e8d 2000 ttyACM1
sleep 1
event 1-2.9 18d1/4ee7/100
sleep 1
[ "$(lines)" = 1 ] && ok "a device no event announces, and another maker's event, leave the wait asleep" ||
	bad "the wait returned without a MediaTek event"
event 1-2.4 e8d/2000/100
wait $PID
PID=
if grep -q '^wait 1: [0-9]* ms: 1-2.1(/dev/ttyACM0,brom) 1-2.4(/dev/ttyACM1,preloader)$' "$W/out" &&
	[ "$(sed -n 's/^wait 1: \([0-9]*\) ms.*/\1/p' "$W/out")" -lt 8000 ]; then
	ok "a MediaTek phone's event ends the wait, before its timeout, with the new slot"
else
	bad "the MediaTek event"
fi
echo "slots udev: $((n - fail)) passed, $fail failed"
[ $fail = 0 ]
