package io.almanac.collector.storage.phoenix;

import io.almanac.model.store.RollupLevel;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link SeriesRangeScan} of METRIC_RECORD and of each rollup table, made from the table's
 * Phoenix metadata on its first read; none at all when direct HBase access is off.
 */
final class DirectScans {
  private final boolean enabled;
  private final int maxRanges;
  private final HBaseTables tables;
  private final Map<String, Optional<SeriesRangeScan>> scans = new ConcurrentHashMap<>();

  DirectScans(boolean enabled) {
    this(enabled, SeriesRangeScan.MAX_RANGES);
  }

  /** Scans that read whole metrics when more than {@code maxRanges} series are selected. */
  DirectScans(boolean enabled, int maxRanges) {
    this(enabled, maxRanges, HBaseTables.PHOENIX);
  }

  /** As {@link #DirectScans(boolean, int)}, reading the tables of {@code tables}. */
  DirectScans(boolean enabled, int maxRanges, HBaseTables tables) {
    this.enabled = enabled;
    this.maxRanges = maxRanges;
    this.tables = tables;
  }

  /** The scan of METRIC_RECORD's blocks (column METRICS), or null to read through Phoenix. */
  SeriesRangeScan raw(Connection c) throws SQLException {
    return scan(c, "METRIC_RECORD", true, List.of("METRICS"));
  }

  /** The scan of METRIC_RECORD_SEALED's merged blocks, or null to read through Phoenix. */
  SeriesRangeScan sealed(Connection c) throws SQLException {
    return scan(c, "METRIC_RECORD_SEALED", true, List.of("METRICS"));
  }

  /**
   * The scan of {@code level}'s rows (columns SUM, count, MAX, MIN), or null to read through
   * Phoenix.
   */
  SeriesRangeScan rollup(Connection c, RollupLevel level) throws SQLException {
    return scan(
        c,
        RollupTables.table(level).name(),
        level.perHost(),
        List.of("METRIC_SUM", RollupTables.countColumn(level), "METRIC_MAX", "METRIC_MIN"));
  }

  private SeriesRangeScan scan(Connection c, String table, boolean perHost, List<String> columns)
      throws SQLException {
    if (!enabled) {
      return null;
    }
    Optional<SeriesRangeScan> known = scans.get(table);
    if (known == null) {
      known =
          SeriesRangeScan.of(c, tables, table, perHost, columns)
              .map(s -> s.withMaxRanges(maxRanges));
      scans.put(table, known);
    }
    return known.orElse(null);
  }
}
