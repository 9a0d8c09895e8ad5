package io.almanac.aggregators;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.model.MetricKey;
import io.almanac.model.Points;
import io.almanac.model.SeriesKey;
import io.almanac.model.store.Rollup;
import io.almanac.model.store.RollupLevel;
import io.almanac.model.store.SeriesBatch;
import io.almanac.testing.InMemoryMetricStore;
import io.almanac.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The aggregators over an in-memory store and a hand-moved clock, with every expected value worked
 * out by hand. Intervals are AMS's defaults; rollups are labelled one second before their end.
 */
class AggregationServiceTest {
  private static final long MIN = 60_000;
  private static final long HOUR = 3_600_000;
  private static final long DAY = 86_400_000;

  /** Midnight UTC. */
  private static final long D = 1_795_219_200_000L;

  private final InMemoryMetricStore store = new InMemoryMetricStore();
  private final MutableClock clock = new MutableClock(D + DAY + 2 * HOUR);

  private AggregationService service() {
    // Raw points kept two days: the tests seed a day and a bit before the clock.
    return new AggregationService(store, TestSettings.defaults(172_800_000L), clock);
  }

  private void write(String name, String host, long[] ts, double... values) {
    store.write(List.of(batch(name, host, ts, values)));
  }

  private static SeriesBatch batch(String name, String host, long[] ts, double... values) {
    return new SeriesBatch(
        SeriesKey.of(name, "HOST", null, host), null, null, true, Points.of(ts, values));
  }

  private TreeMap<Long, Rollup> host(RollupLevel level, String name, String host) {
    return store.rollupRows(level).get(SeriesKey.of(name, "HOST", null, host));
  }

  private TreeMap<Long, Rollup> cluster(RollupLevel level, String name, String app) {
    return store.rollupRows(level).get(new SeriesKey(new MetricKey(name, app, ""), ""));
  }

  private void seed() {
    // h1: 1 and 3 in the first 5 minutes, 10 in the second, 100 in the second hour
    write(
        "m",
        "h1",
        new long[] {D + 10_000, D + 70_000, D + 310_000, D + HOUR + 5_000},
        1,
        3,
        10,
        100);
    // h2: zeros, which count
    write("m", "h2", new long[] {D + 20_000, D + 80_000}, 0, 0);
  }

  @Test
  void firstRunAggregatesEverythingTheRawTableHolds() {
    seed();
    Map<AggregatorKind, Integer> done = service().runOnce();

    // 5-minute intervals from D whose end is at least the 60 s delay before the clock (D + 26 h):
    // the last ends at D + 25 h 55 min, so 311
    assertThat(done.get(AggregatorKind.HOST_MINUTE)).isEqualTo(311);
    assertThat(host(RollupLevel.HOST_MINUTE, "m", "h1"))
        .containsExactly(
            Map.entry(D + 299_000, new Rollup(D + 299_000, 4, 2, 3, 1)),
            Map.entry(D + 599_000, new Rollup(D + 599_000, 10, 1, 10, 10)),
            Map.entry(D + HOUR + 299_000, new Rollup(D + HOUR + 299_000, 100, 1, 100, 100)));
    assertThat(host(RollupLevel.HOST_MINUTE, "m", "h2").firstEntry().getValue())
        .isEqualTo(new Rollup(D + 299_000, 0, 2, 0, 0));
    assertThat(host(RollupLevel.HOST_HOURLY, "m", "h1"))
        .containsExactly(
            Map.entry(D + HOUR - 1000, new Rollup(D + HOUR - 1000, 14, 3, 10, 1)),
            Map.entry(D + 2 * HOUR - 1000, new Rollup(D + 2 * HOUR - 1000, 100, 1, 100, 100)));
    assertThat(host(RollupLevel.HOST_DAILY, "m", "h1"))
        .containsExactly(Map.entry(D + DAY - 1000, new Rollup(D + DAY - 1000, 114, 4, 100, 1)));

    // 30 s slices of the first 2-minute window: h1 1, 2 (interpolated), 3; h2 0, 0, 0
    assertThat(cluster(RollupLevel.CLUSTER_SECOND, "m", "HOST").headMap(D + 120_001))
        .containsExactly(
            Map.entry(D + 30_000, new Rollup(D + 30_000, 1, 2, 1, 0)),
            Map.entry(D + 60_000, new Rollup(D + 60_000, 2, 2, 2, 0)),
            Map.entry(D + 90_000, new Rollup(D + 90_000, 3, 2, 3, 0)));
    assertThat(cluster(RollupLevel.CLUSTER_SECOND, "live_hosts", "HOST").get(D + 120_000))
        .isEqualTo(new Rollup(D + 120_000, 2, 1, 2, 2));
    // 5-minute cluster rollup: mean of slice totals (1 + 2 + 3) / 3, mean hosts 2
    assertThat(cluster(RollupLevel.CLUSTER_MINUTE, "m", "HOST").get(D + 299_000))
        .isEqualTo(new Rollup(D + 299_000, 2, 2, 3, 0));
    assertThat(cluster(RollupLevel.CLUSTER_DAILY, "m", "HOST")).containsKey(D + DAY - 1000);
  }

  @Test
  void onlyALeaderAggregatesAndANewLeaderGoesOnFromTheStoredCheckpoints() {
    seed();
    java.util.concurrent.atomic.AtomicBoolean aLeads =
        new java.util.concurrent.atomic.AtomicBoolean();
    AggregationService a = service();
    java.util.concurrent.atomic.AtomicLong epoch = new java.util.concurrent.atomic.AtomicLong(1);
    a.leadOnlyWhen(aLeads::get, epoch::get);
    AggregationService b = service(); // a second collector on the same store
    b.leadOnlyWhen(() -> !aLeads.get(), epoch::get);

    assertThat(a.runOnce()).as("a does not lead: it does nothing").isEmpty();
    assertThat(b.runOnce().get(AggregatorKind.HOST_MINUTE)).isEqualTo(311);

    clock.advance(Duration.ofHours(1));
    aLeads.set(true); // b is deposed, a takes over
    epoch.set(2);
    assertThat(b.runOnce()).isEmpty();
    // a reads b's checkpoints: only the hour since, not everything again
    assertThat(a.runOnce().get(AggregatorKind.HOST_MINUTE)).isEqualTo(12);

    clock.advance(Duration.ofHours(1));
    aLeads.set(false); // and back to b, which must not trust what it held in memory
    epoch.set(3);
    assertThat(a.runOnce()).isEmpty();
    assertThat(b.runOnce().get(AggregatorKind.HOST_MINUTE)).isEqualTo(12);
    assertThat(store.checkpoint("TimelineMetricHostAggregatorMinute"))
        .hasValue(D + DAY + 4 * HOUR - 5 * MIN);
  }

  @Test
  void aDeposedLeaderThatStillBelievesItLeadsIsRefusedByTheStore() {
    seed();
    AggregationService stale = service();
    stale.leadOnlyWhen(() -> true, () -> 1); // paused, and never told it was deposed
    AggregationService leader = service();
    leader.leadOnlyWhen(() -> true, () -> 2);
    assertThat(leader.runOnce().get(AggregatorKind.HOST_MINUTE)).isEqualTo(311);

    clock.advance(Duration.ofHours(1));
    assertThat(stale.runOnce()).as("the checkpoints are claimed by epoch 2").isEmpty();
    assertThat(store.checkpoint("TimelineMetricHostAggregatorMinute"))
        .hasValue(D + DAY + 2 * HOUR - 5 * MIN);
    assertThat(leader.runOnce().get(AggregatorKind.HOST_MINUTE)).isEqualTo(12);
  }

  /** An hour of 10 s points from {@code hour}: two metrics of three hosts, h3 silent a while. */
  private static List<SeriesBatch> anHour(long hour) {
    List<SeriesBatch> out = new java.util.ArrayList<>();
    for (String metric : List.of("m", "n")) {
      for (int h = 1; h <= 3; h++) {
        List<Long> ts = new java.util.ArrayList<>();
        for (long t = hour + h * 1_000L; t < hour + HOUR; t += 10_000) {
          if (h != 3 || t < hour + 20 * MIN || t >= hour + 27 * MIN) {
            ts.add(t);
          }
        }
        double[] values = new double[ts.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = (i * 7 + h * 13) % 50 + (metric.equals("n") ? 0.5 : 0);
        }
        out.add(batch(metric, "h" + h, ts.stream().mapToLong(Long::longValue).toArray(), values));
      }
    }
    return out;
  }

  private static final List<RollupLevel> DONE_LEVELS =
      List.of(
          RollupLevel.HOST_MINUTE,
          RollupLevel.HOST_HOURLY,
          RollupLevel.CLUSTER_SECOND,
          RollupLevel.CLUSTER_MINUTE,
          RollupLevel.CLUSTER_HOURLY);

  private static Map<RollupLevel, Map<SeriesKey, TreeMap<Long, Rollup>>> rollups(
      InMemoryMetricStore s) {
    Map<RollupLevel, Map<SeriesKey, TreeMap<Long, Rollup>>> out = new TreeMap<>();
    for (RollupLevel level : DONE_LEVELS) {
      out.put(level, new TreeMap<>(java.util.Comparator.comparing(SeriesKey::toString)));
      out.get(level).putAll(s.rollupRows(level));
    }
    return out;
  }

  private static SeriesKey clusterKey(String metric) {
    return new SeriesKey(new MetricKey(metric, "HOST", ""), "");
  }

  /** The hour from {@code T} aggregated interval by interval, as a collector running through it. */
  private static Map<RollupLevel, Map<SeriesKey, TreeMap<Long, Rollup>>> oneAtATime(long t) {
    InMemoryMetricStore live = new InMemoryMetricStore();
    live.write(anHour(t));
    MutableClock liveClock = new MutableClock(t - 10 * MIN);
    AggregationService service =
        new AggregationService(live, TestSettings.defaults(172_800_000L), liveClock);
    while (liveClock.millis() < t + 3 * HOUR) {
      service.runOnce();
      liveClock.advance(Duration.ofSeconds(30));
    }
    assertThat(live.rawScans()).as("a read per interval").isGreaterThan(100);
    return rollups(live);
  }

  @Test
  void aCatchUpReadsEachTableOncePerDayAndAggregatesAsIntervalByInterval() {
    long t = D + DAY;
    Map<RollupLevel, Map<SeriesKey, TreeMap<Long, Rollup>>> expected = oneAtATime(t);
    assertThat(expected.get(RollupLevel.HOST_MINUTE)).hasSize(6);
    for (String metric : List.of("m", "n")) {
      assertThat(expected.get(RollupLevel.CLUSTER_SECOND).get(clusterKey(metric))).hasSize(120);
    }

    InMemoryMetricStore down = new InMemoryMetricStore();
    down.write(anHour(t));
    MutableClock later = new MutableClock(t + 30 * HOUR);
    new AggregationService(down, TestSettings.defaults(172_800_000L), later).runOnce();
    // host minutes: 359 intervals in reads of 288; cluster slices: 899 windows in reads of 720
    assertThat(down.rawScans()).isEqualTo(2 + 2);
    // host hours: 29 intervals (as far as the host minutes went) in reads of 24
    assertThat(down.rollupScans(RollupLevel.HOST_MINUTE)).isEqualTo(2);
    // cluster 5 minutes (359 intervals) and cluster hours (29), both from the slices as in AMS,
    // in two reads each
    assertThat(down.rollupScans(RollupLevel.CLUSTER_SECOND)).isEqualTo(2 + 2);
    assertThat(rollups(down)).isEqualTo(expected);
  }

  @Test
  void sliceWindowsReadTogetherAreFewerWhenClusterMetricsAreMany() {
    assertThat(AggregationJob.sliceWindowsPerRead(120_000, 100)).isEqualTo(720); // a day
    assertThat(AggregationJob.sliceWindowsPerRead(120_000, 0)).isEqualTo(720);
    assertThat(AggregationJob.sliceWindowsPerRead(120_000, 10_000)).isEqualTo(10);
    assertThat(AggregationJob.sliceWindowsPerRead(120_000, 5_000_000)).isEqualTo(1);
    assertThat(AggregationJob.sliceWindowsPerRead(7_200_000, 10)).isEqualTo(12);
    assertThat(AggregationJob.sliceWindowsPerRead(86_400_000 * 2L, 10)).isEqualTo(1);
  }

  @Test
  void aLateHourIsRedoneInReadsOfAnHourAndAggregatesAsIntervalByInterval() {
    long t = D + DAY;
    Map<RollupLevel, Map<SeriesKey, TreeMap<Long, Rollup>>> expected = oneAtATime(t);

    InMemoryMetricStore running = new InMemoryMetricStore();
    MutableClock now = new MutableClock(t + 2 * HOUR);
    AggregationService service =
        new AggregationService(running, TestSettings.defaults(172_800_000L), now);
    service.runOnce(); // nothing yet: the checkpoints start at now
    List<SeriesBatch> late = anHour(t);
    running.write(late);
    service.recordLateData(late);
    int before = running.rawScans();
    for (int level = 0; level < 4; level++) { // each level once the one below has settled
      now.advance(Duration.ofSeconds(31));
      service.runOnce();
    }
    assertThat(running.dirtyIntervals("TimelineMetricHostAggregatorMinute")).isEmpty();
    assertThat(running.dirtyIntervals("TimelineClusterAggregatorSecond")).isEmpty();
    // host minutes: 12 marked intervals in one read; cluster slices: 31 (the margins reach the
    // next hour) in two; plus the forward passes' reads of the two minutes that passed
    assertThat(running.rawScans() - before).isLessThanOrEqualTo(3 + 4 * 2);
    assertThat(rollups(running)).isEqualTo(expected);
  }

  @Test
  void afterSixHoursDownEveryMissedIntervalIsAggregated() {
    seed();
    service().runOnce();
    clock.advance(Duration.ofHours(6));
    // what sinks spooled while the collector was down arrives after the restart
    write("m", "h1", new long[] {D + DAY + 3 * HOUR + 7_000}, 42);

    Map<AggregatorKind, Integer> done = service().runOnce(); // a new service: a restarted collector
    assertThat(done.get(AggregatorKind.HOST_MINUTE)).isEqualTo(72);
    assertThat(done.get(AggregatorKind.HOST_HOURLY)).isEqualTo(6);
    assertThat(done.get(AggregatorKind.CLUSTER_SECOND)).isEqualTo(180);
    assertThat(host(RollupLevel.HOST_MINUTE, "m", "h1").get(D + DAY + 3 * HOUR + 299_000))
        .isEqualTo(new Rollup(D + DAY + 3 * HOUR + 299_000, 42, 1, 42, 42));
    assertThat(host(RollupLevel.HOST_HOURLY, "m", "h1").get(D + DAY + 4 * HOUR - 1000).sum())
        .isEqualTo(42);
    assertThat(store.checkpoint("TimelineMetricHostAggregatorMinute"))
        .hasValue(D + DAY + 8 * HOUR - 5 * MIN);
  }

  @Test
  void aLatePointIsAggregatedAgainAtEveryLevel() {
    seed();
    AggregationService service = service();
    service.runOnce();
    SeriesBatch late = batch("m", "h1", new long[] {D + 100_000}, 7);
    store.write(List.of(late));
    service.recordLateData(List.of(late));
    service.runOnce();
    // marked just now: it waits for more late data to settle (30 s) before it is redone
    assertThat(host(RollupLevel.HOST_MINUTE, "m", "h1").get(D + 299_000).sum()).isEqualTo(4);
    for (int level = 0; level < 3; level++) { // minute, then hour, then day, each after settling
      clock.advance(Duration.ofSeconds(31));
      service.runOnce();
    }

    assertThat(host(RollupLevel.HOST_MINUTE, "m", "h1").get(D + 299_000))
        .isEqualTo(new Rollup(D + 299_000, 11, 3, 7, 1));
    assertThat(host(RollupLevel.HOST_HOURLY, "m", "h1").get(D + HOUR - 1000))
        .isEqualTo(new Rollup(D + HOUR - 1000, 21, 4, 10, 1));
    assertThat(host(RollupLevel.HOST_DAILY, "m", "h1").get(D + DAY - 1000))
        .isEqualTo(new Rollup(D + DAY - 1000, 121, 5, 100, 1));
    // the slice [90 s, 120 s) now has h1's 7 and h2's interpolation-free nothing: 7 alone
    assertThat(cluster(RollupLevel.CLUSTER_SECOND, "m", "HOST").get(D + 120_000))
        .isEqualTo(new Rollup(D + 120_000, 7, 1, 7, 7));
    assertThat(store.dirtyIntervals("TimelineMetricHostAggregatorMinute")).isEmpty();
    assertThat(store.dirtyIntervals("TimelineMetricHostAggregatorHourly")).isEmpty();
  }

  @Test
  void aLatePostedFiveMinuteRowIsRolledUpAgainIntoItsHourAndDay() {
    seed();
    AggregationService service = service();
    service.runOnce();
    Rollup before = host(RollupLevel.HOST_HOURLY, "m", "h1").get(D + HOUR - 1000);
    // a client posts its own 5-minute aggregate for a minute the hourly aggregator has done
    Rollup posted = new Rollup(D + 20 * 60_000 - 1000, 50, 5, 20, 2);
    store.writeHostRollups(
        RollupLevel.HOST_MINUTE, Map.of(SeriesKey.of("m", "HOST", null, "h1"), List.of(posted)));
    service.recordLateRollups(RollupLevel.HOST_MINUTE, List.of(posted.time()));
    assertThat(store.dirtyIntervals("TimelineMetricHostAggregatorHourly")).containsOnlyKeys(D);
    assertThat(store.dirtyIntervals("TimelineMetricHostAggregatorMinute")).isEmpty();
    for (int level = 0; level < 2; level++) { // hour, then day, each after settling
      clock.advance(Duration.ofSeconds(31));
      service.runOnce();
    }

    Rollup after = host(RollupLevel.HOST_HOURLY, "m", "h1").get(D + HOUR - 1000);
    assertThat(after.sum()).isEqualTo(before.sum() + 50);
    assertThat(after.count()).isEqualTo(before.count() + 5);
    assertThat(after.max()).isEqualTo(Math.max(before.max(), 20));
    assertThat(store.dirtyIntervals("TimelineMetricHostAggregatorHourly")).isEmpty();
    assertThat(store.dirtyIntervals("TimelineMetricHostAggregatorDaily")).isEmpty();
  }

  @Test
  void aMarkMadeWhileAnIntervalIsRedoneSurvivesItsClearing() {
    store.markDirty("agg", List.of(0L), 100);
    store.clearDirty(
        "agg", 0, 50); // the re-aggregation read the mark of time 50; a newer one came at 100
    assertThat(store.dirtyIntervals("agg")).containsEntry(0L, 100L);
    store.clearDirty("agg", 0, 100);
    assertThat(store.dirtyIntervals("agg")).isEmpty();
  }

  @Test
  void aBackfillWritesOneMarkPerIntervalNotOnePerPost() {
    AggregationService service = service();
    service.runOnce();
    SeriesBatch late = batch("m", "h1", new long[] {D + 100_000}, 7);
    long first = clock.millis();
    service.recordLateData(List.of(late));
    clock.advance(Duration.ofSeconds(2));
    service.recordLateData(List.of(late)); // within 5 s of the written mark: not written again
    assertThat(store.dirtyIntervals("TimelineMetricHostAggregatorMinute")).containsEntry(D, first);
    clock.advance(Duration.ofSeconds(4));
    service.recordLateData(List.of(late)); // 6 s on: refreshed
    assertThat(store.dirtyIntervals("TimelineMetricHostAggregatorMinute"))
        .containsEntry(D, first + 6_000);
  }

  @Test
  void dataInTheFutureOfTheCheckpointIsNotLate() {
    AggregationService service = service();
    service.runOnce();
    SeriesBatch fresh = batch("m", "h1", new long[] {clock.millis()}, 1);
    store.write(List.of(fresh));
    service.recordLateData(List.of(fresh));
    assertThat(store.dirtyIntervals("TimelineMetricHostAggregatorMinute")).isEmpty();
  }

  @Test
  void lagIsTheDistanceFromCheckpointToNow() {
    AggregationService service = service();
    service.runOnce();
    // empty store: starts at now minus the delay, floored to 5 minutes
    assertThat(service.lagMs(AggregatorKind.HOST_MINUTE)).isBetween(60_000L, 360_000L);
  }

  @Test
  void aStrayPointNearTheEpochAndAnAncientCheckpointDoNotSendTheAggregatorsBackTo1970() {
    write("m", "h1", new long[] {1, D + DAY + 10_000}, 5, 7);
    store.saveCheckpoint(AggregatorKind.CLUSTER_SECOND.amsName(), 0);
    store.markDirty(AggregatorKind.HOST_MINUTE.amsName(), List.of(0L), 0);
    Map<AggregatorKind, Integer> done = service().runOnce();

    // At most the two days of raw retention this test configures, in 5-minute intervals.
    assertThat(done.get(AggregatorKind.HOST_MINUTE)).isBetween(1, 2 * 288);
    assertThat(done.get(AggregatorKind.CLUSTER_SECOND)).isBetween(1, 2 * 720);
    assertThat(host(RollupLevel.HOST_MINUTE, "m", "h1")).containsOnlyKeys(D + DAY + 299_000);
    assertThat(store.dirtyIntervals(AggregatorKind.HOST_MINUTE.amsName())).isEmpty();
    assertThat(store.checkpoint(AggregatorKind.CLUSTER_SECOND.amsName()).getAsLong())
        .isGreaterThan(D - DAY);
  }
}
