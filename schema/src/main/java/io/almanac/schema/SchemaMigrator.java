package io.almanac.schema;

import io.almanac.schema.migration.HistoryTable;
import io.almanac.schema.migration.MigrationRunner;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a Phoenix database to the current schema and retention.
 *
 * <p>Versions are the {@code V<nnn>__<description>.sql} resources listed in {@link #MIGRATIONS};
 * each is applied once and recorded in {@code ALMANAC_SCHEMA_HISTORY}. Every statement is written
 * to be idempotent ({@code IF NOT EXISTS}), so two collectors starting together on one cluster are
 * harmless. TTLs are then compared with {@code ALMANAC_TABLE_SETTINGS} and changed with {@code
 * ALTER TABLE} only where the configuration differs from what was applied last. Plain JDBC: works
 * for the embedded and the distributed store alike.
 */
public final class SchemaMigrator {
  /** The migrations in order. A new schema version is a new resource appended here. */
  public static final List<String> MIGRATIONS =
      List.of(
          "V001__metric_tables.sql",
          "V002__metadata_tables.sql",
          "V003__aggregation_state.sql",
          "V004__dirty_marked_at.sql",
          "V005__alert_state.sql",
          "V006__sealed_blocks.sql",
          "V007__checkpoint_epoch.sql");

  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-zA-Z0-9_.]+)}");
  private static final HistoryTable HISTORY =
      new HistoryTable(
          "CREATE TABLE IF NOT EXISTS ALMANAC_SCHEMA_HISTORY (VERSION INTEGER NOT NULL, "
              + "DESCRIPTION VARCHAR, APPLIED_AT BIGINT CONSTRAINT PK PRIMARY KEY (VERSION))",
          "SELECT VERSION FROM ALMANAC_SCHEMA_HISTORY",
          "UPSERT INTO ALMANAC_SCHEMA_HISTORY VALUES (?, ?, ?)",
          false);

  private final SchemaSettings settings;

  /** A migrator rendering the DDL with {@code settings}. */
  public SchemaMigrator(SchemaSettings settings) {
    this.settings = settings;
  }

  /** Applies pending migrations, then any changed TTL. Returns the number of migrations applied. */
  public int migrate(Connection conn) throws SQLException {
    return migrate(conn, null);
  }

  /**
   * As {@link #migrate(Connection)}, creating the tables of a migration at once on connections from
   * {@code more} (null: one by one).
   */
  public int migrate(Connection conn, MigrationRunner.ConnectionSource more) throws SQLException {
    boolean autoCommit = conn.getAutoCommit();
    conn.setAutoCommit(true);
    try (Statement st = conn.createStatement()) {
      st.execute(
          "CREATE TABLE IF NOT EXISTS ALMANAC_TABLE_SETTINGS (TABLE_NAME VARCHAR NOT NULL, "
              + "TTL_SECONDS BIGINT CONSTRAINT PK PRIMARY KEY (TABLE_NAME))");
      // Phoenix has no transactional DDL: the scripts are idempotent instead.
      MigrationRunner runner =
          new MigrationRunner(
              "schema",
              SchemaMigrator.class,
              MIGRATIONS,
              HISTORY,
              false,
              this::render,
              (c, migration, script) -> recordInitialTtls(c, script));
      int applied = runner.apply(conn, more).size();
      applyRetention(conn);
      return applied;
    } finally {
      conn.setAutoCommit(autoCommit);
    }
  }

  /**
   * Tables created by {@code script} got the configured TTL in their DDL: remember it. (A script
   * may use another table's TTL for a table that follows it, which records nothing.)
   */
  private void recordInitialTtls(Connection conn, String script) throws SQLException {
    for (Table t : Table.values()) {
      if (t.hasTtl() && script.contains("TABLE IF NOT EXISTS " + t.name() + " (")) {
        saveTtl(conn, t, settings.ttl(t));
      }
    }
  }

  private void applyRetention(Connection conn) throws SQLException {
    Map<String, Long> applied = new HashMap<>();
    try (Statement st = conn.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT TABLE_NAME, TTL_SECONDS FROM ALMANAC_TABLE_SETTINGS")) {
      while (rs.next()) {
        applied.put(rs.getString(1), rs.getLong(2));
      }
    }
    for (Table t : Table.values()) {
      if (!t.hasTtl()) {
        continue;
      }
      long wanted = settings.ttl(t);
      Long current = applied.get(t.name());
      if (current != null && current == wanted) {
        continue;
      }
      LOG.info("Setting TTL of {} to {} s ({} was {})", t.name(), wanted, t.ttlKey(), current);
      try (Statement st = conn.createStatement()) {
        st.execute("ALTER TABLE " + t.name() + " SET TTL=" + wanted);
        for (String follower : t.tablesSharingTtl()) {
          st.execute("ALTER TABLE " + follower + " SET TTL=" + wanted);
        }
      }
      saveTtl(conn, t, wanted);
    }
  }

  private static void saveTtl(Connection conn, Table t, long ttl) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement("UPSERT INTO ALMANAC_TABLE_SETTINGS VALUES (?, ?)")) {
      ps.setString(1, t.name());
      ps.setLong(2, ttl);
      ps.executeUpdate();
    }
  }

  /** The DDL of {@code resource} with every placeholder replaced. */
  String render(String sql) {
    Matcher m = PLACEHOLDER.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String value(String key) {
    if (key.equals("table.options")) {
      return "DATA_BLOCK_ENCODING='"
          + settings.dataBlockEncoding()
          + "', COMPRESSION='"
          + settings.compression()
          + "', IMMUTABLE_ROWS=true,"
          + " IMMUTABLE_STORAGE_SCHEME=SINGLE_CELL_ARRAY_WITH_OFFSETS";
    }
    if (key.startsWith("ttl.")) {
      return Long.toString(settings.ttl(Table.valueOf(key.substring(4))));
    }
    throw new IllegalStateException("unknown placeholder ${" + key + "}");
  }

  static String load(String resource) {
    return MigrationRunner.load(SchemaMigrator.class, resource);
  }
}
