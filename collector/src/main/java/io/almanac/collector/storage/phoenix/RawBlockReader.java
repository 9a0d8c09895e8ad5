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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads METRIC_RECORD rows of resolved series over a time range and merges each series' blocks.
 * Blocks that start up to {@link BlockLayout#MAX_SPAN_MS} before the range are read too, since they
 * may hold points inside it. Where blocks overlap, the block that starts later wins for equal
 * timestamps (AMS's rule for grouped results).
 */
final class RawBlockReader {
  private RawBlockReader() {}

  /**
   * Every selected series with points in {@code range}, sorted by metric name, then host; read with
   * {@code scan} when there is one, else through Phoenix.
   */
  static List<SeriesPoints> read(
      Connection c, SeriesRangeScan scan, SeriesResolver.Resolved series, TimeRange range)
      throws SQLException {
    List<SeriesPoints> out = new ArrayList<>();
    stream(c, scan, series, range, out::add);
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
      SeriesRangeScan scan,
      SeriesResolver.Resolved series,
      TimeRange range,
      Consumer<SeriesPoints> each)
      throws SQLException {
    if (series.isEmpty() || range.isEmpty()) {
      return;
    }
    Assembler assembler = new Assembler(series, range, each);
    if (scan != null) {
      scan.scan(
          c,
          series.metrics().keySet(),
          series.hosts().keySet(),
          range.start() - BlockLayout.MAX_SPAN_MS,
          range.end(),
          assembler);
      assembler.finish();
      return;
    }
    List<Integer> metricIds = new ArrayList<>(series.metrics().keySet());
    List<Integer> hostIds = new ArrayList<>(series.hosts().keySet());
    String sql =
        "SELECT METRIC_ID, HOST_ID, SERVER_TIME, METRICS FROM METRIC_RECORD WHERE METRIC_ID IN ("
            + "?,".repeat(metricIds.size() - 1)
            + "?) AND HOST_ID IN ("
            + "?,".repeat(hostIds.size() - 1)
            + "?) AND SERVER_TIME >= ? AND SERVER_TIME < ? ORDER BY METRIC_ID, HOST_ID, SERVER_TIME";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int p = 1;
      for (int id : metricIds) {
        ps.setInt(p++, id);
      }
      for (int id : hostIds) {
        ps.setInt(p++, id);
      }
      ps.setLong(p++, Math.max(0, range.start() - BlockLayout.MAX_SPAN_MS));
      ps.setLong(p, range.end());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          assembler.row(rs.getInt(1), rs.getInt(2), rs.getLong(3), rs.getBytes(4));
        }
        assembler.finish();
      }
    }
  }

  /** Collects a series' blocks from rows in key order and hands on each series when it ends. */
  private static final class Assembler implements SeriesRangeScan.RowSink {
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

    @Override
    public void row(int metricId, int hostId, long serverTime, byte[][] values) {
      row(metricId, hostId, serverTime, values[0]);
    }

    void row(int metricId, int hostId, long serverTime, byte[] metrics) {
      long seriesId = ((long) metricId << 32) | (hostId & 0xFFFFFFFFL);
      if (seriesId != current) {
        finish();
        current = seriesId;
      }
      if (metrics == null) {
        return;
      }
      Points block = PointCodec.decode(metrics).between(range.start(), range.end());
      if (!block.isEmpty()) {
        blocks.put(serverTime, block);
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
