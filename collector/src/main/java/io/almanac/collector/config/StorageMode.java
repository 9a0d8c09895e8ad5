package io.almanac.collector.config;

/** Where the collector keeps its data. */
public enum StorageMode {
  /** An HBase started inside the collector's JVM, with its files under the data directory. */
  EMBEDDED,
  /** An existing HBase cluster reached through its ZooKeeper quorum. */
  DISTRIBUTED
}
