package io.almanac.aggregators;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.model.Points;
import io.almanac.model.store.Rollup;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollupsTest {
  @Test
  void pointsInTheIntervalOnlyAndNaNLeftOut() {
    Points p =
        Points.of(new long[] {0, 100, 200, 300, 400}, new double[] {5, Double.NaN, -2, 0, 9});
    // [100, 400): NaN skipped, -2 and 0 kept
    assertThat(Rollups.ofPoints(p, 100, 400, 399)).isEqualTo(new Rollup(399, -2, 2, 0, -2));
    assertThat(Rollups.ofPoints(p, 500, 600, 599)).isNull();
  }

  @Test
  void hostRollupsAddUp() {
    assertThat(
            Rollups.ofHostRollups(
                List.of(new Rollup(1, 4, 2, 3, 1), new Rollup(2, 10, 1, 10, 10)), 9))
        .isEqualTo(new Rollup(9, 14, 3, 10, 1));
  }

  @Test
  void clusterRollupsAverageTheSliceTotalsAndHostCounts() {
    List<Rollup> slices =
        List.of(
            new Rollup(1, 35, 2, 20, 15),
            new Rollup(2, 30, 2, 30, 0),
            new Rollup(3, 55, 2, 40, 15),
            new Rollup(4, 30, 1, 30, 30));
    // sums 150 / 4 slices; hosts 7 / 4 = 1.75 rounds to 2
    assertThat(Rollups.ofClusterRows(slices, 9)).isEqualTo(new Rollup(9, 37.5, 2, 40, 0));
  }
}
