#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The Windows build under wine (docs/windows.md): tests/e2e/wine.sh (the same output as the
# Linux build, device commands against the virtual phone through a wine COM port), every
# malformed-package case of tests/cases, the library's slots (tests/wine/slots_check.c), the
# station's end-to-end test (tests/e2e/station.sh: phones in a watched folder of ports) and the
# window's (tests/e2e/gui.sh, tests/e2e/gui_browser.sh).
# Needs build/ (scripts/test.sh) and build-windows/ (scripts/build-windows.sh).
# --install-only: install wine64 and stop.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! dpkg-query -W -f='${Status}' wine64 2>/dev/null | grep -q "install ok installed"; then
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO=sudo
	echo "mtkfw: installing wine64" >&2
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends wine64 >/dev/null
fi
[ "${1:-}" = "--install-only" ] && exit 0
EXE=$PWD/build-windows/mtkfw/mtkfw.exe
[ -f "$EXE" ] && [ -x build/mtkfw ] || { echo "build/ and build-windows/ first (scripts/test.sh, scripts/build-windows.sh)"; exit 1; }
bash tests/e2e/wine.sh build "$EXE" ../shared
# the station of the Windows build, over the same folder of virtual phones' ports as on Linux
bash tests/e2e/station.sh build "$EXE"
# the window (mtkfw.exe gui) under wine: its HTTP rules and jobs (curl), then in Chromium
# (scripts/setup.sh installs it and tests/browser's node_modules); paths there are Windows' own
bash tests/e2e/gui.sh build "$EXE"
bash tests/e2e/gui_browser.sh build "$EXE"
W=$(mktemp -d "${TMPDIR:-/tmp}/mtkfw-wine-XXXXXX")
export WINEPREFIX=$W/wine WINEDEBUG=-all
trap '/usr/lib/wine/wineserver -k >/dev/null 2>&1; rm -rf "$W"' EXIT
mkdir -p "$WINEPREFIX" && /usr/lib/wine/wineserver -p >/dev/null 2>&1 # one server for the run (tests/e2e/wine.sh)
/usr/lib/wine/wine64 wineboot -i >/dev/null 2>&1
printf '#!/bin/sh\nexec /usr/lib/wine/wine64 "%s" "$@"\n' "$EXE" >"$W/mtkfw.exe.sh"
chmod +x "$W/mtkfw.exe.sh"
BUILDER=$PWD/build/mtkfw bash tests/cases/malformed.sh "$W/mtkfw.exe.sh" tests/cases/malformed.cases
# the library's own Windows half: slots (tests/wine/slots_check.c), given a folder of unix
# symlinks as a station of virtual phones under wine sees it
mkdir -p "$W/links" && : >"$W/target"
ln -s "$W/target" "$W/links/link-ok" && ln -s "$W/none" "$W/links/link-dangling"
/usr/lib/wine/wine64 "$PWD/build-windows/mtkfw/tests/wine/slots_check.exe" "Z:${W//\//\\}\\links"
