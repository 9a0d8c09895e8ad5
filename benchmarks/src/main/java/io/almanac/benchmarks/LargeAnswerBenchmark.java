package io.almanac.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one very large answer costs the collector: 1,000 hosts post a day of 10-second points (8.64
 * million), then one query reads them all back at raw precision. Reports the answer's points, bytes
 * and time, and the collector's heap in use (sampled from {@code /admin/metrics} every 100 ms)
 * before and during the answer, on the default 1 GiB heap.
 *
 * <p>{@code scripts/benchmark.sh large [HOSTS]}.
 */
public final class LargeAnswerBenchmark {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final long STEP_MS = 10_000;
  private static final int HOSTS_PER_POST = 50;

  private LargeAnswerBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    Path out =
        Files.createDirectories(Path.of(args.length > 1 ? args[1] : "results").toAbsolutePath());
    int hosts = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    Path work = Files.createTempDirectory(out, "large-");
    long end = System.currentTimeMillis() / STEP_MS * STEP_MS;
    long start = end - 86_400_000L;
    int port = 16191;
    String base = "http://127.0.0.1:" + port;
    List<String> cmd = ServerProcess.collectorCommand(root, port, work.resolve("almanac"));
    Map<String, Object> result = new LinkedHashMap<>();
    try (ServerProcess server =
        ServerProcess.start("almanac", cmd, work.resolve("almanac.log").toFile())) {
      server.awaitReady(base + "/health", Duration.ofMinutes(5));
      log("posting " + hosts + " hosts x " + (end - start) / STEP_MS + " points");
      List<byte[]> bodies = new ArrayList<>();
      for (int first = 0; first < hosts; first += HOSTS_PER_POST) {
        bodies.add(body(first, Math.min(hosts, first + HOSTS_PER_POST), start, end));
      }
      Poster.Result posted =
          Poster.post(base + "/ws/v1/timeline/metrics", "application/json", bodies, 2);
      result.put("postedPoints", (long) hosts * ((end - start) / STEP_MS));
      result.put("postSeconds", Math.round(posted.wallSeconds()));
      result.put("failedPosts", posted.failures());
      Thread.sleep(5000);
      result.put("heapUsedBeforeMb", heapUsedMb(base));

      AtomicBoolean querying = new AtomicBoolean(true);
      AtomicLong peakHeapMb = new AtomicLong();
      Thread sampler =
          new Thread(
              () -> {
                while (querying.get()) {
                  try {
                    peakHeapMb.accumulateAndGet(heapUsedMb(base), Math::max);
                    Thread.sleep(100);
                  } catch (Exception e) {
                    return;
                  }
                }
              });
      sampler.start();
      long t0 = System.nanoTime();
      HttpResponse<InputStream> r =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(
                          base
                              + "/ws/v1/timeline/metrics?metricNames=large.bytes&appId=largeanswer&hostname=%25&precision=seconds"
                              + "&startTime="
                              + start
                              + "&endTime="
                              + end))
                  .timeout(Duration.ofMinutes(10))
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      long[] counts = countPoints(r.body());
      double seconds = (System.nanoTime() - t0) / 1e9;
      querying.set(false);
      sampler.join();
      result.put("status", r.statusCode());
      result.put("answerSeries", counts[0]);
      result.put("answerPoints", counts[1]);
      result.put("answerMegabytes", counts[2] >> 20);
      result.put("answerSeconds", Math.round(seconds * 10) / 10.0);
      result.put("peakHeapUsedDuringAnswerMb", peakHeapMb.get());
      result.put("rssAfterMb", server.rssKb() / 1024);
    }
    Path file = out.resolve("large-answer.json");
    JSON.writeValue(file.toFile(), result);
    log("wrote " + file + ": " + JSON.writeValueAsString(result));
  }

  private static long heapUsedMb(String base) throws Exception {
    JsonNode m = new ObjectMapper().readTree(Poster.get(base + "/admin/metrics"));
    return m.at("/gauges/jvm.memory.heap.used/value").asLong() >> 20;
  }

  /** Series, points and bytes of an answer, read as a stream. */
  private static long[] countPoints(InputStream in) throws Exception {
    CountingStream counted = new CountingStream(in);
    long series = 0;
    long points = 0;
    try (JsonParser p = new JsonFactory().createParser(counted)) {
      int depth = 0;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.START_OBJECT) {
          depth++;
          if (depth == 2) {
            series++;
          }
        } else if (t == JsonToken.END_OBJECT) {
          depth--;
        } else if (depth == 3 && t.isNumeric()) {
          points++; // a value in a series' "metrics" object (the only numbers that deep)
        }
      }
    }
    return new long[] {series, points, counted.count};
  }

  private static final class CountingStream extends java.io.FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws java.io.IOException {
      int n = super.read(b, off, len);
      count += Math.max(0, n);
      return n;
    }
  }

  private static byte[] body(int firstHost, int endHost, long start, long end) {
    StringBuilder sb = new StringBuilder("{\"metrics\":[");
    for (int h = firstHost; h < endHost; h++) {
      sb.append(h == firstHost ? "" : ",")
          .append("{\"metricname\":\"large.bytes\",\"appid\":\"largeanswer\",")
          .append("\"hostname\":\"large-")
          .append(h)
          .append("\",\"metrics\":{");
      for (long t = start; t < end; t += STEP_MS) {
        sb.append(t == start ? "" : ",")
            .append('"')
            .append(t)
            .append("\":")
            .append((t / STEP_MS + h) % 1000);
      }
      sb.append("}}");
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void log(String message) {
    System.out.println(Instant.now() + " " + message);
  }
}
