package io.almanac.aggregators;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * AMS's default aggregation settings, for tests: what the collector's configuration gives by
 * default.
 */
final class TestSettings {
  private TestSettings() {}

  /** The defaults, with raw points kept {@code rawRetentionMs}. */
  static AggregationSettings defaults(long rawRetentionMs) {
    Map<AggregatorKind, AggregatorSpec> specs = new EnumMap<>(AggregatorKind.class);
    for (AggregatorKind k : AggregatorKind.values()) {
      long delay =
          k == AggregatorKind.HOST_MINUTE
              ? 60_000
              : k == AggregatorKind.CLUSTER_SECOND ? 90_000 : 0;
      specs.put(
          k,
          new AggregatorSpec(
              k, k.defaultIntervalMs(), true, delay, inputRetention(k, rawRetentionMs)));
    }
    return new AggregationSettings(
        specs,
        30_000,
        true,
        List.of("sdisk\\_%", "boottime"),
        List.of("datanode", "nodemanager", "hbase"),
        false,
        30_000);
  }

  /** How long the table an aggregator reads keeps its rows (AMS's default TTLs). */
  private static long inputRetention(AggregatorKind k, long rawRetentionMs) {
    if (k.input() == null) {
      return rawRetentionMs;
    }
    long days =
        switch (k.input()) {
          case HOST_MINUTE -> 7;
          case HOST_HOURLY, CLUSTER_MINUTE -> 30;
          case CLUSTER_SECOND -> 3;
          case HOST_DAILY, CLUSTER_HOURLY -> 365;
          case CLUSTER_DAILY -> 730;
        };
    return days * 86_400_000L;
  }
}
