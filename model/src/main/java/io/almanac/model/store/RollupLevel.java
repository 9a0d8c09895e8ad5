package io.almanac.model.store;

import io.almanac.model.Precision;

/**
 * The aggregate tables, each the one description of a resolution level: whether it is kept per host
 * or across hosts, the precision a query names to read it, the span one row covers, and the table
 * that holds it.
 */
public enum RollupLevel {
  /** METRIC_RECORD_MINUTE: 5-minute host rollups. */
  HOST_MINUTE(true, Precision.MINUTES, 300_000, "METRIC_RECORD_MINUTE"),
  /** METRIC_RECORD_HOURLY. */
  HOST_HOURLY(true, Precision.HOURS, 3_600_000, "METRIC_RECORD_HOURLY"),
  /** METRIC_RECORD_DAILY. */
  HOST_DAILY(true, Precision.DAYS, 86_400_000, "METRIC_RECORD_DAILY"),
  /** METRIC_AGGREGATE: 30 s cluster slices (count = hosts). */
  CLUSTER_SECOND(false, Precision.SECONDS, 30_000, "METRIC_AGGREGATE"),
  /** METRIC_AGGREGATE_MINUTE. */
  CLUSTER_MINUTE(false, Precision.MINUTES, 300_000, "METRIC_AGGREGATE_MINUTE"),
  /** METRIC_AGGREGATE_HOURLY. */
  CLUSTER_HOURLY(false, Precision.HOURS, 3_600_000, "METRIC_AGGREGATE_HOURLY"),
  /** METRIC_AGGREGATE_DAILY. */
  CLUSTER_DAILY(false, Precision.DAYS, 86_400_000, "METRIC_AGGREGATE_DAILY");

  /** The table of raw points, which no level describes. */
  public static final String RAW_TABLE = "METRIC_RECORD";

  private final boolean perHost;
  private final Precision precision;
  private final long rowSpanMs;
  private final String table;

  RollupLevel(boolean perHost, Precision precision, long rowSpanMs, String table) {
    this.perHost = perHost;
    this.precision = precision;
    this.rowSpanMs = rowSpanMs;
    this.table = table;
  }

  /**
   * The level a query at {@code precision} reads: per host or across hosts. Per-host queries at
   * seconds read raw points, which no level describes; they get the 30 s cluster slices' level, as
   * AMS's cluster queries do.
   */
  public static RollupLevel of(Precision precision, boolean perHost) {
    for (RollupLevel level : values()) {
      if (level.precision == precision
          && (level.perHost == perHost || precision == Precision.SECONDS)) {
        return level;
      }
    }
    throw new IllegalArgumentException("no level for " + precision);
  }

  /** True for the tables keyed by host. */
  public boolean perHost() {
    return perHost;
  }

  /** The precision a query names to read this level. */
  public Precision precision() {
    return precision;
  }

  /** The time one row covers (by default; the aggregators' intervals are configurable). */
  public long rowSpanMs() {
    return rowSpanMs;
  }

  /** The name of the table holding this level's rows. */
  public String table() {
    return table;
  }
}
