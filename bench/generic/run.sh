#!/usr/bin/env bash
# Generic-layer benchmark on real data fetched at run time.
#
# Fetches consecutive appium-uiautomator2-server releases from npm (each holds
# an APK), extracts the DEX files, and runs generic_bench on every DEX that
# changed between consecutive versions, optionally on the whole APK files
# (as plain files) and on a synthetic large pair for apply throughput.
#
#   bench/generic/run.sh BUILD_DIR [VERSION ...]
#   env: REPS (default 3), SYNTH_MB (default 64, 0 = none), WITH_APK (default 1),
#        BENCH_DIR (download/extract folder, default a temp dir)
#
# Prints generic_bench's JSON lines (see generic_bench.cc).
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR [VERSION ...]}
shift
if [ $# -gt 0 ]; then versions=("$@"); else versions=(10.4.0 10.6.0 10.6.2 10.6.4 10.6.6); fi
reps=${REPS:-3}
synth=${SYNTH_MB:-64}
with_apk=${WITH_APK:-1}
work=${BENCH_DIR:-$(mktemp -d /tmp/suture-generic-bench.XXXXXX)}
mkdir -p "$work/npm"

for v in "${versions[@]}"; do
  if [ ! -d "$work/$v" ]; then
    tgz="$work/npm/appium-uiautomator2-server-$v.tgz"
    [ -f "$tgz" ] || (cd "$work/npm" && npm pack --silent "appium-uiautomator2-server@$v" >/dev/null)
    mkdir -p "$work/x$v" "$work/$v"
    tar -xzf "$tgz" -C "$work/x$v" package/apks
    apk=$(ls "$work/x$v"/package/apks/appium-uiautomator2-server-v*.apk)
    cp "$apk" "$work/$v/server.apk"
    (cd "$work/$v" && unzip -o -q server.apk '*.dex')
  fi
done

pairs=()
for ((i = 0; i + 1 < ${#versions[@]}; i++)); do
  a=$work/${versions[i]} b=$work/${versions[i + 1]}
  for f in "$a"/*.dex; do
    n=$(basename "$f")
    if [ -f "$b/$n" ] && ! cmp -s "$f" "$b/$n"; then pairs+=("$f" "$b/$n"); fi
  done
  if [ "$with_apk" = 1 ]; then pairs+=("$a/server.apk" "$b/server.apk"); fi
done

echo "{\"command\":\"bench/generic/run.sh $build ${versions[*]}\",\"reps\":$reps,\"synthetic_mb\":$synth,\"with_apk\":$with_apk,\"nproc\":$(nproc),\"loadavg\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
exec "$build/bench/generic/generic_bench" --reps "$reps" --synthetic-mb "$synth" "${pairs[@]}"
