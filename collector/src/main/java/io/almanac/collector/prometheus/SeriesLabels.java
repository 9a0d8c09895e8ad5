package io.almanac.collector.prometheus;

import io.almanac.model.MetricKey;
import io.almanac.model.SeriesKey;
import io.almanac.model.TaggedName;
import io.almanac.promql.Labels;
import java.util.TreeMap;

/**
 * How an AMS series is named as a Prometheus series: {@code __name__} is the metric name (its base
 * when the name is tagged, see {@link TaggedName}), then {@code appid}, {@code hostname}, {@code
 * instanceid} when not empty, and the name's tags. A tag whose key is one of those three is kept as
 * {@code exported_<key>}, as Prometheus keeps a scraped label that clashes with a target label.
 */
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
    TaggedName name = TaggedName.parse(metric.metricName());
    TreeMap<String, String> map = tags(name);
    map.put(Labels.NAME, name.base());
    map.put(APPID, metric.appId());
    map.put(HOSTNAME, host);
    map.put(INSTANCEID, metric.instanceId());
    return new Labels(map);
  }

  /** The labels the tags of {@code name} give. */
  static TreeMap<String, String> tags(TaggedName name) {
    TreeMap<String, String> map = new TreeMap<>();
    name.tags()
        .forEach(
            (k, v) -> {
              boolean clashes = k.equals(APPID) || k.equals(HOSTNAME) || k.equals(INSTANCEID);
              map.put(clashes ? "exported_" + k : k, v);
            });
    return map;
  }
}
