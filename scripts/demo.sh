#!/usr/bin/env bash
# The main job on the embedded default: set up, build, then make a signed patch
# between two real APK releases, verify it, and apply it both as a patch
# folder (what an app loader reads) and as a full archive; then serve it from
# suture-server and let a device (suture-client) sync, install and launch it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh default
S=./build/cli/suture
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
echo "== patch server on 127.0.0.1 (embedded default: SQLite + blob folder in $out/server-data)"
./build/patch-server/suture-server --data "$out/server-data" --listen 127.0.0.1:0 >"$out/server.log" 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "^listening on" "$out/server.log" 2>/dev/null && break; sleep 0.1; done
url=$(grep "^listening on" "$out/server.log" | grep -o "http://127.0.0.1:[0-9]*")
token=$(grep -o "sut_[A-Za-z0-9_-]*" "$out/server.log" | head -1)
[[ -n "$url" && -n "$token" ]] || { cat "$out/server.log"; echo "demo: server did not start"; exit 1; }
export SUTURE_SERVER="$url" SUTURE_TOKEN="$token"
app=io.appium.uiautomator2.server
$S app register --app "$app" --pubkey "$out/release.pub" | tee "$out/app.json"
app_key=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['app_key'])" "$out/app.json")
$S publish --app "$app" "$out/patch.bin" | tee "$out/publish.json"
patch_id=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['id'])" "$out/publish.json")
$S release create --app "$app" --patch "$patch_id" --percent 100 | tee "$out/release.json"

echo "== a device on the old release: suture-client sync (check, signed manifest, resumable"
echo "   download, bundle verified, merge in a worker process, atomic install, reports), then launch"
device_url=$(grep "^device listener on" "$out/server.log" | grep -o "http://127.0.0.1:[0-9]*")
curl -sf "$url/v1/server-key" | python3 -c "import json,sys; print(json.load(sys.stdin)['public_key'], end='')" >"$out/server.pub"
C=./build/client-lib/suture-client
$C sync --server "${device_url:-$url}" --app "$app" --app-key "$app_key" --device demo-device-1 \
  --base "$old" --state "$out/device-state" --release-pubkey "$out/release.pub" \
  --server-pubkey "$out/server.pub" --attr os=android --attr sdk=34 --json | tee "$out/sync.json"
$C launch --state "$out/device-state"
echo "== the device's next check-in sends its launch report (first_launch_ok) from the outbox"
$C sync --server "${device_url:-$url}" --app "$app" --app-key "$app_key" --device demo-device-1 \
  --base "$old" --state "$out/device-state" --release-pubkey "$out/release.pub" \
  --server-pubkey "$out/server.pub" --attr os=android --attr sdk=34
$C status --state "$out/device-state"
release_id=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['id'])" "$out/release.json")
echo "== release $release_id aggregates (events / distinct devices per metric)"
$S aggregates --app "$app" --release "$release_id" --summary
echo "demo: server at $url (API: $url/openapi.json, metrics: $url/metrics); stopping it now"
echo "demo: done; outputs in $out/"
