package io.almanac.collector.query;

import io.almanac.model.Points;
import io.almanac.model.Precision;
import io.almanac.model.SeriesKey;
import io.almanac.model.TimeRange;
import io.almanac.model.TimelineMetric;
import io.almanac.model.TimelineMetrics;
import io.almanac.model.store.MetricReader;
import io.almanac.model.store.SeriesPoints;
import io.almanac.model.store.SeriesSelector;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Answers {@code GET /ws/v1/timeline/metrics} from raw points. */
public final class QueryService {
  private final MetricReader reader;
  private final Clock clock;
  private final long rawRetentionMs;

  /** A query service reading {@code reader}; point-in-time queries look back over {@code rawRetentionMs}. */
  public QueryService(MetricReader reader, Clock clock, long rawRetentionMs) {
    this.reader = reader;
    this.clock = clock;
    this.rawRetentionMs = rawRetentionMs;
  }

  /** The answer to {@code query}. */
  public TimelineMetrics query(MetricsQuery query) {
    if (query.precision().isPresent() && query.precision().get() != Precision.SECONDS) {
      throw new BadQueryException("precision=" + query.precision().get().name().toLowerCase(java.util.Locale.ROOT)
          + " reads rollup tables, which this collector does not fill yet; use precision=seconds");
    }
    SeriesSelector selector =
        new SeriesSelector(query.metricNames(), query.hostNames(), query.appId(), query.instanceId());
    List<SeriesPoints> series;
    if (query.range().isPresent()) {
      series = reader.readRaw(selector, query.range().get());
    } else {
      long now = clock.millis();
      series = latestOnly(reader.readRaw(selector, new TimeRange(now - rawRetentionMs, Long.MAX_VALUE)));
    }
    List<TimelineMetric> out = new ArrayList<>(series.size());
    for (SeriesPoints s : series) {
      out.add(toWire(s.key(), s.points()));
    }
    return new TimelineMetrics(out);
  }

  private static List<SeriesPoints> latestOnly(List<SeriesPoints> series) {
    List<SeriesPoints> out = new ArrayList<>(series.size());
    for (SeriesPoints s : series) {
      Points p = s.points();
      out.add(new SeriesPoints(s.key(), p.between(p.lastTimestamp(), Long.MAX_VALUE)));
    }
    return out;
  }

  private static TimelineMetric toWire(SeriesKey key, Points points) {
    String instance = key.metric().instanceId().isEmpty() ? null : key.metric().instanceId();
    return new TimelineMetric(key.metric().metricName(), key.metric().appId(), instance, key.hostName(), 0,
        points.firstTimestamp(), null, null, points, Map.of());
  }
}
