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
import io.almanac.schema.BlockLayout;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The aggregators' reads of an interval of raw points ({@link TableScans#raw}): exactly the points
 * of the interval, from rows that start before it too, from METRIC_RECORD and its sealed rows, with
 * direct HBase scans and through Phoenix; and of rollup rows ({@link TableScans#rollups}).
 */
@ExtendWith(SharedCollector.class)
class TableScansIT {
  private static final long HOUR = BlockLayout.SEALED_SPAN_MS;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final PhoenixConnector connector =
      new PhoenixConnector("127.0.0.1", SharedCollector.zookeeperPort(), "/hbase");

  private SeriesKey key(String metric, String host) {
    return SeriesKey.of(metric + "." + run, "app-" + run, null, host + "." + run);
  }

  private static Points every10s(long first, int n, double base) {
    long[] t = new long[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = first + i * 10_000L;
      v[i] = base + i;
    }
    return Points.of(t, v);
  }

  /** What the store holds for this run, series by series, point by point. */
  private final Map<SeriesKey, TreeMap<Long, Double>> written =
      new TreeMap<>(java.util.Comparator.comparing(SeriesKey::toString));

  private void write(PhoenixMetricStore store, SeriesKey key, Points points) {
    store.write(List.of(new SeriesBatch(key, null, "GAUGE", true, points)));
    TreeMap<Long, Double> series = written.computeIfAbsent(key, k -> new TreeMap<>());
    for (int i = 0; i < points.size(); i++) {
      series.put(points.timestamp(i), points.value(i));
    }
  }

  private Map<String, TreeMap<Long, Double>> expected(TimeRange range) {
    Map<String, TreeMap<Long, Double>> out = new TreeMap<>();
    written.forEach(
        (key, points) -> {
          TreeMap<Long, Double> in =
              new TreeMap<>(points.subMap(range.start(), true, range.end(), false));
          if (!in.isEmpty()) {
            out.put(key.toString(), in);
          }
        });
    return out;
  }

  private Map<String, TreeMap<Long, Double>> scanned(PhoenixMetricStore store, TimeRange range) {
    Map<String, TreeMap<Long, Double>> out = new TreeMap<>();
    store.scanRaw(
        range,
        (SeriesPoints s) -> {
          if (s.key().metric().appId().equals("app-" + run)) {
            TreeMap<Long, Double> points = new TreeMap<>();
            for (int i = 0; i < s.points().size(); i++) {
              points.put(s.points().timestamp(i), s.points().value(i));
            }
            assertThat(out.put(s.key().toString(), points)).as("one answer per series").isNull();
          }
        });
    return out;
  }

  @ParameterizedTest(name = "direct HBase scans: {0}")
  @ValueSource(booleans = {true, false})
  void anIntervalReadsExactlyItsPointsFromEveryKindOfRow(boolean direct) throws Exception {
    long h0 = (System.currentTimeMillis() / HOUR - (direct ? 4 : 7)) * HOUR;
    try (PhoenixMetricStore store = new PhoenixMetricStore(connector, direct)) {
      for (String metric : List.of("a", "b", "c")) {
        for (String host : List.of("h1", "h2", "h3", "h4")) {
          for (int m = 0; m < 90; m++) { // a row a minute, from hour 0 into hour 1
            write(store, key(metric, host), every10s(h0 + m * 60_000L, 6, m * 6));
          }
        }
      }
      // a long row that starts ten minutes before the intervals read below and ends in one
      write(store, key("d", "h1"), every10s(h0 + 40 * 60_000L, 78, 1000));
      // a series with a single point in one interval
      write(store, key("e", "h9"), every10s(h0 + 53 * 60_000L + 5_000, 1, -5));
      List<TimeRange> intervals = new ArrayList<>();
      for (long start = h0 + 50 * 60_000L; start < h0 + 62 * 60_000L; start += 120_000L) {
        intervals.add(new TimeRange(start, start + 120_000L));
      }
      intervals.add(new TimeRange(h0 + 30 * 60_000L, h0 + HOUR + 30 * 60_000L + 1));
      for (TimeRange r : intervals) {
        assertThat(scanned(store, r)).as("unsealed, " + r).isEqualTo(expected(r));
      }
      try (Connection c = connector.open()) {
        assertThat(HourSealer.of(c).orElseThrow().seal(c, h0).complete()).isTrue();
      }
      for (TimeRange r : intervals) {
        assertThat(scanned(store, r)).as("hour 0 sealed, " + r).isEqualTo(expected(r));
      }
    }
  }

  /**
   * Rows over many hours, as after a backfill (the aggregators read up to a day at once): every
   * hour, a range of several hours and one of all of them read exactly their points, before and
   * after two of the hours are sealed.
   */
  @ParameterizedTest(name = "direct HBase scans: {0}")
  @ValueSource(booleans = {true, false})
  void readsAmongManyHoursOfRowsSeeExactlyTheirPoints(boolean direct) throws Exception {
    long h0 = (System.currentTimeMillis() / HOUR - (direct ? 17 : 19)) * HOUR;
    try (PhoenixMetricStore store = new PhoenixMetricStore(connector, direct)) {
      for (SeriesKey key : List.of(key("f", "h1"), key("f", "h2"), key("g", "h1"))) {
        for (long t = h0; t < h0 + 14 * HOUR; t += 20 * 60_000L) { // a row every 20 minutes
          long offset = Math.floorMod(key.hashCode(), 7) * 10_000L;
          write(store, key, every10s(t + offset, 6, (t - h0) / 60_000.0));
        }
      }
      List<TimeRange> ranges = new ArrayList<>();
      for (long start = h0 - HOUR; start < h0 + 15 * HOUR; start += HOUR) {
        ranges.add(new TimeRange(start, start + HOUR));
      }
      ranges.add(new TimeRange(h0 + 30 * 60_000L, h0 + 12 * HOUR));
      ranges.add(new TimeRange(h0 - 10 * HOUR, h0 + 14 * HOUR));
      assertThat(ranges.stream().filter(r -> !expected(r).isEmpty()).count()).isEqualTo(16);
      for (TimeRange r : ranges) {
        assertThat(scanned(store, r)).as("unsealed, " + r).isEqualTo(expected(r));
      }
      try (Connection c = connector.open()) {
        for (long hour : List.of(h0 + 2 * HOUR, h0 + 9 * HOUR)) {
          assertThat(HourSealer.of(c).orElseThrow().seal(c, hour).complete()).isTrue();
        }
      }
      for (TimeRange r : ranges) {
        assertThat(scanned(store, r)).as("two hours sealed, " + r).isEqualTo(expected(r));
      }
    }
  }

  @ParameterizedTest(name = "direct HBase scans: {0}")
  @ValueSource(booleans = {true, false})
  void rollupScansReadTheRowsOfTheirRange(boolean direct) throws Exception {
    long hour = (System.currentTimeMillis() / HOUR - 9) * HOUR;
    Map<SeriesKey, List<Rollup>> perHost = new HashMap<>();
    Map<MetricKey, List<Rollup>> cluster = new HashMap<>();
    for (int m = 0; m < 3; m++) {
      MetricKey metric = new MetricKey("rs." + m + "." + run, "app-" + run, null);
      List<Rollup> rows = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        double v = m * 100 + i;
        rows.add(new Rollup(hour + i * 300_000L + 299_000, v * 2, 2, v + 1, v - 1));
      }
      cluster.put(metric, rows);
      for (int h = 0; h < 3; h++) {
        perHost.put(new SeriesKey(metric, "rh" + h + "." + run), rows.subList(h, 12));
      }
    }
    TimeRange range = new TimeRange(hour + 1_000_000, hour + 2_500_000);
    try (PhoenixMetricStore store = new PhoenixMetricStore(connector, direct)) {
      store.writeHostRollups(RollupLevel.HOST_MINUTE, perHost);
      store.writeClusterRollups(RollupLevel.CLUSTER_MINUTE, cluster);
      Map<String, List<Rollup>> hostScan = new TreeMap<>();
      store.scanRollups(RollupLevel.HOST_MINUTE, range, s -> collect(hostScan, s));
      Map<String, List<Rollup>> clusterScan = new TreeMap<>();
      store.scanRollups(RollupLevel.CLUSTER_MINUTE, range, s -> collect(clusterScan, s));
      Map<String, List<Rollup>> hostExpected = new TreeMap<>();
      perHost.forEach(
          (k, rows) -> hostExpected.put(k.metric() + "@" + k.hostName(), within(rows, range)));
      Map<String, List<Rollup>> clusterExpected = new TreeMap<>();
      cluster.forEach((k, rows) -> clusterExpected.put(k + "@null", within(rows, range)));
      assertThat(hostScan).isEqualTo(hostExpected);
      assertThat(clusterScan).isEqualTo(clusterExpected);
      assertThat(hostScan.values().stream().mapToInt(List::size).sum()).isEqualTo(45);
    }
  }

  /**
   * The shared collector's store reads the oldest times from its embedded HBase's store files:
   * never after the oldest row a query finds, and present exactly when the table has rows.
   */
  @org.junit.jupiter.api.Test
  void oldestTimesAreNeverAfterTheOldestRow() throws Exception {
    io.almanac.model.store.MetricStore shared = SharedCollector.server().store();
    long h0 = (System.currentTimeMillis() / HOUR - 3) * HOUR;
    shared.write(
        List.of(new SeriesBatch(key("oldest", "h1"), null, "GAUGE", true, every10s(h0, 6, 1))));
    shared.writeHostRollups(
        RollupLevel.HOST_MINUTE, Map.of(key("oldest", "h1"), List.of(new Rollup(h0, 1, 1, 1, 1))));
    List<RollupLevel> levels = new ArrayList<>(java.util.Arrays.asList(RollupLevel.values()));
    levels.add(null);
    try (Connection c = connector.open()) {
      for (RollupLevel level : levels) {
        java.util.OptionalLong exact =
            level == null
                ? min(c, "METRIC_RECORD", "METRIC_RECORD_SEALED")
                : min(c, RollupTables.table(level).name());
        java.util.OptionalLong stored = shared.oldestTime(level);
        assertThat(stored.isPresent()).as("%s has rows", level).isEqualTo(exact.isPresent());
        if (exact.isPresent()) {
          assertThat(stored.getAsLong()).as("%s", level).isLessThanOrEqualTo(exact.getAsLong());
        }
      }
      assertThat(shared.oldestTime(null).getAsLong()).isLessThanOrEqualTo(h0);
      assertThat(shared.oldestTime(RollupLevel.HOST_MINUTE).getAsLong()).isLessThanOrEqualTo(h0);
    }
  }

  private static java.util.OptionalLong min(Connection c, String... tables)
      throws java.sql.SQLException {
    long min = Long.MAX_VALUE;
    for (String table : tables) {
      try (java.sql.ResultSet rs =
          c.createStatement().executeQuery("SELECT MIN(SERVER_TIME) FROM " + table)) {
        if (rs.next() && rs.getObject(1) != null) {
          min = Math.min(min, rs.getLong(1));
        }
      }
    }
    return min == Long.MAX_VALUE ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(min);
  }

  private void collect(Map<String, List<Rollup>> out, RollupSeries s) {
    if (s.metric().appId().equals("app-" + run)) {
      assertThat(out.put(s.metric() + "@" + s.hostName(), s.rows()))
          .as("one answer per series")
          .isNull();
    }
  }

  private static List<Rollup> within(List<Rollup> rows, TimeRange range) {
    return rows.stream().filter(r -> range.contains(r.time())).toList();
  }
}
