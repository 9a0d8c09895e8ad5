package io.almanac.collector.storage.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.collector.testing.SharedCollector;
import java.io.IOException;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Delete;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The oldest cell time of a table from its store files' metadata, on the shared collector's
 * embedded region server: cells still in the memstore count, deleted cells count until a major
 * compaction drops them, and a whole-row delete counts from time 0.
 */
@ExtendWith(SharedCollector.class)
class LocalCellTimesIT {
  private static final byte[] FAMILY = Bytes.toBytes("0");

  private final EmbeddedHBase hbase = SharedCollector.server().embeddedHBase();
  private final LocalCellTimes times = hbase.localCellTimes();
  private final TableName name =
      TableName.valueOf("OLDEST_CELLS_" + UUID.randomUUID().toString().substring(0, 8));

  private static Put cell(String row, long time) {
    return new Put(Bytes.toBytes(row))
        .addColumn(FAMILY, Bytes.toBytes("q"), time, Bytes.toBytes(1));
  }

  @Test
  void readsTheOldestCellTimeFromStoreFilesAfterFlushingTheMemstore() throws Exception {
    try (Admin admin = hbase.localConnection().getAdmin()) {
      admin.createTable(
          TableDescriptorBuilder.newBuilder(name)
              .setColumnFamily(ColumnFamilyDescriptorBuilder.of(FAMILY))
              .build());
      try (Table table = hbase.localConnection().getTable(name)) {
        assertThat(times.oldest(name)).isEmpty();

        table.put(java.util.List.of(cell("a", 5_000), cell("b", 3_000)));
        assertThat(times.oldest(name)).isEqualTo(OptionalLong.of(3_000)); // from the memstore

        table.put(cell("c", 1_000));
        table.put(cell("a", 9_000));
        assertThat(times.oldest(name)).isEqualTo(OptionalLong.of(1_000)); // a second file

        // as the sealer deletes a row: its version, whose marker keeps the row's time
        table.delete(new Delete(Bytes.toBytes("c")).addFamilyVersion(FAMILY, 1_000));
        assertThat(table.exists(new org.apache.hadoop.hbase.client.Get(Bytes.toBytes("c"))))
            .isFalse();
        // the deleted cell still counts: a time before the oldest row is allowed
        assertThat(times.oldest(name)).isEqualTo(OptionalLong.of(1_000));

        admin.majorCompact(name);
        long deadline = System.nanoTime() + 60_000_000_000L;
        OptionalLong after = times.oldest(name);
        while (after.equals(OptionalLong.of(1_000)) && System.nanoTime() < deadline) {
          Thread.sleep(200);
          after = times.oldest(name);
        }
        assertThat(after).isEqualTo(OptionalLong.of(3_000));

        // HBase records a row or column delete marker as reaching back to time 0
        table.delete(new Delete(Bytes.toBytes("b")));
        assertThat(times.oldest(name)).isEqualTo(OptionalLong.of(0));
      } finally {
        admin.disableTable(name);
        admin.deleteTable(name);
      }
    }
  }

  @Test
  void cannotTellForATableWithNoRegionHere() {
    assertThatThrownBy(() -> times.oldest(TableName.valueOf("NO_SUCH_TABLE_" + name)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no region");
  }
}
