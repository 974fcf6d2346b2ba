#!/usr/bin/env bash
# bench/client/run_fleet.sh [DEVICES] [PARALLEL] [FAULTS]
#
# The device side's reliability and footprint bench (issue 10), in one run:
#  1. fleet: a real suture-server on loopback (SQLite, blob folder), a signed
#     bundle made by `suture diff` from two small ZIPs (a 200 KB native
#     library with a one-line change, a changed, an added and a removed
#     member), a release at 100 % with auto-halt off, then `suture-client
#     fleet` with DEVICES devices (default 1000), PARALLEL at once (default
#     2), one fault kind per device, round-robin over FAULTS (default: every
#     kind; disk-full needs root). Prints the fleet's table and the server's
#     aggregates.
#  2. merge worker vs bspatch on a real release pair (appium-uiautomator2-
#     server 10.6.2 -> 10.6.4 from npm, 17.9 MB APKs): peak RSS and wall time
#     of `suture-client-worker merge` on the Suture bundle beside Debian's
#     bspatch on the bsdiff patch of the same pair, median of 3 each.
#  3. sizes: stripped libsuture_client.so (client preset, when built),
#     suture-client and suture-client-worker.
# Needs ./build (scripts/build.sh default); ./build-client for the .so.
set -euo pipefail
cd "$(dirname "$0")/../.."
devices="${1:-1000}" parallel="${2:-2}"
faults="${3:-none,worker-kill,host-kill,crash-at-launch,net-cut,server-5xx,stall,disk-full}"
S=./build/cli/suture C=./build/client-lib/suture-client W=./build/client-lib/suture-client-worker
for b in "$S" "$C" "$W" ./build/patch-server/suture-server; do
  [[ -x "$b" ]] || { echo "run_fleet: $b missing: run scripts/build.sh default first" >&2; exit 2; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/suture-fleet.XXXXXX")
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  # The fleet unmounts its tmpfs folders itself; a killed run may leave some.
  grep -o "$work[^ ]*" /proc/mounts 2>/dev/null | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== 1. fleet: $devices devices, $parallel at once, faults $faults"
python3 - "$work" <<'PY'
import sys, zipfile, random
w = sys.argv[1]
rng = random.Random(7)
lib = bytes(rng.getrandbits(8) for _ in range(200_000))
new_lib = bytearray(lib); new_lib[100_000:100_020] = b"return fixed_value;\n"
def write(name, members):
    with zipfile.ZipFile(f"{w}/{name}", "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in members.items(): z.writestr(k, v)
write("old.zip", {"lib/arm64-v8a/libapp.so": lib, "res/strings.txt": b"hello\n" * 500,
                  "assets/old.txt": b"to be removed\n"})
write("new.zip", {"lib/arm64-v8a/libapp.so": bytes(new_lib), "res/strings.txt": b"hello\n" * 499 + b"hi\n",
                  "assets/new.txt": b"added\n"})
PY
$S keygen -o "$work/release" >/dev/null
$S diff "$work/old.zip" "$work/new.zip" -o "$work/patch.bin" --key "$work/release.key" \
  --app-id com.example.fleet --target-build 2 --patch-version 1 >/dev/null
./build/patch-server/suture-server --data "$work/server" --listen 127.0.0.1:0 >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do grep -q "^listening on" "$work/server.log" 2>/dev/null && break; sleep 0.1; done
url=$(grep "^listening on" "$work/server.log" | grep -o "http://127.0.0.1:[0-9]*")
device_url=$(grep "^device listener on" "$work/server.log" | grep -o "http://127.0.0.1:[0-9]*")
export SUTURE_SERVER="$url" SUTURE_TOKEN=$(grep -o "sut_[A-Za-z0-9_-]*" "$work/server.log" | head -1)
app=com.example.fleet
app_key=$($S app register --app "$app" --pubkey "$work/release.pub" |
  python3 -c "import json,sys; print(json.load(sys.stdin)['app_key'])")
patch_id=$($S publish --app "$app" "$work/patch.bin" | python3 -c "import json,sys; print(json.load(sys.stdin)['id'])")
release_id=$($S release create --app "$app" --patch "$patch_id" --percent 100 \
  --spec '{"auto_halt":{"enabled":false}}' | python3 -c "import json,sys; print(json.load(sys.stdin)['id'])")
curl -sf "$url/v1/server-key" | python3 -c "import json,sys; print(json.load(sys.stdin)['public_key'], end='')" \
  >"$work/server.pub"
echo "bundle: $(stat -c %s "$work/patch.bin") bytes; release $release_id"
start=$(date +%s)
set +e
$C fleet --server "${device_url:-$url}" --app "$app" --app-key "$app_key" --base "$work/old.zip" \
  --state "$work/states" --release-pubkey "$work/release.pub" --server-pubkey "$work/server.pub" \
  --devices "$devices" --parallel "$parallel" --faults "$faults" --seed 11 | tee "$work/fleet.txt"
fleet_rc=${PIPESTATUS[0]}
set -e
echo "fleet exit $fleet_rc after $(( $(date +%s) - start )) s"
echo "server aggregates of release $release_id (events / distinct devices per metric):"
$S aggregates --app "$app" --release "$release_id" --summary
leftovers=$(find "$work/states" \( -name '*.part' -o -name '.*.suture-*' -o -path '*/staging/*' \) 2>/dev/null | wc -l)
echo "leftover partial/staging/temp files in $devices state folders: $leftovers"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""

echo "== 2. merge worker vs bspatch on the real 10.6.2 -> 10.6.4 APK pair (median of 3)"
mapfile -t apks < <(bash scripts/fetch-apks.sh 10.6.2 10.6.4)
old="${apks[0]}" new="${apks[1]}"
$S diff "$old" "$new" -o "$work/apk.patch" --key "$work/release.key" --app-id x --patch-version 1 >/dev/null
bsdiff "$old" "$new" "$work/apk.bsdiff"
measure() {  # prints "rss_kb seconds" of one run of "$@"
  /usr/bin/time -f "%M %e" -o "$work/time.txt" "$@" >/dev/null 2>&1
  cat "$work/time.txt"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
: >"$work/w.txt"; : >"$work/b.txt"
for i in 1 2 3; do
  rm -rf "$work/merged"
  measure "$W" merge "$old" "$work/apk.patch" "$work/merged" "$work/release.pub" >>"$work/w.txt"
  measure bspatch "$old" "$work/apk.out" "$work/apk.bsdiff" >>"$work/b.txt"
done
cmp "$new" "$work/apk.out"
w_rss=$(awk '{print $1}' "$work/w.txt" | median) w_s=$(awk '{print $2}' "$work/w.txt" | median)
b_rss=$(awk '{print $1}' "$work/b.txt" | median) b_s=$(awk '{print $2}' "$work/b.txt" | median)
echo "patch bytes: suture $(stat -c %s "$work/apk.patch"), bsdiff $(stat -c %s "$work/apk.bsdiff")"
echo "worker: peak RSS ${w_rss} KB, ${w_s} s; bspatch: ${b_rss} KB, ${b_s} s"
awk -v a="$w_rss" -v b="$b_rss" -v c="$w_s" -v d="$b_s" \
  'BEGIN {printf "ratios (worker / bspatch): RSS %.2fx, time %.2fx\n", a/b, c/d}'

echo "== 3. sizes (stripped)"
strip_size() { cp "$1" "$work/s.bin" && strip "$work/s.bin" && stat -c %s "$work/s.bin"; }
so=./build-client/client-lib/libsuture_client.so
if [[ -f "$so" ]]; then
  echo "libsuture_client.so (client preset): $(strip_size "$so") bytes stripped; needs: $(readelf -d "$so" |
    awk '/NEEDED/ {gsub(/[][]/, "", $5); printf "%s ", $5}')"
else
  echo "libsuture_client.so: not built (cmake --preset client && cmake --build --preset client)"
fi
echo "suture-client: $(strip_size "$C") bytes; suture-client-worker: $(strip_size "$W") bytes"
exit "$fleet_rc"
