package io.almanac.sinks.dropwizard;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metered;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.ScheduledReporter;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import io.almanac.sinks.emitter.EmitterConfig;
import io.almanac.sinks.emitter.LocalHost;
import io.almanac.sinks.emitter.SinkMetric;
import io.almanac.sinks.emitter.TimelineEmitter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;

/**
 * A Dropwizard Metrics reporter posting a {@link MetricRegistry} to Almanac (or AMS) collectors.
 * Gauges with numeric values become GAUGE metrics; counters COUNTER; meters {@code .count} and
 * their rates; histograms and timers {@code .count} and their snapshot ({@code .min .max .mean
 * .stddev .p50 .p75 .p95 .p98 .p99 .p999}, durations in the reporter's duration unit).
 */
public final class TimelineReporter extends ScheduledReporter {
  private final TimelineEmitter emitter;
  private final String appId;
  private final String hostName;
  private final String instanceId;

  private TimelineReporter(Builder b, TimelineEmitter emitter) {
    super(b.registry, "almanac-reporter", b.filter, b.rateUnit, b.durationUnit);
    this.emitter = emitter;
    this.appId = b.appId;
    this.hostName = b.hostName;
    this.instanceId = b.instanceId;
  }

  /** A builder for a reporter of {@code registry}. */
  public static Builder forRegistry(MetricRegistry registry) {
    return new Builder(registry);
  }

  /** Configures a {@link TimelineReporter}. */
  public static final class Builder {
    private final MetricRegistry registry;
    private String appId = "application";
    private String hostName = LocalHost.name();
    private String instanceId;
    private MetricFilter filter = MetricFilter.ALL;
    private TimeUnit rateUnit = TimeUnit.SECONDS;
    private TimeUnit durationUnit = TimeUnit.MILLISECONDS;

    private Builder(MetricRegistry registry) {
      this.registry = registry;
    }

    /** The appId metrics are posted under. */
    public Builder appId(String appId) {
      this.appId = appId;
      return this;
    }

    /** The host name posted (default: this host's canonical name). */
    public Builder hostName(String hostName) {
      this.hostName = hostName;
      return this;
    }

    /** An instance id (cluster name), or null. */
    public Builder instanceId(String instanceId) {
      this.instanceId = instanceId;
      return this;
    }

    /** Which metrics to report. */
    public Builder filter(MetricFilter filter) {
      this.filter = filter;
      return this;
    }

    /** Unit of meter rates (default per second). */
    public Builder convertRatesTo(TimeUnit unit) {
      this.rateUnit = unit;
      return this;
    }

    /** Unit of timer durations (default milliseconds). */
    public Builder convertDurationsTo(TimeUnit unit) {
      this.durationUnit = unit;
      return this;
    }

    /** A reporter sending through a new emitter for {@code config}. */
    public TimelineReporter build(EmitterConfig config) {
      return new TimelineReporter(this, new TimelineEmitter(config.hostName(hostName)));
    }
  }

  @Override
  @SuppressWarnings("rawtypes")
  public void report(
      SortedMap<String, Gauge> gauges,
      SortedMap<String, Counter> counters,
      SortedMap<String, Histogram> histograms,
      SortedMap<String, Meter> meters,
      SortedMap<String, Timer> timers) {
    long now = System.currentTimeMillis();
    List<SinkMetric> out = new ArrayList<SinkMetric>();
    for (Map.Entry<String, Gauge> e : gauges.entrySet()) {
      Object v = e.getValue().getValue();
      if (v instanceof Number) {
        out.add(metric(e.getKey(), "GAUGE", now, ((Number) v).doubleValue()));
      }
    }
    for (Map.Entry<String, Counter> e : counters.entrySet()) {
      out.add(metric(e.getKey(), "COUNTER", now, e.getValue().getCount()));
    }
    for (Map.Entry<String, Histogram> e : histograms.entrySet()) {
      out.add(metric(e.getKey() + ".count", "COUNTER", now, e.getValue().getCount()));
      snapshot(out, e.getKey(), e.getValue().getSnapshot(), now, 1.0);
    }
    for (Map.Entry<String, Meter> e : meters.entrySet()) {
      metered(out, e.getKey(), e.getValue(), now);
    }
    for (Map.Entry<String, Timer> e : timers.entrySet()) {
      metered(out, e.getKey(), e.getValue(), now);
      snapshot(
          out,
          e.getKey(),
          e.getValue().getSnapshot(),
          now,
          convertDuration(1)); // snapshots hold nanoseconds
    }
    emitter.emit(out);
  }

  private void metered(List<SinkMetric> out, String name, Metered m, long now) {
    out.add(metric(name + ".count", "COUNTER", now, m.getCount()));
    out.add(metric(name + ".mean_rate", "GAUGE", now, convertRate(m.getMeanRate())));
    out.add(metric(name + ".m1_rate", "GAUGE", now, convertRate(m.getOneMinuteRate())));
    out.add(metric(name + ".m5_rate", "GAUGE", now, convertRate(m.getFiveMinuteRate())));
    out.add(metric(name + ".m15_rate", "GAUGE", now, convertRate(m.getFifteenMinuteRate())));
  }

  private void snapshot(List<SinkMetric> out, String name, Snapshot s, long now, double scale) {
    out.add(metric(name + ".min", "GAUGE", now, s.getMin() * scale));
    out.add(metric(name + ".max", "GAUGE", now, s.getMax() * scale));
    out.add(metric(name + ".mean", "GAUGE", now, s.getMean() * scale));
    out.add(metric(name + ".stddev", "GAUGE", now, s.getStdDev() * scale));
    out.add(metric(name + ".p50", "GAUGE", now, s.getMedian() * scale));
    out.add(metric(name + ".p75", "GAUGE", now, s.get75thPercentile() * scale));
    out.add(metric(name + ".p95", "GAUGE", now, s.get95thPercentile() * scale));
    out.add(metric(name + ".p98", "GAUGE", now, s.get98thPercentile() * scale));
    out.add(metric(name + ".p99", "GAUGE", now, s.get99thPercentile() * scale));
    out.add(metric(name + ".p999", "GAUGE", now, s.get999thPercentile() * scale));
  }

  private SinkMetric metric(String name, String type, long time, double value) {
    return new SinkMetric(
        name,
        appId,
        instanceId,
        hostName,
        type,
        null,
        Collections.singletonMap(time, value),
        Collections.<String, String>emptyMap());
  }

  /** The emitter, for its counters. */
  public TimelineEmitter emitter() {
    return emitter;
  }

  @Override
  public void stop() {
    super.stop();
    emitter.close();
  }
}
