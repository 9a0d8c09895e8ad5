package io.almanac.collector.storage.phoenix;

import io.almanac.model.MetricKey;
import io.almanac.model.store.SeriesBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Maps metrics and hosts to the compact integer ids that key their rows, writing the metadata of
 * every metric, host, host-app pair and instance-host pair the first time it is seen.
 *
 * <p>Ids come from Phoenix sequences and are claimed with an atomic {@code UPSERT ... ON DUPLICATE
 * KEY IGNORE} followed by a read-back, so two collectors that meet a new metric at the same time
 * agree on one id. {@link #resolve} claims every new id of a commit together: one look-up, one
 * batch of claims and one read-back per few hundred new names, not four statements per series. Used
 * by the single writer thread only; not thread-safe.
 */
final class SeriesIdCatalog {
  private final Map<MetricKey, Integer> metricIds = new HashMap<>();
  private final Map<String, Integer> hostIds = new HashMap<>();
  private final Set<String> hostApps = new HashSet<>();
  private final Set<String> instanceHosts = new HashSet<>();

  /** Commits of metadata rows so far (new metrics, hosts and pairs): readers' caches go stale. */
  private final AtomicLong metadataWrites = new AtomicLong();

  /** Loads every known id, so a restarted collector does not look them up one by one. */
  void preload(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery(
              "SELECT METRIC_NAME, APP_ID, INSTANCE_ID, METRIC_ID FROM METRICS_METADATA")) {
        while (rs.next()) {
          metricIds.put(
              new MetricKey(rs.getString(1), rs.getString(2), rs.getString(3)), rs.getInt(4));
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
      try (ResultSet rs =
          st.executeQuery("SELECT INSTANCE_ID, HOSTNAME FROM INSTANCE_HOST_METADATA")) {
        while (rs.next()) {
          instanceHosts.add(rs.getString(1) + '\u0000' + rs.getString(2));
        }
      }
    }
  }

  /** Names looked up by one statement. */
  private static final int NAMES_PER_STATEMENT = 500;

  private static final String CLAIM_METRIC =
      "UPSERT INTO METRICS_METADATA (METRIC_NAME, APP_ID, INSTANCE_ID, "
          + "METRIC_ID, UNITS, TYPE, START_TIME, SUPPORTS_AGGREGATION, IS_WHITELISTED) "
          + "VALUES (?, ?, ?, NEXT VALUE FOR METRIC_ID_SEQ, ?, ?, ?, ?, true) ON DUPLICATE KEY IGNORE";
  private static final String CLAIM_HOST =
      "UPSERT INTO HOST_METADATA (HOSTNAME, HOST_ID) VALUES (?, NEXT VALUE FOR HOST_ID_SEQ) ON DUPLICATE KEY IGNORE";

  /**
   * Makes the ids of every metric and host of {@code batches} known, and records every new host-app
   * and instance-host pair, in a few batched statements; afterwards {@link #metricId(Connection,
   * SeriesBatch)} and {@link #hostId(Connection, SeriesBatch)} answer from memory.
   */
  void resolve(Connection c, List<SeriesBatch> batches) throws SQLException {
    Map<MetricKey, SeriesBatch> newMetrics = new LinkedHashMap<>();
    Set<String> newHosts = new LinkedHashSet<>();
    for (SeriesBatch b : batches) {
      if (!metricIds.containsKey(b.key().metric())) {
        newMetrics.putIfAbsent(b.key().metric(), b);
      }
      if (!hostIds.containsKey(b.key().hostName())) {
        newHosts.add(b.key().hostName());
      }
    }
    if (!newMetrics.isEmpty()) {
      claimMetrics(c, newMetrics);
    }
    if (!newHosts.isEmpty()) {
      claimHosts(c, newHosts);
    }
    recordPairs(c, batches);
  }

  /**
   * Claims ids for metrics the cache does not know. No look-up first: the cache was loaded with
   * every id when the connection opened, so these are almost always new, and a claim of a metric
   * another collector created meanwhile is ignored by the store and read back like the others.
   */
  private void claimMetrics(Connection c, Map<MetricKey, SeriesBatch> wanted) throws SQLException {
    List<SeriesBatch> missing = List.copyOf(wanted.values());
    try (PreparedStatement ps = c.prepareStatement(CLAIM_METRIC)) {
      for (SeriesBatch b : missing) {
        MetricKey key = b.key().metric();
        ps.setString(1, key.metricName());
        ps.setString(2, key.appId());
        ps.setString(3, key.instanceId());
        ps.setString(4, b.units());
        ps.setString(5, b.type());
        ps.setLong(6, b.points().isEmpty() ? 0 : b.points().firstTimestamp());
        ps.setBoolean(7, b.supportsAggregation());
        ps.executeUpdate();
      }
    }
    commitMetadata(c);
    findMetrics(c, missing.stream().map(b -> b.key().metric()).toList());
    for (SeriesBatch b : missing) {
      if (!metricIds.containsKey(b.key().metric())) {
        throw new SQLException(
            "metadata of " + b.key().metric() + " vanished right after it was written");
      }
    }
  }

  /** Reads the ids of those of {@code keys} that exist into the cache. */
  private void findMetrics(Connection c, Collection<MetricKey> keys) throws SQLException {
    Set<MetricKey> wanted = new HashSet<>(keys);
    List<String> names = wanted.stream().map(MetricKey::metricName).distinct().toList();
    for (int from = 0; from < names.size(); from += NAMES_PER_STATEMENT) {
      List<String> part = names.subList(from, Math.min(names.size(), from + NAMES_PER_STATEMENT));
      String sql =
          "SELECT METRIC_NAME, APP_ID, INSTANCE_ID, METRIC_ID FROM METRICS_METADATA WHERE METRIC_NAME IN ("
              + "?,".repeat(part.size() - 1)
              + "?)";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < part.size(); i++) {
          ps.setString(i + 1, part.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            MetricKey key = new MetricKey(rs.getString(1), rs.getString(2), rs.getString(3));
            if (wanted.contains(key)) {
              metricIds.put(key, rs.getInt(4));
            }
          }
        }
      }
    }
  }

  /** Claims ids for hosts the cache does not know, as {@link #claimMetrics} does for metrics. */
  private void claimHosts(Connection c, Set<String> wanted) throws SQLException {
    List<String> missing = List.copyOf(wanted);
    try (PreparedStatement ps = c.prepareStatement(CLAIM_HOST)) {
      for (String host : missing) {
        ps.setString(1, host);
        ps.executeUpdate();
      }
    }
    commitMetadata(c);
    findHosts(c, missing);
    for (String host : missing) {
      if (!hostIds.containsKey(host)) {
        throw new SQLException("metadata of host " + host + " vanished right after it was written");
      }
    }
  }

  private void findHosts(Connection c, Collection<String> hosts) throws SQLException {
    List<String> all = List.copyOf(hosts);
    for (int from = 0; from < all.size(); from += NAMES_PER_STATEMENT) {
      List<String> part = all.subList(from, Math.min(all.size(), from + NAMES_PER_STATEMENT));
      String sql =
          "SELECT HOSTNAME, HOST_ID FROM HOST_METADATA WHERE HOSTNAME IN ("
              + "?,".repeat(part.size() - 1)
              + "?)";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < part.size(); i++) {
          ps.setString(i + 1, part.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            hostIds.put(rs.getString(1), rs.getInt(2));
          }
        }
      }
    }
  }

  /** Writes the host-app and instance-host pairs not seen before, in one commit. */
  private void recordPairs(Connection c, List<SeriesBatch> batches) throws SQLException {
    List<SeriesBatch> newApps = new ArrayList<>();
    List<SeriesBatch> newInstances = new ArrayList<>();
    for (SeriesBatch b : batches) {
      String host = b.key().hostName();
      MetricKey metric = b.key().metric();
      if (hostApps.add(host + '\u0000' + metric.appId())) {
        newApps.add(b);
      }
      if (!metric.instanceId().isEmpty()
          && instanceHosts.add(metric.instanceId() + '\u0000' + host)) {
        newInstances.add(b);
      }
    }
    if (newApps.isEmpty() && newInstances.isEmpty()) {
      return; // the usual case: no statement to prepare (Phoenix parses each one it is given)
    }
    try (PreparedStatement apps =
            c.prepareStatement(
                "UPSERT INTO HOSTED_APPS_METADATA (HOSTNAME, APP_ID, HOST_ID) VALUES (?, ?, ?)");
        PreparedStatement instances =
            c.prepareStatement(
                "UPSERT INTO INSTANCE_HOST_METADATA (INSTANCE_ID, HOSTNAME) VALUES (?, ?)")) {
      for (SeriesBatch b : newApps) {
        apps.setString(1, b.key().hostName());
        apps.setString(2, b.key().metric().appId());
        apps.setInt(3, hostIds.get(b.key().hostName()));
        apps.executeUpdate();
      }
      for (SeriesBatch b : newInstances) {
        instances.setString(1, b.key().metric().instanceId());
        instances.setString(2, b.key().hostName());
        instances.executeUpdate();
      }
    }
    commitMetadata(c);
  }

  /** The metric id of the batch's metric, creating its metadata on first sight. */
  int metricId(Connection c, SeriesBatch batch) throws SQLException {
    return metricId(
        c,
        batch.key().metric(),
        batch.units(),
        batch.type(),
        batch.points().firstTimestamp(),
        batch.supportsAggregation());
  }

  /** The id of {@code key}, creating its metadata from the other arguments on first sight. */
  int metricId(
      Connection c, MetricKey key, String units, String type, long firstSeen, boolean aggregate)
      throws SQLException {
    Integer id = metricIds.get(key);
    if (id != null) {
      return id;
    }
    id = findMetric(c, key);
    if (id == null) {
      String sql =
          "UPSERT INTO METRICS_METADATA (METRIC_NAME, APP_ID, INSTANCE_ID, METRIC_ID, UNITS, TYPE, "
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
      commitMetadata(c);
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
    String sql =
        "SELECT METRIC_ID FROM METRICS_METADATA WHERE METRIC_NAME = ? AND APP_ID = ? AND "
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

  /**
   * The host id of the batch's host, recording the host, its app and its instance on first sight.
   */
  int hostId(Connection c, SeriesBatch batch) throws SQLException {
    return hostId(c, batch.key().hostName(), batch.key().metric());
  }

  /**
   * The id of {@code host}, recording it, and that it reports {@code metric}'s app, on first sight.
   */
  int hostId(Connection c, String host, MetricKey metric) throws SQLException {
    Integer id = hostIds.get(host);
    if (id == null) {
      id = findHost(c, host);
      if (id == null) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPSERT INTO HOST_METADATA (HOSTNAME, HOST_ID) VALUES (?, NEXT VALUE FOR HOST_ID_SEQ) ON DUPLICATE KEY IGNORE")) {
          ps.setString(1, host);
          ps.executeUpdate();
        }
        commitMetadata(c);
        id = findHost(c, host);
        if (id == null) {
          throw new SQLException(
              "metadata of host " + host + " vanished right after it was written");
        }
      }
      hostIds.put(host, id);
    }
    if (hostApps.add(host + '\u0000' + metric.appId())) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPSERT INTO HOSTED_APPS_METADATA (HOSTNAME, APP_ID, HOST_ID) VALUES (?, ?, ?)")) {
        ps.setString(1, host);
        ps.setString(2, metric.appId());
        ps.setInt(3, id);
        ps.executeUpdate();
      }
      commitMetadata(c);
    }
    if (!metric.instanceId().isEmpty()
        && instanceHosts.add(metric.instanceId() + '\u0000' + host)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPSERT INTO INSTANCE_HOST_METADATA (INSTANCE_ID, HOSTNAME) VALUES (?, ?)")) {
        ps.setString(1, metric.instanceId());
        ps.setString(2, host);
        ps.executeUpdate();
      }
      commitMetadata(c);
    }
    return id;
  }

  private static Integer findHost(Connection c, String host) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT HOST_ID FROM HOST_METADATA WHERE HOSTNAME = ?")) {
      ps.setString(1, host);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : null;
      }
    }
  }

  /** Commits the metadata rows written on {@code c}, and counts the commit. */
  private void commitMetadata(Connection c) throws SQLException {
    c.commit();
    metadataWrites.incrementAndGet();
  }

  /** How many times metadata rows were committed; any thread. */
  long metadataWrites() {
    return metadataWrites.get();
  }

  /** Forgets everything cached, after a failed commit left the cache unsure. */
  void clear() {
    metricIds.clear();
    hostIds.clear();
    hostApps.clear();
    instanceHosts.clear();
  }
}
