package io.almanac.model.store;

import io.almanac.model.SeriesKey;
import java.util.List;
import java.util.Map;

/** What the ingest path stores: raw points, and the two smaller kinds of POST AMS clients make. */
public interface MetricWriter {
  /**
   * Stores the batches and the metadata of every metric, host and instance seen for the first time.
   * When this returns, all of it is committed; on failure it throws {@link StorageException} and
   * the caller must treat the whole call as not done (a retry is safe: storing the same batch again
   * rewrites the same rows).
   */
  void write(List<SeriesBatch> batches);

  /**
   * Writes host rows at a per-host level (clients post 5-minute host aggregates); metadata is
   * created for unknown series. Committed when it returns, as {@link #write}.
   */
  void writeHostRollups(RollupLevel level, Map<SeriesKey, List<Rollup>> rows);

  /** Stores YARN container statistics in CONTAINER_METRICS; committed when it returns. */
  void writeContainerMetrics(List<ContainerMetric> metrics);
}
