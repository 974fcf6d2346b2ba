#!/bin/bash
# Issue 16 rows 1 and 5 on both ports of a throw-away suture-server:
#   run_port_abuse.sh SERVER_BINARY [LABEL=run]
# 1.5 GB declared and streamed to POST /nope on the main port and on the
# device port (peak server RSS, time to the answer), then one slowloris head
# (a byte a second, cut at 30 s) on each port at once. One JSON line each
# (bench/server/port_abuse.py).
set -u
BIN=$1
LABEL=${2:-run}
HERE=$(cd "$(dirname "$0")" && pwd)
D=$(mktemp -d /tmp/port_abuse_${LABEL}.XXXXXX)
trap 'rm -rf "$D"' EXIT

start() {
  "$BIN" --data "$D/data" --listen 127.0.0.1:0 >"$D/out" 2>"$D/err" &
  PID=$!
  for _ in $(seq 50); do grep -q "^listening" "$D/out" && break; sleep 0.2; done
  MAIN=$(awk '/^listening/ {print $3}' "$D/out")
  DEVICE=$(awk '/^device listener/ {print $4}' "$D/out")
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null; }

echo "# $LABEL: $BIN"
start
python3 "$HERE/port_abuse.py" body "$MAIN" "$PID" 1500000000 /nope 30
stop
start  # a fresh process: its VmHWM is this run's alone
python3 "$HERE/port_abuse.py" body "$DEVICE" "$PID" 1500000000 /nope 30
python3 "$HERE/port_abuse.py" slowloris "$MAIN" 30 1 &
SL=$!
python3 "$HERE/port_abuse.py" slowloris "$DEVICE" 30 1
wait "$SL"
stop
