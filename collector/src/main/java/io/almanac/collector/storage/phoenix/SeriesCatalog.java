package io.almanac.collector.storage.phoenix;

import io.almanac.model.MetricKey;
import io.almanac.model.store.SeriesSelector;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side's names-to-ids catalogue, in memory: every metric (id → name, app, instance) and,
 * per app, the hosts that report it (id → name). Queries resolve their selectors here without a
 * metadata statement.
 *
 * <p>It is kept current three ways: this collector's writer tells it every series it stores ({@link
 * #learn}), so what was posted here is found at once; a selector that names something the catalogue
 * lacks (an exact name or host that is missing, a pattern that matches nothing) is answered from
 * the metadata tables instead, as before, which finds what another collector on the same HBase
 * wrote a moment ago; and the whole catalogue is read again from those tables when it is older than
 * {@link #REFRESH_MS}, so that a new host of a known metric written by another collector also shows
 * up within about that time. Given a refresher, that read runs there and queries go on with what is
 * in memory meanwhile (what it holds is never wrong, only possibly incomplete, and a name it lacks
 * is looked up in the tables); without one, the query that finds it old reads it. Thread-safe;
 * reads never wait for a refresh except the first read, and one that performs it.
 */
final class SeriesCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(SeriesCatalog.class);

  /** How old the catalogue may grow before a query reads it again from the metadata tables. */
  static final long REFRESH_MS = 10_000;

  private final LongSupplier clock;
  private final Map<Integer, MetricKey> metrics = new ConcurrentHashMap<>();

  /** The same metrics by name, for exact names. */
  private final Map<String, Map<Integer, MetricKey>> metricsByName = new ConcurrentHashMap<>();

  /** {@link #metricNames} as last made; null after a new name. */
  private volatile java.util.SortedSet<String> names;

  private final Map<String, Map<Integer, String>> hostsByApp = new ConcurrentHashMap<>();
  private final Object refreshing = new Object();
  private volatile boolean loaded;
  private volatile long loadedAt;
  private final LongAdder fallbacks = new LongAdder();

  /** Reads the catalogue again in the background; null: the query that finds it old does. */
  private final BackgroundRefresh refresh;

  /** A catalogue read again by the query that finds it older than {@link #REFRESH_MS}. */
  SeriesCatalog(LongSupplier clock) {
    this(clock, null, null);
  }

  /**
   * A catalogue read again on {@code refresher}, over a connection of {@code connections}, once
   * older than {@link #REFRESH_MS}.
   */
  SeriesCatalog(LongSupplier clock, Executor refresher, PhoenixConnector connections) {
    this.clock = clock;
    this.refresh =
        refresher == null
            ? null
            : new BackgroundRefresh(
                "Series catalogue",
                refresher,
                () -> {
                  try (Connection c = connections.open()) {
                    reload(c);
                  }
                });
  }

  /** Records that series ({@code metric}, {@code host}) is stored under these ids. */
  void learn(MetricKey metric, int metricId, String host, int hostId) {
    addMetric(metricId, metric);
    addHost(metric.appId(), hostId, host);
  }

  private void addMetric(int id, MetricKey metric) {
    if (metrics.putIfAbsent(id, metric) == null) {
      metricsByName
          .computeIfAbsent(metric.metricName(), n -> new ConcurrentHashMap<>())
          .put(id, metric);
      names = null;
    }
  }

  /**
   * Every metric name the catalogue holds, sorted (a snapshot made again after a new name); a
   * connection is opened only when the catalogue is due to be read again.
   */
  java.util.SortedSet<String> metricNames(PhoenixConnector connector) throws SQLException {
    refreshIfOld(connector);
    java.util.SortedSet<String> known = names;
    if (known == null) {
      known =
          java.util.Collections.unmodifiableSortedSet(
              new java.util.TreeSet<>(metricsByName.keySet()));
      names = known;
    }
    return known;
  }

  private void addHost(String app, int hostId, String host) {
    hostsByApp.computeIfAbsent(app, a -> new ConcurrentHashMap<>()).putIfAbsent(hostId, host);
  }

  /** As {@link SeriesResolver#resolve}, from memory where the catalogue knows every name. */
  SeriesResolver.Resolved resolve(Connection c, SeriesSelector selector) throws SQLException {
    refreshIfOld(c);
    Map<Integer, MetricKey> found = matchMetrics(selector);
    Map<Integer, String> hosts = found == null ? null : matchHosts(selector, found);
    if (hosts == null) {
      fallbacks.increment();
      return SeriesResolver.resolve(c, selector);
    }
    return new SeriesResolver.Resolved(found, hosts);
  }

  /** As {@link SeriesResolver#metrics}, from memory where the catalogue knows every name. */
  Map<Integer, MetricKey> metrics(Connection c, SeriesSelector selector) throws SQLException {
    refreshIfOld(c);
    Map<Integer, MetricKey> found = matchMetrics(selector);
    if (found == null) {
      fallbacks.increment();
      return SeriesResolver.metrics(c, selector);
    }
    return found;
  }

  /**
   * How many series {@code selector} names: its metrics when it names no host (as {@link
   * SeriesResolver#metrics}), else its metric-host pairs (as {@link
   * SeriesResolver#countHostSeries}). From memory where the catalogue knows every name; a
   * connection is opened only to read the catalogue when due or to look up what it lacks.
   */
  long countSeries(PhoenixConnector connector, SeriesSelector selector) throws SQLException {
    refreshIfOld(connector);
    Long known = countInMemory(selector);
    if (known != null) {
      return known;
    }
    fallbacks.increment();
    try (Connection c = connector.open()) {
      return selector.hostNames().isEmpty()
          ? SeriesResolver.metrics(c, selector).size()
          : SeriesResolver.countHostSeries(c, selector);
    }
  }

  /** {@link #countSeries} from memory, or null when the selector names what is not there. */
  private Long countInMemory(SeriesSelector selector) {
    Map<Integer, MetricKey> found = matchMetrics(selector);
    if (found == null) {
      return null;
    }
    if (selector.hostNames().isEmpty()) {
      return (long) found.size();
    }
    long total = 0;
    Map<String, Integer> perApp = new HashMap<>();
    for (MetricKey m : found.values()) {
      Integer n = perApp.get(m.appId());
      if (n == null) {
        Map<Integer, String> hosts = matchHosts(selector, Map.of(0, m));
        if (hosts == null) {
          return null;
        }
        n = hosts.size();
        perApp.put(m.appId(), n);
      }
      total += n;
    }
    return total;
  }

  /** The metrics {@code selector} names, or null when it names one the catalogue lacks. */
  private Map<Integer, MetricKey> matchMetrics(SeriesSelector selector) {
    Map<Integer, MetricKey> found = new HashMap<>();
    for (String name : selector.metricNames()) {
      boolean any = false;
      Map<Integer, MetricKey> candidates =
          SeriesSelector.isPattern(name) ? metrics : metricsByName.getOrDefault(name, Map.of());
      for (Map.Entry<Integer, MetricKey> e : candidates.entrySet()) {
        MetricKey m = e.getValue();
        if (NameMatch.matches(name, m.metricName())
            && (selector.appId() == null || NameMatch.matches(selector.appId(), m.appId()))
            && instanceMatches(selector.instanceId(), m.instanceId())) {
          found.put(e.getKey(), m);
          any = true;
        }
      }
      if (!any) {
        return null;
      }
    }
    return found;
  }

  private static boolean instanceMatches(String wanted, String instance) {
    if (wanted == null || wanted.equals("%")) {
      return true;
    }
    boolean none = instance == null || instance.isEmpty(); // MetricKey keeps "no instance" as ""
    if (wanted.isEmpty()) {
      return none;
    }
    return !none && NameMatch.matches(wanted, instance);
  }

  /**
   * The hosts that report the apps of {@code metrics} and match the selector's hosts, or null when
   * the selector names a host the catalogue lacks for those apps.
   */
  private Map<Integer, String> matchHosts(
      SeriesSelector selector, Map<Integer, MetricKey> metrics) {
    Map<Integer, String> hosts = new HashMap<>();
    List<String> wanted = selector.hostNames();
    boolean[] seen = new boolean[wanted.size()];
    for (String app : metrics.values().stream().map(MetricKey::appId).distinct().toList()) {
      for (Map.Entry<Integer, String> h : hostsByApp.getOrDefault(app, Map.of()).entrySet()) {
        if (wanted.isEmpty()) {
          hosts.put(h.getKey(), h.getValue());
          continue;
        }
        for (int i = 0; i < wanted.size(); i++) {
          if (NameMatch.matches(wanted.get(i), h.getValue())) {
            hosts.put(h.getKey(), h.getValue());
            seen[i] = true;
          }
        }
      }
    }
    for (boolean s : seen) {
      if (!s) {
        return null;
      }
    }
    return hosts;
  }

  /** Selectors answered from the metadata tables because they named what was not in memory. */
  long fallbacks() {
    return fallbacks.sum();
  }

  private boolean isCurrent() {
    return loaded && clock.getAsLong() - loadedAt < REFRESH_MS;
  }

  private void refreshIfOld(Connection c) throws SQLException {
    if (mustReadHere()) {
      reload(c);
    }
  }

  /** As {@link #refreshIfOld(Connection)}, opening a connection only when it reads here. */
  private void refreshIfOld(PhoenixConnector connector) throws SQLException {
    if (mustReadHere()) {
      try (Connection c = connector.open()) {
        reload(c);
      }
    }
  }

  /**
   * Whether the caller must read the catalogue itself: it is old and not read in the background
   * (when it is, the read is asked for here and the caller goes on with what is in memory).
   */
  private boolean mustReadHere() {
    if (isCurrent()) {
      return false;
    }
    if (loaded && refresh != null) {
      refresh.request();
      return false;
    }
    return true;
  }

  /** Reads the catalogue over {@code c}, unless another read made it current meanwhile. */
  private void reload(Connection c) throws SQLException {
    synchronized (refreshing) {
      if (isCurrent()) {
        return; // another query refreshed it meanwhile
      }
      long started = clock.getAsLong();
      load(c);
      loadedAt = started;
      loaded = true;
    }
  }

  /** Reads every metric and host-app pair; adds what is new (ids never change once claimed). */
  private void load(Connection c) throws SQLException {
    int metricCount = 0;
    int pairCount = 0;
    try (Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery(
              "SELECT METRIC_ID, METRIC_NAME, APP_ID, INSTANCE_ID FROM METRICS_METADATA"
                  + " WHERE METRIC_ID IS NOT NULL")) {
        while (rs.next()) {
          addMetric(rs.getInt(1), new MetricKey(rs.getString(2), rs.getString(3), rs.getString(4)));
          metricCount++;
        }
      }
      try (ResultSet rs =
          st.executeQuery(
              "SELECT APP_ID, HOST_ID, HOSTNAME FROM HOSTED_APPS_METADATA"
                  + " WHERE HOST_ID IS NOT NULL")) {
        while (rs.next()) {
          addHost(rs.getString(1), rs.getInt(2), rs.getString(3));
          pairCount++;
        }
      }
    }
    LOG.debug("Series catalogue read: {} metrics, {} host-app pairs", metricCount, pairCount);
  }
}
