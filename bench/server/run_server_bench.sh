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
"$BUILD/patch-server/suture-server" --data "$WORK/data" --listen 127.0.0.1:0 \
    --device-rate 1000 --device-burst 1000 --max-push 20000 ${SUTURE_SERVER_ARGS:-} >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
for _ in $(seq 100); do grep -q "listening on" "$WORK/server.out" 2>/dev/null && break; sleep 0.1; done
URL=$(sed -n 's/^listening on //p' "$WORK/server.out")
# The device listener (epoll + sendfile: the device API on its own port);
# "" when off.
DURL=$(sed -n 's/^device listener on //p' "$WORK/server.out")
TOKEN=$(sed -n 's/^admin token: //p' "$WORK/server.out")
"$BUILD/bench/server/server_bench_setup" "$URL" "$TOKEN" "$WORK" "$NREL" $((1 << 20)) >&2
APP_KEY=$(cat "$WORK/app_key")
BLOB=$(cat "$WORK/blob_sha256")
BASE=$(cat "$WORK/base_fingerprint")

# --- nginx: the static check answer and the blob folder, 2 workers (= cores).
mkdir -p "$WORK/www" "$WORK/nginx"
cp "$WORK/check_response.json" "$WORK/www/check.json"
NPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type application/octet-stream;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  server {
    listen 127.0.0.1:$NPORT;
    location = /check.json { root $WORK/www; default_type application/json; }
    # The documented deployment: nginx serves <data>/blobs directly.
    location /v1/blobs/ {
      alias $WORK/data/blobs/;
      add_header Cache-Control "public, max-age=31536000, immutable";
    }
  }
}
CONF
nginx -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" &
NGINX_PID=$!
sleep 0.5
NURL="http://127.0.0.1:$NPORT"

# --- the ceiling: a bare cpprestsdk handler answering the same check JSON
# (no routing, body parsing, metrics), with suture-server's default pool size.
BPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BUILD/bench/server/bare_cpprest" "$WORK/check_response.json" "$BPORT" ${BARE_THREADS:-8} >"$WORK/bare.out" 2>&1 &
BARE_PID=$!
for _ in $(seq 100); do grep -q "listening on" "$WORK/bare.out" 2>/dev/null && break; sleep 0.1; done
BURL="http://127.0.0.1:$BPORT"
curl -sf "$NURL/check.json" >/dev/null
curl -sf "$BURL/check" >/dev/null
curl -sf "$NURL/v1/blobs/$BLOB" -o /dev/null

# --- wrk scripts
cat >"$WORK/check.lua" <<LUA
-- 20,000 distinct device ids per wrk thread, formatted once up front so that
-- wrk spends no more CPU per request here than in the nginx runs.
local body_tmpl = [[$(cat "$WORK/check_body.json")]]
local reqs = {}
local n = 0
init = function(args)
  local salt = tostring(math.random(1, 1000000000))
  for i = 1, 20000 do
    local body = body_tmpl:gsub('bench%-device', 'dev-' .. salt .. '-' .. i)
    reqs[i] = wrk.format("POST", "/v1/apps/com.bench.app/check",
      {["Content-Type"] = "application/json", ["X-Suture-App-Key"] = "$APP_KEY"}, body)
  end
end
request = function()
  n = n + 1
  return reqs[(n % 20000) + 1]
end
done = function(summary, latency, requests)
  io.write(string.format("WRKJSON {\"requests\":%d,\"seconds\":%.3f,\"rps\":%.1f,\"bytes\":%d,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"non2xx\":%d,\"errors\":%d}\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), summary.bytes,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
sed -n '/^done = /,$p' "$WORK/check.lua" >"$WORK/plain.lua"

run() {  # name url [script]
  local name=$1 url=$2 script=${3:-$WORK/plain.lua}
  local out
  out=$(wrk -t$THREADS -c$CONNS -d${DUR}s --latency -s "$script" "$url" | sed -n 's/^WRKJSON //p')
  echo "{\"bench\":\"$name\",$(echo "$out" | sed 's/^{//')"
}

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
