package io.almanac.collector.storage.phoenix;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.collector.testing.SharedCollector;
import io.almanac.model.MetricKey;
import io.almanac.model.Points;
import io.almanac.model.SeriesKey;
import io.almanac.model.TimeRange;
import io.almanac.model.store.Rollup;
import io.almanac.model.store.RollupLevel;
import io.almanac.model.store.RollupSeries;
import io.almanac.model.store.SeriesBatch;
import io.almanac.model.store.SeriesPoints;
import io.almanac.model.store.SeriesSelector;
import io.almanac.schema.BlockLayout;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Pair;
import org.apache.phoenix.jdbc.PhoenixConnection;
import org.apache.phoenix.schema.PTable;
import org.apache.phoenix.schema.types.PInteger;
import org.apache.phoenix.schema.types.PLong;
import org.apache.phoenix.util.EncodedColumnsUtil;
import org.apache.phoenix.util.SchemaUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The direct HBase scans read exactly what Phoenix's SELECTs read: of METRIC_RECORD, blocks before
 * the range that reach into it, overlapping blocks (the later wins), NaN points, range edges, one
 * series among many, and whole metrics when too many series are selected for key ranges; of every
 * rollup table, the rows of a range, per host and per cluster. A row holding only Phoenix's empty
 * column is not handed on (the scans read the whole family).
 */
@ExtendWith(SharedCollector.class)
class SeriesRangeScanIT {
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final PhoenixConnector connector =
      new PhoenixConnector("127.0.0.1", SharedCollector.zookeeperPort(), "/hbase");

  private static Points every10s(long first, int n, double base) {
    long[] t = new long[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = first + i * 10_000L;
      v[i] = i % 7 == 3 ? Double.NaN : base + i;
    }
    return Points.of(t, v);
  }

  @Test
  void readsWhatPhoenixReads() throws Exception {
    long t0 = (System.currentTimeMillis() - 3 * 3_600_000L) / 60_000 * 60_000;
    List<SeriesBatch> batches = new ArrayList<>();
    for (String metric : List.of("scan." + run + ".a", "scan." + run + ".b")) {
      for (int h = 0; h < 3; h++) {
        SeriesKey key = SeriesKey.of(metric, "app-" + run, null, "h" + h + "." + run);
        // two hours at 10 s: several blocks per series
        batches.add(new SeriesBatch(key, null, "GAUGE", true, every10s(t0, 720, h * 100)));
      }
    }
    SeriesKey overlapped = SeriesKey.of("scan." + run + ".a", "app-" + run, null, "h1." + run);
    try (PhoenixMetricStore store = new PhoenixMetricStore(connector, true)) {
      store.write(batches);
      // a later post of part of the same stretch, from another start: overlapping blocks
      store.write(
          List.of(
              new SeriesBatch(
                  overlapped, null, "GAUGE", true, every10s(t0 + 35 * 60_000 + 5_000, 40, -1))));
    }
    try (Connection c = connector.open()) {
      SeriesRangeScan scan = new DirectScans(true).raw(c);
      assertThat(scan).isNotNull();
      SeriesResolver.Resolved all =
          SeriesResolver.resolve(
              c, new SeriesSelector(List.of("scan." + run + "%"), List.of(), "app-" + run, null));
      SeriesResolver.Resolved one =
          SeriesResolver.resolve(
              c,
              new SeriesSelector(
                  List.of("scan." + run + ".a"), List.of("h1." + run), "app-" + run, null));
      assertThat(all.metrics()).hasSize(2);
      assertThat(all.hosts()).hasSize(3);
      List<TimeRange> ranges =
          List.of(
              new TimeRange(t0, t0 + 7_200_000L),
              new TimeRange(t0 + BlockLayout.MAX_SPAN_MS / 2 + 1, t0 + 3_600_000L + 10_000),
              new TimeRange(t0 + 30 * 60_000, t0 + 45 * 60_000),
              new TimeRange(t0 - 3_600_000L, t0 + 1),
              new TimeRange(t0 + 7_200_000L, t0 + 7_300_000L));
      int points = 0;
      for (TimeRange range : ranges) {
        for (SeriesResolver.Resolved series : List.of(all, one)) {
          List<SeriesPoints> expected =
              RawBlockReader.read(c, new DirectScans(false), series, range);
          assertThat(RawBlockReader.read(c, new DirectScans(true), series, range))
              .as(range + " " + series.hosts())
              .isEqualTo(expected);
          assertThat(RawBlockReader.read(c, new DirectScans(true, 1), series, range))
              .as("whole metrics, " + range)
              .isEqualTo(expected);
          points += expected.stream().mapToInt(s -> s.points().size()).sum();
        }
      }
      assertThat(points).as("points compared").isGreaterThan(5_000);
      List<SeriesPoints> mid =
          RawBlockReader.read(
              c, new DirectScans(true), one, new TimeRange(t0 + 30 * 60_000, t0 + 45 * 60_000));
      assertThat(mid).singleElement().satisfies(s -> assertThat(s.key()).isEqualTo(overlapped));
      assertThat(mid.get(0).points().toMap().get(t0 + 35 * 60_000 + 5_000)).isEqualTo(-1.0);
      assertThat(mid.get(0).points().toMap().get(t0 + 35 * 60_000)).isEqualTo(100 + 210.0);
    }
  }

  @Test
  void skipsRowsWithOnlyTheEmptyColumn() throws Exception {
    long t0 = (System.currentTimeMillis() - 3 * 3_600_000L) / 60_000 * 60_000;
    SeriesKey key = SeriesKey.of("empty." + run, "app-" + run, null, "h." + run);
    try (PhoenixMetricStore store = new PhoenixMetricStore(connector, true)) {
      store.write(List.of(new SeriesBatch(key, null, "GAUGE", true, every10s(t0, 6, 1))));
    }
    try (Connection c = connector.open()) {
      SeriesResolver.Resolved series =
          SeriesResolver.resolve(
              c,
              new SeriesSelector(
                  List.of(key.metric().metricName()), List.of(), "app-" + run, null));
      int metricId = series.metrics().keySet().iterator().next();
      int hostId = series.hosts().keySet().iterator().next();
      // a row of the same series, later, holding Phoenix's empty column and no block
      long bare = t0 + 600_000;
      PTable table = c.unwrap(PhoenixConnection.class).getTable("METRIC_RECORD");
      Pair<byte[], byte[]> empty = EncodedColumnsUtil.getEmptyKeyValueInfo(table);
      byte[] row = new byte[16];
      PInteger.INSTANCE.toBytes(metricId, row, 0);
      PInteger.INSTANCE.toBytes(hostId, row, 4);
      PLong.INSTANCE.toBytes(bare, row, 8);
      try (Table hbase =
          c.unwrap(PhoenixConnection.class)
              .getQueryServices()
              .getTable(table.getPhysicalName().getBytes())) {
        hbase.put(
            new Put(row)
                .addColumn(
                    SchemaUtil.getEmptyColumnFamily(table),
                    empty.getFirst(),
                    bare,
                    empty.getSecond()));
      }
      SeriesRangeScan scan = new DirectScans(true).raw(c);
      List<Long> times = new ArrayList<>();
      scan.scan(
          c,
          series.metrics().keySet(),
          series.hosts().keySet(),
          t0 - 3_600_000L,
          t0 + 3_600_000L,
          (m, h, time, values) -> {
            assertThat(values[0]).as("block at " + time).isNotNull();
            times.add(time);
          });
      assertThat(times).isNotEmpty().doesNotContain(bare);
    }
  }

  @Test
  void readsRollupsAsPhoenixReadsThem() throws Exception {
    long hour = (System.currentTimeMillis() - 5 * 3_600_000L) / 3_600_000 * 3_600_000;
    Map<SeriesKey, List<Rollup>> perHost = new HashMap<>();
    Map<MetricKey, List<Rollup>> cluster = new HashMap<>();
    for (int m = 0; m < 3; m++) {
      MetricKey metric = new MetricKey("roll." + run + "." + m, "app-" + run, null);
      List<Rollup> rows = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        double v = m * 10 + i;
        rows.add(new Rollup(hour + i * 300_000L + 299_000, v * 3, 3, v + 1, i == 5 ? -v : v));
      }
      cluster.put(metric, rows);
      for (int h = 0; h < 4; h++) {
        perHost.put(new SeriesKey(metric, "rh" + h + "." + run), rows.subList(h, 12));
      }
    }
    try (PhoenixMetricStore store = new PhoenixMetricStore(connector, true)) {
      for (RollupLevel level : RollupLevel.values()) {
        if (level.perHost()) {
          store.writeHostRollups(level, perHost);
        } else {
          store.writeClusterRollups(level, cluster);
        }
      }
    }
    SeriesCatalog catalog = new SeriesCatalog(System::currentTimeMillis);
    DirectScans scans = new DirectScans(true);
    SeriesSelector all =
        new SeriesSelector(List.of("roll." + run + "%"), List.of(), "app-" + run, null);
    SeriesSelector some =
        new SeriesSelector(
            List.of("roll." + run + ".1"), List.of("rh2." + run, "rh3." + run), null, null);
    try (Connection c = connector.open()) {
      int rows = 0;
      for (RollupLevel level : RollupLevel.values()) {
        SeriesRangeScan scan = scans.rollup(c, level);
        assertThat(scan).as(level.toString()).isNotNull();
        for (SeriesSelector selector : List.of(all, some)) {
          for (TimeRange range :
              List.of(
                  new TimeRange(hour, hour + 3_600_000L),
                  new TimeRange(hour + 1_000_000, hour + 2_000_000),
                  new TimeRange(hour + 3_600_000L, hour + 7_200_000L))) {
            List<RollupSeries> expected =
                RollupReader.read(c, catalog, null, level, selector, range);
            assertThat(RollupReader.read(c, catalog, scan, level, selector, range))
                .as(level + " " + range)
                .isEqualTo(expected);
            assertThat(RollupReader.read(c, catalog, scan.withMaxRanges(1), level, selector, range))
                .as("whole metrics, " + level + " " + range)
                .isEqualTo(expected);
            rows += expected.stream().mapToInt(s -> s.rows().size()).sum();
          }
        }
      }
      assertThat(rows).as("rows compared").isGreaterThan(200);
    }
  }
}
