package io.almanac.collector.storage.phoenix;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.client.Table;
import org.apache.phoenix.jdbc.PhoenixConnection;

/**
 * Where the store's direct HBase reads and writes take their tables from: the HBase client of the
 * Phoenix connection at hand, or, beside an embedded HBase, the region server's own connection,
 * whose calls to the region server's regions run in the calling thread without RPC (no socket, no
 * request encoding, no hand-off to an RPC handler). The connection stays its owner's to close.
 * Batches of rows go to a {@link RowBatchWriter} when there is one (beside an embedded HBase:
 * straight into its regions, skipping the HBase client too), else to the table's {@code batch}. A
 * table's oldest cell time comes from an {@link OldestCellTime} when there is one.
 */
final class HBaseTables {
  /** Tables of the Phoenix connection's HBase client. */
  static final HBaseTables PHOENIX = new HBaseTables(null, null, null);

  private final org.apache.hadoop.hbase.client.Connection local;
  private final RowBatchWriter rows;
  private final OldestCellTime oldest;

  private HBaseTables(
      org.apache.hadoop.hbase.client.Connection local, RowBatchWriter rows, OldestCellTime oldest) {
    this.local = local;
    this.rows = rows;
    this.oldest = oldest;
  }

  /**
   * Tables of {@code local}, or of Phoenix's HBase client when it is null; row batches through
   * {@code rows}, and oldest cell times from {@code oldest}, when they are given.
   */
  static HBaseTables of(
      org.apache.hadoop.hbase.client.Connection local, RowBatchWriter rows, OldestCellTime oldest) {
    return local == null && rows == null && oldest == null
        ? PHOENIX
        : new HBaseTables(local, rows, oldest);
  }

  /** Where a table's oldest cell time can be read without reading its cells; null: nowhere. */
  OldestCellTime oldestCellTime() {
    return oldest;
  }

  /** Writes {@code batch} into the table {@code physicalName}; returns once all are applied. */
  void write(Connection phoenix, byte[] physicalName, List<? extends Mutation> batch)
      throws SQLException, IOException {
    if (batch.isEmpty()) {
      return;
    }
    if (rows != null) {
      rows.write(TableName.valueOf(physicalName), batch);
      return;
    }
    try (Table table = get(phoenix, physicalName)) {
      table.batch(batch, new Object[batch.size()]);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing " + batch.size() + " rows");
    }
  }

  /** The table {@code physicalName}; the caller closes it. */
  Table get(Connection phoenix, byte[] physicalName) throws SQLException, IOException {
    return local != null
        ? local.getTable(TableName.valueOf(physicalName))
        : phoenix.unwrap(PhoenixConnection.class).getQueryServices().getTable(physicalName);
  }
}
