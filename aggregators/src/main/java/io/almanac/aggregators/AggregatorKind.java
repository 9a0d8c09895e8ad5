package io.almanac.aggregators;

import io.almanac.model.store.RollupLevel;
import java.util.List;

/**
 * The seven aggregators, with AMS's names (which are also their checkpoint keys), what each reads
 * and writes, and which aggregators consume its output.
 */
public enum AggregatorKind {
  /** Raw points to 5-minute host rollups. */
  HOST_MINUTE(
      "TimelineMetricHostAggregatorMinute",
      "timeline.metrics.host.aggregator.minute",
      300,
      null,
      RollupLevel.HOST_MINUTE),
  /** 5-minute to hourly host rollups. */
  HOST_HOURLY(
      "TimelineMetricHostAggregatorHourly",
      "timeline.metrics.host.aggregator.hourly",
      3600,
      RollupLevel.HOST_MINUTE,
      RollupLevel.HOST_HOURLY),
  /** Hourly to daily host rollups. */
  HOST_DAILY(
      "TimelineMetricHostAggregatorDaily",
      "timeline.metrics.host.aggregator.daily",
      86_400,
      RollupLevel.HOST_HOURLY,
      RollupLevel.HOST_DAILY),
  /** Raw points to 30 s cluster slices. */
  CLUSTER_SECOND(
      "TimelineClusterAggregatorSecond",
      "timeline.metrics.cluster.aggregator.second",
      120,
      null,
      RollupLevel.CLUSTER_SECOND),
  /** 30 s slices to 5-minute cluster rollups. */
  CLUSTER_MINUTE(
      "TimelineClusterAggregatorMinute",
      "timeline.metrics.cluster.aggregator.minute",
      300,
      RollupLevel.CLUSTER_SECOND,
      RollupLevel.CLUSTER_MINUTE),
  /** 30 s slices to hourly cluster rollups (as AMS: from the slices, not the 5-minute rows). */
  CLUSTER_HOURLY(
      "TimelineClusterAggregatorHourly",
      "timeline.metrics.cluster.aggregator.hourly",
      3600,
      RollupLevel.CLUSTER_SECOND,
      RollupLevel.CLUSTER_HOURLY),
  /** Hourly to daily cluster rollups. */
  CLUSTER_DAILY(
      "TimelineClusterAggregatorDaily",
      "timeline.metrics.cluster.aggregator.daily",
      86_400,
      RollupLevel.CLUSTER_HOURLY,
      RollupLevel.CLUSTER_DAILY);

  private final String amsName;
  private final String amsKeyPrefix;
  private final long defaultIntervalMs;
  private final RollupLevel input;
  private final RollupLevel output;

  AggregatorKind(
      String amsName,
      String amsKeyPrefix,
      long defaultIntervalSeconds,
      RollupLevel input,
      RollupLevel output) {
    this.amsName = amsName;
    this.amsKeyPrefix = amsKeyPrefix;
    this.defaultIntervalMs = defaultIntervalSeconds * 1000;
    this.input = input;
    this.output = output;
  }

  /** AMS's name of the aggregator; the key of its checkpoint. */
  public String amsName() {
    return amsName;
  }

  /**
   * The prefix of AMS's configuration keys of this aggregator ({@code .interval}, {@code
   * .disabled}).
   */
  public String amsKeyPrefix() {
    return amsKeyPrefix;
  }

  /** AMS's default interval. */
  public long defaultIntervalMs() {
    return defaultIntervalMs;
  }

  /** The level read, or null for raw points. */
  public RollupLevel input() {
    return input;
  }

  /** The level written. */
  public RollupLevel output() {
    return output;
  }

  /** True for the aggregators that read raw points. */
  public boolean readsRaw() {
    return input == null;
  }

  /** The aggregator whose output this one reads; null for those reading raw points. */
  public AggregatorKind upstream() {
    for (AggregatorKind k : values()) {
      if (input != null && k.output == input) {
        return k;
      }
    }
    return null;
  }

  /** The aggregators reading this one's output. */
  public List<AggregatorKind> downstream() {
    return java.util.Arrays.stream(values()).filter(k -> k.input == output).toList();
  }
}
