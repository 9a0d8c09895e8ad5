package io.almanac.collector.ingest;

import com.codahale.metrics.Meter;
import com.codahale.metrics.Timer;
import io.almanac.model.store.MetricWriter;
import io.almanac.model.store.SeriesBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded buffer in front of the store and the one thread that empties it: everything queued
 * while a commit runs goes into the next commit together (group commit), and each request's future
 * completes only when its batches are committed. The buffer is bounded in points; a request that
 * does not fit is refused at once rather than queued without limit.
 */
final class GroupCommitter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
  private static final long MAX_POINTS_PER_COMMIT = 500_000;
  private static final int MAX_SOLO_FAILURES = 3;

  /** A write that is not a group of raw batches: it runs alone, in its turn. */
  @FunctionalInterface
  interface SoloWrite {
    /** Writes and commits; throws when storage fails. */
    void write();
  }

  /** One request: raw batches (grouped with others), or a solo write. */
  private record Pending(
      List<SeriesBatch> batches, SoloWrite solo, long points, CompletableFuture<Void> done) {
    boolean isSolo() {
      return solo != null;
    }
  }

  private final MetricWriter writer;
  private final java.util.function.Consumer<List<SeriesBatch>> afterCommit;
  private final long capacityPoints;
  private final Timer commitTimer;
  private final Meter commitFailures;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final Thread thread;
  private long queuedPoints;
  private boolean closing;

  /**
   * {@code afterCommit} runs on the commit thread after each successful write, before anyone is
   * answered. {@code commitFailures} is marked for every commit the store refuses, retries
   * included.
   */
  GroupCommitter(
      MetricWriter writer,
      java.util.function.Consumer<List<SeriesBatch>> afterCommit,
      long capacityPoints,
      Timer commitTimer,
      Meter commitFailures) {
    this.writer = writer;
    this.afterCommit = afterCommit;
    this.capacityPoints = capacityPoints;
    this.commitTimer = commitTimer;
    this.commitFailures = commitFailures;
    this.thread = new Thread(this::run, "almanac-ingest-commit");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Queues the batches; the future completes when they are committed, or fails with the reason. */
  CompletableFuture<Void> submit(List<SeriesBatch> batches, long points) {
    return enqueue(batches, null, points);
  }

  /**
   * Queues a write of another kind, counted as {@code points} against the buffer; it runs on the
   * commit thread in its turn, alone. The future completes as for {@link #submit}.
   */
  CompletableFuture<Void> submitSolo(SoloWrite write, long points) {
    return enqueue(List.of(), write, points);
  }

  private CompletableFuture<Void> enqueue(List<SeriesBatch> batches, SoloWrite solo, long points) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    lock.lock();
    try {
      if (closing) {
        throw new OverloadedException("the collector is shutting down", null);
      }
      // One request larger than the whole buffer is still taken when the buffer is empty.
      if (queuedPoints > 0 && queuedPoints + points > capacityPoints) {
        throw new OverloadedException(
            "write buffer full ("
                + queuedPoints
                + " points waiting for storage, capacity "
                + capacityPoints
                + ")",
            null);
      }
      queue.add(new Pending(batches, solo, points, done));
      queuedPoints += points;
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
    return done;
  }

  /** Points accepted and not yet committed. */
  long queuedPoints() {
    lock.lock();
    try {
      return queuedPoints;
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (true) {
      List<Pending> group = new ArrayList<>();
      lock.lock();
      try {
        while (queue.isEmpty() && !closing) {
          notEmpty.awaitUninterruptibly();
        }
        if (queue.isEmpty()) {
          return;
        }
        long points = 0;
        while (!queue.isEmpty() && (group.isEmpty() || groupsWith(group, points, queue.peek()))) {
          Pending p = queue.poll();
          points += p.points();
          group.add(p);
        }
      } finally {
        lock.unlock();
      }
      commit(group);
    }
  }

  /** Whether {@code next} joins {@code group}: raw batches only, up to the commit size. */
  private static boolean groupsWith(List<Pending> group, long points, Pending next) {
    return !next.isSolo()
        && !group.get(0).isSolo()
        && points + next.points() <= MAX_POINTS_PER_COMMIT;
  }

  /**
   * Writes a group in one commit. When that fails and the group holds several requests, each is
   * written again on its own, so that one request the store refuses cannot fail the others (writes
   * are upserts: what the failed commit already wrote is written again unchanged). After {@value
   * #MAX_SOLO_FAILURES} requests failed alone the store itself is taken to be failing, and the rest
   * get the group's failure without another try.
   */
  private void commit(List<Pending> group) {
    Throwable failure = write(group);
    if (failure != null && group.size() > 1) {
      LOG.info("Retrying the {} requests of the failed commit one by one", group.size());
      int failedAlone = 0;
      for (Pending p : group) {
        Throwable own = failedAlone < MAX_SOLO_FAILURES ? write(List.of(p)) : failure;
        if (own != null) {
          failedAlone++;
        }
        finish(p, own);
      }
    } else {
      for (Pending p : group) {
        finish(p, failure);
      }
    }
    long points = group.stream().mapToLong(Pending::points).sum();
    lock.lock();
    try {
      queuedPoints -= points;
    } finally {
      lock.unlock();
    }
  }

  /** Writes the requests' batches in one commit; the failure, or null when committed. */
  private Throwable write(List<Pending> requests) {
    if (requests.get(0).isSolo()) {
      try (Timer.Context ignored = commitTimer.time()) {
        requests.get(0).solo().write();
        return null;
      } catch (Throwable t) {
        LOG.warn("Commit of {} rows failed: {}", requests.get(0).points(), t.toString());
        commitFailures.mark();
        return t;
      }
    }
    List<SeriesBatch> all = new ArrayList<>();
    long points = 0;
    for (Pending p : requests) {
      all.addAll(p.batches());
      points += p.points();
    }
    try (Timer.Context ignored = commitTimer.time()) {
      writer.write(all);
      afterCommit.accept(all);
      return null;
    } catch (Throwable t) {
      LOG.warn("Commit of {} series ({} points) failed: {}", all.size(), points, t.toString());
      commitFailures.mark();
      return t;
    }
  }

  private static void finish(Pending p, Throwable failure) {
    if (failure == null) {
      p.done().complete(null);
    } else {
      p.done().completeExceptionally(failure);
    }
  }

  /** Stops taking requests, commits what is queued, and stops the thread. */
  @Override
  public void close() {
    lock.lock();
    try {
      closing = true;
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(TimeUnit.MINUTES.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warn("The commit thread did not finish within 2 minutes");
    }
  }
}
