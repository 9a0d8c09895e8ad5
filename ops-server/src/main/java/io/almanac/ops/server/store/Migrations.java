package io.almanac.ops.server.store;

import io.almanac.schema.migration.HistoryTable;
import io.almanac.schema.migration.Migration;
import io.almanac.schema.migration.MigrationRunner;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Brings an H2 or PostgreSQL database to the current ops schema: each script runs once, in order,
 * in one transaction with its row in {@code ops_schema_history}; both databases run the very same
 * files.
 */
public final class Migrations {

  /** In order; add new files at the end, never edit one that has shipped. */
  static final List<String> SCRIPTS =
      List.of(
          "V001__ops_tables.sql",
          "V002__task_lost_time.sql",
          "V003__agent_credentials.sql",
          "V004__engine_at_scale.sql",
          "V005__services.sql",
          "V006__task_inputs.sql",
          "V007__auto_recovery.sql",
          "V008__hold_on_failure.sql");

  private static final HistoryTable HISTORY =
      new HistoryTable(
          "CREATE TABLE IF NOT EXISTS ops_schema_history ("
              + "version INT PRIMARY KEY, script VARCHAR(255) NOT NULL, applied_at BIGINT NOT NULL)",
          "SELECT version FROM ops_schema_history",
          "INSERT INTO ops_schema_history (version, script, applied_at) VALUES (?, ?, ?)",
          true);

  private static final MigrationRunner RUNNER =
      new MigrationRunner(
          "ops schema",
          Migrations.class,
          SCRIPTS,
          HISTORY,
          true,
          UnaryOperator.identity(),
          (connection, migration, script) -> {});

  private Migrations() {}

  /** Applies what is missing and returns the versions applied now. */
  public static List<Integer> apply(Connection connection) throws SQLException {
    return RUNNER.apply(connection).stream().map(Migration::version).toList();
  }

  static TreeSet<Integer> appliedVersions(Connection connection) throws SQLException {
    return new TreeSet<>(RUNNER.appliedVersions(connection));
  }
}
