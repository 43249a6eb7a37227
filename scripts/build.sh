#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Configure and build into build/ (or build-asan/ with --sanitize, using clang; or
# build-tsan/ with --tsan: ThreadSanitizer, only what unit.threads, unit.emu, unit.jobs,
# unit.slots, unit.station, unit.hub and unit.gui need).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build
args=(-DMTKFW_WERROR=ON)
targets=()
case "${1:-}" in
--sanitize)
	dir=build-asan
	args+=(-DMTKFW_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang)
	;;
--tsan)
	dir=build-tsan
	args+=(-DMTKFW_TSAN=ON -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang)
	targets=(--target test_threads test_emu test_jobs test_slots test_station test_hub test_gui)
	;;
esac
cmake -S . -B "$dir" "${args[@]}" >/dev/null
cmake --build "$dir" -j "$(nproc)" "${targets[@]}" >/dev/null
echo "$dir"
