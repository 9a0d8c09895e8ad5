package io.almanac.model;

/**
 * A half-open time range {@code [start, end)} in epoch milliseconds.
 *
 * @param start first millisecond included
 * @param end first millisecond excluded
 */
public record TimeRange(long start, long end) {
  /** Largest value AMS reads as seconds rather than milliseconds. */
  public static final long MAX_SECONDS_VALUE = 9_999_999_999L;

  /** True when the range holds no instant (end at or before start). */
  public boolean isEmpty() {
    return end <= start;
  }

  /** True when {@code t} lies in the range. */
  public boolean contains(long t) {
    return t >= start && t < end;
  }

  /**
   * AMS's rule for query times: a value below {@value #MAX_SECONDS_VALUE} is seconds, anything
   * larger is milliseconds.
   */
  public static long toMillis(long secondsOrMillis) {
    return secondsOrMillis < MAX_SECONDS_VALUE ? secondsOrMillis * 1000 : secondsOrMillis;
  }
}
