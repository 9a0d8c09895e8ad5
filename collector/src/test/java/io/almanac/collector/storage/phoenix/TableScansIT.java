package io.almanac.collector.storage.phoenix;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.collector.testing.SharedCollector;
import io.almanac.model.Points;
import io.almanac.model.SeriesKey;
import io.almanac.model.TimeRange;
import io.almanac.model.store.SeriesBatch;
import io.almanac.model.store.SeriesPoints;
import io.almanac.schema.BlockLayout;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The aggregators' reads of an interval of raw points ({@link TableScans#raw}): exactly the points
 * of the interval, from rows that start before it too, from METRIC_RECORD and its sealed rows.
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

  @Test
  void anIntervalReadsExactlyItsPointsFromEveryKindOfRow() throws Exception {
    long h0 = (System.currentTimeMillis() / HOUR - 4) * HOUR;
    try (PhoenixMetricStore store = new PhoenixMetricStore(connector, true)) {
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
}
