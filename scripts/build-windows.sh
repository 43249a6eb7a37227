#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# mtkfw.exe for 64-bit Windows (docs/windows.md), cross-built on Debian with MinGW-w64.
# Dependencies come from Debian's own source packages (apt-get source, pinned by the
# release's versions), built once as static libraries into build-windows/deps and
# reused; zlib is Debian's mingw package. Prints the zip it made.
# Usage: scripts/build-windows.sh [--deps-only]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/build-windows
DEPS=$OUT/deps
SRC=$OUT/src
HOST=x86_64-w64-mingw32
export MTKFW_WIN_DEPS=$DEPS
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo

need=()
for p in gcc-mingw-w64-x86-64 libz-mingw-w64-dev cmake make pkg-config dpkg-dev xz-utils zip; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
	echo "mtkfw: installing ${need[*]}" >&2
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Debian's source packages, with deb-src enabled for these calls only.
fetch() { # source package names...
	mkdir -p "$SRC/apt/lists/partial"
	. /etc/os-release
	echo "deb-src http://deb.debian.org/debian ${VERSION_CODENAME:-bookworm} main" >"$SRC/apt/sources.list"
	local o=(-o "Dir::Etc::SourceList=$SRC/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
		-o "Dir::State::Lists=$SRC/apt/lists" -o APT::Sandbox::User=root)
	apt-get "${o[@]}" update -qq
	(cd "$SRC" && apt-get "${o[@]}" source -qq "$@" >/dev/null 2>&1)
}

cmake_dep() { # dir, cmake args...
	local dir=$1
	shift
	cmake -S "$dir" -B "$dir/_build" -DCMAKE_TOOLCHAIN_FILE="$ROOT/cmake/mingw-w64-x86_64.cmake" \
		-DCMAKE_INSTALL_PREFIX="$DEPS" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$DEPS" \
		-DBUILD_SHARED_LIBS=OFF "$@" >/dev/null
	cmake --build "$dir/_build" -j "$(nproc)" >/dev/null
	cmake --install "$dir/_build" >/dev/null
}

step() { # name, command...: once per dependency (a marker in deps/)
	local name=$1
	shift
	[ -f "$DEPS/.$name" ] && return 0
	echo "mtkfw: building $name for Windows" >&2
	"$@" && touch "$DEPS/.$name"
}
autotools_dep() { # dir, configure args...
	local dir=$1
	shift
	(cd "$dir" && ./configure -q --host=$HOST --prefix="$DEPS" --enable-static --disable-shared \
		"$@" >/dev/null && make -j "$(nproc)" >/dev/null && make install >/dev/null)
}
src() { ls -d "$SRC/$1"-*/ | head -1; }
# libarchive builds its DLL too unless told which target: only the static library, installed by hand
static_archive() { # dir, cmake args...
	local dir=$1
	shift
	cmake -S "$dir" -B "$dir/_build" -DCMAKE_TOOLCHAIN_FILE="$ROOT/cmake/mingw-w64-x86_64.cmake" \
		-DCMAKE_INSTALL_PREFIX="$DEPS" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
	cmake --build "$dir/_build" -j "$(nproc)" --target archive_static >/dev/null
	mkdir -p "$DEPS/include" "$DEPS/lib"
	cp "$dir/libarchive/archive.h" "$dir/libarchive/archive_entry.h" "$DEPS/include/"
	cp "$dir/_build/libarchive/libarchive_static.a" "$DEPS/lib/"
}

build_deps() {
	mkdir -p "$SRC" "$DEPS"
	[ -n "$(ls -d "$SRC"/json-c-*/ 2>/dev/null)" ] || fetch json-c lz4 libpng1.6 libarchive libusb-1.0 xz-utils libmicrohttpd
	# a src/ from before libmicrohttpd was a dependency fetches it alone
	[ -n "$(ls -d "$SRC"/libmicrohttpd-*/ 2>/dev/null)" ] || fetch libmicrohttpd
	local zlib=/usr/$HOST/lib/libz.a
	step json-c cmake_dep "$(src json-c)" -DBUILD_TESTING=OFF -DDISABLE_WERROR=ON
	step lz4 cmake_dep "$(src lz4)build/cmake" -DLZ4_BUILD_CLI=OFF -DLZ4_BUILD_LEGACY_LZ4C=OFF
	step libpng cmake_dep "$(src libpng1.6)" -DPNG_SHARED=OFF -DPNG_TESTS=OFF \
		-DPNG_EXECUTABLES=OFF -DZLIB_LIBRARY=$zlib
	step xz autotools_dep "$(src xz-utils)" --disable-xz --disable-xzdec --disable-lzmadec \
		--disable-lzmainfo --disable-scripts --disable-doc --disable-nls
	# libarchive: ZIP (zlib), 7z (liblzma), tar; its test programs cannot run while
	# cross-compiling, so the one it runs is answered: Debian's zlib is no WINAPI build.
	step libarchive static_archive "$(src libarchive)" -DENABLE_TEST=OFF -DENABLE_TAR=OFF \
		-DENABLE_CPIO=OFF -DENABLE_CAT=OFF -DENABLE_OPENSSL=OFF -DENABLE_ZSTD=OFF \
		-DENABLE_BZip2=OFF -DENABLE_LIBXML2=OFF -DENABLE_EXPAT=OFF -DENABLE_LZ4=OFF \
		-DENABLE_LIBB2=OFF -DENABLE_CNG=ON -DENABLE_ICONV=OFF -DZLIB_LIBRARY=$zlib \
		-DZLIB_WINAPI_EXITCODE=1 -DZLIB_WINAPI_EXITCODE__TRYRUN_OUTPUT=
	step libusb autotools_dep "$(src libusb-1.0)"
	# libmicrohttpd: plain HTTP only (no gnutls), no other library; its threads are W32 ones
	# (the default on MinGW: 0.9.75's configure fails on an explicit --with-threads=w32)
	step libmicrohttpd autotools_dep "$(src libmicrohttpd)" --disable-https --without-gnutls \
		--disable-curl --disable-doc --disable-examples --disable-nls
}

build_deps
[ "${1:-}" = "--deps-only" ] && exit 0

# mtkfw.exe, static (no DLL beside it), and the zip a user downloads; slots_check.exe for
# scripts/test-windows.sh
cmake -S "$ROOT" -B "$OUT/mtkfw" -DCMAKE_TOOLCHAIN_FILE="$ROOT/cmake/mingw-w64-x86_64.cmake" \
	-DCMAKE_BUILD_TYPE=Release -DMTKFW_WERROR=ON >/dev/null
cmake --build "$OUT/mtkfw" -j "$(nproc)" --target mtkfw-cli slots_check >/dev/null
x86_64-w64-mingw32-strip "$OUT/mtkfw/mtkfw.exe"
version=$(sed -n 's/^project(mtkfw VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
stage=$OUT/mtkfw-$version-windows-x64
rm -rf "$stage" "$stage.zip"
mkdir -p "$stage/docs"
cp "$OUT/mtkfw/mtkfw.exe" README.md "$stage/"
cp docs/*.md "$stage/docs/"
cp -r windows "$stage/driver"
cp -r LICENSES "$stage/"
(cd "$OUT" && zip -qr "$(basename "$stage").zip" "$(basename "$stage")")
echo "$stage.zip"
