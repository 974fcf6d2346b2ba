#!/usr/bin/env bash
# The main job on the embedded default: set up, build, then make a signed patch
# between two real APK releases, verify it, and apply it on the "device" side
# both as a patch folder (what an app loader reads) and as a full archive.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh default
S=./build/diff-engine/src/cli/suture
out=demo-out
rm -rf "$out" && mkdir -p "$out"

echo "== fetching two consecutive real APK releases from npm"
mapfile -t apks < <(bash scripts/fetch-apks.sh 10.6.2 10.6.4)
old="${apks[0]}" new="${apks[1]}"
ls -l "$old" "$new"

echo "== release key"
$S keygen -o "$out/release"

echo "== diff (signed)"
$S diff "$old" "$new" -o "$out/patch.bin" --key "$out/release.key" \
  --app-id io.appium.uiautomator2.server --target-build 10.6.4 --patch-version 1
$S inspect "$out/patch.bin"
$S verify "$out/patch.bin" --pubkey "$out/release.pub"
if command -v bsdiff >/dev/null; then
  echo "== for comparison: bsdiff on the two APK files"
  /usr/bin/time -f "bsdiff: %e s" bsdiff "$old" "$new" "$out/apk.bsdiff"
  echo "suture patch: $(stat -c %s "$out/patch.bin") bytes; bsdiff patch: $(stat -c %s "$out/apk.bsdiff") bytes"
fi

echo "== apply on the device side"
$S apply "$old" "$out/patch.bin" --pubkey "$out/release.pub" -o "$out/patch-folder"
find "$out/patch-folder" -type f | head -20
$S apply "$old" "$out/patch.bin" --pubkey "$out/release.pub" --full-archive "$out/new.apk"
unzip -tq "$out/new.apk"
python3 - "$new" "$out/new.apk" <<'PY'
import sys, zipfile
a, b = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2])
assert a.namelist() == b.namelist(), "member order differs"
bad = [n for n in a.namelist() if a.read(n) != b.read(n)]
assert not bad, bad[:5]
print(f"demo: rebuilt archive matches the new release member for member ({len(a.namelist())} members)")
PY
echo "demo: done; outputs in $out/"
