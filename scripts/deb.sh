#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The .deb from a build: scripts/deb.sh [BUILD_DIR] makes BUILD_DIR/mtkfw_<version>_<arch>.deb
# (CPack; its Depends found by dpkg-shlibdeps). With --install-check it then installs it with
# apt as a user would (pulling its dependencies), runs the installed programs, builds
# tests/install/consumer.c against it through pkg-config, flashes a virtual phone of the installed
# mtkfw-emu with it, and removes the package again.
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
[ "${1:-}" = "--install-check" ] && { check=1; shift; }
dir=${1:-build}
(cd "$dir" && cpack -G DEB >/dev/null)
deb=$(ls "$PWD/$dir"/mtkfw_*.deb | tail -1)
echo "$deb"
[ $check = 1 ] || exit 0
fail() { echo "deb: $*" >&2; exit 1; }
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$deb" >/dev/null || fail "apt install $deb failed"
trap 'DEBIAN_FRONTEND=noninteractive $SUDO apt-get remove -y -qq mtkfw >/dev/null' EXIT
grep -q '^mtkfw [0-9]' <<<"$(/usr/bin/mtkfw --version 2>&1)" || fail "the installed /usr/bin/mtkfw does not run"
/usr/bin/mtkfw-emu -h >/dev/null 2>&1 || fail "the installed /usr/bin/mtkfw-emu does not run"
[ -f /usr/lib/udev/rules.d/60-mtkfw.rules ] || fail "the udev rule is not installed"
[ -f /usr/share/man/man1/mtkfw-flash.1 ] || fail "the man pages are not installed"
tmp=$(mktemp -d)
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror $(pkg-config --cflags mtkfw) tests/install/consumer.c -o "$tmp/consumer" \
	$(pkg-config --libs mtkfw) || fail "the consumer does not build against the installed package"
# the installed programs make a package and a virtual phone for the consumer to flash
export MTKFW_STORE=$tmp/store
/usr/bin/mtkfw demo-package "$tmp/pkg" --compact >/dev/null || fail "the installed mtkfw makes no demo package"
/usr/bin/mtkfw-emu --make-da "$tmp/da.bin" >/dev/null || fail "the installed mtkfw-emu makes no DA"
/usr/bin/mtkfw-emu provision --package "$tmp/pkg" --user "$tmp/phone.img" --user-size 0x19000000 --seed 5 >/dev/null ||
	fail "the installed mtkfw-emu provisions no phone"
/usr/bin/mtkfw-emu --user "$tmp/phone.img" --link "$tmp/tty" --da "$tmp/da.bin" >"$tmp/emu.log" 2>&1 &
emu=$!
trap 'kill $emu 2>/dev/null || true; rm -rf "$tmp"; DEBIAN_FRONTEND=noninteractive $SUDO apt-get remove -y -qq mtkfw >/dev/null' EXIT
for _ in $(seq 100); do [ -e "$tmp/tty" ] && break; sleep 0.05; done
out=$("$tmp/consumer" "$tmp/pkg" "$tmp/tty" "$tmp/da.bin" 2>"$tmp/events") ||
	fail "the consumer failed against the package: $out $(tail -3 "$tmp/events")"
echo "deb: $(basename "$deb") installed with apt, its programs run, a pkg-config consumer says: $out"
