package io.almanac.model;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One series batch as AMS sends and answers it: a metric of an application on a host, with its
 * points. String fields are null when absent on the wire.
 *
 * @param metricName metric name, e.g. {@code cpu_user}
 * @param appId application id, e.g. {@code HOST} or {@code namenode}
 * @param instanceId optional instance discriminator (cluster name, component)
 * @param hostName source host; null in cluster-wide answers
 * @param timestamp legacy field, usually 0, always serialized
 * @param startTime first timestamp of the batch, epoch milliseconds
 * @param type {@code COUNTER}, {@code GAUGE} or null
 * @param units units or null
 * @param points the points
 * @param metadata extra attributes; AMS interprets only {@code skipAggregation}
 */
public record TimelineMetric(
    String metricName,
    String appId,
    String instanceId,
    String hostName,
    long timestamp,
    long startTime,
    String type,
    String units,
    Points points,
    Map<String, String> metadata) {

  /** Copies the metadata map; points are immutable already. */
  public TimelineMetric {
    Objects.requireNonNull(points, "points");
    metadata =
        metadata == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new TreeMap<>(metadata));
  }

  /** A metric with only the identifying fields and points set. */
  public static TimelineMetric of(String metricName, String appId, String hostName, Points points) {
    long start = points.isEmpty() ? 0 : points.firstTimestamp();
    return new TimelineMetric(
        metricName, appId, null, hostName, 0, start, null, null, points, Map.of());
  }

  /** This metric with other points (and a start time that follows them). */
  public TimelineMetric withPoints(Points newPoints) {
    long start = newPoints.isEmpty() ? startTime : newPoints.firstTimestamp();
    return new TimelineMetric(
        metricName,
        appId,
        instanceId,
        hostName,
        timestamp,
        start,
        type,
        units,
        newPoints,
        metadata);
  }

  /** The series this batch belongs to. */
  public SeriesKey seriesKey() {
    return SeriesKey.of(metricName, appId, instanceId, hostName);
  }
}
