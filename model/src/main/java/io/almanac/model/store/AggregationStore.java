package io.almanac.model.store;

import io.almanac.model.TimeRange;
import java.util.List;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.function.Consumer;

/** What the aggregators read and write besides the rollup rows themselves. */
public interface AggregationStore extends RollupStore, MetadataReader {
  /**
   * Hands {@code each} every host series with points in {@code range} (all metrics, all hosts), one
   * series at a time with all its points in the range, without holding the whole range in memory:
   * an interval may hold more points than the heap.
   */
  void scanRaw(TimeRange range, Consumer<SeriesPoints> each);

  /**
   * Hands {@code each} the rows of {@code level} whose time is in {@code range}, one series at a
   * time.
   */
  void scanRollups(RollupLevel level, TimeRange range, Consumer<RollupSeries> each);

  /**
   * The oldest time in the raw table ({@code level} null) or in a rollup table, or a time before it
   * (a store may count rows deleted or expired but not yet dropped): no stored row is older. Empty
   * when the table is empty.
   */
  OptionalLong oldestTime(RollupLevel level);

  /** The saved checkpoint of an aggregator: the end of the last interval it completed. */
  OptionalLong checkpoint(String aggregator);

  /** Saves the checkpoint of an aggregator. */
  void saveCheckpoint(String aggregator, long time);

  /**
   * Saves the checkpoint of an aggregator as the leader of {@code epoch} (of several collectors
   * sharing the store, the one that aggregates), unless a leader of a later epoch has written or
   * claimed it: then nothing changes and the answer is false. A store that does not fence accepts
   * every write.
   */
  default boolean saveCheckpoint(String aggregator, long time, long epoch) {
    saveCheckpoint(aggregator, time);
    return true;
  }

  /**
   * Claims the checkpoints of {@code aggregators} for the leader of {@code epoch}: from now on a
   * write of an earlier epoch is refused. Returns the highest epoch the checkpoints now carry: more
   * than {@code epoch} when a later leader has claimed them already.
   */
  default long claimCheckpoints(java.util.Collection<String> aggregators, long epoch) {
    return epoch;
  }

  /** The highest epoch any checkpoint was written or claimed in; 0 when none. */
  default long checkpointEpoch() {
    return 0;
  }

  /**
   * Records, at {@code markedAt}, that intervals an aggregator already completed must be aggregated
   * again; a newer mark of the same interval replaces an older one.
   */
  void markDirty(String aggregator, List<Long> intervalStarts, long markedAt);

  /**
   * The intervals of an aggregator waiting to be aggregated again, oldest first, with when each was
   * marked.
   */
  SortedMap<Long, Long> dirtyIntervals(String aggregator);

  /**
   * Forgets the dirty mark of an interval once it is aggregated again, unless it was marked again
   * after {@code markedAt} (then the newer mark stays, and the interval is done once more).
   */
  void clearDirty(String aggregator, long intervalStart, long markedAt);
}
