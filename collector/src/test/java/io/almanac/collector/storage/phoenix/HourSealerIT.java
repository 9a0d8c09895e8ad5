package io.almanac.collector.storage.phoenix;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.collector.testing.SharedCollector;
import io.almanac.model.Points;
import io.almanac.model.SeriesKey;
import io.almanac.model.TimeRange;
import io.almanac.model.store.SeriesBatch;
import io.almanac.model.store.SeriesPoints;
import io.almanac.model.store.SeriesSelector;
import io.almanac.schema.BlockLayout;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptor;
import org.apache.hadoop.hbase.io.encoding.DataBlockEncoding;
import org.apache.phoenix.jdbc.PhoenixConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sealing merges each series' METRIC_RECORD rows of an hour into one METRIC_RECORD_SEALED row and
 * deletes them, and every reader (direct and SQL, query and aggregator scans, latest values, oldest
 * time) answers exactly as before; a block posted again after its hour was sealed wins and stays
 * visible through a major compaction (the delete hides only what came before it), and is sealed in
 * turn; the background sealer seals what the store wrote once it has settled.
 */
@ExtendWith(SharedCollector.class)
class HourSealerIT {
  private static final long HOUR = BlockLayout.SEALED_SPAN_MS;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final PhoenixConnector connector =
      new PhoenixConnector("127.0.0.1", SharedCollector.zookeeperPort(), "/hbase");

  private static Points every10s(long first, int n, double base) {
    long[] t = new long[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = first + i * 10_000L;
      v[i] = i % 11 == 5 ? Double.NaN : base + i;
    }
    return Points.of(t, v);
  }

  private SeriesKey key(String metric, String host) {
    return SeriesKey.of(metric + "." + run, "app-" + run, null, host + "." + run);
  }

  private SeriesSelector all() {
    return new SeriesSelector(List.of("%." + run), List.of(), "app-" + run, null);
  }

  /** Posts a series minute by minute, as sinks do: six points per row. */
  private static List<SeriesBatch> perMinute(SeriesKey key, long first, int minutes, double base) {
    List<SeriesBatch> out = new ArrayList<>();
    for (int m = 0; m < minutes; m++) {
      out.add(
          new SeriesBatch(
              key, null, "GAUGE", true, every10s(first + m * 60_000L, 6, base + m * 6)));
    }
    return out;
  }

  private static Map<String, Object> everything(
      PhoenixMetricStore store, SeriesSelector s, TimeRange r) throws Exception {
    Map<String, Object> out = new TreeMap<>();
    out.put("raw", store.readRaw(s, r));
    List<SeriesPoints> streamed = new ArrayList<>();
    store.streamRaw(s, r, streamed::add);
    out.put("streamed", streamed);
    // the newest row may become the sealed one, with more points: the last point is what counts
    out.put(
        "latest",
        store.readLatestRaw(s).stream()
            .map(
                p ->
                    p.key()
                        + "@"
                        + p.points().lastTimestamp()
                        + "="
                        + p.points().value(p.points().size() - 1))
            .toList());
    return out;
  }

  private long rows(Connection c, String table, long from, long to) throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT COUNT(*) FROM "
                + table
                + " WHERE SERVER_TIME >= ? AND SERVER_TIME < ? AND METRIC_ID IN "
                + "(SELECT METRIC_ID FROM METRICS_METADATA WHERE APP_ID = ?)")) {
      ps.setLong(1, from);
      ps.setLong(2, to);
      ps.setString(3, "app-" + run);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void sealedHoursReadAsBefore() throws Exception {
    long h0 = (System.currentTimeMillis() / HOUR - 5) * HOUR;
    List<SeriesBatch> batches = new ArrayList<>();
    for (String metric : List.of("a", "b")) {
      for (String host : List.of("h1", "h2", "h3")) {
        // from 20 minutes into hour 0 to 10 minutes into hour 2, a row a minute
        batches.addAll(perMinute(key(metric, host), h0 + 20 * 60_000L, 110, 0));
      }
    }
    // one long row that starts in hour 0 and reaches into hour 1
    batches.add(
        new SeriesBatch(
            key("c", "h1"), null, "GAUGE", true, every10s(h0 + 55 * 60_000L, 54, 1000)));
    SeriesKey overlapped = key("a", "h2");
    try (PhoenixMetricStore store = new PhoenixMetricStore(connector, true)) {
      store.write(batches);
      // an overlapping later post: its points win where they overlap
      store.write(
          List.of(
              new SeriesBatch(
                  overlapped, null, "GAUGE", true, every10s(h0 + 30 * 60_000L + 5_000, 30, -1))));
      List<TimeRange> ranges =
          List.of(
              new TimeRange(h0, h0 + 3 * HOUR),
              new TimeRange(h0 + 50 * 60_000L, h0 + HOUR + 7 * 60_000L),
              new TimeRange(h0 + HOUR + 1, h0 + 2 * HOUR - 1),
              new TimeRange(h0 + 2 * HOUR, h0 + 3 * HOUR));
      List<Map<String, Object>> before = new ArrayList<>();
      for (TimeRange r : ranges) {
        before.add(everything(store, all(), r));
      }
      List<SeriesPoints> scannedBefore = new ArrayList<>();
      store.scanRaw(
          new TimeRange(h0, h0 + 3 * HOUR),
          s -> {
            if (s.key().metric().appId().equals("app-" + run)) {
              scannedBefore.add(s);
            }
          });
      long rawRowsBefore;
      try (Connection c = connector.open()) {
        rawRowsBefore = rows(c, "METRIC_RECORD", h0, h0 + 3 * HOUR);
        assertThat(rawRowsBefore).isGreaterThan(600);
        HourSealer sealer = HourSealer.of(c).orElseThrow();
        HourSealer.Outcome first = sealer.seal(c, h0);
        HourSealer.Outcome second = sealer.seal(c, h0 + HOUR);
        assertThat(first.complete()).isTrue();
        assertThat(second.complete()).isTrue();
        assertThat(first.series()).isGreaterThanOrEqualTo(7);
        assertThat(rows(c, "METRIC_RECORD", h0, h0 + 2 * HOUR)).as("merged rows deleted").isZero();
        assertThat(rows(c, "METRIC_RECORD_SEALED", h0, h0 + 2 * HOUR))
            .as("one sealed row per series and hour")
            .isEqualTo(6 * 2 + 1);
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT METRICS FROM METRIC_RECORD_SEALED WHERE SERVER_TIME = ? AND METRIC_ID IN "
                    + "(SELECT METRIC_ID FROM METRICS_METADATA WHERE APP_ID = ?)"); ) {
          ps.setLong(1, h0 + HOUR);
          ps.setString(2, "app-" + run);
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBytes(1)[0]).as("compact point format").isEqualTo((byte) 2);
          }
        }
        assertThat(rows(c, "METRIC_RECORD", h0 + 2 * HOUR, h0 + 3 * HOUR))
            .as("hour 2 not sealed")
            .isEqualTo(6 * 10);
      }
      for (int i = 0; i < ranges.size(); i++) {
        assertThat(everything(store, all(), ranges.get(i)))
            .as("after sealing, " + ranges.get(i))
            .isEqualTo(before.get(i));
      }
      List<SeriesPoints> scannedAfter = new ArrayList<>();
      store.scanRaw(
          new TimeRange(h0, h0 + 3 * HOUR),
          s -> {
            if (s.key().metric().appId().equals("app-" + run)) {
              scannedAfter.add(s);
            }
          });
      assertThat(scannedAfter).isEqualTo(scannedBefore);
      // as a crash between writing sealed rows and deleting merged ones leaves it: both hold them
      store.write(batches);
      assertThat(everything(store, all(), ranges.get(0))).isEqualTo(before.get(0));
      try (Connection c = connector.open()) {
        List<SeriesPoints> viaSql =
            RawBlockReader.read(
                c,
                new DirectScans(false),
                new SeriesCatalog(System::currentTimeMillis).resolve(c, all()),
                ranges.get(0));
        assertThat(viaSql).isEqualTo(before.get(0).get("raw"));
      }
      Points one =
          store
              .readRaw(
                  new SeriesSelector(
                      List.of(overlapped.metric().metricName()),
                      List.of(overlapped.hostName()),
                      "app-" + run,
                      null),
                  ranges.get(0))
              .get(0)
              .points();
      assertThat(one.toMap().get(h0 + 30 * 60_000L + 5_000)).isEqualTo(-1.0);
      assertThat(one.size()).isEqualTo(110 * 6 + 30);
    }
  }

  @Test
  void theRawFamilyGetsTheSealersSettingsAndTheSealedOneKeepsItsEncoding() throws Exception {
    try (Connection c = connector.open();
        Admin admin = c.unwrap(PhoenixConnection.class).getQueryServices().getAdmin()) {
      assertThat(HourSealer.of(c)).isPresent();
      ColumnFamilyDescriptor raw =
          admin.getDescriptor(TableName.valueOf("METRIC_RECORD")).getColumnFamilies()[0];
      assertThat(raw.isNewVersionBehavior()).isTrue();
      assertThat(raw.getDataBlockEncoding()).isEqualTo(DataBlockEncoding.ROW_INDEX_V1);
      ColumnFamilyDescriptor sealedFamily =
          admin.getDescriptor(TableName.valueOf("METRIC_RECORD_SEALED")).getColumnFamilies()[0];
      assertThat(sealedFamily.getDataBlockEncoding()).isEqualTo(DataBlockEncoding.FAST_DIFF);
    }
  }

  @Test
  void aBlockPostedAgainAfterSealingWinsAndSurvivesCompaction() throws Exception {
    long h0 = (System.currentTimeMillis() / HOUR - 8) * HOUR;
    SeriesKey key = key("again", "h1");
    SeriesSelector one =
        new SeriesSelector(
            List.of(key.metric().metricName()), List.of(key.hostName()), "app-" + run, null);
    TimeRange hour = new TimeRange(h0, h0 + HOUR);
    try (PhoenixMetricStore store = new PhoenixMetricStore(connector, true);
        Connection c = connector.open()) {
      store.write(perMinute(key, h0, 60, 0));
      HourSealer sealer = HourSealer.of(c).orElseThrow();
      assertThat(sealer.seal(c, h0).rowsDeleted()).isEqualTo(60);
      // the same first minute again, other values: same row key, same cell time as a deleted row
      store.write(List.of(new SeriesBatch(key, null, "GAUGE", true, every10s(h0, 6, 500))));
      Points read = store.readRaw(one, hour).get(0).points();
      assertThat(read.toMap().get(h0 + 10_000)).isEqualTo(501.0);
      assertThat(read.size()).isEqualTo(360);

      assertThat(store.compactRawTables(Duration.ofMinutes(2)).finished()).isTrue();
      assertThat(store.readRaw(one, hour).get(0).points()).isEqualTo(read);

      HourSealer.Outcome again = sealer.seal(c, h0);
      assertThat(again.rowsDeleted()).isEqualTo(1);
      assertThat(rows(c, "METRIC_RECORD", h0, h0 + HOUR)).isZero();
      assertThat(store.readRaw(one, hour).get(0).points()).isEqualTo(read);
      assertThat(store.readLatestRaw(one).get(0).points().lastTimestamp())
          .isEqualTo(h0 + 3_590_000L);
      assertThat(store.oldestTime(null).orElseThrow()).isLessThanOrEqualTo(h0);
    }
  }

  @Test
  void theBackgroundSealerSealsSettledHours() throws Exception {
    long h0 = (System.currentTimeMillis() / HOUR - 12) * HOUR;
    SeriesKey key = key("bg", "h1");
    try (PhoenixMetricStore store = new PhoenixMetricStore(connector, true, Duration.ZERO)) {
      store.write(perMinute(key, h0 + 30 * 60_000L, 60, 0));
      List<SeriesPoints> before = store.readRaw(all(), new TimeRange(h0, h0 + 2 * HOUR));
      java.util.concurrent.atomic.AtomicBoolean aggregatorsBusy =
          new java.util.concurrent.atomic.AtomicBoolean(true);
      try (AutoCloseable sealing =
          store.startSealing(Duration.ofMinutes(1), aggregatorsBusy::get)) {
        Thread.sleep(3_000); // several rounds: each waits while the aggregators redo intervals
        assertThat(store.sealedRows()).isZero();
        aggregatorsBusy.set(false);
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        // Other tests of this JVM write into the shared store too: just after the turn of an hour,
        // the hour that just ended holds their rows until a later round seals it.
        while ((store.sealedRows() < 60 || store.sealPendingHours() > 1)
            && System.nanoTime() < deadline) {
          Thread.sleep(200);
        }
        assertThat(store.sealedRows()).isEqualTo(60);
        // what is left is at most the hour in progress, which the look-back marked
        assertThat(store.sealPendingHours()).isLessThanOrEqualTo(1);
        assertThat(store.sealFailures()).isZero();
      }
      try (Connection c = connector.open()) {
        assertThat(rows(c, "METRIC_RECORD", h0, h0 + 2 * HOUR)).isZero();
        assertThat(rows(c, "METRIC_RECORD_SEALED", h0, h0 + 2 * HOUR)).isEqualTo(2);
      }
      assertThat(store.readRaw(all(), new TimeRange(h0, h0 + 2 * HOUR))).isEqualTo(before);
    }
  }
}
