#!/usr/bin/env bash
# Installs the Debian packages Suture builds, tests and benchmarks with.
# Idempotent: only missing packages are installed. Needs root (or sudo).
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config git ca-certificates
  libzstd-dev libdivsufsort-dev zlib1g-dev libbz2-dev libcurl4-openssl-dev libcpprest-dev
  libsqlite3-dev libssl-dev libgtest-dev libgmock-dev libbenchmark-dev nlohmann-json3-dev
  libcli11-dev libpq-dev
  # the PostgreSQL backend's tests and the cluster deployment (deploy/)
  postgresql nginx-light wrk
  # anchor tools and test helpers
  bsdiff zstd xdelta3 zip unzip python3 curl time smali dexdump
  # the admin console's browser test (node and npm: below)
  chromium
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The admin console is built with node + npm (esbuild); Debian's nodejs/npm
# unless a node with npm is already there (e.g. NodeSource's nodejs, which
# ships npm itself and conflicts with Debian's npm package).
if ! command -v npm >/dev/null 2>&1; then
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
echo "setup: system packages ready"
# The console's npm packages (esbuild, playwright-core, axe-core), pinned by
# admin-web/package-lock.json, for `npm run dev`; the CMake build runs its own
# `npm ci` in the build tree.
(cd "$(dirname "$0")/../admin-web" && npm ci --no-audit --no-fund --loglevel=error)
echo "setup: admin-web npm packages ready"
