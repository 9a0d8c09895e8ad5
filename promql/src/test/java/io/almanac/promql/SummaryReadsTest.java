package io.almanac.promql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryReadsTest {
  private static final long FIVE_MINUTES = 300_000;
  private static final long HOUR = 3_600_000;

  private static Map<String, String> labels(String name, String host) {
    return Map.of("__name__", name, "appid", "HOST", "hostname", host);
  }

  /** A gauge every 60 s, stamped 7 s past the minute (off every 5-minute boundary), for 3 h. */
  private static MemorySource gauges(MemorySource source) {
    int n = 180;
    long[] seconds = new long[n];
    double[] h1 = new double[n];
    double[] h2 = new double[n];
    for (int i = 0; i < n; i++) {
      seconds[i] = 60L * i + 7;
      h1[i] = (i * 37) % 11;
      h2[i] = 100 - i;
    }
    return source.add(labels("load", "h1"), seconds, h1).add(labels("load", "h2"), seconds, h2);
  }

  private static List<Series> range(MemorySource source, String query, long stepMs) {
    return new Evaluator(source).range(query, 2 * HOUR, 3 * HOUR, stepMs).series();
  }

  @Test
  void overTimeFunctionsFromSummariesEqualTheRawAnswerWhenNoPointIsOnABoundary() {
    for (String f : List.of("avg", "sum", "count", "min", "max")) {
      String query = f + "_over_time(load[15m])";
      MemorySource raw = gauges(new MemorySource());
      MemorySource summarised = gauges(new MemorySource().summarising(FIVE_MINUTES, HOUR));
      List<Series> expected = range(raw, query, 15 * 60_000);
      List<Series> actual = range(summarised, query, 15 * 60_000);
      assertThat(actual).as(query).isEqualTo(expected);
      assertThat(expected).as(query).hasSize(2);
      assertThat(expected.get(0).points().size()).as(query).isEqualTo(5);
      assertThat(summarised.summarySelects).as(query).isEqualTo(1);
      assertThat(summarised.selects).as(query).isZero();
    }
  }

  @Test
  void theCoarsestIntervalThatDividesRangeStepAndStartIsRead() {
    MemorySource source = gauges(new MemorySource().summarising(FIVE_MINUTES, HOUR));
    List<Series> hourly = range(source, "sum(max_over_time(load[1h]))", HOUR);
    // at 3 h: the hour [2 h, 3 h) holds h1's max 10 and h2's max 100 - 120 = -20
    assertThat(hourly.get(0).points().value(1)).isEqualTo(10 - 20.0);
  }

  @Test
  void stepsRangesAndStartsOffTheIntervalGridReadRawPoints() {
    for (String query :
        List.of("avg_over_time(load[7m])", "avg_over_time(load[5m] offset 1m)", "load")) {
      MemorySource source = gauges(new MemorySource().summarising(FIVE_MINUTES));
      range(source, query, FIVE_MINUTES);
      assertThat(source.summarySelects).as(query).isZero();
      assertThat(source.selects).as(query).isEqualTo(1);
    }
    MemorySource source = gauges(new MemorySource().summarising(FIVE_MINUTES));
    range(source, "avg_over_time(load[5m])", 60_000); // a step finer than the interval
    assertThat(source.summarySelects).isZero();
    // an instant query at a time off the grid: raw
    new Evaluator(source).instant("avg_over_time(load[5m])", 3 * HOUR + 60_000);
    assertThat(source.summarySelects).isZero();
  }

  @Test
  void anInstantQueryOnTheGridReadsSummaries() {
    MemorySource raw = gauges(new MemorySource());
    MemorySource summarised = gauges(new MemorySource().summarising(FIVE_MINUTES));
    String query = "avg_over_time(load[1h]) - avg_over_time(load[1h] offset 1h)";
    QueryResult expected = new Evaluator(raw).instant(query, 3 * HOUR);
    QueryResult actual = new Evaluator(summarised).instant(query, 3 * HOUR);
    assertThat(summarised.summarySelects).isEqualTo(2);
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void theSameSelectorInAnotherFunctionIsStillReadRaw() {
    MemorySource source = gauges(new MemorySource().summarising(FIVE_MINUTES));
    List<Series> out =
        range(source, "max_over_time(load[5m]) - last_over_time(load[5m])", FIVE_MINUTES);
    assertThat(source.summarySelects).isEqualTo(1);
    assertThat(source.selects).isEqualTo(1);
    // h2 falls by 1 a minute: the max of a window is its first point, 4 above its last
    assertThat(out.stream().filter(s -> s.labels().get("hostname").equals("h2")).findFirst())
        .get()
        .satisfies(s -> assertThat(s.points().value(0)).isEqualTo(4.0));
  }

  @Test
  void summariesAnswerWhereRawPointsAreGone() {
    MemorySource source =
        new MemorySource()
            .summarising(HOUR)
            .addSummaries(
                labels("disk_free", "h1"),
                HOUR,
                new IntervalSummary(0, 60, 3, 10, 30),
                new IntervalSummary(HOUR, 10, 1, 10, 10));
    List<Series> out =
        new Evaluator(source)
            .range("avg_over_time(disk_free[2h])", 2 * HOUR, 2 * HOUR, HOUR)
            .series();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).points().value(0)).isEqualTo(70.0 / 4);
    assertThat(out.get(0).labels().get("__name__")).isEmpty();
  }
}
