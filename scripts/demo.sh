#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The demo: build mtkfw, make a synthetic MT6572 firmware package (ZIP) and
# check it, start a virtual phone (mtkfw-emu, factory-provisioned with its own
# IMEI-like identity) on a pseudo-terminal, then flash it the way a technician
# would: detect, identity backup, upgrade with verify, and a summary.
# --gui: then open the window (mtkfw gui) on the same virtual phone, until Ctrl-C.
set -euo pipefail
gui=false
[ "${1:-}" = --gui ] && gui=true
cd "$(dirname "$0")/.."
scripts/setup.sh
bin=$PWD/$(scripts/build.sh)
out=${MTKFW_DEMO_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/mtkfw-demo-XXXXXX")}
mkdir -p "$out"
export MTKFW_STORE=$out/backups # keep the demo's backups with the demo
port=$out/ttyACM0 da=$out/MTK_AllInOne_DA_synthetic.bin emu_pid=
trap '[ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null; wait 2>/dev/null' EXIT
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "1. a firmware package (synthetic, no vendor files) and its check"
rm -rf "$out/package" "$out/mtkfw_demo.zip"
"$bin/mtkfw" demo-package "$out/package" --archive "$out/mtkfw_demo.zip" >/dev/null
"$bin/mtkfw" check "$out/mtkfw_demo.zip" | tail -4

say "2. a virtual MT6572 (mtkfw-emu) in BROM mode, with a factory-made identity"
"$bin/mtkfw-emu" --make-da "$da" >/dev/null
rm -f "$out/phone.img"*
"$bin/mtkfw-emu" provision --package "$out/package" --user "$out/phone.img" --seed 42
"$bin/mtkfw-emu" --user "$out/phone.img" --link "$port" --da "$da" >"$out/emu.log" 2>&1 &
emu_pid=$!
dev=(--port "$port" --da "$da" --preloader "$out/package/preloader_mtkfw_demo.bin")

say "3. detect: chip, eMMC, RAM, partition table"
"$bin/mtkfw" detect "${dev[@]}"

say "4. flash in upgrade mode, verified (identity backed up first, checked after)"
start=$(date +%s%N)
"$bin/mtkfw" flash "$out/mtkfw_demo.zip" --mode upgrade --verify "${dev[@]}"
ms=$((($(date +%s%N) - start) / 1000000))

say "summary"
backup=$(ls -d "$MTKFW_STORE"/*/*-identity | tail -1)
echo "package       $out/mtkfw_demo.zip (check: 0 errors)"
echo "phone         virtual MT6572 on $port, eMMC image $out/phone.img"
echo "flash         upgrade mode, every written range read back and compared (SHA-256): ok in $((ms / 1000)).$((ms % 1000 / 100)) s"
echo "identity      NVRAM, PRO_INFO, PROTECT_F/S, SECCFG read back after the flash: SHA-256 equal to the backup"
echo "backup        $backup ($("$bin/mtkfw" verify "$backup" >/dev/null && echo intact))"
if $gui; then
	say "5. the window: the same phone and package in your browser (Ctrl-C ends it)"
	"$bin/mtkfw" gui "$out/mtkfw_demo.zip" --root "$out" "${dev[@]}" || true
	exit 0
fi
echo
echo "demo files are in $out; the virtual phone stops with this script. To go on with it:"
echo "  $bin/mtkfw-emu --user $out/phone.img --link $port --da $da &"
echo "  export MTKFW_STORE=$MTKFW_STORE"
echo "  $bin/mtkfw backup --full ${dev[*]}"
echo "  $bin/mtkfw flash $out/mtkfw_demo.zip --mode format-all --dry-run ${dev[*]}"
echo "  $bin/mtkfw gui $out/mtkfw_demo.zip --root $out ${dev[*]}   # the window"
