package io.almanac.aggregators;

import io.almanac.model.store.Rollup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Rollup rows on their way to the store, written in batches of at most {@value #MAX_ROWS} rows so
 * that an aggregation run holds a bounded number of rows whatever the number of series it meets.
 * Closing writes what is left.
 *
 * @param <K> the series key: per host or per cluster metric
 */
final class RollupBatch<K> implements AutoCloseable {
  /** Rows held before they are written. */
  static final int MAX_ROWS = 10_000;

  private final Consumer<Map<K, List<Rollup>>> write;
  private Map<K, List<Rollup>> rows = new LinkedHashMap<>();
  private int count;

  RollupBatch(Consumer<Map<K, List<Rollup>>> write) {
    this.write = write;
  }

  void add(K key, Rollup row) {
    rows.computeIfAbsent(key, k -> new ArrayList<>(1)).add(row);
    if (++count >= MAX_ROWS) {
      flush();
    }
  }

  void addAll(K key, List<Rollup> keyRows) {
    for (Rollup r : keyRows) {
      add(key, r);
    }
  }

  private void flush() {
    if (!rows.isEmpty()) {
      write.accept(rows);
      rows = new LinkedHashMap<>();
      count = 0;
    }
  }

  /** Writes what is held. */
  @Override
  public void close() {
    flush();
  }
}
