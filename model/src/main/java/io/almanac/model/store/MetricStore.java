package io.almanac.model.store;

/** The whole storage port of the collector: raw writes, raw reads and metadata. */
public interface MetricStore extends MetricWriter, MetricReader, MetadataReader, AutoCloseable {
  /** Releases connections; the store is unusable afterwards. */
  @Override
  void close();
}
