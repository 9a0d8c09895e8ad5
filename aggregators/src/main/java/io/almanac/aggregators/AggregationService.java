package io.almanac.aggregators;

import io.almanac.model.store.AggregationStore;
import io.almanac.model.store.RollupLevel;
import io.almanac.model.store.SeriesBatch;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the seven aggregators, upstream first, on one thread it owns; every time is read from the
 * injected clock. Also takes note of late raw data so the intervals it lands in are aggregated
 * again, at every level above.
 */
public final class AggregationService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AggregationService.class);

  private final Clock clock;
  private final Map<AggregatorKind, AggregationJob> jobs = new EnumMap<>(AggregatorKind.class);
  private final ClusterSliceAggregation slices;
  private final AggregationStore store;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile boolean stopping;

  /**
   * Marks persisted lately, per aggregator and interval, with when: see {@link #recordLateData}.
   */
  private final Map<String, Long> recentMarks = new java.util.concurrent.ConcurrentHashMap<>();

  private final long markRefreshMs;
  private ScheduledExecutorService scheduler;
  private volatile java.util.function.BooleanSupplier leading = () -> true;
  private volatile java.util.function.LongSupplier epoch = () -> 0;

  /** Whether the last run led; owned by whoever runs {@link #runOnce()}. */
  private boolean ledLastRun;

  /** Aggregators over {@code store}, configured by {@code settings}, timed by {@code clock}. */
  public AggregationService(AggregationStore store, AggregationSettings settings, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.slices = new ClusterSliceAggregation(settings);
    this.markRefreshMs = Math.min(5_000, settings.lateSettleMs() / 2);
    for (AggregatorKind kind : AggregatorKind.values()) {
      AggregatorKind up = kind.upstream();
      jobs.put(
          kind,
          new AggregationJob(
              settings.spec(kind),
              store,
              slices,
              up == null ? null : () -> jobs.get(up).checkpoint(),
              settings.lateSettleMs(),
              () -> epoch.getAsLong()));
    }
  }

  /**
   * Runs only while {@code leading} says so (one collector of several that share a store
   * aggregates: the leader), asked before each interval. Whenever the answer changes, the
   * aggregators forget their checkpoints in memory and read the stored ones again: a new leader
   * goes on from where the last one stopped, and a collector that stopped leading judges late data
   * by the leader's checkpoints, not by its own old ones. The checkpoints are written in the
   * leader's {@code epoch}; a new leader first claims them for its epoch, so that the store refuses
   * the checkpoint writes of a deposed one ({@link FencedOffException}).
   */
  public void leadOnlyWhen(
      java.util.function.BooleanSupplier leading, java.util.function.LongSupplier epoch) {
    this.leading = leading;
    this.epoch = epoch;
  }

  /** Runs every aggregator every {@code tick} on a daemon thread, starting now. */
  public synchronized void start(Duration tick) {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "almanac-aggregation");
              t.setDaemon(true);
              return t;
            });
    scheduler.scheduleWithFixedDelay(this::runSafely, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void runSafely() {
    try {
      runOnce();
    } catch (Throwable t) {
      LOG.warn(
          "Aggregation run failed; it resumes from its checkpoints next time: {}", t.toString());
    }
  }

  /**
   * Runs every aggregator once, upstream first, each catching up on everything due. Returns the
   * number of intervals aggregated per aggregator. Skips when a run is still going.
   */
  public Map<AggregatorKind, Integer> runOnce() {
    Map<AggregatorKind, Integer> done = new LinkedHashMap<>();
    if (!running.compareAndSet(false, true)) {
      return done;
    }
    try {
      boolean lead = leading.getAsBoolean();
      if (lead != ledLastRun) {
        jobs.values().forEach(AggregationJob::forgetCheckpoint);
        ledLastRun = lead;
        if (lead && !claimCheckpoints()) {
          ledLastRun = false; // a later leader exists: try again at the next run
          return done;
        }
        LOG.info(
            lead
                ? "Aggregation: leading (epoch {}); going on from the stored checkpoints"
                : "Aggregation: another collector leads; this one stops aggregating",
            epoch.getAsLong());
      }
      if (!lead) {
        return done;
      }
      for (AggregationJob job : jobs.values()) {
        done.put(
            job.kind(), job.run(clock.millis(), jobs, () -> stopping || !leading.getAsBoolean()));
      }
    } catch (FencedOffException e) {
      LOG.warn("Aggregation stopped: {}", e.getMessage());
      jobs.values().forEach(AggregationJob::forgetCheckpoint);
      ledLastRun = false;
    } finally {
      running.set(false);
    }
    return done;
  }

  /** Claims every checkpoint for this epoch; false when a later leader has claimed them. */
  private boolean claimCheckpoints() {
    long mine = epoch.getAsLong();
    List<String> names = new ArrayList<>();
    jobs.values().stream()
        .filter(AggregationJob::enabled)
        .forEach(j -> names.add(j.kind().amsName()));
    if (names.isEmpty()) {
      return true; // nothing to write here
    }
    long found = store.claimCheckpoints(names, mine);
    if (found > mine) {
      LOG.warn(
          "Aggregation: the checkpoints are claimed by epoch {}, later than this leader's {}; not"
              + " aggregating",
          found,
          mine);
      return false;
    }
    return true;
  }

  /**
   * Called once raw batches are committed: every interval that an aggregator reading raw points has
   * already claimed, and that these points fall in (or, for the cluster slices, whose interpolation
   * margin they touch), is marked for aggregating again.
   */
  public void recordLateData(List<SeriesBatch> batches) {
    long now = clock.millis();
    for (AggregationJob job :
        List.of(jobs.get(AggregatorKind.HOST_MINUTE), jobs.get(AggregatorKind.CLUSTER_SECOND))) {
      long claimed = job.lateBoundary(now);
      long margin = job.kind() == AggregatorKind.CLUSTER_SECOND ? slices.marginMs() : 0;
      TreeSet<Long> dirty = new TreeSet<>();
      for (SeriesBatch b : batches) {
        if (b.points().firstTimestamp() - margin >= claimed) {
          continue;
        }
        for (int i = 0; i < b.points().size(); i++) {
          long t = b.points().timestamp(i);
          for (long s = job.floor(t - margin);
              s <= job.floor(t + margin) && s < claimed;
              s += job.intervalMs()) {
            dirty.add(s);
          }
        }
      }
      mark(job, dirty, now);
    }
  }

  /**
   * Marks the intervals that rows written at {@code level} from outside the aggregators (AMS's
   * {@code /metrics/aggregated} POST) arrive too late for: those the aggregators reading that level
   * have already done.
   */
  public void recordLateRollups(RollupLevel level, Collection<Long> timestamps) {
    long now = clock.millis();
    for (AggregationJob job : jobs.values()) {
      if (job.kind().input() != level) {
        continue;
      }
      long claimed = job.lateBoundary(now);
      TreeSet<Long> dirty = new TreeSet<>();
      for (long t : timestamps) {
        long start = job.floor(t);
        if (start < claimed) {
          dirty.add(start);
        }
      }
      mark(job, dirty, now);
    }
  }

  /**
   * Persists the dirty marks of {@code job}. A backfill marks the same intervals with every POST. A
   * mark persisted less than markRefreshMs ago (less than half the settle time) already keeps the
   * interval from being redone before this data is in, so it is not written again: one small write
   * instead of one per POST.
   */
  private void mark(AggregationJob job, TreeSet<Long> dirty, long now) {
    List<Long> fresh = new ArrayList<>();
    for (long start : dirty) {
      String key = job.kind().amsName() + '@' + start;
      Long last = recentMarks.get(key);
      if (last == null || now - last >= markRefreshMs) {
        fresh.add(start);
        recentMarks.put(key, now);
      }
    }
    if (!fresh.isEmpty()) {
      store.markDirty(job.kind().amsName(), fresh, now);
    }
    if (recentMarks.size() > 100_000) {
      recentMarks.values().removeIf(t -> now - t >= markRefreshMs);
    }
  }

  /** Each aggregator's checkpoint (end of its last completed interval), once known. */
  public Map<AggregatorKind, Long> checkpoints() {
    Map<AggregatorKind, Long> out = new LinkedHashMap<>();
    jobs.forEach(
        (k, j) -> {
          if (j.checkpoint() != Long.MIN_VALUE) {
            out.put(k, j.checkpoint());
          }
        });
    return out;
  }

  /** How far {@code kind} is behind the clock, in ms (0 before its first run). */
  public long lagMs(AggregatorKind kind) {
    long cp = jobs.get(kind).checkpoint();
    return cp == Long.MIN_VALUE ? 0 : Math.max(0, clock.millis() - cp);
  }

  /**
   * How many intervals of {@code kind} late data has marked to be aggregated again that wait for it
   * (0 when it has caught up with every backfill).
   */
  /** Whether any aggregator has intervals waiting to be aggregated again (late data). */
  public boolean redoing() {
    for (AggregationJob job : jobs.values()) {
      if (job.redoPending() > 0) {
        return true;
      }
    }
    return false;
  }

  public int redoPending(AggregatorKind kind) {
    return jobs.get(kind).redoPending();
  }

  /** Stops the thread, letting a running pass finish its current interval. */
  @Override
  public synchronized void close() {
    if (scheduler == null) {
      return;
    }
    stopping = true;
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
    scheduler = null;
  }
}
