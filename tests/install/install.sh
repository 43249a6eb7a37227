#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# cmake --install into a scratch prefix, then build tests/install/consumer.c against the
# installed libmtkfw with pkg-config alone (shared library, then static) and run it; check
# that the man pages, the completion, the udev rule and the docs are where packagers expect.
# usage: install.sh BUILD_DIR SHARED_DIR CC [EXTRA_CFLAGS...]
set -euo pipefail
build=$1 shared=$2 cc=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "install: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$tmp/usr" >"$tmp/install.log" || { cat "$tmp/install.log"; fail "cmake --install failed"; }
p=$tmp/usr
for f in bin/mtkfw bin/mtkfw-emu include/mtkfw/mtkfw.h share/man/man1/mtkfw.1 share/man/man1/mtkfw-flash.1 \
	share/man/man1/mtkfw-emu.1 share/bash-completion/completions/mtkfw share/zsh/vendor-completions/_mtkfw \
	lib/udev/rules.d/60-mtkfw.rules share/doc/mtkfw/identity.md; do
	[ -e "$p/$f" ] || fail "$f was not installed"
done
# (no 'cmd | grep -q' under pipefail: grep leaving early makes cmd's SIGPIPE a failure)
grep -q '^mtkfw [0-9]' <<<"$("$p/bin/mtkfw" --version 2>&1)" || fail "the installed mtkfw does not run: $("$p/bin/mtkfw" --version 2>&1)"
"$p/bin/mtkfw-emu" -h >/dev/null 2>&1 || fail "the installed mtkfw-emu does not run"
libdir=$(cd "$(dirname "$(find "$p" -name mtkfw.pc | head -1)")/.." && pwd)
[ -f "$libdir/pkgconfig/mtkfw.pc" ] || fail "no mtkfw.pc"
soname=$(objdump -p "$libdir"/libmtkfw.so | awk '/SONAME/ {print $2}')
[ "$soname" = libmtkfw.so.0 ] || fail "soname is '$soname', expected libmtkfw.so.0"
python3 "$here/../../scripts/exports.py" check "$p/include" "$libdir/libmtkfw.so" >"$tmp/exports" ||
	fail "the installed library's exports differ from its headers: $(head -5 "$tmp/exports")"

export PKG_CONFIG_PATH=$libdir/pkgconfig
pc() { pkg-config "$@" mtkfw; }
# the installed programs make a package and a virtual phone for the consumer to flash
export MTKFW_STORE=$tmp/store
"$p/bin/mtkfw" demo-package "$tmp/pkg" --compact >/dev/null || fail "the installed mtkfw makes no demo package"
"$p/bin/mtkfw-emu" --make-da "$tmp/da.bin" >/dev/null || fail "the installed mtkfw-emu makes no DA"
"$p/bin/mtkfw-emu" provision --package "$tmp/pkg" --user "$tmp/phone.img" --user-size 0x19000000 --seed 3 >/dev/null ||
	fail "the installed mtkfw-emu provisions no phone"
emu() { # the virtual phone on $tmp/tty, in the background
	"$p/bin/mtkfw-emu" --user "$tmp/phone.img" --link "$tmp/tty" --da "$tmp/da.bin" >"$tmp/emu.log" 2>&1 &
	emu_pid=$!
	for _ in $(seq 100); do [ -e "$tmp/tty" ] && return; sleep 0.05; done
	fail "the virtual phone did not start: $(cat "$tmp/emu.log")"
}
trap 'kill $emu_pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
# shellcheck disable=SC2046
"$cc" -std=c11 -Wall -Werror "$@" $(pc --cflags) "$here/consumer.c" -o "$tmp/consumer" \
	$(pc --libs) || fail "the consumer does not build against the installed library"
emu
out=$(LD_LIBRARY_PATH=$libdir "$tmp/consumer" "$tmp/pkg" "$tmp/tty" "$tmp/da.bin" 2>"$tmp/events") ||
	fail "the consumer failed: $out $(tail -3 "$tmp/events")"
kill $emu_pid; wait $emu_pid 2>/dev/null
grep -Eq '^libmtkfw [0-9.]+: flashed [1-9][0-9]* bytes .*verified; identity checked against a backup; 1 result$' <<<"$out" ||
	fail "unexpected output: $out"
grep -q '"event": "end", "job": "flash", "state": "ok"' "$tmp/events" || fail "no flash job ended ok in the events"
ls "$MTKFW_STORE"/*/*-identity >/dev/null 2>&1 || fail "no identity backup was taken before the flash"
grep -q "libmtkfw.so.0 => $libdir" <<<"$(LD_LIBRARY_PATH=$libdir ldd "$tmp/consumer")" || fail "the consumer is not linked to the installed libmtkfw.so"
# static: libmtkfw.a with its own private libraries from mtkfw.pc (those of libarchive and
# the other dependencies stay shared: Debian ships no static libacl, liblz4...)
private=$(pc --libs --static | tr ' ' '\n' | grep -E -- '^-l(sparse|ext2fs|com_err|lz4|png16|png)$|^-L.*android|^-Wl,-rpath' | tr '\n' ' ')
# shellcheck disable=SC2046,SC2086
"$cc" -std=c11 -Wall -Werror "$@" $(pc --cflags) "$here/consumer.c" -o "$tmp/consumer-static" \
	"$libdir/libmtkfw.a" $(pc --libs | sed "s/-lmtkfw//") $private || fail "the consumer does not build against the static library"
emu
out2=$("$tmp/consumer-static" "$tmp/pkg" "$tmp/tty" "$tmp/da.bin" 2>"$tmp/events2") ||
	fail "the static consumer failed: $out2 $(tail -3 "$tmp/events2")"
kill $emu_pid; wait $emu_pid 2>/dev/null
grep -q '"event": "end", "job": "flash", "state": "ok"' "$tmp/events2" || fail "the static consumer's flash did not end ok"
grep -qF -- '\-\-write\-identity' "$p/share/man/man1/mtkfw-flash.1" || fail "mtkfw-flash.1 lacks --write-identity"
bash -c "source '$p/share/bash-completion/completions/mtkfw'; COMP_WORDS=(mtkfw flash --wri); COMP_CWORD=2; _mtkfw; [ \"\${COMPREPLY[*]}\" = --write-identity ]" ||
	fail "bash completion does not complete 'mtkfw flash --wri'"
echo "install: $out (shared and static, via pkg-config); man pages, completion, udev rule, docs installed"
