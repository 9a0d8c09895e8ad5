package io.almanac.model.store;

import java.util.List;

/** The whole storage port of the collector: raw points, rollups and metadata. */
public interface MetricStore extends MetricWriter, MetricReader, AggregationStore, AutoCloseable {
  /** Stores YARN container statistics in CONTAINER_METRICS; returns when committed. */
  void writeContainerMetrics(List<ContainerMetric> metrics);

  /** Releases connections; the store is unusable afterwards. */
  @Override
  void close();
}
