package io.almanac.aggregators;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.model.Points;
import io.almanac.model.SeriesKey;
import io.almanac.model.TimeRange;
import io.almanac.model.store.Rollup;
import io.almanac.model.store.RollupLevel;
import io.almanac.model.store.RollupSeries;
import io.almanac.model.store.SeriesBatch;
import io.almanac.model.store.SeriesSelector;
import io.almanac.testing.InMemoryMetricStore;
import io.almanac.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Rollups computed on the fly for a query must be exactly the rows the aggregators write later:
 * every level is read before any aggregation, and again once the aggregators have caught up, and
 * the two answers must agree row for row.
 */
class FreshRollupsTest {
  private static final long MIN = 60_000;
  private static final long HOUR = 3_600_000;
  private static final long DAY = 86_400_000;

  /** Midnight UTC. */
  private static final long D = 1_795_219_200_000L;

  private final InMemoryMetricStore store = new InMemoryMetricStore();
  private final MutableClock clock = new MutableClock(D + DAY + 2 * HOUR + 7 * MIN);
  private final AggregationSettings settings = TestSettings.defaults(172_800_000L);
  private final FreshRollups fresh = new FreshRollups(store, store, settings, clock::millis);

  private static final SeriesSelector HOSTS =
      new SeriesSelector(List.of("m%"), List.of("%"), null, null);
  private static final SeriesSelector CLUSTER =
      new SeriesSelector(List.of("m%"), List.of(), null, null);

  /** Three hosts of a datanode cluster, points every 10-70 s, gaps, zeros, for 26 hours. */
  private void seed() {
    Random random = new Random(7);
    for (String host : List.of("h1", "h2", "h3")) {
      List<Long> ts = new ArrayList<>();
      List<Double> vs = new ArrayList<>();
      for (long t = D + random.nextInt(60_000);
          t < clock.millis() - MIN;
          t += 10_000 + random.nextInt(60_000)) {
        if (random.nextInt(50) == 0) {
          t += 20 * MIN; // a gap
        }
        ts.add(t);
        vs.add(random.nextInt(10) == 0 ? 0 : random.nextDouble() * 100);
      }
      long[] t = ts.stream().mapToLong(Long::longValue).toArray();
      double[] v = vs.stream().mapToDouble(Double::doubleValue).toArray();
      store.write(
          List.of(
              new SeriesBatch(
                  SeriesKey.of("m.load", "datanode", null, host),
                  null,
                  null,
                  true,
                  Points.of(t, v)),
              new SeriesBatch(
                  SeriesKey.of("m.cpu", "HOST", null, host), null, null, true, Points.of(t, v))));
    }
  }

  private Map<String, Map<Long, Rollup>> read(RollupLevel level, SeriesSelector selector) {
    Map<String, Map<Long, Rollup>> out = new TreeMap<>();
    for (RollupSeries s :
        fresh.read(level, selector, new TimeRange(D - HOUR, clock.millis() + HOUR))) {
      Map<Long, Rollup> rows = new TreeMap<>();
      s.rows().forEach(r -> rows.put(r.time(), r));
      out.put(s.metric() + "@" + s.hostName(), rows);
    }
    return out;
  }

  private Map<RollupLevel, Map<String, Map<Long, Rollup>>> readAll() {
    Map<RollupLevel, Map<String, Map<Long, Rollup>>> all =
        new java.util.EnumMap<>(RollupLevel.class);
    for (RollupLevel level : RollupLevel.values()) {
      all.put(level, read(level, level.perHost() ? HOSTS : CLUSTER));
    }
    return all;
  }

  @Test
  void onTheFlyRowsAreTheRowsTheAggregatorsWrite() {
    seed();
    Map<RollupLevel, Map<String, Map<Long, Rollup>>> before = readAll();
    assertThat(store.rollupRows(RollupLevel.HOST_MINUTE)).isEmpty();
    assertThat(before.get(RollupLevel.HOST_MINUTE)).hasSize(6);
    assertThat(
            before
                .get(RollupLevel.HOST_DAILY)
                .get("MetricKey[metricName=m.load, appId=datanode, instanceId=]@h1"))
        .containsOnlyKeys(D + DAY - 1000, D + 2 * DAY - 1000);
    // the HOST metric is also rolled up under the datanode app (app-level aggregation)
    assertThat(before.get(RollupLevel.CLUSTER_MINUTE))
        .containsKeys(
            "MetricKey[metricName=m.cpu, appId=datanode, instanceId=]@null",
            "MetricKey[metricName=m.cpu, appId=HOST, instanceId=]@null",
            "MetricKey[metricName=m.load, appId=datanode, instanceId=]@null");

    new AggregationService(store, settings, clock).runOnce();
    assertThat(store.rollupRows(RollupLevel.HOST_DAILY)).isNotEmpty();
    assertThat(store.rollupRows(RollupLevel.CLUSTER_HOURLY)).isNotEmpty();
    clock.advance(Duration.ofSeconds(2)); // past the cached progress

    Map<RollupLevel, Map<String, Map<Long, Rollup>>> after = readAll();
    for (RollupLevel level : RollupLevel.values()) {
      assertThat(after.get(level)).as(level.toString()).isEqualTo(before.get(level));
    }
  }

  @Test
  void aLatePointShowsAtOnceAndMatchesItsReaggregation() {
    seed();
    AggregationService aggregation = new AggregationService(store, settings, clock);
    aggregation.runOnce();
    long late = D + DAY + 10 * MIN + 5_000;
    SeriesBatch point =
        new SeriesBatch(
            SeriesKey.of("m.load", "datanode", null, "h1"),
            null,
            null,
            true,
            Points.of(new long[] {late}, new double[] {1e6}));
    store.write(List.of(point));
    aggregation.recordLateData(List.of(point));
    clock.advance(Duration.ofSeconds(2));

    Map<RollupLevel, Map<String, Map<Long, Rollup>>> atOnce = readAll();
    assertThat(
            atOnce
                .get(RollupLevel.HOST_MINUTE)
                .get("MetricKey[metricName=m.load, appId=datanode, instanceId=]@h1")
                .get(D + DAY + 15 * MIN - 1000)
                .max())
        .isEqualTo(1e6);
    assertThat(
            atOnce
                .get(RollupLevel.CLUSTER_HOURLY)
                .get("MetricKey[metricName=m.load, appId=datanode, instanceId=]@null")
                .get(D + DAY + HOUR - 1000)
                .max())
        .isEqualTo(1e6);

    clock.advance(
        Duration.ofMinutes(2)); // past the settle time: the aggregators redo the intervals
    for (int i = 0; i < 4; i++) {
      aggregation.runOnce();
    }
    clock.advance(Duration.ofSeconds(2));
    assertThat(store.dirtyIntervals("TimelineMetricHostAggregatorMinute")).isEmpty();
    Map<RollupLevel, Map<String, Map<Long, Rollup>>> redone = readAll();
    for (RollupLevel level : RollupLevel.values()) {
      assertThat(redone.get(level)).as(level.toString()).isEqualTo(atOnce.get(level));
    }
  }

  @Test
  void progressIsReadAgainInTheBackgroundWhileQueriesUseTheLastRead() {
    List<Runnable> queued = new ArrayList<>();
    FreshRollups background = new FreshRollups(store, store, settings, clock::millis, queued::add);
    SeriesKey series = SeriesKey.of("m.late", "datanode", null, "h1");
    long start = D + DAY; // an interval well before the clock, aggregated below
    writePoint(series, start + 10_000, 1);
    new AggregationService(store, settings, clock).runOnce();
    SeriesSelector selector = new SeriesSelector(List.of("m.late"), List.of("h1"), null, null);
    TimeRange range = new TimeRange(start, start + 5 * MIN);
    java.util.function.Supplier<Double> max =
        () -> background.read(RollupLevel.HOST_MINUTE, selector, range).get(0).rows().get(0).max();
    assertThat(max.get()).isEqualTo(1); // the first read of the progress is the query's own
    assertThat(queued).isEmpty();

    // a late point, marked as the ingest marks it; the stored row does not have it yet
    writePoint(series, start + 20_000, 5);
    store.markDirty(AggregatorKind.HOST_MINUTE.amsName(), List.of(start), clock.millis());
    clock.advance(Duration.ofMillis(FreshRollups.PROGRESS_TTL_MS + 1));
    assertThat(max.get()).isEqualTo(1); // the last read still: the stored row
    assertThat(max.get()).isEqualTo(1);
    assertThat(queued).hasSize(1); // one read again, however many queries find it old

    queued.remove(0).run();
    assertThat(max.get()).isEqualTo(5); // marked: computed from the raw points
    assertThat(queued).isEmpty();

    // redone: stored row and mark cleared; then a point whose mark is not visible (to tell the
    // reads apart: the old progress would compute the row from the raw points, 9; the stored is 5)
    clock.advance(Duration.ofMinutes(3)); // past the settle time
    new AggregationService(store, settings, clock).runOnce();
    assertThat(store.dirtyIntervals(AggregatorKind.HOST_MINUTE.amsName())).isEmpty();
    writePoint(series, start + 30_000, 9);
    // older than the maximum age: the query reads the progress itself, not in the background
    assertThat(max.get()).isEqualTo(5);
    assertThat(queued).isEmpty();
  }

  private void writePoint(SeriesKey series, long t, double v) {
    store.write(
        List.of(
            new SeriesBatch(
                series, null, null, true, Points.of(new long[] {t}, new double[] {v}))));
  }
}
