package io.almanac.collector.storage.phoenix;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.collector.testing.SharedCollector;
import io.almanac.model.MetricKey;
import io.almanac.model.SeriesKey;
import io.almanac.model.store.Rollup;
import io.almanac.model.store.RollupLevel;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.phoenix.jdbc.PhoenixConnection;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rollup rows written as cells ({@link PhoenixRowCells}, a store with direct writes) are, cell for
 * cell, the rows Phoenix's UPSERT writes (a store without), at every level, overwrites included,
 * and Phoenix reads them back.
 */
@ExtendWith(SharedCollector.class)
class RollupCellsIT {
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final PhoenixConnector connector =
      new PhoenixConnector("127.0.0.1", SharedCollector.zookeeperPort(), "/hbase");

  /** Six hours back, at an odd millisecond, so no other test's row shares a cell time. */
  private final long t0 =
      System.currentTimeMillis() - 6 * 3_600_000L + (long) (Math.random() * 3_600_000L) | 1;

  private List<Rollup> rows(double shift) {
    return List.of(
        new Rollup(t0, 1.5 + shift, 3, 2.0, -1.0),
        new Rollup(t0 + 1_000, -0.0, 1, 1e300, -1e-300),
        new Rollup(t0 + 2_000, 7.25, 2_000_000_000L, Double.MAX_VALUE, Double.MIN_VALUE),
        new Rollup(t0 + 3_000, 0.0, 0, 0.0, 0.0));
  }

  @ParameterizedTest
  @EnumSource(RollupLevel.class)
  void rollupCellsAreWhatUpsertsWrite(RollupLevel level) throws Exception {
    try (PhoenixMetricStore upserts = new PhoenixMetricStore(connector, false);
        PhoenixMetricStore cells = new PhoenixMetricStore(connector, true)) {
      for (double shift : new double[] {0, 10}) { // the second round overwrites every row
        write(upserts, level, "up", rows(shift));
        write(cells, level, "cells", rows(shift));
      }
    }
    try (Connection c = connector.open()) {
      Map<String, List<String>> bySeries = cellsByRowPrefix(c, level);
      assertThat(bySeries).hasSize(2);
      List<List<String>> both = new ArrayList<>(bySeries.values());
      assertThat(both.get(0)).hasSizeGreaterThanOrEqualTo(4 * 2);
      assertThat(both.get(1)).containsExactlyElementsOf(both.get(0));

      String host = level.perHost() ? " AND HOST_ID IS NOT NULL" : "";
      try (var rs =
          c.createStatement()
              .executeQuery(
                  "SELECT SERVER_TIME, METRIC_SUM, "
                      + RollupTables.countColumn(level)
                      + ", METRIC_MAX, METRIC_MIN FROM "
                      + RollupTables.table(level).name()
                      + " WHERE SERVER_TIME >= "
                      + t0
                      + " AND SERVER_TIME < "
                      + (t0 + 4_000)
                      + host
                      + " ORDER BY METRIC_ID, SERVER_TIME")) {
        List<String> read = new ArrayList<>();
        while (rs.next()) {
          read.add(
              rs.getLong(1)
                  + " "
                  + rs.getDouble(2)
                  + " "
                  + rs.getLong(3)
                  + " "
                  + rs.getDouble(4)
                  + " "
                  + rs.getDouble(5));
        }
        List<String> expected = new ArrayList<>();
        for (Rollup r : rows(10)) {
          expected.add(r.time() + " " + r.sum() + " " + r.count() + " " + r.max() + " " + r.min());
        }
        List<String> twice = new ArrayList<>(expected);
        twice.addAll(expected);
        assertThat(read).containsExactlyElementsOf(twice);
      }
    }
  }

  private void write(PhoenixMetricStore store, RollupLevel level, String way, List<Rollup> rows) {
    MetricKey metric = new MetricKey(way + ".rollup." + run, "app-" + run, null);
    if (level.perHost()) {
      store.writeHostRollups(level, Map.of(new SeriesKey(metric, "h." + run), rows));
    } else {
      store.writeClusterRollups(level, Map.of(metric, rows));
    }
  }

  /**
   * Every cell (its newest version) of the level's table at this test's times, grouped by the row
   * key's ids (metric, and host on a per-host table), each as time/family:qualifier@ts type value.
   */
  private Map<String, List<String>> cellsByRowPrefix(Connection c, RollupLevel level)
      throws Exception {
    int idBytes = level.perHost() ? 8 : 4;
    Map<String, List<String>> out = new TreeMap<>();
    byte[] physical =
        c.unwrap(PhoenixConnection.class)
            .getTable(RollupTables.table(level).name())
            .getPhysicalName()
            .getBytes();
    try (Table t = c.unwrap(PhoenixConnection.class).getQueryServices().getTable(physical);
        ResultScanner scanner = t.getScanner(new Scan().setTimeRange(t0, t0 + 4_000))) {
      for (Result r : scanner) {
        byte[] row = r.getRow();
        String ids = Bytes.toStringBinary(Arrays.copyOf(row, idBytes));
        String rest = Bytes.toStringBinary(Arrays.copyOfRange(row, idBytes, row.length));
        for (Cell cell : r.rawCells()) {
          out.computeIfAbsent(ids, k -> new ArrayList<>())
              .add(rest + "/" + MetricRecordCellsIT.describe(cell));
        }
      }
    }
    return out;
  }
}
