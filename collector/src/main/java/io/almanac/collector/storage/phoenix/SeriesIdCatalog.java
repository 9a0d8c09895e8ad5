package io.almanac.collector.storage.phoenix;

import io.almanac.model.MetricKey;
import io.almanac.model.store.SeriesBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Maps metrics and hosts to the compact integer ids that key their rows, writing the metadata of
 * every metric, host, host-app pair and instance-host pair the first time it is seen.
 *
 * <p>Ids come from Phoenix sequences and are claimed with an atomic {@code UPSERT ... ON DUPLICATE
 * KEY IGNORE} followed by a read-back, so two collectors that meet a new metric at the same time
 * agree on one id. Used by the single writer thread only; not thread-safe.
 */
final class SeriesIdCatalog {
  private final Map<MetricKey, Integer> metricIds = new HashMap<>();
  private final Map<String, Integer> hostIds = new HashMap<>();
  private final Set<String> hostApps = new HashSet<>();
  private final Set<String> instanceHosts = new HashSet<>();

  /** Loads every known id, so a restarted collector does not look them up one by one. */
  void preload(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT METRIC_NAME, APP_ID, INSTANCE_ID, METRIC_ID FROM METRICS_METADATA")) {
        while (rs.next()) {
          metricIds.put(new MetricKey(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getInt(4));
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT HOSTNAME, HOST_ID FROM HOST_METADATA")) {
        while (rs.next()) {
          hostIds.put(rs.getString(1), rs.getInt(2));
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT HOSTNAME, APP_ID FROM HOSTED_APPS_METADATA")) {
        while (rs.next()) {
          hostApps.add(rs.getString(1) + '\u0000' + rs.getString(2));
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT INSTANCE_ID, HOSTNAME FROM INSTANCE_HOST_METADATA")) {
        while (rs.next()) {
          instanceHosts.add(rs.getString(1) + '\u0000' + rs.getString(2));
        }
      }
    }
  }

  /** The metric id of the batch's metric, creating its metadata on first sight. */
  int metricId(Connection c, SeriesBatch batch) throws SQLException {
    return metricId(c, batch.key().metric(), batch.units(), batch.type(), batch.points().firstTimestamp(),
        batch.supportsAggregation());
  }

  /** The id of {@code key}, creating its metadata from the other arguments on first sight. */
  int metricId(Connection c, MetricKey key, String units, String type, long firstSeen, boolean aggregate)
      throws SQLException {
    Integer id = metricIds.get(key);
    if (id != null) {
      return id;
    }
    id = findMetric(c, key);
    if (id == null) {
      String sql = "UPSERT INTO METRICS_METADATA (METRIC_NAME, APP_ID, INSTANCE_ID, METRIC_ID, UNITS, TYPE, "
          + "START_TIME, SUPPORTS_AGGREGATION, IS_WHITELISTED) "
          + "VALUES (?, ?, ?, NEXT VALUE FOR METRIC_ID_SEQ, ?, ?, ?, ?, true) ON DUPLICATE KEY IGNORE";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, key.metricName());
        ps.setString(2, key.appId());
        ps.setString(3, key.instanceId());
        ps.setString(4, units);
        ps.setString(5, type);
        ps.setLong(6, firstSeen);
        ps.setBoolean(7, aggregate);
        ps.executeUpdate();
      }
      c.commit();
      id = findMetric(c, key);
      if (id == null) {
        throw new SQLException("metadata of " + key + " vanished right after it was written");
      }
    }
    metricIds.put(key, id);
    return id;
  }

  private static Integer findMetric(Connection c, MetricKey key) throws SQLException {
    boolean noInstance = key.instanceId().isEmpty();
    String sql = "SELECT METRIC_ID FROM METRICS_METADATA WHERE METRIC_NAME = ? AND APP_ID = ? AND "
        + (noInstance ? "INSTANCE_ID IS NULL" : "INSTANCE_ID = ?");
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, key.metricName());
      ps.setString(2, key.appId());
      if (!noInstance) {
        ps.setString(3, key.instanceId());
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : null;
      }
    }
  }

  /** The host id of the batch's host, recording the host, its app and its instance on first sight. */
  int hostId(Connection c, SeriesBatch batch) throws SQLException {
    return hostId(c, batch.key().hostName(), batch.key().metric());
  }

  /** The id of {@code host}, recording it, and that it reports {@code metric}'s app, on first sight. */
  int hostId(Connection c, String host, MetricKey metric) throws SQLException {
    Integer id = hostIds.get(host);
    if (id == null) {
      id = findHost(c, host);
      if (id == null) {
        try (PreparedStatement ps = c.prepareStatement(
            "UPSERT INTO HOST_METADATA (HOSTNAME, HOST_ID) VALUES (?, NEXT VALUE FOR HOST_ID_SEQ) ON DUPLICATE KEY IGNORE")) {
          ps.setString(1, host);
          ps.executeUpdate();
        }
        c.commit();
        id = findHost(c, host);
        if (id == null) {
          throw new SQLException("metadata of host " + host + " vanished right after it was written");
        }
      }
      hostIds.put(host, id);
    }
    if (hostApps.add(host + '\u0000' + metric.appId())) {
      try (PreparedStatement ps = c.prepareStatement(
          "UPSERT INTO HOSTED_APPS_METADATA (HOSTNAME, APP_ID, HOST_ID) VALUES (?, ?, ?)")) {
        ps.setString(1, host);
        ps.setString(2, metric.appId());
        ps.setInt(3, id);
        ps.executeUpdate();
      }
      c.commit();
    }
    if (!metric.instanceId().isEmpty() && instanceHosts.add(metric.instanceId() + '\u0000' + host)) {
      try (PreparedStatement ps = c.prepareStatement(
          "UPSERT INTO INSTANCE_HOST_METADATA (INSTANCE_ID, HOSTNAME) VALUES (?, ?)")) {
        ps.setString(1, metric.instanceId());
        ps.setString(2, host);
        ps.executeUpdate();
      }
      c.commit();
    }
    return id;
  }

  private static Integer findHost(Connection c, String host) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT HOST_ID FROM HOST_METADATA WHERE HOSTNAME = ?")) {
      ps.setString(1, host);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : null;
      }
    }
  }

  /** Forgets everything cached, after a failed commit left the cache unsure. */
  void clear() {
    metricIds.clear();
    hostIds.clear();
    hostApps.clear();
    instanceHosts.clear();
  }
}
