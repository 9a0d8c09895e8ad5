package io.almanac.collector.query;

import io.almanac.aggregators.FreshRollups;
import io.almanac.collector.config.QueryConfig;
import io.almanac.model.Points;
import io.almanac.model.Precision;
import io.almanac.model.TimeRange;
import io.almanac.model.TimelineMetric;
import io.almanac.model.store.MetricStore;
import io.almanac.model.store.RollupLevel;
import io.almanac.model.store.RollupSeries;
import io.almanac.model.store.SeriesPoints;
import io.almanac.model.store.SeriesSelector;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers {@code GET /ws/v1/timeline/metrics}: plans the precision, reads raw points or rollups,
 * applies read and post functions, top-N and series aggregation.
 */
public final class QueryService {
  private final MetricStore store;
  private final Clock clock;
  private final QueryConfig config;
  private final PrecisionPlanner planner;
  private final FreshRollups rollups;

  /** A query service reading {@code store}, its rollups complete through {@code rollups}. */
  public QueryService(
      MetricStore store,
      Clock clock,
      QueryConfig config,
      PrecisionPlanner planner,
      FreshRollups rollups) {
    this.store = store;
    this.clock = clock;
    this.config = config;
    this.planner = planner;
    this.rollups = rollups;
  }

  /** Names that share their functions are read together. */
  private record Functions(ReadFunction read, PostFunction post) {}

  /** The answer to {@code query}, with the precision it was read at. */
  public QueryAnswer query(MetricsQuery query) {
    long limit = config.maxPoints();
    if (query.limit().isPresent()) {
      if (query.limit().getAsInt() > config.resultLimit()) {
        throw new BadQueryException(
            "Limit too big: "
                + query.limit().getAsInt()
                + " is above timeline.metrics.service.default.result.limit ("
                + config.resultLimit()
                + ")");
      }
      limit = Math.min(limit, query.limit().getAsInt());
    }
    boolean perHost = !query.hostNames().isEmpty();
    String instance = query.instanceId();
    if (instance == null && config.multipleClusters()) {
      instance = config.defaultInstanceId();
    } else if (!perHost && !config.multipleClusters()) {
      instance = null; // AMS: cluster aggregates ignore the instance unless multi-cluster is on
    }
    Map<Functions, List<MetricName>> groups = new LinkedHashMap<>();
    for (MetricName n : query.metricNames()) {
      groups.computeIfAbsent(new Functions(n.read(), n.post()), k -> new ArrayList<>()).add(n);
    }
    List<TimelineMetric> series = new ArrayList<>();
    Precision precision = Precision.SECONDS;
    if (query.range().isEmpty()) {
      for (List<MetricName> names : groups.values()) {
        series.addAll(latest(names, selector(names, query, instance), perHost));
      }
    } else if (!query.range().get().isEmpty()) {
      TimeRange range = query.range().get();
      long count = 0;
      for (List<MetricName> names : groups.values()) {
        count += store.countSeries(selector(names, query, instance));
      }
      precision = planner.choose(query.precision(), range, count, !perHost, limit, clock.millis());
      boolean wholeSetNeeded =
          query.seriesAggregate() != null
              || (query.topN() != null
                  && TopN.appliesTo(bases(query.metricNames()), query.hostNames()));
      if (perHost && precision == Precision.SECONDS && !wholeSetNeeded) {
        return new QueryAnswer(precision, streamedRaw(groups, query, instance, range));
      }
      for (List<MetricName> names : groups.values()) {
        series.addAll(read(names, selector(names, query, instance), precision, perHost, range));
      }
    }
    if (query.topN() != null && TopN.appliesTo(bases(query.metricNames()), query.hostNames())) {
      series = query.topN().select(series);
    }
    return QueryAnswer.of(precision, SeriesAggregation.collapse(series, query.seriesAggregate()));
  }

  /**
   * Raw host series read from the store one at a time while the answer is written, so that an
   * answer of millions of points is never held whole.
   */
  private QueryAnswer.SeriesSource streamedRaw(
      Map<Functions, List<MetricName>> groups,
      MetricsQuery query,
      String instance,
      TimeRange range) {
    return each -> {
      for (List<MetricName> names : groups.values()) {
        MetricName functions = names.get(0);
        store.streamRaw(
            selector(names, query, instance),
            range,
            s ->
                each.accept(
                    wire(
                        functions,
                        s.key().metric().metricName(),
                        s.key().metric().appId(),
                        s.key().metric().instanceId(),
                        s.key().hostName(),
                        s.points())));
      }
    };
  }

  private static List<String> bases(List<MetricName> names) {
    return names.stream().map(MetricName::base).toList();
  }

  private static SeriesSelector selector(List<MetricName> names, MetricsQuery q, String instance) {
    return new SeriesSelector(bases(names), q.hostNames(), q.appId(), instance);
  }

  private List<TimelineMetric> read(
      List<MetricName> names,
      SeriesSelector selector,
      Precision precision,
      boolean perHost,
      TimeRange range) {
    MetricName functions = names.get(0);
    List<TimelineMetric> out = new ArrayList<>();
    if (perHost && precision == Precision.SECONDS) {
      for (SeriesPoints s : store.readRaw(selector, range)) {
        out.add(
            wire(
                functions,
                s.key().metric().metricName(),
                s.key().metric().appId(),
                s.key().metric().instanceId(),
                s.key().hostName(),
                s.points()));
      }
      return out;
    }
    RollupLevel level = RollupLevel.of(precision, perHost);
    for (RollupSeries s : rollups.read(level, selector, range)) {
      out.add(
          wire(
              functions,
              s.metric().metricName(),
              s.metric().appId(),
              s.metric().instanceId(),
              s.hostName(),
              RollupValues.points(s.rows(), level, functions.read())));
    }
    return out;
  }

  private List<TimelineMetric> latest(
      List<MetricName> names, SeriesSelector selector, boolean perHost) {
    MetricName functions = names.get(0);
    List<TimelineMetric> out = new ArrayList<>();
    if (perHost) {
      for (SeriesPoints s : store.readLatestRaw(selector)) {
        Points last = s.points().between(s.points().lastTimestamp(), Long.MAX_VALUE);
        out.add(
            wire(
                functions,
                s.key().metric().metricName(),
                s.key().metric().appId(),
                s.key().metric().instanceId(),
                s.key().hostName(),
                last));
      }
      return out;
    }
    for (RollupSeries s : store.readLatestRollups(RollupLevel.CLUSTER_SECOND, selector)) {
      out.add(
          wire(
              functions,
              s.metric().metricName(),
              s.metric().appId(),
              s.metric().instanceId(),
              null,
              RollupValues.points(s.rows(), RollupLevel.CLUSTER_SECOND, functions.read())));
    }
    return out;
  }

  private static TimelineMetric wire(
      MetricName functions,
      String stored,
      String app,
      String instance,
      String host,
      Points points) {
    Points processed = PostProcessing.apply(points, functions.post());
    return new TimelineMetric(
        functions.answerName(stored),
        app,
        instance == null || instance.isEmpty() ? null : instance,
        host,
        0,
        processed.isEmpty() ? 0 : processed.firstTimestamp(),
        null,
        null,
        processed,
        Map.of());
  }
}
