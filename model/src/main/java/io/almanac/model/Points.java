package io.almanac.model;

import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The points of one series: strictly increasing timestamps (epoch milliseconds) with their values.
 *
 * <p>Immutable. Kept as two primitive arrays rather than a map of boxed values because every POST
 * and every query moves millions of them.
 */
public final class Points {
  private static final Points EMPTY = new Points(new long[0], new double[0]);

  private final long[] timestamps;
  private final double[] values;

  private Points(long[] timestamps, double[] values) {
    this.timestamps = timestamps;
    this.values = values;
  }

  /** No points. */
  public static Points empty() {
    return EMPTY;
  }

  /**
   * Points from parallel arrays in any order; for equal timestamps the later entry wins. The arrays
   * are copied.
   */
  public static Points of(long[] timestamps, double[] values) {
    return of(timestamps, values, timestamps.length);
  }

  /** As {@link #of(long[], double[])} for the first {@code count} entries. */
  public static Points of(long[] timestamps, double[] values, int count) {
    if (count > timestamps.length || count > values.length) {
      throw new IllegalArgumentException("count " + count + " exceeds the arrays given");
    }
    if (count == 0) {
      return EMPTY;
    }
    boolean sortedUnique = true;
    for (int i = 1; i < count; i++) {
      if (timestamps[i] <= timestamps[i - 1]) {
        sortedUnique = false;
        break;
      }
    }
    if (sortedUnique) {
      return new Points(Arrays.copyOf(timestamps, count), Arrays.copyOf(values, count));
    }
    TreeMap<Long, Double> sorted = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      sorted.put(timestamps[i], values[i]);
    }
    return fromMap(sorted);
  }

  /** Points from a map of timestamp to value. */
  public static Points fromMap(Map<Long, Double> map) {
    NavigableMap<Long, Double> sorted =
        map instanceof NavigableMap<Long, Double> nav ? nav : new TreeMap<>(map);
    long[] ts = new long[sorted.size()];
    double[] vs = new double[sorted.size()];
    int i = 0;
    for (Map.Entry<Long, Double> e : sorted.entrySet()) {
      ts[i] = e.getKey();
      vs[i] = e.getValue();
      i++;
    }
    return new Points(ts, vs);
  }

  /** Number of points. */
  public int size() {
    return timestamps.length;
  }

  /** True when there are no points. */
  public boolean isEmpty() {
    return timestamps.length == 0;
  }

  /** Timestamp of point {@code i}, epoch milliseconds. */
  public long timestamp(int i) {
    return timestamps[i];
  }

  /** Value of point {@code i}. */
  public double value(int i) {
    return values[i];
  }

  /** First timestamp; only for non-empty points. */
  public long firstTimestamp() {
    return timestamps[0];
  }

  /** Last timestamp; only for non-empty points. */
  public long lastTimestamp() {
    return timestamps[timestamps.length - 1];
  }

  /**
   * The parts one after the other, when each starts after the previous one ends (the usual case of
   * a series' stored blocks); empty when two overlap, and the caller must merge them.
   */
  public static java.util.Optional<Points> concatIfOrdered(java.util.List<Points> parts) {
    int total = 0;
    long last = Long.MIN_VALUE;
    for (Points p : parts) {
      if (p.isEmpty()) {
        continue;
      }
      if (p.firstTimestamp() <= last) {
        return java.util.Optional.empty();
      }
      last = p.lastTimestamp();
      total += p.size();
    }
    if (parts.size() == 1) {
      return java.util.Optional.of(parts.get(0));
    }
    long[] ts = new long[total];
    double[] vs = new double[total];
    int at = 0;
    for (Points p : parts) {
      System.arraycopy(p.timestamps, 0, ts, at, p.size());
      System.arraycopy(p.values, 0, vs, at, p.size());
      at += p.size();
    }
    return java.util.Optional.of(total == 0 ? EMPTY : new Points(ts, vs));
  }

  /** The points with {@code from <= timestamp < to}. */
  public Points between(long from, long to) {
    int lo = lowerBound(from);
    int hi = lowerBound(to);
    if (lo == 0 && hi == timestamps.length) {
      return this;
    }
    if (lo >= hi) {
      return EMPTY;
    }
    return new Points(Arrays.copyOfRange(timestamps, lo, hi), Arrays.copyOfRange(values, lo, hi));
  }

  /** Index of the first point whose timestamp is at least {@code t}. */
  private int lowerBound(long t) {
    int idx = Arrays.binarySearch(timestamps, t);
    return idx >= 0 ? idx : -idx - 1;
  }

  /** Copy of the points as a sorted map (for callers that merge). */
  public NavigableMap<Long, Double> toMap() {
    TreeMap<Long, Double> map = new TreeMap<>();
    putInto(map);
    return map;
  }

  /** Puts every point into {@code map}, replacing values at equal timestamps. */
  public void putInto(Map<Long, Double> map) {
    for (int i = 0; i < timestamps.length; i++) {
      map.put(timestamps[i], values[i]);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Points other)) {
      return false;
    }
    return Arrays.equals(timestamps, other.timestamps) && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(timestamps) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < timestamps.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(timestamps[i]).append('=').append(values[i]);
    }
    return sb.append('}').toString();
  }
}
