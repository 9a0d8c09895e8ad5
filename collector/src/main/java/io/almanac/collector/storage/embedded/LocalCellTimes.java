package io.almanac.collector.storage.embedded;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.OptionalLong;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.regionserver.HRegion;
import org.apache.hadoop.hbase.regionserver.HRegionServer;
import org.apache.hadoop.hbase.regionserver.HStore;
import org.apache.hadoop.hbase.regionserver.HStoreFile;

/**
 * The oldest cell time of a table on the embedded region server, from the time range every store
 * file records in its metadata: no cell is read. A region's memstore is flushed first, so that its
 * cells are in a file too. Delete markers count with their time, and a whole-row or whole-column
 * marker from time 0 (HBase records it so, as it hides every older version); the sealer deletes
 * single versions, whose markers keep the row's time.
 */
public final class LocalCellTimes {
  static final long PAUSE_MS = 100;

  private final HRegionServer server;
  private final long timeoutMs;

  LocalCellTimes(HRegionServer server, long timeoutMs) {
    this.server = server;
    this.timeoutMs = timeoutMs;
  }

  /**
   * A time no cell of {@code table} is older than (deleted and expired cells count until compacted
   * away), empty when it holds none.
   *
   * @throws IOException when no region of the table is open here, a region's memstore could not be
   *     flushed within the timeout, or a store file records no time range
   */
  public OptionalLong oldest(TableName table) throws IOException {
    List<HRegion> regions = server.getRegions(table);
    if (regions.isEmpty()) {
      throw new IOException("no region of " + table + " is open on the embedded region server");
    }
    long oldest = Long.MAX_VALUE;
    for (HRegion region : regions) {
      flush(region);
      for (HStore store : region.getStores()) {
        for (HStoreFile file : store.getStorefiles()) {
          OptionalLong min = file.getMinimumTimestamp();
          if (min.isEmpty()) {
            throw new IOException("store file " + file.getPath() + " records no time range");
          }
          oldest = Math.min(oldest, min.getAsLong());
        }
      }
    }
    return oldest == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(oldest);
  }

  /**
   * Flushes {@code region}'s memstore into a store file; waits while another flush is in progress.
   */
  private void flush(HRegion region) throws IOException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (true) {
      HRegion.FlushResult result = region.flush(true);
      switch (result.getResult()) {
        case FLUSHED_NO_COMPACTION_NEEDED:
        case FLUSHED_COMPACTION_NEEDED:
        case CANNOT_FLUSH_MEMSTORE_EMPTY:
          return;
        case CANNOT_FLUSH:
        default:
          break; // flushing already, or closing
      }
      if (region.isClosing() || region.isClosed()) {
        throw new IOException("region " + region.getRegionInfo().getEncodedName() + " is closing");
      }
      if (System.nanoTime() + PAUSE_MS * 1_000_000 - deadline > 0) {
        throw new IOException(
            "region "
                + region.getRegionInfo().getEncodedName()
                + " could not be flushed within "
                + timeoutMs
                + " ms");
      }
      try {
        Thread.sleep(PAUSE_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting to flush a region");
      }
    }
  }
}
