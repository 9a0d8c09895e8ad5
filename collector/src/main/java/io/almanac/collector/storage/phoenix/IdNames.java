package io.almanac.collector.storage.phoenix;

import io.almanac.model.MetricKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * Id to name maps for whole-table scans, loaded from the metadata tables once per scan: a scan
 * meets ids of every series, and looking each one up would cost a query apiece.
 */
final class IdNames {
  private final Map<Integer, MetricKey> metrics = new HashMap<>();
  private final Map<Integer, String> hosts = new HashMap<>();

  static IdNames load(Connection c) throws SQLException {
    IdNames names = new IdNames();
    try (Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT METRIC_ID, METRIC_NAME, APP_ID, INSTANCE_ID FROM METRICS_METADATA")) {
        while (rs.next()) {
          names.metrics.put(rs.getInt(1), new MetricKey(rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT HOST_ID, HOSTNAME FROM HOST_METADATA")) {
        while (rs.next()) {
          names.hosts.put(rs.getInt(1), rs.getString(2));
        }
      }
    }
    return names;
  }

  MetricKey metric(int id) {
    return metrics.get(id);
  }

  String host(int id) {
    return hosts.get(id);
  }
}
