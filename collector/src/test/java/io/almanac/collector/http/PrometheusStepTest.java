package io.almanac.collector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.promql.PromQlException;
import org.junit.jupiter.api.Test;

/** The {@code step} of a range query: seconds as a number, or a PromQL duration. */
class PrometheusStepTest {
  @Test
  void readsSecondsAndDurations() {
    assertThat(PrometheusResource.stepMs("30")).isEqualTo(30_000);
    assertThat(PrometheusResource.stepMs("0.5")).isEqualTo(500);
    assertThat(PrometheusResource.stepMs("1e2")).isEqualTo(100_000);
    assertThat(PrometheusResource.stepMs("300s")).isEqualTo(300_000);
    assertThat(PrometheusResource.stepMs("5m")).isEqualTo(300_000);
    assertThat(PrometheusResource.stepMs("1h30m")).isEqualTo(5_400_000);
    assertThat(PrometheusResource.stepMs("250ms")).isEqualTo(250);
  }

  @Test
  void refusesWhatIsNeither() {
    for (String bad : new String[] {"", "abc", "5x", "s", "NaN", "1.5.2"}) {
      assertThatThrownBy(() -> PrometheusResource.stepMs(bad))
          .as(bad)
          .isInstanceOf(PromQlException.class)
          .hasMessageContaining("invalid parameter \"step\"");
    }
  }
}
