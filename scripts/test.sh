#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The whole test suite: unit (cmocka), malformed-package cases, CLI end to end,
# fuzz-corpus replay. --sanitize runs it all under ASan+UBSan (clang); --tsan runs
# unit.threads (four phones from four threads), unit.emu, unit.jobs, unit.slots (watchers in two
# threads, a wake from another), unit.station (four phones at once) and unit.hub (phones of
# threads and processes on one hub) under ThreadSanitizer (clang).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dir=$(scripts/build.sh "$@")
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}
only=()
[ "${1:-}" = "--tsan" ] && only=(-R '^unit\.(threads|emu|jobs|slots|station|hub|gui)$')
cd "$dir"
ctest --output-on-failure -j "$(nproc)" "${only[@]}"
