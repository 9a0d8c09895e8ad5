package io.almanac.collector.storage.phoenix;

import io.almanac.model.MetricKey;
import io.almanac.model.Points;
import io.almanac.model.SeriesKey;
import io.almanac.model.TimeRange;
import io.almanac.model.store.SeriesPoints;
import io.almanac.schema.BlockLayout;
import io.almanac.schema.PointCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads the raw rows of resolved series over a time range, from METRIC_RECORD and its sealed rows
 * in METRIC_RECORD_SEALED, and merges each series' blocks. Rows that start up to {@link
 * BlockLayout#MAX_SPAN_MS} (sealed: {@link BlockLayout#SEALED_MAX_SPAN_MS}) before the range are
 * read too, since they may hold points inside it. Where blocks overlap, the block that starts later
 * wins for equal timestamps (AMS's rule for grouped results), and a METRIC_RECORD row wins over a
 * sealed row of the same start.
 */
final class RawBlockReader {
  private RawBlockReader() {}

  /**
   * Every selected series with points in {@code range}, sorted by metric name, then host, from
   * METRIC_RECORD and METRIC_RECORD_SEALED; read with the {@code scans} there are, else through
   * Phoenix.
   */
  static List<SeriesPoints> read(
      Connection c, DirectScans scans, SeriesResolver.Resolved series, TimeRange range)
      throws SQLException {
    List<SeriesPoints> out = new ArrayList<>();
    stream(c, scans, series, range, out::add);
    out.sort(
        java.util.Comparator.comparing((SeriesPoints s) -> s.key().metric().metricName())
            .thenComparing(s -> s.key().hostName()));
    return out;
  }

  /**
   * As {@link #read}, handing each series to {@code each} as soon as its blocks are read: rows come
   * in key order (metric, host, time), so a series' blocks are contiguous and only one series is
   * held at a time.
   */
  static void stream(
      Connection c,
      DirectScans scans,
      SeriesResolver.Resolved series,
      TimeRange range,
      Consumer<SeriesPoints> each)
      throws SQLException {
    if (series.isEmpty() || range.isEmpty()) {
      return;
    }
    Assembler assembler = new Assembler(series, range, each);
    try (RawRows rows =
        RawRows.union(
            open(c, scans.raw(c), "METRIC_RECORD", series, range, BlockLayout.MAX_SPAN_MS, false),
            open(
                c,
                scans.sealed(c),
                "METRIC_RECORD_SEALED",
                series,
                range,
                BlockLayout.SEALED_MAX_SPAN_MS,
                true))) {
      while (rows.next()) {
        assembler.row(rows);
      }
    }
    assembler.finish();
  }

  /**
   * The rows of {@code table} of the selected series that may hold points in {@code range} (those
   * starting up to {@code maxSpan} before it), with {@code scan} when there is one, else through
   * Phoenix.
   */
  private static RawRows open(
      Connection c,
      SeriesRangeScan scan,
      String table,
      SeriesResolver.Resolved series,
      TimeRange range,
      long maxSpan,
      boolean sealed)
      throws SQLException {
    long from = Math.max(0, range.start() - maxSpan);
    if (scan != null) {
      return RawRows.of(
          scan.open(c, series.metrics().keySet(), series.hosts().keySet(), from, range.end()),
          sealed);
    }
    List<Integer> metricIds = new ArrayList<>(series.metrics().keySet());
    List<Integer> hostIds = new ArrayList<>(series.hosts().keySet());
    String sql =
        "SELECT METRIC_ID, HOST_ID, SERVER_TIME, METRICS FROM "
            + table
            + " WHERE METRIC_ID IN ("
            + "?,".repeat(metricIds.size() - 1)
            + "?) AND HOST_ID IN ("
            + "?,".repeat(hostIds.size() - 1)
            + "?) AND SERVER_TIME >= ? AND SERVER_TIME < ? ORDER BY METRIC_ID, HOST_ID, SERVER_TIME";
    PreparedStatement ps = c.prepareStatement(sql);
    try {
      int p = 1;
      for (int id : metricIds) {
        ps.setInt(p++, id);
      }
      for (int id : hostIds) {
        ps.setInt(p++, id);
      }
      ps.setLong(p++, from);
      ps.setLong(p, range.end());
      ps.closeOnCompletion();
      return RawRows.of(ps.executeQuery(), sealed);
    } catch (SQLException e) {
      ps.close();
      throw e;
    }
  }

  /** Collects a series' blocks from rows in key order and hands on each series when it ends. */
  private static final class Assembler {
    private final SeriesResolver.Resolved series;
    private final TimeRange range;
    private final Consumer<SeriesPoints> each;
    private final TreeMap<Long, Points> blocks = new TreeMap<>();
    private long current = Long.MIN_VALUE;

    Assembler(SeriesResolver.Resolved series, TimeRange range, Consumer<SeriesPoints> each) {
      this.series = series;
      this.range = range;
      this.each = each;
    }

    void row(RawRows row) {
      long seriesId = row.seriesId();
      if (seriesId != current) {
        finish();
        current = seriesId;
      }
      if (row.metrics == null) {
        return;
      }
      Points block = PointCodec.decode(row.metrics).between(range.start(), range.end());
      if (!block.isEmpty()) {
        blocks.put(row.blockOrder(), block);
      }
    }

    void finish() {
      emit(series, current, blocks, each);
    }
  }

  private static void emit(
      SeriesResolver.Resolved series,
      long seriesId,
      TreeMap<Long, Points> blocks,
      Consumer<SeriesPoints> each) {
    if (blocks.isEmpty()) {
      return;
    }
    MetricKey metric = series.metrics().get((int) (seriesId >>> 32));
    String host = series.hosts().get((int) seriesId);
    each.accept(new SeriesPoints(new SeriesKey(metric, host), merge(blocks.values())));
    blocks.clear();
  }

  /**
   * One series' blocks, in the order of their start times, merged; where they overlap, the later
   * block wins. Blocks that do not overlap (the usual case) are joined array to array.
   */
  static Points merge(java.util.Collection<Points> blocks) {
    List<Points> ordered = List.copyOf(blocks);
    java.util.Optional<Points> joined = Points.concatIfOrdered(ordered);
    if (joined.isPresent()) {
      return joined.get();
    }
    TreeMap<Long, Double> merged = new TreeMap<>();
    for (Points block : blocks) {
      block.putInto(merged);
    }
    return Points.fromMap(merged);
  }
}
