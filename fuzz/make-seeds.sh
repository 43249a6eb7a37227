#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Regenerate the committed seed corpus (fuzz/corpus/<target>/) from the
# synthetic demo package. Seeds are small: heads of images, tiny packages.
# Usage: fuzz/make-seeds.sh path/to/mtkfw
set -eu
MTKFW=$1
HERE=$(cd "$(dirname "$0")" && pwd)
C=$HERE/corpus
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
"$MTKFW" demo-package "$W/d" >/dev/null
D=$W/d
mkdir -p "$C"/{scatter,checksum_ini,preloader,emmcboot,boot,sparse,logo,tables,image,package}

cp "$D/MT6572_Android_scatter.txt" "$C/scatter/demo_v11.txt"
sed 's/$/\r/' "$D/MT6572_Android_scatter.txt" | head -60 > "$C/scatter/demo_crlf_head.txt"
printf 'PRELOADER 0x0\n{\n}\n__NODL_NVRAM 0xa08000\n{\n}\nANDROID 0x26e8000 {}\n__NODL_BMTPOOL 0xFFFF00a8\n{\n}\n' > "$C/scatter/legacy.txt"
printf 'PRELOADER 0x0\nMBR 0xc00000\nEBR1 0xc80000\n' > "$C/scatter/ota.txt"
cp "$D/Checksum.ini" "$C/checksum_ini/demo.ini"
printf '[CheckSum]\nPRELOADER=0x1234\nUBOOT=0xabcd ; c\n' > "$C/checksum_ini/old.ini"
tail -c +21 "$D/preloader_mtkfw_demo.bin" > "$C/preloader/demo_after_prefix.bin"
# emmcboot target: bytes after its 16-byte prefix, up to the GFH at 0x800.
{ printf '\x00\x02\x00\x00'; head -c $((0x200 - 20)) /dev/zero; printf 'BRLYT\0\0\0\x01\0\0\0\x00\x08\x00\x00'; head -c $((0x800 - 0x210)) /dev/zero; cat "$D/preloader_mtkfw_demo.bin"; } > "$C/emmcboot/dump.bin"
tail -c +9 "$D/boot.img" | head -c 8192 > "$C/boot/head.bin"
tail -c +13 "$D/cache.img" | head -c 32768 > "$C/sparse/cache_head.bin"
tail -c +513 "$D/logo.bin" | head -c 40000 > "$C/logo/demo.bin"
cp "$D/MBR" "$C/tables/mbr.bin"
cp "$D/EBR1" "$C/tables/ebr1.bin"
head -c 4096 "$D/lk.bin" > "$C/image/lk_head.bin"
head -c 2048 "$D/secro.img" > "$C/image/secro_head.bin"
head -c 2112 /dev/zero > "$C/image/zeros.bin"
mkdir -p "$W/mini/fw"
for f in MT6572_Android_scatter.txt preloader_mtkfw_demo.bin MBR EBR1 logo.bin Checksum.ini; do cp "$D/$f" "$W/mini/fw/"; done
(cd "$W/mini" && zip -q -r "$C/package/mini.zip" fw && tar -czf "$C/package/mini.tar.gz" fw && 7z a -bd -bso0 "$C/package/mini.7z" fw >/dev/null)
# an MTK Droid Tools-style backup: phone.info, the boot1 dump as preloader_and_dsp, a padded lk
mkdir -p "$W/droid/bk"
sed 's/project: .*/project: MTDTtest/' "$D/MT6572_Android_scatter.txt" >"$W/droid/bk/MT6572_Android_scatter.txt"
printf 'Hardware : MT6572\nModel : DEMO_1\nAndroid  v : 4.4.2\nLCD Driver IC : 1-demo_wvga_dsi_vdo\n' >"$W/droid/bk/phone.info"
{ printf 'EMMC_BOOT\0\0\0\x01\0\0\0'; cat "$C/emmcboot/dump.bin"; } >"$W/droid/bk/preloader_and_dsp"
{ cat "$D/lk.bin"; head -c 5000 /dev/zero; } >"$W/droid/bk/lk.bin"
(cd "$W/droid" && zip -q -r "$C/package/droid.zip" bk)
# board profiles: names for the scanner (first byte even), a small boot image (odd)
mkdir -p "$C/board"
printf '\x08\0st7701_wvga_dsi_vdo\0gc2355_mipi_raw\0gt9xx\0mc3410\0Linux version 3.4.67 (a@b) #1\n' >"$C/board/names.bin"
python3 "$HERE/bootseed.py" >"$C/board/boot.bin"
python3 "$HERE/bootseed.py" lz4 >"$C/board/boot_lz4.bin"
# device stack: sessions recorded against the in-process virtual phone in each variant (both
# directions, one seed per protocol step), the PMT and layout seeds, and the synthetic DA
# file (whole, and its index only). Inputs named crash-* stay: they are fixed findings.
BIN=$(dirname "$MTKFW")
mkdir -p "$C"/{da_file,emu,device,pmt,layout} "$W"/rec/{emu,device,pmt,layout}
"$BIN/fuzz/seedgen" "$W/rec"
for t in emu device pmt layout; do
	find "$C/$t" -type f ! -name 'crash-*' -delete
	cp "$W/rec/$t"/*.bin "$C/$t/"
done
"$BIN/mtkfw-emu" --make-da "$C/da_file/synthetic_da.bin" >/dev/null
head -c 8192 "$C/da_file/synthetic_da.bin" > "$C/da_file/head.bin"
# filesystem maps: (first byte + 1) MiB partitions holding real ext4 and FAT heads
mkdir -p "$C/fsmap" "$W/root/d"
head -c 300000 /dev/urandom >"$W/root/d/f" && head -c 5000 /dev/urandom >"$W/root/s"
printf 'ro.product.model=seed\n' >"$W/root/build.prop" && ln -s ../build.prop "$W/root/d/link"
mke2fs -q -F -t ext4 -b 1024 -d "$W/root" "$W/e1k.img" 8M
mke2fs -q -F -t ext4 -b 4096 -d "$W/root" "$W/e4k.img" 16M
truncate -s 64M "$W/f16.img" && mkfs.vfat -F 16 "$W/f16.img" >/dev/null
truncate -s 40M "$W/f32.img" && mkfs.vfat -F 32 -s 1 "$W/f32.img" >/dev/null
{ printf '\x07'; head -c 300000 "$W/e1k.img"; } >"$C/fsmap/ext4_1k.bin"
{ printf '\x0f'; head -c 200000 "$W/e4k.img"; } >"$C/fsmap/ext4_4k.bin"
{ printf '\x3f'; head -c 140000 "$W/f16.img"; } >"$C/fsmap/fat16.bin"
{ printf '\x27'; head -c 700000 "$W/f32.img"; } >"$C/fsmap/fat32.bin"
# images to take apart: the board seed's boot image, the demo logo.bin, a small lk-style image;
# PNGs for the logo repack (first two bytes: format and size, fuzz_png.c)
mkdir -p "$C/imgpack" "$C/png"
python3 "$HERE/bootseed.py" | tail -c +2 >"$C/imgpack/boot.bin"
cp "$D/logo.bin" "$C/imgpack/logo.bin"
python3 - "$C" <<'PY'
import struct, sys, zlib
c = sys.argv[1]
hdr = (struct.pack('<II', 0x58881688, 100) + b'LK'.ljust(32, b'\0')).ljust(512, b'\xff')
open(c + '/imgpack/lk.bin', 'wb').write(hdr + bytes(range(100)) + b'\0' * 300)
def png(w, h, ct, rows):
    def chunk(t, d):
        return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
    ihdr = struct.pack('>IIBBBBB', w, h, 8, ct, 0, 0, 0)
    idat = zlib.compress(b''.join(b'\0' + r for r in rows))
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr) + chunk(b'IDAT', idat) + chunk(b'IEND', b'')
rgb = [b''.join(bytes([x * 30, y * 30, 128]) for x in range(8)) for y in range(8)]
open(c + '/png/rgb8x8.bin', 'wb').write(bytes([14, 7]) + png(8, 8, 2, rgb))
open(c + '/png/gray8x8.bin', 'wb').write(bytes([15, 7]) + png(8, 8, 0, [bytes(range(0, 240, 30))] * 8))
PY
# a small sparse image for the local-file index (imagefile), after the 12 bytes fuzz_imagefile.c
# puts in front; a boot image's manifest and ramdisk list as a user edits them (repack)
mkdir -p "$C/imagefile" "$C/repack"
python3 - "$C" <<'PY'
import struct, sys
blk, raw = 4096, bytes(range(256)) * 16
ch = struct.pack('<HHII', 0xCAC1, 0, 1, 12 + blk) + raw
ch += struct.pack('<HHII', 0xCAC2, 0, 2, 16) + struct.pack('<I', 0xDEADBEEF)
ch += struct.pack('<HHII', 0xCAC3, 0, 1, 12) + struct.pack('<HHII', 0xCAC4, 0, 0, 16) + bytes(4)
open(sys.argv[1] + '/imagefile/small.bin', 'wb').write(struct.pack('<IIII', blk, 4, 4, 0) + ch)
PY
"$MTKFW" image unpack "$D/recovery.img" -o "$W/rec" --ramdisk-tree >/dev/null
{ printf '\x00'; cat "$W/rec/mtkfw-image.txt"; } >"$C/repack/manifest.bin"
{ printf '\x01'; cat "$W/rec/ramdisk.list"; } >"$C/repack/list.bin"
# slots specs as a station is given them (fuzz_slots.c)
mkdir -p "$C/slots"
printf 'auto' >"$C/slots/auto.txt"
printf ' 1-2.1 , 1-2.4,1-2.3.4.5.6.7' >"$C/slots/places.txt"
printf '/tmp/phones/ttyACM[0-9]*,./COM?,/dev/tty[!S]*' >"$C/slots/globs.txt"
printf 'auto,/tmp/phones/*' >"$C/slots/mixed.txt"
printf 'auto,1-2.1,,/tmp/*/x,C:\\p\\COM*,/tmp/p/' >"$C/slots/refused.txt"
# what a request to mtkfw gui carries: Host, Origin, body (fuzz_gui.c)
mkdir -p "$C/gui"
printf '127.0.0.1:8080\nhttp://127.0.0.1:8080\n{"path": "/tmp/pkg", "mode": "download", "verify": true}' >"$C/gui/flash.txt"
printf 'localhost:8080\nhttp://evil.example\n{"path": "/tmp/../etc/passwd"}' >"$C/gui/escape.txt"
printf 'evil.example:8080\nnull\n{"path": 1, "x": [1, {"y": null}]}' >"$C/gui/types.txt"
printf '127.0.0.1:8080\n\n{"path": "/tmp/a"} trailing' >"$C/gui/trailing.txt"
printf '127.0.0.1:80800\nhttp://127.0.0.1:8080/\n[[[[[[[[[[[[["deep"]]]]]]]]]]]]]' >"$C/gui/deep.txt"
# corpus/manifest (backup manifests) and corpus/journal (an interrupted flash's journal) are
# committed as they came from tests/e2e runs; they are not regenerated here.
ls -R "$C" | head -50
du -sh "$C"

