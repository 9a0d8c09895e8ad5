package io.almanac.collector.storage.phoenix;

import io.almanac.model.MetricKey;
import io.almanac.model.Points;
import io.almanac.model.SeriesKey;
import io.almanac.model.store.Rollup;
import io.almanac.model.store.RollupLevel;
import io.almanac.model.store.SeriesBatch;
import io.almanac.model.store.StorageException;
import io.almanac.schema.BlockLayout;
import io.almanac.schema.PointCodec;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.phoenix.schema.types.PDouble;
import org.apache.phoenix.schema.types.PUnsignedInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every write of the Phoenix store, over one connection it owns: raw series batches into
 * METRIC_RECORD (one row per block of {@link BlockLayout}; as HBase mutations built by {@link
 * MetricRecordCells} when direct writes are on and the table allows them, else as UPSERTs) and rows
 * of the rollup tables (likewise as cells, by {@link PhoenixRowCells}, or UPSERTs). Ids and
 * metadata of new series are created on the way, and each stored series is reported to a {@link
 * StoredSeries} listener (the read side's catalogue). One caller at a time.
 */
final class PhoenixWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PhoenixWriter.class);
  private static final int ROWS_PER_COMMIT = 20_000;
  private static final String UPSERT =
      "UPSERT INTO METRIC_RECORD (METRIC_ID, HOST_ID, SERVER_TIME, "
          + "METRIC_SUM, METRIC_COUNT, METRIC_MAX, METRIC_MIN, METRICS) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  private final PhoenixConnector connector;
  private final SeriesIdCatalog catalog = new SeriesIdCatalog();
  private final boolean directWrites;
  private final StoredSeries stored;
  private final WrittenRows written;

  /** Where the tables raw cells are written to come from. */
  private final HBaseTables tables;

  private Connection connection;

  /** How METRIC_RECORD rows are written as cells, or null to write them with UPSERTs. */
  private MetricRecordCells cells;

  /** How each rollup table's rows are written as cells; a level absent: with UPSERTs. */
  private final Map<RollupLevel, PhoenixRowCells> rollupCells =
      new java.util.EnumMap<>(RollupLevel.class);

  /**
   * A writer through {@code connector}; with {@code directWrites}, raw blocks go to HBase as cells
   * (when the table allows it) into the tables of {@code tables}, else through Phoenix UPSERTs.
   */
  PhoenixWriter(
      PhoenixConnector connector,
      boolean directWrites,
      HBaseTables tables,
      StoredSeries stored,
      WrittenRows written) {
    this.connector = connector;
    this.directWrites = directWrites;
    this.tables = Objects.requireNonNull(tables, "tables");
    this.stored = stored;
    this.written = written;
  }

  /**
   * Told, once a series' METRIC_RECORD rows are written, the first and last of their points (the
   * sealer's schedule).
   */
  @FunctionalInterface
  interface WrittenRows {
    void written(long firstPoint, long lastPoint);
  }

  /** Told of every raw series once its rows are written. */
  @FunctionalInterface
  interface StoredSeries {
    void stored(MetricKey metric, int metricId, String host, int hostId);
  }

  synchronized void write(List<SeriesBatch> batches) {
    try {
      Connection c = connection();
      catalog.resolve(c, batches);
      if (cells != null) {
        writeCells(c, batches);
      } else {
        upsert(c, batches);
      }
      for (SeriesBatch batch : batches) {
        stored.stored(
            batch.key().metric(),
            catalog.metricId(c, batch),
            batch.key().hostName(),
            catalog.hostId(c, batch));
      }
    } catch (SQLException | RuntimeException e) {
      reset();
      throw new StorageException(
          "commit of " + batches.size() + " series failed: " + e.getMessage(), e);
    }
  }

  private void upsert(Connection c, List<SeriesBatch> batches) throws SQLException {
    int rows = 0;
    try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
      for (SeriesBatch batch : batches) {
        int metricId = catalog.metricId(c, batch);
        int hostId = catalog.hostId(c, batch);
        for (Points block : BlockLayout.split(batch.points())) {
          bind(ps, metricId, hostId, block);
          ps.executeUpdate();
          if (++rows % ROWS_PER_COMMIT == 0) {
            c.commit();
          }
        }
      }
    }
    c.commit();
    tellWritten(batches);
  }

  /**
   * Writes the blocks of {@code batches} as HBase cells in one batch per {@link #ROWS_PER_COMMIT}
   * rows; Phoenix reads them as if it had written them ({@link MetricRecordCells}).
   */
  private void writeCells(Connection c, List<SeriesBatch> batches) throws SQLException {
    List<Mutation> mutations = new ArrayList<>();
    try {
      for (SeriesBatch batch : batches) {
        int metricId = catalog.metricId(c, batch);
        int hostId = catalog.hostId(c, batch);
        for (Points block : BlockLayout.split(batch.points())) {
          cells.addRow(mutations, metricId, hostId, block);
          writeWhenFull(c, cells.physicalName(), mutations);
        }
      }
      tables.write(c, cells.physicalName(), mutations);
    } catch (IOException e) {
      throw new SQLException("HBase write failed: " + e.getMessage(), e);
    }
    tellWritten(batches);
  }

  /** Writes and clears {@code mutations} once they hold {@link #ROWS_PER_COMMIT} rows or more. */
  private void writeWhenFull(Connection c, byte[] table, List<Mutation> mutations)
      throws SQLException, IOException {
    if (mutations.size() >= ROWS_PER_COMMIT) {
      tables.write(c, table, mutations);
      mutations.clear();
    }
  }

  private void tellWritten(List<SeriesBatch> batches) {
    for (SeriesBatch batch : batches) {
      if (!batch.points().isEmpty()) {
        written.written(batch.points().firstTimestamp(), batch.points().lastTimestamp());
      }
    }
  }

  /** How many times this writer committed metadata rows; any thread, without waiting for writes. */
  long metadataWrites() {
    return catalog.metadataWrites();
  }

  synchronized void writeHostRollups(RollupLevel level, Map<SeriesKey, List<Rollup>> rows) {
    writeRollups(
        level,
        rows,
        (c, key, firstTime) ->
            new int[] {
              catalog.metricId(c, key.metric(), null, null, firstTime, true),
              catalog.hostId(c, key.hostName(), key.metric())
            });
  }

  synchronized void writeClusterRollups(RollupLevel level, Map<MetricKey, List<Rollup>> rows) {
    writeRollups(
        level,
        rows,
        (c, key, firstTime) -> new int[] {catalog.metricId(c, key, null, null, firstTime, true)});
  }

  /** The key columns of a rollup row: metric id, and host id for per-host tables. */
  private interface KeyIds<K> {
    int[] of(Connection c, K key, long firstTime) throws SQLException;
  }

  private <K> void writeRollups(RollupLevel level, Map<K, List<Rollup>> rows, KeyIds<K> keyIds) {
    try {
      Connection c = connection();
      PhoenixRowCells levelCells = rollupCells.get(level);
      if (levelCells != null) {
        writeRollupCells(c, levelCells, rows, keyIds);
        return;
      }
      try (PreparedStatement ps = c.prepareStatement(RollupTables.upsert(level))) {
        forEachRollup(
            c,
            rows,
            keyIds,
            (ids, r) -> {
              for (int i = 0; i < ids.length; i++) {
                ps.setInt(i + 1, ids[i]);
              }
              bindRollup(ps, ids.length + 1, r);
              ps.executeUpdate();
            });
      }
      c.commit();
    } catch (SQLException | IOException | RuntimeException e) {
      reset();
      throw new StorageException("writing " + level + " rollups failed: " + e.getMessage(), e);
    }
  }

  /**
   * Writes rollup rows as HBase cells, in batches of {@link #ROWS_PER_COMMIT} rows, with the values
   * Phoenix would store for the UPSERT's bound doubles and count.
   */
  private <K> void writeRollupCells(
      Connection c, PhoenixRowCells cells, Map<K, List<Rollup>> rows, KeyIds<K> keyIds)
      throws SQLException, IOException {
    List<Mutation> mutations = new ArrayList<>();
    forEachRollup(
        c,
        rows,
        keyIds,
        (ids, r) -> {
          cells.addRow(
              mutations,
              ids,
              r.time(),
              new byte[][] {
                PDouble.INSTANCE.toBytes(r.sum()),
                PUnsignedInt.INSTANCE.toBytes(Math.toIntExact(r.count())),
                PDouble.INSTANCE.toBytes(r.max()),
                PDouble.INSTANCE.toBytes(r.min())
              });
          writeWhenFull(c, cells.physicalName(), mutations);
        });
    tables.write(c, cells.physicalName(), mutations);
  }

  /** One rollup row of a series whose key columns are {@code ids}. */
  private interface RollupRow {
    void accept(int[] ids, Rollup row) throws SQLException, IOException;
  }

  /** Hands {@code each} every row of {@code rows} with its series' key ids, series by series. */
  private <K> void forEachRollup(
      Connection c, Map<K, List<Rollup>> rows, KeyIds<K> keyIds, RollupRow each)
      throws SQLException, IOException {
    for (Map.Entry<K, List<Rollup>> e : rows.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      int[] ids = keyIds.of(c, e.getKey(), e.getValue().get(0).time());
      for (Rollup r : e.getValue()) {
        each.accept(ids, r);
      }
    }
  }

  private static void bindRollup(PreparedStatement ps, int first, Rollup r) throws SQLException {
    ps.setLong(first, r.time());
    ps.setDouble(first + 1, r.sum());
    ps.setLong(first + 2, r.count());
    ps.setDouble(first + 3, r.max());
    ps.setDouble(first + 4, r.min());
  }

  private static void bind(PreparedStatement ps, int metricId, int hostId, Points block)
      throws SQLException {
    BlockStatistics stats = BlockStatistics.of(block);
    ps.setInt(1, metricId);
    ps.setInt(2, hostId);
    ps.setLong(3, block.firstTimestamp());
    if (stats.any()) {
      ps.setDouble(4, stats.sum());
      ps.setDouble(6, stats.max());
      ps.setDouble(7, stats.min());
    } else {
      ps.setNull(4, java.sql.Types.DOUBLE);
      ps.setNull(6, java.sql.Types.DOUBLE);
      ps.setNull(7, java.sql.Types.DOUBLE);
    }
    ps.setInt(5, block.size());
    ps.setBytes(8, PointCodec.encode(block));
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      Connection c = connector.open();
      c.setAutoCommit(false);
      catalog.clear();
      catalog.preload(c);
      cells = directWrites ? MetricRecordCells.of(c, "METRIC_RECORD").orElse(null) : null;
      rollupCells.clear();
      if (directWrites) {
        for (RollupLevel level : RollupLevel.values()) {
          PhoenixRowCells.of(
                  c,
                  RollupTables.table(level).name(),
                  level.perHost() ? List.of("METRIC_ID", "HOST_ID") : List.of("METRIC_ID"),
                  List.of(
                      "METRIC_SUM", RollupTables.countColumn(level), "METRIC_MAX", "METRIC_MIN"))
              .ifPresent(cells -> rollupCells.put(level, cells));
        }
      }
      connection = c;
    }
    return connection;
  }

  /** Drops the connection and the id cache after a failure; the next write starts afresh. */
  private void reset() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("closing a failed writer connection", e);
      }
      connection = null;
    }
  }

  @Override
  public synchronized void close() {
    reset();
  }
}
