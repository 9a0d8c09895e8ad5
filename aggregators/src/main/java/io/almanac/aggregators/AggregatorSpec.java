package io.almanac.aggregators;

/**
 * How one aggregator runs.
 *
 * @param kind which aggregator
 * @param intervalMs length of the intervals it aggregates
 * @param enabled false to leave it off (AMS's {@code ...disabled} keys)
 * @param delayMs how long after an interval ends before it is aggregated, so late-posting sinks
 *     are in (AMS's 90 s time shift for the cluster aggregator)
 */
public record AggregatorSpec(AggregatorKind kind, long intervalMs, boolean enabled, long delayMs) {
  /** Checks the values. */
  public AggregatorSpec {
    if (intervalMs <= 0 || delayMs < 0) {
      throw new IllegalArgumentException(kind + ": interval must be positive and delay not negative");
    }
  }
}
