package io.almanac.collector.storage.phoenix;

import io.almanac.model.MetricKey;
import io.almanac.model.TimeRange;
import io.almanac.model.store.MetricDescriptor;
import io.almanac.model.store.MetricStore;
import io.almanac.model.store.SeriesBatch;
import io.almanac.model.store.SeriesPoints;
import io.almanac.model.store.SeriesSelector;
import io.almanac.model.store.StorageException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@link MetricStore} on Apache Phoenix. Writes go through one connection held by {@link
 * RawBlockWriter}; every read opens its own short-lived connection (Phoenix connections are cheap
 * and not thread-safe).
 */
public final class PhoenixMetricStore implements MetricStore {
  private final PhoenixConnector connector;
  private final RawBlockWriter writer;

  /** A store over the database {@code connector} reaches; the schema must be migrated already. */
  public PhoenixMetricStore(PhoenixConnector connector) {
    this.connector = connector;
    this.writer = new RawBlockWriter(connector);
  }

  @Override
  public void write(List<SeriesBatch> batches) {
    writer.write(batches);
  }

  @Override
  public List<SeriesPoints> readRaw(SeriesSelector selector, TimeRange range) {
    try (Connection c = connector.open()) {
      return RawBlockReader.read(c, SeriesResolver.resolve(c, selector), range);
    } catch (SQLException e) {
      throw new StorageException("raw read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public List<MetricDescriptor> metrics() {
    String sql = "SELECT METRIC_NAME, APP_ID, INSTANCE_ID, UNITS, TYPE, START_TIME, SUPPORTS_AGGREGATION "
        + "FROM METRICS_METADATA";
    List<MetricDescriptor> out = new ArrayList<>();
    try (Connection c = connector.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(new MetricDescriptor(new MetricKey(rs.getString(1), rs.getString(2), rs.getString(3)),
            rs.getString(4), rs.getString(5), rs.getLong(6), rs.getBoolean(7)));
      }
    } catch (SQLException e) {
      throw new StorageException("metadata read failed: " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public Map<String, Set<String>> appsByHost() {
    return pairs("SELECT HOSTNAME, APP_ID FROM HOSTED_APPS_METADATA");
  }

  @Override
  public Map<String, Set<String>> hostsByInstance() {
    return pairs("SELECT INSTANCE_ID, HOSTNAME FROM INSTANCE_HOST_METADATA");
  }

  private Map<String, Set<String>> pairs(String sql) {
    Map<String, Set<String>> out = new TreeMap<>();
    try (Connection c = connector.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
      }
    } catch (SQLException e) {
      throw new StorageException("metadata read failed: " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public void close() {
    writer.close();
  }
}
