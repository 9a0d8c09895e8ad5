package io.almanac.collector.storage.phoenix;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.collector.testing.SharedCollector;
import io.almanac.model.Points;
import io.almanac.schema.PointCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Row;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.phoenix.jdbc.PhoenixConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rows written as cells by {@link MetricRecordCells} are, cell for cell, what Phoenix's UPSERT
 * writes (plain and salted tables, rows without a finite value, overwrites), and Phoenix reads them
 * back with counts, SERVER_TIME ranges and PHOENIX_ROW_TIMESTAMP().
 */
@ExtendWith(SharedCollector.class)
class MetricRecordCellsIT {
  private static final String COLUMNS =
      " (METRIC_ID INTEGER NOT NULL, HOST_ID INTEGER NOT NULL, SERVER_TIME BIGINT NOT NULL,"
          + " METRIC_SUM DOUBLE, METRIC_COUNT UNSIGNED_INT, METRIC_MAX DOUBLE, METRIC_MIN DOUBLE,"
          + " METRICS VARBINARY CONSTRAINT PK PRIMARY KEY (METRIC_ID, HOST_ID,"
          + " SERVER_TIME ROW_TIMESTAMP)) DATA_BLOCK_ENCODING='FAST_DIFF', TTL=86400";
  private static final String PACKED =
      ", IMMUTABLE_ROWS=true, IMMUTABLE_STORAGE_SCHEME=SINGLE_CELL_ARRAY_WITH_OFFSETS";

  private static final long T0 = System.currentTimeMillis() - 3_600_000L;

  /** The rows both ways write, in order: later entries overwrite earlier ones of the same key. */
  private static final List<Object[]> ROWS =
      List.of(
          new Object[] {1, 1, block(T0, 1.0, 2.5, -3.0)},
          new Object[] {1, 2, block(T0, 7.0)},
          new Object[] {-5, 70_000, block(T0 + 60_000, 0.0, 0.0)},
          new Object[] {2, 1, block(T0, Double.NaN, Double.NaN)},
          new Object[] {3, 1, block(T0 + 120_000, 4.0, 5.0)},
          new Object[] {3, 1, block(T0 + 120_000, Double.NaN)},
          new Object[] {4, 9, block(T0 + 180_000, 1e300, -1e-300, Double.NaN, 42.0)});

  private static Points block(long first, double... values) {
    long[] times = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      times[i] = first + i * 10_000L;
    }
    return Points.of(times, values);
  }

  private static PhoenixConnector connector() {
    return new PhoenixConnector("127.0.0.1", SharedCollector.zookeeperPort(), "/hbase");
  }

  @Test
  void cellsMatchPhoenixUpsertsOnAPlainTable() throws Exception {
    compare("CELLS_PLAIN", "");
  }

  @Test
  void cellsMatchPhoenixUpsertsOnASaltedTable() throws Exception {
    compare("CELLS_SALTED", ", SALT_BUCKETS=4");
  }

  @Test
  void cellsMatchPhoenixUpsertsOnAPackedImmutableTableLikeMetricRecord() throws Exception {
    compare("CELLS_PACKED", PACKED);
  }

  @Test
  void cellsMatchPhoenixUpsertsOnAPackedSaltedTable() throws Exception {
    compare("CELLS_PACKED_SALTED", PACKED + ", SALT_BUCKETS=3");
  }

  @Test
  void tablesWithAnotherKeyAreLeftToPhoenix() throws Exception {
    try (Connection c = connector().open();
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE IF NOT EXISTS CELLS_WIDE (METRIC_ID INTEGER NOT NULL, HOST_ID BIGINT NOT"
              + " NULL, SERVER_TIME BIGINT NOT NULL, METRIC_SUM DOUBLE, METRIC_COUNT UNSIGNED_INT,"
              + " METRIC_MAX DOUBLE, METRIC_MIN DOUBLE, METRICS VARBINARY CONSTRAINT PK PRIMARY KEY"
              + " (METRIC_ID, HOST_ID, SERVER_TIME ROW_TIMESTAMP))");
      assertThat(MetricRecordCells.of(c, "CELLS_WIDE")).isEmpty();
      assertThat(MetricRecordCells.of(c, "METRIC_RECORD")).isPresent();
    }
  }

  private void compare(String name, String options) throws Exception {
    String viaUpsert = name + "_UPSERT";
    String viaCells = name + "_CELLS";
    try (Connection c = connector().open()) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE IF NOT EXISTS " + viaUpsert + COLUMNS + options);
        st.execute("CREATE TABLE IF NOT EXISTS " + viaCells + COLUMNS + options);
      }
      upsert(c, viaUpsert);
      MetricRecordCells cells = MetricRecordCells.of(c, viaCells).orElseThrow();
      Table table =
          c.unwrap(PhoenixConnection.class).getQueryServices().getTable(cells.physicalName());
      try (table) {
        for (Object[] row : ROWS) {
          List<Row> mutations = new ArrayList<>();
          cells.addRow(mutations, (int) row[0], (int) row[1], (Points) row[2]);
          table.batch(mutations, new Object[mutations.size()]);
        }
      }

      List<String> expected = rawCells(c, viaUpsert);
      assertThat(expected).hasSizeGreaterThan(ROWS.size());
      assertThat(rawCells(c, viaCells)).containsExactlyElementsOf(expected);

      assertThat(readBack(c, viaCells)).containsExactlyElementsOf(readBack(c, viaUpsert));
      assertThat(readBack(c, viaCells))
          .contains(
              "1/1@" + T0 + "=" + T0 + " sum=0.5 n=3 max=2.5 min=-3.0 first=1.0",
              "3/1@"
                  + (T0 + 120_000)
                  + "="
                  + (T0 + 120_000)
                  + " sum=null n=1 max=null"
                  + " min=null first=NaN");
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT COUNT(*) FROM "
                      + viaCells
                      + " WHERE SERVER_TIME >= "
                      + (T0 + 60_000)
                      + " AND SERVER_TIME < "
                      + (T0 + 180_000))) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(2);
      }
    }
  }

  private static void upsert(Connection c, String table) throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPSERT INTO "
                + table
                + " (METRIC_ID, HOST_ID, SERVER_TIME, METRIC_SUM, METRIC_COUNT, METRIC_MAX,"
                + " METRIC_MIN, METRICS) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Object[] row : ROWS) {
        Points p = (Points) row[2];
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        boolean any = false;
        for (int i = 0; i < p.size(); i++) {
          if (!Double.isNaN(p.value(i))) {
            any = true;
            sum += p.value(i);
            max = Math.max(max, p.value(i));
            min = Math.min(min, p.value(i));
          }
        }
        ps.setInt(1, (int) row[0]);
        ps.setInt(2, (int) row[1]);
        ps.setLong(3, p.firstTimestamp());
        ps.setObject(4, any ? sum : null, java.sql.Types.DOUBLE);
        ps.setInt(5, p.size());
        ps.setObject(6, any ? max : null, java.sql.Types.DOUBLE);
        ps.setObject(7, any ? min : null, java.sql.Types.DOUBLE);
        ps.setBytes(8, PointCodec.encode(p));
        ps.executeUpdate();
        c.commit(); // one commit per row, so an overwrite is a second mutation as with the cells
      }
    }
  }

  /** Every cell of the table, delete markers included, as row/family/qualifier/ts/type/value. */
  private static List<String> rawCells(Connection c, String table) throws Exception {
    List<String> out = new ArrayList<>();
    try (Table t =
            c.unwrap(PhoenixConnection.class).getQueryServices().getTable(Bytes.toBytes(table));
        ResultScanner scanner = t.getScanner(new Scan().setRaw(true).readAllVersions())) {
      for (Result r : scanner) {
        for (Cell cell : r.rawCells()) {
          out.add(Bytes.toStringBinary(CellUtil.cloneRow(cell)) + "/" + describe(cell));
        }
      }
    }
    return out;
  }

  /** A cell but its row, as family:qualifier@ts type value. */
  static String describe(Cell cell) {
    return Bytes.toStringBinary(CellUtil.cloneFamily(cell))
        + ":"
        + Bytes.toStringBinary(CellUtil.cloneQualifier(cell))
        + "@"
        + cell.getTimestamp()
        + " "
        + cell.getType()
        + " "
        + Bytes.toStringBinary(CellUtil.cloneValue(cell));
  }

  private static List<String> readBack(Connection c, String table) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT METRIC_ID, HOST_ID, SERVER_TIME, PHOENIX_ROW_TIMESTAMP(), METRIC_SUM,"
                    + " METRIC_COUNT, METRIC_MAX, METRIC_MIN, METRICS FROM "
                    + table
                    + " ORDER BY METRIC_ID, HOST_ID, SERVER_TIME")) {
      while (rs.next()) {
        Points p = PointCodec.decode(rs.getBytes(9));
        out.add(
            rs.getInt(1)
                + "/"
                + rs.getInt(2)
                + "@"
                + rs.getLong(3)
                + "="
                + rs.getTimestamp(4).getTime()
                + " sum="
                + rs.getObject(5)
                + " n="
                + rs.getLong(6)
                + " max="
                + rs.getObject(7)
                + " min="
                + rs.getObject(8)
                + " first="
                + p.value(0));
      }
    }
    return out;
  }
}
