package io.almanac.collector.prometheus;

import io.almanac.aggregators.AggregationSettings;
import io.almanac.aggregators.AggregatorKind;
import io.almanac.aggregators.FreshRollups;
import io.almanac.model.TimeRange;
import io.almanac.model.store.RollupLevel;
import io.almanac.model.store.RollupSeries;
import io.almanac.model.store.SeriesSelector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host rollup levels by the length of their intervals, read complete (stored rows, and rows
 * computed from finer data where the aggregators have not got to yet).
 */
public final class HostRollupReader {
  private final FreshRollups rollups;
  private final Map<Long, RollupLevel> levels = new LinkedHashMap<>();

  /** Reads through {@code rollups}; the intervals are those {@code settings} give the levels. */
  public HostRollupReader(FreshRollups rollups, AggregationSettings settings) {
    this.rollups = rollups;
    for (AggregatorKind kind :
        List.of(
            AggregatorKind.HOST_DAILY, AggregatorKind.HOST_HOURLY, AggregatorKind.HOST_MINUTE)) {
      levels.putIfAbsent(settings.spec(kind).intervalMs(), kind.output());
    }
  }

  /** The levels' interval lengths in ms, coarsest first. */
  public List<Long> intervals() {
    return List.copyOf(levels.keySet());
  }

  /** The rows of the level of {@code intervalMs} whose time lies in {@code range}. */
  public List<RollupSeries> read(long intervalMs, SeriesSelector selector, TimeRange range) {
    RollupLevel level = levels.get(intervalMs);
    if (level == null) {
      throw new IllegalArgumentException("no host rollup level of " + intervalMs + " ms");
    }
    return rollups.read(level, selector, range);
  }
}
