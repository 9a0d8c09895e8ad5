package io.almanac.collector.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.collector.testing.SharedCollector;
import io.almanac.schema.SchemaMigrator;
import io.almanac.schema.SchemaSettings;
import io.almanac.schema.Table;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.phoenix.jdbc.PhoenixConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * TTLs from the configuration reach HBase, and a changed TTL is applied again at the next start.
 */
@ExtendWith(SharedCollector.class)
class RetentionIT {
  private static int ttlInHBase(Connection c, Table table) throws Exception {
    try (Admin admin = c.unwrap(PhoenixConnection.class).getQueryServices().getAdmin()) {
      ColumnFamilyDescriptor[] families =
          admin.getDescriptor(TableName.valueOf(table.name())).getColumnFamilies();
      return families[0].getTimeToLive();
    }
  }

  @Test
  void tablesCarryTheConfiguredTtlAndAChangeIsReapplied() throws Exception {
    try (Connection c =
        DriverManager.getConnection(
            "jdbc:phoenix:127.0.0.1:" + SharedCollector.zookeeperPort() + ":/hbase")) {
      assertThat(ttlInHBase(c, Table.METRIC_RECORD)).isEqualTo(86_400);
      assertThat(ttlInHBase(c, Table.METRIC_AGGREGATE_DAILY)).isEqualTo(63_072_000);

      SchemaSettings longer =
          new SchemaSettings("FAST_DIFF", "SNAPPY", Map.of(Table.METRIC_RECORD_DAILY, 40_000_000L));
      assertThat(new SchemaMigrator(longer).migrate(c)).isZero(); // nothing new to create
      assertThat(ttlInHBase(c, Table.METRIC_RECORD_DAILY)).isEqualTo(40_000_000);

      new SchemaMigrator(SchemaSettings.defaults()).migrate(c);
      assertThat(ttlInHBase(c, Table.METRIC_RECORD_DAILY)).isEqualTo(31_536_000);
    }
  }
}
