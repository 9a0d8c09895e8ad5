#!/usr/bin/env bash
# Side-by-side benchmark: Almanac and VictoriaMetrics on the same data, one run, this machine.
#   scripts/benchmark.sh [XS|S|M]      (default XS; results under results/)
#   scripts/benchmark.sh S --guard     (also fails when a figure passes its limit in
#                                       benchmarks/guard.properties; --guard=FILE for others)
#   scripts/benchmark.sh jmh           (JMH micro-benchmarks of the hot paths)
#   scripts/benchmark.sh series [N]    (series creation: N new series, default 100000)
#   scripts/benchmark.sh large [HOSTS] (one answer of HOSTS x a day of 10 s points, default 1000)
#   scripts/benchmark.sh catchup [HOURS] [HOSTS] [METRICS]  (the aggregators catching up HOURS of
#                                       stored raw points; default 6 h of 100 x 100 series)
#   scripts/benchmark.sh ops [AGENTS] [TASKS]  (ops server: AGENTS simulated agents, one stage of
#                                       TASKS tasks; default 1000 and 10000; ALMANAC_OPS_DB=postgres
#                                       for PostgreSQL; docs/ops.md "At cluster scale")
# Installs VictoriaMetrics from Debian when it is missing (needs root and the Debian mirror).
# ALMANAC_BENCH_PROFILE=1 also profiles the collector's CPU with async-profiler, one flame graph per
# phase (ingest, sealing, each query) in results/profile-<tier>-<time>-<phase>.html (docs/benchmarks.md).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TIER="${1:-XS}"
cd "$ROOT"
BUILD_STARTED="$(mktemp)"
mvn -q -B -DskipTests package
# bin/almanac then sees a fresh build and does not build again inside the measured start.
touch -r "$BUILD_STARTED" "$ROOT/collector/target/almanac-build.stamp" && rm -f "$BUILD_STARTED"
# The collector's class archive (docs/collector.md "Start-up"): recorded now if this build has none,
# so that the measured start is the one every start after the first makes.
if [[ "${ALMANAC_CDS:-on}" != off ]]; then
  "$ROOT/bin/almanac" class-archive
fi
CP="$ROOT/benchmarks/target/classes:$ROOT/benchmarks/target/lib/*"
# The series, large-answer and M-tier figures in docs/benchmarks.md were measured on a 1 GiB heap
# with G1 (the collector's default until 2026-12-06): those runs keep it unless told otherwise.
heap_of_record() {
  export ALMANAC_HEAP="${ALMANAC_HEAP:-1g}"
  [[ "${ALMANAC_JAVA_OPTS:-}" == *-XX:+Use*GC* ]] || export ALMANAC_JAVA_OPTS="${ALMANAC_JAVA_OPTS:-} -XX:+UseG1GC"
}
if [[ "$TIER" == "jmh" ]]; then
  exec java -Xmx512m -cp "$CP" org.openjdk.jmh.Main -rf json -rff "$ROOT/results/jmh.json" "${@:2}"
fi
if [[ "$TIER" == "series" ]]; then
  heap_of_record
  exec java -Xmx512m -cp "$CP" io.almanac.benchmarks.SeriesCreationBenchmark "$ROOT" "$ROOT/results" "${@:2}"
fi
if [[ "$TIER" == "large" ]]; then
  heap_of_record
  exec java -Xmx1g -cp "$CP" io.almanac.benchmarks.LargeAnswerBenchmark "$ROOT" "$ROOT/results" "${@:2}"
fi
if [[ "$TIER" == "catchup" ]]; then
  exec java -Xmx1g -cp "$CP" io.almanac.benchmarks.CatchUpBenchmark "$ROOT" "$ROOT/results" "${@:2}"
fi
if [[ "$TIER" == "ops" ]]; then
  exec java -Xmx1g -cp "$CP" io.almanac.benchmarks.OpsBenchmark "$ROOT" "$ROOT/results" "${@:2}"
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
# The harness makes each POST body when it sends it; its heap holds the answers it checks.
heap=1g
if [[ "$TIER" == "M" ]]; then
  heap=2g
  heap_of_record # 200,000 series need more than the default heap (docs/collector.md, "Memory")
fi
# --guard[=FILE]: fail when a figure passes its limit in FILE (default benchmarks/guard.properties).
guard=()
case "${2:-}" in
  --guard) guard=("$ROOT/benchmarks/guard.properties") ;;
  --guard=*) guard=("$(realpath "${2#--guard=}")") ;;
  "") ;;
  *) echo "usage: scripts/benchmark.sh [XS|S|M] [--guard[=FILE]]" >&2; exit 2 ;;
esac
exec java "-Xmx$heap" -cp "$CP" io.almanac.benchmarks.BenchmarkRunner "$TIER" "$ROOT" "$ROOT/results" "${guard[@]}"
