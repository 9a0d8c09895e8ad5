package io.almanac.ops.server.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings an H2 or PostgreSQL database to the current ops schema. Each migration is a SQL resource
 * run once, in order, inside one transaction with its entry in {@code ops_schema_history}; both
 * databases run the very same files.
 */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  /** In order; add new files at the end, never edit one that has shipped. */
  static final List<String> SCRIPTS = List.of("V001__ops_tables.sql", "V002__task_lost_time.sql");

  private Migrations() {}

  /** Applies what is missing and returns the versions applied now. */
  public static List<Integer> apply(Connection connection) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      createHistoryTable(connection);
      TreeSet<Integer> done = appliedVersions(connection);
      List<Integer> applied = new ArrayList<>();
      for (String script : SCRIPTS) {
        int version = versionOf(script);
        if (done.contains(version)) {
          continue;
        }
        try (Statement statement = connection.createStatement()) {
          for (String sql : statements(read(script))) {
            statement.execute(sql);
          }
        }
        try (PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO ops_schema_history (version, script, applied_at) VALUES (?, ?, ?)")) {
          insert.setInt(1, version);
          insert.setString(2, script);
          insert.setLong(3, System.currentTimeMillis());
          insert.executeUpdate();
        }
        connection.commit();
        LOG.info("Applied ops schema migration {}", script);
        applied.add(version);
      }
      return applied;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private static void createHistoryTable(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS ops_schema_history ("
              + "version INT PRIMARY KEY, script VARCHAR(255) NOT NULL, applied_at BIGINT NOT NULL)");
    }
    connection.commit();
  }

  static TreeSet<Integer> appliedVersions(Connection connection) throws SQLException {
    TreeSet<Integer> versions = new TreeSet<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT version FROM ops_schema_history")) {
      while (rows.next()) {
        versions.add(rows.getInt(1));
      }
    }
    return versions;
  }

  static int versionOf(String script) {
    return Integer.parseInt(script.substring(1, script.indexOf("__")));
  }

  /** Splits a script at semicolons that end a line; comment lines are dropped. */
  static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String sql = current.toString().strip();
        statements.add(sql.substring(0, sql.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      throw new IllegalStateException("migration does not end with ';': " + current);
    }
    return statements;
  }

  private static String read(String script) {
    try (InputStream in = Migrations.class.getResourceAsStream(script)) {
      if (in == null) {
        throw new IllegalStateException("migration " + script + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
