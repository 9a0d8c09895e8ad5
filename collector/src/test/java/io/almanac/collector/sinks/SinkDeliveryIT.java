package io.almanac.collector.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.almanac.collector.server.CollectorServer;
import io.almanac.collector.testing.SharedCollector;
import io.almanac.collector.testing.TimelineClient;
import io.almanac.model.TimelineMetric;
import io.almanac.sinks.dropwizard.TimelineReporter;
import io.almanac.sinks.emitter.EmitterConfig;
import io.almanac.sinks.emitter.SinkMetric;
import io.almanac.sinks.emitter.TimelineEmitter;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sinks' emitter against real collectors: spooling through an outage, failing over between
 * collectors, and the Dropwizard reporter end to end. Extra collectors run in distributed mode on
 * the shared collector's HBase, so they can be stopped and started while the data stays.
 */
@ExtendWith(SharedCollector.class)
class SinkDeliveryIT {
  private final String app = "sink" + UUID.randomUUID().toString().substring(0, 8);
  private final long t0 = System.currentTimeMillis() / 1000 * 1000 - 600_000;
  @TempDir Path tmp;

  private EmitterConfig config(List<String> collectors, File spool) {
    return new EmitterConfig()
        .collectors(collectors)
        .hostName("sinkhost")
        .timeoutMs(2000)
        .retryBackoffMs(100)
        .discoveryIntervalMs(0)
        .spoolDir(spool);
  }

  private static List<SinkMetric> batch(String app, long time, double value) {
    return List.of(SinkMetric.gauge("delivered", app, "sinkhost", time, value));
  }

  private Map<Long, Double> stored() {
    List<TimelineMetric> got =
        SharedCollector.client()
            .query(
                "metricNames",
                "delivered",
                "hostname",
                "sinkhost",
                "appId",
                app,
                "startTime",
                Long.toString(t0 - 1000),
                "endTime",
                Long.toString(t0 + 3_600_000));
    return got.isEmpty() ? Map.of() : got.get(0).points().toMap();
  }

  @Test
  void throughAnOutageEveryPointArrivesOnce() throws Exception {
    int port = SharedCollector.freeTcpPort();
    CollectorServer collector = SharedCollector.distributedCollector(port, "outage-a");
    collector.start();
    File spool = tmp.resolve("spool").toFile();
    TimelineEmitter emitter = new TimelineEmitter(config(List.of("127.0.0.1:" + port), spool));
    try {
      emitter.emit(batch(app, t0, 1));
      assertThat(emitter.flush(30_000)).isTrue();
      collector.close();

      for (int i = 1; i <= 5; i++) {
        emitter.emit(batch(app, t0 + i * 10_000L, i + 1));
      }
      long deadline = System.currentTimeMillis() + 30_000;
      while (emitter.counters().spooled() < 5 && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      assertThat(emitter.counters().spooled()).isEqualTo(5);
      assertThat(Files.list(spool.toPath()).count()).isPositive();

      collector = SharedCollector.distributedCollector(port, "outage-b");
      collector.start();
      assertThat(emitter.flush(60_000)).as("spool replayed: %s", emitter.counters()).isTrue();
      TreeMap<Long, Double> expected = new TreeMap<>();
      for (int i = 0; i <= 5; i++) {
        expected.put(t0 + i * 10_000L, i + 1.0);
      }
      assertThat(stored()).isEqualTo(expected);
      assertThat(emitter.counters().sent()).isEqualTo(6);
      assertThat(emitter.counters().dropped()).isZero();
      assertThat(Files.list(spool.toPath()).filter(p -> p.toString().endsWith(".json")).count())
          .isZero();
    } finally {
      emitter.close();
      collector.close();
    }
  }

  @Test
  void whenThePrimaryStopsTrafficMovesToTheOtherCollector() throws Exception {
    CollectorServer b = SharedCollector.distributedCollector(0, "failover-b");
    CollectorServer c = SharedCollector.distributedCollector(0, "failover-c");
    b.start();
    c.start();
    String bAddress = "127.0.0.1:" + b.port();
    String cAddress = "127.0.0.1:" + c.port();
    TimelineEmitter emitter =
        new TimelineEmitter(config(List.of(bAddress, cAddress), tmp.resolve("spool").toFile()));
    try {
      emitter.emit(batch(app, t0, 1));
      assertThat(emitter.flush(30_000)).isTrue();
      String primary = emitter.currentCollector();
      (primary.equals(bAddress) ? b : c).close();

      emitter.emit(batch(app, t0 + 10_000, 2));
      assertThat(emitter.flush(60_000)).isTrue();
      assertThat(emitter.currentCollector()).isNotEqualTo(primary);
      assertThat(stored()).containsExactly(Map.entry(t0, 1.0), Map.entry(t0 + 10_000, 2.0));
      assertThat(emitter.counters().dropped()).isZero();
      assertThat(emitter.counters().failedAttempts()).isPositive();
    } finally {
      emitter.close();
      b.close();
      c.close();
    }
  }

  @Test
  void theDropwizardReporterPostsEveryKindOfMetric() throws Exception {
    MetricRegistry registry = new MetricRegistry();
    registry.counter("jobs").inc(7);
    registry.register("queue.depth", (com.codahale.metrics.Gauge<Integer>) () -> 3);
    registry.histogram("sizes").update(40);
    registry.meter("events").mark(5);
    Timer timer = registry.timer("latency");
    timer.update(250, TimeUnit.MILLISECONDS);
    TimelineReporter reporter =
        TimelineReporter.forRegistry(registry)
            .appId(app)
            .hostName("dwhost")
            .build(
                new EmitterConfig()
                    .collectors(List.of("127.0.0.1:" + SharedCollector.server().port()))
                    .discoveryIntervalMs(0));
    try {
      reporter.report();
      assertThat(reporter.emitter().flush(30_000)).isTrue();
    } finally {
      reporter.stop();
    }
    TimelineClient client = SharedCollector.client();
    long now = System.currentTimeMillis();
    Map<String, Double> latest = new TreeMap<>();
    for (TimelineMetric m :
        client.query(
            "metricNames",
            "%",
            "hostname",
            "dwhost",
            "appId",
            app,
            "startTime",
            Long.toString(now - 600_000),
            "endTime",
            Long.toString(now + 60_000))) {
      latest.put(m.metricName(), m.points().value(m.points().size() - 1));
    }
    assertThat(latest)
        .containsEntry("jobs", 7.0)
        .containsEntry("queue.depth", 3.0)
        .containsEntry("sizes.count", 1.0)
        .containsEntry("sizes.max", 40.0)
        .containsEntry("events.count", 5.0)
        .containsEntry("latency.count", 1.0)
        .containsEntry("latency.max", 250.0)
        .containsKeys("events.m1_rate", "latency.p99", "sizes.p50");
  }
}
