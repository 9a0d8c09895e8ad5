package io.almanac.collector.storage.phoenix;

import java.io.IOException;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;

/**
 * This process's table flushes, one at a time: HBase's (ZooKeeper-coordinated) table flush refuses
 * a second flush of a table while one runs, logging errors on the master, and the client retries;
 * the sealer and {@code POST /admin/storage/compact} both flush METRIC_RECORD, and a second flush
 * right after the first has little left to write.
 */
final class TableFlushes {
  private static final Object ONE_AT_A_TIME = new Object();

  private TableFlushes() {}

  /** Flushes {@code table}'s memstores to files; returns once they are written. */
  static void flush(Admin admin, TableName table) throws IOException {
    synchronized (ONE_AT_A_TIME) {
      admin.flush(table);
    }
  }
}
