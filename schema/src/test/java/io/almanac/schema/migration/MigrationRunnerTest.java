package io.almanac.schema.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MigrationRunnerTest {
  @Test
  void splitsAtLineEndSemicolonsSkippingCommentsAndKeepsALastStatementWithoutOne() {
    assertThat(MigrationRunner.statements("-- c;\nCREATE A (\n x;y\n);\n\nCREATE B;\nCREATE C"))
        .containsExactly("CREATE A (\n x;y\n)", "CREATE B", "CREATE C");
  }

  @Test
  void namesCarryVersionAndDescription() {
    Migration m = Migration.of("V012__task_lost_time.sql");
    assertThat(m.version()).isEqualTo(12);
    assertThat(m.description()).isEqualTo("task_lost_time");
    assertThatThrownBy(() -> Migration.of("012_tasks.sql"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesMigrationsOutOfOrder() {
    HistoryTable history = new HistoryTable("c", "s", "i", true);
    assertThatThrownBy(
            () ->
                new MigrationRunner(
                    "t",
                    getClass(),
                    List.of("V002__b.sql", "V001__a.sql"),
                    history,
                    true,
                    s -> s,
                    (c, m, s) -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static final HistoryTable H2_HISTORY =
      new HistoryTable(
          "CREATE TABLE IF NOT EXISTS HISTORY (VERSION INTEGER PRIMARY KEY, NAME VARCHAR,"
              + " APPLIED_AT BIGINT)",
          "SELECT VERSION FROM HISTORY",
          "INSERT INTO HISTORY VALUES (?, ?, ?)",
          false);

  private static MigrationRunner nonTransactional(String... scripts) {
    return new MigrationRunner(
        "test",
        MigrationRunnerTest.class,
        List.of(scripts),
        H2_HISTORY,
        false,
        s -> s,
        (c, m, s) -> {});
  }

  @Test
  void createTablesOfAMigrationRunOnFurtherConnectionsAndTheRestInOrder() throws Exception {
    String url = "jdbc:h2:mem:parallel-ddl;DB_CLOSE_DELAY=-1";
    AtomicInteger opened = new AtomicInteger();
    try (Connection c = DriverManager.getConnection(url)) {
      List<Migration> applied =
          nonTransactional("V001__five_tables.sql")
              .apply(
                  c,
                  () -> {
                    opened.incrementAndGet();
                    return DriverManager.getConnection(url);
                  });
      assertThat(applied).extracting(Migration::version).containsExactly(1);
      assertThat(opened.get()).isEqualTo(4); // T1..T5 on four connections; T6 alone on c
      List<String> tables = new ArrayList<>();
      try (Statement st = c.createStatement();
          var rs =
              st.executeQuery(
                  "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME LIKE 'T_'"
                      + " ORDER BY TABLE_NAME")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      assertThat(tables).containsExactly("T1", "T2", "T3", "T4", "T5", "T6");
    }
  }

  @Test
  void aFailedCreateFailsTheMigrationAfterTheOthersEndAndItIsNotRecorded() throws Exception {
    String url = "jdbc:h2:mem:parallel-ddl-failure;DB_CLOSE_DELAY=-1";
    try (Connection c = DriverManager.getConnection(url)) {
      MigrationRunner runner = nonTransactional("V001__five_tables.sql", "V002__one_broken.sql");
      assertThatThrownBy(() -> runner.apply(c, () -> DriverManager.getConnection(url)))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("NO_SUCH_TYPE");
      assertThat(runner.appliedVersions(c)).containsExactly(1);
      try (Statement st = c.createStatement();
          var rs =
              st.executeQuery(
                  "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME IN ('U1', 'U3')")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(2); // the others still ran
      }
    }
  }
}
