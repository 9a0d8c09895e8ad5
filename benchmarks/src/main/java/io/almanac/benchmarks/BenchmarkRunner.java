package io.almanac.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * One side-by-side run: starts Almanac (embedded storage, fresh data dir) and VictoriaMetrics
 * (fresh data dir, 127.0.0.1), feeds both the same pre-encoded workload, checks that everything
 * posted is queryable, times the queries Q1 to Q5 and cross-checks their answers, measures disk,
 * CPU and RSS, stops both by PID, and writes a JSON and a markdown table under the output dir.
 *
 * <p>Usage: {@code BenchmarkRunner TIER REPO_ROOT OUT_DIR}.
 */
public final class BenchmarkRunner {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int CLIENT_THREADS = 4;

  /**
   * Timed runs of each query: enough that the p99 (nearest rank) is not the slowest run, which is
   * reported apart ({@code maxMs}); with 30, as before 2026-12-07's last session, it was.
   */
  private static final int QUERY_RUNS = 200;

  /** A timed run slower than this is listed with its start ({@code slowRuns}). */
  private static final double SLOW_RUN_MS = 20;

  /**
   * Untimed runs of each query before the timed ones: a JVM server compiles a query's code path
   * over its first few hundred milliseconds of CPU, which a dashboard that refreshes all day pays
   * once; VictoriaMetrics gets the same runs. {@code ALMANAC_BENCH_QUERY_WARMUP} sets another
   * count, to see how far the timed runs still meet the JIT compiler at work.
   */
  private static final int QUERY_WARMUP_RUNS =
      Integer.parseInt(System.getenv().getOrDefault("ALMANAC_BENCH_QUERY_WARMUP", "200"));

  private static final String GAUGE = Workload.metric(4);
  private static final String CONSTANT = Workload.metric(8);

  /**
   * How long the fed hours must be quiet before the collector seals them in a run: long enough for
   * the unsealed disk figure to be taken first.
   */
  private static final int SEAL_AFTER_SECONDS = 120;

  private final Workload workload;
  private final Path root;
  private final Path work;
  private final Map<String, Object> almanac = new LinkedHashMap<>();
  private final Map<String, Object> victoria = new LinkedHashMap<>();
  private final Map<String, Object> profiles = new LinkedHashMap<>();
  private Profiler profiler;

  /** While Almanac's queries run under the profiler: it and the names of the coming queries. */
  private ServerProcess profiled;

  private final Deque<String> profilePhases = new ArrayDeque<>();

  private BenchmarkRunner(Workload workload, Path root, Path work) {
    this.workload = workload;
    this.root = root;
    this.work = work;
  }

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    Tier tier = Tier.valueOf(args.length > 0 ? args[0] : "XS");
    Path root = Path.of(args.length > 1 ? args[1] : ".").toAbsolutePath().normalize();
    Path out = Path.of(args.length > 2 ? args[2] : "results").toAbsolutePath();
    Path work = out.resolve("work-" + tier.name().toLowerCase());
    deleteTree(work);
    Files.createDirectories(work);
    BenchmarkRunner run =
        new BenchmarkRunner(Workload.inPastHours(tier, System.currentTimeMillis()), root, work);
    run.profiler =
        Profiler.fromEnvironment(
            out, "profile-" + tier.name().toLowerCase() + "-" + Instant.now().getEpochSecond());
    run.runAlmanac();
    run.runVictoria();
    run.report(tier, out);
    if (args.length > 3) {
      System.exit(run.guard(Path.of(args[3])) ? 0 : 1);
    }
  }

  /** Checks the figures against the limits in {@code file} ({@link Guard}); true when all hold. */
  private boolean guard(Path file) throws IOException {
    java.util.Properties limits = new java.util.Properties();
    try (var in = Files.newBufferedReader(file)) {
      limits.load(in);
    }
    List<String> broken = Guard.violations(limits, almanac, victoria);
    if (broken.isEmpty()) {
      log("guard: all " + limits.size() + " limits of " + file + " hold");
      return true;
    }
    log("guard: " + broken.size() + " of the limits in " + file + " broken:");
    broken.forEach(b -> System.out.println("  " + b));
    return false;
  }

  private void log(String message) {
    System.out.println(Instant.now() + " " + message);
  }

  private void runAlmanac() throws Exception {
    int port = 16188;
    String base = "http://127.0.0.1:" + port;
    log("starting Almanac");
    List<String> cmd = ServerProcess.collectorCommand(root, port, work.resolve("almanac"));
    String config =
        System.getenv("ALMANAC_BENCH_CONFIG"); // to compare settings, e.g. aggregation off
    if (config == null || config.isBlank()) {
      // seal the fed hour soon after the feed rather than 10 minutes after it
      Path sealSoon = work.resolve("almanac-benchmark.properties");
      Files.writeString(sealSoon, "almanac.storage.seal.after=" + SEAL_AFTER_SECONDS + "s\n");
      config = sealSoon.toString();
    }
    cmd.addAll(List.of("--config", config));
    almanac.put("config", config);
    try (ServerProcess server =
        ServerProcess.start("almanac", cmd, work.resolve("almanac.log").toFile())) {
      almanac.put(
          "startToReadySeconds",
          round(server.awaitReady(base + "/health", Duration.ofMinutes(5)), 1));
      RssSampler rss = new RssSampler(server);
      if (profiler != null) {
        profiler.start(server.pid());
      }
      feed(
          server, base + "/ws/v1/timeline/metrics", "application/json", workload::amsPost, almanac);
      if (profiler != null) {
        profiles.put("ingest", profiler.stop(server.pid(), "ingest"));
      }
      almanac.put("queryablePoints", almanacCount(base));
      almanac.put(
          "diskBytesPerRawPointUnsealed",
          round((double) compactedRawBytes(base) / workload.points(), 2));
      if ("1".equals(System.getenv("ALMANAC_BENCH_INGEST_ONLY"))) {
        log("ingest only: " + almanac);
        return;
      }
      // what folding the backfill into the rollups costs: the aggregators' passes over it and
      // the region server's scans they make (from the end of the feed's compaction)
      CpuMark beforeCatchUp = CpuMark.of(server);
      double rollupWait = awaitAlmanacRollups(base);
      almanac.put(
          "rollupsReadyAfterSeconds", Double.isNaN(rollupWait) ? null : round(rollupWait, 1));
      double caughtUp = awaitAggregationCaughtUp(base);
      // null: still redoing when the wait ended (round would turn NaN into 0)
      almanac.put(
          "aggregationCaughtUpAfterSeconds", Double.isNaN(caughtUp) ? null : round(caughtUp, 1));
      double catchUpCpu = beforeCatchUp.cpuSince(server);
      almanac.put("aggregationCatchUpCpuSeconds", round(catchUpCpu, 2));
      almanac.put(
          "aggregationCatchUpCpuMicrosPerPointByThreads",
          beforeCatchUp.perPointByThreads(server, catchUpCpu, workload.points()));
      CpuMark beforeSeal = CpuMark.of(server);
      if (profiler != null) {
        profiler.start(server.pid());
      }
      double sealWait = awaitSealed(base);
      almanac.put("sealedAfterSeconds", Double.isNaN(sealWait) ? null : round(sealWait, 1));
      // The sealer then has HBase flush and compact METRIC_RECORD in the background, to drop the
      // merged rows; the queries are timed once that is done (and its CPU counts as sealing's).
      log(
          "compacting after sealing: "
              + Poster.postEmpty(base + "/admin/storage/compact", Duration.ofMinutes(11)));
      double sealCpu = beforeSeal.cpuSince(server);
      almanac.put("sealCpuMicrosPerPoint", round(sealCpu * 1e6 / workload.points(), 2));
      almanac.put(
          "sealCpuMicrosPerPointByThreads",
          beforeSeal.perPointByThreads(server, sealCpu, workload.points()));
      if (profiler != null) {
        profiles.put("sealing", profiler.stop(server.pid(), "sealing"));
      }
      long s = workload.startMs();
      long e = workload.endMs();
      String q = base + "/ws/v1/timeline/metrics?appId=" + Workload.APP;
      Map<String, Object> queries = new LinkedHashMap<>();
      if (profiler != null) {
        profiled = server;
        for (String api : List.of("ams", "promql")) {
          for (int i = 1; i <= 5; i++) {
            profilePhases.add(api + "-Q" + i);
          }
        }
      }
      queries.put(
          "Q1",
          time(
              () ->
                  points(
                          Poster.get(
                              q
                                  + "&metricNames="
                                  + GAUGE
                                  + "&hostname="
                                  + Workload.host(0)
                                  + "&startTime="
                                  + s
                                  + "&endTime="
                                  + e))
                      .size(),
              workload.minutes() * 6));
      queries.put(
          "Q2",
          time(
              () ->
                  mean(
                      points(
                          Poster.get(
                              q
                                  + "&metricNames="
                                  + CONSTANT
                                  + "._avg&startTime="
                                  + s
                                  + "&endTime="
                                  + e))),
              expectedConstantMean()));
      queries.put(
          "Q3",
          time(
              () ->
                  mean(
                      points(
                          Poster.get(
                              q
                                  + "&metricNames="
                                  + CONSTANT
                                  + "._avg&startTime="
                                  + (e - 86_400_000L)
                                  + "&endTime="
                                  + e
                                  + "&precision=minutes"))),
              expectedConstantMean()));
      queries.put(
          "Q4",
          time(
              () ->
                  JSON.readTree(
                          Poster.get(
                              q
                                  + "&metricNames="
                                  + GAUGE
                                  + "&hostname=%25&startTime="
                                  + (e - 86_400_000L)
                                  + "&endTime="
                                  + e))
                      .get("metrics")
                      .size(),
              workload.hosts()));
      // the cluster aggregator adds the synthetic live_hosts metric to the app
      queries.put(
          "Q5",
          time(
              () ->
                  JSON.readTree(
                          Poster.get(
                              base + "/ws/v1/timeline/metrics/metadata?appId=" + Workload.APP))
                      .get(Workload.APP)
                      .size(),
              workload.metrics() + 1));
      almanac.put("queries", queries);
      almanac.put("promQlQueries", promQlQueries(base, workload.metrics() + 1));
      profiled = null;
      if (!profiles.isEmpty()) {
        almanac.put("profiles", profiles);
      }
      long raw = compactedRawBytes(base);
      almanac.put("rawTableBytes", raw);
      almanac.put("diskBytesPerRawPoint", round((double) raw / workload.points(), 2));
      almanac.put("steadyRssMb", server.rssKb() / 1024);
      rss.close();
      almanac.put("peakRssMb", server.peakRssKb() / 1024);
    }
    Path tables = work.resolve("almanac/hbase/data/default");
    long rollups = 0;
    for (String t :
        List.of(
            "METRIC_RECORD_MINUTE",
            "METRIC_RECORD_HOURLY",
            "METRIC_RECORD_DAILY",
            "METRIC_AGGREGATE",
            "METRIC_AGGREGATE_MINUTE",
            "METRIC_AGGREGATE_HOURLY",
            "METRIC_AGGREGATE_DAILY")) {
      rollups += du(tables.resolve(t));
    }
    almanac.put("rollupTableBytes", rollups);
    log("Almanac done: " + almanac);
  }

  private void runVictoria() throws Exception {
    int port = 18428;
    String base = "http://127.0.0.1:" + port;
    List<String> cmd =
        List.of(
            "victoria-metrics",
            "-httpListenAddr=127.0.0.1:" + port,
            "-storageDataPath=" + work.resolve("victoria"),
            "-retentionPeriod=1",
            "-search.latencyOffset=1s",
            "-graphiteListenAddr=",
            "-opentsdbListenAddr=",
            "-influxListenAddr=");
    log("starting VictoriaMetrics");
    try (ServerProcess server =
        ServerProcess.start("victoria", cmd, work.resolve("victoria.log").toFile())) {
      victoria.put(
          "startToReadySeconds",
          round(server.awaitReady(base + "/health", Duration.ofMinutes(1)), 1));
      RssSampler rss = new RssSampler(server);
      feed(server, base + "/api/v1/import", "application/json", workload::victoriaImport, victoria);
      Poster.get(base + "/internal/force_flush");
      long e = workload.endMs();
      long s = workload.startMs();
      String count =
          "sum(count_over_time({appid=\"" + Workload.APP + "\"}[" + (e - s) / 1000 + "s]))";
      victoria.put(
          "queryablePoints",
          (long)
              firstValue(
                  Poster.get(
                      base
                          + "/api/v1/query?nocache=1&time="
                          + (e - 1000) / 1000.0
                          + "&query="
                          + enc(count))));
      victoria.put("queries", promQlQueries(base, workload.metrics()));
      victoria.put("steadyRssMb", server.rssKb() / 1024);
      rss.close();
      victoria.put("peakRssMb", server.peakRssKb() / 1024);
      Poster.get(base + "/internal/force_merge");
      Thread.sleep(5000);
      long bytes = du(work.resolve("victoria"));
      victoria.put("rawTableBytes", bytes);
      victoria.put("diskBytesPerRawPoint", round((double) bytes / workload.points(), 2));
    }
    log("VictoriaMetrics done: " + victoria);
  }

  /**
   * Q1 to Q5 in PromQL, against any server of the Prometheus HTTP API: VictoriaMetrics, and
   * Almanac's own. {@code expectedNames} is what Q5 should count (Almanac also lists its cluster
   * aggregator's synthetic live_hosts metric under the app).
   */
  private Map<String, Object> promQlQueries(String base, long expectedNames) throws Exception {
    long e = workload.endMs();
    long s = workload.startMs();
    String range =
        base + "/api/v1/query_range?nocache=1&start=" + s / 1000 + "&end=" + (e - 10_000) / 1000;
    String day =
        base
            + "/api/v1/query_range?nocache=1&start="
            + (e - 86_400_000L) / 1000
            + "&end="
            + e / 1000;
    Map<String, Object> queries = new LinkedHashMap<>();
    queries.put(
        "Q1",
        time(
            () ->
                rangeValues(
                        Poster.get(
                            range
                                + "&step=10s&query="
                                + enc(GAUGE + "{hostname=\"" + Workload.host(0) + "\"}")))
                    .size(),
            workload.minutes() * 6));
    queries.put(
        "Q2",
        time(
            () ->
                mean(
                    rangeValues(
                        Poster.get(range + "&step=30s&query=" + enc("avg(" + CONSTANT + ")")))),
            expectedConstantMean()));
    queries.put(
        "Q3",
        time(
            () ->
                mean(
                    rangeValues(
                        Poster.get(
                            day
                                + "&step=300s&query="
                                + enc("avg(avg_over_time(" + CONSTANT + "[5m]))")))),
            expectedConstantMean()));
    queries.put(
        "Q4",
        time(
            () ->
                JSON.readTree(
                        Poster.get(
                            day + "&step=300s&query=" + enc("avg_over_time(" + GAUGE + "[5m])")))
                    .at("/data/result")
                    .size(),
            workload.hosts()));
    queries.put(
        "Q5",
        time(
            () ->
                JSON.readTree(
                        Poster.get(
                            base
                                + "/api/v1/label/__name__/values?match[]="
                                + enc("{appid=\"" + Workload.APP + "\"}")))
                    .at("/data")
                    .size(),
            expectedNames));
    return queries;
  }

  /**
   * Posts the workload in time order, made on demand. The CPU per point is measured twice: over
   * everything, and over what follows the first sixth of the hour (a server that has compiled its
   * hot paths and knows its series, as any collector does after its first minutes).
   */
  private void feed(
      ServerProcess server,
      String url,
      String type,
      IntFunction<byte[]> body,
      Map<String, Object> into)
      throws Exception {
    int posts = workload.posts();
    int warmup = workload.hosts() * Math.max(1, workload.minutes() / 6);
    long pointsPerPost = workload.points() / posts;
    log("feeding " + server.name() + ": " + posts + " POSTs, " + workload.points() + " points");
    Map<Long, ThreadCpu.Sample> threads0 = ThreadCpu.read(server.pid());
    double cpu0 = server.cpuSeconds();
    Poster.Result first = Poster.post(url, type, 0, warmup, body, CLIENT_THREADS);
    double cpu1 = server.cpuSeconds();
    Poster.Result rest = Poster.post(url, type, warmup, posts, body, CLIENT_THREADS);
    double cpu2 = server.cpuSeconds();
    Map<String, Object> byThreads =
        ThreadCpu.perPoint(threads0, ThreadCpu.read(server.pid()), cpu2 - cpu0, workload.points());
    double wall = first.wallSeconds() + rest.wallSeconds();
    long restPoints = (posts - warmup) * pointsPerPost;
    double[] latencies = new double[posts];
    System.arraycopy(first.latenciesMs(), 0, latencies, 0, warmup);
    System.arraycopy(rest.latenciesMs(), 0, latencies, warmup, posts - warmup);
    into.put("postedPoints", workload.points());
    into.put("ingestWallSeconds", round(wall, 2));
    into.put("ingestPointsPerSecond", Math.round(workload.points() / wall));
    into.put("serverCpuMicrosPerPoint", round((cpu2 - cpu0) * 1e6 / workload.points(), 2));
    into.put("serverCpuMicrosPerPointByThreads", byThreads);
    // a JIT-compiled server's steady cost; a server without a JIT (VictoriaMetrics) loses nothing
    double jit = ((Number) byThreads.getOrDefault("JIT compiler", 0.0)).doubleValue();
    into.put(
        "serverCpuMicrosPerPointWithoutJit",
        round((cpu2 - cpu0) * 1e6 / workload.points() - jit, 2));
    into.put("warmupPoints", warmup * pointsPerPost);
    into.put("ingestPointsPerSecondAfterWarmup", Math.round(restPoints / rest.wallSeconds()));
    into.put("serverCpuMicrosPerPointAfterWarmup", round((cpu2 - cpu1) * 1e6 / restPoints, 2));
    into.put("postLatencyP50Ms", round(Stats.percentile(latencies, 50), 1));
    into.put("postLatencyP99Ms", round(Stats.percentile(latencies, 99), 1));
    into.put("postFailures", first.failures() + rest.failures());
  }

  /** A server's CPU and its threads' CPU at the start of a phase, to measure the phase by. */
  private record CpuMark(Map<Long, ThreadCpu.Sample> threads, double cpuSeconds) {
    static CpuMark of(ServerProcess server) throws IOException {
      return new CpuMark(ThreadCpu.read(server.pid()), server.cpuSeconds());
    }

    double cpuSince(ServerProcess server) throws IOException {
      return server.cpuSeconds() - cpuSeconds;
    }

    /** {@code cpu} (the phase's, from {@link #cpuSince}) per point, by thread group. */
    Map<String, Object> perPointByThreads(ServerProcess server, double cpu, long points)
        throws IOException {
      return ThreadCpu.perPoint(threads, ThreadCpu.read(server.pid()), cpu, points);
    }
  }

  /** Every point, read back per metric in host groups small enough for raw precision. */
  private long almanacCount(String base) throws Exception {
    long total = 0;
    int group = Math.max(1, 5760 / (workload.minutes() + 1));
    for (int m = 0; m < workload.metrics(); m++) {
      for (int h0 = 0; h0 < workload.hosts(); h0 += group) {
        List<String> hosts = new ArrayList<>();
        for (int h = h0; h < Math.min(workload.hosts(), h0 + group); h++) {
          hosts.add(Workload.host(h));
        }
        JsonNode metrics =
            JSON.readTree(
                    Poster.get(
                        base
                            + "/ws/v1/timeline/metrics?appId="
                            + Workload.APP
                            + "&metricNames="
                            + Workload.metric(m)
                            + "&hostname="
                            + String.join(",", hosts)
                            + "&startTime="
                            + workload.startMs()
                            + "&endTime="
                            + workload.endMs()
                            + "&precision=seconds"))
                .get("metrics");
        for (JsonNode metric : metrics) {
          total += metric.get("metrics").size();
        }
      }
    }
    return total;
  }

  /**
   * Waits until the backfill is folded into the rollups the queries read: the cluster slices of the
   * constant metric cover the data, and every host has hourly rows of the gauge (late data is
   * redone level by level, each once it has settled). Returns the seconds waited.
   */
  private double awaitAlmanacRollups(String base) throws Exception {
    long started = System.nanoTime();
    int expected = workload.minutes() * 2;
    // an hourly row is labelled a second before its hour's end, past the data of a shorter tier
    long lastHourEnd = -Math.floorDiv(-workload.endMs(), 3_600_000L) * 3_600_000L;
    String slices =
        base
            + "/ws/v1/timeline/metrics?appId="
            + Workload.APP
            + "&metricNames="
            + CONSTANT
            + "._avg&startTime="
            + workload.startMs()
            + "&endTime="
            + (workload.endMs() + 60_000)
            + "&precision=seconds";
    String hourly =
        base
            + "/ws/v1/timeline/metrics?appId="
            + Workload.APP
            + "&metricNames="
            + GAUGE
            + "&hostname=%25&startTime="
            + (lastHourEnd - 86_400_000L)
            + "&endTime="
            + lastHourEnd
            + "&precision=hours";
    while (System.nanoTime() - started < Duration.ofMinutes(10).toNanos()) {
      if (points(Poster.get(slices)).size() >= expected - 4
          && JSON.readTree(Poster.get(hourly)).get("metrics").size() == workload.hosts()) {
        return (System.nanoTime() - started) / 1e9;
      }
      Thread.sleep(2000);
    }
    return Double.NaN;
  }

  /**
   * The bytes of the raw tables (METRIC_RECORD and METRIC_RECORD_SEALED) on disk once the collector
   * has flushed and fully compacted them.
   */
  private long compactedRawBytes(String base) throws Exception {
    log(
        "compacting the raw tables: "
            + Poster.postEmpty(base + "/admin/storage/compact", Duration.ofMinutes(11)));
    Path tables = work.resolve("almanac/hbase/data/default");
    // files the compaction replaced are removed a little later: wait until the size settles
    long bytes = Long.MAX_VALUE;
    long started = System.nanoTime();
    int steady = 0;
    while (steady < 5 && System.nanoTime() - started < Duration.ofMinutes(4).toNanos()) {
      long now = du(tables.resolve("METRIC_RECORD")) + du(tables.resolve("METRIC_RECORD_SEALED"));
      steady = now == bytes ? steady + 1 : 0;
      bytes = now;
      Thread.sleep(5_000);
    }
    return bytes;
  }

  /**
   * Waits until the collector has sealed the fed hours: rows merged, and no hour left to seal but
   * the one in progress.
   */
  private double awaitSealed(String base) throws Exception {
    long started = System.nanoTime();
    while (System.nanoTime() - started < Duration.ofMinutes(15).toNanos()) {
      JsonNode gauges = JSON.readTree(Poster.get(base + "/admin/metrics")).get("gauges");
      long rows = gauges.path("storage.seal.rows").path("value").asLong();
      long pending = gauges.path("storage.seal.pending.hours").path("value").asLong();
      if (rows > 0 && pending <= 1) {
        almanac.put("sealedRows", rows);
        return (System.nanoTime() - started) / 1e9;
      }
      Thread.sleep(2000);
    }
    log("the fed hours were still not sealed after 15 minutes");
    return Double.NaN;
  }

  /**
   * Waits until no aggregator has intervals left to aggregate again after the backfill the workload
   * is (every {@code aggregation.*.redo.pending} gauge 0), so the queries are timed against a
   * collector in its steady state; until then a rollup answer is computed from the raw points.
   */
  private double awaitAggregationCaughtUp(String base) throws Exception {
    long started = System.nanoTime();
    while (System.nanoTime() - started < Duration.ofMinutes(10).toNanos()) {
      JsonNode gauges = JSON.readTree(Poster.get(base + "/admin/metrics")).get("gauges");
      long pending = 0;
      int seen = 0;
      for (Map.Entry<String, JsonNode> e : gauges.properties()) {
        if (e.getKey().endsWith(".redo.pending")) {
          pending += e.getValue().get("value").asLong();
          seen++;
        }
      }
      if (seen > 0 && pending == 0) {
        return (System.nanoTime() - started) / 1e9;
      }
      Thread.sleep(2000);
    }
    log("aggregators still had intervals to redo after 10 minutes; timing queries anyway");
    return Double.NaN;
  }

  private double expectedConstantMean() {
    double sum = 0;
    for (int h = 0; h < workload.hosts(); h++) {
      sum += Workload.value(h, 8, 0);
    }
    return sum / workload.hosts();
  }

  /**
   * Times {@code query} (QUERY_WARMUP_RUNS, whose median is kept as {@code warmupP50Ms}, then
   * QUERY_RUNS); checks its answer against {@code expected}.
   */
  private Map<String, Object> time(Callable<Number> query, Number expected) throws Exception {
    try {
      return timeOrFail(query, expected);
    } catch (Exception e) {
      // One failing query is a finding of the run, not the end of it: the other figures stand.
      log("query failed: " + e.getMessage());
      if (profiled != null) {
        profilePhases.poll();
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("error", e.getMessage());
      out.put("expected", expected);
      out.put("correct", false);
      return out;
    }
  }

  private Map<String, Object> timeOrFail(Callable<Number> query, Number expected) throws Exception {
    Number answer = null;
    double[] warmup = new double[QUERY_WARMUP_RUNS];
    for (int i = 0; i < QUERY_WARMUP_RUNS; i++) {
      long s = System.nanoTime();
      answer = query.call();
      warmup[i] = (System.nanoTime() - s) / 1e6;
    }
    double[] ms = new double[QUERY_RUNS];
    String phase = profiled != null ? profilePhases.poll() : null;
    if (phase != null) {
      profiler.start(profiled.pid());
    }
    Instant slowestAt = null;
    double slowest = -1;
    List<Map<String, Object>> slowRuns = new ArrayList<>();
    for (int i = 0; i < QUERY_RUNS; i++) {
      Instant at = Instant.now();
      long gcBefore = harnessGcMillis();
      long s = System.nanoTime();
      answer = query.call();
      ms[i] = (System.nanoTime() - s) / 1e6;
      if (ms[i] > slowest) {
        slowest = ms[i];
        slowestAt = at;
      }
      if (ms[i] > SLOW_RUN_MS) {
        // when, to find it in the collector's GC log, say; and whether the harness collected
        slowRuns.add(
            Map.of(
                "at", at.toString(),
                "ms", round(ms[i], 1),
                "harnessGcMs", harnessGcMillis() - gcBefore));
      }
    }
    if (phase != null) {
      profiles.put(phase, profiler.stop(profiled.pid(), phase));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("p50Ms", round(Stats.percentile(ms, 50), 1));
    out.put("p99Ms", round(Stats.percentile(ms, 99), 1));
    out.put("maxMs", round(slowest, 1));
    out.put("warmupP50Ms", round(Stats.percentile(warmup, 50), 1));
    // when the slowest began, to find it in a GC log, say
    out.put("slowestAt", slowestAt.toString());
    out.put("slowRuns", slowRuns);
    out.put("timedMs", Arrays.stream(ms).map(m -> round(m, 1)).toArray());
    out.put("answer", answer instanceof Double ? round(answer.doubleValue(), 3) : answer);
    out.put("expected", expected instanceof Double ? round(expected.doubleValue(), 3) : expected);
    out.put(
        "correct",
        Math.abs(answer.doubleValue() - expected.doubleValue())
            < 1e-6 * Math.max(1, Math.abs(expected.doubleValue())));
    return out;
  }

  /** Milliseconds the harness's own JVM has spent in garbage collections so far. */
  private static long harnessGcMillis() {
    long total = 0;
    for (java.lang.management.GarbageCollectorMXBean gc :
        java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  private static List<Double> points(String amsJson) throws IOException {
    List<Double> out = new ArrayList<>();
    for (JsonNode metric : JSON.readTree(amsJson).get("metrics")) {
      metric.get("metrics").forEach(v -> out.add(v.asDouble()));
    }
    return out;
  }

  private static List<Double> rangeValues(String promJson) throws IOException {
    List<Double> out = new ArrayList<>();
    for (JsonNode series : JSON.readTree(promJson).at("/data/result")) {
      series.get("values").forEach(v -> out.add(Double.parseDouble(v.get(1).asText())));
    }
    return out;
  }

  private static double firstValue(String promJson) throws IOException {
    JsonNode result = JSON.readTree(promJson).at("/data/result");
    return result.isEmpty() ? 0 : Double.parseDouble(result.get(0).get("value").get(1).asText());
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  private static long du(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }

  private void report(Tier tier, Path out) throws IOException {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("tier", tier.name());
    all.put("hosts", workload.hosts());
    all.put("metrics", workload.metrics());
    all.put("minutes", workload.minutes());
    all.put("points", workload.points());
    all.put("almanac", almanac);
    all.put("victoriametrics", victoria);
    String stamp = Instant.now().toString().replace(':', '-');
    Files.writeString(
        out.resolve(tier.name().toLowerCase() + "-" + stamp + ".json"),
        JSON.writeValueAsString(all));
    String md = MarkdownTable.render(tier, workload, almanac, victoria);
    Files.writeString(out.resolve(tier.name().toLowerCase() + "-" + stamp + ".md"), md);
    System.out.println(md);
  }
}
