package io.almanac.collector.storage.phoenix;

import io.almanac.model.Points;
import io.almanac.schema.PointCodec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.phoenix.schema.types.PDouble;
import org.apache.phoenix.schema.types.PUnsignedInt;

/**
 * Builds the HBase mutations of a METRIC_RECORD row exactly as Phoenix's own UPSERT would (see
 * {@link PhoenixRowCells}), so that raw blocks can be written with the HBase client while Phoenix
 * still reads them: SERVER_TIME is the block's first point (or the sealed row's hour) and every
 * cell's time, SUM, MAX and MIN are absent when the block has no finite value.
 */
final class MetricRecordCells {
  private static final List<String> KEY_IDS = List.of("METRIC_ID", "HOST_ID");
  private static final List<String> COLUMNS =
      List.of("METRIC_SUM", "METRIC_COUNT", "METRIC_MAX", "METRIC_MIN", "METRICS");

  private final PhoenixRowCells rows;

  private MetricRecordCells(PhoenixRowCells rows) {
    this.rows = rows;
  }

  /**
   * The layout of {@code tableName} as the connection's metadata describes it, or empty (with the
   * reason logged) when its rows cannot be written as plain mutations.
   */
  static Optional<MetricRecordCells> of(Connection c, String tableName) throws SQLException {
    return PhoenixRowCells.of(c, tableName, KEY_IDS, COLUMNS).map(MetricRecordCells::new);
  }

  /** The HBase name of the table the mutations belong in. */
  byte[] physicalName() {
    return rows.physicalName();
  }

  /**
   * Adds to {@code out} the mutations that store {@code block} of series ({@code metricId}, {@code
   * hostId}). Not thread-safe: one writer at a time.
   */
  void addRow(List<? super Mutation> out, int metricId, int hostId, Points block) {
    addRow(out, metricId, hostId, block.firstTimestamp(), block, false);
  }

  /**
   * As {@link #addRow(List, int, int, Points)}, keyed (and timestamped) {@code ts} rather than by
   * the block's first point, with the points in {@link PointCodec}'s compact format when {@code
   * compact}: a sealed row, keyed by its hour.
   */
  void addRow(
      List<? super Mutation> out,
      int metricId,
      int hostId,
      long ts,
      Points block,
      boolean compact) {
    BlockStatistics stats = BlockStatistics.of(block);
    byte[] none = null;
    rows.addRow(
        out,
        new int[] {metricId, hostId},
        ts,
        new byte[][] {
          stats.any() ? PDouble.INSTANCE.toBytes(stats.sum()) : none,
          PUnsignedInt.INSTANCE.toBytes(block.size()),
          stats.any() ? PDouble.INSTANCE.toBytes(stats.max()) : none,
          stats.any() ? PDouble.INSTANCE.toBytes(stats.min()) : none,
          compact ? PointCodec.encodeCompact(block) : PointCodec.encode(block)
        });
  }
}
