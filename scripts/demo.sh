#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The demo: build mtkfw, make a synthetic MT6572 firmware package (ZIP), and
# check it as a technician would before flashing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dir=$(scripts/build.sh)
out=${MTKFW_DEMO_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/mtkfw-demo-XXXXXX")}
"$dir/mtkfw" demo-package "$out/package" --archive "$out/mtkfw_demo.zip"
echo
"$dir/mtkfw" info "$out/mtkfw_demo.zip"
echo
"$dir/mtkfw" check "$out/mtkfw_demo.zip"
echo
echo "demo files are in $out"
