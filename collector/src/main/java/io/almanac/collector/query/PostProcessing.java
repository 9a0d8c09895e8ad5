package io.almanac.collector.query;

import io.almanac.model.Points;

/** {@code ._rate} and {@code ._diff} on the points of one series. */
final class PostProcessing {
  private PostProcessing() {}

  /**
   * The differences between consecutive points (per second for RATE). The first point has no
   * predecessor and is dropped; a negative difference is a counter reset and is dropped too.
   */
  static Points apply(Points points, PostFunction function) {
    if (function == null) {
      return points;
    }
    int n = points.size();
    long[] ts = new long[Math.max(0, n - 1)];
    double[] vs = new double[ts.length];
    int out = 0;
    for (int i = 1; i < n; i++) {
      double delta = points.value(i) - points.value(i - 1);
      if (delta < 0 || Double.isNaN(delta)) {
        continue;
      }
      long stepMs = points.timestamp(i) - points.timestamp(i - 1);
      ts[out] = points.timestamp(i);
      vs[out] = function == PostFunction.RATE ? delta / (stepMs / 1000.0) : delta;
      out++;
    }
    return Points.of(ts, vs, out);
  }
}
