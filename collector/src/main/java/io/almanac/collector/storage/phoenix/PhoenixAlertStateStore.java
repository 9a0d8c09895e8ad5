package io.almanac.collector.storage.phoenix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.alerting.Alert;
import io.almanac.alerting.AlertState;
import io.almanac.alerting.AlertStateStore;
import io.almanac.alerting.StateChange;
import io.almanac.model.store.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts of each rule (ALMANAC_ALERTS, one JSON row per rule) and their state changes
 * (ALMANAC_ALERT_HISTORY, kept 30 days), in the same database as the metrics.
 */
public final class PhoenixAlertStateStore implements AlertStateStore {
  private static final Logger LOG = LoggerFactory.getLogger(PhoenixAlertStateStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<Alert>> ALERTS = new TypeReference<>() {};
  private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {};

  private final PhoenixConnector connector;

  /** A store over the database {@code connector} reaches; the schema must be migrated already. */
  public PhoenixAlertStateStore(PhoenixConnector connector) {
    this.connector = connector;
  }

  @Override
  public Map<String, List<Alert>> loadAlerts() {
    Map<String, List<Alert>> out = new LinkedHashMap<>();
    try (Connection c = connector.open();
        PreparedStatement ps = c.prepareStatement("SELECT RULE_KEY, ALERTS FROM ALMANAC_ALERTS");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        try {
          out.put(rs.getString(1), JSON.readValue(rs.getString(2), ALERTS));
        } catch (JsonProcessingException e) {
          LOG.warn(
              "Saved alerts of rule {} cannot be read, starting it afresh: {}",
              rs.getString(1),
              e.getOriginalMessage());
        }
      }
    } catch (SQLException e) {
      throw new StorageException("alert state read failed: " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public void saveAlerts(String ruleKey, List<Alert> alerts) {
    try (Connection c = connector.open()) {
      c.setAutoCommit(true);
      if (alerts.isEmpty()) {
        try (PreparedStatement ps =
            c.prepareStatement("DELETE FROM ALMANAC_ALERTS WHERE RULE_KEY = ?")) {
          ps.setString(1, ruleKey);
          ps.executeUpdate();
        }
        return;
      }
      try (PreparedStatement ps =
          c.prepareStatement("UPSERT INTO ALMANAC_ALERTS VALUES (?, ?, ?)")) {
        ps.setString(1, ruleKey);
        ps.setString(2, JSON.writeValueAsString(alerts));
        ps.setLong(3, System.currentTimeMillis());
        ps.executeUpdate();
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new StorageException("alert state write failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void appendHistory(List<StateChange> changes) {
    try (Connection c = connector.open()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPSERT INTO ALMANAC_ALERT_HISTORY"
                  + " (CHANGED_AT, RULE, LABELS, TO_STATE, FROM_STATE, ALERT_VALUE)"
                  + " VALUES (?, ?, ?, ?, ?, ?)")) {
        for (StateChange s : changes) {
          ps.setLong(1, s.time());
          ps.setString(2, s.rule());
          ps.setString(3, JSON.writeValueAsString(s.labels()));
          ps.setString(4, s.to().name());
          ps.setString(5, s.from().name());
          ps.setDouble(6, s.value());
          ps.executeUpdate();
        }
      }
      c.commit();
    } catch (SQLException | JsonProcessingException e) {
      throw new StorageException("alert history write failed: " + e.getMessage(), e);
    }
  }

  @Override
  public List<StateChange> history(long startMs, long endMs) {
    List<StateChange> out = new ArrayList<>();
    try (Connection c = connector.open();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT CHANGED_AT, RULE, LABELS, FROM_STATE, TO_STATE, ALERT_VALUE"
                    + " FROM ALMANAC_ALERT_HISTORY WHERE CHANGED_AT >= ? AND CHANGED_AT <= ?"
                    + " ORDER BY CHANGED_AT")) {
      ps.setLong(1, startMs);
      ps.setLong(2, endMs);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new StateChange(
                  rs.getLong(1),
                  rs.getString(2),
                  JSON.readValue(rs.getString(3), LABELS),
                  AlertState.valueOf(rs.getString(4)),
                  AlertState.valueOf(rs.getString(5)),
                  rs.getDouble(6)));
        }
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new StorageException("alert history read failed: " + e.getMessage(), e);
    }
    return out;
  }
}
