package io.almanac.benchmarks;

import java.util.Map;

/** The markdown table of one run. */
final class MarkdownTable {
  private MarkdownTable() {}

  @SuppressWarnings("unchecked")
  static String render(Tier tier, Workload w, Map<String, Object> a, Map<String, Object> v) {
    StringBuilder sb = new StringBuilder();
    sb.append("Tier ")
        .append(tier)
        .append(": ")
        .append(w.hosts())
        .append(" hosts x ")
        .append(w.metrics())
        .append(" metrics x ")
        .append(w.minutes())
        .append(" min at 10 s = ")
        .append(w.points())
        .append(" points\n\n");
    sb.append("| | Almanac | VictoriaMetrics |\n|---|---|---|\n");
    row(sb, "start to ready (s)", a.get("startToReadySeconds"), v.get("startToReadySeconds"));
    row(
        sb,
        "ingest (points/s, wall, 4 client threads)",
        a.get("ingestPointsPerSecond"),
        v.get("ingestPointsPerSecond"));
    row(
        sb,
        "server CPU per point (µs), all / after the first sixth",
        a.get("serverCpuMicrosPerPoint") + " / " + a.get("serverCpuMicrosPerPointAfterWarmup"),
        v.get("serverCpuMicrosPerPoint") + " / " + v.get("serverCpuMicrosPerPointAfterWarmup"));
    row(
        sb,
        "server CPU per point (µs) but the JIT compiler's",
        a.get("serverCpuMicrosPerPointWithoutJit"),
        v.get("serverCpuMicrosPerPointWithoutJit"));
    row(
        sb,
        "POST latency p50 / p99 (ms)",
        a.get("postLatencyP50Ms") + " / " + a.get("postLatencyP99Ms"),
        v.get("postLatencyP50Ms") + " / " + v.get("postLatencyP99Ms"));
    row(sb, "POST failures", a.get("postFailures"), v.get("postFailures"));
    row(
        sb,
        "queryable / posted points",
        a.get("queryablePoints") + " / " + a.get("postedPoints"),
        v.get("queryablePoints") + " / " + v.get("postedPoints"));
    Map<String, Object> aq = (Map<String, Object>) a.get("queries");
    Map<String, Object> vq = (Map<String, Object>) v.get("queries");
    String[] names = {
      "Q1 one host+metric, 1 h raw",
      "Q2 cluster avg, 1 h (30 s)",
      "Q3 cluster avg, 24 h (5 min)",
      "Q4 one metric per host, 24 h",
      "Q5 metric names"
    };
    for (int i = 1; i <= 5; i++) {
      row(
          sb,
          names[i - 1] + " p50 / p99 / max (ms), answer ok",
          query(aq.get("Q" + i)),
          query(vq.get("Q" + i)));
    }
    Map<String, Object> ap = (Map<String, Object>) a.get("promQlQueries");
    if (ap != null) {
      for (int i = 1; i <= 5; i++) {
        row(
            sb,
            names[i - 1] + " in PromQL, p50 / p99 / max (ms), answer ok",
            query(ap.get("Q" + i)),
            query(vq.get("Q" + i)));
      }
    }
    row(
        sb,
        "disk bytes per raw point, sealed (Almanac) / after flush (VM)",
        a.get("diskBytesPerRawPoint"),
        v.get("diskBytesPerRawPoint"));
    row(
        sb,
        "disk bytes per raw point before sealing, compacted",
        a.get("diskBytesPerRawPointUnsealed"),
        "–");
    row(
        sb,
        "aggregators' catch-up after the feed: CPU (s), caught up after (s)",
        a.get("aggregationCatchUpCpuSeconds") + ", " + a.get("aggregationCaughtUpAfterSeconds"),
        "–");
    row(
        sb,
        "sealing: CPU per point (µs), wait after the aggregators (s)",
        a.get("sealCpuMicrosPerPoint") + ", " + a.get("sealedAfterSeconds"),
        "–");
    row(sb, "rollup and aggregate tables (bytes)", a.get("rollupTableBytes"), "–");
    row(
        sb,
        "RSS peak / steady (MB)",
        a.get("peakRssMb") + " / " + a.get("steadyRssMb"),
        v.get("peakRssMb") + " / " + v.get("steadyRssMb"));
    byThreads(
        sb,
        "Almanac's server CPU per point during the feed by thread group (µs): ",
        a.get("serverCpuMicrosPerPointByThreads"));
    byThreads(
        sb,
        "Its CPU per point fed during the aggregators' catch-up by thread group (µs): ",
        a.get("aggregationCatchUpCpuMicrosPerPointByThreads"));
    byThreads(
        sb,
        "Its CPU per point during sealing and the compaction after it by thread group (µs): ",
        a.get("sealCpuMicrosPerPointByThreads"));
    return sb.toString();
  }

  private static void byThreads(StringBuilder sb, String title, Object byThreads) {
    if (byThreads instanceof Map<?, ?> groups) {
      StringBuilder list = new StringBuilder();
      groups.forEach(
          (group, micros) ->
              list.append(list.length() == 0 ? "" : ", ").append(group).append(' ').append(micros));
      sb.append('\n').append(title).append(list).append('\n');
    }
  }

  @SuppressWarnings("unchecked")
  private static String query(Object q) {
    Map<String, Object> m = (Map<String, Object>) q;
    if (m.containsKey("error")) {
      return "failed: " + m.get("error");
    }
    return m.get("p50Ms")
        + " / "
        + m.get("p99Ms")
        + (m.containsKey("maxMs") ? " / " + m.get("maxMs") : "")
        + ", "
        + (Boolean.TRUE.equals(m.get("correct"))
            ? "yes"
            : "no (" + m.get("answer") + " vs " + m.get("expected") + ")");
  }

  private static void row(StringBuilder sb, String name, Object a, Object v) {
    sb.append("| ").append(name).append(" | ").append(a).append(" | ").append(v).append(" |\n");
  }
}
