package io.almanac.collector.storage.phoenix;

import java.io.IOException;
import java.util.OptionalLong;
import org.apache.hadoop.hbase.TableName;

/**
 * The oldest cell time of an HBase table, read from what the region server keeps about its store
 * files rather than from the cells: beside an embedded HBase, this replaces a {@code SELECT
 * MIN(SERVER_TIME)}, which reads every row (seconds on a large table). Every table's SERVER_TIME is
 * its ROW_TIMESTAMP, so a cell's time is its row's SERVER_TIME.
 */
@FunctionalInterface
public interface OldestCellTime {
  /**
   * A time no cell of {@code table} is older than, empty when the table holds no cells. It may be
   * older than the oldest row a query would return: cells deleted or expired count until a
   * compaction has dropped them.
   *
   * @throws IOException when it cannot tell (the table's regions are not open here, or their
   *     memstores could not be flushed); a reader then asks Phoenix
   */
  OptionalLong of(TableName table) throws IOException;
}
