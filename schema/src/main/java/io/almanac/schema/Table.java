package io.almanac.schema;

/**
 * The catalogue of Almanac's tables: AMS names, and for the tables with a retention the AMS {@code
 * timeline.metrics.*} key of their TTL and its default in seconds.
 */
public enum Table {
  METRIC_RECORD("timeline.metrics.host.aggregator.ttl", 86_400L),
  METRIC_RECORD_MINUTE("timeline.metrics.host.aggregator.minute.ttl", 604_800L),
  METRIC_RECORD_HOURLY("timeline.metrics.host.aggregator.hourly.ttl", 2_592_000L),
  METRIC_RECORD_DAILY("timeline.metrics.host.aggregator.daily.ttl", 31_536_000L),
  METRIC_AGGREGATE("timeline.metrics.cluster.aggregator.second.ttl", 259_200L),
  METRIC_AGGREGATE_MINUTE("timeline.metrics.cluster.aggregator.minute.ttl", 2_592_000L),
  METRIC_AGGREGATE_HOURLY("timeline.metrics.cluster.aggregator.hourly.ttl", 31_536_000L),
  METRIC_AGGREGATE_DAILY("timeline.metrics.cluster.aggregator.daily.ttl", 63_072_000L),
  CONTAINER_METRICS("timeline.container-metrics.ttl", 1_209_600L),
  METRICS_METADATA(null, 0),
  HOST_METADATA(null, 0),
  HOSTED_APPS_METADATA(null, 0),
  INSTANCE_HOST_METADATA(null, 0);

  private final String ttlKey;
  private final long defaultTtlSeconds;

  Table(String ttlKey, long defaultTtlSeconds) {
    this.ttlKey = ttlKey;
    this.defaultTtlSeconds = defaultTtlSeconds;
  }

  /** The table holding {@code level}'s rows; METRIC_RECORD for null (raw points). */
  public static Table of(io.almanac.model.store.RollupLevel level) {
    return level == null ? METRIC_RECORD : valueOf(level.table());
  }

  /**
   * Tables outside this catalogue whose rows expire with this table's TTL: METRIC_RECORD_SEALED,
   * which holds METRIC_RECORD's rows merged per series and hour, for METRIC_RECORD.
   */
  public java.util.List<String> tablesSharingTtl() {
    return this == METRIC_RECORD ? java.util.List.of("METRIC_RECORD_SEALED") : java.util.List.of();
  }

  /** True for tables whose rows expire. */
  public boolean hasTtl() {
    return ttlKey != null;
  }

  /** The AMS configuration key of this table's TTL; only for tables with a TTL. */
  public String ttlKey() {
    if (ttlKey == null) {
      throw new IllegalStateException(name() + " has no TTL");
    }
    return ttlKey;
  }

  /**
   * The default TTL in seconds. For METRIC_AGGREGATE it is the 3 days Ambari ships, not the 7 days
   * of the AMS code default: the 30 s table is the largest cluster table and 3 days was AMS's own
   * fix for its size.
   */
  public long defaultTtlSeconds() {
    return defaultTtlSeconds;
  }
}
