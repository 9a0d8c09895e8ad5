package io.almanac.model.store;

import io.almanac.model.MetricKey;
import io.almanac.model.SeriesKey;
import io.almanac.model.TimeRange;
import java.util.List;
import java.util.Map;

/** Reads and writes the rollup tables. */
public interface RollupStore {
  /**
   * Rows of the selected series at {@code level} with a time in {@code range}. For cluster levels
   * the selector's host names are ignored.
   */
  List<RollupSeries> readRollups(RollupLevel level, SeriesSelector selector, TimeRange range);

  /** The newest row of each selected series at {@code level}. */
  List<RollupSeries> readLatestRollups(RollupLevel level, SeriesSelector selector);

  /** Writes host rows at a per-host level; metadata is created for unknown series. */
  void writeHostRollups(RollupLevel level, Map<SeriesKey, List<Rollup>> rows);

  /** Writes cluster rows at a cluster level; metadata is created for unknown metrics. */
  void writeClusterRollups(RollupLevel level, Map<MetricKey, List<Rollup>> rows);
}
