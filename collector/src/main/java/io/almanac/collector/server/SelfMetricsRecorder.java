package io.almanac.collector.server;

import com.codahale.metrics.Counting;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Metered;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import io.almanac.collector.ingest.IngestService;
import io.almanac.model.Points;
import io.almanac.model.TimelineMetric;
import io.almanac.model.json.DecodedBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the collector's own metrics as series of appid {@code almanac} (names {@code
 * almanac.<metric>}, host the advertised name), through the ingest path like any client's, so
 * dashboards and alert rules read them with the same queries as everything else. Gauges keep their
 * name; a meter gives {@code .count} and {@code .rate} (per second, over the last minute); a timer
 * also {@code .mean} and {@code .p99} in milliseconds. Owns one thread.
 */
final class SelfMetricsRecorder implements AutoCloseable {
  static final String APP_ID = "almanac";
  private static final Logger LOG = LoggerFactory.getLogger(SelfMetricsRecorder.class);

  private final MetricRegistry registry;
  private final IngestService ingest;
  private final String hostName;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "almanac-self-metrics");
            t.setDaemon(true);
            return t;
          });

  SelfMetricsRecorder(MetricRegistry registry, IngestService ingest, String hostName) {
    this.registry = registry;
    this.ingest = ingest;
    this.hostName = hostName;
  }

  /** Records now and then every {@code interval}. */
  void start(Duration interval) {
    thread.scheduleWithFixedDelay(
        this::recordSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void recordSafely() {
    try {
      record(System.currentTimeMillis());
    } catch (RuntimeException e) {
      LOG.debug("Self-metrics not stored this time: {}", e.toString());
    }
  }

  /** Stores one point of every metric at {@code now}. */
  void record(long now) {
    List<TimelineMetric> metrics = new ArrayList<>();
    registry.getGauges().forEach((name, g) -> gauge(metrics, name, g, now));
    registry.getMeters().forEach((name, m) -> metered(metrics, name, m, now));
    registry.getTimers().forEach((name, t) -> timer(metrics, name, t, now));
    registry.getHistograms().forEach((name, h) -> histogram(metrics, name, h, now));
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < metrics.size(); i++) {
      indexes.add(i);
    }
    ingest.ingest(new DecodedBatch(metrics, indexes, List.of()));
  }

  private void gauge(List<TimelineMetric> out, String name, Gauge<?> g, long now) {
    Object v = g.getValue();
    if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
      out.add(point(name, n.doubleValue(), now));
    }
  }

  private void metered(List<TimelineMetric> out, String name, Metered m, long now) {
    counting(out, name, m, now);
    out.add(point(name + ".rate", m.getOneMinuteRate(), now));
  }

  private void timer(List<TimelineMetric> out, String name, Timer t, long now) {
    metered(out, name, t, now);
    Snapshot s = t.getSnapshot();
    out.add(point(name + ".mean", s.getMean() / 1e6, now));
    out.add(point(name + ".p99", s.get99thPercentile() / 1e6, now));
  }

  private void histogram(List<TimelineMetric> out, String name, Histogram h, long now) {
    counting(out, name, h, now);
    Snapshot s = h.getSnapshot();
    out.add(point(name + ".mean", s.getMean(), now));
    out.add(point(name + ".p99", s.get99thPercentile(), now));
  }

  private void counting(List<TimelineMetric> out, String name, Counting c, long now) {
    out.add(point(name + ".count", c.getCount(), now));
  }

  private TimelineMetric point(String name, double value, long now) {
    return new TimelineMetric(
        APP_ID + "." + name,
        APP_ID,
        null,
        hostName,
        now,
        now,
        null,
        null,
        Points.of(new long[] {now}, new double[] {value}),
        Map.of());
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
