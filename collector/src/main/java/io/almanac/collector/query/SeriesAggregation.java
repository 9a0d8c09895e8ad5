package io.almanac.collector.query;

import io.almanac.model.Points;
import io.almanac.model.TimelineMetric;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * AMS's {@code seriesAggregateFunction}: every answered series collapsed into one, per timestamp.
 * The result is named like {@code AVG(m1,m2)}; its host, app and instance are the comma-joined
 * values of the inputs.
 */
final class SeriesAggregation {
  private SeriesAggregation() {}

  /** Parses the parameter; null when absent. */
  static String parse(String function) {
    if (function == null || function.isBlank()) {
      return null;
    }
    String f = function.trim().toUpperCase(Locale.ROOT);
    if (!List.of("AVG", "MIN", "MAX", "SUM").contains(f)) {
      throw new BadQueryException(
          "seriesAggregateFunction should be avg, min, max or sum, got '" + function + "'");
    }
    return f;
  }

  static List<TimelineMetric> collapse(List<TimelineMetric> series, String function) {
    if (function == null || series.isEmpty()) {
      return series;
    }
    Map<Long, double[]> acc = new TreeMap<>(); // per timestamp: sum, min, max, count
    Set<String> names = new LinkedHashSet<>();
    Set<String> hosts = new LinkedHashSet<>();
    Set<String> apps = new LinkedHashSet<>();
    Set<String> instances = new LinkedHashSet<>();
    for (TimelineMetric m : series) {
      names.add(m.metricName());
      addIfPresent(hosts, m.hostName());
      addIfPresent(apps, m.appId());
      addIfPresent(instances, m.instanceId());
      Points p = m.points();
      for (int i = 0; i < p.size(); i++) {
        double v = p.value(i);
        if (Double.isNaN(v)) {
          continue;
        }
        double[] a =
            acc.computeIfAbsent(
                p.timestamp(i),
                t -> new double[] {0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0});
        a[0] += v;
        a[1] = Math.min(a[1], v);
        a[2] = Math.max(a[2], v);
        a[3]++;
      }
    }
    long[] ts = new long[acc.size()];
    double[] vs = new double[acc.size()];
    int i = 0;
    for (Map.Entry<Long, double[]> e : acc.entrySet()) {
      double[] a = e.getValue();
      ts[i] = e.getKey();
      vs[i] =
          switch (function) {
            case "SUM" -> a[0];
            case "MIN" -> a[1];
            case "MAX" -> a[2];
            default -> a[0] / a[3];
          };
      i++;
    }
    Points points = Points.of(ts, vs);
    return List.of(
        new TimelineMetric(
            function + "(" + String.join(",", names) + ")",
            joined(apps),
            joined(instances),
            joined(hosts),
            0,
            points.isEmpty() ? 0 : points.firstTimestamp(),
            null,
            null,
            points,
            Map.of()));
  }

  private static void addIfPresent(Set<String> set, String value) {
    if (value != null && !value.isEmpty()) {
      set.add(value);
    }
  }

  private static String joined(Set<String> values) {
    return values.isEmpty() ? null : String.join(",", values);
  }
}
