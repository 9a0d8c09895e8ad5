package io.almanac.collector.storage.phoenix;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Mutation;

/**
 * Writes a batch of whole-row mutations into one HBase table, returning once all are applied; the
 * store's raw blocks take this way when one is given (beside an embedded HBase: straight into its
 * regions), else the HBase client's.
 */
@FunctionalInterface
public interface RowBatchWriter {
  void write(TableName table, List<? extends Mutation> rows) throws IOException;
}
