#!/usr/bin/env bash
# The documented deployment on one machine (docs/deploy.md): PostgreSQL,
# N suture-server instances on it, nginx in front, all on 127.0.0.1.
#
#   deploy/cluster.sh start DIR [N=3]   start PostgreSQL (new or existing in DIR/pg),
#                                       N instances and nginx; writes DIR/cluster.env
#   deploy/cluster.sh add DIR           one more instance, nginx reloaded
#   deploy/cluster.sh restart DIR I     stop instance I (SIGTERM, waits), start $SUTURE_SERVER
#                                       on its ports and data folder (a rolling upgrade
#                                       runs this for each I in turn; nginx retries meanwhile)
#   deploy/cluster.sh stop DIR          stop nginx, the instances, PostgreSQL (DIR stays)
#   deploy/cluster.sh status DIR        what runs
#
# Environment: SUTURE_SERVER (default build/patch-server/suture-server),
# PG_PORT, MAIN_PORT, DEVICE_PORT (nginx's two ports; default: free ports),
# SUTURE_ARGS (extra suture-server flags for every instance).
# As root, PostgreSQL runs as the `postgres` user (initdb refuses root).
set -euo pipefail
cmd="${1:?start|add|restart|stop|status}"
DIR="${2:?DIR}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SERVER="${SUTURE_SERVER:-$ROOT/build/patch-server/suture-server}"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
as_pg=()
[[ $(id -u) -eq 0 ]] && as_pg=(runuser -u postgres --)

die() { echo "cluster.sh: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
env_get() { [[ -f "$DIR/cluster.env" ]] || return 0; sed -n "s/^$1=//p" "$DIR/cluster.env" | tail -1; }
env_set() {
  touch "$DIR/cluster.env"
  grep -v "^$1=" "$DIR/cluster.env" >"$DIR/cluster.env.tmp" || true
  echo "$1=$2" >>"$DIR/cluster.env.tmp"
  mv "$DIR/cluster.env.tmp" "$DIR/cluster.env"
}

start_pg() {
  [[ -x "$PGBIN/initdb" ]] || die "no PostgreSQL in /usr/lib/postgresql (apt-get install postgresql)"
  local port; port=$(env_get PG_PORT); port=${port:-${PG_PORT:-$(free_port)}}
  mkdir -p "$DIR/pg"
  [[ $(id -u) -eq 0 ]] && chown postgres "$DIR/pg"
  if [[ ! -f "$DIR/pg/data/PG_VERSION" ]]; then
    "${as_pg[@]}" "$PGBIN/initdb" -D "$DIR/pg/data" -A trust -U postgres -E UTF8 --locale=C \
      >"$DIR/pg/initdb.log" 2>&1 || { cat "$DIR/pg/initdb.log" >&2; die "initdb failed"; }
    # In the configuration file, so a plain `pg_ctl -D DIR/pg/data start|restart`
    # (docs/deploy.md) brings it back on the same address.
    cat >>"$DIR/pg/data/postgresql.conf" <<CONF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR/pg'
max_connections = 200
CONF
  fi
  "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$DIR/pg/data" -l "$DIR/pg/server.log" -w -t 60 start >/dev/null \
    || { tail -5 "$DIR/pg/server.log" >&2; die "PostgreSQL did not start"; }
  psql -X -q "postgresql://postgres@127.0.0.1:$port/postgres" -c "CREATE DATABASE suture" \
    >/dev/null 2>&1 || true  # exists from an earlier start
  env_set PG_PORT "$port"
  env_set DB_URL "postgresql://postgres@127.0.0.1:$port/suture"
}

# start_instance I [MAIN DEVICE]: suture-server I on the database (on the
# given host:port addresses, default free ports); waits for "listening on".
start_instance() {
  local i=$1 d="$DIR/inst$1" main=${2:-127.0.0.1:0} device=${3:-127.0.0.1:0}
  mkdir -p "$d"
  # A previous run's "listening on" must not pass for this one's (restart,
  # start on an existing DIR): the redirect below may truncate too late.
  rm -f "$d/out"
  # shellcheck disable=SC2086
  # Manifests name blobs at nginx's device port, not at this instance's own
  # listener: devices then download through nginx's blob cache, every
  # instance signs the same manifest bytes, and a dead instance's URL is never
  # handed out. (SUTURE_ARGS comes after: its --blob-base-url, e.g. a CDN, wins.)
  # nginx on 127.0.0.1 names the device in X-Forwarded-For (--trust-proxy).
  "$SERVER" --data "$d/data" --db "$(env_get DB_URL)" --listen "$main" \
    --device-listen "$device" --blob-base-url "http://127.0.0.1:$(env_get DEVICE_PORT)/v1/blobs/" \
    --trust-proxy 127.0.0.1/32 \
    ${SUTURE_ARGS:-} </dev/null >"$d/out" 2>"$d/err" &
  local pid=$!
  for _ in $(seq 300); do
    grep -q "^listening on" "$d/out" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { cat "$d/err" >&2; die "instance $i exited"; }
    sleep 0.1
  done
  grep -q "^listening on" "$d/out" || die "instance $i did not start in 30 s"
  env_set "INSTANCE_${i}_PID" "$pid"
  env_set "INSTANCE_${i}_MAIN" "$(sed -n 's/^listening on //p' "$d/out")"
  env_set "INSTANCE_${i}_DEVICE" "$(sed -n 's/^device listener on //p' "$d/out")"
  local token; token=$(sed -n 's/^admin token: //p' "$d/out")
  [[ -n "$token" ]] && env_set ADMIN_TOKEN "$token"
  return 0
}

write_nginx() {
  local n; n=$(env_get INSTANCES)
  local main_servers="" device_servers=""
  for i in $(seq "$n"); do
    local m d
    m=$(env_get "INSTANCE_${i}_MAIN"); d=$(env_get "INSTANCE_${i}_DEVICE")
    main_servers+="server ${m#http://} max_fails=1 fail_timeout=2s; "
    device_servers+="server ${d#http://} max_fails=1 fail_timeout=2s; "
  done
  mkdir -p "$DIR/nginx"
  chmod 755 "$DIR" "$DIR/nginx"
  sed -e "s#@WORK@#$DIR/nginx#g" -e "s#@MAIN_LISTEN@#127.0.0.1:$(env_get MAIN_PORT)#" \
      -e "s#@DEVICE_LISTEN@#127.0.0.1:$(env_get DEVICE_PORT)#" \
      -e "s#@MAIN_SERVERS@#$main_servers#" -e "s#@DEVICE_SERVERS@#$device_servers#" \
      "$ROOT/deploy/nginx.conf.template" >"$DIR/nginx/nginx.conf"
}

start_nginx() {
  command -v nginx >/dev/null || die "no nginx (apt-get install nginx-light)"
  nginx -t -q -c "$DIR/nginx/nginx.conf" -e "$DIR/nginx/error.log" || die "nginx configuration rejected"
  nginx -c "$DIR/nginx/nginx.conf" -e "$DIR/nginx/error.log" </dev/null >/dev/null 2>&1 &
  env_set NGINX_PID $!
  for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$(env_get MAIN_PORT)/healthz" && return 0
    sleep 0.1
  done
  die "nginx did not answer"
}

case "$cmd" in
  start)
    n="${3:-3}"
    mkdir -p "$DIR"
    DIR="$(cd "$DIR" && pwd)"
    chmod 755 "$DIR"  # PostgreSQL (user postgres) and nginx's workers reach their folders
    [[ -x "$SERVER" ]] || die "no suture-server at $SERVER (build first, or set SUTURE_SERVER)"
    start_pg
    env_set INSTANCES "$n"
    env_set MAIN_PORT "${MAIN_PORT:-$(free_port)}"
    env_set DEVICE_PORT "${DEVICE_PORT:-$(free_port)}"
    for i in $(seq "$n"); do start_instance "$i"; done  # 1 prints the admin token
    write_nginx
    start_nginx
    env_set URL "http://127.0.0.1:$(env_get MAIN_PORT)"
    env_set DEVICE_URL "http://127.0.0.1:$(env_get DEVICE_PORT)"
    echo "cluster: $n instances on $(env_get DB_URL), nginx on $(env_get URL) (device port $(env_get DEVICE_URL))"
    echo "cluster: settings in $DIR/cluster.env"
    ;;
  add)
    DIR="$(cd "$DIR" && pwd)"
    n=$(( $(env_get INSTANCES) + 1 ))
    start_instance "$n"
    env_set INSTANCES "$n"
    write_nginx
    nginx -s reload -c "$DIR/nginx/nginx.conf" -e "$DIR/nginx/error.log"
    echo "cluster: instance $n at $(env_get "INSTANCE_${n}_MAIN"), nginx reloaded"
    ;;
  restart)
    [[ -f "$DIR/cluster.env" ]] || die "$DIR/cluster.env: no cluster here"
    DIR="$(cd "$DIR" && pwd)"
    i="${3:?instance number}"
    main=$(env_get "INSTANCE_${i}_MAIN"); [[ -n "$main" ]] || die "no instance $i"
    pid=$(env_get "INSTANCE_${i}_PID")
    kill "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    start_instance "$i" "${main#http://}" "$(env_get "INSTANCE_${i}_DEVICE" | sed 's#^http://##')"
    echo "cluster: instance $i restarted (pid $(env_get "INSTANCE_${i}_PID")) on $main"
    ;;
  stop)
    [[ -f "$DIR/cluster.env" ]] || die "$DIR/cluster.env: no cluster here"
    DIR="$(cd "$DIR" && pwd)"
    pid=$(env_get NGINX_PID); [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
    for i in $(seq "$(env_get INSTANCES)"); do
      pid=$(env_get "INSTANCE_${i}_PID"); [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
    done
    for i in $(seq "$(env_get INSTANCES)"); do
      pid=$(env_get "INSTANCE_${i}_PID")
      while [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    done
    "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$DIR/pg/data" -m fast -w stop >/dev/null 2>&1 || true
    echo "cluster: stopped"
    ;;
  status)
    [[ -f "$DIR/cluster.env" ]] || die "$DIR/cluster.env: no cluster here"
    for i in $(seq "$(env_get INSTANCES)"); do
      pid=$(env_get "INSTANCE_${i}_PID")
      state=down; kill -0 "$pid" 2>/dev/null && state=up
      echo "instance $i: $state (pid $pid) $(env_get "INSTANCE_${i}_MAIN")"
    done
    pid=$(env_get NGINX_PID); state=down; kill -0 "$pid" 2>/dev/null && state=up
    echo "nginx: $state $(env_get URL)"
    "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$DIR/pg/data" status >/dev/null 2>&1 && echo "postgresql: up" || echo "postgresql: down"
    ;;
  *) die "usage: cluster.sh start|add|restart|stop|status DIR [N|I]" ;;
esac
