package io.almanac.aggregators;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.model.Points;
import org.junit.jupiter.api.Test;

class TimeSlicerTest {
  private final TimeSlicer slicer = new TimeSlicer(30_000, true);

  @Test
  void eachSliceIsTheMeanOfItsPointsZerosIncluded() {
    Points p = Points.of(new long[] {5_000, 15_000, 35_000, 95_000}, new double[] {10, 20, 0, 30});
    // [0,30) mean 15; [30,60) 0 counts; [60,90) empty between 0 and 30 -> 15; [90,120) 30
    assertThat(slicer.slice(p, 0, 120_000)).containsExactly(15, 0, 15, 30);
  }

  @Test
  void gapsAreFilledOnlyBetweenKnownSlices() {
    Points p = Points.of(new long[] {-20_000, 61_000}, new double[] {10, 40});
    double[] s = slicer.slice(p, -60_000, 120_000); // slices from -60 s: [-60,-30) .. [90,120)
    assertThat(s[0]).isNaN(); // before the first point: no extrapolation
    assertThat(s[1]).isEqualTo(10);
    assertThat(s[2]).isEqualTo(20);
    assertThat(s[3]).isEqualTo(30);
    assertThat(s[4]).isEqualTo(40);
    assertThat(s[5]).isNaN(); // after the last point
  }

  @Test
  void withoutInterpolationEmptySlicesStayEmpty() {
    Points p = Points.of(new long[] {0, 90_000}, new double[] {1, 4});
    double[] s = new TimeSlicer(30_000, false).slice(p, 0, 120_000);
    assertThat(s[0]).isEqualTo(1);
    assertThat(s[1]).isNaN();
    assertThat(s[2]).isNaN();
    assertThat(s[3]).isEqualTo(4);
  }
}
