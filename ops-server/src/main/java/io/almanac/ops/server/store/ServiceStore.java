package io.almanac.ops.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Service definitions (their JSON as submitted, {@code ops_service}) and the latest known state of
 * each component on each host ({@code ops_component_state}).
 */
public final class ServiceStore {

  /** The state of one component on one host, and when the agent's status said so. */
  public record ComponentState(
      String service, String component, String host, String state, long checkedAt) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The component state a service task's structured output carries ({@code {"componentState":
   * "STARTED"}}, written by the agent), or null.
   */
  public static String componentState(String structuredOut) {
    if (structuredOut == null || structuredOut.isBlank()) {
      return null;
    }
    try {
      JsonNode state = JSON.readTree(structuredOut).get("componentState");
      return state != null && state.isTextual() ? state.asText() : null;
    } catch (JsonProcessingException notJson) {
      return null;
    }
  }

  /** Stores {@code definition} as {@code name}, replacing what was there; true if it was new. */
  public boolean put(Connection c, String name, String definition, long now) throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE ops_service SET definition = ?, updated_at = ? WHERE name = ?")) {
      update.setString(1, definition);
      update.setLong(2, now);
      update.setString(3, name);
      if (update.executeUpdate() == 1) {
        return false;
      }
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO ops_service (name, definition, updated_at) VALUES (?, ?, ?)")) {
      insert.setString(1, name);
      insert.setString(2, definition);
      insert.setLong(3, now);
      insert.executeUpdate();
    }
    return true;
  }

  /** The definition stored as {@code name}. */
  public Optional<String> get(Connection c, String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT definition FROM ops_service WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** Every definition by name, in name order. */
  public Map<String, String> all(Connection c) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (PreparedStatement ps =
            c.prepareStatement("SELECT name, definition FROM ops_service ORDER BY name");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }

  /** Records what a status said of a component on a host, unless a later check is stored. */
  public void putState(Connection c, ComponentState s) throws SQLException {
    try (PreparedStatement existing =
        c.prepareStatement(
            "SELECT checked_at FROM ops_component_state"
                + " WHERE service = ? AND component = ? AND host = ?")) {
      existing.setString(1, s.service());
      existing.setString(2, s.component());
      existing.setString(3, s.host());
      try (ResultSet rs = existing.executeQuery()) {
        if (rs.next()) {
          if (rs.getLong(1) > s.checkedAt()) {
            return; // a later check is stored already
          }
          try (PreparedStatement update =
              c.prepareStatement(
                  "UPDATE ops_component_state SET state = ?, checked_at = ?"
                      + " WHERE service = ? AND component = ? AND host = ?")) {
            update.setString(1, s.state());
            update.setLong(2, s.checkedAt());
            update.setString(3, s.service());
            update.setString(4, s.component());
            update.setString(5, s.host());
            update.executeUpdate();
          }
          return;
        }
      }
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO ops_component_state (service, component, host, state, checked_at)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      insert.setString(1, s.service());
      insert.setString(2, s.component());
      insert.setString(3, s.host());
      insert.setString(4, s.state());
      insert.setLong(5, s.checkedAt());
      insert.executeUpdate();
    }
  }

  /** The known states of {@code service}'s components. */
  public List<ComponentState> states(Connection c, String service) throws SQLException {
    List<ComponentState> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT service, component, host, state, checked_at FROM ops_component_state"
                + " WHERE service = ? ORDER BY component, host")) {
      ps.setString(1, service);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new ComponentState(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getLong(5)));
        }
      }
    }
    return out;
  }

  /** A lost host's components: their state is no longer known. Returns how many changed. */
  public int markHostUnknown(Connection c, String host, long now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE ops_component_state SET state = 'UNKNOWN', checked_at = ?"
                + " WHERE host = ? AND state <> 'UNKNOWN'")) {
      ps.setLong(1, now);
      ps.setString(2, host);
      return ps.executeUpdate();
    }
  }

  /** Records what the component on {@code host} should be: STARTED or INSTALLED. */
  public void setGoal(Connection c, String service, String component, String host, String goal)
      throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE ops_component_goal SET goal = ?"
                + " WHERE service = ? AND component = ? AND host = ?")) {
      update.setString(1, goal);
      update.setString(2, service);
      update.setString(3, component);
      update.setString(4, host);
      if (update.executeUpdate() == 1) {
        return;
      }
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO ops_component_goal (service, component, host, goal) VALUES (?, ?, ?, ?)")) {
      insert.setString(1, service);
      insert.setString(2, component);
      insert.setString(3, host);
      insert.setString(4, goal);
      insert.executeUpdate();
    }
  }

  /** What the component on {@code host} should be, if an action said so. */
  public Optional<String> goal(Connection c, String service, String component, String host)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT goal FROM ops_component_goal WHERE service = ? AND component = ? AND host = ?")) {
      ps.setString(1, service);
      ps.setString(2, component);
      ps.setString(3, host);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** Records an automatic restart of the component on {@code host}. */
  public void addRecovery(
      Connection c, String service, String component, String host, long at, long requestId)
      throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO ops_recovery (service, component, host, started_at, request_id)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      insert.setString(1, service);
      insert.setString(2, component);
      insert.setString(3, host);
      insert.setLong(4, at);
      insert.setLong(5, requestId);
      insert.executeUpdate();
    }
  }

  /**
   * The requests of the automatic restarts of the component on {@code host} since {@code since}.
   */
  public List<Long> recoveries(
      Connection c, String service, String component, String host, long since) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT request_id FROM ops_recovery WHERE service = ? AND component = ? AND host = ?"
                + " AND started_at >= ? ORDER BY started_at")) {
      ps.setString(1, service);
      ps.setString(2, component);
      ps.setString(3, host);
      ps.setLong(4, since);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
    }
    return out;
  }
}
