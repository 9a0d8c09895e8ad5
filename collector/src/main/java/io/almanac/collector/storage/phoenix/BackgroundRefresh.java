package io.almanac.collector.storage.phoenix;

import java.sql.SQLException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One read of the tables run on an executor, one at a time: asked for while one is queued or
 * running, it is not queued again. A read that fails is logged and left to the next request; an
 * executor that refuses (stopping) leaves the caller with what it holds.
 */
final class BackgroundRefresh {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundRefresh.class);

  /** The read. */
  @FunctionalInterface
  interface Read {
    void run() throws SQLException;
  }

  private final String what;
  private final Executor executor;
  private final Read read;
  private final AtomicBoolean queued = new AtomicBoolean();

  /** Runs {@code read} (of {@code what}, for the log) on {@code executor} when requested. */
  BackgroundRefresh(String what, Executor executor, Read read) {
    this.what = what;
    this.executor = executor;
    this.read = read;
  }

  /** Has the read run, unless it is already queued or running. */
  void request() {
    if (!queued.compareAndSet(false, true)) {
      return;
    }
    Runnable task =
        () -> {
          try {
            read.run();
          } catch (SQLException | RuntimeException e) {
            // still old: the next request asks again
            LOG.debug("{} not read again: {}", what, e.toString());
          } finally {
            queued.set(false);
          }
        };
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      queued.set(false);
    }
  }
}
