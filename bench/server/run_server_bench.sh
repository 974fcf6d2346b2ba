#!/usr/bin/env bash
# suture-server vs nginx, same machine, same run, wrk at 64 connections.
#
#   bench/server/run_server_bench.sh BUILD_DIR [DURATION_S=5] [N_RELEASES=1000]
#   (ROUNDS=3 interleaved rounds; SUTURE_SERVER_ARGS passes server flags)
#
# Measures: (1) `check` (POST, 1,000 releases with realistic rules, a new
# device id per request) vs nginx serving the same check answer as a static
# JSON file; (2) blob download of the same 1 MiB blob from both;
# (3) 10,000 idle push (long-poll) connections and server memory per
# connection. Prints one JSON object per line (machine-readable) and a
# summary line with the ratios.
# Needs: wrk, nginx (Debian: apt-get install wrk nginx-light), python3.
set -euo pipefail
BUILD=${1:?build dir}
DUR=${2:-5}
NREL=${3:-1000}
CONNS=64
THREADS=2
WORK=$(mktemp -d /tmp/suture-server-bench.XXXXXX)
chmod 755 "$WORK"  # nginx workers run as an unprivileged user
SERVER_PID=""
NGINX_PID=""
BARE_PID=""
cleanup() {
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true
  [[ -n "$BARE_PID" ]] && kill "$BARE_PID" 2>/dev/null || true
  [[ -n "$NGINX_PID" ]] && kill "$NGINX_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

# --- suture-server
source "$(dirname "$0")/bench_lib.sh"
bench_start_server "$BUILD/patch-server/suture-server" "$WORK/data" "$WORK/server" \
    --device-rate 1000 --device-burst 1000 --max-push 20000 ${SUTURE_SERVER_ARGS:-}
# DURL: the device listener (epoll + sendfile: the device API on its own
# port); "" when off.
"$BUILD/bench/server/server_bench_setup" "$URL" "$TOKEN" "$WORK" "$NREL" $((1 << 20)) >&2
APP_KEY=$(cat "$WORK/app_key")
BLOB=$(cat "$WORK/blob_sha256")
BASE=$(cat "$WORK/base_fingerprint")

# --- nginx: the static check answer and the blob folder, 2 workers (= cores).
NPORT=$(bench_free_port)
bench_static_nginx "$WORK/nginx" "$NPORT" "$WORK/check_response.json" "$WORK/data/blobs"
NURL="http://127.0.0.1:$NPORT"

# --- the ceiling: a bare cpprestsdk handler answering the same check JSON
# (no routing, body parsing, metrics), with suture-server's default pool size.
BPORT=$(bench_free_port)
"$BUILD/bench/server/bare_cpprest" "$WORK/check_response.json" "$BPORT" ${BARE_THREADS:-8} >"$WORK/bare.out" 2>&1 &
BARE_PID=$!
for _ in $(seq 100); do grep -q "listening on" "$WORK/bare.out" 2>/dev/null && break; sleep 0.1; done
BURL="http://127.0.0.1:$BPORT"
curl -sf "$NURL/check.json" >/dev/null
curl -sf "$BURL/check" >/dev/null
curl -sf "$NURL/v1/blobs/$BLOB" -o /dev/null

# --- wrk scripts
bench_check_lua "$WORK/check.lua" "$WORK/check_body.json" "$APP_KEY"
run() { bench_wrk "$@"; }  # name url [script]

# Interleaved rounds (nginx, suture, nginx, suture, ...) so that load from
# anything else on the machine hits both sides alike; the summary takes the
# median of the per-round ratios.
# ONLY_CHECK=1 skips the blob and push parts (quick iterations on `check`).
ROUNDS=${ROUNDS:-3}
ALL=()
SPECS=("nginx_static_json|$NURL/check.json|"
       "bare_cpprest_json|$BURL/check|$WORK/check.lua"
       "suture_check|$URL/v1/apps/com.bench.app/check|$WORK/check.lua")
[[ -n "$DURL" ]] && SPECS+=("suture_device_check|$DURL/v1/apps/com.bench.app/check|$WORK/check.lua")
if [[ -z "${ONLY_CHECK:-}" ]]; then
  SPECS+=("nginx_blob_1MiB|$NURL/v1/blobs/$BLOB|" "suture_blob_1MiB|$URL/v1/blobs/$BLOB|")
  [[ -n "$DURL" ]] && SPECS+=("suture_device_blob_1MiB|$DURL/v1/blobs/$BLOB|")
fi
[[ -n "${SKIP_HTTP:-}" ]] && ROUNDS=0
for round in $(seq "$ROUNDS"); do
  for spec in "${SPECS[@]}"; do
    IFS='|' read -r name url script <<<"$spec"
    line=$(run "$name" "$url" ${script:+"$script"})
    line="{\"round\":$round,${line#\{}"
    echo "$line"
    ALL+=("$line")
  done
done

[[ -z "${SKIP_HTTP:-}" ]] && printf '%s\n' "${ALL[@]}" | python3 -c '
import json, statistics, sys
rows = [json.loads(l) for l in sys.stdin if l.strip()]
by = {}
for r in rows:
    by.setdefault(r["round"], {})[r["bench"]] = r
ck = [b["suture_check"]["rps"] / b["nginx_static_json"]["rps"] for b in by.values()]
bare = [b["bare_cpprest_json"]["rps"] / b["nginx_static_json"]["rps"] for b in by.values()]
has_blob = all("suture_blob_1MiB" in b for b in by.values())
bl = [b["suture_blob_1MiB"]["bytes"] / b["suture_blob_1MiB"]["seconds"] /
      (b["nginx_blob_1MiB"]["bytes"] / b["nginx_blob_1MiB"]["seconds"]) for b in by.values()] if has_blob else [0]
med = lambda name, key: statistics.median(b[name][key] for b in by.values())
p99 = med("suture_check", "p99_ms")
has = lambda name: all(name in b for b in by.values())
tput = lambda r: r["bytes"] / r["seconds"]
device = {}
if has("suture_device_check"):
    eck = [b["suture_device_check"]["rps"] / b["nginx_static_json"]["rps"] for b in by.values()]
    ep99 = med("suture_device_check", "p99_ms")
    device.update({"device_check_rps_median": med("suture_device_check", "rps"),
                 "device_check_vs_nginx_median": round(statistics.median(eck), 3),
                 "device_check_vs_nginx_rounds": [round(x, 3) for x in eck],
                 "device_check_p99_ms_median": ep99,
                 "device_check_non2xx": sum(b["suture_device_check"]["non2xx"] for b in by.values()),
                 "device_check_ok": statistics.median(eck) >= 0.3 and ep99 < 20})
if has("suture_device_blob_1MiB"):
    ebl = [tput(b["suture_device_blob_1MiB"]) / tput(b["nginx_blob_1MiB"]) for b in by.values()]
    device.update({"device_blob_vs_nginx_median": round(statistics.median(ebl), 3),
                 "device_blob_vs_nginx_rounds": [round(x, 3) for x in ebl],
                 "device_blob_MBps_median": round(statistics.median(tput(b["suture_device_blob_1MiB"]) for b in by.values()) / 1e6, 1),
                 "nginx_blob_MBps_median": round(statistics.median(tput(b["nginx_blob_1MiB"]) for b in by.values()) / 1e6, 1),
                 "device_blob_p99_ms_median": med("suture_device_blob_1MiB", "p99_ms"),
                 "device_blob_ok": statistics.median(ebl) >= 0.3})
print(json.dumps({
  "bench": "summary", "releases": int(sys.argv[1]), "connections": 64, "rounds": len(by),
  "check_rps_median": med("suture_check", "rps"), "nginx_static_rps_median": med("nginx_static_json", "rps"),
  "check_vs_nginx_median": round(statistics.median(ck), 3), "check_vs_nginx_rounds": [round(x, 3) for x in ck],
  "check_p99_ms_median": p99, "nginx_static_p99_ms_median": med("nginx_static_json", "p99_ms"),
  "check_non2xx": sum(b["suture_check"]["non2xx"] for b in by.values()),
  "bare_cpprest_vs_nginx_median": round(statistics.median(bare), 3),
  "bare_cpprest_vs_nginx_rounds": [round(x, 3) for x in bare],
  "bare_cpprest_p99_ms_median": med("bare_cpprest_json", "p99_ms"),
  "check_vs_bare_median": round(statistics.median(c / b for c, b in zip(ck, bare)), 3),
  "check_ok": statistics.median(ck) >= 0.3 and p99 < 20,
  **({"blob_vs_nginx_median": round(statistics.median(bl), 3), "blob_vs_nginx_rounds": [round(x, 3) for x in bl],
      "blob_p99_ms_median": med("suture_blob_1MiB", "p99_ms"),
      "blob_ok": statistics.median(bl) >= 0.3} if has_blob else {}),
  **device}))
' "$NREL"

# --- idle push connections
[[ -n "${ONLY_CHECK:-}" ]] && exit 0
# Up to three runs on three releases (base build k has release id k):
# PUSH_MODES lists them in order (default "device_sse device_wait main_wait":
# event streams and long-polls on the device listener, then long-polls on the
# cpprestsdk main port, last because its unanswered long-polls keep their slots until
# their timeout). Memory freed by one run is reused by the next, so clean
# per-connection figures come from running one mode per server
# (PUSH_MODES=device_sse SKIP_HTTP=1 ...). The session-2 names edge_sse and
# edge_wait are still accepted.
mapfile -t BASES <"$WORK/base_fingerprints"
PUSH=(python3 "$(dirname "$0")/push_idle.py")
for mode in ${PUSH_MODES:-device_sse device_wait main_wait}; do
  case $mode in
    device_sse|edge_sse)   [[ -n "$DURL" ]] && "${PUSH[@]}" "$DURL" com.bench.app "$APP_KEY" "${BASES[2]}" "$SERVER_PID" 10000 "$TOKEN" 3 stream "$URL" push_idle_device_sse ;;
    device_wait|edge_wait) [[ -n "$DURL" ]] && "${PUSH[@]}" "$DURL" com.bench.app "$APP_KEY" "${BASES[1]}" "$SERVER_PID" 10000 "$TOKEN" 2 wait "$URL" push_idle_device ;;
    main_wait)             "${PUSH[@]}" "$URL" com.bench.app "$APP_KEY" "${BASES[0]}" "$SERVER_PID" 10000 "$TOKEN" 1 wait "$URL" push_idle ;;
    *) echo "unknown push mode $mode" >&2; exit 2 ;;
  esac
  sleep 2
done
curl -sf "$URL/healthz" >/dev/null && echo '{"bench":"post_push_healthz","ok":true}'
