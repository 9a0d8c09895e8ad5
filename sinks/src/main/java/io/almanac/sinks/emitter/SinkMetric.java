package io.almanac.sinks.emitter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** One series batch as a sink sends it: AMS's TimelineMetric. Immutable. */
public final class SinkMetric {
  private final String name;
  private final String appId;
  private final String instanceId;
  private final String hostName;
  private final String type;
  private final String units;
  private final TreeMap<Long, Double> points;
  private final Map<String, String> metadata;

  /**
   * A metric; {@code instanceId}, {@code type} and {@code units} may be null.
   *
   * @param points epoch milliseconds to value
   */
  public SinkMetric(
      String name,
      String appId,
      String instanceId,
      String hostName,
      String type,
      String units,
      Map<Long, Double> points,
      Map<String, String> metadata) {
    this.name = Objects.requireNonNull(name, "name");
    this.appId = Objects.requireNonNull(appId, "appId");
    this.instanceId = instanceId;
    this.hostName = Objects.requireNonNull(hostName, "hostName");
    this.type = type;
    this.units = units;
    this.points = new TreeMap<Long, Double>(points);
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<String, String>(metadata));
  }

  /** A gauge with one point. */
  public static SinkMetric gauge(
      String name, String appId, String hostName, long time, double value) {
    return new SinkMetric(
        name,
        appId,
        null,
        hostName,
        "GAUGE",
        null,
        Collections.singletonMap(time, value),
        Collections.<String, String>emptyMap());
  }

  public String name() {
    return name;
  }

  public String appId() {
    return appId;
  }

  public String instanceId() {
    return instanceId;
  }

  public String hostName() {
    return hostName;
  }

  public String type() {
    return type;
  }

  public String units() {
    return units;
  }

  /** The points, sorted by time. */
  public Map<Long, Double> points() {
    return Collections.unmodifiableMap(points);
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  /** First timestamp, or 0 when there are no points. */
  public long startTime() {
    return points.isEmpty() ? 0 : points.firstKey();
  }

  @Override
  public String toString() {
    return name + "@" + hostName + points;
  }
}
