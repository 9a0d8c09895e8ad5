package io.almanac.collector.prometheus;

import io.almanac.model.MetricKey;
import io.almanac.model.SeriesKey;
import io.almanac.promql.Labels;
import java.util.TreeMap;

/** How an AMS series is named as a Prometheus series. */
final class SeriesLabels {
  static final String APPID = "appid";
  static final String HOSTNAME = "hostname";
  static final String INSTANCEID = "instanceid";

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
