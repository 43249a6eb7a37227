#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# A small boot image seed for fuzz_board (first byte odd): an MTK-headed zImage stand-in whose
# gzip payload (with the argument lz4: an LZ4 legacy frame made by `lz4 -l`, Debian's lz4) holds a
# Linux banner and driver names, and a gzip newc cpio ramdisk.
import gzip, io, struct, subprocess, sys
def cpio(files):
    out = b''
    for i, (name, body) in enumerate(files + [('TRAILER!!!', b'')]):
        nb = name.encode() + b'\0'
        hdr = '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' % (
            i + 1, 0o100644 if name != 'TRAILER!!!' else 0, 0, 0, 1, 0, len(body), 0, 0, 0, 0, len(nb), 0)
        out += hdr.encode() + nb
        out += b'\0' * (-len(out) % 4) + body
        out += b'\0' * (-len(out) % 4)
    return out
image = b'\0' * 64 + b'Linux version 3.4.67 (seed@fuzz) (gcc 4.7) #1 SMP\n\0hx8379c_fwvga_dsi_vdo\0gc2355_mipi_raw\0gt9xx\0stk3x1x\0'
kernel = struct.pack('<I', 0x58881688) + struct.pack('<I', 0) + b'KERNEL'.ljust(32, b'\0')
if sys.argv[1:] == ['lz4']:
    payload = subprocess.run(['lz4', '-l', '-9', '-c'], input=image, stdout=subprocess.PIPE, check=True).stdout
    payload += struct.pack('<I', len(image))
else:
    payload = gzip.compress(image, 9, mtime=0)
zimg = b'\0' * 0x24 + struct.pack('<I', 0x016F2818) + b'\0' * 0x38 + payload
kernel = kernel.ljust(512, b'\xff')
kernel = kernel[:4] + struct.pack('<I', len(zimg)) + kernel[8:] + zimg
rd = gzip.compress(cpio([('default.prop', b'ro.build.version.release=4.4.2\nro.product.model=seed\n'), ('init.factory.rc', b'on init\n')]), 9, mtime=0)
page = 2048
hdr = bytearray(page)
hdr[0:8] = b'ANDROID!'
struct.pack_into('<IIII', hdr, 8, len(kernel), 0x10008000, len(rd), 0x11000000)
struct.pack_into('<I', hdr, 36, page)
def pad(b): return b + b'\0' * (-len(b) % page)
sys.stdout.buffer.write(b'\x07' + bytes(hdr) + pad(kernel) + pad(rd))
