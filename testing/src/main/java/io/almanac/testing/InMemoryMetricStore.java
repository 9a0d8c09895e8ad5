package io.almanac.testing;

import io.almanac.model.MetricKey;
import io.almanac.model.Points;
import io.almanac.model.SeriesKey;
import io.almanac.model.TimeRange;
import io.almanac.model.store.ContainerMetric;
import io.almanac.model.store.MetricDescriptor;
import io.almanac.model.store.MetricStore;
import io.almanac.model.store.Rollup;
import io.almanac.model.store.RollupLevel;
import io.almanac.model.store.RollupSeries;
import io.almanac.model.store.SeriesBatch;
import io.almanac.model.store.SeriesIds;
import io.almanac.model.store.SeriesPoints;
import io.almanac.model.store.SeriesSelector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** A {@link MetricStore} in memory, for tests of everything above storage. */
public final class InMemoryMetricStore implements MetricStore {
  private final Map<SeriesKey, TreeMap<Long, Double>> series = new LinkedHashMap<>();
  private final Map<MetricKey, MetricDescriptor> metrics = new LinkedHashMap<>();
  private final Map<RollupLevel, Map<SeriesKey, TreeMap<Long, Rollup>>> rollups =
      new java.util.EnumMap<>(RollupLevel.class);
  private volatile long writeDelayMs;
  private volatile String refusedName;
  private int writes;

  /**
   * Makes every write that holds a series of metric {@code name} fail, as a store refusing a value
   * would.
   */
  public void refuseSeriesNamed(String name) {
    this.refusedName = name;
  }

  /** Makes every write take {@code ms} milliseconds (to fill buffers in tests). */
  public void slowWritesBy(long ms) {
    this.writeDelayMs = ms;
  }

  /** Number of {@link #write} calls so far. */
  public synchronized int writes() {
    return writes;
  }

  @Override
  public void write(List<SeriesBatch> batches) {
    if (writeDelayMs > 0) {
      try {
        Thread.sleep(writeDelayMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    String refused = refusedName;
    if (refused != null
        && batches.stream().anyMatch(b -> b.key().metric().metricName().equals(refused))) {
      throw new io.almanac.model.store.StorageException("refused a series of " + refused, null);
    }
    synchronized (this) {
      writes++;
      for (SeriesBatch b : batches) {
        metrics.putIfAbsent(
            b.key().metric(),
            new MetricDescriptor(
                b.key().metric(),
                b.units(),
                b.type(),
                b.points().firstTimestamp(),
                b.supportsAggregation()));
        b.points().putInto(series.computeIfAbsent(b.key(), k -> new TreeMap<>()));
      }
    }
  }

  @Override
  public synchronized List<SeriesPoints> readRaw(SeriesSelector selector, TimeRange range) {
    List<SeriesPoints> out = new ArrayList<>();
    for (Map.Entry<SeriesKey, TreeMap<Long, Double>> e : series.entrySet()) {
      SeriesKey k = e.getKey();
      if (!matchesAny(selector.metricNames(), k.metric().metricName())
          || (!selector.hostNames().isEmpty() && !matchesAny(selector.hostNames(), k.hostName()))
          || (selector.appId() != null && !matches(selector.appId(), k.metric().appId()))
          || (selector.instanceId() != null
              && !matches(selector.instanceId(), k.metric().instanceId()))) {
        continue;
      }
      Points p = Points.fromMap(e.getValue().subMap(range.start(), range.end()));
      if (!p.isEmpty()) {
        out.add(new SeriesPoints(k, p));
      }
    }
    return out;
  }

  private static boolean matchesAny(List<String> patterns, String value) {
    return patterns.stream().anyMatch(p -> matches(p, value));
  }

  private static boolean matches(String pattern, String value) {
    if (!SeriesSelector.isPattern(pattern)) {
      return pattern.equals(value);
    }
    String regex =
        java.util.Arrays.stream(pattern.split("%", -1))
            .map(Pattern::quote)
            .collect(java.util.stream.Collectors.joining(".*"));
    return Pattern.matches(regex, value);
  }

  @Override
  public synchronized List<SeriesPoints> readLatestRaw(SeriesSelector selector) {
    List<SeriesPoints> out = new ArrayList<>();
    for (SeriesPoints s : readRaw(selector, new TimeRange(Long.MIN_VALUE, Long.MAX_VALUE))) {
      out.add(
          new SeriesPoints(
              s.key(), s.points().between(s.points().lastTimestamp(), Long.MAX_VALUE)));
    }
    return out;
  }

  @Override
  public synchronized long countSeries(SeriesSelector selector) {
    if (selector.hostNames().isEmpty()) {
      return metrics.keySet().stream().filter(m -> selects(selector, m)).count();
    }
    return series.keySet().stream()
        .filter(
            k -> selects(selector, k.metric()) && matchesAny(selector.hostNames(), k.hostName()))
        .count();
  }

  private static boolean selects(SeriesSelector selector, MetricKey m) {
    return matchesAny(selector.metricNames(), m.metricName())
        && (selector.appId() == null || matches(selector.appId(), m.appId()))
        && (selector.instanceId() == null || matches(selector.instanceId(), m.instanceId()));
  }

  private static SeriesKey clusterKey(MetricKey m) {
    return new SeriesKey(m, "");
  }

  @Override
  public synchronized List<RollupSeries> readRollups(
      RollupLevel level, SeriesSelector selector, TimeRange range) {
    List<RollupSeries> out = new ArrayList<>();
    for (Map.Entry<SeriesKey, TreeMap<Long, Rollup>> e :
        rollups.getOrDefault(level, Map.of()).entrySet()) {
      SeriesKey k = e.getKey();
      if (!selects(selector, k.metric())
          || (level.perHost()
              && !selector.hostNames().isEmpty()
              && !matchesAny(selector.hostNames(), k.hostName()))) {
        continue;
      }
      List<Rollup> rows = List.copyOf(e.getValue().subMap(range.start(), range.end()).values());
      if (!rows.isEmpty()) {
        out.add(new RollupSeries(k.metric(), level.perHost() ? k.hostName() : null, rows));
      }
    }
    return out;
  }

  @Override
  public synchronized List<RollupSeries> readLatestRollups(
      RollupLevel level, SeriesSelector selector) {
    List<RollupSeries> out = new ArrayList<>();
    for (RollupSeries s :
        readRollups(level, selector, new TimeRange(Long.MIN_VALUE, Long.MAX_VALUE))) {
      out.add(
          new RollupSeries(s.metric(), s.hostName(), List.of(s.rows().get(s.rows().size() - 1))));
    }
    return out;
  }

  @Override
  public synchronized void writeHostRollups(RollupLevel level, Map<SeriesKey, List<Rollup>> rows) {
    rows.forEach(
        (k, list) -> {
          metrics.putIfAbsent(
              k.metric(), new MetricDescriptor(k.metric(), null, null, list.get(0).time(), true));
          list.forEach(
              r ->
                  rollups
                      .computeIfAbsent(level, l -> new LinkedHashMap<>())
                      .computeIfAbsent(k, x -> new TreeMap<>())
                      .put(r.time(), r));
        });
  }

  @Override
  public synchronized void writeClusterRollups(
      RollupLevel level, Map<MetricKey, List<Rollup>> rows) {
    rows.forEach(
        (m, list) -> {
          metrics.putIfAbsent(m, new MetricDescriptor(m, null, null, list.get(0).time(), true));
          list.forEach(
              r ->
                  rollups
                      .computeIfAbsent(level, l -> new LinkedHashMap<>())
                      .computeIfAbsent(clusterKey(m), x -> new TreeMap<>())
                      .put(r.time(), r));
        });
  }

  private final Map<String, Long> checkpoints = new java.util.HashMap<>();
  private final Map<String, java.util.TreeMap<Long, Long>> dirty = new java.util.HashMap<>();

  /** Reads of the raw table made through {@link #scanRaw} so far. */
  public synchronized int rawScans() {
    return rawScans;
  }

  private int rawScans;

  /** How many times the rows of {@code level} have been read ({@link #scanRollups}). */
  public synchronized int rollupScans(RollupLevel level) {
    return rollupScans.getOrDefault(level, 0);
  }

  private final Map<RollupLevel, Integer> rollupScans = new java.util.EnumMap<>(RollupLevel.class);

  @Override
  public synchronized void scanRaw(
      TimeRange range, java.util.function.Consumer<SeriesPoints> each) {
    rawScans++;
    List<SeriesPoints> out = new ArrayList<>();
    series.forEach(
        (k, points) -> {
          Points p = Points.fromMap(points.subMap(range.start(), range.end()));
          if (!p.isEmpty()) {
            out.add(new SeriesPoints(k, p));
          }
        });
    out.forEach(each);
  }

  @Override
  public synchronized void scanRollups(
      RollupLevel level, TimeRange range, java.util.function.Consumer<RollupSeries> each) {
    rollupScans.merge(level, 1, Integer::sum);
    List<RollupSeries> out = new ArrayList<>();
    rollups
        .getOrDefault(level, Map.of())
        .forEach(
            (k, rows) -> {
              List<Rollup> in = List.copyOf(rows.subMap(range.start(), range.end()).values());
              if (!in.isEmpty()) {
                out.add(new RollupSeries(k.metric(), level.perHost() ? k.hostName() : null, in));
              }
            });
    out.forEach(each);
  }

  @Override
  public synchronized java.util.OptionalLong oldestTime(RollupLevel level) {
    java.util.stream.Stream<TreeMap<Long, ?>> maps =
        level == null
            ? series.values().stream().map(m -> (TreeMap<Long, ?>) m)
            : rollups.getOrDefault(level, Map.of()).values().stream()
                .map(m -> (TreeMap<Long, ?>) m);
    return maps.filter(m -> !m.isEmpty()).mapToLong(TreeMap::firstKey).min();
  }

  @Override
  public synchronized java.util.OptionalLong checkpoint(String aggregator) {
    Long cp = checkpoints.get(aggregator);
    return cp == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(cp);
  }

  @Override
  public synchronized void saveCheckpoint(String aggregator, long time) {
    checkpoints.put(aggregator, time);
  }

  private final Map<String, Long> checkpointEpochs = new java.util.HashMap<>();

  @Override
  public synchronized boolean saveCheckpoint(String aggregator, long time, long epoch) {
    if (checkpointEpochs.getOrDefault(aggregator, 0L) > epoch) {
      return false;
    }
    checkpointEpochs.put(aggregator, epoch);
    checkpoints.put(aggregator, time);
    return true;
  }

  @Override
  public synchronized long claimCheckpoints(java.util.Collection<String> aggregators, long epoch) {
    for (String aggregator : aggregators) {
      checkpointEpochs.merge(aggregator, epoch, Math::max);
    }
    return checkpointEpoch();
  }

  @Override
  public synchronized long checkpointEpoch() {
    return checkpointEpochs.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  @Override
  public synchronized void markDirty(String aggregator, List<Long> intervalStarts, long markedAt) {
    intervalStarts.forEach(
        s -> dirty.computeIfAbsent(aggregator, a -> new java.util.TreeMap<>()).put(s, markedAt));
  }

  @Override
  public synchronized java.util.SortedMap<Long, Long> dirtyIntervals(String aggregator) {
    return new java.util.TreeMap<>(dirty.getOrDefault(aggregator, new java.util.TreeMap<>()));
  }

  @Override
  public synchronized void clearDirty(String aggregator, long intervalStart, long markedAt) {
    java.util.TreeMap<Long, Long> marks = dirty.getOrDefault(aggregator, new java.util.TreeMap<>());
    Long current = marks.get(intervalStart);
    if (current != null && current <= markedAt) {
      marks.remove(intervalStart);
    }
  }

  /** The rows of one level, for tests. */
  public synchronized Map<SeriesKey, TreeMap<Long, Rollup>> rollupRows(RollupLevel level) {
    Map<SeriesKey, TreeMap<Long, Rollup>> copy = new LinkedHashMap<>();
    rollups.getOrDefault(level, Map.of()).forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
    return copy;
  }

  @Override
  public void writeContainerMetrics(List<ContainerMetric> metrics) {
    throw new UnsupportedOperationException("container metrics are tested against Phoenix");
  }

  @Override
  public synchronized Optional<SeriesIds> seriesIds(MetricKey metric, String hostName) {
    int metricId = new ArrayList<>(metrics.keySet()).indexOf(metric);
    if (metricId < 0) {
      return Optional.empty();
    }
    if (hostName == null) {
      return Optional.of(new SeriesIds(metricId, -1));
    }
    int hostId = new ArrayList<>(appsByHost().keySet()).indexOf(hostName);
    return hostId < 0 ? Optional.empty() : Optional.of(new SeriesIds(metricId, hostId));
  }

  @Override
  public synchronized List<MetricDescriptor> metrics() {
    return List.copyOf(metrics.values());
  }

  @Override
  public synchronized Map<String, Set<String>> appsByHost() {
    Map<String, Set<String>> out = new TreeMap<>();
    for (SeriesKey k : series.keySet()) {
      out.computeIfAbsent(k.hostName(), h -> new TreeSet<>()).add(k.metric().appId());
    }
    return out;
  }

  @Override
  public synchronized Map<String, Set<String>> hostsByInstance() {
    Map<String, Set<String>> out = new TreeMap<>();
    for (SeriesKey k : series.keySet()) {
      if (!k.metric().instanceId().isEmpty()) {
        out.computeIfAbsent(k.metric().instanceId(), h -> new TreeSet<>()).add(k.hostName());
      }
    }
    return out;
  }

  @Override
  public void close() {}
}
