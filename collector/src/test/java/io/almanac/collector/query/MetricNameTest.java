package io.almanac.collector.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricNameTest {
  @Test
  void suffixesCombineInEitherOrderAndAreNormalized() {
    MetricName a = MetricName.parse("cpu_user._avg._rate");
    MetricName b = MetricName.parse("cpu_user._rate._avg");
    assertThat(a)
        .isEqualTo(b)
        .isEqualTo(new MetricName("cpu_user", ReadFunction.AVG, PostFunction.RATE));
    assertThat(a.answerName("cpu_user")).isEqualTo("cpu_user._rate._avg");
  }

  @Test
  void singleSuffixesAndPlainNames() {
    assertThat(MetricName.parse("m._max")).isEqualTo(new MetricName("m", ReadFunction.MAX, null));
    assertThat(MetricName.parse("m._diff").answerName("m")).isEqualTo("m._diff");
    assertThat(MetricName.parse("jvm.JvmMetrics.MemHeapUsedM"))
        .isEqualTo(new MetricName("jvm.JvmMetrics.MemHeapUsedM", null, null));
  }

  @Test
  void unknownSuffixesStayPartOfTheName() {
    assertThat(MetricName.parse("topology.t1._foo"))
        .isEqualTo(new MetricName("topology.t1._foo", null, null));
    assertThat(MetricName.parse("a._foo._sum"))
        .isEqualTo(new MetricName("a._foo", ReadFunction.SUM, null));
    assertThat(MetricName.parse("a._avg._max"))
        .isEqualTo(new MetricName("a._avg", ReadFunction.MAX, null));
  }

  @Test
  void wildcardsKeepTheirFunctions() {
    MetricName n = MetricName.parse("regionserver.Server.%._sum");
    assertThat(n.base()).isEqualTo("regionserver.Server.%");
    assertThat(n.answerName("regionserver.Server.readRequestCount"))
        .isEqualTo("regionserver.Server.readRequestCount._sum");
  }
}
