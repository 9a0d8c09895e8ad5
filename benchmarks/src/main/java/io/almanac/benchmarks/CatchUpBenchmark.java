package io.almanac.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the aggregators' catch-up over several hours of stored raw points costs: a collector with
 * every aggregator off is fed {@code HOURS} of the S workload's kind of data (one POST per host and
 * minute, in time order), its raw tables are compacted into files that each span all of those
 * hours, and it is stopped; a collector with the aggregators on is then started on the same data
 * and timed until the 5-minute host rollups and the cluster slices are caught up. Sealing is off in
 * both, so the catch-up reads the rows as the sinks wrote them (as after downtime of the
 * aggregators, when sealing waits for them).
 *
 * <p>{@code scripts/benchmark.sh catchup [HOURS] [HOSTS] [METRICS]} (default 6, 100, 100).
 */
public final class CatchUpBenchmark {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int PORT = 16192;
  private static final int CLIENT_THREADS = 4;

  /** The aggregators that read raw points. */
  private static final List<String> RAW_READERS =
      List.of("TimelineMetricHostAggregatorMinute", "TimelineClusterAggregatorSecond");

  private static final List<String> AGGREGATOR_KEYS =
      List.of(
          "timeline.metrics.host.aggregator.minute.disabled",
          "timeline.metrics.host.aggregator.hourly.disabled",
          "timeline.metrics.host.aggregator.daily.disabled",
          "timeline.metrics.cluster.aggregator.second.disabled",
          "timeline.metrics.cluster.aggregator.minute.disabled",
          "timeline.metrics.cluster.aggregator.hourly.disabled",
          "timeline.metrics.cluster.aggregator.daily.disabled");

  private CatchUpBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    Path out =
        Files.createDirectories(Path.of(args.length > 1 ? args[1] : "results").toAbsolutePath());
    int hours = args.length > 2 ? Integer.parseInt(args[2]) : 6;
    int hosts = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    int metrics = args.length > 4 ? Integer.parseInt(args[4]) : 100;
    Path work = Files.createTempDirectory(out, "catchup-");
    long hour = 3_600_000L;
    long start =
        Math.floorDiv(System.currentTimeMillis() - 5 * 60_000L, hour) * hour - hours * hour;
    Workload workload = new Workload(hosts, metrics, hours * 60, start);
    String base = "http://127.0.0.1:" + PORT;

    Path off = work.resolve("aggregators-off.properties");
    StringBuilder offConfig = new StringBuilder("almanac.storage.seal=false\n");
    AGGREGATOR_KEYS.forEach(k -> offConfig.append(k).append("=true\n"));
    Files.writeString(off, offConfig);
    Path on = work.resolve("aggregators-on.properties");
    Files.writeString(on, "almanac.storage.seal=false\n");

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("hours", hours);
    result.put("hosts", hosts);
    result.put("metrics", metrics);
    result.put("points", workload.points());
    try (ServerProcess server = start(root, work, off, "feed")) {
      log("feeding " + workload.points() + " points over " + hours + " h, aggregators off");
      Poster.Result fed =
          Poster.post(
              base + "/ws/v1/timeline/metrics",
              "application/json",
              0,
              workload.posts(),
              workload::amsPost,
              CLIENT_THREADS);
      result.put("feedSeconds", round(fed.wallSeconds()));
      result.put("failedPosts", fed.failures());
      log(
          "compacting the raw tables: "
              + Poster.postEmpty(base + "/admin/storage/compact", Duration.ofMinutes(11)));
    }
    try (ServerProcess server = start(root, work, on, "catch-up")) {
      double cpuAtReady = server.cpuSeconds();
      long started = System.nanoTime();
      double caughtUp = Double.NaN;
      while (System.nanoTime() - started < Duration.ofMinutes(60).toNanos()) {
        if (caughtUp(base, workload.endMs())) {
          caughtUp = (System.nanoTime() - started) / 1e9;
          break;
        }
        Thread.sleep(1000);
      }
      result.put("caughtUpAfterSeconds", Double.isNaN(caughtUp) ? null : round(caughtUp));
      result.put("catchUpCpuSeconds", round(server.cpuSeconds() - cpuAtReady));
      result.put("aggregatorScannedPoints", gauge(base, "aggregation.scan.points"));
    }
    Path file = out.resolve("catch-up-" + hours + "h.json");
    JSON.writeValue(file.toFile(), result);
    log("wrote " + file + ": " + JSON.writeValueAsString(result));
  }

  private static ServerProcess start(Path root, Path work, Path config, String name)
      throws Exception {
    List<String> cmd =
        ServerProcess.collectorCommand(
            root, PORT, work.resolve("almanac"), "--config", config.toString());
    ServerProcess server =
        ServerProcess.start("almanac", cmd, work.resolve("almanac-" + name + ".log").toFile());
    server.awaitReady("http://127.0.0.1:" + PORT + "/health", Duration.ofMinutes(5));
    return server;
  }

  /**
   * Whether every raw-reading aggregator's checkpoint has passed {@code endMs} and none has
   * intervals to redo.
   */
  private static boolean caughtUp(String base, long endMs) throws Exception {
    JsonNode checkpoints =
        JSON.readTree(Poster.get(base + "/ws/v1/timeline/metrics/summary")).get("aggregation");
    for (String reader : RAW_READERS) {
      JsonNode at = checkpoints.get(reader);
      if (at == null || Instant.parse(at.asText()).toEpochMilli() < endMs) {
        return false;
      }
    }
    JsonNode gauges = JSON.readTree(Poster.get(base + "/admin/metrics")).get("gauges");
    for (Map.Entry<String, JsonNode> e : gauges.properties()) {
      if (e.getKey().endsWith(".redo.pending") && e.getValue().get("value").asLong() > 0) {
        return false;
      }
    }
    return true;
  }

  private static long gauge(String base, String name) throws Exception {
    return JSON.readTree(Poster.get(base + "/admin/metrics"))
        .at("/gauges/" + name + "/value")
        .asLong();
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static void log(String message) {
    System.out.println(Instant.now() + " " + message);
  }
}
