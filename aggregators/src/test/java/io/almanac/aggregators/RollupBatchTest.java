package io.almanac.aggregators;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.model.store.Rollup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RollupBatchTest {
  @Test
  void writesInBoundedBatchesAndTheRestOnClose() {
    List<Map<Integer, List<Rollup>>> writes = new ArrayList<>();
    int rows = 2 * RollupBatch.MAX_ROWS + 7;
    try (RollupBatch<Integer> batch = new RollupBatch<>(writes::add)) {
      for (int i = 0; i < rows; i++) {
        batch.add(i, new Rollup(i, i, 1, i, i));
      }
      assertThat(writes).hasSize(2);
    }
    assertThat(writes)
        .extracting(Map::size)
        .containsExactly(RollupBatch.MAX_ROWS, RollupBatch.MAX_ROWS, 7);
    assertThat(writes.get(2)).containsKey(rows - 1);
  }

  @Test
  void nothingToWriteWritesNothing() {
    List<Map<String, List<Rollup>>> writes = new ArrayList<>();
    new RollupBatch<String>(writes::add).close();
    assertThat(writes).isEmpty();
  }
}
