package io.almanac.collector.storage.phoenix;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.filter.MultiRowRangeFilter;
import org.apache.hadoop.hbase.io.ImmutableBytesWritable;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.phoenix.jdbc.PhoenixConnection;
import org.apache.phoenix.query.QueryConstants;
import org.apache.phoenix.schema.ColumnValueDecoder;
import org.apache.phoenix.schema.PColumn;
import org.apache.phoenix.schema.PTable;
import org.apache.phoenix.schema.SortOrder;
import org.apache.phoenix.schema.types.PInteger;
import org.apache.phoenix.schema.types.PLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads rows of one of the metric tables with one HBase scan, without Phoenix's query compilation
 * and coprocessor stack: the key ranges of the selected series (METRIC_ID, HOST_ID for per-host
 * tables, then SERVER_TIME, as Phoenix encodes them) over a SERVER_TIME range, the cells'
 * timestamps (SERVER_TIME is the ROW_TIMESTAMP) limiting which files are read, the wanted columns
 * decoded from Phoenix's packed cell as Phoenix does it. The family's TTL hides expired rows in
 * HBase itself, as for Phoenix's reads. {@link #of} refuses a table laid out otherwise (salted,
 * another key), and the caller reads through Phoenix.
 */
final class SeriesRangeScan {
  private static final Logger LOG = LoggerFactory.getLogger(SeriesRangeScan.class);

  /** More series than this are read as whole metrics, with hosts picked out here. */
  static final int MAX_RANGES = 10_000;

  /** Receives the rows of a scan in key order; a column's value is null when it is NULL. */
  @FunctionalInterface
  interface RowSink {
    void row(int metricId, int hostId, long serverTime, byte[][] values);
  }

  private final byte[] physicalName;
  private final HBaseTables tables;
  private final boolean perHost;
  private final byte[] family;

  /** The cells to fetch: one packed cell, or one per column. */
  private final byte[][] qualifiers;

  /** The packed cell's decoder and each column's place in it; null when columns have own cells. */
  private final ColumnValueDecoder decoder;

  private final int[] indexes;
  private final int maxRanges;

  private SeriesRangeScan(
      PTable table, HBaseTables tables, boolean perHost, List<PColumn> columns, int maxRanges) {
    this.physicalName = table.getPhysicalName().getBytes();
    this.tables = tables;
    this.perHost = perHost;
    this.family = columns.get(0).getFamilyName().getBytes();
    this.maxRanges = maxRanges;
    this.indexes = new int[columns.size()];
    if (table.getImmutableStorageScheme() == PTable.ImmutableStorageScheme.ONE_CELL_PER_COLUMN) {
      this.decoder = null;
      this.qualifiers =
          columns.stream().map(PColumn::getColumnQualifierBytes).toArray(byte[][]::new);
    } else {
      this.decoder = table.getImmutableStorageScheme().getDecoder();
      this.qualifiers = new byte[][] {QueryConstants.SINGLE_KEYVALUE_COLUMN_QUALIFIER_BYTES};
      for (int i = 0; i < columns.size(); i++) {
        // as Phoenix's SingleCellColumnExpression: position 0 of the packed array is reserved
        indexes[i] =
            table.getEncodingScheme().decode(columns.get(i).getColumnQualifierBytes())
                - QueryConstants.ENCODED_CQ_COUNTER_INITIAL_VALUE
                + 1;
      }
    }
  }

  private SeriesRangeScan(SeriesRangeScan other, int maxRanges) {
    this.physicalName = other.physicalName;
    this.tables = other.tables;
    this.perHost = other.perHost;
    this.family = other.family;
    this.qualifiers = other.qualifiers;
    this.decoder = other.decoder;
    this.indexes = other.indexes;
    this.maxRanges = maxRanges;
  }

  /**
   * The scan of {@code columns} of {@code tableName}, keyed by metric (and host when {@code
   * perHost}) and SERVER_TIME, or empty (reason logged) when it must be read via Phoenix.
   */
  static Optional<SeriesRangeScan> of(
      Connection c, HBaseTables tables, String tableName, boolean perHost, List<String> columns)
      throws SQLException {
    PTable table = c.unwrap(PhoenixConnection.class).getTable(tableName);
    List<PColumn> pk = table.getPKColumns();
    List<String> keyNames =
        perHost
            ? List.of("METRIC_ID", "HOST_ID", "SERVER_TIME")
            : List.of("METRIC_ID", "SERVER_TIME");
    String refusal = null;
    if (table.getBucketNum() != null) {
      refusal = "it is salted";
    } else if (pk.size() != keyNames.size() || !keyIs(pk, keyNames)) {
      refusal = "its key is not " + keyNames + " (INTEGER ids, BIGINT time) ascending";
    } else if (table.getImmutableStorageScheme()
            != PTable.ImmutableStorageScheme.ONE_CELL_PER_COLUMN
        && table.getEncodingScheme() == PTable.QualifierEncodingScheme.NON_ENCODED_QUALIFIERS) {
      refusal = "its packed cells have no encoded qualifiers";
    }
    if (refusal != null) {
      LOG.info("{} is read through Phoenix queries: {}", tableName, refusal);
      return Optional.empty();
    }
    List<PColumn> wanted = new ArrayList<>();
    for (String column : columns) {
      wanted.add(table.getColumnForColumnName(column));
    }
    return Optional.of(new SeriesRangeScan(table, tables, perHost, wanted, MAX_RANGES));
  }

  private static boolean keyIs(List<PColumn> pk, List<String> names) {
    for (int i = 0; i < names.size(); i++) {
      PColumn column = pk.get(i);
      boolean time = i == names.size() - 1;
      if (!column.getName().getString().equals(names.get(i))
          || column.getDataType() != (time ? PLong.INSTANCE : PInteger.INSTANCE)
          || column.getSortOrder() != SortOrder.ASC) {
        return false;
      }
    }
    return true;
  }

  /** The HBase name of the table scanned. */
  byte[] physicalName() {
    return physicalName;
  }

  /** The column family of the wanted columns. */
  byte[] family() {
    return family;
  }

  /** The qualifier of the packed cell, or null when each column has a cell of its own. */
  byte[] packedQualifier() {
    return decoder == null ? null : qualifiers[0];
  }

  /** The same scan, reading whole metrics when more than {@code ranges} series are selected. */
  SeriesRangeScan withMaxRanges(int ranges) {
    return new SeriesRangeScan(this, ranges);
  }

  /**
   * Hands {@code sink} every row of the series {@code metricIds} x {@code hostIds} ({@code hostIds}
   * ignored for tables without hosts) whose SERVER_TIME is in {@code [from, to)}, in key order.
   */
  void scan(
      Connection c, Set<Integer> metricIds, Set<Integer> hostIds, long from, long to, RowSink sink)
      throws SQLException {
    try (Cursor rows = open(c, metricIds, hostIds, from, to)) {
      while (rows.next()) {
        sink.row(rows.metricId(), rows.hostId(), rows.serverTime(), rows.values());
      }
    }
  }

  /** As {@link #scan}, as a cursor the caller pulls rows from (and must close). */
  Cursor open(Connection c, Set<Integer> metricIds, Set<Integer> hostIds, long from, long to)
      throws SQLException {
    from = Math.max(0, from);
    if (metricIds.isEmpty() || (perHost && hostIds.isEmpty()) || from >= to) {
      return new Cursor(null, null, hostIds, true, from, to);
    }
    List<Integer> metrics = metricIds.stream().sorted().toList();
    List<Integer> hosts = perHost ? hostIds.stream().sorted().toList() : List.of();
    boolean perSeries = !perHost || (long) metrics.size() * hosts.size() <= maxRanges;
    List<MultiRowRangeFilter.RowRange> ranges = new ArrayList<>();
    for (int m : metrics) {
      if (!perHost) {
        ranges.add(new MultiRowRangeFilter.RowRange(key(m, from), true, key(m, to), false));
      } else if (perSeries) {
        for (int h : hosts) {
          ranges.add(new MultiRowRangeFilter.RowRange(key(m, h, from), true, key(m, h, to), false));
        }
      } else {
        byte[] last = new byte[16]; // the metric's last possible key: host and time bytes all 0xFF
        Arrays.fill(last, (byte) 0xFF);
        PInteger.INSTANCE.toBytes(m, last, 0);
        ranges.add(
            new MultiRowRangeFilter.RowRange(PInteger.INSTANCE.toBytes(m), true, last, true));
      }
    }
    Scan scan = timeScan(from, to);
    // Bounded by the first and last range: the filter's seeks only start at a live cell, so an
    // unbounded scan would step through every deleted cell before the first range (rows merged
    // away by sealing, until a major compaction drops them).
    MultiRowRangeFilter.RowRange last = ranges.get(ranges.size() - 1);
    scan.withStartRow(ranges.get(0).getStartRow(), true)
        .withStopRow(last.getStopRow(), last.isStopRowInclusive());
    scan.setFilter(new MultiRowRangeFilter(ranges));
    return open(c, scan, hostIds, perSeries, from, to);
  }

  /** Every row of the table whose SERVER_TIME is in {@code [from, to)}, in key order. */
  Cursor openAll(Connection c, long from, long to) throws SQLException {
    from = Math.max(0, from);
    if (from >= to) {
      return new Cursor(null, null, Set.of(), true, from, to);
    }
    return open(c, timeScan(from, to), Set.of(), true, from, to);
  }

  private Scan timeScan(long from, long to) throws SQLException {
    // The whole family, not the wanted cells: with named columns HBase seeks past every cell it
    // does not want (Phoenix's empty column) and on to the next row after the last wanted one, and
    // a seek in a memstore is a skip-list search from its head; a row here is two or a few cells,
    // which are cheaper to step over. Rows without a wanted cell are dropped in Cursor.next.
    Scan scan = new Scan().setCaching(2_000).setCacheBlocks(true).addFamily(family);
    try {
      scan.setTimeRange(from, to);
    } catch (IOException e) {
      throw new SQLException("bad time range [" + from + ", " + to + ")", e);
    }
    return scan;
  }

  private Cursor open(
      Connection c, Scan scan, Set<Integer> hostIds, boolean perSeries, long from, long to)
      throws SQLException {
    Table table = null;
    try {
      table = tables.get(c, physicalName);
      return new Cursor(table, table.getScanner(scan), hostIds, perSeries, from, to);
    } catch (IOException e) {
      closeQuietly(table);
      throw new SQLException("scan failed: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(Table table) {
    if (table != null) {
      try {
        table.close();
      } catch (IOException e) {
        LOG.debug("closing a table after a failed scan", e);
      }
    }
  }

  /** The rows of one scan, one at a time, in key order. */
  final class Cursor implements AutoCloseable {
    private final Table table;
    private final ResultScanner scanner;
    private final Set<Integer> hostIds;
    private final boolean perSeries;
    private final long from;
    private final long to;
    private final ImmutableBytesWritable ptr = new ImmutableBytesWritable();
    private Result current;
    private int metricId;
    private int hostId;
    private long serverTime;

    private Cursor(
        Table table,
        ResultScanner scanner,
        Set<Integer> hostIds,
        boolean perSeries,
        long from,
        long to) {
      this.table = table;
      this.scanner = scanner;
      this.hostIds = hostIds;
      this.perSeries = perSeries;
      this.from = from;
      this.to = to;
    }

    /** Moves to the next row; false at the end. */
    boolean next() throws SQLException {
      if (scanner == null) {
        return false;
      }
      int timeAt = perHost ? 8 : 4;
      try {
        for (Result r = scanner.next(); r != null; r = scanner.next()) {
          byte[] row = r.getRow();
          metricId = Bytes.toInt(row, 0) ^ Integer.MIN_VALUE;
          hostId = perHost ? Bytes.toInt(row, 4) ^ Integer.MIN_VALUE : 0;
          serverTime = Bytes.toLong(row, timeAt) ^ Long.MIN_VALUE;
          if (!perSeries && (!hostIds.contains(hostId) || serverTime < from || serverTime >= to)) {
            continue;
          }
          if (!hasWantedCell(r)) {
            continue;
          }
          current = r;
          return true;
        }
      } catch (IOException e) {
        throw new SQLException("scan failed: " + e.getMessage(), e);
      }
      current = null;
      return false;
    }

    int metricId() {
      return metricId;
    }

    int hostId() {
      return hostId;
    }

    long serverTime() {
      return serverTime;
    }

    /** The row's key, as stored. */
    byte[] rowKey() {
      return current.getRow();
    }

    /** The wanted columns of the row, each null when NULL. */
    byte[][] values() {
      return SeriesRangeScan.this.values(current, ptr);
    }

    /**
     * The row's one packed cell, as stored (null for a table with a cell per column): what a
     * check-and-delete compares.
     */
    Cell packedCell() {
      return decoder == null ? null : cell(current, qualifiers[0]);
    }

    @Override
    public void close() {
      if (scanner != null) {
        scanner.close();
      }
      closeQuietly(table);
    }
  }

  /** Whether {@code r} has a cell of a wanted column (not only Phoenix's empty column). */
  private boolean hasWantedCell(Result r) {
    for (byte[] q : qualifiers) {
      if (cell(r, q) != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * The row's cell of qualifier {@code q}, or null. A row here is a few cells of one version each:
   * looked through in place, where {@code Result.getColumnLatestCell} builds a search key and
   * compares it by binary search, which was a tenth of a large answer's time.
   */
  private Cell cell(Result r, byte[] q) {
    Cell[] cells = r.rawCells();
    if (cells == null) {
      return null;
    }
    for (Cell c : cells) {
      if (CellUtil.matchingColumn(c, family, q)) {
        return c;
      }
    }
    return null;
  }

  private byte[][] values(Result r, ImmutableBytesWritable ptr) {
    byte[][] out = new byte[indexes.length][];
    if (decoder == null) {
      for (int i = 0; i < qualifiers.length; i++) {
        Cell cell = cell(r, qualifiers[i]);
        out[i] = cell == null || cell.getValueLength() == 0 ? null : copy(cell, ptr).copyBytes();
      }
      return out;
    }
    Cell packed = cell(r, qualifiers[0]);
    if (packed == null || packed.getValueLength() == 0) {
      return out;
    }
    for (int i = 0; i < indexes.length; i++) {
      copy(packed, ptr);
      if (decoder.decode(ptr, indexes[i]) && ptr.getLength() > 0) {
        out[i] = ptr.copyBytes();
      }
    }
    return out;
  }

  private static ImmutableBytesWritable copy(Cell cell, ImmutableBytesWritable ptr) {
    ptr.set(cell.getValueArray(), cell.getValueOffset(), cell.getValueLength());
    return ptr;
  }

  private static byte[] key(int metricId, long time) {
    byte[] key = new byte[12];
    PInteger.INSTANCE.toBytes(metricId, key, 0);
    PLong.INSTANCE.toBytes(time, key, 4);
    return key;
  }

  private static byte[] key(int metricId, int hostId, long time) {
    byte[] key = new byte[16];
    PInteger.INSTANCE.toBytes(metricId, key, 0);
    PInteger.INSTANCE.toBytes(hostId, key, 4);
    PLong.INSTANCE.toBytes(time, key, 8);
    return key;
  }
}
