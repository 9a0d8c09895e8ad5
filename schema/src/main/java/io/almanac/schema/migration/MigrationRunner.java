package io.almanac.schema.migration;

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
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the migrations a database lacks, in order, each once. On a transactional database (H2,
 * PostgreSQL) a migration and its history row commit together; Phoenix has no transactions for DDL,
 * so its scripts are written to be idempotent ({@code IF NOT EXISTS}) and the history row follows
 * them.
 */
public final class MigrationRunner {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);

  /** Called after each migration is applied, inside its transaction where there is one. */
  @FunctionalInterface
  public interface AfterMigration {
    /** {@code script} is the migration's text before rendering. */
    void applied(Connection connection, Migration migration, String script) throws SQLException;
  }

  private final String label;
  private final Class<?> resourceBase;
  private final List<Migration> migrations;
  private final HistoryTable history;
  private final boolean transactional;
  private final UnaryOperator<String> render;
  private final AfterMigration after;

  /**
   * A runner for the {@code scripts} found as resources beside {@code resourceBase}, in that order.
   * {@code render} turns a script's text into SQL (placeholders); {@code label} names the schema in
   * the log.
   */
  public MigrationRunner(
      String label,
      Class<?> resourceBase,
      List<String> scripts,
      HistoryTable history,
      boolean transactional,
      UnaryOperator<String> render,
      AfterMigration after) {
    this.label = label;
    this.resourceBase = resourceBase;
    this.migrations = scripts.stream().map(Migration::of).toList();
    this.history = history;
    this.transactional = transactional;
    this.render = render;
    this.after = after;
    for (int i = 1; i < migrations.size(); i++) {
      if (migrations.get(i).version() <= migrations.get(i - 1).version()) {
        throw new IllegalArgumentException("migrations out of order: " + scripts);
      }
    }
  }

  /** The migrations, in order. */
  public List<Migration> migrations() {
    return migrations;
  }

  /** Opens a further connection to the same database. */
  @FunctionalInterface
  public interface ConnectionSource {
    /** A new connection; the caller closes it. */
    Connection open() throws SQLException;
  }

  /**
   * How many CREATE TABLE statements run at once when {@link #apply(Connection, ConnectionSource)}
   * may open connections.
   */
  private static final int PARALLEL_DDL = 4;

  /** Applies what is missing; returns the migrations applied now. */
  public List<Migration> apply(Connection connection) throws SQLException {
    return apply(connection, null);
  }

  /**
   * Applies what is missing; returns the migrations applied now. On a non-transactional database,
   * consecutive CREATE TABLE statements of a migration run at once on up to {@value #PARALLEL_DDL}
   * connections from {@code more} (null: one by one on {@code connection}): creating a Phoenix
   * table is a round of HBase procedures that mostly waits.
   */
  public List<Migration> apply(Connection connection, ConnectionSource more) throws SQLException {
    ConnectionSource parallel = transactional ? null : more;
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(!transactional);
    try {
      execute(connection, history.createSql());
      commit(connection);
      Set<Integer> done = appliedVersions(connection);
      List<Migration> applied = new ArrayList<>();
      for (Migration migration : migrations) {
        if (!done.contains(migration.version())) {
          applyOne(connection, migration, parallel);
          applied.add(migration);
        }
      }
      return applied;
    } catch (SQLException | RuntimeException e) {
      if (transactional) {
        connection.rollback();
      }
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private void applyOne(Connection connection, Migration migration, ConnectionSource parallel)
      throws SQLException {
    long started = System.nanoTime();
    String script = load(resourceBase, migration.script());
    List<String> creates = new ArrayList<>();
    for (String sql : statements(render.apply(script))) {
      if (parallel != null && isCreateTable(sql)) {
        creates.add(sql);
        continue;
      }
      executeAll(connection, creates, parallel);
      execute(connection, sql);
    }
    executeAll(connection, creates, parallel);
    try (PreparedStatement record = connection.prepareStatement(history.recordSql())) {
      record.setInt(1, migration.version());
      record.setString(
          2, history.recordsScriptName() ? migration.script() : migration.description());
      record.setLong(3, System.currentTimeMillis());
      record.executeUpdate();
    }
    after.applied(connection, migration, script);
    commit(connection);
    LOG.info(
        "Applied {} version {} ({}) in {} ms",
        label,
        migration.version(),
        migration.description(),
        (System.nanoTime() - started) / 1_000_000);
  }

  /** The versions the history table records as applied. */
  public Set<Integer> appliedVersions(Connection connection) throws SQLException {
    Set<Integer> versions = new HashSet<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(history.versionsSql())) {
      while (rows.next()) {
        versions.add(rows.getInt(1));
      }
    }
    return versions;
  }

  private void commit(Connection connection) throws SQLException {
    if (transactional) {
      connection.commit();
    }
  }

  private static boolean isCreateTable(String sql) {
    return sql.regionMatches(true, 0, "CREATE TABLE", 0, "CREATE TABLE".length());
  }

  /**
   * Runs {@code statements} (then empties the list): on {@code connection} when there is only one
   * or no {@code parallel} source, else at once on connections of their own, and returns when all
   * are done; the first failure is thrown after the others end.
   */
  private static void executeAll(
      Connection connection, List<String> statements, ConnectionSource parallel)
      throws SQLException {
    if (statements.size() <= 1 || parallel == null) {
      for (String sql : statements) {
        execute(connection, sql);
      }
      statements.clear();
      return;
    }
    int threads = Math.min(PARALLEL_DDL, statements.size());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      Queue<String> pending = new ConcurrentLinkedQueue<>(statements);
      List<Future<Void>> workers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        workers.add(
            pool.submit(
                () -> {
                  try (Connection own = parallel.open()) {
                    own.setAutoCommit(true);
                    String sql;
                    while ((sql = pending.poll()) != null) {
                      execute(own, sql);
                    }
                  }
                  return null;
                }));
      }
      SQLException failure = null;
      for (Future<Void> worker : workers) {
        try {
          worker.get();
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (failure == null) {
            failure =
                cause instanceof SQLException sql
                    ? sql
                    : new SQLException("DDL failed: " + cause.getMessage(), cause);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLException("interrupted while creating tables", e);
        }
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      pool.shutdownNow();
    }
    statements.clear();
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /**
   * Splits a script into statements at semicolons that end a line; lines that are empty or start
   * with {@code --} are dropped, and a last statement without its semicolon still counts.
   */
  public static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String sql = current.toString().strip();
        out.add(sql.substring(0, sql.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }

  /** The text of {@code script}, a resource beside {@code base}. */
  public static String load(Class<?> base, String script) {
    try (InputStream in = base.getResourceAsStream(script)) {
      if (in == null) {
        throw new IllegalStateException("migration " + script + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
