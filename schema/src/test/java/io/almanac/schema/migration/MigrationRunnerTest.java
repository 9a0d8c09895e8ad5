package io.almanac.schema.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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
}
