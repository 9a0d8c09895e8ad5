#!/usr/bin/env bash
# Measures the host monitor's CPU share and RSS at default intervals over 5 minutes after a 60 s
# warm-up. Needs a collector to send to: [collector host:port] (default 127.0.0.1:6188).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COLLECTOR="${1:-127.0.0.1:6188}"
"$ROOT/bin/almanac" host-monitor --collector "$COLLECTOR" > /dev/null 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null' EXIT
sleep 5
jvm=$(pgrep -f -n HostMonitorMain)
sleep 55
tick=$(getconf CLK_TCK)
t0=$(awk '{print $14+$15}' "/proc/$jvm/stat"); s0=$(date +%s)
max=0
for _ in $(seq 1 30); do
  sleep 10
  rss=$(ps -o rss= -p "$jvm"); (( rss > max )) && max=$rss
done
t1=$(awk '{print $14+$15}' "/proc/$jvm/stat"); s1=$(date +%s)
awk -v d="$((t1 - t0))" -v s="$((s1 - s0))" -v hz="$tick" -v rss="$max" 'BEGIN {
  printf "| CPU (share of one core) | %.2f %% |\n| RSS (max of 30 samples) | %.1f MB |\n", 100 * d / hz / s, rss / 1024 }'
