package io.almanac.collector.storage.phoenix;

import io.almanac.collector.storage.StorageMaintenance;
import io.almanac.model.MetricKey;
import io.almanac.model.SeriesKey;
import io.almanac.model.TimeRange;
import io.almanac.model.store.ContainerMetric;
import io.almanac.model.store.MetricDescriptor;
import io.almanac.model.store.MetricStore;
import io.almanac.model.store.Rollup;
import io.almanac.model.store.RollupLevel;
import io.almanac.model.store.RollupSeries;
import io.almanac.model.store.SeriesBatch;
import io.almanac.model.store.SeriesIds;
import io.almanac.model.store.SeriesPoints;
import io.almanac.model.store.SeriesSelector;
import io.almanac.model.store.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The {@link MetricStore} on Apache Phoenix. Writes go through one connection held by {@link
 * PhoenixWriter}; every read opens its own short-lived connection (Phoenix connections are cheap
 * and not thread-safe).
 */
public final class PhoenixMetricStore implements MetricStore, StorageMaintenance {
  private final PhoenixConnector connector;
  private final PhoenixWriter writer;
  private final IdNames idNames = new IdNames();

  /**
   * Reads the series catalogue and the listings' metadata again in the background (see {@link
   * SeriesCatalog}, {@link MetadataCache}).
   */
  private final ExecutorService metadataReads =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "almanac-metadata-reads");
            t.setDaemon(true);
            return t;
          });

  private final SeriesCatalog catalog;
  private final HBaseTables tables;
  private final DirectScans scans;
  private final MetadataCache metadata;
  private final SealSchedule seals;
  private volatile BlockSealer sealer;
  private final java.util.concurrent.atomic.LongAdder scannedPoints =
      new java.util.concurrent.atomic.LongAdder();

  /**
   * A store over the database {@code connector} reaches; the schema must be migrated already. With
   * {@code directHBase}, raw blocks are written and read with the HBase client ({@link
   * MetricRecordCells}, {@link SeriesRangeScan}).
   */
  public PhoenixMetricStore(PhoenixConnector connector, boolean directHBase) {
    this(connector, directHBase, null);
  }

  /**
   * As {@link #PhoenixMetricStore(PhoenixConnector, boolean)}; with direct HBase access and a
   * {@code sealAfter}, the hours of raw rows the store writes are scheduled for sealing once no row
   * has come into them for {@code sealAfter} ({@link #startSealing}).
   */
  public PhoenixMetricStore(PhoenixConnector connector, boolean directHBase, Duration sealAfter) {
    this(connector, directHBase, sealAfter, null, null, null);
  }

  /**
   * As {@link #PhoenixMetricStore(PhoenixConnector, boolean, Duration)}; direct HBase reads and
   * writes (raw blocks, sealing, scans) go through {@code cellConnection} when it is given: an
   * embedded region server's own connection, which skips RPC (see {@code
   * EmbeddedHBase#localConnection}). It stays its owner's to close. The raw blocks' batches go
   * through {@code rowWriter} when it is given (see {@code EmbeddedHBase#localWriter}). A table's
   * oldest time, which an aggregator's first run starts from, comes from {@code oldestCells} when
   * it is given (see {@code EmbeddedHBase#localCellTimes}), else from a Phoenix query.
   */
  public PhoenixMetricStore(
      PhoenixConnector connector,
      boolean directHBase,
      Duration sealAfter,
      org.apache.hadoop.hbase.client.Connection cellConnection,
      RowBatchWriter rowWriter,
      OldestCellTime oldestCells) {
    this.connector = connector;
    this.catalog = new SeriesCatalog(System::currentTimeMillis, metadataReads, connector);
    this.tables = HBaseTables.of(cellConnection, rowWriter, oldestCells);
    this.scans = new DirectScans(directHBase, SeriesRangeScan.MAX_RANGES, tables);
    this.seals =
        directHBase && sealAfter != null
            ? new SealSchedule(sealAfter.toMillis(), System::currentTimeMillis)
            : null;
    this.writer =
        new PhoenixWriter(
            connector,
            directHBase,
            tables,
            catalog::learn,
            seals == null ? (first, last) -> {} : seals::written);
    this.metadata =
        new MetadataCache(
            System::currentTimeMillis, writer::metadataWrites, this::readMetadata, metadataReads);
  }

  /**
   * Starts sealing raw rows in the background (see {@link HourSealer}): hours the store writes, and
   * every hour of the last {@code lookback} (rows written before a restart). Rounds wait while
   * {@code othersBusy} says so (the aggregators redoing intervals). Returns what stops it; nothing
   * happens when the store was made without sealing.
   */
  public AutoCloseable startSealing(
      Duration lookback, java.util.function.BooleanSupplier othersBusy) {
    if (seals == null) {
      return () -> {};
    }
    // Made now, before ingest starts: the first one gives METRIC_RECORD's family the new version
    // behaviour, which reopens its region once.
    Optional<HourSealer> hourSealer;
    try (Connection c = connector.open()) {
      hourSealer = HourSealer.of(c, tables);
    } catch (SQLException e) {
      throw new StorageException("preparing to seal raw rows failed: " + e.getMessage(), e);
    }
    long now = System.currentTimeMillis();
    seals.recheck(now - lookback.toMillis(), now);
    BlockSealer started = new BlockSealer(connector, seals, hourSealer, othersBusy);
    started.start(seals.checkEvery());
    sealer = started;
    return started;
  }

  @Override
  public Compaction compactRawTables(Duration timeout) {
    List<String> tables = List.of("METRIC_RECORD", "METRIC_RECORD_SEALED");
    long started = System.nanoTime();
    try (Connection c = connector.open();
        org.apache.hadoop.hbase.client.Admin admin =
            c.unwrap(org.apache.phoenix.jdbc.PhoenixConnection.class)
                .getQueryServices()
                .getAdmin()) {
      long requested = System.currentTimeMillis();
      List<org.apache.hadoop.hbase.TableName> names =
          tables.stream().map(org.apache.hadoop.hbase.TableName::valueOf).toList();
      for (org.apache.hadoop.hbase.TableName name : names) {
        TableFlushes.flush(admin, name);
        admin.majorCompact(name);
      }
      boolean finished = false;
      long deadline = started + timeout.toNanos();
      int idle = 0;
      while (!finished && System.nanoTime() < deadline) {
        Thread.sleep(250);
        boolean all = true;
        boolean quiet = true;
        for (org.apache.hadoop.hbase.TableName name : names) {
          all &= admin.getLastMajorCompactionTimestamp(name) >= requested;
          quiet &=
              admin.getCompactionState(name) == org.apache.hadoop.hbase.client.CompactionState.NONE;
        }
        // a table without files has nothing to compact and keeps its old timestamp
        idle = quiet ? idle + 1 : 0;
        finished = all || idle >= 12;
      }
      return new Compaction(tables, (System.nanoTime() - started) / 1e9, finished);
    } catch (java.io.IOException | SQLException e) {
      throw new StorageException("compaction failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while compacting", e);
    }
  }

  /** METRIC_RECORD rows merged into sealed rows since start. */
  public long sealedRows() {
    BlockSealer s = sealer;
    return s == null ? 0 : s.rowsDeleted();
  }

  /** Hours of raw rows that may still need sealing (0 without sealing). */
  public int sealPendingHours() {
    return seals == null ? 0 : seals.pending();
  }

  /** Sealing rounds that failed since start. */
  public long sealFailures() {
    BlockSealer s = sealer;
    return s == null ? 0 : s.failures();
  }

  @Override
  public void write(List<SeriesBatch> batches) {
    writer.write(batches);
  }

  @Override
  public List<SeriesPoints> readRaw(SeriesSelector selector, TimeRange range) {
    try (Connection c = connector.open()) {
      return RawBlockReader.read(c, scans, catalog.resolve(c, selector), range);
    } catch (SQLException e) {
      throw new StorageException("raw read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void streamRaw(
      SeriesSelector selector, TimeRange range, java.util.function.Consumer<SeriesPoints> each) {
    try (Connection c = connector.open()) {
      RawBlockReader.stream(c, scans, catalog.resolve(c, selector), range, each);
    } catch (SQLException e) {
      throw new StorageException("raw read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public List<SeriesPoints> readLatestRaw(SeriesSelector selector) {
    try (Connection c = connector.open()) {
      return RollupReader.readLatestRaw(c, catalog, selector);
    } catch (SQLException e) {
      throw new StorageException("latest raw read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public long countSeries(SeriesSelector selector) {
    try {
      return catalog.countSeries(connector, selector);
    } catch (SQLException e) {
      throw new StorageException("metadata read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public List<RollupSeries> readRollups(
      RollupLevel level, SeriesSelector selector, TimeRange range) {
    try (Connection c = connector.open()) {
      return RollupReader.read(c, catalog, scans.rollup(c, level), level, selector, range);
    } catch (SQLException e) {
      throw new StorageException(level + " read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public List<RollupSeries> readLatestRollups(RollupLevel level, SeriesSelector selector) {
    try (Connection c = connector.open()) {
      return RollupReader.readLatest(c, catalog, level, selector);
    } catch (SQLException e) {
      throw new StorageException(level + " read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void writeHostRollups(RollupLevel level, Map<SeriesKey, List<Rollup>> rows) {
    if (!level.perHost()) {
      throw new IllegalArgumentException(level + " is not a per-host level");
    }
    writer.writeHostRollups(level, rows);
  }

  @Override
  public void writeClusterRollups(RollupLevel level, Map<MetricKey, List<Rollup>> rows) {
    if (level.perHost()) {
      throw new IllegalArgumentException(level + " is not a cluster level");
    }
    writer.writeClusterRollups(level, rows);
  }

  /** Runs {@code read} on a fresh connection, turning SQL failures into StorageException. */
  private <T> T withConnection(String what, SqlFunction<T> read) {
    try (Connection c = connector.open()) {
      return read.apply(c);
    } catch (SQLException e) {
      throw new StorageException(what + " failed: " + e.getMessage(), e);
    }
  }

  /** A read over one connection. */
  private interface SqlFunction<T> {
    T apply(Connection c) throws SQLException;
  }

  @Override
  public void scanRaw(TimeRange range, java.util.function.Consumer<SeriesPoints> each) {
    withConnection(
        "raw scan",
        c -> {
          TableScans.raw(
              c,
              idNames,
              scans,
              range,
              s -> {
                scannedPoints.add(s.points().size());
                each.accept(s);
              });
          return null;
        });
  }

  @Override
  public void scanRollups(
      RollupLevel level, TimeRange range, java.util.function.Consumer<RollupSeries> each) {
    withConnection(
        level + " scan",
        c -> {
          TableScans.rollups(
              c,
              idNames,
              scans,
              level,
              range,
              s -> {
                scannedPoints.add(s.rows().size());
                each.accept(s);
              });
          return null;
        });
  }

  /**
   * Queries whose series were looked up in the metadata tables, because they named a metric or host
   * the in-memory catalogue did not hold (see {@link SeriesCatalog}).
   */
  public long catalogFallbacks() {
    return catalog.fallbacks();
  }

  /**
   * Raw points and rollup rows the whole-table scans (the aggregators' reads) have handed on since
   * start.
   */
  public long scannedPoints() {
    return scannedPoints.sum();
  }

  @Override
  public OptionalLong oldestTime(RollupLevel level) {
    return withConnection("oldest time", c -> TableScans.oldest(c, tables, level));
  }

  @Override
  public OptionalLong checkpoint(String aggregator) {
    return withConnection("checkpoint read", c -> AggregationStateTables.checkpoint(c, aggregator));
  }

  @Override
  public void saveCheckpoint(String aggregator, long time) {
    withConnection(
        "checkpoint write",
        c -> {
          AggregationStateTables.saveCheckpoint(c, aggregator, time);
          return null;
        });
  }

  @Override
  public boolean saveCheckpoint(String aggregator, long time, long epoch) {
    return withConnection(
        "checkpoint write", c -> AggregationStateTables.saveCheckpoint(c, aggregator, time, epoch));
  }

  @Override
  public long claimCheckpoints(java.util.Collection<String> aggregators, long epoch) {
    return withConnection(
        "checkpoint claim", c -> AggregationStateTables.claim(c, aggregators, epoch));
  }

  @Override
  public long checkpointEpoch() {
    return withConnection("checkpoint epoch", AggregationStateTables::maxEpoch);
  }

  @Override
  public void markDirty(String aggregator, List<Long> intervalStarts, long markedAt) {
    withConnection(
        "dirty mark",
        c -> {
          AggregationStateTables.markDirty(c, aggregator, intervalStarts, markedAt);
          return null;
        });
  }

  @Override
  public SortedMap<Long, Long> dirtyIntervals(String aggregator) {
    return withConnection("dirty read", c -> AggregationStateTables.dirty(c, aggregator));
  }

  @Override
  public void clearDirty(String aggregator, long intervalStart, long markedAt) {
    withConnection(
        "dirty clear",
        c -> {
          AggregationStateTables.clearDirty(c, aggregator, intervalStart, markedAt);
          return null;
        });
  }

  @Override
  public void writeContainerMetrics(List<ContainerMetric> metrics) {
    try (Connection c = connector.open()) {
      ContainerMetricsTable.write(c, metrics);
    } catch (SQLException e) {
      throw new StorageException("writing container metrics failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<SeriesIds> seriesIds(MetricKey metric, String hostName) {
    try (Connection c = connector.open()) {
      Map<Integer, MetricKey> found =
          catalog.metrics(
              c,
              new SeriesSelector(
                  List.of(metric.metricName()), List.of(), metric.appId(), metric.instanceId()));
      if (found.isEmpty()) {
        return Optional.empty();
      }
      int metricId = found.keySet().iterator().next();
      if (hostName == null) {
        return Optional.of(new SeriesIds(metricId, -1));
      }
      try (PreparedStatement ps =
          c.prepareStatement("SELECT HOST_ID FROM HOST_METADATA WHERE HOSTNAME = ?")) {
        ps.setString(1, hostName);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(new SeriesIds(metricId, rs.getInt(1))) : Optional.empty();
        }
      }
    } catch (SQLException e) {
      throw new StorageException("metadata read failed: " + e.getMessage(), e);
    }
  }

  /** From the in-memory catalogue ({@link SeriesCatalog}), not the metadata table. */
  @Override
  public java.util.SortedSet<String> metricNames() {
    try {
      return catalog.metricNames(connector);
    } catch (SQLException e) {
      throw new StorageException("metadata read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public List<MetricDescriptor> metrics() {
    return metadata.get().metrics();
  }

  @Override
  public Map<String, Set<String>> appsByHost() {
    return metadata.get().appsByHost();
  }

  @Override
  public Map<String, Set<String>> hostsByInstance() {
    return metadata.get().hostsByInstance();
  }

  /** Every row of METRICS_METADATA, HOSTED_APPS_METADATA and INSTANCE_HOST_METADATA. */
  private MetadataCache.Snapshot readMetadata() {
    try (Connection c = connector.open()) {
      return new MetadataCache.Snapshot(
          descriptors(c),
          pairs(c, "SELECT HOSTNAME, APP_ID FROM HOSTED_APPS_METADATA"),
          pairs(c, "SELECT INSTANCE_ID, HOSTNAME FROM INSTANCE_HOST_METADATA"));
    } catch (SQLException e) {
      throw new StorageException("metadata read failed: " + e.getMessage(), e);
    }
  }

  private static List<MetricDescriptor> descriptors(Connection c) throws SQLException {
    List<MetricDescriptor> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT METRIC_NAME, APP_ID, INSTANCE_ID, UNITS, TYPE, START_TIME,"
                    + " SUPPORTS_AGGREGATION FROM METRICS_METADATA")) {
      while (rs.next()) {
        out.add(
            new MetricDescriptor(
                new MetricKey(rs.getString(1), rs.getString(2), rs.getString(3)),
                rs.getString(4),
                rs.getString(5),
                rs.getLong(6),
                rs.getBoolean(7)));
      }
    }
    return out;
  }

  private static Map<String, Set<String>> pairs(Connection c, String sql) throws SQLException {
    Map<String, Set<String>> out = new TreeMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
      }
    }
    return out;
  }

  @Override
  public void close() {
    metadataReads.shutdownNow();
    writer.close();
  }
}
