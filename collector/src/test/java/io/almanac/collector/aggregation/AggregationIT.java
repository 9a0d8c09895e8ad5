package io.almanac.collector.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.almanac.aggregators.AggregationService;
import io.almanac.aggregators.AggregatorKind;
import io.almanac.collector.config.ConfigLoader;
import io.almanac.collector.testing.SharedCollector;
import io.almanac.collector.testing.TimelineClient;
import io.almanac.model.MetricKey;
import io.almanac.model.Points;
import io.almanac.model.SeriesKey;
import io.almanac.model.TimelineMetric;
import io.almanac.model.TimelineMetrics;
import io.almanac.model.store.MetricStore;
import io.almanac.model.store.Rollup;
import io.almanac.model.store.RollupLevel;
import io.almanac.model.store.SeriesBatch;
import io.almanac.testing.MutableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The aggregators against the real store, then their rollups read back through the HTTP API with
 * precision=minutes|hours|days and as cluster-wide series. Values are worked out by hand.
 */
@ExtendWith(SharedCollector.class)
class AggregationIT {
  private static final long MIN = 60_000;
  private static final long HOUR = 3_600_000;
  private static final long DAY = 86_400_000;

  private final TimelineClient client = SharedCollector.client();
  private final MetricStore store = SharedCollector.server().store();
  private final String app = "agg" + UUID.randomUUID().toString().substring(0, 8);

  private static Points constant(long start, int points, double value) {
    long[] ts = new long[points];
    double[] vs = new double[points];
    for (int i = 0; i < points; i++) {
      ts[i] = start + i * 10_000L;
      vs[i] = value;
    }
    return Points.of(ts, vs);
  }

  private Map<Long, Double> values(String... params) {
    List<TimelineMetric> got = client.query(params);
    assertThat(got).as(String.join(" ", params)).hasSize(1);
    return got.get(0).points().toMap();
  }

  @Test
  void aDirtyMarkNewerThanTheOneReadSurvivesItsClearing() {
    String aggregator = "TestAggregator-" + app;
    store.markDirty(aggregator, List.of(60_000L), 100);
    store.clearDirty(aggregator, 60_000, 50);
    assertThat(store.dirtyIntervals(aggregator)).containsEntry(60_000L, 100L);
    store.clearDirty(aggregator, 60_000, 100);
    assertThat(store.dirtyIntervals(aggregator)).isEmpty();
  }

  @Test
  void rollupsComputedFromRealDataAreServedAtEveryPrecision() {
    long now = System.currentTimeMillis();
    long t = (now - 3 * HOUR) / HOUR * HOUR; // a whole hour, complete and inside the raw TTL
    // three hosts at 10 s for 20 minutes: a = 1, b = 2, c = 0 (a zero that counts)
    List<TimelineMetric> raw = new ArrayList<>();
    for (String[] hv : new String[][] {{"a", "1"}, {"b", "2"}, {"c", "0"}}) {
      for (int minute = 0; minute < 20; minute++) {
        raw.add(
            TimelineMetric.of(
                "load", app, hv[0], constant(t + minute * MIN, 6, Double.parseDouble(hv[1]))));
      }
    }
    assertThat(client.post(new TimelineMetrics(raw)).statusCode()).isEqualTo(200);
    // two days back: hourly rows seeded by hand for the daily aggregator (4 of 5 samples each)
    long y = now / DAY * DAY - 2 * DAY;
    List<Rollup> hourly = new ArrayList<>();
    for (int h = 0; h < 24; h++) {
      hourly.add(new Rollup(y + (h + 1) * HOUR - 1000, 10, 5, 4, 1));
    }
    store.writeHostRollups(
        RollupLevel.HOST_HOURLY,
        Map.of(new SeriesKey(new MetricKey("dload", app, ""), "a"), hourly));

    MutableClock clock = new MutableClock(now);
    AggregationService aggregation =
        new AggregationService(
            store, ConfigLoader.load(null, Map.of()).aggregation().settings(), clock);
    Map<AggregatorKind, Integer> done = aggregation.runOnce();
    assertThat(done.get(AggregatorKind.HOST_MINUTE)).isPositive();

    String start = Long.toString(t / 1000);
    String end20 = Long.toString((t + 20 * MIN) / 1000);
    String endHour = Long.toString((t + HOUR) / 1000);
    assertThat(
            values(
                "metricNames",
                "load",
                "hostname",
                "a",
                "appId",
                app,
                "startTime",
                start,
                "endTime",
                end20,
                "precision",
                "minutes"))
        .containsExactly(
            entry(t + 5 * MIN - 1000, 1.0),
            entry(t + 10 * MIN - 1000, 1.0),
            entry(t + 15 * MIN - 1000, 1.0),
            entry(t + 20 * MIN - 1000, 1.0));
    assertThat(
            values(
                "metricNames",
                "load",
                "hostname",
                "b",
                "appId",
                app,
                "startTime",
                start,
                "endTime",
                endHour,
                "precision",
                "hours"))
        .containsExactly(entry(t + HOUR - 1000, 2.0));
    assertThat(
            values(
                "metricNames",
                "dload._max",
                "hostname",
                "a",
                "appId",
                app,
                "startTime",
                Long.toString(y / 1000),
                "endTime",
                Long.toString((y + DAY) / 1000),
                "precision",
                "days"))
        .containsExactly(entry(y + DAY - 1000, 4.0));
    assertThat(
            values(
                "metricNames",
                "dload",
                "hostname",
                "a",
                "appId",
                app,
                "startTime",
                Long.toString(y / 1000),
                "endTime",
                Long.toString((y + DAY) / 1000),
                "precision",
                "days"))
        .containsExactly(entry(y + DAY - 1000, 2.0)); // 240 / 120

    // cluster-wide: every 30 s slice holds 1 + 2 + 0 over 3 hosts; slices are labelled by their
    // end, so [t, t + 20 min) holds the labels t + 30 s ... t + 19.5 min
    Map<Long, Double> slices =
        values(
            "metricNames",
            "load._sum",
            "appId",
            app,
            "startTime",
            start,
            "endTime",
            end20,
            "precision",
            "seconds");
    assertThat(slices)
        .hasSize(39)
        .containsEntry(t + 30_000, 3.0)
        .containsEntry(t + 19 * MIN + 30_000, 3.0);
    assertThat(
            values(
                    "metricNames",
                    "load",
                    "appId",
                    app,
                    "startTime",
                    start,
                    "endTime",
                    end20,
                    "precision",
                    "seconds")
                .values())
        .containsOnly(1.0);
    assertThat(
            values(
                "metricNames",
                "load._sum",
                "appId",
                app,
                "startTime",
                start,
                "endTime",
                end20,
                "precision",
                "minutes"))
        .containsExactly(
            entry(t + 5 * MIN - 1000, 3.0),
            entry(t + 10 * MIN - 1000, 3.0),
            entry(t + 15 * MIN - 1000, 3.0),
            entry(t + 20 * MIN - 1000, 3.0));
    assertThat(
            values(
                "metricNames",
                "load._avg",
                "appId",
                app,
                "startTime",
                start,
                "endTime",
                endHour,
                "precision",
                "hours"))
        .containsExactly(entry(t + HOUR - 1000, 1.0));
    assertThat(
            values(
                    "metricNames",
                    "live_hosts",
                    "appId",
                    app,
                    "startTime",
                    start,
                    "endTime",
                    end20,
                    "precision",
                    "seconds")
                .values())
        .contains(3.0);

    // a late point in the first 5 minutes of host a: that interval and the hour above are redone
    SeriesBatch late =
        new SeriesBatch(
            SeriesKey.of("load", app, null, "a"),
            null,
            null,
            true,
            Points.of(new long[] {t + 5_000}, new double[] {7}));
    store.write(List.of(late));
    aggregation.recordLateData(List.of(late));
    for (int level = 0; level < 2; level++) { // the 5 minutes, then the hour, each once settled
      clock.advance(java.time.Duration.ofSeconds(31));
      aggregation.runOnce();
    }
    assertThat(
            values(
                "metricNames",
                "load._max",
                "hostname",
                "a",
                "appId",
                app,
                "startTime",
                start,
                "endTime",
                Long.toString((t + 5 * MIN) / 1000),
                "precision",
                "minutes"))
        .containsExactly(entry(t + 5 * MIN - 1000, 7.0));
    assertThat(
            values(
                "metricNames",
                "load._max",
                "hostname",
                "a",
                "appId",
                app,
                "startTime",
                start,
                "endTime",
                endHour,
                "precision",
                "hours"))
        .containsExactly(entry(t + HOUR - 1000, 7.0));
  }
}
