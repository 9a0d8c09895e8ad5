package io.almanac.collector.query;

/** How a value is read from an aggregate row: AMS's {@code ._avg ._min ._max ._sum} suffixes. */
public enum ReadFunction {
  /** SUM / COUNT: the mean over the interval (per host) or across hosts (cluster). */
  AVG,
  /** METRIC_MIN. */
  MIN,
  /** METRIC_MAX. */
  MAX,
  /**
   * On cluster tables METRIC_SUM (the total across hosts). On host tables AMS answers SUM / COUNT
   * as for AVG, since summing a gauge over time means nothing; Almanac does the same.
   */
  SUM;

  /** The suffix as written after {@code ._}. */
  String suffix() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
