package io.almanac.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class GuardTest {
  private static Properties limits(String... pairs) {
    Properties p = new Properties();
    for (int i = 0; i < pairs.length; i += 2) {
      p.setProperty(pairs[i], pairs[i + 1]);
    }
    return p;
  }

  private static final Map<String, Object> VICTORIA =
      Map.of(
          "serverCpuMicrosPerPoint",
          0.5,
          "diskBytesPerRawPoint",
          0.0,
          "queries",
          Map.of("Q1", Map.of("p99Ms", 4.0, "correct", true)));

  private static Map<String, Object> almanac(double cpu, double q1p99, boolean correct, long seen) {
    return Map.of(
        "serverCpuMicrosPerPoint",
        cpu,
        "diskBytesPerRawPoint",
        0.3,
        "startToReadySeconds",
        18.0,
        "postedPoints",
        100,
        "queryablePoints",
        seen,
        "queries",
        Map.of("Q1", Map.of("p99Ms", q1p99, "correct", correct)));
  }

  @Test
  void figuresWithinTheirRatiosAndMaximaPass() {
    Properties p =
        limits(
            "ratio.serverCpuMicrosPerPoint", "10",
            "ratio.queries.Q1.p99Ms", "5",
            "ratio.diskBytesPerRawPoint", "4",
            "max.startToReadySeconds", "20");
    assertThat(Guard.violations(p, almanac(4.9, 20, true, 100), VICTORIA)).isEmpty();
  }

  @Test
  void aFigurePastItsLimitAWrongAnswerOrALostPointFails() {
    Properties p =
        limits(
            "ratio.serverCpuMicrosPerPoint", "6",
            "ratio.queries.Q1.p99Ms", "5",
            "ratio.diskBytesPerRawPoint", "2",
            "max.startToReadySeconds", "10");
    assertThat(Guard.violations(p, almanac(3.5, 21, false, 99), VICTORIA))
        .hasSize(6)
        .anyMatch(s -> s.startsWith("serverCpuMicrosPerPoint: 3.5, 7.0 times"))
        .anyMatch(s -> s.startsWith("queries.Q1.p99Ms: 21.0, 5.3 times"))
        .anyMatch(s -> s.startsWith("diskBytesPerRawPoint: 0.3, 3.0 times")) // VM's 0 counts as 0.1
        .anyMatch(s -> s.startsWith("startToReadySeconds: 18.0, more than the limit"))
        .anyMatch(s -> s.startsWith("queries.Q1: wrong answer"))
        .anyMatch(s -> s.startsWith("points lost: 99 queryable of 100"));
  }

  @Test
  void unknownFiguresAndMalformedKeysAreReported() {
    assertThat(
            Guard.violations(limits("ratio.noSuchFigure", "2"), almanac(1, 1, true, 100), VICTORIA))
        .containsExactly("noSuchFigure: Almanac has no such figure in this run");
    assertThatThrownBy(
            () -> Guard.violations(limits("cpu", "2"), almanac(1, 1, true, 100), VICTORIA))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
