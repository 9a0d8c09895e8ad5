package io.almanac.aggregators;

import io.almanac.model.MetricKey;
import io.almanac.model.TimeRange;
import io.almanac.model.store.AggregationStore;
import io.almanac.model.store.MetricDescriptor;
import io.almanac.model.store.MetricReader;
import io.almanac.model.store.Rollup;
import io.almanac.model.store.RollupLevel;
import io.almanac.model.store.RollupSeries;
import io.almanac.model.store.SeriesPoints;
import io.almanac.model.store.SeriesSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rollup rows as a query needs them, complete: the stored rows of every interval the level's
 * aggregator has finished, and, for the intervals it has not (past its checkpoint, or marked dirty
 * by late data), rows computed on the fly from the next finer data with the aggregators' own math
 * ({@link Rollups}, {@link ClusterSliceAggregation}). So a coarse answer right after a backfill has
 * every host, and the newest minutes of an hourly answer are there before the hour is aggregated.
 *
 * <p>The finer data is itself read complete, level by level down to the raw points: daily rows of
 * today come from hourly rows, which come from 5-minute rows, which come from raw points, as far as
 * each level is not final. {@code live_hosts} is only ever read stored: it counts hosts over every
 * metric of an app, which a query for some metrics cannot compute.
 */
public final class FreshRollups {
  private static final Logger LOG = LoggerFactory.getLogger(FreshRollups.class);

  /**
   * How long a read of an aggregator's checkpoint and dirty marks is used as it is; once older, a
   * query uses it still and has it read again in the background.
   */
  static final long PROGRESS_TTL_MS = 1000;

  /**
   * How old a read may be and still be used while it is read again: older (the refreshes failing or
   * not keeping up), a query reads it itself.
   */
  static final long PROGRESS_MAX_AGE_MS = 10_000;

  /** A series of a level: metric, and host for per-host levels (null for cluster levels). */
  private record Key(MetricKey metric, String host) {}

  /** What an aggregator has finished: its checkpoint, and the intervals before it to be redone. */
  private record Progress(long checkpoint, NavigableSet<Long> dirty, long readAt) {}

  private final MetricReader raw;
  private final AggregationStore store;
  private final AggregationSettings settings;
  private final ClusterSliceAggregation slices;
  private final LongSupplier clock;
  private final Map<AggregatorKind, Progress> progress = new ConcurrentHashMap<>();
  private final Executor refresher;

  /** The aggregators whose progress is being read again in the background. */
  private final Set<AggregatorKind> refreshing = ConcurrentHashMap.newKeySet();

  /**
   * Rows read from {@code store} (rollups, checkpoints, dirty marks, metadata) and {@code raw} (raw
   * points), computed under {@code settings}; {@code clock} gives the time in ms. Progress older
   * than {@link #PROGRESS_TTL_MS} is read again by the query that finds it so.
   */
  public FreshRollups(
      MetricReader raw, AggregationStore store, AggregationSettings settings, LongSupplier clock) {
    this(raw, store, settings, clock, Runnable::run);
  }

  /**
   * As {@link #FreshRollups(MetricReader, AggregationStore, AggregationSettings, LongSupplier)},
   * but progress older than {@link #PROGRESS_TTL_MS} is read again on {@code refresher} while the
   * queries go on with what was read before, so no query waits for those reads (a statement each on
   * the checkpoints and the dirty marks, with Phoenix's check of each table's metadata) but the
   * first, and one whose progress is older than {@link #PROGRESS_MAX_AGE_MS}.
   */
  public FreshRollups(
      MetricReader raw,
      AggregationStore store,
      AggregationSettings settings,
      LongSupplier clock,
      Executor refresher) {
    this.raw = raw;
    this.store = store;
    this.settings = settings;
    this.slices = new ClusterSliceAggregation(settings);
    this.clock = clock;
    this.refresher = refresher;
  }

  /**
   * The rows of the selected series at {@code level} whose time (label) lies in {@code range}, as
   * {@link io.almanac.model.store.RollupStore#readRollups} answers them, but complete.
   */
  public List<RollupSeries> read(RollupLevel level, SeriesSelector selector, TimeRange range) {
    List<RollupSeries> out = new ArrayList<>();
    rows(level, selector, range)
        .forEach(
            (k, rows) -> {
              if (!rows.isEmpty()) {
                out.add(new RollupSeries(k.metric(), k.host(), new ArrayList<>(rows.values())));
              }
            });
    return out;
  }

  private static AggregatorKind producer(RollupLevel level) {
    for (AggregatorKind k : AggregatorKind.values()) {
      if (k.output() == level) {
        return k;
      }
    }
    throw new IllegalArgumentException("no aggregator writes " + level);
  }

  private long interval(AggregatorKind kind) {
    return settings.spec(kind).intervalMs();
  }

  /** The interval start (window start, for slices) that a row labelled {@code label} belongs to. */
  private long intervalOf(AggregatorKind kind, long label) {
    long i = interval(kind);
    // Rollups are labelled inside their interval (end - 1 s); slices by their end, up to the
    // window's end.
    long t = kind == AggregatorKind.CLUSTER_SECOND ? label - 1 : label;
    return Math.floorDiv(t, i) * i;
  }

  /**
   * Stored rows; in stale intervals (dirty, or above a dirty one) computed rows replace them where
   * the finer data gives one (a stored row without finer data, say posted to {@code
   * /metrics/aggregated} or older than the raw points' retention, is kept); past the checkpoint,
   * computed rows fill in what is not stored yet (a row there can only have been written by the
   * aggregator at work on that interval, or posted, and then it is the row).
   */
  private Map<Key, TreeMap<Long, Rollup>> rows(
      RollupLevel level, SeriesSelector selector, TimeRange range) {
    Map<Key, TreeMap<Long, Rollup>> out = new LinkedHashMap<>();
    if (range.isEmpty()) {
      return out;
    }
    AggregatorKind kind = producer(level);
    Progress done = progress(kind);
    NavigableSet<Long> stale = stale(kind);
    for (RollupSeries s : store.readRollups(level, selector, range)) {
      Key key = new Key(s.metric(), level.perHost() ? s.hostName() : null);
      TreeMap<Long, Rollup> rows = out.computeIfAbsent(key, k -> new TreeMap<>());
      for (Rollup r : s.rows()) {
        rows.put(r.time(), r);
      }
    }
    // Labels from here on are not final: past the checkpoint (slices: labelled after it).
    long finalBefore =
        done.checkpoint() == Long.MIN_VALUE
            ? Long.MIN_VALUE
            : kind == AggregatorKind.CLUSTER_SECOND ? done.checkpoint() + 1 : done.checkpoint();
    // One computation covers every stale interval in the range and the tail: stale intervals come
    // in their hundreds after a backfill, often every other one, and a read apiece would be slow.
    long from = Long.MAX_VALUE;
    for (long d : stale) {
      long first = kind == AggregatorKind.CLUSTER_SECOND ? d + 1 : d;
      if (first + interval(kind) > range.start() && first < Math.min(finalBefore, range.end())) {
        from = Math.min(from, Math.max(first, range.start()));
        break; // the set is sorted: the first one that overlaps is the earliest
      }
    }
    long tailStart = Math.max(range.start(), finalBefore);
    long to = openEnd(kind, range.end());
    from = Math.min(from, tailStart);
    if (from < to) {
      compute(kind, selector, new TimeRange(from, to))
          .forEach(
              (k, rows) -> {
                TreeMap<Long, Rollup> kept = out.computeIfAbsent(k, x -> new TreeMap<>());
                rows.forEach(
                    (label, r) -> {
                      if (label >= tailStart) {
                        kept.putIfAbsent(
                            label, r); // past the checkpoint: fills in what is not stored yet
                      } else if (stale.contains(intervalOf(kind, label))) {
                        kept.put(
                            label, r); // a stale interval: the computed row replaces the stored one
                      }
                    });
              });
    }
    return out;
  }

  /**
   * Where computed labels end for a range ending at {@code end}: at {@code end}, or just after the
   * label of the row that holds {@code end - 1} when that row's interval is still open. Its label
   * (the interval's end, less a second for rollups) lies after now and so after a range that ends
   * now; without it every answer would lack its newest minutes. It holds what has arrived so far.
   */
  private long openEnd(AggregatorKind kind, long end) {
    long step = kind == AggregatorKind.CLUSTER_SECOND ? slices.sliceMs() : interval(kind);
    long intervalEnd = Math.floorDiv(end - 1, step) * step + step;
    long label =
        kind == AggregatorKind.CLUSTER_SECOND
            ? intervalEnd
            : intervalEnd - AggregationJob.LABEL_OFFSET_MS;
    return label >= end && intervalEnd > clock.getAsLong() ? label + 1 : end;
  }

  /**
   * The intervals of {@code kind} whose stored rows may be out of date: its own dirty marks, and
   * every interval holding a row of a stale interval of the level below (a late point marks its
   * 5-minute interval first; the hour and the day above it are redone only later, one after the
   * other, and must not be read stored meanwhile).
   */
  private NavigableSet<Long> stale(AggregatorKind kind) {
    NavigableSet<Long> stale = new TreeSet<>(progress(kind).dirty());
    AggregatorKind up = kind.upstream();
    if (up != null) {
      long step = up == AggregatorKind.CLUSTER_SECOND ? slices.sliceMs() : interval(up);
      for (long u : stale(up)) {
        // the labels of the rows interval u produced, each placed in its interval of this level
        long firstLabel =
            up == AggregatorKind.CLUSTER_SECOND
                ? u + step
                : u + step - AggregationJob.LABEL_OFFSET_MS;
        long lastLabel = up == AggregatorKind.CLUSTER_SECOND ? u + interval(up) : firstLabel;
        for (long label = firstLabel; label <= lastLabel; label += step) {
          stale.add(intervalOf(kind, label));
        }
      }
    }
    return stale;
  }

  private Progress progress(AggregatorKind kind) {
    Progress p = progress.get(kind);
    long age = p == null ? Long.MAX_VALUE : clock.getAsLong() - p.readAt();
    if (age > PROGRESS_MAX_AGE_MS) {
      return readProgress(kind);
    }
    if (age > PROGRESS_TTL_MS) {
      refreshProgress(kind);
    }
    return progress.get(kind);
  }

  /** Reads {@code kind}'s progress and keeps it, unless a read begun later was kept meanwhile. */
  private Progress readProgress(AggregatorKind kind) {
    long readAt = clock.getAsLong();
    Progress read =
        new Progress(
            store.checkpoint(kind.amsName()).orElse(Long.MIN_VALUE),
            new TreeSet<>(store.dirtyIntervals(kind.amsName()).keySet()),
            readAt);
    return progress.merge(
        kind, read, (held, fresh) -> held.readAt() > fresh.readAt() ? held : fresh);
  }

  /** Has {@code kind}'s progress read again on the refresher, unless that is already under way. */
  private void refreshProgress(AggregatorKind kind) {
    if (!refreshing.add(kind)) {
      return;
    }
    Runnable refresh =
        () -> {
          try {
            readProgress(kind);
          } catch (RuntimeException e) {
            // the next query past the maximum age reads it itself, and meets the error
            LOG.debug("Aggregation progress of {} not read again: {}", kind, e.toString());
          } finally {
            refreshing.remove(kind);
          }
        };
    try {
      refresher.execute(refresh);
    } catch (RejectedExecutionException e) {
      refreshing.remove(kind); // stopping: the query uses what it has
    }
  }

  /** Rows of {@code kind}'s level with labels in {@code labels}, computed from the level below. */
  private Map<Key, TreeMap<Long, Rollup>> compute(
      AggregatorKind kind, SeriesSelector selector, TimeRange labels) {
    long i = interval(kind);
    long first = intervalOf(kind, labels.start());
    long end = intervalOf(kind, labels.end() - 1) + i;
    if (kind == AggregatorKind.CLUSTER_SECOND) {
      return slicesOf(selector, first, end, labels);
    }
    Map<Key, TreeMap<Long, Rollup>> out = new LinkedHashMap<>();
    if (kind == AggregatorKind.HOST_MINUTE) {
      for (SeriesPoints s : raw.readRaw(selector, new TimeRange(first, end))) {
        for (long start = first; start < end; start += i) {
          Rollup r =
              Rollups.ofPoints(
                  s.points(), start, start + i, start + i - AggregationJob.LABEL_OFFSET_MS);
          if (r != null && labels.contains(r.time())) {
            out.computeIfAbsent(new Key(s.key().metric(), s.key().hostName()), k -> new TreeMap<>())
                .put(r.time(), r);
          }
        }
      }
      return out;
    }
    AggregatorKind input = kind.upstream();
    rows(input.output(), selector, new TimeRange(first, end))
        .forEach(
            (key, inputRows) -> {
              Map<Long, List<Rollup>> byInterval = new TreeMap<>();
              for (Rollup r : inputRows.values()) {
                byInterval
                    .computeIfAbsent(Math.floorDiv(r.time(), i) * i, x -> new ArrayList<>())
                    .add(r);
              }
              byInterval.forEach(
                  (start, group) -> {
                    long label = start + i - AggregationJob.LABEL_OFFSET_MS;
                    Rollup r =
                        kind.output().perHost()
                            ? Rollups.ofHostRollups(group, label)
                            : Rollups.ofClusterSeries(key.metric().metricName(), group, label);
                    if (r != null && labels.contains(label)) {
                      out.computeIfAbsent(key, k -> new TreeMap<>()).put(label, r);
                    }
                  });
            });
    return out;
  }

  /**
   * The 30 s slices of the selected cluster metrics for the second aggregator's windows from {@code
   * first} to {@code end}, each window computed as the aggregator computes it, from the raw points
   * of every host that feeds the metrics (app-level ones included).
   */
  private Map<Key, TreeMap<Long, Rollup>> slicesOf(
      SeriesSelector selector, long first, long end, TimeRange labels) {
    long margin = slices.marginMs();
    TimeRange span = new TimeRange(first - margin, end + margin);
    Map<io.almanac.model.SeriesKey, SeriesPoints> inputs = new LinkedHashMap<>();
    for (SeriesSelector source : rawSources(selector)) {
      for (SeriesPoints s : raw.readRaw(source, span)) {
        inputs.put(s.key(), s);
      }
    }
    Map<Key, TreeMap<Long, Rollup>> out = new LinkedHashMap<>();
    if (inputs.isEmpty()) {
      return out;
    }
    Map<MetricKey, MetricDescriptor> metadata = new HashMap<>();
    for (MetricDescriptor d : store.metrics()) {
      metadata.put(d.key(), d);
    }
    Map<String, java.util.Set<String>> appsByHost = store.appsByHost();
    Matcher wanted = new Matcher(selector);
    long w = interval(AggregatorKind.CLUSTER_SECOND);
    for (long start = first; start < end; start += w) {
      ClusterSliceAggregation.Window window = slices.window(start, start + w, metadata, appsByHost);
      for (SeriesPoints s : inputs.values()) {
        window.add(
            new SeriesPoints(s.key(), s.points().between(start - margin, start + w + margin)));
      }
      window
          .result()
          .forEach(
              (metric, rows) -> {
                if (ClusterSliceAggregation.LIVE_HOSTS.equals(metric.metricName())
                    || !wanted.matches(metric)) {
                  return;
                }
                for (Rollup r : rows) {
                  if (labels.contains(r.time())) {
                    out.computeIfAbsent(new Key(metric, null), k -> new TreeMap<>())
                        .put(r.time(), r);
                  }
                }
              });
    }
    return out;
  }

  /**
   * The raw series that feed the selected cluster metrics: the metrics themselves on every host,
   * and the HOST app's series of the same names when the selected app may be an app-level one.
   */
  private List<SeriesSelector> rawSources(SeriesSelector selector) {
    String instance = settings.multipleClusters() ? selector.instanceId() : null;
    List<SeriesSelector> sources = new ArrayList<>();
    sources.add(new SeriesSelector(selector.metricNames(), List.of(), selector.appId(), instance));
    boolean appLevel =
        settings.appLevelAppIds().stream()
            .anyMatch(
                app -> selector.appId() == null || like(selector.appId()).matcher(app).matches());
    if (appLevel) {
      sources.add(new SeriesSelector(selector.metricNames(), List.of(), "HOST", instance));
    }
    return sources;
  }

  /**
   * A selector's name or pattern as the store reads it: {@code %} is any run of characters, nothing
   * else is special.
   */
  private static Pattern like(String pattern) {
    return Pattern.compile(
        java.util.Arrays.stream(pattern.split("%", -1))
            .map(Pattern::quote)
            .collect(java.util.stream.Collectors.joining(".*")));
  }

  /** Whether a cluster metric is one the selector names. */
  private final class Matcher {
    private final List<Pattern> names;
    private final Pattern app;
    private final Pattern instance;

    Matcher(SeriesSelector selector) {
      this.names = selector.metricNames().stream().map(FreshRollups::like).toList();
      this.app = selector.appId() == null ? null : like(selector.appId());
      this.instance =
          selector.instanceId() == null || !settings.multipleClusters()
              ? null
              : like(selector.instanceId());
    }

    boolean matches(MetricKey m) {
      return names.stream().anyMatch(p -> p.matcher(m.metricName()).matches())
          && (app == null || app.matcher(m.appId()).matches())
          && (instance == null || instance.matcher(m.instanceId()).matches());
    }
  }
}
