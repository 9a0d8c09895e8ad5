package io.almanac.ops.server.store;

import io.almanac.ops.server.model.OutboxEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The durable outbox: every command and cancel for an agent is stored, in the same transaction as
 * the status change that caused it, before it is sent; it is sent again until the agent
 * acknowledges it, also right after a server restart.
 */
public final class OutboxStore {

  /**
   * Adds a message. The payload is built from the id the database assigns, since the message
   * carries its own id.
   */
  public OutboxEntry add(
      Connection c,
      String host,
      long taskId,
      int attempt,
      OutboxEntry.Kind kind,
      LongFunction<String> payloadForId,
      long now)
      throws SQLException {
    long messageId;
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO ops_outbox (host, task_id, attempt, kind, payload, created_at, sent_at, acked_at)"
                + " VALUES (?, ?, ?, ?, '', ?, -1, -1)",
            Statement.RETURN_GENERATED_KEYS)) {
      insert.setString(1, host);
      insert.setLong(2, taskId);
      insert.setInt(3, attempt);
      insert.setString(4, kind.name());
      insert.setLong(5, now);
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        keys.next();
        messageId = keys.getLong(1);
      }
    }
    String payload = payloadForId.apply(messageId);
    try (PreparedStatement update =
        c.prepareStatement("UPDATE ops_outbox SET payload = ? WHERE message_id = ?")) {
      update.setString(1, payload);
      update.setLong(2, messageId);
      update.executeUpdate();
    }
    return new OutboxEntry(messageId, host, taskId, attempt, kind, payload, now);
  }

  /** Messages for {@code host} not yet acknowledged, oldest first. */
  public List<OutboxEntry> unacked(Connection c, String host) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT message_id, host, task_id, attempt, kind, payload, created_at FROM ops_outbox"
                + " WHERE host = ? AND acked_at < 0 ORDER BY message_id")) {
      select.setString(1, host);
      return entries(select);
    }
  }

  /** Every message not yet acknowledged, oldest first. */
  public List<OutboxEntry> unacked(Connection c) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT message_id, host, task_id, attempt, kind, payload, created_at FROM ops_outbox"
                + " WHERE acked_at < 0 ORDER BY message_id")) {
      return entries(select);
    }
  }

  private static List<OutboxEntry> entries(PreparedStatement select) throws SQLException {
    List<OutboxEntry> rows = new ArrayList<>();
    {
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new OutboxEntry(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getLong(3),
                  rs.getInt(4),
                  OutboxEntry.Kind.valueOf(rs.getString(5)),
                  rs.getString(6),
                  rs.getLong(7)));
        }
      }
    }
    return rows;
  }

  /** Marks one message acknowledged by its host; an unknown or foreign id changes nothing. */
  public boolean ack(Connection c, String host, long messageId, long now) throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE ops_outbox SET acked_at = ? WHERE message_id = ? AND host = ? AND acked_at < 0")) {
      update.setLong(1, now);
      update.setLong(2, messageId);
      update.setString(3, host);
      return update.executeUpdate() == 1;
    }
  }

  /**
   * Marks every message about one attempt acknowledged: a final report proves the agent had the
   * command, so it need not be sent again.
   */
  public void ackAttempt(Connection c, long taskId, int attempt, long now) throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE ops_outbox SET acked_at = ? WHERE task_id = ? AND attempt = ? AND acked_at < 0")) {
      update.setLong(1, now);
      update.setLong(2, taskId);
      update.setInt(3, attempt);
      update.executeUpdate();
    }
  }

  public void markSent(Connection c, long messageId, long now) throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement("UPDATE ops_outbox SET sent_at = ? WHERE message_id = ?")) {
      update.setLong(1, now);
      update.setLong(2, messageId);
      update.executeUpdate();
    }
  }

  /** Deletes acknowledged messages older than {@code cutoff}; returns how many. */
  public int purgeAcked(Connection c, long cutoff) throws SQLException {
    try (PreparedStatement delete =
        c.prepareStatement("DELETE FROM ops_outbox WHERE acked_at >= 0 AND acked_at < ?")) {
      delete.setLong(1, cutoff);
      return delete.executeUpdate();
    }
  }
}
