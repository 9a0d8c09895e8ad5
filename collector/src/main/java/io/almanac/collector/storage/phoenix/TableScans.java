package io.almanac.collector.storage.phoenix;

import io.almanac.model.MetricKey;
import io.almanac.model.Points;
import io.almanac.model.SeriesKey;
import io.almanac.model.TimeRange;
import io.almanac.model.store.Rollup;
import io.almanac.model.store.RollupLevel;
import io.almanac.model.store.RollupSeries;
import io.almanac.model.store.SeriesPoints;
import io.almanac.schema.BlockLayout;
import io.almanac.schema.PointCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Whole-table reads over a time range, for the aggregators. The time condition is on the
 * ROW_TIMESTAMP column, so HBase skips store files outside the range.
 */
final class TableScans {
  private TableScans() {}

  static List<SeriesPoints> raw(Connection c, IdNames names, TimeRange range) throws SQLException {
    Map<Long, TreeMap<Long, Points>> blocks = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT METRIC_ID, HOST_ID, SERVER_TIME, METRICS FROM METRIC_RECORD "
        + "WHERE SERVER_TIME >= ? AND SERVER_TIME < ?")) {
      ps.setLong(1, Math.max(0, range.start() - BlockLayout.MAX_SPAN_MS));
      ps.setLong(2, range.end());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Points block = PointCodec.decode(rs.getBytes(4)).between(range.start(), range.end());
          if (!block.isEmpty()) {
            long id = (long) rs.getInt(1) << 32 | (rs.getInt(2) & 0xFFFFFFFFL);
            blocks.computeIfAbsent(id, k -> new TreeMap<>()).put(rs.getLong(3), block);
          }
        }
      }
    }
    names.cover(c, metricIds(blocks.keySet()), hostIds(blocks.keySet()));
    List<SeriesPoints> out = new ArrayList<>(blocks.size());
    for (Map.Entry<Long, TreeMap<Long, Points>> e : blocks.entrySet()) {
      MetricKey metric = names.metric((int) (e.getKey() >>> 32));
      String host = names.host((int) (long) e.getKey());
      if (metric != null && host != null) {
        out.add(new SeriesPoints(new SeriesKey(metric, host), RawBlockReader.merge(e.getValue().values())));
      }
    }
    return out;
  }

  static List<RollupSeries> rollups(Connection c, IdNames names, RollupLevel level, TimeRange range)
      throws SQLException {
    boolean perHost = level.perHost();
    String keys = perHost ? "METRIC_ID, HOST_ID" : "METRIC_ID";
    int k = perHost ? 2 : 1;
    Map<Long, List<Rollup>> rows = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + keys + ", " + RollupTables.valueColumns(level)
        + " FROM " + RollupTables.table(level).name() + " WHERE SERVER_TIME >= ? AND SERVER_TIME < ?")) {
      ps.setLong(1, range.start());
      ps.setLong(2, range.end());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long id = (long) rs.getInt(1) << 32 | (perHost ? rs.getInt(2) & 0xFFFFFFFFL : 0);
          rows.computeIfAbsent(id, x -> new ArrayList<>()).add(RollupTables.rollup(rs, k + 1));
        }
      }
    }
    names.cover(c, metricIds(rows.keySet()), perHost ? hostIds(rows.keySet()) : List.of());
    List<RollupSeries> out = new ArrayList<>(rows.size());
    for (Map.Entry<Long, List<Rollup>> e : rows.entrySet()) {
      MetricKey metric = names.metric((int) (e.getKey() >>> 32));
      String host = perHost ? names.host((int) (long) e.getKey()) : null;
      if (metric != null && (!perHost || host != null)) {
        List<Rollup> sorted = new ArrayList<>(e.getValue());
        sorted.sort(java.util.Comparator.comparingLong(Rollup::time));
        out.add(new RollupSeries(metric, host, sorted));
      }
    }
    return out;
  }

  /** Series ids pack the metric id in the high 32 bits and the host id in the low 32. */
  private static java.util.Set<Integer> metricIds(java.util.Set<Long> seriesIds) {
    java.util.Set<Integer> out = new java.util.HashSet<>();
    seriesIds.forEach(id -> out.add((int) (id >>> 32)));
    return out;
  }

  private static java.util.Set<Integer> hostIds(java.util.Set<Long> seriesIds) {
    java.util.Set<Integer> out = new java.util.HashSet<>();
    seriesIds.forEach(id -> out.add((int) (long) id));
    return out;
  }

  static OptionalLong oldest(Connection c, RollupLevel level) throws SQLException {
    String table = level == null ? "METRIC_RECORD" : RollupTables.table(level).name();
    try (PreparedStatement ps = c.prepareStatement("SELECT MIN(SERVER_TIME) FROM " + table);
        ResultSet rs = ps.executeQuery()) {
      if (rs.next()) {
        long t = rs.getLong(1);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(t);
      }
      return OptionalLong.empty();
    }
  }
}
