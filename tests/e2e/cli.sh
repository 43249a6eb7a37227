#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# End-to-end: the real mtkfw binary on the scatter corpus and on demo packages.
set -u
MTKFW=$1
SHARED=$2
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mtkfw-e2e-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
fail=0 n=0

t() { # name, expected exit, command...
	local name=$1 want=$2
	shift 2
	n=$((n + 1))
	"$@" >"$WORK/out" 2>"$WORK/err"
	local rc=$?
	if [ "$rc" != "$want" ]; then
		echo "FAIL $name: exit $rc, want $want"; head -20 "$WORK/out" "$WORK/err"; fail=$((fail + 1)); return 1
	fi
	echo "ok   $name"
}
ok_() { n=$((n + 1)); echo "ok   $1"; }
bad_() { n=$((n + 1)); fail=$((fail + 1)); echo "FAIL $1"; }
has() { # name, fixed string expected in the last output
	n=$((n + 1))
	if grep -qF -- "$2" "$WORK/out" "$WORK/err"; then echo "ok   $1"; else
		echo "FAIL $1: output lacks: $2"; head -30 "$WORK/out"; fail=$((fail + 1)); fi
}

# --- scatter on every corpus file, text and JSON
for f in "$SHARED"/corpus/scatter/*.txt; do
	t "scatter $(basename "$f")" 0 "$MTKFW" scatter "$f"
	t "scatter --json $(basename "$f")" 0 "$MTKFW" scatter --json "$f"
	has "json has partitions: $(basename "$f")" '"partitions": ['
done
t "scatter json v1.1" 0 "$MTKFW" scatter --json "$SHARED/corpus/scatter/li127832919__MTK6572__mediatek_misc_MT6572_Android_scatter.txt"
has "numbers are integers" '"start": 12582912,'
has "NONE is null" '"file": null,'
has "format v1.1" '"format": "v1.1"'
t "scatter json legacy" 0 "$MTKFW" scatter --json "$SHARED/corpus/scatter/luckasfb__IQ441-kernel-3.4.5-bb__mediatek_misc_MT6577_Android_scatter_emmc.txt"
has "legacy format" '"format": "legacy"'
has "__NODL_ stripped" '"name": "PMT",'
has "size derived" '"size_derived": true'
t "scatter missing file" 66 "$MTKFW" scatter "$WORK/none.txt"

# --- demo package in every container
t "demo-package" 0 "$MTKFW" demo-package "$WORK/demo" --archive "$WORK/demo.zip"
t "check folder" 0 "$MTKFW" check "$WORK/demo"
has "verdict clean" "verdict: 0 errors, 0 warnings"
t "check via scatter path" 0 "$MTKFW" check "$WORK/demo/MT6572_Android_scatter.txt"
t "check zip" 0 "$MTKFW" check --json "$WORK/demo.zip"
has "json ok" '"ok": true'
has "json bytesum" '"bytesum": "0x'
has "json emi vendor" '"vendor": "Toshiba"'
for ext in 7z tar.gz tar.xz tar; do
	t "demo archive $ext" 0 "$MTKFW" demo-package "$WORK/d-$ext" --archive "$WORK/demo.$ext"
	t "check $ext" 0 "$MTKFW" check -q "$WORK/demo.$ext"
done
t "info zip" 0 "$MTKFW" info "$WORK/demo.zip"
has "info lists scatter" "mtkfw_demo/MT6572_Android_scatter.txt"
has "info shows identity kept" "(kept: phone identity)"
t "info json" 0 "$MTKFW" info --json "$WORK/demo.zip"
has "info json no image" '"image": null'

# --- board: what the package says about its board (docs/board.md)
t "board zip --json" 0 "$MTKFW" board --json "$WORK/demo.zip"
jq -e '.chip == "MT6572" and .project == "mtkfw_demo" and .preloader.board == "preloader_mtkfw_demo.bin"
	and (.preloader.emi | length) == 2 and .preloader.emi[0].vendor == "Toshiba"
	and .lcm == ["hx8379c_fwvga_dsi_vdo", "nt35512_wvga_dsi_cmd"]
	and .camera == ["gc2355_mipi_raw", "sp0a19_yuv"] and .touch == ["gt9xx"]
	and .sensors == ["akm09911", "mc3410", "stk3x1x"]
	and .display == {"width": 480, "height": 854}
	and .android == {"version": "4.4.2", "build": "MTKFW_DEMO_1", "brand": "mtkfw", "model": "mtkfw demo", "device": "mtkfw_demo", "type": "user", "fingerprint": "mtkfw/mtkfw_demo/mtkfw_demo:4.4.2/KOT49H/1:user/release-keys"}
	and (.kernel | startswith("3.4.67 (mtkfw@demo)")) and .identity_files == [] and .factory == []
	and .unread == [] and .sources.lcm != null and .sources.kernel != null
	and (.sources.android | test("boot.img: ramdisk default.prop; .*system.img: /build.prop$"))
	and (.partitions | map(.name) | index("NVRAM")) != null' "$WORK/out" >/dev/null \
	&& { n=$((n + 1)); echo "ok   board JSON holds the demo board"; } \
	|| { n=$((n + 1)); fail=$((fail + 1)); echo "FAIL board JSON"; cat "$WORK/out"; }
t "board text" 0 "$MTKFW" board "$WORK/demo"
has "board names the panel" "lcm       hx8379c_fwvga_dsi_vdo, nt35512_wvga_dsi_cmd"
t "board of the real MTK Droid Tools backup" 0 "$MTKFW" board --json "$SHARED/corpus/firmware/mobiwire_s10"
has "its lk names the panel its phone.info reports" '"st7701_wvga_dsi_vdo"'
has "no boot image there, and it says so" "the package has no boot image"
t "board without a package" 66 "$MTKFW" board "$WORK/none"

# --- image: take images apart and put them back (docs/images.md)
t "image info" 0 "$MTKFW" image info "$WORK/demo/boot.img"
has "boot image named" "Android boot image: kernel"
t "image unpack boot" 0 "$MTKFW" image unpack "$WORK/demo/boot.img" -o "$WORK/bootdir" --ramdisk-tree
has "the round trip is proven" "round trip: exact"
printf 'ro.adb.secure=0\n' >>"$WORK/bootdir/ramdisk.d/default.prop"
t "image repack boot" 0 "$MTKFW" image repack "$WORK/bootdir" -o "$WORK/boot-adb.img" --json
jq -e '.kind == "android-boot" and (.sha256 | length) == 64' "$WORK/out" >/dev/null && ok_ "repack JSON" || bad_ "repack JSON"
t "the edited image unpacks" 0 "$MTKFW" image unpack "$WORK/boot-adb.img" -o "$WORK/bootdir2" --ramdisk-tree --json
jq -e '.exact == true and .kind == "android-boot"' "$WORK/out" >/dev/null && ok_ "its round trip exact too" || bad_ "edited unpack JSON"
grep -q '^ro.adb.secure=0$' "$WORK/bootdir2/ramdisk.d/default.prop" && ok_ "the edit is in its ramdisk" || bad_ "edit lost"
t "image unpack into a folder that is not empty" 64 "$MTKFW" image unpack "$WORK/demo/boot.img" -o "$WORK/bootdir"
has "not empty said" "is not empty"
t "image unpack logo" 0 "$MTKFW" image unpack "$SHARED/corpus/firmware/mobiwire_s10/logo.bin" -o "$WORK/logodir"
has "the real logo round-trips" "round trip: exact"
[ -f "$WORK/logodir/000.png" ] && ok_ "logo images are PNGs" || bad_ "no 000.png"
t "image ls of a sparse system.img" 0 "$MTKFW" image ls "$WORK/demo/system.img"
has "build.prop listed" "build.prop"
t "image cat build.prop" 0 "$MTKFW" image cat "$WORK/demo/system.img" /build.prop
has "its text" "ro.product.model=mtkfw demo"
t "image cat of a missing file" 66 "$MTKFW" image cat "$WORK/demo/system.img" /nope
has "missing file named" "/nope: no such regular file"
t "image ls of no filesystem" 65 "$MTKFW" image ls "$WORK/demo/boot.img"
has "no filesystem said" "no ext2/3/4 filesystem"
t "image raw" 0 "$MTKFW" image raw "$WORK/demo/system.img" -o "$WORK/system.raw"
t "image sparse" 0 "$MTKFW" image sparse "$WORK/system.raw" -o "$WORK/system2.img"
t "image get from the re-sparsed image" 0 "$MTKFW" image get "$WORK/system2.img" build.prop -o "$WORK/bp.txt"
grep -q "ro.product.model=mtkfw demo" "$WORK/bp.txt" && ok_ "raw -> sparse -> file keeps it" || bad_ "bp.txt"
rm -f "$WORK/system.raw"

# --- checksum: verify, rewrite after a change, archives need -o
t "checksum verify" 0 "$MTKFW" checksum "$WORK/demo"
has "checksum ok" "ok"
printf 'x' | dd of="$WORK/demo/secro.img" bs=1 seek=8192 conv=notrunc status=none
t "check sees change" 65 "$MTKFW" check "$WORK/demo"
has "mismatch named" "checksum-mismatch [SEC_RO]"
t "checksum --write" 0 "$MTKFW" checksum --write "$WORK/demo"
t "check after rewrite" 0 "$MTKFW" check "$WORK/demo"
t "checksum archive needs -o" 64 "$MTKFW" checksum --write "$WORK/demo.zip"
has "archive refusal explained" "cannot be changed in place"
t "checksum archive -o" 0 "$MTKFW" checksum -o "$WORK/Checksum.ini" "$WORK/demo.zip"
has "written" "wrote $WORK/Checksum.ini"

# --- usage
t "help" 0 "$MTKFW" --help
for c in scatter info check board compat image checksum demo-package; do t "$c -h" 0 "$MTKFW" "$c" -h; done
t "unknown command" 64 "$MTKFW" frobnicate
t "help COMMAND" 0 "$MTKFW" help flash
cp "$WORK/out" "$WORK/help-flash"
t "COMMAND -h" 0 "$MTKFW" flash -h
n=$((n + 1))
if cmp -s "$WORK/out" "$WORK/help-flash"; then echo "ok   help flash = flash -h"; else
	echo "FAIL help flash differs from flash -h"; fail=$((fail + 1)); fi
t "help of no command" 64 "$MTKFW" help frobnicate
has "help of no command explained" "no command 'frobnicate'"
t "--version" 0 "$MTKFW" --version
n=$((n + 1))
if grep -Eq '^mtkfw [0-9]+\.[0-9]+\.[0-9]+( \(git [^ )]+\))?$' "$WORK/out"; then echo "ok   version line"; else
	echo "FAIL version line: $(cat "$WORK/out")"; fail=$((fail + 1)); fi
t "check without args" 64 "$MTKFW" check

echo "$((n - fail))/$n e2e checks pass"
[ $fail = 0 ]
