package io.almanac.collector.testing;

import io.almanac.collector.config.CollectorConfig;
import io.almanac.collector.config.ConfigKeys;
import io.almanac.collector.config.ConfigLoader;
import io.almanac.collector.server.CollectorServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * Starts one real collector, on embedded HBase, for the whole test JVM and stops it when the test
 * plan ends. Test classes that use it share its data, so each test uses metric names of its own.
 */
public final class SharedCollector implements BeforeAllCallback {
  /** Largest POST body of the shared collector (small, so the 413 test need not send much). */
  public static final long MAX_REQUEST_BYTES = 2 << 20;

  private static final class Running implements AutoCloseable {
    final CollectorServer server;
    final int zookeeperPort;

    Running() throws Exception {
      zookeeperPort = freePort();
      Path dataDir =
          Path.of("target", "it-data", "shared-" + System.currentTimeMillis()).toAbsolutePath();
      Map<String, String> settings =
          new java.util.HashMap<>(
              Map.of(
                  ConfigKeys.WEBAPP_ADDRESS.name(), "127.0.0.1:0",
                  ConfigKeys.DATA_DIR.name(), dataDir.toString(),
                  ConfigKeys.MAX_REQUEST.name(), Long.toString(MAX_REQUEST_BYTES),
                  ConfigKeys.EMBEDDED_ZK_PORT.name(), Integer.toString(zookeeperPort)));
      CollectorConfig config = ConfigLoader.load(null, withoutAggregation(settings));
      server = new CollectorServer(config);
      server.start();
    }

    @Override
    public void close() {
      server.close();
    }
  }

  private static volatile Running running;

  @Override
  public void beforeAll(ExtensionContext context) {
    running =
        context
            .getRoot()
            .getStore(Namespace.GLOBAL)
            .getOrComputeIfAbsent(
                Running.class,
                k -> {
                  try {
                    return new Running();
                  } catch (Exception e) {
                    throw new IllegalStateException("the shared collector failed to start", e);
                  }
                },
                Running.class);
  }

  /** A client for the shared collector; only after the extension ran. */
  public static TimelineClient client() {
    return new TimelineClient("http://127.0.0.1:" + running.server.port());
  }

  /** Tests seed rollup tables by hand; aggregators are driven explicitly by AggregationIT only. */
  private static Map<String, String> withoutAggregation(Map<String, String> settings) {
    for (io.almanac.aggregators.AggregatorKind k : io.almanac.aggregators.AggregatorKind.values()) {
      settings.put(ConfigKeys.disabled(k).name(), "true");
    }
    return settings;
  }

  /**
   * A further collector in distributed mode on the shared collector's HBase, listening on {@code
   * port} (0: any), with aggregation off like the shared one; the caller starts and closes it.
   */
  public static CollectorServer distributedCollector(int port, String name) {
    return distributedCollector(port, name, Map.of());
  }

  /** As {@link #distributedCollector(int, String)}, with further {@code settings}. */
  public static CollectorServer distributedCollector(
      int port, String name, Map<String, String> settings) {
    Map<String, String> all =
        withoutAggregation(
            new java.util.HashMap<>(
                Map.of(
                    ConfigKeys.WEBAPP_ADDRESS.name(),
                    "127.0.0.1:" + port,
                    ConfigKeys.DATA_DIR.name(),
                    Path.of("target", "it-data", name).toAbsolutePath().toString(),
                    ConfigKeys.STORAGE_MODE.name(),
                    "distributed",
                    ConfigKeys.ZK_QUORUM.name(),
                    "127.0.0.1",
                    ConfigKeys.ZK_PORT.name(),
                    Integer.toString(zookeeperPort()))));
    all.putAll(settings);
    return new CollectorServer(ConfigLoader.load(null, all));
  }

  /** A free TCP port on loopback. */
  public static int freeTcpPort() throws java.io.IOException {
    return freePort();
  }

  /** The port of the shared collector's embedded ZooKeeper, for collectors in distributed mode. */
  public static int zookeeperPort() {
    return running.zookeeperPort;
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The shared collector itself. */
  public static CollectorServer server() {
    return running.server;
  }
}
