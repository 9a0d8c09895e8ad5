package io.almanac.collector.drills;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.collector.testing.CollectorProcess;
import io.almanac.collector.testing.TimelineClient;
import io.almanac.model.Points;
import io.almanac.model.TimelineMetric;
import io.almanac.model.TimelineMetrics;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} during sustained ingest, five times over: every point a POST was answered 200 for
 * must read back, with its value, after the last restart.
 */
class CrashDrill {
  private static final int CYCLES = 5;
  private static final int WRITERS = 4;
  private static final int METRICS_PER_POST = 20;
  private static final int POINTS_PER_METRIC = 30;

  @Test
  void everyAcknowledgedPointSurvivesFiveKills() throws Exception {
    long base = System.currentTimeMillis() / 60_000 * 60_000 - 3_600_000;
    Map<Integer, Boolean> acknowledged = new ConcurrentHashMap<>();
    AtomicInteger nextPost = new AtomicInteger();
    Random random = new Random(42);
    Path dir = Path.of("target", "drills", "crash-" + System.currentTimeMillis());
    try (CollectorProcess collector = new CollectorProcess(dir, "1g")) {
      for (int cycle = 0; cycle < CYCLES; cycle++) {
        collector.start();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        for (int w = 0; w < WRITERS; w++) {
          writers.submit(
              () -> {
                while (!stop.get()) {
                  int post = nextPost.getAndIncrement();
                  try {
                    HttpResponse<String> r = collector.client().post(body(post, base));
                    if (r.statusCode() == 200 && r.body().equals("{\"errors\":[]}")) {
                      acknowledged.put(post, true);
                    }
                  } catch (RuntimeException connectionLost) {
                    // the collector was killed mid-request: not acknowledged, nothing to check
                  }
                }
              });
        }
        Thread.sleep(4000 + random.nextInt(6000));
        collector.kill();
        stop.set(true);
        writers.shutdown();
        writers.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES);
        System.out.printf(
            "cycle %d: %d POSTs acknowledged so far%n", cycle + 1, acknowledged.size());
      }
      collector.start();
      assertThat(acknowledged).hasSizeGreaterThan(CYCLES * 10);
      List<String> missing = new ArrayList<>();
      for (int post : acknowledged.keySet()) {
        missing.addAll(check(collector.client(), post, base));
      }
      System.out.printf(
          "%d POSTs, %d points acknowledged; %d missing or wrong%n",
          acknowledged.size(),
          (long) acknowledged.size() * METRICS_PER_POST * POINTS_PER_METRIC,
          missing.size());
      assertThat(missing).isEmpty();
      collector.stop();
    }
  }

  private static String host(int post) {
    return "crash-h" + post;
  }

  private static double value(int post, int metric, int i) {
    return post * 10_000.0 + metric * 100 + i + 0.25;
  }

  private static TimelineMetrics body(int post, long base) {
    List<TimelineMetric> metrics = new ArrayList<>();
    for (int m = 0; m < METRICS_PER_POST; m++) {
      long[] ts = new long[POINTS_PER_METRIC];
      double[] vs = new double[POINTS_PER_METRIC];
      for (int i = 0; i < POINTS_PER_METRIC; i++) {
        ts[i] = base + i * 10_000L;
        vs[i] = value(post, m, i);
      }
      metrics.add(TimelineMetric.of("crash.m" + m, "crashdrill", host(post), Points.of(ts, vs)));
    }
    return new TimelineMetrics(metrics);
  }

  private static List<String> check(TimelineClient client, int post, long base) {
    List<TimelineMetric> got =
        client.query(
            "metricNames",
            "crash.m%",
            "appId",
            "crashdrill",
            "hostname",
            host(post),
            "startTime",
            Long.toString(base),
            "endTime",
            Long.toString(base + POINTS_PER_METRIC * 10_000L),
            "precision",
            "seconds");
    Map<String, Points> byName = new java.util.HashMap<>();
    got.forEach(m -> byName.put(m.metricName(), m.points()));
    List<String> wrong = new ArrayList<>();
    for (int m = 0; m < METRICS_PER_POST; m++) {
      Points p = byName.get("crash.m" + m);
      Map<Long, Double> stored = p == null ? Map.of() : p.toMap();
      for (int i = 0; i < POINTS_PER_METRIC; i++) {
        long t = base + i * 10_000L;
        Double v = stored.get(t);
        if (v == null || v != value(post, m, i)) {
          wrong.add(host(post) + " crash.m" + m + " @" + t + ": " + v);
        }
      }
    }
    return wrong;
  }
}
