package io.almanac.collector.storage.phoenix;

import io.almanac.model.store.StorageException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.phoenix.jdbc.PhoenixConnection;
import org.apache.phoenix.query.ConnectionQueryServices;
import org.apache.phoenix.util.PropertiesUtil;

/**
 * Opens Phoenix thick-driver connections to one HBase cluster. The first connection goes through
 * the JDBC driver; later ones come straight from the query services it set up, which skips the
 * driver's per-call {@code ConnectionInfo}: that builds a new HBase configuration by parsing its
 * XML resources out of the jars every time, a fifth to two fifths of a small query's CPU.
 */
public final class PhoenixConnector {
  private final String url;
  private final Properties properties;

  /** The driver's services for {@link #url}, once known; null again when they are closed. */
  private volatile ConnectionQueryServices services;

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
    // Client threads: a collector's queries and writes need far fewer than a cluster client's
    // defaults (256 HBase, 128 Phoenix).
    properties.setProperty("hbase.hconnection.threads.max", "16");
    properties.setProperty("hbase.hconnection.meta.lookup.threads.max", "4");
    properties.setProperty("phoenix.query.threadPoolSize", "16");
    properties.setProperty("phoenix.scanner.lease.pool.size", "2");
    // DDL waits: the client polls a table creation every 20 ms rather than 100 ms and up (with
    // more retries, so a busy region is still retried for about 100 s as by default), and checks
    // an ALTER after 200 ms rather than 5 s; SYSTEM.LOG (Phoenix's query log, unused here) gets one
    // region rather than 32.
    properties.setProperty("hbase.client.pause", "20");
    properties.setProperty("hbase.client.retries.number", "35");
    properties.setProperty("phoenix.schema.change.delay", "200");
    properties.setProperty("phoenix.log.saltBuckets", "1");
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
    services = null;
    try (Connection c = DriverManager.getConnection(url, properties)) {
      c.unwrap(PhoenixConnection.class).getQueryServices().close();
    } catch (SQLException e) {
      throw new StorageException("closing Phoenix services failed: " + e.getMessage(), e);
    }
  }

  /** A new connection; the caller closes it. */
  public Connection open() {
    ConnectionQueryServices known = services;
    if (known != null) {
      try {
        return known.connect(url, PropertiesUtil.deepCopy(properties));
      } catch (SQLException | RuntimeException e) {
        services = null; // closed or broken: through the driver, which sets them up again
      }
    }
    try {
      Connection connection = DriverManager.getConnection(url, properties);
      services = connection.unwrap(PhoenixConnection.class).getQueryServices();
      return connection;
    } catch (SQLException e) {
      throw new StorageException("cannot connect to Phoenix at " + url + ": " + e.getMessage(), e);
    }
  }
}
