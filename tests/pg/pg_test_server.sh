#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests: the ctest fixture
# "postgresql" runs `start` before and `stop` after every test that needs it.
#
#   tests/pg/pg_test_server.sh start DIR PORT   # initdb DIR (if new) + start on 127.0.0.1:PORT
#   tests/pg/pg_test_server.sh stop DIR         # stop (fast) and remove DIR
#
# As root, initdb and pg_ctl run as the `postgres` user (they refuse root).
# fsync is off: the tests kill servers, not the machine.
set -euo pipefail
cmd="${1:?start|stop}"
dir="${2:?DIR}"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x "$bin/initdb" ]] || { echo "pg_test_server: no PostgreSQL server in /usr/lib/postgresql (scripts/setup.sh installs it)" >&2; exit 1; }
as_pg=()
if [[ $(id -u) -eq 0 ]]; then as_pg=(runuser -u postgres --); fi
case "$cmd" in
  start)
    port="${3:?PORT}"
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
    if [[ -f "$dir/data/PG_VERSION" ]]; then
      # Left by a run that was killed: stop it if it still runs.
      "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
      rm -rf "$dir/data"
    fi
    "${as_pg[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "pg_test_server: postgresql://postgres@127.0.0.1:$port"
    ;;
  stop)
    if [[ -f "$dir/data/PG_VERSION" ]]; then
      "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
