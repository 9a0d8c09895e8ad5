package io.almanac.ops.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The ops server's database: a connection pool, the schema migrations, and transactions.
 *
 * <p>The default is an embedded H2 database in files under the server's data dir; a PostgreSQL URL
 * selects PostgreSQL. Both run the same migrations and the same SQL.
 */
public final class OpsDatabase implements AutoCloseable {

  private final HikariDataSource pool;

  private OpsDatabase(HikariDataSource pool) {
    this.pool = pool;
  }

  /** The embedded default: an H2 file database in {@code dataDir/db}. */
  public static String embeddedUrl(Path dataDir) {
    // WRITE_DELAY=0: a commit reaches the file before commit() returns, so a report the server has
    // acknowledged survives kill -9. DB_CLOSE_ON_EXIT=FALSE: the server closes it in order itself.
    return "jdbc:h2:file:"
        + dataDir.toAbsolutePath().resolve("db").resolve("ops")
        + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
  }

  /** Opens the pool and migrates the schema. */
  public static OpsDatabase open(String url, String user, String password) throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    config.setPoolName("ops-db");
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(1);
    config.setAutoCommit(true);
    config.setInitializationFailTimeout(10_000);
    HikariDataSource pool = new HikariDataSource(config);
    try (Connection connection = pool.getConnection()) {
      Migrations.apply(connection);
    } catch (SQLException | RuntimeException e) {
      pool.close();
      throw e;
    }
    return new OpsDatabase(pool);
  }

  public DataSource dataSource() {
    return pool;
  }

  /** Work done inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
   */
  public <T> T inTransaction(Work<T> work) throws SQLException {
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
  }

  /** Runs read-only work on a pooled connection. */
  public <T> T read(Work<T> work) throws SQLException {
    try (Connection connection = pool.getConnection()) {
      return work.run(connection);
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
