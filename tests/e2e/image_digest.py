#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The SHA-256 of what a virtual eMMC image holds: its size and every 4 KiB block
that is not all zeros, with its offset. Only the file's data extents are read
(SEEK_DATA/SEEK_HOLE), so a mostly empty 2 GiB image takes milliseconds, and two
images that hold the same bytes give the same digest whether their zeros are
holes or written blocks.

Usage: image_digest.py FILE[@START:LEN]...   (one digest a line; @START:LEN: that range only)
"""
import hashlib
import os
import sys

BLOCK = 4096


def data_extents(fd, start, end):
    """The file's data extents inside [start, end), rounded out to whole blocks."""
    off = start
    while off < end:
        try:
            d = os.lseek(fd, off, os.SEEK_DATA)
        except OSError:  # no data past off
            return
        if d >= end:
            return
        h = os.lseek(fd, d, os.SEEK_HOLE)
        yield max(start, d - d % BLOCK), min(end, -(-h // BLOCK) * BLOCK)
        off = h


def digest(path, start=0, length=None):
    fd = os.open(path, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        end = size if length is None else min(size, start + length)
        h = hashlib.sha256((end - start).to_bytes(8, "little"))
        done = start
        for a, b in data_extents(fd, start, end):
            pos = max(a, done)
            while pos < b:
                buf = os.pread(fd, min(1 << 20, b - pos), pos)
                if not buf:
                    break
                for i in range(0, len(buf), BLOCK):
                    blk = buf[i : i + BLOCK]
                    if blk.count(0) != len(blk):
                        h.update((pos + i - start).to_bytes(8, "little"))
                        h.update(blk)
                pos += len(buf)
            done = max(done, pos)
        return h.hexdigest()
    finally:
        os.close(fd)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    for arg in sys.argv[1:]:
        path, _, rng = arg.partition("@")
        start, _, length = rng.partition(":")
        print(digest(path, int(start, 0), int(length, 0)) if rng else digest(path))
