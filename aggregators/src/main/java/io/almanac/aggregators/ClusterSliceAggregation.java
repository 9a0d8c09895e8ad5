package io.almanac.aggregators;

import io.almanac.model.MetricKey;
import io.almanac.model.store.MetricDescriptor;
import io.almanac.model.store.Rollup;
import io.almanac.model.store.SeriesPoints;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The cluster "second" aggregation of one window: host points to 30 s slices, summed across hosts
 * per metric, with app-level rollups of HOST metrics and a {@code live_hosts} metric per app.
 */
public final class ClusterSliceAggregation {
  /** AMS's synthetic metric: how many hosts reported for an app in the window. */
  public static final String LIVE_HOSTS = "live_hosts";

  private static final String HOST_APP = "HOST";

  private final TimeSlicer slicer;
  private final List<Pattern> skip;
  private final Set<String> appLevelAppIds;
  private final boolean multipleClusters;

  /** Aggregation under {@code settings}. */
  public ClusterSliceAggregation(AggregationSettings settings) {
    this.slicer = new TimeSlicer(settings.sliceMs(), settings.interpolate());
    this.skip = settings.skipRegexes();
    this.appLevelAppIds = Set.copyOf(settings.appLevelAppIds());
    this.multipleClusters = settings.multipleClusters();
  }

  /** Length of a slice. */
  public long sliceMs() {
    return slicer.sliceMs();
  }

  /** How far beyond the window the caller must read, so gaps at its edges can be interpolated. */
  public long marginMs() {
    return 2 * slicer.sliceMs();
  }

  /** Running totals of one metric's slices in the window. */
  private static final class Slices {
    final double[] sum;
    final long[] hosts;
    final double[] max;
    final double[] min;

    Slices(int n) {
      sum = new double[n];
      hosts = new long[n];
      max = new double[n];
      min = new double[n];
      java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
      java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
    }

    void add(int i, double v) {
      sum[i] += v;
      hosts[i]++;
      max[i] = Math.max(max[i], v);
      min[i] = Math.min(min[i], v);
    }
  }

  /**
   * The slices of {@code [windowStart, windowEnd)}, labelled by their end, per cluster metric.
   *
   * @param series host series with their points from {@code windowStart - marginMs()} to {@code
   *     windowEnd + marginMs()}
   * @param metadata what is known of each metric (for {@code skipAggregation})
   * @param appsByHost the apps each host runs (for app-level rollups)
   */
  public Map<MetricKey, List<Rollup>> aggregate(
      List<SeriesPoints> series,
      long windowStart,
      long windowEnd,
      Map<MetricKey, MetricDescriptor> metadata,
      Map<String, Set<String>> appsByHost) {
    Window w = window(windowStart, windowEnd, metadata, appsByHost);
    series.forEach(w::add);
    return w.result();
  }

  /**
   * An empty aggregation of {@code [windowStart, windowEnd)} to feed series to one at a time: it
   * keeps running totals per cluster metric, not the points.
   */
  public Window window(
      long windowStart,
      long windowEnd,
      Map<MetricKey, MetricDescriptor> metadata,
      Map<String, Set<String>> appsByHost) {
    return new Window(windowStart, windowEnd, metadata, appsByHost);
  }

  /** The running totals of one window. */
  public final class Window {
    private final long windowStart;
    private final long windowEnd;
    private final Map<MetricKey, MetricDescriptor> metadata;
    private final Map<String, Set<String>> appsByHost;
    private final long from;
    private final long to;
    private final int first;
    private final int n;
    private final Map<MetricKey, Slices> totals = new LinkedHashMap<>();

    private Window(
        long windowStart,
        long windowEnd,
        Map<MetricKey, MetricDescriptor> metadata,
        Map<String, Set<String>> appsByHost) {
      this.windowStart = windowStart;
      this.windowEnd = windowEnd;
      this.metadata = metadata;
      this.appsByHost = appsByHost;
      long slice = slicer.sliceMs();
      this.from = windowStart - marginMs();
      this.to = windowEnd + marginMs();
      this.first = (int) ((windowStart - from) / slice);
      this.n = (int) ((windowEnd - windowStart) / slice);
    }

    /**
     * Adds one host series: its points from {@code windowStart - marginMs()} to {@code windowEnd +
     * marginMs()} (others it is given are left out, so one read can feed consecutive windows).
     */
    public void add(SeriesPoints s) {
      MetricKey metric = s.key().metric();
      MetricDescriptor d = metadata.get(metric);
      if ((d != null && !d.supportsAggregation())
          || LIVE_HOSTS.equals(metric.metricName())
          || skipped(metric)) {
        return;
      }
      double[] values = slicer.slice(s.points().between(from, to), from, to);
      List<MetricKey> targets = new ArrayList<>(2);
      targets.add(clusterKey(metric.metricName(), metric.appId(), metric.instanceId()));
      if (HOST_APP.equals(metric.appId())) {
        for (String app : appsByHost.getOrDefault(s.key().hostName(), Set.of())) {
          if (appLevelAppIds.contains(app)) {
            targets.add(clusterKey(metric.metricName(), app, metric.instanceId()));
          }
        }
      }
      for (int i = 0; i < n; i++) {
        double v = values[first + i];
        if (Double.isNaN(v)) {
          continue;
        }
        for (MetricKey target : targets) {
          totals.computeIfAbsent(target, k -> new Slices(n)).add(i, v);
        }
      }
    }

    /** The slices of every cluster metric met, and {@code live_hosts} per app. */
    public Map<MetricKey, List<Rollup>> result() {
      long slice = slicer.sliceMs();
      Map<MetricKey, List<Rollup>> out = new LinkedHashMap<>();
      Map<String, Long> liveHosts = new HashMap<>();
      for (Map.Entry<MetricKey, Slices> e : totals.entrySet()) {
        Slices t = e.getValue();
        List<Rollup> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          if (t.hosts[i] > 0) {
            rows.add(
                new Rollup(
                    windowStart + (i + 1) * slice, t.sum[i], t.hosts[i], t.max[i], t.min[i]));
            liveHosts.merge(e.getKey().appId(), t.hosts[i], Math::max);
          }
        }
        out.put(e.getKey(), rows);
      }
      liveHosts.forEach(
          (app, hosts) ->
              out.put(
                  new MetricKey(LIVE_HOSTS, app, ""),
                  List.of(new Rollup(windowEnd, hosts, 1, hosts, hosts))));
      return out;
    }
  }

  private MetricKey clusterKey(String name, String app, String instance) {
    return new MetricKey(name, app, multipleClusters ? instance : "");
  }

  private boolean skipped(MetricKey metric) {
    for (Pattern p : skip) {
      if (p.matcher(metric.metricName()).matches()) {
        return true;
      }
    }
    return false;
  }
}
