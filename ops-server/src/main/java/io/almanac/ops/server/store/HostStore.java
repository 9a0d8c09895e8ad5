package io.almanac.ops.server.store;

import io.almanac.ops.server.model.Host;
import io.almanac.ops.server.model.HostState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Registered agent hosts. */
public final class HostStore {

  private static final String COLUMNS =
      "hostname, os, cores, memory_bytes, agent_version, state, registered_at, last_heartbeat,"
          + " agent_start_time";

  /** Inserts or replaces a host's registration; it becomes HEALTHY. */
  public void register(Connection c, Host host) throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE ops_host SET os = ?, cores = ?, memory_bytes = ?, agent_version = ?, state = ?,"
                + " registered_at = ?, last_heartbeat = ?, agent_start_time = ? WHERE hostname = ?")) {
      update.setString(1, host.os());
      update.setInt(2, host.cores());
      update.setLong(3, host.memoryBytes());
      update.setString(4, host.agentVersion());
      update.setString(5, host.state().name());
      update.setLong(6, host.registeredAt());
      update.setLong(7, host.lastHeartbeat());
      update.setLong(8, host.agentStartTime());
      update.setString(9, host.hostname());
      if (update.executeUpdate() == 1) {
        return;
      }
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO ops_host (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, host.hostname());
      insert.setString(2, host.os());
      insert.setInt(3, host.cores());
      insert.setLong(4, host.memoryBytes());
      insert.setString(5, host.agentVersion());
      insert.setString(6, host.state().name());
      insert.setLong(7, host.registeredAt());
      insert.setLong(8, host.lastHeartbeat());
      insert.setLong(9, host.agentStartTime());
      insert.executeUpdate();
    }
  }

  public void heartbeat(Connection c, String hostname, long at) throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE ops_host SET last_heartbeat = ?, state = ? WHERE hostname = ?")) {
      update.setLong(1, at);
      update.setString(2, HostState.HEALTHY.name());
      update.setString(3, hostname);
      update.executeUpdate();
    }
  }

  public void setState(Connection c, String hostname, HostState state) throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement("UPDATE ops_host SET state = ? WHERE hostname = ?")) {
      update.setString(1, state.name());
      update.setString(2, hostname);
      update.executeUpdate();
    }
  }

  public List<Host> all(Connection c) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement("SELECT " + COLUMNS + " FROM ops_host ORDER BY hostname")) {
      return hosts(select);
    }
  }

  public Optional<Host> host(Connection c, String hostname) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement("SELECT " + COLUMNS + " FROM ops_host WHERE hostname = ?")) {
      select.setString(1, hostname);
      List<Host> rows = hosts(select);
      return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }
  }

  private static List<Host> hosts(PreparedStatement select) throws SQLException {
    List<Host> rows = new ArrayList<>();
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        rows.add(
            new Host(
                rs.getString(1),
                rs.getString(2),
                rs.getInt(3),
                rs.getLong(4),
                rs.getString(5),
                HostState.valueOf(rs.getString(6)),
                rs.getLong(7),
                rs.getLong(8),
                rs.getLong(9)));
      }
    }
    return rows;
  }
}
