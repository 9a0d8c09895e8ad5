package io.almanac.collector.storage.phoenix;

import io.almanac.model.TimeRange;
import io.almanac.schema.BlockLayout;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.hbase.Cell;
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
 * Reads METRIC_RECORD blocks with one HBase scan, without Phoenix's query compilation and its
 * coprocessor stack: the key ranges of the selected series over the time range (row keys are
 * METRIC_ID, HOST_ID and SERVER_TIME as Phoenix encodes them), the cells' timestamps (SERVER_TIME)
 * limiting which files are read, and only the cell that holds METRICS fetched; the column is
 * decoded from Phoenix's packed cell as Phoenix does it. The family's TTL hides expired rows in
 * HBase itself, as for Phoenix's reads. {@link #of} refuses a table laid out otherwise (salted, or
 * another key), and the caller reads through Phoenix.
 */
final class RawBlockScan {
  private static final Logger LOG = LoggerFactory.getLogger(RawBlockScan.class);

  /** More series than this are read as whole metrics, with hosts picked out here. */
  static final int MAX_RANGES = 10_000;

  /** Receives the rows of a scan in key order. */
  @FunctionalInterface
  interface RowSink {
    void row(int metricId, int hostId, long serverTime, byte[] metrics);
  }

  private final byte[] physicalName;
  private final byte[] family;
  private final byte[] qualifier;

  /** The packed cell's decoder and METRICS' place in it; null when METRICS has its own cell. */
  private final ColumnValueDecoder decoder;

  private final int index;
  private final int maxRanges;

  private RawBlockScan(PTable table, PColumn metrics, int maxRanges) {
    this.maxRanges = maxRanges;
    this.physicalName = table.getPhysicalName().getBytes();
    this.family = metrics.getFamilyName().getBytes();
    if (table.getImmutableStorageScheme() == PTable.ImmutableStorageScheme.ONE_CELL_PER_COLUMN) {
      this.qualifier = metrics.getColumnQualifierBytes();
      this.decoder = null;
      this.index = -1;
    } else {
      this.qualifier = QueryConstants.SINGLE_KEYVALUE_COLUMN_QUALIFIER_BYTES;
      this.decoder = table.getImmutableStorageScheme().getDecoder();
      // as Phoenix's SingleCellColumnExpression: position 0 is reserved
      this.index =
          table.getEncodingScheme().decode(metrics.getColumnQualifierBytes())
              - QueryConstants.ENCODED_CQ_COUNTER_INITIAL_VALUE
              + 1;
    }
  }

  /** The scan for {@code tableName}, or empty (reason logged) when it must be read via Phoenix. */
  static Optional<RawBlockScan> of(Connection c, String tableName) throws SQLException {
    PTable table = c.unwrap(PhoenixConnection.class).getTable(tableName);
    List<PColumn> pk = table.getPKColumns();
    String refusal = null;
    if (table.getBucketNum() != null) {
      refusal = "it is salted";
    } else if (pk.size() != 3
        || !isKey(pk.get(0), "METRIC_ID", PInteger.INSTANCE)
        || !isKey(pk.get(1), "HOST_ID", PInteger.INSTANCE)
        || !isKey(pk.get(2), "SERVER_TIME", PLong.INSTANCE)) {
      refusal = "its key is not (METRIC_ID INTEGER, HOST_ID INTEGER, SERVER_TIME BIGINT) ascending";
    } else if (table.getImmutableStorageScheme()
            != PTable.ImmutableStorageScheme.ONE_CELL_PER_COLUMN
        && table.getEncodingScheme() == PTable.QualifierEncodingScheme.NON_ENCODED_QUALIFIERS) {
      refusal = "its packed cells have no encoded qualifiers";
    }
    if (refusal != null) {
      LOG.info("{} is read through Phoenix queries: {}", tableName, refusal);
      return Optional.empty();
    }
    return Optional.of(
        new RawBlockScan(table, table.getColumnForColumnName("METRICS"), MAX_RANGES));
  }

  /** The same scan, reading whole metrics when more than {@code ranges} series are selected. */
  RawBlockScan withMaxRanges(int ranges) {
    return new RawBlockScan(this, ranges);
  }

  private RawBlockScan(RawBlockScan other, int maxRanges) {
    this.physicalName = other.physicalName;
    this.family = other.family;
    this.qualifier = other.qualifier;
    this.decoder = other.decoder;
    this.index = other.index;
    this.maxRanges = maxRanges;
  }

  private static boolean isKey(PColumn column, String name, Object type) {
    return column.getName().getString().equals(name)
        && column.getDataType() == type
        && column.getSortOrder() == SortOrder.ASC;
  }

  /**
   * Hands {@code sink} every block of the series {@code metricIds} x {@code hostIds} that starts in
   * {@code [range.start() - MAX_SPAN_MS, range.end())}, in key order.
   */
  void scan(
      Connection c, Set<Integer> metricIds, Set<Integer> hostIds, TimeRange range, RowSink sink)
      throws SQLException {
    long from = Math.max(0, range.start() - BlockLayout.MAX_SPAN_MS);
    long to = range.end();
    List<Integer> metrics = metricIds.stream().sorted().toList();
    List<Integer> hosts = hostIds.stream().sorted().toList();
    boolean perSeries = (long) metrics.size() * hosts.size() <= maxRanges;
    List<MultiRowRangeFilter.RowRange> ranges = new ArrayList<>();
    for (int m : metrics) {
      if (perSeries) {
        for (int h : hosts) {
          ranges.add(new MultiRowRangeFilter.RowRange(key(m, h, from), true, key(m, h, to), false));
        }
      } else {
        byte[] last = new byte[16]; // the metric's last possible key: host and time bytes all 0xFF
        java.util.Arrays.fill(last, (byte) 0xFF);
        PInteger.INSTANCE.toBytes(m, last, 0);
        ranges.add(
            new MultiRowRangeFilter.RowRange(PInteger.INSTANCE.toBytes(m), true, last, true));
      }
    }
    if (ranges.isEmpty() || from >= to) {
      return;
    }
    Scan scan = new Scan().addColumn(family, qualifier).setCaching(2_000).setCacheBlocks(true);
    try {
      scan.setTimeRange(from, to);
    } catch (IOException e) {
      throw new SQLException("bad time range " + range, e);
    }
    scan.setFilter(new MultiRowRangeFilter(ranges));
    ImmutableBytesWritable ptr = new ImmutableBytesWritable();
    try (Table table = c.unwrap(PhoenixConnection.class).getQueryServices().getTable(physicalName);
        ResultScanner scanner = table.getScanner(scan)) {
      for (Result r : scanner) {
        byte[] row = r.getRow();
        int metricId = Bytes.toInt(row, 0) ^ Integer.MIN_VALUE;
        int hostId = Bytes.toInt(row, 4) ^ Integer.MIN_VALUE;
        long time = Bytes.toLong(row, 8) ^ Long.MIN_VALUE;
        if (!perSeries && (!hostIds.contains(hostId) || time < from || time >= to)) {
          continue;
        }
        Cell cell = r.getColumnLatestCell(family, qualifier);
        if (cell == null) {
          continue;
        }
        ptr.set(cell.getValueArray(), cell.getValueOffset(), cell.getValueLength());
        if (decoder != null && (ptr.getLength() == 0 || !decoder.decode(ptr, index))) {
          continue;
        }
        if (ptr.getLength() > 0) {
          sink.row(metricId, hostId, time, ptr.copyBytes());
        }
      }
    } catch (IOException e) {
      throw new SQLException("scan of METRIC_RECORD failed: " + e.getMessage(), e);
    }
  }

  private static byte[] key(int metricId, int hostId, long time) {
    byte[] key = new byte[16];
    PInteger.INSTANCE.toBytes(metricId, key, 0);
    PInteger.INSTANCE.toBytes(hostId, key, 4);
    PLong.INSTANCE.toBytes(time, key, 8);
    return key;
  }
}
