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
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.hadoop.hbase.TableName;
import org.apache.phoenix.jdbc.PhoenixConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole-table reads over a time range, for the aggregators, streamed series by series: with the
 * {@link DirectScans} there are (one HBase scan per table, in key order), else through Phoenix. The
 * time condition is on the ROW_TIMESTAMP column, so HBase skips store files outside the range.
 */
final class TableScans {
  private static final Logger LOG = LoggerFactory.getLogger(TableScans.class);

  private TableScans() {}

  /**
   * Series read are handed on in chunks of at most this many, once their ids are named in one
   * lookup.
   */
  private static final int CHUNK_SERIES = 1_000;

  /** ... or of at most about this many points, whichever comes first. */
  private static final long CHUNK_POINTS = 250_000;

  /**
   * Every raw series with points in {@code range}, one at a time, from METRIC_RECORD and its sealed
   * rows (see {@link RawRows#union}). Rows come in key order (metric, host, time), so each series'
   * blocks are contiguous; what is held at once is one chunk of series, not the range.
   */
  static void raw(
      Connection c, IdNames names, DirectScans scans, TimeRange range, Consumer<SeriesPoints> each)
      throws SQLException {
    Chunk<Points> chunk =
        new Chunk<>(
            c,
            names,
            true,
            (metric, host, points) ->
                each.accept(new SeriesPoints(new SeriesKey(metric, host), points)));
    long recentFrom = Math.max(0, range.start() - BlockLayout.MAX_SPAN_MS);
    long sealedFrom = Math.max(0, range.start() - BlockLayout.SEALED_MAX_SPAN_MS);
    RawRows recent = rawRows(c, scans.raw(c), "METRIC_RECORD", recentFrom, range.end(), false);
    RawRows sealed;
    try {
      sealed = rawRows(c, scans.sealed(c), "METRIC_RECORD_SEALED", sealedFrom, range.end(), true);
    } catch (SQLException | RuntimeException e) {
      recent.close();
      throw e;
    }
    try (RawRows rows = RawRows.union(recent, sealed)) {
      long current = Long.MIN_VALUE;
      TreeMap<Long, Points> blocks = new TreeMap<>();
      while (rows.next()) {
        long id = rows.seriesId();
        if (id != current) {
          addMerged(chunk, current, blocks);
          current = id;
        }
        Points block = PointCodec.decode(rows.metrics).between(range.start(), range.end());
        if (!block.isEmpty()) {
          blocks.put(rows.blockOrder(), block);
        }
      }
      addMerged(chunk, current, blocks);
    }
    chunk.flush();
  }

  /** Every row of {@code table} starting in {@code [from, to)}, in key order. */
  private static RawRows rawRows(
      Connection c, SeriesRangeScan scan, String table, long from, long to, boolean sealed)
      throws SQLException {
    if (scan != null) {
      return RawRows.of(scan.openAll(c, from, to), sealed);
    }
    PreparedStatement ps =
        c.prepareStatement(
            "SELECT METRIC_ID, HOST_ID, SERVER_TIME, METRICS FROM "
                + table
                + " WHERE SERVER_TIME >= ? AND SERVER_TIME < ?"
                + " ORDER BY METRIC_ID, HOST_ID, SERVER_TIME");
    try {
      ps.setLong(1, from);
      ps.setLong(2, to);
      ps.closeOnCompletion();
      return RawRows.of(ps.executeQuery(), sealed);
    } catch (SQLException e) {
      ps.close();
      throw e;
    }
  }

  private static void addMerged(Chunk<Points> chunk, long id, TreeMap<Long, Points> blocks)
      throws SQLException {
    if (!blocks.isEmpty()) {
      Points merged = RawBlockReader.merge(blocks.values());
      chunk.add(id, merged, merged.size());
      blocks.clear();
    }
  }

  /** The rows of {@code level} in {@code range}, one series at a time, in time order. */
  static void rollups(
      Connection c,
      IdNames names,
      DirectScans scans,
      RollupLevel level,
      TimeRange range,
      Consumer<RollupSeries> each)
      throws SQLException {
    boolean perHost = level.perHost();
    Chunk<List<Rollup>> chunk =
        new Chunk<>(
            c,
            names,
            perHost,
            (metric, host, rows) -> each.accept(new RollupSeries(metric, host, rows)));
    SeriesSeparator series = new SeriesSeparator(chunk);
    SeriesRangeScan scan = scans.rollup(c, level);
    if (scan != null) {
      try (SeriesRangeScan.Cursor rows = scan.openAll(c, range.start(), range.end())) {
        while (rows.next()) {
          series.add(
              (long) rows.metricId() << 32 | (rows.hostId() & 0xFFFFFFFFL),
              RollupTables.rollup(rows.serverTime(), rows.values()));
        }
      }
    } else {
      String keys = perHost ? "METRIC_ID, HOST_ID" : "METRIC_ID";
      int k = perHost ? 2 : 1;
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT "
                  + keys
                  + ", "
                  + RollupTables.valueColumns(level)
                  + " FROM "
                  + RollupTables.table(level).name()
                  + " WHERE SERVER_TIME >= ? AND SERVER_TIME < ? ORDER BY "
                  + keys
                  + ", SERVER_TIME")) {
        ps.setLong(1, range.start());
        ps.setLong(2, range.end());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            series.add(
                (long) rs.getInt(1) << 32 | (perHost ? rs.getInt(2) & 0xFFFFFFFFL : 0),
                RollupTables.rollup(rs, k + 1));
          }
        }
      }
    }
    series.finish();
    chunk.flush();
  }

  /** Rows in key order cut into series: each series' rows go to the chunk when the next begins. */
  private static final class SeriesSeparator {
    private final Chunk<List<Rollup>> chunk;
    private long current = Long.MIN_VALUE;
    private List<Rollup> rows = new ArrayList<>();

    SeriesSeparator(Chunk<List<Rollup>> chunk) {
      this.chunk = chunk;
    }

    void add(long seriesId, Rollup row) throws SQLException {
      if (seriesId != current && !rows.isEmpty()) {
        finish();
      }
      current = seriesId;
      rows.add(row);
    }

    void finish() throws SQLException {
      if (!rows.isEmpty()) {
        chunk.add(current, rows, rows.size());
        rows = new ArrayList<>();
      }
    }
  }

  /** Receives one series of a scan once its names are known. */
  private interface NamedSeries<T> {
    void accept(MetricKey metric, String host, T data);
  }

  /**
   * Series of a scan waiting for their ids to be named: looking names up per series would cost a
   * query apiece, so they are looked up per chunk. Series whose ids name nothing (metadata lost)
   * are dropped.
   */
  private static final class Chunk<T> {
    private final Connection connection;
    private final IdNames names;
    private final boolean perHost;
    private final NamedSeries<T> sink;
    private final List<Long> ids = new ArrayList<>();
    private final List<T> data = new ArrayList<>();
    private long points;

    Chunk(Connection connection, IdNames names, boolean perHost, NamedSeries<T> sink) {
      this.connection = connection;
      this.names = names;
      this.perHost = perHost;
      this.sink = sink;
    }

    void add(long id, T series, long size) throws SQLException {
      ids.add(id);
      data.add(series);
      points += size;
      if (ids.size() >= CHUNK_SERIES || points >= CHUNK_POINTS) {
        flush();
      }
    }

    void flush() throws SQLException {
      if (ids.isEmpty()) {
        return;
      }
      java.util.Set<Long> distinct = new java.util.HashSet<>(ids);
      names.cover(connection, metricIds(distinct), perHost ? hostIds(distinct) : List.of());
      for (int i = 0; i < ids.size(); i++) {
        long id = ids.get(i);
        MetricKey metric = names.metric((int) (id >>> 32));
        String host = perHost ? names.host((int) id) : null;
        if (metric != null && (!perHost || host != null)) {
          sink.accept(metric, host, data.get(i));
        }
      }
      ids.clear();
      data.clear();
      points = 0;
    }
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

  /**
   * The oldest SERVER_TIME of {@code level}'s table (raw: of METRIC_RECORD and its sealed rows), or
   * a time before it: from the store files' metadata when {@code tables} can read it, which counts
   * deleted and expired rows until they are compacted away; else from a {@code SELECT MIN}, which
   * reads every row.
   */
  static OptionalLong oldest(Connection c, HBaseTables tables, RollupLevel level)
      throws SQLException {
    if (level != null) {
      return oldest(c, tables, RollupTables.table(level).name());
    }
    OptionalLong recent = oldest(c, tables, "METRIC_RECORD");
    OptionalLong sealed = oldest(c, tables, "METRIC_RECORD_SEALED");
    if (recent.isPresent() && sealed.isPresent()) {
      return OptionalLong.of(Math.min(recent.getAsLong(), sealed.getAsLong()));
    }
    return recent.isPresent() ? recent : sealed;
  }

  private static OptionalLong oldest(Connection c, HBaseTables tables, String table)
      throws SQLException {
    OldestCellTime cells = tables.oldestCellTime();
    if (cells != null) {
      byte[] physical =
          c.unwrap(PhoenixConnection.class).getTable(table).getPhysicalName().getBytes();
      try {
        return cells.of(TableName.valueOf(physical));
      } catch (IOException e) {
        LOG.info("{}: the oldest time is read with a query: {}", table, e.getMessage());
      }
    }
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
