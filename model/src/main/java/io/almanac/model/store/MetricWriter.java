package io.almanac.model.store;

import java.util.List;

/** Stores raw points. */
public interface MetricWriter {
  /**
   * Stores the batches and the metadata of every metric, host and instance seen for the first
   * time. When this returns, all of it is committed; on failure it throws {@link
   * StorageException} and the caller must treat the whole call as not done (a retry is safe:
   * storing the same batch again rewrites the same rows).
   */
  void write(List<SeriesBatch> batches);
}
