package io.almanac.collector.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.model.Points;
import io.almanac.model.TimelineMetric;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopNTest {
  private static TimelineMetric host(String host, double... values) {
    long[] ts = new long[values.length];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = i * 1000L;
    }
    return TimelineMetric.of("m", "a", host, Points.of(ts, values));
  }

  private final List<TimelineMetric> hosts =
      List.of(host("h1", 1, 1, 1), host("h2", 10, 0, 0), host("h3", 4, 4, 4), host("h4", 2, 2, 9));

  @Test
  void amsApplicabilityRules() {
    assertThat(TopN.appliesTo(List.of("m"), List.of("%"))).isTrue(); // top hosts of one metric
    assertThat(TopN.appliesTo(List.of("m", "n"), List.of())).isTrue(); // top metrics, no host
    assertThat(TopN.appliesTo(List.of("m%"), List.of("h1"))).isTrue(); // top metrics of one host
    assertThat(TopN.appliesTo(List.of("m"), List.of("h1"))).isFalse(); // both rules fit: ignored
    assertThat(TopN.appliesTo(List.of("m", "n"), List.of("h1", "h2"))).isFalse(); // neither fits
    assertThat(TopN.appliesTo(List.of("m%"), List.of("%"))).isFalse();
  }

  @Test
  void rankByMaxSumOrAverage() {
    assertThat(new TopN(2, "max", false).select(hosts))
        .extracting(TimelineMetric::hostName)
        .containsExactly("h2", "h4");
    assertThat(new TopN(2, "sum", false).select(hosts))
        .extracting(TimelineMetric::hostName)
        .containsExactly("h4", "h3");
    assertThat(new TopN(1, "avg", false).select(hosts))
        .extracting(TimelineMetric::hostName)
        .containsExactly("h4");
  }

  @Test
  void bottomNKeepsTheLowest() {
    assertThat(new TopN(2, "avg", true).select(hosts))
        .extracting(TimelineMetric::hostName)
        .containsExactly("h1", "h2");
  }
}
