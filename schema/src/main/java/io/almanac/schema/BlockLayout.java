package io.almanac.schema;

import io.almanac.model.Points;
import java.util.ArrayList;
import java.util.List;

/**
 * How a posted series batch is cut into METRIC_RECORD rows: consecutive points, at most {@link
 * #MAX_POINTS} of them and spanning less than {@link #MAX_SPAN_MS}. A row is keyed by its first
 * timestamp, so a reader looking for points from {@code t} on must start at {@code t -
 * MAX_SPAN_MS}. The cut depends only on the points, so posting the same batch again rewrites the
 * same rows.
 */
public final class BlockLayout {
  /** A row never spans this many milliseconds or more. */
  public static final long MAX_SPAN_MS = 10 * 60_000L;

  /** A row never holds more points than this. */
  public static final int MAX_POINTS = 1_024;

  /**
   * The span of metric time whose rows are merged into one sealed row (METRIC_RECORD_SEALED): the
   * rows of a series that start in one hour.
   */
  public static final long SEALED_SPAN_MS = 3_600_000L;

  /**
   * A sealed row, keyed by its hour's start, never spans this many milliseconds or more: the hour
   * and the span of the last row merged into it. A reader of sealed rows from {@code t} on starts
   * at {@code t - SEALED_MAX_SPAN_MS}.
   */
  public static final long SEALED_MAX_SPAN_MS = SEALED_SPAN_MS + MAX_SPAN_MS;

  private BlockLayout() {}

  /** The start of the sealed span (hour) that holds a row starting at {@code rowStart}. */
  public static long sealedSpanOf(long rowStart) {
    return Math.floorDiv(rowStart, SEALED_SPAN_MS) * SEALED_SPAN_MS;
  }

  /** Cuts {@code points} into row blocks, in time order. */
  public static List<Points> split(Points points) {
    int n = points.size();
    if (n == 0) {
      return List.of();
    }
    if (n <= MAX_POINTS && points.lastTimestamp() - points.firstTimestamp() < MAX_SPAN_MS) {
      return List.of(points);
    }
    List<Points> blocks = new ArrayList<>();
    int start = 0;
    while (start < n) {
      long limit = points.timestamp(start) + MAX_SPAN_MS;
      int end = start + 1;
      while (end < n && end - start < MAX_POINTS && points.timestamp(end) < limit) {
        end++;
      }
      blocks.add(
          points.between(
              points.timestamp(start), end < n ? points.timestamp(end) : Long.MAX_VALUE));
      start = end;
    }
    return blocks;
  }
}
