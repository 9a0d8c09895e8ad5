package io.almanac.aggregators;

import io.almanac.model.Points;
import io.almanac.model.store.Rollup;
import java.util.List;

/** Sums, counts, maxima and minima: host rollups from raw points and from finer rollups. */
public final class Rollups {
  private Rollups() {}

  /**
   * The rollup of the points in {@code [start, end)}, labelled {@code label}; null when there are
   * none. NaN points are left out of the count as well as the sum (AMS counts them, which pulls the
   * average towards zero).
   */
  public static Rollup ofPoints(Points points, long start, long end, long label) {
    double sum = 0;
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    long count = 0;
    for (int i = 0; i < points.size(); i++) {
      long t = points.timestamp(i);
      double v = points.value(i);
      if (t < start || t >= end || Double.isNaN(v)) {
        continue;
      }
      sum += v;
      max = Math.max(max, v);
      min = Math.min(min, v);
      count++;
    }
    return count == 0 ? null : new Rollup(label, sum, count, max, min);
  }

  /**
   * Host rollup of finer host rollups: sum of sums, sum of counts, max of maxima, min of minima.
   */
  public static Rollup ofHostRollups(List<Rollup> rows, long label) {
    if (rows.isEmpty()) {
      return null;
    }
    double sum = 0;
    long count = 0;
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    for (Rollup r : rows) {
      sum += r.sum();
      count += r.count();
      max = Math.max(max, r.max());
      min = Math.min(min, r.min());
    }
    return new Rollup(label, sum, count, max, min);
  }

  /**
   * Cluster rollup of one metric's rows: {@link #ofClusterRows}, except for {@code live_hosts},
   * whose rollup is the most hosts seen in any of the rows.
   */
  public static Rollup ofClusterSeries(String metricName, List<Rollup> rows, long label) {
    if (ClusterSliceAggregation.LIVE_HOSTS.equals(metricName)) {
      if (rows.isEmpty()) {
        return null;
      }
      double most = rows.stream().mapToDouble(Rollup::sum).max().orElse(0);
      return new Rollup(label, most, 1, most, most);
    }
    return ofClusterRows(rows, label);
  }

  /**
   * Cluster rollup of cluster rows (30 s slices or hourly rows), as AMS computes it: the mean of
   * the cluster totals, the mean host count (rounded), the max of maxima, the min of minima. So
   * {@code ._sum} reads the typical cluster total over the interval and {@code ._avg} the typical
   * per-host value.
   */
  public static Rollup ofClusterRows(List<Rollup> rows, long label) {
    if (rows.isEmpty()) {
      return null;
    }
    double sum = 0;
    double hosts = 0;
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    for (Rollup r : rows) {
      sum += r.sum();
      hosts += r.count();
      max = Math.max(max, r.max());
      min = Math.min(min, r.min());
    }
    return new Rollup(label, sum / rows.size(), Math.round(hosts / rows.size()), max, min);
  }
}
