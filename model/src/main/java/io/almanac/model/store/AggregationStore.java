package io.almanac.model.store;

import io.almanac.model.TimeRange;
import java.util.List;
import java.util.OptionalLong;
import java.util.SortedSet;

/** What the aggregators read and write besides the rollup rows themselves. */
public interface AggregationStore extends RollupStore, MetadataReader {
  /** Every host series with points in {@code range} (all metrics, all hosts). */
  List<SeriesPoints> scanRaw(TimeRange range);

  /** Every row of {@code level} whose time is in {@code range}. */
  List<RollupSeries> scanRollups(RollupLevel level, TimeRange range);

  /** The oldest time in the raw table ({@code level} null) or in a rollup table; empty when it is empty. */
  OptionalLong oldestTime(RollupLevel level);

  /** The saved checkpoint of an aggregator: the end of the last interval it completed. */
  OptionalLong checkpoint(String aggregator);

  /** Saves the checkpoint of an aggregator. */
  void saveCheckpoint(String aggregator, long time);

  /** Records that an interval an aggregator already completed must be aggregated again. */
  void markDirty(String aggregator, List<Long> intervalStarts);

  /** The intervals of an aggregator waiting to be aggregated again, oldest first. */
  SortedSet<Long> dirtyIntervals(String aggregator);

  /** Forgets a dirty mark once the interval is aggregated again. */
  void clearDirty(String aggregator, long intervalStart);
}
