#!/usr/bin/env bash
# Scale-out on PostgreSQL (issue 12), one run, wrk -t2 -c64 everywhere:
#
#   bench/server/run_cluster_bench.sh BUILD_DIR [DURATION_S=12]
#   (ROUNDS=3 interleaved rounds; NREL=1000 releases per backend)
#
# Starts, all on 127.0.0.1:
#   - one suture-server on SQLite (its device listener hit directly),
#   - two clusters with deploy/cluster.sh (PostgreSQL + instances + nginx):
#     pg1 with 1 instance, pg3 with 3 instances (hit through nginx's device port),
#   - nginx serving the SQLite server's check answer as a static file.
# Each backend is seeded by server_bench_setup (1,000 releases, a 1 MiB blob).
# Per round: check requests/s and p99 on the four (`*_check`, nginx:
# `nginx_static_json`) and on pg1's instance without nginx in front
# (`pg1_direct_check`: what the proxy hop costs), then reports accepted per second on the three
# backends (`*_report`: one `applied` event per report, unique event ids;
# afterwards the database's new events must equal the accepted count).
# Prints one JSON object per line, then a `summary` line with medians and
# ratios. PG_SYNCHRONOUS_COMMIT=off sets that PostgreSQL setting on both
# clusters (a diagnostic: default is PostgreSQL's own, on, a WAL flush per
# commit; the SQLite server runs WAL with synchronous=NORMAL, no flush per
# commit). Needs: wrk, nginx, PostgreSQL server binaries, psql, python3.
# The 2 cores are shared by wrk, nginx, PostgreSQL and every instance: the
# figures say what one small machine does, not how a cluster of machines scales.
set -euo pipefail
BUILD=$(cd "${1:?build dir}" && pwd)
DUR=${2:-12}
NREL=${NREL:-1000}
ROUNDS=${ROUNDS:-3}
CONNS=64
THREADS=2
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SERVER_BIN=$BUILD/patch-server/suture-server
SETUP=$BUILD/bench/server/server_bench_setup
# Reports: WINDOW_S of reports, then health GETs until wrk stops, so every
# report sent has been answered when the database is counted (a report
# stuck behind a slow commit for longer is "unanswered"; the database is
# counted again 2 s later to see whether it was stored anyway).
DRAIN=5
(( DUR > DRAIN + 1 )) || { echo "DURATION_S must be > $((DRAIN + 1))" >&2; exit 2; }
WINDOW=$((DUR - DRAIN))
WORK=$(mktemp -d /tmp/suture-cluster-bench.XXXXXX)
chmod 755 "$WORK"  # nginx workers and PostgreSQL run as unprivileged users
source "$HERE/bench_lib.sh"

SERVER_PID=""
NGINX_PID=""
cleanup() {
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true
  [[ -n "$NGINX_PID" ]] && kill "$NGINX_PID" 2>/dev/null || true
  for c in pg1 pg3; do
    [[ -f "$WORK/$c/cluster.env" ]] && "$ROOT/deploy/cluster.sh" stop "$WORK/$c" >/dev/null 2>&1 || true
  done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
LOAD_START=$(cut -d' ' -f1 /proc/loadavg)

# Device limits as in run_server_bench.sh: the wrk scripts' 20,000 device ids
# per thread stay far below 1,000 requests/s each.
LIMITS=(--device-rate 1000 --device-burst 1000)

# --- SQLite: one suture-server, seeded, its device listener hit directly.
mkdir -p "$WORK/sqlite"
bench_start_server "$SERVER_BIN" "$WORK/sqlite/data" "$WORK/sqlite/server" "${LIMITS[@]}"
SQLITE_PID=$SERVER_PID
"$SETUP" "$URL" "$TOKEN" "$WORK/sqlite" "$NREL" $((1 << 20)) >&2
SQLITE_DURL=$DURL
sqlite_events() {
  python3 -c 'import sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
print(db.execute("SELECT count(*) FROM events").fetchone()[0])' "$WORK/sqlite/data/suture.db"
}

# --- PostgreSQL clusters. Seeded through instance 1's own main port: an admin
# write that names an object made a moment before through ANOTHER instance
# (publish on one, release on the next) can miss it until that instance has
# followed the database (<= 1 s), and server_bench_setup does not retry.
env_of() { sed -n "s/^$2=//p" "$WORK/$1/cluster.env" | tail -1; }
for c in pg1 pg3; do
  n=${c#pg}
  SUTURE_SERVER=$SERVER_BIN SUTURE_ARGS="${LIMITS[*]}" \
    "$ROOT/deploy/cluster.sh" start "$WORK/$c" "$n" >&2
  "$SETUP" "$(env_of "$c" INSTANCE_1_MAIN)" "$(env_of "$c" ADMIN_TOKEN)" "$WORK/$c" "$NREL" \
    $((1 << 20)) >&2
done
if [[ -n "${PG_SYNCHRONOUS_COMMIT:-}" ]]; then
  for c in pg1 pg3; do  # a reload reaches the instances' open sessions too
    psql -X -Atq "$(env_of "$c" DB_URL)" -c "ALTER SYSTEM SET synchronous_commit = '$PG_SYNCHRONOUS_COMMIT'" \
      -c "SELECT pg_reload_conf()" >/dev/null
  done
fi
PG_SYNC=$(psql -X -Atq "$(env_of pg1 DB_URL)" -c "SHOW synchronous_commit")
pg_events() { psql -X -Atq "$(env_of "$1" DB_URL)" -c "SELECT count(*) FROM events"; }

# Every instance must give the seeding instance's answer (the same release
# for the same device) before the rounds start: wait for them to follow.
check_decision() {  # URL APP_KEY BODY_FILE -> the answer's release_id and patch_id
  curl -sf -X POST -H "X-Suture-App-Key: $2" -H 'Content-Type: application/json' \
    --data-binary "@$3" "$1/v1/apps/com.bench.app/check" |
    python3 -c 'import json, sys
a = json.load(sys.stdin)
m = a.get("manifest", a)
m = json.loads(m) if isinstance(m, str) else m
print(m.get("type"), m.get("release_id"), m.get("patch_id"), m.get("version"))'
}
for c in pg1 pg3; do
  key=$(cat "$WORK/$c/app_key")
  want=$(check_decision "$(env_of "$c" INSTANCE_1_DEVICE)" "$key" "$WORK/$c/check_body.json")
  for i in $(seq "$(env_of "$c" INSTANCES)"); do
    for _ in $(seq 50); do
      got=$(check_decision "$(env_of "$c" "INSTANCE_${i}_DEVICE")" "$key" "$WORK/$c/check_body.json") || got=""
      [[ "$got" == "$want" ]] && break
      sleep 0.2
    done
    [[ "$got" == "$want" ]] || { echo "$c instance $i answers '$got', instance 1 '$want'" >&2; exit 1; }
  done
  echo "{\"bench\":\"follow\",\"cluster\":\"$c\",\"instances\":$(env_of "$c" INSTANCES),\"decision\":\"$want\"}"
done

# --- nginx serving the SQLite server's check answer as a static file.
NPORT=$(bench_free_port)
bench_static_nginx "$WORK/nginx" "$NPORT" "$WORK/sqlite/check_response.json"
NURL="http://127.0.0.1:$NPORT"

# --- wrk scripts, one set per backend (each has its own app key). Release 1
# is the first base build's release on each fresh database.
declare -A BASE_URL=([sqlite]=$SQLITE_DURL [pg1]=$(env_of pg1 DEVICE_URL) [pg3]=$(env_of pg3 DEVICE_URL))
for b in sqlite pg1 pg3; do
  bench_check_lua "$WORK/check_$b.lua" "$WORK/$b/check_body.json" "$(cat "$WORK/$b/app_key")"
  bench_report_lua "$WORK/report_$b.lua" "$WORK/$b/check_body.json" "$(cat "$WORK/$b/app_key")" 1
  curl -sf -o /dev/null "${BASE_URL[$b]}/healthz"
done
events_of() { if [[ $1 == sqlite ]]; then sqlite_events; else pg_events "$1"; fi; }

ALL=()
emit() { echo "$1"; ALL+=("$1"); }
for round in $(seq "$ROUNDS"); do
  emit "{\"round\":$round,$(bench_wrk nginx_static_json "$NURL/check.json" | sed 's/^{//')"
  for b in sqlite pg1 pg3; do
    line=$(bench_wrk "${b}_check" "${BASE_URL[$b]}/v1/apps/com.bench.app/check" "$WORK/check_$b.lua")
    emit "{\"round\":$round,\"backend\":\"$b\",${line#\{}"
  done
  line=$(bench_wrk pg1_direct_check "$(env_of pg1 INSTANCE_1_DEVICE)/v1/apps/com.bench.app/check" \
         "$WORK/check_pg1.lua")
  emit "{\"round\":$round,\"backend\":\"pg1\",${line#\{}"
  for b in sqlite pg1 pg3; do
    before=$(events_of "$b")
    line=$(bench_wrk "${b}_report" "${BASE_URL[$b]}/v1/apps/com.bench.app/report" \
           "$WORK/report_$b.lua" "r$round-$$" "$WINDOW")
    after=$(events_of "$b")
    sleep 2
    late=$(events_of "$b")
    emit "{\"round\":$round,\"backend\":\"$b\",\"db_new_events\":$((after - before)),\"db_new_events_2s_later\":$((late - before)),${line#\{}"
  done
done

printf '%s\n' "${ALL[@]}" | python3 -c '
import json, statistics, sys
rows = [json.loads(l) for l in sys.stdin if l.strip()]
by = {}
for r in rows:
    by.setdefault(r["round"], {})[r["bench"]] = r
rounds = list(by.values())
med = lambda xs: statistics.median(xs)
def rps(b, name): return b[name]["rps"]
def rep(b, name): return b[name]["accepted_per_s"]
ratio = lambda f, num, den: round(med([f(b, num) / f(b, den) for b in rounds]), 3)
out = {"bench": "summary", "releases": int(sys.argv[1]), "connections": 64, "wrk_threads": 2,
       "rounds": len(rounds), "duration_s": int(sys.argv[2]), "report_window_s": int(sys.argv[3]),
       "cores": int(sys.argv[4]), "loadavg_1m_start": float(sys.argv[5]),
       "pg_synchronous_commit": sys.argv[6],
       "loadavg_1m_end": float(open("/proc/loadavg").read().split()[0])}
for n in ["nginx_static_json", "sqlite_check", "pg1_check", "pg3_check", "pg1_direct_check"]:
    out[n + "_rps_median"] = med([rps(b, n) for b in rounds])
    out[n + "_p99_ms_median"] = med([b[n]["p99_ms"] for b in rounds])
    out[n + "_non2xx"] = sum(b[n]["non2xx"] + b[n]["errors"] for b in rounds)
for n in ["sqlite_check", "pg1_check", "pg3_check", "pg1_direct_check"]:
    out[n + "_vs_nginx_median"] = ratio(rps, n, "nginx_static_json")
    out[n + "_vs_nginx_rounds"] = [round(rps(b, n) / rps(b, "nginx_static_json"), 3) for b in rounds]
out["check_pg3_vs_sqlite_median"] = ratio(rps, "pg3_check", "sqlite_check")
out["check_pg1_vs_sqlite_median"] = ratio(rps, "pg1_check", "sqlite_check")
out["check_pg3_vs_pg1_median"] = ratio(rps, "pg3_check", "pg1_check")
out["check_pg1_direct_vs_sqlite_median"] = ratio(rps, "pg1_direct_check", "sqlite_check")
out["check_pg1_vs_pg1_direct_median"] = ratio(rps, "pg1_check", "pg1_direct_check")
out["check_pg3_vs_pg1_rounds"] = [round(rps(b, "pg3_check") / rps(b, "pg1_check"), 3) for b in rounds]
ok = True
for n in ["sqlite_report", "pg1_report", "pg3_report"]:
    out[n + "_accepted_per_s_median"] = med([rep(b, n) for b in rounds])
    out[n + "_accepted_per_s_rounds"] = [rep(b, n) for b in rounds]
    out[n + "_non2xx"] = sum(b[n]["report_non2xx"] for b in rounds)
    out[n + "_unanswered"] = sum(b[n]["unanswered"] for b in rounds)
    # Every 2xx stored (an unanswered report may be stored too: never fewer);
    # with nothing unanswered, exactly the accepted ones.
    stored = all(b[n]["db_new_events_2s_later"] >= b[n]["accepted"] and b[n]["duplicates"] == 0
                 and b[n]["db_new_events_2s_later"] <= b[n]["reports_sent"] for b in rounds)
    exact = all(b[n]["db_new_events"] == b[n]["accepted"] for b in rounds if b[n]["unanswered"] == 0)
    out[n + "_every_2xx_stored"] = stored
    out[n + "_db_events_equal_accepted"] = exact
    out[n + "_stored_unanswered"] = sum(b[n]["db_new_events_2s_later"] - b[n]["accepted"] for b in rounds)
    ok = ok and stored and exact
for n in ["sqlite_report", "pg1_report"]:
    out["report_pg3_vs_" + n.split("_")[0] + "_median"] = ratio(rep, "pg3_report", n)
out["report_pg1_vs_sqlite_median"] = ratio(rep, "pg1_report", "sqlite_report")
out["reports_all_counted"] = ok
print(json.dumps(out))
' "$NREL" "$DUR" "$WINDOW" "$(nproc)" "$LOAD_START" "$PG_SYNC"
