#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Install the Debian packages mtkfw needs to build, test and run its demo.
# Idempotent: does nothing when everything is already there.
set -euo pipefail
PACKAGES=(
	build-essential cmake pkg-config clang libclang-rt-dev   # compilers, sanitizer runtimes
	libarchive-dev zlib1g-dev libjson-c-dev libssl-dev       # library dependencies
	libusb-1.0-0-dev android-libsparse-dev libext2fs-dev     # USB transport, sparse image writer, ext4 maps
	libudev-dev                                              # slots: phones plugged in and out (station)
	libmicrohttpd-dev curl                                   # mtkfw gui: the window's HTTP server; its tests
	chromium                                                 # mtkfw gui: its tests in a real browser
	liblz4-dev libpng-dev                                    # LZ4 kernels (board), logo images as PNG
	libcmocka-dev                                            # unit tests
	e2fsprogs android-sdk-libsparse-utils dosfstools mtools # filesystems: mke2fs -d, img2simg, mkfs.vfat, mcopy
	zip tar xz-utils libarchive-tools jq                     # test fixtures, bench (bsdtar), JSON in tests
	python3-serial python3-usb python3-pycryptodome python3-colorama # mtkclient, the peer host (tests)
)
missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm drive the browser tests (tests/browser): Debian's, unless the machine has its own
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
if [ ${#missing[@]} -gt 0 ]; then
	echo "mtkfw: installing ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# the browser tests' packages (playwright-core, axe-core), pinned by tests/browser/package-lock.json;
# playwright-core drives Debian's chromium and never downloads a browser
browser=$(cd "$(dirname "$0")/../tests/browser" && pwd)
if [ ! -d "$browser/node_modules/playwright-core" ] || [ ! -d "$browser/node_modules/axe-core" ] ||
	[ "$browser/package-lock.json" -nt "$browser/node_modules/.package-lock.json" ]; then
	echo "mtkfw: npm ci in tests/browser" >&2
	(cd "$browser" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
