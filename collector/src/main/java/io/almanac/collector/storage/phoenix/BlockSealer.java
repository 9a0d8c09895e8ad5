package io.almanac.collector.storage.phoenix;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.phoenix.jdbc.PhoenixConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background job that seals settled hours of raw rows ({@link HourSealer}), on one thread it
 * owns, taking the hours from the store's {@link SealSchedule}. An hour that fails or meets rows
 * changed under it stays scheduled and is tried again after it settles anew. While the aggregators
 * have intervals to redo (after a backfill, say) sealing waits, up to {@link #MAX_DEFERRAL} in a
 * row: both read the same raw rows, and on a 1 GiB heap the sealer's deletes and the aggregators'
 * scans together starved each other on tier M.
 */
final class BlockSealer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BlockSealer.class);

  private final PhoenixConnector connector;
  private final SealSchedule schedule;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "almanac-block-sealer");
            t.setDaemon(true);
            return t;
          });
  private final AtomicLong hoursSealed = new AtomicLong();
  private final AtomicLong seriesSealed = new AtomicLong();
  private final AtomicLong rowsDeleted = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final Optional<HourSealer> sealer;
  private final java.util.function.BooleanSupplier othersBusy;
  private long deferredSince = -1;

  static final Duration MAX_DEFERRAL = Duration.ofMinutes(30);

  /**
   * A sealer of the hours {@code schedule} gives; {@code sealer} is empty when the tables cannot be
   * sealed (then nothing is done).
   */
  BlockSealer(
      PhoenixConnector connector,
      SealSchedule schedule,
      Optional<HourSealer> sealer,
      java.util.function.BooleanSupplier othersBusy) {
    this.connector = connector;
    this.schedule = schedule;
    this.sealer = sealer;
    this.othersBusy = othersBusy;
  }

  /** Whether to skip this round: others are busy, and have not kept sealing waiting too long. */
  private boolean defer() {
    long now = System.nanoTime();
    // nothing to seal: no need to ask (the aggregators' answer reads their dirty marks)
    if (schedule.pending() == 0 || !othersBusy.getAsBoolean()) {
      deferredSince = -1;
      return false;
    }
    if (deferredSince < 0) {
      deferredSince = now;
      LOG.info("Sealing waits while the aggregators redo intervals (at most {})", MAX_DEFERRAL);
    }
    return now - deferredSince < MAX_DEFERRAL.toNanos();
  }

  /** Looks for due hours every {@code every}. */
  void start(Duration every) {
    long ms = Math.max(100, every.toMillis());
    thread.scheduleWithFixedDelay(this::runDue, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** Seals every hour due now; on the sealer's thread, or in tests. */
  void runDue() {
    if (sealer.isEmpty() || defer()) {
      return;
    }
    try (Connection c = connector.open()) {
      long deleted = 0;
      for (SealSchedule.Due due : schedule.due()) {
        long started = System.nanoTime();
        HourSealer.Outcome outcome = sealer.get().seal(c, due.hour());
        hoursSealed.incrementAndGet();
        seriesSealed.addAndGet(outcome.series());
        rowsDeleted.addAndGet(outcome.rowsDeleted());
        deleted += outcome.rowsDeleted();
        if (outcome.complete()) {
          schedule.sealed(due);
        }
        if (outcome.series() > 0 || !outcome.complete()) {
          LOG.info(
              "Sealed hour {}: {} series, {} rows merged, {} changed under the merge (left for"
                  + " later), {} series left as they are, in {} ms",
              java.time.Instant.ofEpochMilli(due.hour()),
              outcome.series(),
              outcome.rowsDeleted(),
              outcome.conflicts(),
              outcome.skipped(),
              (System.nanoTime() - started) / 1_000_000);
        }
      }
      if (deleted > 0) {
        requestCompaction(c);
      }
    } catch (SQLException | RuntimeException e) {
      failures.incrementAndGet();
      LOG.warn("Sealing raw rows failed (tried again later): {}", e.getMessage(), e);
    }
  }

  /**
   * Flushes METRIC_RECORD and asks HBase to compact it fully (in the background), so that the rows
   * merged away leave the disk and stop costing reads now rather than at HBase's weekly major
   * compaction. What is left to rewrite is small: the hours not sealed yet. The flush comes first
   * because the round's delete markers are still in the memstore: a compaction of the files alone
   * would keep every merged row, and every read of a sealed hour would step over each row and its
   * marker (a sixth of a PromQL range query's CPU on tier S).
   */
  private static void requestCompaction(Connection c) throws SQLException {
    try (Admin admin = c.unwrap(PhoenixConnection.class).getQueryServices().getAdmin()) {
      TableName table = TableName.valueOf("METRIC_RECORD");
      TableFlushes.flush(admin, table);
      admin.majorCompact(table);
      LOG.info("Asked HBase to compact METRIC_RECORD after sealing");
    } catch (IOException e) {
      LOG.warn("Could not ask for a compaction of METRIC_RECORD: {}", e.getMessage());
    }
  }

  /** Hours sealed (or found empty) since start. */
  long hoursSealed() {
    return hoursSealed.get();
  }

  /** Series rows written into METRIC_RECORD_SEALED since start. */
  long seriesSealed() {
    return seriesSealed.get();
  }

  /** METRIC_RECORD rows merged into sealed rows and deleted since start. */
  long rowsDeleted() {
    return rowsDeleted.get();
  }

  /** Rounds that failed since start. */
  long failures() {
    return failures.get();
  }

  /** Hours that may still have rows to seal. */
  int pendingHours() {
    return schedule.pending();
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("The block sealer did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
