#!/usr/bin/env bash
# Extra packages for the benchmarks in bench/ (not needed by the tests).
set -euo pipefail
bash "$(dirname "$0")/setup.sh"
SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends wrk nginx-light >/dev/null
echo "setup-bench: wrk and nginx-light ready"
