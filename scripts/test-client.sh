#!/usr/bin/env bash
# The phone's half alone: configures the `client` preset (core, the apply half
# of the diff engine, client-lib and their tests) with every server-side and
# create-side package hidden from find_package, builds it and runs its tests.
# A configure that reaches for one of them fails here. Exit code: ctest's.
set -euo pipefail
cd "$(dirname "$0")/.."
SERVER_AND_CREATE_PACKAGES=(Divsufsort cpprestsdk SQLite3 CLI11 benchmark PostgreSQL Boost)
disable=()
for p in "${SERVER_AND_CREATE_PACKAGES[@]}"; do disable+=("-DCMAKE_DISABLE_FIND_PACKAGE_$p=ON"); done
cmake --preset client "${disable[@]}" >/dev/null
cmake --build --preset client
ctest --preset client -j2 --timeout 600
