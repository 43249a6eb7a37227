#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Configure and build into build/ (or build-asan/ with --sanitize, using clang).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build
args=(-DMTKFW_WERROR=ON)
if [ "${1:-}" = "--sanitize" ]; then
	dir=build-asan
	args+=(-DMTKFW_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang)
fi
cmake -S . -B "$dir" "${args[@]}" >/dev/null
cmake --build "$dir" -j "$(nproc)" >/dev/null
echo "$dir"
