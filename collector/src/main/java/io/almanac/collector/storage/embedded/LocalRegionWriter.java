package io.almanac.collector.storage.embedded;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hbase.HConstants.OperationStatusCode;
import org.apache.hadoop.hbase.NotServingRegionException;
import org.apache.hadoop.hbase.RegionTooBusyException;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Mutation;
import org.apache.hadoop.hbase.regionserver.HRegion;
import org.apache.hadoop.hbase.regionserver.HRegionServer;
import org.apache.hadoop.hbase.regionserver.OperationStatus;
import org.apache.hadoop.hbase.regionserver.WrongRegionException;

/**
 * Applies batches of mutations straight to the embedded region server's regions, in the calling
 * thread: what an RPC handler does with a multi request, without the request itself (no protobuf
 * copy of every cell, no hand-off to the HBase client's batch pool and back).
 *
 * <p>As a handler would, it first waits while the region server's memstores as a whole are over
 * their limit, then groups the rows by the region holding them. A region that is splitting, closing
 * or too busy (its memstore over the blocking size) is tried again after a pause that grows from
 * {@link #FIRST_PAUSE_MS} to {@link #MAX_PAUSE_MS}, with the region list read again, until {@code
 * timeoutMs} has passed; rows whose region said no for another reason fail the batch with that
 * reason. Every row is a whole-row put, so writing one again is harmless.
 */
public final class LocalRegionWriter {
  static final long FIRST_PAUSE_MS = 20;
  static final long MAX_PAUSE_MS = 1_000;

  private final HRegionServer server;
  private final long timeoutMs;

  LocalRegionWriter(HRegionServer server, long timeoutMs) {
    this.server = server;
    this.timeoutMs = timeoutMs;
  }

  /** Writes {@code rows} into {@code table}; returns once every one is in a region's memstore. */
  public void write(TableName table, List<? extends Mutation> rows) throws IOException {
    List<Mutation> pending = new ArrayList<>(rows);
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    long pause = FIRST_PAUSE_MS;
    while (true) {
      if (server.isStopped() || server.isAborted()) {
        throw new IOException("the embedded region server is stopping");
      }
      IOException retriable;
      try {
        server.getMemStoreFlusher().reclaimMemStoreMemory();
        pending = writeOnce(table, pending);
        if (pending.isEmpty()) {
          return;
        }
        retriable = new NotServingRegionException("no open region of " + table + " holds a row");
      } catch (NotServingRegionException | RegionTooBusyException | WrongRegionException e) {
        retriable = e;
      }
      if (System.nanoTime() + pause * 1_000_000 - deadline > 0) {
        throw new IOException(
            pending.size() + " rows of " + table + " not written within " + timeoutMs + " ms",
            retriable);
      }
      sleep(pause);
      pause = Math.min(pause * 2, MAX_PAUSE_MS);
    }
  }

  /** One pass over the table's open regions; returns the rows to try again. */
  private List<Mutation> writeOnce(TableName table, List<Mutation> rows) throws IOException {
    List<HRegion> regions = server.getRegions(table);
    List<Mutation> again = new ArrayList<>();
    Map<HRegion, List<Mutation>> byRegion = new IdentityHashMap<>();
    for (Mutation row : rows) {
      HRegion region = holder(regions, row.getRow());
      if (region == null) {
        again.add(row);
      } else {
        byRegion.computeIfAbsent(region, r -> new ArrayList<>()).add(row);
      }
    }
    for (Map.Entry<HRegion, List<Mutation>> e : byRegion.entrySet()) {
      HRegion region = e.getKey();
      Mutation[] batch = e.getValue().toArray(new Mutation[0]);
      OperationStatus[] statuses = region.batchMutate(batch);
      for (int i = 0; i < batch.length; i++) {
        OperationStatus status = statuses[i];
        if (status.getOperationStatusCode() == OperationStatusCode.SUCCESS) {
          continue;
        }
        if (region.isClosing() || region.isClosed()) {
          again.add(batch[i]); // it split or moved under the batch
        } else {
          throw new IOException(
              "region "
                  + region.getRegionInfo().getEncodedName()
                  + " refused a row: "
                  + status.getOperationStatusCode()
                  + " "
                  + status.getExceptionMsg());
        }
      }
    }
    return again;
  }

  private static HRegion holder(List<HRegion> regions, byte[] row) {
    for (HRegion region : regions) {
      if (region.getRegionInfo().containsRow(row) && !region.isClosing() && !region.isClosed()) {
        return region;
      }
    }
    return null;
  }

  private static void sleep(long ms) throws InterruptedIOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a region");
    }
  }
}
