package io.almanac.collector.query;

/** What is computed on the points after the read: AMS's {@code ._rate} and {@code ._diff}. */
public enum PostFunction {
  /** Change per second between consecutive points. */
  RATE,
  /** Change between consecutive points. */
  DIFF;

  /** The suffix as written after {@code ._}. */
  String suffix() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
