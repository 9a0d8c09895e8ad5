package io.almanac.collector.storage.phoenix;

import io.almanac.model.MetricKey;
import io.almanac.model.store.SeriesSelector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link SeriesSelector} into the metric ids and host ids it names, reading the metadata
 * tables (not a cache), so a metric written a moment ago, by this collector or another, is found.
 */
final class SeriesResolver {
  /** What a selector resolved to. */
  record Resolved(Map<Integer, MetricKey> metrics, Map<Integer, String> hosts) {
    boolean isEmpty() {
      return metrics.isEmpty() || hosts.isEmpty();
    }
  }

  private SeriesResolver() {}

  /** The metrics and the hosts (reporting those metrics' apps) that {@code selector} names. */
  static Resolved resolve(Connection c, SeriesSelector selector) throws SQLException {
    Map<Integer, MetricKey> metrics = metrics(c, selector);
    if (metrics.isEmpty()) {
      return new Resolved(Map.of(), Map.of());
    }
    return new Resolved(metrics, hosts(c, selector, metrics));
  }

  /** Only the metrics {@code selector} names (for the cluster tables). */
  static Map<Integer, MetricKey> metrics(Connection c, SeriesSelector selector)
      throws SQLException {
    Map<Integer, MetricKey> metrics = new HashMap<>();
    List<String> params = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder(
            "SELECT METRIC_ID, METRIC_NAME, APP_ID, INSTANCE_ID FROM METRICS_METADATA WHERE ");
    sql.append(anyOf("METRIC_NAME", selector.metricNames(), params));
    if (selector.appId() != null) {
      sql.append(" AND ").append(anyOf("APP_ID", List.of(selector.appId()), params));
    }
    String instance = selector.instanceId();
    if (instance != null && !instance.equals("%")) {
      sql.append(
          instance.isEmpty()
              ? " AND INSTANCE_ID IS NULL"
              : " AND " + anyOf("INSTANCE_ID", List.of(instance), params));
    }
    try (PreparedStatement ps = prepare(c, sql.toString(), params);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        metrics.put(rs.getInt(1), new MetricKey(rs.getString(2), rs.getString(3), rs.getString(4)));
      }
    }
    return metrics;
  }

  /** Host series the selector names: for each metric, the hosts that report its app. */
  static long countHostSeries(Connection c, SeriesSelector selector) throws SQLException {
    Map<Integer, MetricKey> metrics = metrics(c, selector);
    if (metrics.isEmpty()) {
      return 0;
    }
    Map<String, Long> hostsPerApp = new HashMap<>();
    List<String> params = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder("SELECT APP_ID, COUNT(*) FROM HOSTED_APPS_METADATA WHERE ");
    appsAndHosts(sql, params, selector, metrics);
    sql.append(" GROUP BY APP_ID");
    try (PreparedStatement ps = prepare(c, sql.toString(), params);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        hostsPerApp.put(rs.getString(1), rs.getLong(2));
      }
    }
    return metrics.values().stream().mapToLong(m -> hostsPerApp.getOrDefault(m.appId(), 0L)).sum();
  }

  private static Map<Integer, String> hosts(
      Connection c, SeriesSelector selector, Map<Integer, MetricKey> metrics) throws SQLException {
    List<String> params = new ArrayList<>();
    StringBuilder sql =
        new StringBuilder("SELECT HOST_ID, HOSTNAME FROM HOSTED_APPS_METADATA WHERE ");
    appsAndHosts(sql, params, selector, metrics);
    Map<Integer, String> hosts = new HashMap<>();
    try (PreparedStatement ps = prepare(c, sql.toString(), params);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        hosts.put(rs.getInt(1), rs.getString(2));
      }
    }
    return hosts;
  }

  private static void appsAndHosts(
      StringBuilder sql,
      List<String> params,
      SeriesSelector selector,
      Map<Integer, MetricKey> metrics) {
    List<String> apps = metrics.values().stream().map(MetricKey::appId).distinct().toList();
    sql.append("APP_ID IN (").append("?,".repeat(apps.size() - 1)).append("?)");
    params.addAll(apps);
    if (!selector.hostNames().isEmpty()) {
      sql.append(" AND ").append(anyOf("HOSTNAME", selector.hostNames(), params));
    }
  }

  /**
   * {@code (col = ? OR col LIKE ? ...)}: exact for plain values, LIKE for values with {@code %}.
   */
  private static String anyOf(String column, List<String> values, List<String> params) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(" OR ");
      }
      String v = values.get(i);
      if (SeriesSelector.isPattern(v)) {
        sb.append(column).append(" LIKE ?");
        params.add(likePattern(v));
      } else {
        sb.append(column).append(" = ?");
        params.add(v);
      }
    }
    return sb.append(')').toString();
  }

  /** Escapes LIKE's other special characters, so only {@code %} is a wildcard. */
  static String likePattern(String value) {
    return value.replace("\\", "\\\\").replace("_", "\\_");
  }

  private static PreparedStatement prepare(Connection c, String sql, List<String> params)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < params.size(); i++) {
      ps.setString(i + 1, params.get(i));
    }
    return ps;
  }
}
