#!/usr/bin/env bash
# Fetches real APK release pairs from the npm registry into a cache folder and
# prints the APK paths, one per line. Usage: scripts/fetch-apks.sh VERSION...
# (appium-uiautomator2-server ships apks/*.apk; consecutive versions are real
# release-to-release pairs.)
set -euo pipefail
cache="${SUTURE_APK_CACHE:-$HOME/.cache/suture-bench/apks}"
pkg=appium-uiautomator2-server
for v in "$@"; do
  dir="$cache/$v"
  apk="$dir/package/apks/$pkg-v$v.apk"
  if [[ ! -f "$apk" ]]; then
    mkdir -p "$dir"
    (cd "$dir" && npm pack "$pkg@$v" --silent >/dev/null && tar xzf "$pkg-$v.tgz" && rm -f "$pkg-$v.tgz")
  fi
  echo "$apk"
done
