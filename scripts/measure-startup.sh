#!/usr/bin/env bash
# Measures the collector's start-to-ready time and RSS: on a fresh data dir at the first start after
# a build (bin/almanac then writes the class-data-sharing archive as the collector stops), on that
# data dir again (with the archive), and on a new fresh data dir (with the archive).
# Usage: scripts/measure-startup.sh [port]   (default 16188; data under target/measure-startup)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${1:-16188}"
DATA="$ROOT/target/measure-startup/data"

BUILD_STARTED="$(mktemp)"
(cd "$ROOT" && mvn -q -B -DskipTests package)
# bin/almanac then sees a fresh build and does not build again inside the measured start.
touch -r "$BUILD_STARTED" "$ROOT/collector/target/almanac-build.stamp" && rm -f "$BUILD_STARTED"
rm -rf "$DATA" "$ROOT/collector/target/cds"
mkdir -p "$(dirname "$DATA")"

measure() {
  local name="$1" label="$2" start pid ready rss
  start=$(date +%s%N)
  "$ROOT/bin/almanac" collector --bind 127.0.0.1 --port "$PORT" --data-dir "$DATA" \
    > "$(dirname "$DATA")/$name.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$PORT/health" > /dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "collector exited; see $(dirname "$DATA")/$name.log" >&2
      exit 1
    fi
    sleep 0.2
  done
  ready=$(( ($(date +%s%N) - start) / 1000000 ))
  rss=$(( $(ps -o rss= -p "$pid") / 1024 ))
  printf '| %s | %d.%d s | %d MB |\n' "$label" $((ready / 1000)) $((ready % 1000 / 100)) "$rss"
  kill -TERM "$pid"
  wait "$pid" || true
}

echo "| data directory | start to ready | RSS once ready |"
echo "|---|---|---|"
measure first "fresh, first start after a build (no class archive yet)"
measure existing "existing"
rm -rf "$DATA"
measure fresh "fresh"
