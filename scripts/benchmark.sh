#!/usr/bin/env bash
# Side-by-side benchmark: Almanac and VictoriaMetrics on the same data, one run, this machine.
#   scripts/benchmark.sh [XS|S|M]      (default XS; results under results/)
#   scripts/benchmark.sh jmh           (JMH micro-benchmarks of the hot paths)
#   scripts/benchmark.sh series [N]    (series creation: N new series, default 100000)
#   scripts/benchmark.sh large [HOSTS] (one answer of HOSTS x a day of 10 s points, default 1000)
# Installs VictoriaMetrics from Debian when it is missing (needs root and the Debian mirror).
# ALMANAC_BENCH_PROFILE=1 also profiles the collector's CPU with async-profiler, one flame graph per
# phase (ingest, each query) in results/profile-<tier>-<time>-<phase>.html (docs/benchmarks.md).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TIER="${1:-XS}"
cd "$ROOT"
BUILD_STARTED="$(mktemp)"
mvn -q -B -DskipTests package
# bin/almanac then sees a fresh build and does not build again inside the measured start.
touch -r "$BUILD_STARTED" "$ROOT/collector/target/almanac-build.stamp" && rm -f "$BUILD_STARTED"
CP="$ROOT/benchmarks/target/classes:$ROOT/benchmarks/target/lib/*"
if [[ "$TIER" == "jmh" ]]; then
  exec java -Xmx512m -cp "$CP" org.openjdk.jmh.Main -rf json -rff "$ROOT/results/jmh.json" "${@:2}"
fi
if [[ "$TIER" == "series" ]]; then
  exec java -Xmx512m -cp "$CP" io.almanac.benchmarks.SeriesCreationBenchmark "$ROOT" "$ROOT/results" "${@:2}"
fi
if [[ "$TIER" == "large" ]]; then
  exec java -Xmx1g -cp "$CP" io.almanac.benchmarks.LargeAnswerBenchmark "$ROOT" "$ROOT/results" "${@:2}"
fi
if ! command -v victoria-metrics > /dev/null; then
  echo "installing VictoriaMetrics from Debian ..." >&2
  apt-get install -y --no-install-recommends victoria-metrics > /dev/null
fi
mkdir -p "$ROOT/results"
if [[ "${ALMANAC_BENCH_PROFILE:-}" == "1" ]]; then
  profiler_dir="$ROOT/results/async-profiler"
  mkdir -p "$profiler_dir"
  unzip -o -q -j "$(ls "$ROOT"/benchmarks/target/lib/async-profiler-*.jar | head -1)" \
    'linux-x64/libasyncProfiler.so' -d "$profiler_dir"
  export ALMANAC_BENCH_PROFILER="$profiler_dir/libasyncProfiler.so"
fi
# The harness holds the pre-encoded workload in memory: M needs about 4 GB.
heap=1g
[[ "$TIER" == "S" ]] && heap=2g
[[ "$TIER" == "M" ]] && heap=6g
exec java "-Xmx$heap" -cp "$CP" io.almanac.benchmarks.BenchmarkRunner "$TIER" "$ROOT" "$ROOT/results"
