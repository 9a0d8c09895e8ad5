package io.almanac.collector.storage.phoenix;

import io.almanac.model.store.Rollup;
import io.almanac.model.store.RollupLevel;
import io.almanac.schema.Table;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.phoenix.schema.types.PDouble;
import org.apache.phoenix.schema.types.PUnsignedInt;

/** Where each rollup level lives and what its count column is called. */
final class RollupTables {
  private RollupTables() {}

  static Table table(RollupLevel level) {
    return Table.of(level);
  }

  static String countColumn(RollupLevel level) {
    return level == RollupLevel.CLUSTER_SECOND ? "HOSTS_COUNT" : "METRIC_COUNT";
  }

  /**
   * {@code SERVER_TIME, METRIC_SUM, <count>, METRIC_MAX, METRIC_MIN}: the columns {@link #rollup}
   * reads.
   */
  static String valueColumns(RollupLevel level) {
    return "SERVER_TIME, METRIC_SUM, " + countColumn(level) + ", METRIC_MAX, METRIC_MIN";
  }

  /** The rollup in the {@link #valueColumns} of {@code rs}, starting at column {@code first}. */
  static Rollup rollup(ResultSet rs, int first) throws SQLException {
    return new Rollup(
        rs.getLong(first),
        rs.getDouble(first + 1),
        rs.getLong(first + 2),
        rs.getDouble(first + 3),
        rs.getDouble(first + 4));
  }

  /**
   * The rollup of a row read as raw column values (SUM, count, MAX, MIN in Phoenix's encoding, null
   * for NULL), with NULL as 0 exactly as {@link #rollup(ResultSet, int)} reads it.
   */
  static Rollup rollup(long time, byte[][] values) {
    return new Rollup(
        time,
        values[0] == null ? 0 : (Double) PDouble.INSTANCE.toObject(values[0]),
        values[1] == null ? 0 : ((Number) PUnsignedInt.INSTANCE.toObject(values[1])).longValue(),
        values[2] == null ? 0 : (Double) PDouble.INSTANCE.toObject(values[2]),
        values[3] == null ? 0 : (Double) PDouble.INSTANCE.toObject(values[3]));
  }

  static String upsert(RollupLevel level) {
    String table = table(level).name();
    return level.perHost()
        ? "UPSERT INTO "
            + table
            + " (METRIC_ID, HOST_ID, SERVER_TIME, METRIC_SUM, METRIC_COUNT, METRIC_MAX, "
            + "METRIC_MIN) VALUES (?, ?, ?, ?, ?, ?, ?)"
        : "UPSERT INTO "
            + table
            + " (METRIC_ID, SERVER_TIME, METRIC_SUM, "
            + countColumn(level)
            + ", METRIC_MAX, METRIC_MIN) VALUES (?, ?, ?, ?, ?, ?)";
  }
}
