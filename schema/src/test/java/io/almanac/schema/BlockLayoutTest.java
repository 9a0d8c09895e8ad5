package io.almanac.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.model.Points;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockLayoutTest {
  private static Points every(long stepMs, int n) {
    long[] ts = new long[n];
    double[] vs = new double[n];
    for (int i = 0; i < n; i++) {
      ts[i] = 1_000_000 + i * stepMs;
      vs[i] = i;
    }
    return Points.of(ts, vs);
  }

  @Test
  void aMinuteOfSinkDataStaysOneRow() {
    Points p = every(10_000, 6);
    assertThat(BlockLayout.split(p)).containsExactly(p);
  }

  @Test
  void longBatchesAreCutBySpanAndEveryPointKept() {
    Points p = every(10_000, 360);
    List<Points> blocks = BlockLayout.split(p);
    assertThat(blocks).hasSize(6);
    assertThat(blocks)
        .allSatisfy(
            b ->
                assertThat(b.lastTimestamp() - b.firstTimestamp())
                    .isLessThan(BlockLayout.MAX_SPAN_MS));
    assertThat(blocks.stream().mapToInt(Points::size).sum()).isEqualTo(360);
  }

  @Test
  void denseBatchesAreCutByCount() {
    List<Points> blocks = BlockLayout.split(every(1, 3000));
    assertThat(blocks).extracting(Points::size).containsExactly(1024, 1024, 952);
  }
}
