package io.almanac.collector.storage.phoenix;

import io.almanac.model.Points;

/**
 * The METRIC_SUM, METRIC_MAX and METRIC_MIN of a METRIC_RECORD block: over its values that are not
 * NaN, absent ({@code any} false) when every value is NaN.
 */
record BlockStatistics(boolean any, double sum, double max, double min) {
  static BlockStatistics of(Points block) {
    double sum = 0;
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    boolean any = false;
    for (int i = 0; i < block.size(); i++) {
      double v = block.value(i);
      if (!Double.isNaN(v)) {
        any = true;
        sum += v;
        max = Math.max(max, v);
        min = Math.min(min, v);
      }
    }
    return new BlockStatistics(any, sum, max, min);
  }
}
