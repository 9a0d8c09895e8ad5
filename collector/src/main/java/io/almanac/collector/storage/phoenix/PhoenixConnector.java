package io.almanac.collector.storage.phoenix;

import io.almanac.model.store.StorageException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens Phoenix thick-driver connections to one HBase cluster. */
public final class PhoenixConnector {
  private final String url;
  private final Properties properties;

  /**
   * A connector for the HBase whose ZooKeeper is {@code quorum} (comma-separated hosts) on {@code
   * port} with root znode {@code znodeParent}.
   */
  public PhoenixConnector(String quorum, int port, String znodeParent) {
    this.url = "jdbc:phoenix:" + quorum + ":" + port + ":" + znodeParent;
    this.properties = new Properties();
    properties.setProperty("phoenix.query.timeoutMs", "120000");
    properties.setProperty("phoenix.mutate.maxSize", "1000000");
    properties.setProperty("phoenix.mutate.maxSizeBytes", "536870912");
  }

  /** The JDBC URL, for logs. */
  public String url() {
    return url;
  }

  /**
   * Closes the driver's shared services (HBase connection, thread pools) for this URL, so that
   * stopping an embedded HBase afterwards does not leave Phoenix retrying against it.
   */
  public void closeServices() {
    try (Connection c = DriverManager.getConnection(url, properties)) {
      c.unwrap(org.apache.phoenix.jdbc.PhoenixConnection.class).getQueryServices().close();
    } catch (SQLException e) {
      throw new StorageException("closing Phoenix services failed: " + e.getMessage(), e);
    }
  }

  /** A new connection; the caller closes it. */
  public Connection open() {
    try {
      return DriverManager.getConnection(url, properties);
    } catch (SQLException e) {
      throw new StorageException("cannot connect to Phoenix at " + url + ": " + e.getMessage(), e);
    }
  }
}
