package io.almanac.collector.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.model.Points;
import org.junit.jupiter.api.Test;

class PostProcessingTest {
  private static Points p(long[] ts, double... vs) {
    return Points.of(ts, vs);
  }

  @Test
  void rateIsPerSecondDropsTheFirstPointAndCounterResets() {
    Points counter = p(new long[] {0, 10_000, 20_000, 30_000, 40_000}, 100, 150, 250, 5, 45);
    assertThat(PostProcessing.apply(counter, PostFunction.RATE))
        .isEqualTo(p(new long[] {10_000, 20_000, 40_000}, 5, 10, 4));
  }

  @Test
  void diffIsTheChange() {
    assertThat(
            PostProcessing.apply(p(new long[] {0, 60_000, 120_000}, 1, 4, 10), PostFunction.DIFF))
        .isEqualTo(p(new long[] {60_000, 120_000}, 3, 6));
  }

  @Test
  void withoutFunctionPointsPassThrough() {
    Points points = p(new long[] {1}, 1);
    assertThat(PostProcessing.apply(points, null)).isSameAs(points);
  }
}
