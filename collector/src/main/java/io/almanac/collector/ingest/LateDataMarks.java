package io.almanac.collector.ingest;

import io.almanac.model.store.RollupLevel;
import io.almanac.model.store.SeriesBatch;
import java.util.Collection;
import java.util.List;

/**
 * Told of everything the ingest path commits, before the request is answered, so that rollups
 * already made can be made again with what arrived late (the aggregators implement it).
 */
public interface LateDataMarks {
  /** Marks nothing: for a collector without aggregators, and tests. */
  LateDataMarks NONE =
      new LateDataMarks() {
        @Override
        public void rawPoints(List<SeriesBatch> committed) {}

        @Override
        public void rollups(RollupLevel level, Collection<Long> timestamps) {}
      };

  /** Raw points were committed. */
  void rawPoints(List<SeriesBatch> committed);

  /** Rows with these timestamps were committed at {@code level}. */
  void rollups(RollupLevel level, Collection<Long> timestamps);
}
