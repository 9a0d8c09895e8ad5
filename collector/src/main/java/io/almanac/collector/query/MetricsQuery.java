package io.almanac.collector.query;

import io.almanac.model.Precision;
import io.almanac.model.TimeRange;
import java.util.List;
import java.util.Optional;

/**
 * A parsed {@code GET /ws/v1/timeline/metrics}.
 *
 * @param metricNames names or {@code %} patterns, at least one
 * @param hostNames hosts or patterns; empty when no hostname was given
 * @param appId application id or null
 * @param instanceId instance id or null
 * @param range the time range; empty for a point-in-time (latest value) query
 * @param precision the precision asked for; empty for automatic
 * @param grouped AMS's {@code grouped} flag (default true)
 */
public record MetricsQuery(
    List<String> metricNames,
    List<String> hostNames,
    String appId,
    String instanceId,
    Optional<TimeRange> range,
    Optional<Precision> precision,
    boolean grouped) {
  /** Copies the lists. */
  public MetricsQuery {
    metricNames = List.copyOf(metricNames);
    hostNames = List.copyOf(hostNames);
  }
}
