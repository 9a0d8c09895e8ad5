package io.almanac.collector.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.almanac.collector.ingest.IngestService;
import io.almanac.collector.ingest.MetricValidator;
import io.almanac.model.TimeRange;
import io.almanac.model.store.SeriesPoints;
import io.almanac.model.store.SeriesSelector;
import io.almanac.testing.InMemoryMetricStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SelfMetricsRecorderTest {
  @Test
  void storesGaugesMetersAndTimersAsSeriesOfAppAlmanac() {
    InMemoryMetricStore store = new InMemoryMetricStore();
    MetricRegistry registry = new MetricRegistry();
    IngestService ingest =
        new IngestService(
            store, MetricValidator.withDefaults(), 100_000, Duration.ofSeconds(5), null, registry);
    ingest.start();
    try {
      registry.gauge("buffer.points", () -> () -> 42);
      registry.meter("requests").mark(3);
      registry.timer("commit").update(7, TimeUnit.MILLISECONDS);
      long now = System.currentTimeMillis();
      new SelfMetricsRecorder(registry, ingest, "collector1").record(now);

      Map<String, Double> stored = new TreeMap<>();
      for (SeriesPoints s :
          store.readRaw(
              new SeriesSelector(List.of("almanac.%"), List.of("collector1"), "almanac", null),
              new TimeRange(now, now + 1))) {
        stored.put(s.key().metric().metricName(), s.points().value(0));
      }
      assertThat(stored)
          .containsEntry("almanac.buffer.points", 42.0)
          .containsEntry("almanac.requests.count", 3.0)
          .containsKey("almanac.requests.rate")
          .containsEntry("almanac.commit.count", 1.0)
          .containsEntry("almanac.commit.p99", 7.0);
    } finally {
      ingest.close();
    }
  }
}
