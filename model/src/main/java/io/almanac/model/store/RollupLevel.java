package io.almanac.model.store;

/** The aggregate tables: per host or across hosts, at each resolution. */
public enum RollupLevel {
  /** METRIC_RECORD_MINUTE: 5-minute host rollups. */
  HOST_MINUTE,
  /** METRIC_RECORD_HOURLY. */
  HOST_HOURLY,
  /** METRIC_RECORD_DAILY. */
  HOST_DAILY,
  /** METRIC_AGGREGATE: 30 s cluster slices (count = hosts). */
  CLUSTER_SECOND,
  /** METRIC_AGGREGATE_MINUTE. */
  CLUSTER_MINUTE,
  /** METRIC_AGGREGATE_HOURLY. */
  CLUSTER_HOURLY,
  /** METRIC_AGGREGATE_DAILY. */
  CLUSTER_DAILY;

  /** True for the tables keyed by host. */
  public boolean perHost() {
    return this == HOST_MINUTE || this == HOST_HOURLY || this == HOST_DAILY;
  }
}
