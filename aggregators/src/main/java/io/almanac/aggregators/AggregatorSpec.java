package io.almanac.aggregators;

/**
 * How one aggregator runs.
 *
 * @param kind which aggregator
 * @param intervalMs length of the intervals it aggregates
 * @param enabled false to leave it off (AMS's {@code ...disabled} keys)
 * @param delayMs how long after an interval ends before it is aggregated, so late-posting sinks are
 *     in (AMS's 90 s time shift for the cluster aggregator)
 * @param inputRetentionMs how long the table it reads keeps its rows (its TTL): a first run, or a
 *     checkpoint older than this, starts no further back, since older input is gone or going
 */
public record AggregatorSpec(
    AggregatorKind kind, long intervalMs, boolean enabled, long delayMs, long inputRetentionMs) {
  /** Checks the values. */
  public AggregatorSpec {
    if (intervalMs <= 0 || delayMs < 0 || inputRetentionMs <= 0) {
      throw new IllegalArgumentException(
          kind + ": interval and retention must be positive and delay not negative");
    }
  }
}
