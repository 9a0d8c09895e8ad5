package io.almanac.collector.storage;

import java.time.Duration;
import java.util.List;

/** Maintenance an operator may ask of the store. */
public interface StorageMaintenance {
  /**
   * Flushes the raw tables (METRIC_RECORD and its sealed rows) and compacts them fully, so that
   * rows merged away by sealing leave the disk; waits up to {@code timeout} for HBase to finish.
   */
  Compaction compactRawTables(Duration timeout);

  /**
   * What {@link #compactRawTables} did.
   *
   * @param tables the tables compacted
   * @param seconds how long it took
   * @param finished false when HBase was still compacting at the timeout
   */
  record Compaction(List<String> tables, double seconds, boolean finished) {
    /** Copies the list. */
    public Compaction {
      tables = List.copyOf(tables);
    }
  }
}
