package io.almanac.collector.storage.phoenix;

import io.almanac.model.MetricKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Id to name maps for whole-table scans: a scan meets ids of every series, and looking each one up
 * would cost a query apiece. Loaded once and kept; loaded again only when a scan meets an id it
 * does not know yet (a series created since), so the aggregators' catch-up does not re-read the
 * metadata tables for every interval. Thread-safe.
 */
final class IdNames {
  /** One snapshot of the maps. */
  private record Snapshot(Map<Integer, MetricKey> metrics, Map<Integer, String> hosts) {}

  private volatile Snapshot snapshot;

  /**
   * Makes sure every metric id and host id given is known, reading the metadata tables again if one
   * is not (ids still unknown afterwards stay unknown).
   */
  void cover(Connection c, Collection<Integer> metricIds, Collection<Integer> hostIds)
      throws SQLException {
    Snapshot s = snapshot;
    if (s == null
        || !s.metrics().keySet().containsAll(metricIds)
        || !s.hosts().keySet().containsAll(hostIds)) {
      snapshot = load(c);
    }
  }

  private static Snapshot load(Connection c) throws SQLException {
    Map<Integer, MetricKey> metrics = new HashMap<>();
    Map<Integer, String> hosts = new HashMap<>();
    try (Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery(
              "SELECT METRIC_ID, METRIC_NAME, APP_ID, INSTANCE_ID FROM METRICS_METADATA")) {
        while (rs.next()) {
          metrics.put(
              rs.getInt(1), new MetricKey(rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT HOST_ID, HOSTNAME FROM HOST_METADATA")) {
        while (rs.next()) {
          hosts.put(rs.getInt(1), rs.getString(2));
        }
      }
    }
    return new Snapshot(metrics, hosts);
  }

  MetricKey metric(int id) {
    return snapshot.metrics().get(id);
  }

  String host(int id) {
    return snapshot.hosts().get(id);
  }
}
