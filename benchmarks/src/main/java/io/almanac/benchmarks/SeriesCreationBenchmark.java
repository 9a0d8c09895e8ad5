package io.almanac.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How fast the collector takes series it has never seen: a new cluster or a new service creates
 * hundreds of thousands at once. Every POST holds only new series (new metric names on new hosts,
 * one point each); then the same bodies again, now all known, for comparison.
 *
 * <p>{@code java -cp ... io.almanac.benchmarks.SeriesCreationBenchmark ROOT OUT [SERIES]}, or
 * {@code scripts/benchmark.sh series [SERIES]}.
 */
public final class SeriesCreationBenchmark {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int METRICS_PER_POST = 100;
  private static final int HOSTS_PER_POST = 10;
  private static final int CLIENT_THREADS = 4;

  private SeriesCreationBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    Path out = Path.of(args.length > 1 ? args[1] : "results").toAbsolutePath();
    int series = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
    int posts = Math.max(1, series / (METRICS_PER_POST * HOSTS_PER_POST));
    Path work = Files.createTempDirectory(Files.createDirectories(out), "series-");
    List<byte[]> bodies = bodies(posts, System.currentTimeMillis() - 60_000);

    int port = 16190;
    String base = "http://127.0.0.1:" + port;
    List<String> cmd = ServerProcess.collectorCommand(root, port, work.resolve("almanac"));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("posts", posts);
    result.put("seriesPerPost", METRICS_PER_POST * HOSTS_PER_POST);
    result.put("newSeries", posts * METRICS_PER_POST * HOSTS_PER_POST);
    result.put("clientThreads", CLIENT_THREADS);
    try (ServerProcess server =
        ServerProcess.start("almanac", cmd, work.resolve("almanac.log").toFile())) {
      server.awaitReady(base + "/health", Duration.ofMinutes(5));
      String url = base + "/ws/v1/timeline/metrics";
      log("posting " + result.get("newSeries") + " new series");
      result.put("new", measure(server, url, bodies));
      log("posting the same series again");
      result.put("known", measure(server, url, bodies));
    }
    Path file = out.resolve("series-creation.json");
    JSON.writeValue(file.toFile(), result);
    log("wrote " + file + ": " + JSON.writeValueAsString(result));
  }

  private static Map<String, Object> measure(ServerProcess server, String url, List<byte[]> bodies)
      throws Exception {
    double cpuBefore = server.cpuSeconds();
    Poster.Result r = Poster.post(url, "application/json", bodies, CLIENT_THREADS);
    double cpu = server.cpuSeconds() - cpuBefore;
    long series = (long) bodies.size() * METRICS_PER_POST * HOSTS_PER_POST;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("wallSeconds", Math.round(r.wallSeconds() * 10) / 10.0);
    m.put("seriesPerSecond", Math.round(series / r.wallSeconds()));
    m.put("postsPerSecond", Math.round(bodies.size() / r.wallSeconds() * 10) / 10.0);
    m.put("serverCpuSeconds", Math.round(cpu * 10) / 10.0);
    m.put("failedPosts", r.failures());
    return m;
  }

  /**
   * POST {@code p} carries metrics {@code m<p>_<i>} on hosts {@code h<p>_<j>}: every series new.
   */
  private static List<byte[]> bodies(int posts, long t) {
    List<byte[]> bodies = new ArrayList<>(posts);
    for (int p = 0; p < posts; p++) {
      StringBuilder sb = new StringBuilder("{\"metrics\":[");
      for (int h = 0; h < HOSTS_PER_POST; h++) {
        for (int m = 0; m < METRICS_PER_POST; m++) {
          if (h + m > 0) {
            sb.append(',');
          }
          sb.append("{\"metricname\":\"bench.new.m")
              .append(p)
              .append('_')
              .append(m)
              .append("\",\"appid\":\"seriesbench\",\"hostname\":\"h")
              .append(p)
              .append('_')
              .append(h)
              .append(".example\",\"metrics\":{\"")
              .append(t)
              .append("\":")
              .append(m)
              .append("}}");
        }
      }
      bodies.add(sb.append("]}").toString().getBytes(StandardCharsets.UTF_8));
    }
    return bodies;
  }

  private static void log(String message) {
    System.out.println(Instant.now() + " " + message);
  }
}
