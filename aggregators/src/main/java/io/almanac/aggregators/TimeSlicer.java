package io.almanac.aggregators;

import io.almanac.model.Points;

/**
 * Cuts one host's points into fixed slices (AMS: 30 s), each worth the mean of its points, and
 * fills empty slices that lie between two slices with data by linear interpolation.
 *
 * <p>Two deliberate differences from AMS: a slice counts every point, zeros and negatives included
 * (AMS drops values at or below zero, which skews gauges that are legitimately 0); and the slicer
 * looks at points on both sides of the window (the caller passes a wider range), so a host that
 * reports once a minute is interpolated across the window's edges instead of being copied flat or
 * missing.
 */
public final class TimeSlicer {
  private final long sliceMs;
  private final boolean interpolate;

  /** A slicer of {@code sliceMs} slices, interpolating gaps when {@code interpolate}. */
  public TimeSlicer(long sliceMs, boolean interpolate) {
    if (sliceMs <= 0) {
      throw new IllegalArgumentException("slice must be positive, got " + sliceMs);
    }
    this.sliceMs = sliceMs;
    this.interpolate = interpolate;
  }

  /** The slice length. */
  public long sliceMs() {
    return sliceMs;
  }

  /**
   * Slice values over {@code [from, to)} ({@code from} and {@code to} multiples of the slice
   * length): element {@code i} is slice {@code [from + i*slice, from + (i+1)*slice)}, NaN when it
   * has no value. NaN points are ignored.
   */
  public double[] slice(Points points, long from, long to) {
    int n = (int) ((to - from) / sliceMs);
    double[] sum = new double[n];
    int[] count = new int[n];
    for (int i = 0; i < points.size(); i++) {
      long t = points.timestamp(i);
      double v = points.value(i);
      if (t < from || t >= to || Double.isNaN(v)) {
        continue;
      }
      int s = (int) ((t - from) / sliceMs);
      sum[s] += v;
      count[s]++;
    }
    double[] values = new double[n];
    for (int s = 0; s < n; s++) {
      values[s] = count[s] == 0 ? Double.NaN : sum[s] / count[s];
    }
    if (interpolate) {
      fillGaps(values);
    }
    return values;
  }

  /** Linear interpolation of every NaN run that has a value on both sides. */
  static void fillGaps(double[] values) {
    int last = -1;
    for (int s = 0; s < values.length; s++) {
      if (Double.isNaN(values[s])) {
        continue;
      }
      if (last >= 0 && s - last > 1) {
        double step = (values[s] - values[last]) / (s - last);
        for (int g = last + 1; g < s; g++) {
          values[g] = values[last] + step * (g - last);
        }
      }
      last = s;
    }
  }
}
