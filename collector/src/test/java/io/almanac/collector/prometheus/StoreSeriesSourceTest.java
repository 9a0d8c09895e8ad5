package io.almanac.collector.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.aggregators.AggregationSettings;
import io.almanac.aggregators.FreshRollups;
import io.almanac.collector.config.ConfigLoader;
import io.almanac.model.Points;
import io.almanac.model.SeriesKey;
import io.almanac.model.store.Rollup;
import io.almanac.model.store.RollupLevel;
import io.almanac.model.store.SeriesBatch;
import io.almanac.promql.IntervalSummary;
import io.almanac.promql.LabelMatcher;
import io.almanac.promql.PromQlException;
import io.almanac.promql.Series;
import io.almanac.promql.SummarySeries;
import io.almanac.testing.InMemoryMetricStore;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class StoreSeriesSourceTest {
  private static final long HOUR = 3_600_000;

  private static HostRollupReader rollups(InMemoryMetricStore store) {
    AggregationSettings settings = ConfigLoader.load(null, Map.of()).aggregation().settings();
    return new HostRollupReader(
        new FreshRollups(store, store, settings, () -> 10 * HOUR), settings);
  }

  private static LabelMatcher name(LabelMatcher.Type type, String value) {
    return LabelMatcher.of("__name__", type, value);
  }

  @Test
  void anEscapedNameStandsForTheOneStoredNameItEscapes() {
    TreeSet<String> known =
        new TreeSet<>(List.of("dfs.FSNamesystem.CapacityUsed", "cpu_user", "a.b", "a-b"));
    assertThat(StoreSeriesSource.names(List.of(name(LabelMatcher.Type.EQUAL, "cpu_user")), known))
        .containsExactly("cpu_user");
    assertThat(
            StoreSeriesSource.names(
                List.of(name(LabelMatcher.Type.EQUAL, "dfs_FSNamesystem_CapacityUsed")), known))
        .containsExactly("dfs.FSNamesystem.CapacityUsed");
    assertThat(StoreSeriesSource.names(List.of(name(LabelMatcher.Type.EQUAL, "nothing")), known))
        .isEmpty();
    assertThatThrownBy(
            () -> StoreSeriesSource.names(List.of(name(LabelMatcher.Type.EQUAL, "a_b")), known))
        .isInstanceOf(PromQlException.class)
        .hasMessageContaining("a-b")
        .hasMessageContaining("a.b");
    assertThat(
            StoreSeriesSource.names(
                List.of(name(LabelMatcher.Type.REGEX, "dfs\\..*|cpu_.*")), known))
        .containsExactly("cpu_user", "dfs.FSNamesystem.CapacityUsed");
    assertThat(StoreSeriesSource.escape("9.jvm-heap")).isEqualTo("__jvm_heap");
  }

  @Test
  void readsTheSelectedSeriesWithTheirLabelsAndAppliesTheOtherMatchers() {
    InMemoryMetricStore store = new InMemoryMetricStore();
    for (String host : List.of("dn1", "dn2", "nn1")) {
      store.write(
          List.of(
              new SeriesBatch(
                  SeriesKey.of("bytes.in", "datanode", "", host),
                  null,
                  null,
                  true,
                  Points.of(new long[] {1000, 2000}, new double[] {1, 2}))));
    }
    StoreSeriesSource source = new StoreSeriesSource(store, store, rollups(store), 1_000_000);
    List<Series> series =
        source.select(
            List.of(
                name(LabelMatcher.Type.EQUAL, "bytes_in"),
                LabelMatcher.of("hostname", LabelMatcher.Type.REGEX, "dn.")),
            0,
            1500);
    assertThat(series)
        .extracting(s -> s.labels().get("hostname"))
        .containsExactlyInAnyOrder("dn1", "dn2");
    assertThat(series.get(0).labels().get("__name__")).isEqualTo("bytes.in");
    assertThat(series.get(0).points().size()).isEqualTo(1);
    StoreSeriesSource tight = new StoreSeriesSource(store, store, rollups(store), 3);
    assertThatThrownBy(
            () -> tight.select(List.of(name(LabelMatcher.Type.EQUAL, "bytes.in")), 0, 3000))
        .hasMessageContaining("more than 3 points");
  }

  @Test
  void hostRollupsAnswerAsIntervalSummariesStoredOrComputedFromRawPoints() {
    InMemoryMetricStore store = new InMemoryMetricStore();
    SeriesKey nn1 = SeriesKey.of("mem.used", "HOST", "", "nn1");
    // an hourly row stored for the first hour (its raw points have expired) ...
    store.writeHostRollups(
        RollupLevel.HOST_HOURLY, Map.of(nn1, List.of(new Rollup(HOUR - 1000, 30, 3, 20, 5))));
    // ... and raw points in the second, which no aggregator has rolled up yet
    store.write(
        List.of(
            new SeriesBatch(
                nn1,
                null,
                null,
                true,
                Points.of(new long[] {HOUR + 60_000, HOUR + 120_000}, new double[] {7, 9}))));
    StoreSeriesSource source = new StoreSeriesSource(store, store, rollups(store), 1_000_000);
    assertThat(source.summaryIntervals()).containsExactly(86_400_000L, HOUR, 300_000L);
    List<SummarySeries> hourly =
        source.selectSummaries(
            List.of(
                name(LabelMatcher.Type.EQUAL, "mem_used"),
                LabelMatcher.of("hostname", LabelMatcher.Type.EQUAL, "nn1")),
            HOUR,
            0,
            2 * HOUR);
    assertThat(hourly).hasSize(1);
    assertThat(hourly.get(0).labels().get("__name__")).isEqualTo("mem.used");
    assertThat(hourly.get(0).intervals())
        .containsExactly(
            new IntervalSummary(0, 30, 3, 5, 20), new IntervalSummary(HOUR, 16, 2, 7, 9));
  }

  @Test
  void taggedNamesAreSelectedByTheirBaseAndCarryTheirTagsAsLabels() {
    InMemoryMetricStore store = new InMemoryMetricStore();
    for (String check : List.of("nn-rpc", "nn-web")) {
      store.write(
          List.of(
              new SeriesBatch(
                  SeriesKey.of(
                      "almanac.check.up;check=" + check + ";hostname=spoof;target=nn1:8020",
                      "HOST",
                      "",
                      "h1"),
                  null,
                  null,
                  true,
                  Points.of(new long[] {1000}, new double[] {0}))));
    }
    java.util.SortedSet<String> known =
        io.almanac.model.store.MetadataReader.namesOf(store.metrics());
    assertThat(
            StoreSeriesSource.names(
                List.of(name(LabelMatcher.Type.EQUAL, "almanac_check_up")), known))
        .hasSize(2);
    assertThat(
            StoreSeriesSource.names(
                List.of(name(LabelMatcher.Type.REGEX, "almanac\\.check\\..*")), known))
        .hasSize(2);
    StoreSeriesSource source = new StoreSeriesSource(store, store, rollups(store), 1_000_000);
    List<Series> series =
        source.select(
            List.of(
                name(LabelMatcher.Type.EQUAL, "almanac.check.up"),
                LabelMatcher.of("check", LabelMatcher.Type.EQUAL, "nn-web")),
            0,
            2000);
    assertThat(series).hasSize(1);
    assertThat(series.get(0).labels().map())
        .containsEntry("__name__", "almanac.check.up")
        .containsEntry("check", "nn-web")
        .containsEntry("target", "nn1:8020")
        .containsEntry("hostname", "h1")
        .containsEntry("exported_hostname", "spoof");
  }

  @Test
  void namesComeFromTheCachedSetAndATableReadOnlyWhenTheyNameNothing() {
    InMemoryMetricStore store = new InMemoryMetricStore();
    for (String metric : List.of("old.metric", "new.metric")) {
      store.write(
          List.of(
              new SeriesBatch(
                  SeriesKey.of(metric, "app", "", "h1"),
                  null,
                  null,
                  true,
                  Points.of(new long[] {1000}, new double[] {1}))));
    }
    java.util.concurrent.atomic.AtomicInteger tableReads =
        new java.util.concurrent.atomic.AtomicInteger();
    // A cache that has not learnt of new.metric yet (written by another collector, say).
    io.almanac.model.store.MetadataReader stale =
        new io.almanac.model.store.MetadataReader() {
          @Override
          public List<io.almanac.model.store.MetricDescriptor> metrics() {
            tableReads.incrementAndGet();
            return store.metrics();
          }

          @Override
          public java.util.SortedSet<String> metricNames() {
            return new TreeSet<>(List.of("old.metric"));
          }

          @Override
          public Map<String, java.util.Set<String>> appsByHost() {
            return store.appsByHost();
          }

          @Override
          public Map<String, java.util.Set<String>> hostsByInstance() {
            return store.hostsByInstance();
          }

          @Override
          public java.util.Optional<io.almanac.model.store.SeriesIds> seriesIds(
              io.almanac.model.MetricKey metric, String hostName) {
            return store.seriesIds(metric, hostName);
          }
        };
    assertThat(
            new StoreSeriesSource(store, stale, rollups(store), 1_000_000)
                .select(List.of(name(LabelMatcher.Type.EQUAL, "old.metric")), 0, 2000))
        .hasSize(1);
    assertThat(tableReads).hasValue(0);
    assertThat(
            new StoreSeriesSource(store, stale, rollups(store), 1_000_000)
                .select(List.of(name(LabelMatcher.Type.EQUAL, "new.metric")), 0, 2000))
        .singleElement()
        .satisfies(series -> assertThat(series.labels().get("__name__")).isEqualTo("new.metric"));
    assertThat(tableReads).hasValue(1);
  }
}
