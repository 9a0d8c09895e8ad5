package io.almanac.collector.storage.phoenix;

import io.almanac.model.Points;
import io.almanac.schema.BlockLayout;
import io.almanac.schema.PointCodec;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.CheckAndMutate;
import org.apache.hadoop.hbase.client.CheckAndMutateResult;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Durability;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.RowMutations;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.io.encoding.DataBlockEncoding;
import org.apache.phoenix.jdbc.PhoenixConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals one hour of raw rows: for each series, the METRIC_RECORD rows that start in the hour are
 * merged (with the series' sealed row of that hour, if there is one) into one METRIC_RECORD_SEALED
 * row keyed by the hour, its points in {@link PointCodec}'s compact format, and then deleted.
 *
 * <p>Every step is a compare-and-set, so a crash, a late row or a second collector doing the same
 * loses and duplicates nothing: the sealed row is written only if it is still what was read (or
 * still absent); a merged row is deleted only if its packed cell is still the one that was merged
 * and only after the sealed row holding it was written; a crash in between leaves both, which
 * readers merge to the same points ({@link RawRows#union}); a row written after the scan is not
 * touched and is sealed in a later round. The deletes skip HBase's write-ahead log: one lost in a
 * crash brings back a row the sealed row (written with the log) holds, and the hours of the raw TTL
 * are looked at again after a start. The delete is at the row's exact cell time, and
 * METRIC_RECORD's family is given HBase's new version behaviour first, so a later write of the same
 * row stays visible.
 */
final class HourSealer {
  private static final Logger LOG = LoggerFactory.getLogger(HourSealer.class);

  /** A series with more points than this in an hour keeps its METRIC_RECORD rows. */
  static final int MAX_POINTS = 200_000;

  private static final int BATCH_SERIES = 500;
  // bounds the sealer's heap: rows, their cells and decoded points, about 10 MB a batch
  private static final int BATCH_ROWS = 20_000;
  private static final int OPS_PER_REQUEST = 1_000;

  /**
   * METRIC_RECORD's block encoding once sealing runs, whatever the metric tables' configured one:
   * every merged row is deleted after a check that reads it, and a read of one row in a FAST_DIFF
   * block decodes the block from its start up to the row (a third of sealing's CPU on tier S). This
   * encoding keeps an index of the rows in each block. The table holds only the hours not sealed
   * yet; METRIC_RECORD_SEALED keeps the configured encoding.
   */
  static final DataBlockEncoding RAW_ENCODING = DataBlockEncoding.ROW_INDEX_V1;

  private final SeriesRangeScan recent;
  private final SeriesRangeScan sealed;
  private final MetricRecordCells sealedCells;
  private final HBaseTables tables;

  private HourSealer(
      SeriesRangeScan recent, SeriesRangeScan sealed, MetricRecordCells cells, HBaseTables tables) {
    this.recent = recent;
    this.sealed = sealed;
    this.sealedCells = cells;
    this.tables = tables;
  }

  /**
   * The sealer of the tables {@code c} sees, or empty (reason logged) when they are not laid out
   * for direct HBase access with packed cells.
   */
  static Optional<HourSealer> of(Connection c) throws SQLException {
    return of(c, HBaseTables.PHOENIX);
  }

  /** As {@link #of(Connection)}, reading and writing the tables of {@code tables}. */
  static Optional<HourSealer> of(Connection c, HBaseTables tables) throws SQLException {
    Optional<SeriesRangeScan> recent =
        SeriesRangeScan.of(c, tables, "METRIC_RECORD", true, List.of("METRICS"));
    Optional<SeriesRangeScan> sealed =
        SeriesRangeScan.of(c, tables, "METRIC_RECORD_SEALED", true, List.of("METRICS"));
    Optional<MetricRecordCells> cells = MetricRecordCells.of(c, "METRIC_RECORD_SEALED");
    if (recent.isEmpty() || sealed.isEmpty() || cells.isEmpty()) {
      LOG.info("Raw rows are not sealed: METRIC_RECORD(_SEALED) is not read directly");
      return Optional.empty();
    }
    if (recent.get().packedQualifier() == null || sealed.get().packedQualifier() == null) {
      LOG.info("Raw rows are not sealed: METRIC_RECORD(_SEALED) has a cell per column");
      return Optional.empty();
    }
    ensureRawFamilySettings(c, recent.get());
    return Optional.of(new HourSealer(recent.get(), sealed.get(), cells.get(), tables));
  }

  /**
   * Gives METRIC_RECORD's family HBase's new version behaviour and {@link #RAW_ENCODING} unless it
   * has them. With HBase's default rules, the delete of a merged row (at the row's exact cell time)
   * would also hide a row written again later with the same key and time (a sink posting the same
   * block again after its hour was sealed) until a major compaction dropped both; with it, a delete
   * hides only what was written before it. Phoenix has no DDL for this family attribute, hence the
   * HBase admin call (which reopens the table's regions once). The region servers must run with
   * {@code phoenix.table.ttl.enabled=false}: Phoenix's compaction scanner, which reads rows without
   * a limit, would otherwise gather a whole minor compaction of this family in memory.
   */
  private static void ensureRawFamilySettings(Connection c, SeriesRangeScan recent)
      throws SQLException {
    TableName name = TableName.valueOf(recent.physicalName());
    try (Admin admin = c.unwrap(PhoenixConnection.class).getQueryServices().getAdmin()) {
      ColumnFamilyDescriptor family = admin.getDescriptor(name).getColumnFamily(recent.family());
      if (family.isNewVersionBehavior() && family.getDataBlockEncoding() == RAW_ENCODING) {
        return;
      }
      LOG.info(
          "Setting NEW_VERSION_BEHAVIOR and DATA_BLOCK_ENCODING={} on {} (once, before sealing)",
          RAW_ENCODING,
          name);
      admin.modifyColumnFamily(
          name,
          ColumnFamilyDescriptorBuilder.newBuilder(family)
              .setNewVersionBehavior(true)
              .setDataBlockEncoding(RAW_ENCODING)
              .build());
    } catch (IOException e) {
      throw new SQLException("could not set the sealing settings of " + name, e);
    }
  }

  /**
   * What sealing an hour did: series sealed, rows merged and deleted, rows or series left for a
   * later round because they changed under the merge, and series left as they are (more than {@link
   * #MAX_POINTS} points, or a row without points).
   */
  record Outcome(int series, long rowsDeleted, int conflicts, int skipped) {
    /** True when every row of the hour was sealed. */
    boolean complete() {
      return conflicts == 0;
    }
  }

  /** Seals the hour starting at {@code hour}. One caller at a time. */
  Outcome seal(Connection c, long hour) throws SQLException {
    Counts counts = new Counts();
    try (SeriesRangeScan.Cursor rows = recent.openAll(c, hour, hour + BlockLayout.SEALED_SPAN_MS);
        Table recentTable = tables.get(c, recent.physicalName());
        Table sealedTable = tables.get(c, sealed.physicalName())) {
      List<SeriesRows> batch = new ArrayList<>();
      int batchRows = 0;
      SeriesRows current = null;
      while (rows.next()) {
        if (current == null
            || current.metricId != rows.metricId()
            || current.hostId != rows.hostId()) {
          if (batch.size() >= BATCH_SERIES || batchRows >= BATCH_ROWS) {
            sealBatch(c, recentTable, sealedTable, hour, batch, counts);
            batch.clear();
            batchRows = 0;
          }
          current = new SeriesRows(rows.metricId(), rows.hostId());
          batch.add(current);
        }
        Cell packed = rows.packedCell();
        byte[] metrics = rows.values()[0];
        if (packed == null || metrics == null) {
          current.unreadable = true;
          continue;
        }
        current.rows.add(
            new RecentRow(
                rows.rowKey(),
                rows.serverTime(),
                CellUtil.cloneValue(packed),
                PointCodec.decode(metrics)));
        batchRows++;
      }
      sealBatch(c, recentTable, sealedTable, hour, batch, counts);
    } catch (IOException e) {
      throw new SQLException("sealing hour " + hour + " failed: " + e.getMessage(), e);
    }
    return new Outcome(counts.series, counts.deleted, counts.conflicts, counts.skipped);
  }

  private void sealBatch(
      Connection c,
      Table recentTable,
      Table sealedTable,
      long hour,
      List<SeriesRows> batch,
      Counts counts)
      throws SQLException, IOException {
    if (batch.isEmpty()) {
      return;
    }
    Map<Long, SealedRow> existing = existingSealed(c, hour, batch);
    List<SeriesRows> sealing = new ArrayList<>();
    List<CheckAndMutate> writes = new ArrayList<>();
    for (SeriesRows series : batch) {
      if (series.unreadable) {
        counts.skipped++;
        continue;
      }
      SealedRow old = existing.get(series.id());
      List<Points> blocks = new ArrayList<>(series.rows.size() + 1);
      if (old != null) {
        blocks.add(old.points);
      }
      series.rows.forEach(r -> blocks.add(r.points));
      Points merged = RawBlockReader.merge(blocks);
      if (merged.size() > MAX_POINTS) {
        counts.skipped++;
        continue;
      }
      List<Mutation> mutations = new ArrayList<>(2);
      sealedCells.addRow(mutations, series.metricId, series.hostId, hour, merged, true);
      byte[] row = mutations.get(0).getRow();
      CheckAndMutate.Builder check = CheckAndMutate.newBuilder(row);
      check =
          old == null
              ? check.ifNotExists(sealed.family(), sealed.packedQualifier())
              : check.ifEquals(sealed.family(), sealed.packedQualifier(), old.packed);
      writes.add(
          mutations.size() == 1 && mutations.get(0) instanceof Put put
              ? check.build(put)
              : check.build(RowMutations.of(mutations)));
      sealing.add(series);
    }
    List<CheckAndMutate> deletes = new ArrayList<>();
    List<CheckAndMutateResult> written = checkAndMutate(sealedTable, writes);
    for (int i = 0; i < written.size(); i++) {
      if (!written.get(i).isSuccess()) {
        counts.conflicts++;
        continue;
      }
      counts.series++;
      for (RecentRow r : sealing.get(i).rows) {
        deletes.add(
            CheckAndMutate.newBuilder(r.key)
                .ifEquals(recent.family(), recent.packedQualifier(), r.packed)
                .build(
                    new Delete(r.key)
                        .addFamilyVersion(recent.family(), r.serverTime)
                        // a delete lost in a crash only brings back a row the sealed row holds
                        // (written with the WAL before), which is sealed again later
                        .setDurability(Durability.SKIP_WAL)));
      }
    }
    for (CheckAndMutateResult result : checkAndMutate(recentTable, deletes)) {
      if (result.isSuccess()) {
        counts.deleted++;
      } else {
        counts.conflicts++;
      }
    }
  }

  /**
   * Sends {@code all} in requests of {@link #OPS_PER_REQUEST}: the region server renders every
   * request in flight as text in each of its reports to the master, so one huge request costs far
   * more than its share.
   */
  private static List<CheckAndMutateResult> checkAndMutate(Table table, List<CheckAndMutate> all)
      throws IOException {
    List<CheckAndMutateResult> out = new ArrayList<>(all.size());
    for (int from = 0; from < all.size(); from += OPS_PER_REQUEST) {
      out.addAll(
          table.checkAndMutate(all.subList(from, Math.min(all.size(), from + OPS_PER_REQUEST))));
    }
    return out;
  }

  /** The sealed rows of {@code hour} of the batch's series, by series id. */
  private Map<Long, SealedRow> existingSealed(Connection c, long hour, List<SeriesRows> batch)
      throws SQLException {
    Set<Integer> metricIds = new HashSet<>();
    Set<Integer> hostIds = new HashSet<>();
    Set<Long> wanted = new HashSet<>();
    for (SeriesRows s : batch) {
      metricIds.add(s.metricId);
      hostIds.add(s.hostId);
      wanted.add(s.id());
    }
    Map<Long, SealedRow> out = new HashMap<>();
    try (SeriesRangeScan.Cursor rows = sealed.open(c, metricIds, hostIds, hour, hour + 1)) {
      while (rows.next()) {
        long id = ((long) rows.metricId() << 32) | (rows.hostId() & 0xFFFFFFFFL);
        Cell packed = rows.packedCell();
        byte[] metrics = rows.values()[0];
        if (wanted.contains(id) && packed != null && metrics != null) {
          out.put(id, new SealedRow(CellUtil.cloneValue(packed), PointCodec.decode(metrics)));
        }
      }
    }
    return out;
  }

  private static final class Counts {
    int series;
    long deleted;
    int conflicts;
    int skipped;
  }

  /** A series' METRIC_RECORD rows of the hour, in start order. */
  private static final class SeriesRows {
    final int metricId;
    final int hostId;
    final List<RecentRow> rows = new ArrayList<>();
    boolean unreadable;

    SeriesRows(int metricId, int hostId) {
      this.metricId = metricId;
      this.hostId = hostId;
    }

    long id() {
      return ((long) metricId << 32) | (hostId & 0xFFFFFFFFL);
    }
  }

  /** A METRIC_RECORD row as read: its key, cell time, packed cell and points. */
  private record RecentRow(byte[] key, long serverTime, byte[] packed, Points points) {}

  /** A sealed row as read: its packed cell and points. */
  private record SealedRow(byte[] packed, Points points) {}
}
