package io.almanac.collector.storage.phoenix;

import io.almanac.model.MetricKey;
import io.almanac.model.Points;
import io.almanac.model.SeriesKey;
import io.almanac.model.TimeRange;
import io.almanac.model.store.Rollup;
import io.almanac.model.store.RollupLevel;
import io.almanac.model.store.RollupSeries;
import io.almanac.model.store.SeriesPoints;
import io.almanac.model.store.SeriesSelector;
import io.almanac.schema.PointCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the rollup tables, and the newest rows of any metric table. */
final class RollupReader {
  private RollupReader() {}

  /**
   * The rows of the selected series at {@code level} in {@code range}; read with {@code scan} when
   * there is one, else through Phoenix.
   */
  static List<RollupSeries> read(
      Connection c,
      SeriesCatalog catalog,
      SeriesRangeScan scan,
      RollupLevel level,
      SeriesSelector selector,
      TimeRange range)
      throws SQLException {
    if (range.isEmpty()) {
      return List.of();
    }
    Scope scope = Scope.of(c, catalog, level.perHost(), selector);
    if (scope.isEmpty()) {
      return List.of();
    }
    Map<Long, List<Rollup>> rows = new LinkedHashMap<>();
    if (scan != null) {
      scan.scan(
          c,
          scope.metrics.keySet(),
          scope.hosts.keySet(),
          range.start(),
          range.end(),
          (metricId, hostId, time, values) ->
              rows.computeIfAbsent(
                      (long) metricId << 32 | (scope.perHost ? hostId & 0xFFFFFFFFL : 0),
                      id -> new ArrayList<>())
                  .add(RollupTables.rollup(time, values)));
      return scope.toSeries(rows);
    }
    String sql =
        "SELECT "
            + scope.keyColumns()
            + ", "
            + RollupTables.valueColumns(level)
            + " FROM "
            + RollupTables.table(level).name()
            + " WHERE "
            + scope.where()
            + " AND SERVER_TIME >= ? AND SERVER_TIME < ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int p = scope.bind(ps);
      ps.setLong(p++, range.start());
      ps.setLong(p, range.end());
      try (ResultSet rs = ps.executeQuery()) {
        int k = scope.perHost ? 2 : 1;
        while (rs.next()) {
          rows.computeIfAbsent(scope.seriesId(rs), id -> new ArrayList<>())
              .add(RollupTables.rollup(rs, k + 1));
        }
      }
    }
    return scope.toSeries(rows);
  }

  /** The newest row of each series at {@code level}. */
  static List<RollupSeries> readLatest(
      Connection c, SeriesCatalog catalog, RollupLevel level, SeriesSelector selector)
      throws SQLException {
    Scope scope = Scope.of(c, catalog, level.perHost(), selector);
    if (scope.isEmpty()) {
      return List.of();
    }
    String table = RollupTables.table(level).name();
    Map<Long, Long> newest = newestTimes(c, table, scope);
    if (newest.isEmpty()) {
      return List.of();
    }
    Map<Long, List<Rollup>> rows = new LinkedHashMap<>();
    String sql =
        "SELECT "
            + scope.keyColumns()
            + ", "
            + RollupTables.valueColumns(level)
            + " FROM "
            + table
            + " WHERE "
            + scope.oneSeries()
            + " AND SERVER_TIME = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (Map.Entry<Long, Long> e : newest.entrySet()) {
        Scope one = scope.only(e.getKey());
        int p = one.bind(ps);
        ps.setLong(p, e.getValue());
        try (ResultSet rs = ps.executeQuery()) {
          int k = scope.perHost ? 2 : 1;
          while (rs.next()) {
            rows.put(e.getKey(), List.of(RollupTables.rollup(rs, k + 1)));
          }
        }
      }
    }
    return scope.toSeries(rows);
  }

  /**
   * The points of the newest raw row of each selected host series: its newest METRIC_RECORD row
   * merged with its newest sealed row (METRIC_RECORD_SEALED), the recent row winning where both
   * hold a timestamp.
   */
  static List<SeriesPoints> readLatestRaw(
      Connection c, SeriesCatalog catalog, SeriesSelector selector) throws SQLException {
    Scope scope = Scope.of(c, catalog, true, selector);
    if (scope.isEmpty()) {
      return List.of();
    }
    Map<Long, Points> sealed = newestRows(c, "METRIC_RECORD_SEALED", scope);
    Map<Long, Points> recent = newestRows(c, "METRIC_RECORD", scope);
    java.util.Set<Long> ids = new java.util.LinkedHashSet<>(sealed.keySet());
    ids.addAll(recent.keySet());
    List<SeriesPoints> out = new ArrayList<>();
    for (long id : ids) {
      List<Points> blocks = new ArrayList<>(2);
      if (sealed.containsKey(id)) {
        blocks.add(sealed.get(id));
      }
      if (recent.containsKey(id)) {
        blocks.add(recent.get(id));
      }
      Scope one = scope.only(id);
      out.add(
          new SeriesPoints(
              new SeriesKey(
                  one.metrics.values().iterator().next(), one.hosts.values().iterator().next()),
              RawBlockReader.merge(blocks)));
    }
    out.sort(
        Comparator.comparing((SeriesPoints s) -> s.key().metric().metricName())
            .thenComparing(s -> s.key().hostName()));
    return out;
  }

  /**
   * The points of the newest row of {@code table} of each series in {@code scope}, by series id.
   */
  private static Map<Long, Points> newestRows(Connection c, String table, Scope scope)
      throws SQLException {
    Map<Long, Long> newest = newestTimes(c, table, scope);
    Map<Long, Points> out = new LinkedHashMap<>();
    String sql =
        "SELECT METRICS FROM " + table + " WHERE " + scope.oneSeries() + " AND SERVER_TIME = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (Map.Entry<Long, Long> e : newest.entrySet()) {
        Scope one = scope.only(e.getKey());
        int p = one.bind(ps);
        ps.setLong(p, e.getValue());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && rs.getBytes(1) != null) {
            out.put(e.getKey(), PointCodec.decode(rs.getBytes(1)));
          }
        }
      }
    }
    return out;
  }

  private static Map<Long, Long> newestTimes(Connection c, String table, Scope scope)
      throws SQLException {
    String sql =
        "SELECT "
            + scope.keyColumns()
            + ", MAX(SERVER_TIME) FROM "
            + table
            + " WHERE "
            + scope.where()
            + " GROUP BY "
            + scope.keyColumns();
    Map<Long, Long> newest = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      scope.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          newest.put(scope.seriesId(rs), rs.getLong(scope.perHost ? 3 : 2));
        }
      }
    }
    return newest;
  }

  /** The ids a read covers and how they appear in SQL. */
  private static final class Scope {
    final boolean perHost;
    final Map<Integer, MetricKey> metrics;
    final Map<Integer, String> hosts;

    Scope(boolean perHost, Map<Integer, MetricKey> metrics, Map<Integer, String> hosts) {
      this.perHost = perHost;
      this.metrics = metrics;
      this.hosts = hosts;
    }

    static Scope of(Connection c, SeriesCatalog catalog, boolean perHost, SeriesSelector selector)
        throws SQLException {
      if (perHost) {
        SeriesResolver.Resolved r = catalog.resolve(c, selector);
        return new Scope(true, r.metrics(), r.hosts());
      }
      return new Scope(false, catalog.metrics(c, selector), Map.of());
    }

    boolean isEmpty() {
      return metrics.isEmpty() || (perHost && hosts.isEmpty());
    }

    Scope only(long seriesId) {
      int metricId = (int) (seriesId >>> 32);
      Map<Integer, String> host =
          perHost ? Map.of((int) seriesId, hosts.get((int) seriesId)) : Map.of();
      return new Scope(perHost, Map.of(metricId, metrics.get(metricId)), host);
    }

    String keyColumns() {
      return perHost ? "METRIC_ID, HOST_ID" : "METRIC_ID";
    }

    /** The condition for one series, bound by the scope {@link #only} returns. */
    String oneSeries() {
      return perHost ? "METRIC_ID IN (?) AND HOST_ID IN (?)" : "METRIC_ID IN (?)";
    }

    String where() {
      String m = "METRIC_ID IN (" + "?,".repeat(metrics.size() - 1) + "?)";
      return perHost ? m + " AND HOST_ID IN (" + "?,".repeat(hosts.size() - 1) + "?)" : m;
    }

    /** Binds the ids of {@link #where()}; returns the next parameter index. */
    int bind(PreparedStatement ps) throws SQLException {
      int p = 1;
      for (int id : metrics.keySet()) {
        ps.setInt(p++, id);
      }
      if (perHost) {
        for (int id : hosts.keySet()) {
          ps.setInt(p++, id);
        }
      }
      return p;
    }

    long seriesId(ResultSet rs) throws SQLException {
      long metricId = rs.getInt(1);
      return perHost ? metricId << 32 | (rs.getInt(2) & 0xFFFFFFFFL) : metricId << 32;
    }

    List<RollupSeries> toSeries(Map<Long, List<Rollup>> rows) {
      List<RollupSeries> out = new ArrayList<>(rows.size());
      for (Map.Entry<Long, List<Rollup>> e : rows.entrySet()) {
        MetricKey metric = metrics.get((int) (e.getKey() >>> 32));
        String host = perHost ? hosts.get((int) (long) e.getKey()) : null;
        List<Rollup> sorted = new ArrayList<>(e.getValue());
        sorted.sort(Comparator.comparingLong(Rollup::time));
        out.add(new RollupSeries(metric, host, sorted));
      }
      out.sort(
          Comparator.comparing((RollupSeries s) -> s.metric().metricName())
              .thenComparing(s -> s.hostName() == null ? "" : s.hostName()));
      return out;
    }
  }
}
