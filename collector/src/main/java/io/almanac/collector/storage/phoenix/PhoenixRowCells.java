package io.almanac.collector.storage.phoenix;

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
import org.apache.phoenix.schema.types.PInteger;
import org.apache.phoenix.schema.types.PLong;
import org.apache.phoenix.util.ByteUtil;
import org.apache.phoenix.util.EncodedColumnsUtil;
import org.apache.phoenix.util.SchemaUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the HBase mutations of a row exactly as Phoenix's own UPSERT would, for the metric tables'
 * shape: a key of INTEGER ids and a SERVER_TIME BIGINT that is the table's ROW_TIMESTAMP, then
 * value columns. Rows written this way skip Phoenix's statement compilation, mutation state and
 * commit, and Phoenix still reads them.
 *
 * <p>The row is made by the table's own Phoenix metadata ({@link PTable#newKey} for the key with
 * its salt byte, {@link PTable#newRow} for the cells in the table's storage scheme), with
 * SERVER_TIME as the HBase timestamp of every cell. {@link #of} refuses tables whose rows need
 * Phoenix's client (indexes, transactions) or whose key is not the expected one, and the caller
 * falls back to UPSERT.
 *
 * <p>On a packed table (SINGLE_CELL_ARRAY_WITH_OFFSETS, as the metric tables are) the packed cell
 * is made the way {@link PRow} makes it, without its per-row expressions: the table's encoder gets
 * one slot per qualifier of the family (the empty column's value first, a slot left absent for each
 * qualifier no given column has, and for each NULL), and the row's Put holds the packed cell and
 * the empty cell. Not thread-safe: one writer at a time.
 */
final class PhoenixRowCells {
  private static final Logger LOG = LoggerFactory.getLogger(PhoenixRowCells.class);

  private final PTable table;
  private final byte[] physicalName;
  private final List<PColumn> columns;
  private final ImmutableBytesWritable key = new ImmutableBytesWritable();
  private final byte[][] keyValues;
  private final int firstKey;
  private final int ids;

  /** The packed layout, or null when rows go through {@link PRow}. */
  private final PackedLayout packed;

  /**
   * Where each value goes in a packed row: {@code slots} values, the empty column's at 0, each
   * given column's at {@code columnSlots}; family and qualifiers of the packed and empty cells.
   */
  private record PackedLayout(
      int slots,
      int[] columnSlots,
      byte[] family,
      byte[] emptyFamily,
      byte[] emptyQualifier,
      byte[] emptyValue) {}

  private PhoenixRowCells(PTable table, int ids, List<PColumn> columns) {
    this.table = table;
    this.physicalName = table.getPhysicalName().getBytes();
    this.columns = columns;
    this.ids = ids;
    // A salted table's key starts with the salt column; newKey fills in its byte.
    this.firstKey = table.getBucketNum() == null ? 0 : 1;
    this.keyValues = new byte[firstKey + ids + 1][];
    if (firstKey == 1) {
      keyValues[0] = new byte[] {0};
    }
    this.packed = packedLayout(table, columns);
  }

  /** The packed layout of {@code table}, or null when its rows are not one packed cell. */
  private static PackedLayout packedLayout(PTable table, List<PColumn> columns) {
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
    int[] slots = new int[columns.size()];
    for (int i = 0; i < slots.length; i++) {
      slots[i] =
          encoding.decode(columns.get(i).getColumnQualifierBytes())
              - QueryConstants.ENCODED_CQ_COUNTER_INITIAL_VALUE
              + 1;
    }
    Pair<byte[], byte[]> empty = EncodedColumnsUtil.getEmptyKeyValueInfo(table);
    return new PackedLayout(
        maxQualifier - QueryConstants.ENCODED_CQ_COUNTER_INITIAL_VALUE + 2,
        slots,
        family.getName().getBytes(),
        SchemaUtil.getEmptyColumnFamily(table),
        empty.getFirst(),
        empty.getSecond());
  }

  /**
   * How rows of {@code tableName} (key: the INTEGER columns {@code keyIds}, then SERVER_TIME) with
   * the values of {@code valueColumns} are written, as the connection's metadata describes the
   * table; empty (with the reason logged) when its rows cannot be written as plain mutations.
   */
  static Optional<PhoenixRowCells> of(
      Connection c, String tableName, List<String> keyIds, List<String> valueColumns)
      throws SQLException {
    PTable table = c.unwrap(PhoenixConnection.class).getTable(tableName);
    String refusal = refusal(table, keyIds);
    if (refusal != null) {
      LOG.info("{} is written through Phoenix UPSERTs: {}", tableName, refusal);
      return Optional.empty();
    }
    List<PColumn> columns = new java.util.ArrayList<>();
    for (String name : valueColumns) {
      columns.add(table.getColumnForColumnName(name));
    }
    return Optional.of(new PhoenixRowCells(table, keyIds.size(), List.copyOf(columns)));
  }

  private static String refusal(PTable table, List<String> keyIds) {
    if (!table.getIndexes().isEmpty()) {
      return "it has indexes, which only Phoenix's client keeps current";
    }
    if (table.isTransactional()) {
      return "it is transactional";
    }
    int salted = table.getBucketNum() == null ? 0 : 1;
    List<PColumn> pk = table.getPKColumns();
    boolean keyMatches = pk.size() == salted + keyIds.size() + 1;
    for (int i = 0; keyMatches && i < keyIds.size(); i++) {
      keyMatches = isKey(pk.get(salted + i), keyIds.get(i), PInteger.INSTANCE);
    }
    if (!keyMatches || !isKey(pk.get(salted + keyIds.size()), "SERVER_TIME", PLong.INSTANCE)) {
      return "its key is not " + keyIds + " (INTEGER) and SERVER_TIME (BIGINT), ascending";
    }
    if (table.getRowTimestampColPos() != salted + keyIds.size()) {
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
   * Adds to {@code out} the mutations that store the row keyed {@code ids} (as many as the key has)
   * and {@code ts} (its SERVER_TIME and the cells' time), with {@code values}: each value column's
   * bytes in its Phoenix type, in {@link #of}'s order, null for NULL.
   */
  void addRow(List<? super Mutation> out, int[] ids, long ts, byte[][] values) {
    if (ts < 0) {
      throw new IllegalArgumentException("a row timestamp must not be negative: " + ts);
    }
    if (ids.length != this.ids || values.length != columns.size()) {
      throw new IllegalArgumentException(
          "expected " + this.ids + " ids and " + columns.size() + " values");
    }
    for (int i = 0; i < ids.length; i++) {
      keyValues[firstKey + i] = PInteger.INSTANCE.toBytes(ids[i]);
    }
    keyValues[firstKey + ids.length] = PLong.INSTANCE.toBytes(ts);
    table.newKey(key, keyValues);
    if (packed != null) {
      out.add(packedRow(ts, values));
      return;
    }
    PRow row = table.newRow(GenericKeyValueBuilder.INSTANCE, ts, key, false);
    for (int i = 0; i < values.length; i++) {
      row.setValue(columns.get(i), values[i] == null ? ByteUtil.EMPTY_BYTE_ARRAY : values[i]);
    }
    out.addAll(row.toRowMutations());
  }

  private Put packedRow(long ts, byte[][] given) {
    byte[][] values = new byte[packed.slots()][];
    values[0] = packed.emptyValue();
    for (int i = 0; i < given.length; i++) {
      values[packed.columnSlots()[i]] = given[i]; // a NULL: an absent slot, as PRow gives it
    }
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
