package io.almanac.collector.storage.phoenix;

import io.almanac.model.Points;
import io.almanac.schema.PointCodec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.hbase.KeyValue;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.io.ImmutableBytesWritable;
import org.apache.hadoop.hbase.util.Pair;
import org.apache.phoenix.hbase.index.util.GenericKeyValueBuilder;
import org.apache.phoenix.hbase.index.util.KeyValueBuilder;
import org.apache.phoenix.jdbc.PhoenixConnection;
import org.apache.phoenix.query.QueryConstants;
import org.apache.phoenix.schema.ColumnValueEncoder;
import org.apache.phoenix.schema.PColumn;
import org.apache.phoenix.schema.PColumnFamily;
import org.apache.phoenix.schema.PRow;
import org.apache.phoenix.schema.PTable;
import org.apache.phoenix.schema.SortOrder;
import org.apache.phoenix.schema.types.PDouble;
import org.apache.phoenix.schema.types.PInteger;
import org.apache.phoenix.schema.types.PLong;
import org.apache.phoenix.schema.types.PUnsignedInt;
import org.apache.phoenix.util.ByteUtil;
import org.apache.phoenix.util.EncodedColumnsUtil;
import org.apache.phoenix.util.SchemaUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the HBase mutations of a METRIC_RECORD row exactly as Phoenix's own UPSERT would, so that
 * raw blocks can be written with the HBase client, skipping Phoenix's statement compilation,
 * mutation state and commit, while Phoenix still reads them.
 *
 * <p>The row is made by the table's own Phoenix metadata ({@link PTable#newKey} for the key with
 * its salt byte, {@link PTable#newRow} for the cells in the table's storage scheme, such as the
 * single packed cell of an immutable table), with SERVER_TIME as the HBase timestamp of every cell
 * (the ROW_TIMESTAMP column) and an absent SUM, MAX and MIN when the block has no finite value.
 * {@link #of} refuses tables whose rows need Phoenix's client (indexes, transactions) or whose key
 * is not METRIC_RECORD's, and the caller falls back to UPSERT.
 *
 * <p>On a packed table (SINGLE_CELL_ARRAY_WITH_OFFSETS, as METRIC_RECORD is) the packed cell is
 * made the way {@link PRow} makes it, without its per-row expressions: the table's encoder gets one
 * slot per qualifier of the family (the empty column's value first, a slot left absent for each
 * qualifier no column of ours has), and the row's Put holds the packed cell and the empty cell.
 */
final class MetricRecordCells {
  private static final Logger LOG = LoggerFactory.getLogger(MetricRecordCells.class);

  private final PTable table;
  private final byte[] physicalName;
  private final PColumn sum;
  private final PColumn count;
  private final PColumn max;
  private final PColumn min;
  private final PColumn metrics;
  private final ImmutableBytesWritable key = new ImmutableBytesWritable();
  private final byte[][] keyValues;
  private final int firstKey;

  /** The packed layout, or null when rows go through {@link PRow}. */
  private final PackedLayout packed;

  /**
   * Where each value goes in a packed row: {@code slots} values, the empty column's at 0, SUM,
   * COUNT, MAX, MIN and METRICS at theirs; family and qualifiers of the packed and empty cells.
   */
  private record PackedLayout(
      int slots,
      int sumSlot,
      int countSlot,
      int maxSlot,
      int minSlot,
      int metricsSlot,
      byte[] family,
      byte[] emptyFamily,
      byte[] emptyQualifier,
      byte[] emptyValue) {}

  private MetricRecordCells(PTable table) throws SQLException {
    this.table = table;
    this.physicalName = table.getPhysicalName().getBytes();
    this.sum = table.getColumnForColumnName("METRIC_SUM");
    this.count = table.getColumnForColumnName("METRIC_COUNT");
    this.max = table.getColumnForColumnName("METRIC_MAX");
    this.min = table.getColumnForColumnName("METRIC_MIN");
    this.metrics = table.getColumnForColumnName("METRICS");
    // A salted table's key starts with the salt column; newKey fills in its byte.
    this.firstKey = table.getBucketNum() == null ? 0 : 1;
    this.keyValues = new byte[firstKey + 3][];
    if (firstKey == 1) {
      keyValues[0] = new byte[] {0};
    }
    this.packed = packedLayout(table);
  }

  /** The packed layout of {@code table}, or null when its rows are not one packed cell. */
  private PackedLayout packedLayout(PTable table) {
    if (table.getImmutableStorageScheme()
            != PTable.ImmutableStorageScheme.SINGLE_CELL_ARRAY_WITH_OFFSETS
        || table.getEncodingScheme() == PTable.QualifierEncodingScheme.NON_ENCODED_QUALIFIERS
        || table.isWALDisabled()
        || table.getColumnFamilies().size() != 1) {
      return null;
    }
    PColumnFamily family = table.getColumnFamilies().get(0);
    PTable.QualifierEncodingScheme encoding = table.getEncodingScheme();
    int maxQualifier = Integer.MIN_VALUE;
    for (PColumn c : family.getColumns()) {
      maxQualifier = Math.max(maxQualifier, encoding.decode(c.getColumnQualifierBytes()));
    }
    Pair<byte[], byte[]> empty = EncodedColumnsUtil.getEmptyKeyValueInfo(table);
    return new PackedLayout(
        maxQualifier - QueryConstants.ENCODED_CQ_COUNTER_INITIAL_VALUE + 2,
        slot(encoding, sum),
        slot(encoding, count),
        slot(encoding, max),
        slot(encoding, min),
        slot(encoding, metrics),
        family.getName().getBytes(),
        SchemaUtil.getEmptyColumnFamily(table),
        empty.getFirst(),
        empty.getSecond());
  }

  private static int slot(PTable.QualifierEncodingScheme encoding, PColumn column) {
    return encoding.decode(column.getColumnQualifierBytes())
        - QueryConstants.ENCODED_CQ_COUNTER_INITIAL_VALUE
        + 1;
  }

  /**
   * The layout of {@code tableName} as the connection's metadata describes it, or empty (with the
   * reason logged) when its rows cannot be written as plain mutations.
   */
  static Optional<MetricRecordCells> of(Connection c, String tableName) throws SQLException {
    PTable table = c.unwrap(PhoenixConnection.class).getTable(tableName);
    String refusal = refusal(table);
    if (refusal != null) {
      LOG.info("{} is written through Phoenix UPSERTs: {}", tableName, refusal);
      return Optional.empty();
    }
    return Optional.of(new MetricRecordCells(table));
  }

  private static String refusal(PTable table) {
    if (!table.getIndexes().isEmpty()) {
      return "it has indexes, which only Phoenix's client keeps current";
    }
    if (table.isTransactional()) {
      return "it is transactional";
    }
    int salted = table.getBucketNum() == null ? 0 : 1;
    List<PColumn> pk = table.getPKColumns();
    if (pk.size() != salted + 3
        || !isKey(pk.get(salted), "METRIC_ID", PInteger.INSTANCE)
        || !isKey(pk.get(salted + 1), "HOST_ID", PInteger.INSTANCE)
        || !isKey(pk.get(salted + 2), "SERVER_TIME", PLong.INSTANCE)) {
      return "its key is not (METRIC_ID INTEGER, HOST_ID INTEGER, SERVER_TIME BIGINT) ascending";
    }
    if (table.getRowTimestampColPos() != salted + 2) {
      return "SERVER_TIME is not its ROW_TIMESTAMP";
    }
    return null;
  }

  private static boolean isKey(PColumn column, String name, Object type) {
    return column.getName().getString().equals(name)
        && column.getDataType() == type
        && column.getSortOrder() == SortOrder.ASC;
  }

  /** The HBase name of the table the mutations belong in. */
  byte[] physicalName() {
    return physicalName;
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
    if (ts < 0) {
      throw new IllegalArgumentException("a row timestamp must not be negative: " + ts);
    }
    keyValues[firstKey] = PInteger.INSTANCE.toBytes(metricId);
    keyValues[firstKey + 1] = PInteger.INSTANCE.toBytes(hostId);
    keyValues[firstKey + 2] = PLong.INSTANCE.toBytes(ts);
    table.newKey(key, keyValues);
    BlockStatistics stats = BlockStatistics.of(block);
    if (packed != null) {
      out.add(packedRow(ts, block, compact, stats));
      return;
    }
    PRow row = table.newRow(GenericKeyValueBuilder.INSTANCE, ts, key, false);
    row.setValue(
        sum, stats.any() ? PDouble.INSTANCE.toBytes(stats.sum()) : ByteUtil.EMPTY_BYTE_ARRAY);
    row.setValue(count, PUnsignedInt.INSTANCE.toBytes(block.size()));
    row.setValue(
        max, stats.any() ? PDouble.INSTANCE.toBytes(stats.max()) : ByteUtil.EMPTY_BYTE_ARRAY);
    row.setValue(
        min, stats.any() ? PDouble.INSTANCE.toBytes(stats.min()) : ByteUtil.EMPTY_BYTE_ARRAY);
    row.setValue(metrics, compact ? PointCodec.encodeCompact(block) : PointCodec.encode(block));
    out.addAll(row.toRowMutations());
  }

  private Put packedRow(long ts, Points block, boolean compact, BlockStatistics stats) {
    byte[][] values = new byte[packed.slots()][];
    values[0] = packed.emptyValue();
    byte[] none = null; // a NULL column: an absent slot, as PRow gives an empty value
    values[packed.sumSlot()] = stats.any() ? PDouble.INSTANCE.toBytes(stats.sum()) : none;
    values[packed.countSlot()] = PUnsignedInt.INSTANCE.toBytes(block.size());
    values[packed.maxSlot()] = stats.any() ? PDouble.INSTANCE.toBytes(stats.max()) : none;
    values[packed.minSlot()] = stats.any() ? PDouble.INSTANCE.toBytes(stats.min()) : none;
    values[packed.metricsSlot()] =
        compact ? PointCodec.encodeCompact(block) : PointCodec.encode(block);
    ColumnValueEncoder encoder =
        PTable.ImmutableStorageScheme.SINGLE_CELL_ARRAY_WITH_OFFSETS.getEncoder(values.length);
    for (byte[] v : values) {
      if (v == null) {
        encoder.appendAbsentValue();
      } else {
        encoder.appendValue(v, 0, v.length);
      }
    }
    byte[] row = key.copyBytes();
    Put put = new Put(row, true);
    KeyValueBuilder.addQuietly(
        put,
        new KeyValue(
            row,
            packed.family(),
            QueryConstants.SINGLE_KEYVALUE_COLUMN_QUALIFIER_BYTES,
            ts,
            encoder.encode()));
    KeyValueBuilder.addQuietly(
        put,
        new KeyValue(row, packed.emptyFamily(), packed.emptyQualifier(), ts, packed.emptyValue()));
    return put;
  }
}
