package io.almanac.collector.storage.phoenix;

import io.almanac.model.store.RollupLevel;
import io.almanac.schema.Table;

/** Where each rollup level lives and what its count column is called. */
final class RollupTables {
  private RollupTables() {}

  static Table table(RollupLevel level) {
    switch (level) {
      case HOST_MINUTE:
        return Table.METRIC_RECORD_MINUTE;
      case HOST_HOURLY:
        return Table.METRIC_RECORD_HOURLY;
      case HOST_DAILY:
        return Table.METRIC_RECORD_DAILY;
      case CLUSTER_SECOND:
        return Table.METRIC_AGGREGATE;
      case CLUSTER_MINUTE:
        return Table.METRIC_AGGREGATE_MINUTE;
      case CLUSTER_HOURLY:
        return Table.METRIC_AGGREGATE_HOURLY;
      default:
        return Table.METRIC_AGGREGATE_DAILY;
    }
  }

  static String countColumn(RollupLevel level) {
    return level == RollupLevel.CLUSTER_SECOND ? "HOSTS_COUNT" : "METRIC_COUNT";
  }

  static String upsert(RollupLevel level) {
    String table = table(level).name();
    return level.perHost()
        ? "UPSERT INTO " + table + " (METRIC_ID, HOST_ID, SERVER_TIME, METRIC_SUM, METRIC_COUNT, METRIC_MAX, "
            + "METRIC_MIN) VALUES (?, ?, ?, ?, ?, ?, ?)"
        : "UPSERT INTO " + table + " (METRIC_ID, SERVER_TIME, METRIC_SUM, " + countColumn(level)
            + ", METRIC_MAX, METRIC_MIN) VALUES (?, ?, ?, ?, ?, ?)";
  }
}
