package io.almanac.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaMigratorTest {
  @Test
  void everyMigrationRendersWithoutPlaceholdersLeft() {
    Map<Table, Long> ttl = new EnumMap<>(Table.class);
    ttl.put(Table.METRIC_RECORD, 3600L);
    SchemaMigrator migrator = new SchemaMigrator(new SchemaSettings("NONE", "GZ", ttl));
    for (String resource : SchemaMigrator.MIGRATIONS) {
      String sql = migrator.render(SchemaMigrator.load(resource));
      assertThat(sql).doesNotContain("${");
    }
    String first = migrator.render(SchemaMigrator.load(SchemaMigrator.MIGRATIONS.get(0)));
    assertThat(first).contains("TTL=3600").contains("COMPRESSION='GZ'").contains("TTL=604800");
  }

  @Test
  void everyTableWithATtlIsCreatedByAMigration() {
    String all =
        String.join("\n", SchemaMigrator.MIGRATIONS.stream().map(SchemaMigrator::load).toList());
    for (Table t : Table.values()) {
      assertThat(all).contains("CREATE TABLE IF NOT EXISTS " + t.name() + " (");
      if (t.hasTtl()) {
        assertThat(all).contains("${ttl." + t.name() + "}");
      }
    }
  }

  @Test
  void splitsStatementsAndSkipsComments() {
    List<String> s =
        io.almanac.schema.migration.MigrationRunner.statements(
            "-- c;\nCREATE A (\n x;y\n);\n\nCREATE B;\n");
    assertThat(s).containsExactly("CREATE A (\n x;y\n)", "CREATE B");
  }

  @Test
  void defaultsAreTheAmsShippedTtls() {
    SchemaSettings d = SchemaSettings.defaults();
    assertThat(d.ttl(Table.METRIC_RECORD)).isEqualTo(86_400);
    assertThat(d.ttl(Table.METRIC_AGGREGATE_DAILY)).isEqualTo(63_072_000);
    assertThat(d.ttl(Table.CONTAINER_METRICS)).isEqualTo(1_209_600);
  }

  @Test
  void everyRollupLevelLivesInATableOfTheCatalogue() {
    for (io.almanac.model.store.RollupLevel level : io.almanac.model.store.RollupLevel.values()) {
      assertThat(Table.of(level).name()).isEqualTo(level.table());
      assertThat(Table.of(level).hasTtl()).isTrue();
    }
    assertThat(Table.of(null)).isEqualTo(Table.METRIC_RECORD);
  }
}
