package io.almanac.model;

import java.util.Objects;

/**
 * A metric of an application: what AMS hashes into its metric UUID.
 *
 * @param metricName metric name, never blank
 * @param appId application id, never blank
 * @param instanceId instance id; the empty string when the metric has none
 */
public record MetricKey(String metricName, String appId, String instanceId) {
  /** Normalizes a null instance id to the empty string. */
  public MetricKey {
    Objects.requireNonNull(metricName, "metricName");
    Objects.requireNonNull(appId, "appId");
    instanceId = instanceId == null ? "" : instanceId;
  }
}
