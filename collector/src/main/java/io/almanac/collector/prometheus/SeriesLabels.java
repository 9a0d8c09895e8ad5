package io.almanac.collector.prometheus;

import io.almanac.model.MetricKey;
import io.almanac.model.SeriesKey;
import io.almanac.promql.Labels;
import java.util.TreeMap;

/** How an AMS series is named as a Prometheus series. */
public final class SeriesLabels {
  /** The label of the AMS app id. */
  public static final String APPID = "appid";

  /** The label of the AMS host name. */
  public static final String HOSTNAME = "hostname";

  /** The label of the AMS instance id (absent when empty). */
  public static final String INSTANCEID = "instanceid";

  private SeriesLabels() {}

  static Labels of(SeriesKey key) {
    return of(key.metric(), key.hostName());
  }

  static Labels of(MetricKey metric, String host) {
    TreeMap<String, String> map = new TreeMap<>();
    map.put(Labels.NAME, metric.metricName());
    map.put(APPID, metric.appId());
    map.put(HOSTNAME, host);
    map.put(INSTANCEID, metric.instanceId());
    return new Labels(map);
  }
}
