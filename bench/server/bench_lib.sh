# Shared by run_server_bench.sh and run_cluster_bench.sh (sourced, not run):
# a throw-away suture-server, nginx serving a check answer as a static file,
# the wrk scripts for `check` and the one-JSON-line-per-run wrk wrapper.
# Callers set WORK (a throw-away folder), and CONNS, THREADS, DUR for bench_wrk.

# A free TCP port on 127.0.0.1.
bench_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# bench_start_server SERVER_BIN DATA_DIR LOG_PREFIX [server flags...]
# Starts suture-server on 127.0.0.1 (free ports) and waits for it; sets
# SERVER_PID, URL (main port), DURL (device listener, "" when off), TOKEN.
bench_start_server() {
  local bin=$1 data=$2 log=$3
  shift 3
  "$bin" --data "$data" --listen 127.0.0.1:0 "$@" >"$log.out" 2>"$log.err" &
  SERVER_PID=$!
  for _ in $(seq 100); do grep -q "listening on" "$log.out" 2>/dev/null && break; sleep 0.1; done
  URL=$(sed -n 's/^listening on //p' "$log.out")
  [[ -n "$URL" ]] || { cat "$log.err" >&2; echo "suture-server did not start" >&2; return 1; }
  DURL=$(sed -n 's/^device listener on //p' "$log.out")
  TOKEN=$(sed -n 's/^admin token: //p' "$log.out")
}

# bench_static_nginx DIR PORT CHECK_JSON [BLOB_DIR]
# nginx (2 workers = the cores) on 127.0.0.1:PORT serving CHECK_JSON at
# /check.json and, with BLOB_DIR, that blob folder at /v1/blobs/ (the
# documented blob-folder deployment). Sets NGINX_PID; DIR must be readable by
# nginx's unprivileged workers.
bench_static_nginx() {
  local dir=$1 port=$2 check=$3 blobs=${4:-}
  mkdir -p "$dir/www"
  cp "$check" "$dir/www/check.json"
  local blob_loc=""
  [[ -n "$blobs" ]] && blob_loc="location /v1/blobs/ {
      alias $blobs/;
      add_header Cache-Control \"public, max-age=31536000, immutable\";
    }"
  cat >"$dir/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type application/octet-stream;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  server {
    listen 127.0.0.1:$port;
    location = /check.json { root $dir/www; default_type application/json; }
    $blob_loc
  }
}
CONF
  nginx -c "$dir/nginx.conf" -e "$dir/error.log" &
  NGINX_PID=$!
  for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/check.json" && return 0; sleep 0.1; done
  echo "nginx did not start" >&2
  return 1
}

# bench_wrk_done_lua: wrk's done() printing one WRKJSON line (what bench_wrk reads).
bench_wrk_done_lua() {
  cat <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("WRKJSON {\"requests\":%d,\"seconds\":%.3f,\"rps\":%.1f,\"bytes\":%d,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"non2xx\":%d,\"errors\":%d}\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), summary.bytes,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
}

# bench_check_lua OUT CHECK_BODY_JSON APP_KEY [APP_ID=com.bench.app]
# The check script: 20,000 distinct device ids per wrk thread, formatted once
# up front so that wrk spends no more CPU per request here than in the nginx
# runs.
bench_check_lua() {
  local out=$1 body=$2 key=$3 app=${4:-com.bench.app}
  cat >"$out" <<LUA
local body_tmpl = [[$(cat "$body")]]
local reqs = {}
local n = 0
init = function(args)
  local salt = tostring(math.random(1, 1000000000))
  for i = 1, 20000 do
    local body = body_tmpl:gsub('bench%-device', 'dev-' .. salt .. '-' .. i)
    reqs[i] = wrk.format("POST", "/v1/apps/$app/check",
      {["Content-Type"] = "application/json", ["X-Suture-App-Key"] = "$key"}, body)
  end
end
request = function()
  n = n + 1
  return reqs[(n % 20000) + 1]
end
LUA
  bench_wrk_done_lua >>"$out"
}

# bench_wrk NAME URL [SCRIPT [SCRIPT ARGS...]]
# wrk -t$THREADS -c$CONNS -d${DUR}s; prints {"bench":NAME, ...the WRKJSON fields}.
# Without SCRIPT: plain GETs with the done() above.
bench_wrk() {
  local name=$1 url=$2 script=${3:-}
  shift 2
  [[ $# -gt 0 ]] && shift
  if [[ -z "$script" ]]; then
    script=$WORK/plain.lua
    [[ -f "$script" ]] || bench_wrk_done_lua >"$script"
  fi
  local args=() out
  [[ $# -gt 0 ]] && args=(-- "$@")
  out=$(wrk -t"$THREADS" -c"$CONNS" -d"${DUR}s" --latency -s "$script" "$url" "${args[@]}" |
        sed -n 's/^WRKJSON //p')
  [[ -n "$out" ]] || out='{"failed":true}'
  echo "{\"bench\":\"$name\",${out#\{}"
}

# bench_report_lua OUT CHECK_BODY_JSON APP_KEY RELEASE_ID [APP_ID=com.bench.app]
# The report script: POST /v1/apps/{app}/report, one `applied` event per
# report with an id unique to the run (wrk args: TAG WINDOW_S; TAG must differ
# between runs on one database), 20,000 device ids per thread. After WINDOW_S
# seconds each thread sends only GET /healthz, so that every report sent has
# its answer counted before wrk stops (run wrk for WINDOW_S + a few seconds):
# the database's new events must then equal the accepted count exactly.
# Prints WRKJSON with requests (reports + health), reports_sent, accepted,
# duplicates, report_non2xx, unanswered (sent - 2xx - non-2xx), window_s,
# accepted_per_s (accepted / window), errors (socket). wrk calls request()
# once on its first thread to look at it and never sends that one: it is not
# counted as sent.
bench_report_lua() {
  local out=$1 body=$2 key=$3 rel=$4 app=${5:-com.bench.app}
  cat >"$out" <<LUA
local ffi = require("ffi")  -- wrk runs LuaJIT: a monotonic clock for the window
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec* tp);
]]
local ts = ffi.new("bench_timespec")
local function now()
  ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end

local threads = {}
local nthreads = 0
setup = function(thread)
  nthreads = nthreads + 1
  thread:set("tid", nthreads)
  table.insert(threads, thread)
end

local device_tmpl = [[$(cat "$body")]]
local path = "/v1/apps/$app/report"
local hdrs = {["Content-Type"] = "application/json", ["X-Suture-App-Key"] = "$key"}
local devices = {}
local health
local stop_at
local prefix
init = function(args)
  local tag = args[1] or "run"
  window = tonumber(args[2] or "5")
  for i = 1, 20000 do
    devices[i] = (device_tmpl:gsub('bench%-device', 'rdev-' .. tid .. '-' .. i))
  end
  prefix = 'e-' .. tag .. '-' .. tid .. '-'
  health = wrk.format("GET", "/healthz")
  sent, ok2xx, accepted, duplicates, non2xx = 0, 0, 0, 0, 0
  if tid == 1 then sent = -1 end  -- the looked-at request (see above)
  stop_at = now() + window
end
request = function()
  if now() >= stop_at then return health end
  sent = sent + 1
  local body = '{"device":' .. devices[(sent % 20000) + 1] .. ',"events":[{"event_id":"' ..
    prefix .. sent .. '","kind":"applied","release_id":"$rel"}]}'
  return wrk.format("POST", path, hdrs, body)
end
response = function(status, headers, body)
  local a = body:match('"accepted":(%d+)')
  if a ~= nil and status >= 200 and status < 300 then
    ok2xx = ok2xx + 1
    accepted = accepted + tonumber(a)
    duplicates = duplicates + tonumber(body:match('"duplicates":(%d+)') or "0")
  elseif status >= 300 then
    non2xx = non2xx + 1  -- /healthz answers 200: every failure is a report's
  end
end
done = function(summary, latency, requests)
  local s, ok, acc, dup, bad = 0, 0, 0, 0, 0
  local win = 0
  for _, t in ipairs(threads) do
    s = s + t:get("sent"); ok = ok + t:get("ok2xx"); acc = acc + t:get("accepted")
    dup = dup + t:get("duplicates"); bad = bad + t:get("non2xx"); win = t:get("window")
  end
  io.write(string.format("WRKJSON {\"requests\":%d,\"reports_sent\":%d,\"reports_2xx\":%d,\"accepted\":%d,\"duplicates\":%d,\"report_non2xx\":%d,\"unanswered\":%d,\"window_s\":%.3f,\"accepted_per_s\":%.1f,\"errors\":%d}\n",
    summary.requests, s, ok, acc, dup, bad, s - ok - bad, win, acc / win,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
}
