package io.almanac.sinks.jmx;

import io.almanac.sinks.emitter.SinkMetric;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.management.openmbean.CompositeData;

/**
 * Turns MBean attributes into metrics. Names are predictable: the object name's domain, then its
 * key property values in their written order, then the attribute, then (for composite values) the
 * item: {@code java.lang:type=Memory} / {@code HeapMemoryUsage} / {@code used} becomes {@code
 * java.lang.Memory.HeapMemoryUsage.used}; {@code Hadoop:service=NameNode,name=FSNamesystem} /
 * {@code CapacityUsed} becomes {@code Hadoop.NameNode.FSNamesystem.CapacityUsed}. Only numeric
 * values are kept. Include and exclude patterns (regular expressions, found anywhere) select object
 * names and attributes; an empty include means everything.
 */
public final class JmxPoller {
  private final JmxSource source;
  private final String appId;
  private final String hostName;
  private final Pattern includeObjects;
  private final Pattern excludeObjects;
  private final Pattern includeAttributes;
  private final Pattern excludeAttributes;

  /**
   * A poller of {@code source} posting under {@code appId} for {@code hostName}; patterns may be
   * null.
   */
  public JmxPoller(
      JmxSource source,
      String appId,
      String hostName,
      String includeObjects,
      String excludeObjects,
      String includeAttributes,
      String excludeAttributes) {
    this.source = source;
    this.appId = appId;
    this.hostName = hostName;
    this.includeObjects = compile(includeObjects);
    this.excludeObjects = compile(excludeObjects);
    this.includeAttributes = compile(includeAttributes);
    this.excludeAttributes = compile(excludeAttributes);
  }

  private static Pattern compile(String regex) {
    return regex == null || regex.isEmpty() ? null : Pattern.compile(regex);
  }

  private static boolean selected(String s, Pattern include, Pattern exclude) {
    return (include == null || include.matcher(s).find())
        && (exclude == null || !exclude.matcher(s).find());
  }

  /** One poll: a metric with one point at {@code now} per numeric value. */
  public List<SinkMetric> poll(long now) throws IOException {
    List<SinkMetric> out = new ArrayList<SinkMetric>();
    for (Map.Entry<String, Map<String, Object>> bean : source.read().entrySet()) {
      if (!selected(bean.getKey(), includeObjects, excludeObjects)) {
        continue;
      }
      String prefix = prefix(bean.getKey());
      for (Map.Entry<String, Object> attr : bean.getValue().entrySet()) {
        if (selected(attr.getKey(), includeAttributes, excludeAttributes)) {
          add(out, prefix + "." + clean(attr.getKey()), attr.getValue(), now);
        }
      }
    }
    return out;
  }

  private void add(List<SinkMetric> out, String name, Object value, long now) {
    if (value instanceof Number) {
      double v = ((Number) value).doubleValue();
      if (!Double.isNaN(v) && !Double.isInfinite(v)) {
        out.add(
            new SinkMetric(
                name,
                appId,
                null,
                hostName,
                "GAUGE",
                null,
                Collections.singletonMap(now, v),
                Collections.<String, String>emptyMap()));
      }
    } else if (value instanceof CompositeData) {
      CompositeData c = (CompositeData) value;
      for (String key : c.getCompositeType().keySet()) {
        add(out, name + "." + clean(key), c.get(key), now);
      }
    } else if (value instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        add(out, name + "." + clean(String.valueOf(e.getKey())), e.getValue(), now);
      }
    }
  }

  /** {@code domain:k1=v1,k2=v2} → {@code domain.v1.v2}. */
  static String prefix(String objectName) {
    int colon = objectName.indexOf(':');
    StringBuilder sb =
        new StringBuilder(clean(colon < 0 ? objectName : objectName.substring(0, colon)));
    if (colon >= 0) {
      for (String pair : objectName.substring(colon + 1).split(",")) {
        int eq = pair.indexOf('=');
        sb.append('.').append(clean(eq < 0 ? pair : pair.substring(eq + 1)));
      }
    }
    return sb.toString();
  }

  private static String clean(String s) {
    return s.trim().replace(' ', '_').replace('"', '_');
  }
}
