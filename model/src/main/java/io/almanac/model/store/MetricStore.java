package io.almanac.model.store;

/**
 * The whole storage port of the collector: raw points, rollups and metadata. Its users see the
 * narrower parts: the ingest path a {@link MetricWriter}, the aggregators an {@link
 * AggregationStore}, the query path a {@link MetricReader} and a {@link RollupStore}.
 */
public interface MetricStore extends MetricWriter, MetricReader, AggregationStore, AutoCloseable {
  /** Releases connections; the store is unusable afterwards. */
  @Override
  void close();
}
