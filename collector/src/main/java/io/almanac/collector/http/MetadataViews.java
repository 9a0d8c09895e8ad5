package io.almanac.collector.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.almanac.aggregators.AggregationService;
import io.almanac.collector.query.BadQueryException;
import io.almanac.model.MetricKey;
import io.almanac.model.store.MetadataReader;
import io.almanac.model.store.MetricDescriptor;
import io.almanac.model.store.SeriesIds;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The JSON of AMS's listing endpoints, built from stored metadata. */
final class MetadataViews {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MetadataViews() {}

  /**
   * {@code /metrics/metadata}: metrics per app; {@code metricName} is a regex found anywhere in the
   * name.
   */
  static String metadata(MetadataReader store, String appId, String metricName) {
    Pattern pattern;
    try {
      pattern = blank(metricName) ? null : Pattern.compile(metricName);
    } catch (PatternSyntaxException e) {
      throw new BadQueryException(
          "metricName is not a valid regular expression: " + e.getDescription(), e);
    }
    Map<String, ArrayNode> byApp = new TreeMap<>();
    for (MetricDescriptor d : store.metrics()) {
      String app = d.key().appId();
      if ((!blank(appId) && !app.equalsIgnoreCase(appId.trim()))
          || (pattern != null && !pattern.matcher(d.key().metricName()).find())) {
        continue;
      }
      ObjectNode m = byApp.computeIfAbsent(app, k -> JSON.createArrayNode()).addObject();
      m.put("metricname", d.key().metricName());
      m.put("appid", app);
      if (!d.key().instanceId().isEmpty()) {
        m.put("instanceId", d.key().instanceId());
      }
      if (d.units() != null) {
        m.put("units", d.units());
      }
      m.put("type", d.type() == null ? "UNDEFINED" : d.type());
      m.put("seriesStartTime", d.seriesStartTime());
      m.put("supportsAggregation", d.supportsAggregation());
      m.put("isWhitelisted", true);
    }
    ObjectNode root = JSON.createObjectNode();
    byApp.forEach(root::set);
    return root.toString();
  }

  /** {@code /metrics/hosts}: apps per host. */
  static String hosts(MetadataReader store) {
    ObjectNode root = JSON.createObjectNode();
    for (Map.Entry<String, Set<String>> e : store.appsByHost().entrySet()) {
      ArrayNode apps = root.putArray(e.getKey());
      e.getValue().forEach(apps::add);
    }
    return root.toString();
  }

  /**
   * {@code /metrics/instance(s)}: instance id, then app, then hosts. Without multi-cluster support
   * everything sits under the instance id {@code ""}, as in AMS.
   */
  static String instances(
      MetadataReader store, boolean multipleClusters, String appId, String instanceId) {
    Map<String, Set<String>> appsByHost = store.appsByHost();
    Map<String, Map<String, Set<String>>> tree = new TreeMap<>();
    if (multipleClusters) {
      for (Map.Entry<String, Set<String>> e : store.hostsByInstance().entrySet()) {
        if (!blank(instanceId) && !e.getKey().equals(instanceId)) {
          continue;
        }
        for (String host : e.getValue()) {
          addApps(tree.computeIfAbsent(e.getKey(), k -> new TreeMap<>()), host, appsByHost, appId);
        }
      }
    } else {
      Map<String, Set<String>> all = tree.computeIfAbsent("", k -> new TreeMap<>());
      appsByHost.keySet().forEach(host -> addApps(all, host, appsByHost, appId));
    }
    return JSON.valueToTree(tree).toString();
  }

  private static void addApps(
      Map<String, Set<String>> byApp,
      String host,
      Map<String, Set<String>> appsByHost,
      String appId) {
    for (String app : appsByHost.getOrDefault(host, Set.of())) {
      if (blank(appId) || app.equalsIgnoreCase(appId.trim())) {
        byApp.computeIfAbsent(app, k -> new TreeSet<>()).add(host);
      }
    }
  }

  /**
   * {@code /metrics/summary}: hosts and metrics per app; each aggregator's checkpoint (as AMS) and
   * its lag behind the clock in seconds.
   */
  static String summary(MetadataReader store, AggregationService aggregation, long now) {
    ObjectNode root = JSON.createObjectNode();
    root.put("timestamp", now);
    ObjectNode meta = root.putObject("metadata");
    meta.put("Number of Hosts", Integer.toString(store.appsByHost().size()));
    Map<String, Integer> perApp = new TreeMap<>();
    store.metrics().forEach(d -> perApp.merge(d.key().appId(), 1, Integer::sum));
    perApp.forEach((app, n) -> meta.put(app, Integer.toString(n)));
    ObjectNode checkpoints = root.putObject("aggregation");
    ObjectNode lag = root.putObject("aggregationLagSeconds");
    if (aggregation != null) {
      aggregation
          .checkpoints()
          .forEach(
              (kind, cp) -> {
                checkpoints.put(kind.amsName(), java.time.Instant.ofEpochMilli(cp).toString());
                lag.put(kind.amsName(), aggregation.lagMs(kind) / 1000);
              });
    }
    return root.toString();
  }

  /** {@code /metrics/uuid}: the ids a series is stored under. */
  static String ids(
      MetadataReader store, String metricName, String appId, String instanceId, String hostName) {
    if (blank(metricName) || blank(appId)) {
      throw new BadQueryException("metricName and appId are required");
    }
    MetricKey key =
        new MetricKey(metricName.trim(), appId.trim(), blank(instanceId) ? "" : instanceId.trim());
    SeriesIds ids =
        store
            .seriesIds(key, blank(hostName) ? null : hostName.trim())
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "no series " + key + (blank(hostName) ? "" : " on " + hostName)));
    ObjectNode root = JSON.createObjectNode();
    root.put("metricId", ids.metricId());
    if (ids.hostId() >= 0) {
      root.put("hostId", ids.hostId());
    }
    return root.toString();
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
