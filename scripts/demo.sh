#!/usr/bin/env bash
# The main job on the embedded default: set up, build, then sign and verify a patch.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh default
out=demo-out
rm -rf "$out" && mkdir -p "$out"
S=./build/diff-engine/src/cli/suture
$S keygen -o "$out/release"
echo "demo: key pair in $out/release.key / $out/release.pub"
