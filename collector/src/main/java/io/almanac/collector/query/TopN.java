package io.almanac.collector.query;

import io.almanac.model.Points;
import io.almanac.model.TimelineMetric;
import io.almanac.model.store.SeriesSelector;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * AMS's top-N: the N series with the highest (or, for bottom-N, lowest) value of a function over
 * the queried range. It applies only to "top N hosts of one metric" (one plain metric name and host
 * names) or "top N metrics of at most one host" (metric names and no host or one plain host), and
 * only when exactly one of the two fits; otherwise AMS ignores it, and so does this.
 *
 * @param n how many series to keep
 * @param function avg, sum or max
 * @param bottom true to keep the lowest
 */
public record TopN(int n, String function, boolean bottom) {
  /** Checks the arguments. */
  public TopN {
    if (n <= 0) {
      throw new BadQueryException("topN must be positive, got " + n);
    }
    function =
        function == null || function.isBlank() ? "max" : function.trim().toLowerCase(Locale.ROOT);
    if (!List.of("avg", "sum", "max").contains(function)) {
      throw new BadQueryException("topNFunction should be avg, sum or max, got '" + function + "'");
    }
  }

  /** Whether AMS would apply top-N to a query with these names and hosts. */
  public static boolean appliesTo(List<String> metricNames, List<String> hostNames) {
    boolean oneMetricOverHosts =
        metricNames.size() == 1
            && !SeriesSelector.isPattern(metricNames.get(0))
            && !hostNames.isEmpty();
    boolean metricsOnOneHost =
        !metricNames.isEmpty()
            && (hostNames.isEmpty()
                || hostNames.size() == 1 && !SeriesSelector.isPattern(hostNames.get(0)));
    return oneMetricOverHosts ^ metricsOnOneHost;
  }

  /** The kept series, best first. */
  public List<TimelineMetric> select(List<TimelineMetric> series) {
    Comparator<TimelineMetric> byScore = Comparator.comparingDouble(m -> score(m.points()));
    if (!bottom) {
      byScore = byScore.reversed();
    }
    return series.stream().filter(m -> !m.points().isEmpty()).sorted(byScore).limit(n).toList();
  }

  private double score(Points p) {
    double sum = 0;
    double max = Double.NEGATIVE_INFINITY;
    int count = 0;
    for (int i = 0; i < p.size(); i++) {
      double v = p.value(i);
      if (Double.isNaN(v)) {
        continue;
      }
      sum += v;
      max = Math.max(max, v);
      count++;
    }
    switch (function) {
      case "avg":
        return count == 0 ? Double.NEGATIVE_INFINITY : Math.round(sum / count * 100) / 100.0;
      case "sum":
        return sum;
      default:
        return max;
    }
  }
}
