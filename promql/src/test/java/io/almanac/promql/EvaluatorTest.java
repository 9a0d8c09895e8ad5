package io.almanac.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.almanac.model.Points;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  private static Map<String, String> labels(String name, String host) {
    return Map.of("__name__", name, "appid", "HOST", "hostname", host);
  }

  private static List<Sample> vector(SeriesSource source, String query, long seconds) {
    QueryResult r = new Evaluator(source).instant(query, seconds * 1000);
    return ((QueryResult.VectorResult) r).samples();
  }

  private static Map<String, Double> byHost(List<Sample> samples) {
    Map<String, Double> out = new TreeMap<>();
    samples.forEach(s -> out.put(s.labels().get("hostname"), s.value()));
    return out;
  }

  @Test
  void anInstantSelectorTakesTheNewestPointWithinFiveMinutes() {
    MemorySource source =
        new MemorySource()
            .add(labels("cpu_user", "h1"), new long[] {600, 700}, 1, 2)
            .add(labels("cpu_user", "h2"), new long[] {400}, 9);
    // at 1000 s: h1's point at 700 is 300 s old, at the edge (excluded); h2's at 400 too old
    assertThat(vector(source, "cpu_user", 999)).extracting(Sample::value).containsExactly(2.0);
    assertThat(vector(source, "cpu_user", 1000)).isEmpty();
    // offset looks back
    assertThat(byHost(vector(source, "cpu_user offset 5m", 950)))
        .containsEntry("h1", 1.0)
        .containsEntry("h2", 9.0);
  }

  @Test
  void rateAndIncreaseOverACounterWithAResetExtrapolateAsPrometheus() {
    // a counter every 60 s: 0, 60, 120, then a restart: 10, 70
    MemorySource source =
        new MemorySource()
            .add(labels("requests", "h1"), new long[] {0, 60, 120, 180, 240}, 0, 60, 120, 10, 70);
    // window (-60 s, 240 s]: change 70 - 0 plus 120 lost at the reset = 190; the first sample is
    // within 1.1 intervals of the start but the counter would be 0 there already: no extrapolation
    assertThat(vector(source, "increase(requests[5m])", 240).get(0).value())
        .isCloseTo(190, within(1e-9));
    assertThat(vector(source, "rate(requests[5m])", 240).get(0).value())
        .isCloseTo(190.0 / 300, within(1e-9));
    assertThat(vector(source, "irate(requests[5m])", 240).get(0).value())
        .isCloseTo(1.0, within(1e-9));
    assertThat(vector(source, "resets(requests[5m])", 240).get(0).value()).isEqualTo(1);
    assertThat(vector(source, "changes(requests[5m])", 240).get(0).value()).isEqualTo(4);
    // names are dropped by functions
    assertThat(vector(source, "rate(requests[5m])", 240).get(0).labels().get("__name__")).isEmpty();
  }

  @Test
  void rateExtrapolatesToTheWindowEdgesWhenSamplesAreClose() {
    // a gauge-like delta: samples at 30 s and 90 s in the window (0, 120]: each 30 s from an edge,
    // within 1.1 x the 60 s interval, so the 60 s change is stretched to the 120 s window
    MemorySource source = new MemorySource().add(labels("g", "h1"), new long[] {30, 90}, 10, 16);
    assertThat(vector(source, "delta(g[2m])", 120).get(0).value()).isCloseTo(12, within(1e-9));
  }

  @Test
  void aggregationsByAndWithoutTopkAndQuantile() {
    MemorySource source =
        new MemorySource()
            .add(
                Map.of("__name__", "m", "appid", "HOST", "hostname", "h1", "rack", "r1"),
                new long[] {100},
                1)
            .add(
                Map.of("__name__", "m", "appid", "HOST", "hostname", "h2", "rack", "r1"),
                new long[] {100},
                3)
            .add(
                Map.of("__name__", "m", "appid", "HOST", "hostname", "h3", "rack", "r2"),
                new long[] {100},
                8);
    assertThat(vector(source, "sum(m)", 100)).containsExactly(new Sample(Labels.EMPTY, 12));
    Map<String, Double> avgByRack = new TreeMap<>();
    vector(source, "avg by (rack) (m)", 100)
        .forEach(s -> avgByRack.put(s.labels().get("rack"), s.value()));
    assertThat(avgByRack).containsEntry("r1", 2.0).containsEntry("r2", 8.0).hasSize(2);
    assertThat(vector(source, "count without (hostname) (m)", 100))
        .extracting(s -> s.labels().map().toString() + "=" + s.value())
        .containsExactlyInAnyOrder("{appid=HOST, rack=r1}=2.0", "{appid=HOST, rack=r2}=1.0");
    assertThat(byHost(vector(source, "topk(2, m)", 100))).containsOnlyKeys("h2", "h3");
    assertThat(vector(source, "topk(1, m)", 100).get(0).labels().get("__name__")).isEqualTo("m");
    assertThat(byHost(vector(source, "bottomk by (rack) (1, m)", 100)))
        .containsOnlyKeys("h1", "h3");
    assertThat(vector(source, "quantile(0.5, m)", 100).get(0).value()).isEqualTo(3);
    assertThat(vector(source, "max(m) - min(m)", 100).get(0).value()).isEqualTo(7);
  }

  @Test
  void operatorsMatchVectorsAndFilterComparisons() {
    MemorySource source =
        new MemorySource()
            .add(labels("used", "h1"), new long[] {100}, 30)
            .add(labels("used", "h2"), new long[] {100}, 90)
            .add(labels("total", "h1"), new long[] {100}, 100)
            .add(labels("total", "h2"), new long[] {100}, 100);
    assertThat(byHost(vector(source, "used / total * 100", 100)))
        .containsEntry("h1", 30.0)
        .containsEntry("h2", 90.0);
    assertThat(byHost(vector(source, "used / on(hostname) total", 100))).containsEntry("h2", 0.9);
    assertThat(byHost(vector(source, "used > 50", 100)))
        .containsOnlyKeys("h2")
        .containsEntry("h2", 90.0);
    assertThat(byHost(vector(source, "used > bool 50", 100)))
        .containsEntry("h1", 0.0)
        .containsEntry("h2", 1.0);
    assertThat(byHost(vector(source, "used and used > 50", 100))).containsOnlyKeys("h2");
    assertThat(byHost(vector(source, "used unless used > 50", 100))).containsOnlyKeys("h1");
    QueryResult scalar = new Evaluator(source).instant("2 * 3 + 1 == bool 7", 100_000);
    assertThat(((QueryResult.ScalarResult) scalar).value()).isEqualTo(1);
    assertThatThrownBy(() -> new Evaluator(source).instant("1 > 2", 0))
        .hasMessageContaining("BOOL");
  }

  @Test
  void absentNamesTheLabelsItWasAskedFor() {
    MemorySource source = new MemorySource().add(labels("up", "h1"), new long[] {100}, 1);
    assertThat(vector(source, "absent(up)", 100)).isEmpty();
    assertThat(vector(source, "absent(nothing{hostname=\"h9\"})", 100))
        .containsExactly(new Sample(Labels.of(Map.of("hostname", "h9")), 1));
    assertThat(vector(source, "absent_over_time(up[1m])", 400)).hasSize(1);
  }

  @Test
  void aRangeQueryEvaluatesAtEveryStepAndReadsEachSelectorOnce() {
    MemorySource source =
        new MemorySource().add(labels("cpu_user", "h1"), new long[] {0, 50, 100, 150}, 1, 2, 3, 4);
    QueryResult.MatrixResult r = new Evaluator(source).range("cpu_user * 10", 0, 180_000, 60_000);
    assertThat(r.series()).hasSize(1);
    Points p = r.series().get(0).points();
    assertThat(p.toMap())
        .containsExactly(
            Map.entry(0L, 10.0),
            Map.entry(60_000L, 20.0),
            Map.entry(120_000L, 30.0),
            Map.entry(180_000L, 40.0));
    assertThat(source.selects).isEqualTo(1);
    assertThatThrownBy(() -> new Evaluator(source).range("cpu_user", 0, 20_000_000, 1000))
        .hasMessageContaining("11,000 points");
    assertThatThrownBy(() -> new Evaluator(source).range("cpu_user[5m]", 0, 1000, 1000))
        .hasMessageContaining("range vector");
  }

  @Test
  void labelReplaceAndOverTimeFunctions() {
    MemorySource source =
        new MemorySource()
            .add(labels("m", "dn1.example.org"), new long[] {10, 20, 30, 40}, 4, 2, 8, 6);
    Sample s =
        vector(source, "label_replace(m, \"short\", \"$1\", \"hostname\", \"([^.]+)\\\\..*\")", 40)
            .get(0);
    assertThat(s.labels().get("short")).isEqualTo("dn1");
    assertThat(vector(source, "avg_over_time(m[1m])", 40).get(0).value()).isEqualTo(5);
    assertThat(vector(source, "max_over_time(m[1m])", 40).get(0).value()).isEqualTo(8);
    assertThat(vector(source, "last_over_time(m[1m])", 40).get(0).labels().get("__name__"))
        .isEqualTo("m");
    assertThat(vector(source, "quantile_over_time(0.5, m[1m])", 40).get(0).value()).isEqualTo(5);
    assertThat(vector(source, "count_over_time(m[25s])", 40).get(0).value()).isEqualTo(3);
    assertThat(vector(source, "clamp_max(m, 5)", 40).get(0).value()).isEqualTo(5);
  }

  @Test
  void orMatchesLabelSetsWithoutTheNameSoPerNameThresholdsNeedADistinguishingLabel() {
    // the shape of conf/alerts/almanac-self.yml's AlmanacAggregatorLagging
    MemorySource source =
        new MemorySource()
            .add(labels("agg.Minute.lag", "c1"), new long[] {100}, 2000)
            .add(labels("agg.Hourly.lag", "c1"), new long[] {100}, 2000)
            .add(labels("agg.Daily.lag", "c1"), new long[] {100}, 5);
    // as in Prometheus, or drops Daily: its labels equal Minute's once the name is ignored
    assertThat(
            vector(
                source,
                "{__name__=\"agg.Minute.lag\"} > 1800 or {__name__=\"agg.Daily.lag\"} > 1",
                120))
        .hasSize(1);
    String query =
        "label_replace({__name__=\"agg.Minute.lag\"}, \"aggregator\", \"$1\", \"__name__\","
            + " \"agg\\\\.(.*)\\\\.lag\") > 1800"
            + " or label_replace({__name__=\"agg.Hourly.lag\"}, \"aggregator\", \"$1\","
            + " \"__name__\", \"agg\\\\.(.*)\\\\.lag\") > 10800"
            + " or label_replace({__name__=\"agg.Daily.lag\"}, \"aggregator\", \"$1\","
            + " \"__name__\", \"agg\\\\.(.*)\\\\.lag\") > 1";
    List<Sample> out = vector(source, query, 120);
    assertThat(out)
        .extracting(x -> x.labels().get("aggregator"))
        .containsExactlyInAnyOrder("Minute", "Daily");
    // a filtering comparison keeps the name
    assertThat(out).allSatisfy(x -> assertThat(x.labels().get("__name__")).endsWith(".lag"));
  }
}
