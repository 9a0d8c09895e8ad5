package io.almanac.collector.storage.phoenix;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Table;
import org.apache.phoenix.jdbc.PhoenixConnection;

/**
 * Where the store's direct HBase reads and writes take their tables from: the HBase client of the
 * Phoenix connection at hand, or, beside an embedded HBase, the region server's own connection,
 * whose calls to the region server's regions run in the calling thread without RPC (no socket, no
 * request encoding, no hand-off to an RPC handler). The connection stays its owner's to close.
 */
final class HBaseTables {
  /** Tables of the Phoenix connection's HBase client. */
  static final HBaseTables PHOENIX = new HBaseTables(null);

  private final org.apache.hadoop.hbase.client.Connection local;

  private HBaseTables(org.apache.hadoop.hbase.client.Connection local) {
    this.local = local;
  }

  /** Tables of {@code local}, or of Phoenix's HBase client when it is null. */
  static HBaseTables of(org.apache.hadoop.hbase.client.Connection local) {
    return local == null ? PHOENIX : new HBaseTables(local);
  }

  /** The table {@code physicalName}; the caller closes it. */
  Table get(Connection phoenix, byte[] physicalName) throws SQLException, IOException {
    return local != null
        ? local.getTable(TableName.valueOf(physicalName))
        : phoenix.unwrap(PhoenixConnection.class).getQueryServices().getTable(physicalName);
  }
}
