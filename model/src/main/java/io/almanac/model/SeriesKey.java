package io.almanac.model;

import java.util.Objects;

/**
 * One series: a metric of an application on one host.
 *
 * @param metric the metric
 * @param hostName the host, never null
 */
public record SeriesKey(MetricKey metric, String hostName) {
  /** Checks that both parts are present. */
  public SeriesKey {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(hostName, "hostName");
  }

  /** A series from its four identifying strings. */
  public static SeriesKey of(String metricName, String appId, String instanceId, String hostName) {
    return new SeriesKey(new MetricKey(metricName, appId, instanceId), hostName);
  }
}
