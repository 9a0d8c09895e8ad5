package io.almanac.ops.server.store;

import io.almanac.ops.server.model.AgentCredential;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The credentials issued to enrolled agent hosts, one row per host. */
public final class CredentialStore {

  private static final String COLUMNS =
      "hostname, token_sha256, cert_serial, issued_at, revoked_at";

  /** Records {@code credential} as the host's only one, replacing what it had. */
  public void put(Connection c, AgentCredential credential) throws SQLException {
    forget(c, credential.hostname());
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO ops_agent_credential (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)")) {
      insert.setString(1, credential.hostname());
      insert.setString(2, credential.tokenSha256());
      insert.setString(3, credential.certificateSerial());
      insert.setLong(4, credential.issuedAt());
      if (credential.revokedAt() == null) {
        insert.setNull(5, java.sql.Types.BIGINT);
      } else {
        insert.setLong(5, credential.revokedAt());
      }
      insert.executeUpdate();
    }
  }

  public Optional<AgentCredential> ofHost(Connection c, String hostname) throws SQLException {
    return one(c, "hostname", hostname);
  }

  public Optional<AgentCredential> ofToken(Connection c, String tokenSha256) throws SQLException {
    return one(c, "token_sha256", tokenSha256);
  }

  /** Marks the host's credential revoked; false when it has none. */
  public boolean revoke(Connection c, String hostname, long at) throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE ops_agent_credential SET revoked_at = ? WHERE hostname = ?"
                + " AND revoked_at IS NULL")) {
      update.setLong(1, at);
      update.setString(2, hostname);
      return update.executeUpdate() == 1;
    }
  }

  /** Deletes the host's credential, revoked or not; false when it had none. */
  public boolean forget(Connection c, String hostname) throws SQLException {
    try (PreparedStatement delete =
        c.prepareStatement("DELETE FROM ops_agent_credential WHERE hostname = ?")) {
      delete.setString(1, hostname);
      return delete.executeUpdate() == 1;
    }
  }

  public List<AgentCredential> all(Connection c) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement("SELECT " + COLUMNS + " FROM ops_agent_credential ORDER BY hostname")) {
      return rows(select);
    }
  }

  private Optional<AgentCredential> one(Connection c, String column, String value)
      throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement(
            "SELECT " + COLUMNS + " FROM ops_agent_credential WHERE " + column + " = ?")) {
      select.setString(1, value);
      List<AgentCredential> found = rows(select);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }
  }

  private static List<AgentCredential> rows(PreparedStatement select) throws SQLException {
    List<AgentCredential> out = new ArrayList<>();
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        long revoked = rs.getLong(5);
        Long revokedAt = rs.wasNull() ? null : revoked;
        out.add(
            new AgentCredential(
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), revokedAt));
      }
    }
    return out;
  }
}
