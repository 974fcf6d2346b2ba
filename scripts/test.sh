#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite with ctest. Exit code: ctest's.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh default
ctest --preset default -j2 --timeout 900
# The client preset: the phone's half configures, builds and passes alone.
bash scripts/test-client.sh
