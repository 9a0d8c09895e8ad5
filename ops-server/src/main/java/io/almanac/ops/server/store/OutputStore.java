package io.almanac.ops.server.store;

import io.almanac.ops.server.model.TaskOutput;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Full task output, one row per task (the attempt that last reported), purged by age. */
public final class OutputStore {

  /** Stores or replaces the output of a task. */
  public void put(Connection c, TaskOutput output) throws SQLException {
    try (PreparedStatement delete =
        c.prepareStatement("DELETE FROM ops_task_output WHERE task_id = ?")) {
      delete.setLong(1, output.taskId());
      delete.executeUpdate();
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO ops_task_output (task_id, attempt, stdout, stderr, structured_out, truncated,"
                + " stored_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      insert.setLong(1, output.taskId());
      insert.setInt(2, output.attempt());
      insert.setString(3, output.stdout());
      insert.setString(4, output.stderr());
      insert.setString(5, output.structuredOut());
      insert.setBoolean(6, output.truncated());
      insert.setLong(7, output.storedAt());
      insert.executeUpdate();
    }
  }

  /** Whether the output of this attempt of the task is stored. */
  public boolean has(Connection c, long taskId, int attempt) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement("SELECT 1 FROM ops_task_output WHERE task_id = ? AND attempt = ?")) {
      select.setLong(1, taskId);
      select.setInt(2, attempt);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next();
      }
    }
  }

  public Optional<TaskOutput> get(Connection c, long taskId) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT task_id, attempt, stdout, stderr, structured_out, truncated, stored_at"
                + " FROM ops_task_output WHERE task_id = ?")) {
      select.setLong(1, taskId);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new TaskOutput(
                rs.getLong(1),
                rs.getInt(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getBoolean(6),
                rs.getLong(7)));
      }
    }
  }

  /** Deletes output stored before {@code cutoff}; returns how many rows went. */
  public int purgeOlderThan(Connection c, long cutoff) throws SQLException {
    try (PreparedStatement delete =
        c.prepareStatement("DELETE FROM ops_task_output WHERE stored_at < ?")) {
      delete.setLong(1, cutoff);
      return delete.executeUpdate();
    }
  }
}
