package io.almanac.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PointsTest {
  @Test
  void sortsAndKeepsTheLastValueOfADuplicateTimestamp() {
    Points p = Points.of(new long[] {30, 10, 20, 10}, new double[] {3, 1, 2, 9});
    assertThat(p.size()).isEqualTo(3);
    assertThat(p.toMap())
        .containsExactly(
            org.assertj.core.api.Assertions.entry(10L, 9.0),
            org.assertj.core.api.Assertions.entry(20L, 2.0),
            org.assertj.core.api.Assertions.entry(30L, 3.0));
  }

  @Test
  void betweenIsHalfOpen() {
    Points p = Points.of(new long[] {10, 20, 30, 40}, new double[] {1, 2, 3, 4});
    assertThat(p.between(20, 40).toMap()).containsOnlyKeys(20L, 30L);
    assertThat(p.between(41, 50).isEmpty()).isTrue();
    assertThat(p.between(0, 100)).isSameAs(p);
  }

  @Test
  void equalityFollowsContent() {
    assertThat(Points.of(new long[] {1, 2}, new double[] {5, 6}))
        .isEqualTo(Points.of(new long[] {2, 1}, new double[] {6, 5}))
        .isNotEqualTo(Points.of(new long[] {1, 2}, new double[] {5, 7}));
  }

  @Test
  void orderedPartsAreJoinedAndOverlappingOnesAreLeftToTheCaller() {
    Points a = Points.of(new long[] {1, 2}, new double[] {1, 2});
    Points b = Points.of(new long[] {5, 9}, new double[] {5, 9});
    assertThat(Points.concatIfOrdered(java.util.List.of(a, Points.empty(), b)))
        .contains(Points.of(new long[] {1, 2, 5, 9}, new double[] {1, 2, 5, 9}));
    assertThat(Points.concatIfOrdered(java.util.List.of(b, a))).isEmpty();
    assertThat(
            Points.concatIfOrdered(
                java.util.List.of(a, Points.of(new long[] {2}, new double[] {7}))))
        .isEmpty();
    assertThat(Points.concatIfOrdered(java.util.List.of(a))).containsSame(a);
  }
}
