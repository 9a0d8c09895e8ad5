package io.almanac.collector.query;

import io.almanac.model.Precision;
import io.almanac.model.TimeRange;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A parsed {@code GET /ws/v1/timeline/metrics}.
 *
 * @param metricNames names with their function suffixes, at least one
 * @param hostNames hosts or patterns; empty when no hostname was given (cluster tables)
 * @param appId application id or null
 * @param instanceId instance id or null
 * @param range the time range; empty for a point-in-time (latest value) query
 * @param precision the precision asked for; empty for automatic
 * @param limit the row limit asked for, if any
 * @param grouped AMS's {@code grouped} flag (default true)
 * @param topN top-N selection, or null
 * @param seriesAggregate AVG, MIN, MAX or SUM to collapse all series into one, or null
 */
public record MetricsQuery(
    List<MetricName> metricNames,
    List<String> hostNames,
    String appId,
    String instanceId,
    Optional<TimeRange> range,
    Optional<Precision> precision,
    OptionalInt limit,
    boolean grouped,
    TopN topN,
    String seriesAggregate) {
  /** Copies the lists. */
  public MetricsQuery {
    metricNames = List.copyOf(metricNames);
    hostNames = List.copyOf(hostNames);
  }
}
