package io.almanac.aggregators;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.model.MetricKey;
import io.almanac.model.Points;
import io.almanac.model.SeriesKey;
import io.almanac.model.store.MetricDescriptor;
import io.almanac.model.store.Rollup;
import io.almanac.model.store.RollupLevel;
import io.almanac.model.store.SeriesPoints;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterSliceAggregationTest {
  static AggregationSettings settings(boolean interpolate) {
    Map<AggregatorKind, AggregatorSpec> specs = new EnumMap<>(AggregatorKind.class);
    long[] intervals = {300_000, 3_600_000, 86_400_000, 120_000, 300_000, 3_600_000, 86_400_000};
    for (AggregatorKind k : AggregatorKind.values()) {
      specs.put(k, new AggregatorSpec(k, intervals[k.ordinal()], true, 0, 86_400_000L));
    }
    return new AggregationSettings(
        specs,
        30_000,
        interpolate,
        List.of("sdisk\\_%", "boottime"),
        List.of("datanode"),
        false,
        30_000);
  }

  private static SeriesPoints series(
      String name, String app, String host, long[] ts, double... vs) {
    return new SeriesPoints(SeriesKey.of(name, app, null, host), Points.of(ts, vs));
  }

  @Test
  void threeHostsTwoAppsWithZerosGapsAppLevelAndLiveHosts() {
    List<SeriesPoints> raw =
        List.of(
            series(
                "cpu_user",
                "HOST",
                "h1",
                new long[] {5_000, 15_000, 35_000, 95_000},
                10,
                20,
                0,
                30),
            series("cpu_user", "HOST", "h2", new long[] {-20_000, 61_000}, 10, 40),
            series("dn.bytes", "datanode", "h3", new long[] {45_000}, 5),
            series("sdisk_sda_read_count", "HOST", "h1", new long[] {5_000}, 1),
            series("boottime", "HOST", "h1", new long[] {5_000}, 1),
            series("skipped", "HOST", "h1", new long[] {5_000}, 1));
    Map<MetricKey, MetricDescriptor> metadata =
        Map.of(
            new MetricKey("skipped", "HOST", ""),
            new MetricDescriptor(new MetricKey("skipped", "HOST", ""), null, null, 0, false));
    Map<String, Set<String>> apps =
        Map.of("h1", Set.of("HOST", "datanode"), "h2", Set.of("HOST"), "h3", Set.of("datanode"));

    Map<MetricKey, List<Rollup>> out =
        new ClusterSliceAggregation(settings(true)).aggregate(raw, 0, 120_000, metadata, apps);

    // h1: 15, 0, 15 (interpolated), 30; h2: 20, 30 (interpolated from its point at -20 s), 40, none
    assertThat(out.get(new MetricKey("cpu_user", "HOST", "")))
        .containsExactly(
            new Rollup(30_000, 35, 2, 20, 15),
            new Rollup(60_000, 30, 2, 30, 0),
            new Rollup(90_000, 55, 2, 40, 15),
            new Rollup(120_000, 30, 1, 30, 30));
    // app-level: cpu_user of the datanode hosts (h1 only)
    assertThat(out.get(new MetricKey("cpu_user", "datanode", "")))
        .containsExactly(
            new Rollup(30_000, 15, 1, 15, 15), new Rollup(60_000, 0, 1, 0, 0),
            new Rollup(90_000, 15, 1, 15, 15), new Rollup(120_000, 30, 1, 30, 30));
    assertThat(out.get(new MetricKey("dn.bytes", "datanode", "")))
        .containsExactly(new Rollup(60_000, 5, 1, 5, 5));
    assertThat(out.get(new MetricKey("live_hosts", "HOST", "")))
        .containsExactly(new Rollup(120_000, 2, 1, 2, 2));
    assertThat(out.get(new MetricKey("live_hosts", "datanode", "")))
        .containsExactly(new Rollup(120_000, 1, 1, 1, 1));
    assertThat(out)
        .doesNotContainKeys(
            new MetricKey("sdisk_sda_read_count", "HOST", ""),
            new MetricKey("boottime", "HOST", ""),
            new MetricKey("skipped", "HOST", ""));
  }

  @Test
  void kindsKnowWhatTheyReadAndFeed() {
    assertThat(AggregatorKind.CLUSTER_SECOND.downstream())
        .containsExactly(AggregatorKind.CLUSTER_MINUTE, AggregatorKind.CLUSTER_HOURLY);
    assertThat(AggregatorKind.CLUSTER_DAILY.upstream()).isEqualTo(AggregatorKind.CLUSTER_HOURLY);
    assertThat(AggregatorKind.HOST_MINUTE.upstream()).isNull();
    assertThat(AggregatorKind.HOST_DAILY.input()).isEqualTo(RollupLevel.HOST_HOURLY);
  }

  @Test
  void likePatternsFollowSql() {
    assertThat(AggregationSettings.likeToRegex("sdisk\\_%").matcher("sdisk_sda_read").matches())
        .isTrue();
    assertThat(AggregationSettings.likeToRegex("sdisk\\_%").matcher("sdiskX").matches()).isFalse();
    assertThat(AggregationSettings.likeToRegex("a_c").matcher("abc").matches()).isTrue();
  }
}
