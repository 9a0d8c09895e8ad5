package io.almanac.aggregators;

import io.almanac.model.MetricKey;
import io.almanac.model.SeriesKey;
import io.almanac.model.TimeRange;
import io.almanac.model.store.AggregationStore;
import io.almanac.model.store.MetricDescriptor;
import io.almanac.model.store.Rollup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One aggregator: aggregates its intervals in order from its checkpoint up to what is ready, as
 * many per run as are due (real catch-up, unlike AMS's one interval per period and its discarded
 * gaps), then the intervals marked dirty by late data. The checkpoint lives in the store.
 */
final class AggregationJob {
  private static final Logger LOG = LoggerFactory.getLogger(AggregationJob.class);

  /** Rollups are labelled one second before their interval ends, as AMS labels them. */
  static final long LABEL_OFFSET_MS = 1000;

  /**
   * Consecutive intervals of an aggregator aggregated from one read of at most this span (of raw
   * points, or of the rollups of the level below). A read of such a table steps through every row
   * of every store file whose time range overlaps it (seeks within a file's blocks step too), so it
   * costs about the same for two minutes as for the whole span the files hold, and files hold many
   * hours after a backfill or a compaction: catching up N hours in reads of one hour read the raw
   * table about N times over (`scripts/benchmark.sh catchup`, docs/benchmarks.md). Only a catch-up
   * has more than one interval due; a quiet run reads one.
   */
  static final long BATCH_SPAN_MS = 24 * 3_600_000L;

  /**
   * Cluster slice windows held at once, times the cluster metrics each may hold: bounds the running
   * totals of a batch of windows (about 280 bytes a metric and 2-minute window: four slices of sum,
   * hosts, max and min, and the map entry) to about 30 MB when cluster metrics are many.
   */
  static final long MAX_WINDOW_TOTALS = 100_000;

  private final AggregatorSpec spec;
  private final AggregationStore store;
  private final ClusterSliceAggregation slices;
  private final LongSupplier upstreamCheckpoint;
  private final long settleMs;
  private final LongSupplier epoch;

  /**
   * End of the intervals claimed: checkpoint, or one interval more while one is being aggregated.
   */
  private volatile long claimed = Long.MIN_VALUE;

  private volatile long checkpoint = Long.MIN_VALUE;
  private static final long STORED_CHECKPOINT_TTL_MS = 5_000;
  private volatile long storedCheckpoint = Long.MIN_VALUE;
  private volatile long storedCheckpointReadAt = Long.MIN_VALUE / 2;

  AggregationJob(
      AggregatorSpec spec,
      AggregationStore store,
      ClusterSliceAggregation slices,
      LongSupplier upstreamCheckpoint,
      long settleMs,
      LongSupplier epoch) {
    this.epoch = epoch;
    this.spec = spec;
    this.settleMs = settleMs;
    this.store = store;
    this.slices = slices;
    this.upstreamCheckpoint = upstreamCheckpoint;
  }

  AggregatorKind kind() {
    return spec.kind();
  }

  /** False when configured off here: it then neither writes nor claims its checkpoint. */
  boolean enabled() {
    return spec.enabled();
  }

  long intervalMs() {
    return spec.intervalMs();
  }

  /** End of the last completed interval; {@code Long.MIN_VALUE} before the first run. */
  long checkpoint() {
    return checkpoint;
  }

  /**
   * Intervals already aggregated once that late data marked to be aggregated again and that are
   * still waiting for it (read from the store).
   */
  int redoPending() {
    long cp = checkpoint;
    int pending = 0;
    for (long start : store.dirtyIntervals(spec.kind().amsName()).keySet()) {
      if (cp != Long.MIN_VALUE && start + spec.intervalMs() <= cp) {
        pending++;
      }
    }
    return pending;
  }

  /**
   * Drops the checkpoint and claim held in memory: the next run reads the stored checkpoint, and
   * until then late data is judged by the stored one (another collector may have moved it).
   */
  void forgetCheckpoint() {
    claimed = Long.MIN_VALUE;
    checkpoint = Long.MIN_VALUE;
    storedCheckpointReadAt = Long.MIN_VALUE / 2;
  }

  /** Data before this time has been, or is being, aggregated: later arrivals there are late. */
  long claimed() {
    return claimed;
  }

  /**
   * Where late data starts, as seen from an ingest path: this job's claim once it runs; before
   * that, or when it is disabled here because another collector aggregates, the checkpoint stored
   * by whoever does, read again at most every few seconds. Data before it marks its interval dirty,
   * so the aggregating collector redoes it and queries do not read its stored rows meanwhile.
   */
  long lateBoundary(long now) {
    long local = claimed;
    if (local != Long.MIN_VALUE) {
      return local;
    }
    if (now - storedCheckpointReadAt > STORED_CHECKPOINT_TTL_MS) {
      storedCheckpoint = store.checkpoint(spec.kind().amsName()).orElse(Long.MIN_VALUE);
      storedCheckpointReadAt = now;
    }
    return storedCheckpoint;
  }

  long floor(long t) {
    return Math.floorDiv(t, spec.intervalMs()) * spec.intervalMs();
  }

  /** Runs what is due at {@code now}; returns the number of intervals aggregated. */
  int run(
      long now,
      Map<AggregatorKind, AggregationJob> jobs,
      java.util.function.BooleanSupplier stopping) {
    if (!spec.enabled()) {
      return 0;
    }
    long ready = readyUntil(now);
    if (checkpoint == Long.MIN_VALUE) {
      initialize(ready);
    }
    int done = 0;
    long remaining = Math.max(0, (ready - checkpoint) / spec.intervalMs());
    if (remaining > 1) {
      LOG.info(
          "{}: catching up {} intervals from {}",
          spec.kind().amsName(),
          remaining,
          java.time.Instant.ofEpochMilli(checkpoint));
    }
    long started = System.nanoTime();
    int batch = maxBatch();
    long logged = 0;
    while (checkpoint + spec.intervalMs() <= ready && !stopping.getAsBoolean()) {
      long start = checkpoint;
      int count = (int) Math.min(batch, (ready - start) / spec.intervalMs());
      long end = start + count * spec.intervalMs();
      claimed = end;
      try {
        aggregate(start, count, jobs, now);
      } catch (RuntimeException e) {
        claimed = start;
        throw e;
      }
      if (stopping.getAsBoolean()) {
        claimed = start; // told to stop meanwhile (no longer the leader): not recorded as done
        break;
      }
      save(end);
      checkpoint = end;
      done += count;
      if (remaining > 1 && done / 100 > logged) {
        logged = done / 100;
        LOG.info(
            "{}: {} intervals done, {} remaining", spec.kind().amsName(), done, remaining - done);
      }
    }
    done += redoDirty(now, batch, jobs, stopping);
    if (remaining > 1) {
      LOG.info(
          "{}: caught up, {} intervals in {} ms, now at {}",
          spec.kind().amsName(),
          done,
          (System.nanoTime() - started) / 1_000_000,
          java.time.Instant.ofEpochMilli(checkpoint));
    }
    return done;
  }

  /**
   * Aggregates again the intervals late data marked once they have settled, consecutive ones (up to
   * {@code batch}) from one read; returns how many.
   */
  private int redoDirty(
      long now,
      int batch,
      Map<AggregatorKind, AggregationJob> jobs,
      java.util.function.BooleanSupplier stopping) {
    int done = 0;
    List<Map.Entry<Long, Long>> run = new ArrayList<>();
    for (Map.Entry<Long, Long> mark : store.dirtyIntervals(spec.kind().amsName()).entrySet()) {
      long start = mark.getKey();
      if (start + spec.intervalMs() > checkpoint || stopping.getAsBoolean()) {
        break; // not yet aggregated the first time; the forward pass will take it
      }
      if (start < earliestKept(readyUntil(now))) {
        store.clearDirty(spec.kind().amsName(), start, mark.getValue()); // its input has expired
        continue;
      }
      if (mark.getValue() > now - settleMs) {
        continue; // data is still arriving for it: fold it in once it has settled
      }
      boolean follows =
          !run.isEmpty() && start == run.get(0).getKey() + run.size() * spec.intervalMs();
      if (!run.isEmpty() && (!follows || run.size() >= batch)) {
        if (!redo(run, now, jobs, stopping)) {
          return done; // the marks stay: whoever leads redoes them
        }
        done += run.size();
        run.clear();
      }
      run.add(mark);
    }
    if (!run.isEmpty() && !stopping.getAsBoolean() && redo(run, now, jobs, stopping)) {
      done += run.size();
    }
    return done;
  }

  /** Aggregates the consecutive marked intervals of {@code run} again; false when told to stop. */
  private boolean redo(
      List<Map.Entry<Long, Long>> run,
      long now,
      Map<AggregatorKind, AggregationJob> jobs,
      java.util.function.BooleanSupplier stopping) {
    aggregate(run.get(0).getKey(), run.size(), jobs, now);
    if (stopping.getAsBoolean()) {
      return false;
    }
    for (Map.Entry<Long, Long> mark : run) {
      store.clearDirty(spec.kind().amsName(), mark.getKey(), mark.getValue());
    }
    return true;
  }

  /**
   * How many consecutive intervals are aggregated from one read: those of {@link #BATCH_SPAN_MS}
   * (hourly: a day of hours; daily: one day), fewer slice windows when cluster metrics are many.
   */
  private int maxBatch() {
    switch (spec.kind()) {
      case CLUSTER_SECOND:
        return sliceWindowsPerRead(spec.intervalMs(), store.metrics().size());
      default:
        return (int) Math.max(1, BATCH_SPAN_MS / spec.intervalMs());
    }
  }

  /**
   * Slice windows of {@code intervalMs} read together: a day of them, fewer when {@code metrics}
   * metrics in each would pass {@link #MAX_WINDOW_TOTALS}, one at least.
   */
  static int sliceWindowsPerRead(long intervalMs, long metrics) {
    long span = Math.max(1, BATCH_SPAN_MS / intervalMs);
    return (int) Math.max(1, Math.min(span, MAX_WINDOW_TOTALS / Math.max(1, metrics)));
  }

  /** Intervals ending at or before this are ready: past the delay, and aggregated upstream. */
  private long readyUntil(long now) {
    long ready = now - spec.delayMs();
    if (upstreamCheckpoint != null) {
      ready = Math.min(ready, upstreamCheckpoint.getAsLong());
    }
    return ready;
  }

  /**
   * The first run: continue from the saved checkpoint or, without one, from the oldest data the
   * input table holds, or from now when it holds nothing. Either way no further back than the
   * input's retention: older input has expired, and a checkpoint or a stray point near the epoch
   * must not send the aggregator through decades of empty intervals.
   */
  private void initialize(long ready) {
    long earliest = earliestKept(ready);
    OptionalLong saved = store.checkpoint(spec.kind().amsName());
    long start;
    if (saved.isPresent()) {
      start = Math.max(saved.getAsLong(), earliest);
      if (start != saved.getAsLong()) {
        LOG.warn(
            "{}: the saved checkpoint {} is older than the input's retention; starting at {}",
            spec.kind().amsName(),
            java.time.Instant.ofEpochMilli(saved.getAsLong()),
            java.time.Instant.ofEpochMilli(start));
        save(start);
      }
    } else {
      OptionalLong oldest = store.oldestTime(spec.kind().input());
      start =
          Math.max(
              floor(oldest.isPresent() ? Math.min(oldest.getAsLong(), ready) : ready), earliest);
      save(start);
      LOG.info(
          "{}: first run, starting at {}",
          spec.kind().amsName(),
          java.time.Instant.ofEpochMilli(start));
    }
    checkpoint = floor(start);
    claimed = checkpoint;
  }

  /**
   * Stores the checkpoint in this collector's epoch as leader.
   *
   * @throws FencedOffException when a leader of a later epoch has written or claimed it
   */
  private void save(long time) {
    long mine = epoch.getAsLong();
    if (!store.saveCheckpoint(spec.kind().amsName(), time, mine)) {
      throw new FencedOffException(
          spec.kind().amsName()
              + ": a leader of a later epoch than "
              + mine
              + " holds the checkpoint; this collector no longer aggregates");
    }
  }

  /** Start of the oldest interval whose input may still be stored at {@code ready}. */
  private long earliestKept(long ready) {
    return floor(Math.max(0, ready - spec.inputRetentionMs()));
  }

  /**
   * Aggregates the {@code count} intervals from {@code start} and marks the intervals above them
   * dirty if done.
   */
  private void aggregate(
      long start, int count, Map<AggregatorKind, AggregationJob> jobs, long now) {
    long interval = spec.intervalMs();
    long end = start + count * interval;
    switch (spec.kind()) {
      case HOST_MINUTE:
        hostFromRaw(start, count);
        break;
      case CLUSTER_SECOND:
        clusterSlices(start, count);
        break;
      case HOST_HOURLY:
      case HOST_DAILY:
        hostFromRollups(start, count);
        break;
      default:
        clusterFromRollups(start, count);
    }
    // The rows just written carry labels from firstLabel to lastLabel (end - 1 s of each interval
    // for rollups; for slices each slice's end); every downstream interval holding one is redone.
    boolean sliced = spec.kind() == AggregatorKind.CLUSTER_SECOND;
    long firstLabel = sliced ? start + slices.sliceMs() : start + interval - LABEL_OFFSET_MS;
    long lastLabel = sliced ? end : end - LABEL_OFFSET_MS;
    for (AggregatorKind down : spec.kind().downstream()) {
      AggregationJob job = jobs.get(down);
      List<Long> marks = new java.util.ArrayList<>();
      for (long downStart = job.floor(firstLabel);
          downStart <= lastLabel;
          downStart += job.intervalMs()) {
        if (job.claimed() > downStart) {
          marks.add(downStart);
        }
      }
      if (!marks.isEmpty()) {
        store.markDirty(down.amsName(), marks, now);
      }
    }
  }

  /** The host rollups of {@code count} intervals from {@code start}, from one read. */
  private void hostFromRaw(long start, int count) {
    long interval = spec.intervalMs();
    try (RollupBatch<SeriesKey> out = hostBatch()) {
      store.scanRaw(
          new TimeRange(start, start + count * interval),
          s -> {
            for (int i = 0; i < count; i++) {
              long from = start + i * interval;
              long to = from + interval;
              Rollup r =
                  Rollups.ofPoints(s.points().between(from, to), from, to, to - LABEL_OFFSET_MS);
              if (r != null) {
                out.add(s.key(), r);
              }
            }
          });
    }
  }

  /**
   * The host rollups of {@code count} intervals from {@code start}, from one read of the rows of
   * the level below (each row counts in the interval its label falls in).
   */
  private void hostFromRollups(long start, int count) {
    long interval = spec.intervalMs();
    try (RollupBatch<SeriesKey> out = hostBatch()) {
      store.scanRollups(
          spec.kind().input(),
          new TimeRange(start, start + count * interval),
          s -> {
            List<List<Rollup>> perInterval = inIntervals(s.rows(), start, count);
            SeriesKey key = new SeriesKey(s.metric(), s.hostName());
            for (int i = 0; i < count; i++) {
              long end = start + (i + 1) * interval;
              Rollup r = Rollups.ofHostRollups(perInterval.get(i), end - LABEL_OFFSET_MS);
              if (r != null) {
                out.add(key, r);
              }
            }
          });
    }
  }

  private RollupBatch<SeriesKey> hostBatch() {
    return new RollupBatch<>(rows -> store.writeHostRollups(spec.kind().output(), rows));
  }

  private RollupBatch<MetricKey> clusterBatch() {
    return new RollupBatch<>(rows -> store.writeClusterRollups(spec.kind().output(), rows));
  }

  /**
   * Reads the window with its margins series by series into running per-metric totals (memory grows
   * with the number of cluster metrics, not with points or hosts), then writes the slices.
   */
  private void clusterSlices(long start, int count) {
    long margin = slices.marginMs();
    long interval = spec.intervalMs();
    Map<MetricKey, MetricDescriptor> metadata = new HashMap<>();
    for (MetricDescriptor d : store.metrics()) {
      metadata.put(d.key(), d);
    }
    Map<String, java.util.Set<String>> apps = store.appsByHost();
    List<ClusterSliceAggregation.Window> windows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long from = start + i * interval;
      windows.add(slices.window(from, from + interval, metadata, apps));
    }
    long end = start + count * interval;
    store.scanRaw(
        new TimeRange(start - margin, end + margin),
        s -> {
          for (ClusterSliceAggregation.Window window : windows) {
            window.add(s); // each takes the points of its own window and margins
          }
        });
    try (RollupBatch<MetricKey> out = clusterBatch()) {
      for (ClusterSliceAggregation.Window window : windows) {
        window.result().forEach(out::addAll);
      }
    }
  }

  /**
   * The cluster rollups of {@code count} intervals from {@code start}, from one read of the rows of
   * the level below. As AMS: an interval takes the rows whose labels fall in it. A 30 s slice is
   * labelled by its end, so a 5-minute row takes the slices ending in [start, end), which cover
   * [start - 30 s, end - 30 s).
   */
  private void clusterFromRollups(long start, int count) {
    long interval = spec.intervalMs();
    try (RollupBatch<MetricKey> out = clusterBatch()) {
      store.scanRollups(
          spec.kind().input(),
          new TimeRange(start, start + count * interval),
          s -> {
            List<List<Rollup>> perInterval = inIntervals(s.rows(), start, count);
            for (int i = 0; i < count; i++) {
              long end = start + (i + 1) * interval;
              Rollup r =
                  Rollups.ofClusterSeries(
                      s.metric().metricName(), perInterval.get(i), end - LABEL_OFFSET_MS);
              if (r != null) {
                out.add(s.metric(), r);
              }
            }
          });
    }
  }

  /** {@code rows} (all in the {@code count} intervals from {@code start}) by the interval. */
  private List<List<Rollup>> inIntervals(List<Rollup> rows, long start, int count) {
    List<List<Rollup>> perInterval = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      perInterval.add(new ArrayList<>());
    }
    for (Rollup row : rows) {
      perInterval.get((int) ((row.time() - start) / spec.intervalMs())).add(row);
    }
    return perInterval;
  }
}
