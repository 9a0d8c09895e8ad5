package io.almanac.collector.drills;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.collector.testing.CollectorProcess;
import io.almanac.collector.testing.TimelineClient;
import io.almanac.model.TimelineMetric;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The burst that once sent the collector into an out-of-memory crash loop: 16 clients posting 2 MB
 * bodies (100 metrics x 800 points, a new host per POST, an hour of backfill) for 45 s, on the
 * default heap. Three minutes later, with the aggregators working through the hour, the collector
 * must still be up, and every acknowledged point must read back. {@code -Dalmanac.drill.heap=768m}
 * tries another heap (with {@code -Dalmanac.collector.jvm=...} for other JVM options).
 */
class BurstDrill {
  private static final int CLIENTS = 16;
  private static final long BURST_MS = 45_000;
  private static final int METRICS = 100;
  private static final int POINTS = 800;
  private static final long STEP_MS = 4_500; // 800 points x 4.5 s = one hour

  @Test
  void aBurstOfLargeBackfillsLeavesACollectorThatStaysUpAndLosesNothing() throws Exception {
    long base = (System.currentTimeMillis() - 3_700_000L) / 1000 * 1000;
    Path dir = Path.of("target", "drills", "burst-" + System.currentTimeMillis());
    try (CollectorProcess collector =
        new CollectorProcess(dir, System.getProperty("almanac.drill.heap", "448m"))) {
      collector.start();
      ConcurrentLinkedQueue<Integer> acknowledged = new ConcurrentLinkedQueue<>();
      AtomicInteger next = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BURST_MS);
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      for (int c = 0; c < CLIENTS; c++) {
        clients.submit(
            () -> {
              while (System.nanoTime() < end) {
                int post = next.getAndIncrement();
                HttpResponse<String> r =
                    collector.client().post("/ws/v1/timeline/metrics", body(post, base));
                if (r.statusCode() == 200) {
                  acknowledged.add(post);
                } else {
                  refused
                      .incrementAndGet(); // 503 under load is allowed; a sink would send it again
                }
              }
              return null;
            });
      }
      clients.shutdown();
      assertThat(clients.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
      System.out.printf(
          "burst: %d POSTs acknowledged (%d points), %d refused with 503%n",
          acknowledged.size(), (long) acknowledged.size() * METRICS * POINTS, refused.get());
      assertThat(acknowledged).hasSizeGreaterThan(100);
      System.out.println("after the burst: " + collections(collector.client()));

      for (int s = 0; s < 180; s++) {
        assertThat(collector.isAlive())
            .as("collector alive " + s + " s after the burst; see " + collector.outputFile())
            .isTrue();
        Thread.sleep(1000);
      }
      assertThat(collector.client().get("/health").statusCode()).isEqualTo(200);
      assertThat(Files.readString(collector.outputFile())).doesNotContain("OutOfMemoryError");
      System.out.println("three minutes later: " + collections(collector.client()));

      long wrong = 0;
      for (int post : acknowledged) {
        wrong += check(collector.client(), post, base);
      }
      System.out.printf(
          "read back %d POSTs: %d points missing or wrong%n", acknowledged.size(), wrong);
      assertThat(wrong).isZero();
      collector.stop();
    }
  }

  /** The collector's garbage collections so far, from its self-metrics, to compare heap sizes. */
  private static String collections(TimelineClient client) throws IOException {
    JsonNode gauges =
        new ObjectMapper().readTree(client.get("/admin/metrics").body()).at("/gauges");
    StringBuilder text = new StringBuilder();
    gauges
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (name.startsWith("jvm.gc.")) {
                text.append(text.length() == 0 ? "" : ", ")
                    .append(name.substring("jvm.gc.".length()))
                    .append(' ')
                    .append(gauges.at("/" + name + "/value").asText());
              }
            });
    return text.toString();
  }

  private static double value(int post, int metric, int i) {
    return post + metric * 0.001 + i * 1e-7;
  }

  private static String body(int post, long base) {
    StringBuilder sb = new StringBuilder(2_200_000).append("{\"metrics\":[");
    for (int m = 0; m < METRICS; m++) {
      sb.append(m == 0 ? "" : ",")
          .append("{\"metricname\":\"burst.m")
          .append(m)
          .append("\",\"appid\":\"burstdrill\",\"hostname\":\"burst-h")
          .append(post)
          .append("\",\"metrics\":{");
      for (int i = 0; i < POINTS; i++) {
        sb.append(i == 0 ? "" : ",")
            .append('"')
            .append(base + i * STEP_MS)
            .append("\":")
            .append(value(post, m, i));
      }
      sb.append("}}");
    }
    return sb.append("]}").toString();
  }

  /**
   * Points of one POST that do not read back as sent; read in two halves to stay within the row
   * limit.
   */
  private static long check(TimelineClient client, int post, long base) {
    Map<String, Map<Long, Double>> stored = new HashMap<>();
    long mid = base + POINTS / 2 * STEP_MS;
    for (long[] range : new long[][] {{base, mid}, {mid, base + POINTS * STEP_MS}}) {
      List<TimelineMetric> got =
          client.query(
              "metricNames",
              "burst.m%",
              "appId",
              "burstdrill",
              "hostname",
              "burst-h" + post,
              "startTime",
              Long.toString(range[0]),
              "endTime",
              Long.toString(range[1]),
              "precision",
              "seconds");
      for (TimelineMetric m : got) {
        stored.computeIfAbsent(m.metricName(), k -> new HashMap<>()).putAll(m.points().toMap());
      }
    }
    long wrong = 0;
    for (int m = 0; m < METRICS; m++) {
      Map<Long, Double> points = stored.getOrDefault("burst.m" + m, Map.of());
      for (int i = 0; i < POINTS; i++) {
        Double v = points.get(base + i * STEP_MS);
        if (v == null || v != value(post, m, i)) {
          wrong++;
        }
      }
    }
    return wrong;
  }
}
