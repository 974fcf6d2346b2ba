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
