# SPDX-License-Identifier: LGPL-2.1-or-later
# The Windows build's dependencies (docs/windows.md): static libraries that
# scripts/build-windows.sh cross-built from Debian's source packages into
# $MTKFW_WIN_DEPS, and Debian's MinGW zlib. They get the names the Linux build's
# pkg-config targets have, so the rest of the build does not ask which system it is on.
# Not on Windows: libext2fs (full backups read every byte; no build.prop, image ls/cat),
# android-libsparse (no sparse writing), libcrypto (SHA-256 and SHA-1 come from CNG).
set(MTKFW_TESTS OFF CACHE BOOL "" FORCE) # the suite runs on Linux; wine runs the Windows build
set(DEPS $ENV{MTKFW_WIN_DEPS})
if(NOT DEPS OR NOT EXISTS ${DEPS}/lib/libarchive_static.a)
  message(FATAL_ERROR "MTKFW_WIN_DEPS must name the dependencies scripts/build-windows.sh built")
endif()
set(MINGW_LIB /usr/x86_64-w64-mingw32/lib)

function(win_dep name lib)
  add_library(PkgConfig::${name} STATIC IMPORTED GLOBAL)
  set_target_properties(PkgConfig::${name} PROPERTIES IMPORTED_LOCATION ${lib}
    INTERFACE_INCLUDE_DIRECTORIES "${DEPS}/include" INTERFACE_LINK_LIBRARIES "${ARGN}")
endfunction()
win_dep(ZLIB ${MINGW_LIB}/libz.a)
win_dep(LZMA ${DEPS}/lib/liblzma.a)
win_dep(LIBARCHIVE ${DEPS}/lib/libarchive_static.a PkgConfig::LZMA PkgConfig::ZLIB bcrypt)
win_dep(JSONC ${DEPS}/lib/libjson-c.a)
win_dep(LZ4 ${DEPS}/lib/liblz4.a)
win_dep(PNG ${DEPS}/lib/libpng16.a PkgConfig::ZLIB)
win_dep(LIBUSB ${DEPS}/lib/libusb-1.0.a)
target_include_directories(PkgConfig::LIBUSB INTERFACE ${DEPS}/include/libusb-1.0)
# libmicrohttpd, static: microhttpd.h declares plain extern unless MHD_W32DLL (the DLL's
# dllimport) is defined, so it needs no definition; winsock is its only library (its .la;
# the .pc's Libs.private is empty)
win_dep(MHD ${DEPS}/lib/libmicrohttpd.a ws2_32)
add_library(PkgConfig::LIBCRYPTO INTERFACE IMPORTED GLOBAL)
target_link_libraries(PkgConfig::LIBCRYPTO INTERFACE bcrypt setupapi cfgmgr32)
add_library(PkgConfig::EXT2FS INTERFACE IMPORTED GLOBAL)
set(LIBSPARSE "")
add_compile_definitions(MTKFW_NO_EXT2FS MTKFW_NO_LIBSPARSE LIBARCHIVE_STATIC __USE_MINGW_ANSI_STDIO=1
                        _WIN32_WINNT=0x0601 WIN32_LEAN_AND_MEAN)
# POSIX that MinGW lacks, in every file (lib/core/compat_win.h)
add_compile_options(-include ${PROJECT_SOURCE_DIR}/lib/core/compat_win.h)
# one mtkfw.exe that needs no DLL of its own beside it
add_link_options(-static -static-libgcc)
link_libraries(pthread) # clock_gettime (winpthreads)
