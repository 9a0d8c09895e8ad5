package io.almanac.collector;

import io.almanac.cli.CommandLines;
import io.almanac.collector.config.CollectorConfig;
import io.almanac.collector.config.ConfigException;
import io.almanac.collector.config.ConfigKeys;
import io.almanac.collector.config.ConfigLoader;
import io.almanac.collector.server.CollectorServer;
import io.almanac.collector.storage.embedded.EmbeddedHBase;
import io.almanac.runtime.ServerMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code almanac} command line. */
@Command(
    name = "almanac",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Almanac: an Ambari Metrics compatible metrics collector.",
    subcommands = {Main.Collector.class, Main.Hbase.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 0;
  }

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    // Exit explicitly: HBase leaves non-daemon threads behind that would keep the JVM alive.
    System.exit(CommandLines.execute(new Main(), args));
  }

  /** {@code almanac collector}: runs the timeline collector in the foreground. */
  @Command(
      name = "collector",
      mixinStandardHelpOptions = true,
      description = "Run the timeline collector in the foreground until SIGTERM or Ctrl-C.")
  static final class Collector implements Callable<Integer> {
    @Option(names = "--port", description = "HTTP port (default 6188, or as in the config file).")
    Integer port;

    @Option(names = "--bind", description = "Address to listen on (default 0.0.0.0).")
    String bind;

    @Option(
        names = "--data-dir",
        description = "Data directory: embedded HBase and logs (default ./data).")
    Path dataDir;

    @Option(
        names = "--config",
        description = "Configuration file (Java properties); see conf/almanac.properties.")
    Path configFile;

    @Override
    public Integer call() throws Exception {
      CollectorConfig config;
      try {
        config = ConfigLoader.load(configFile, overrides());
      } catch (ConfigException e) {
        System.err.println(e.getMessage());
        return 2;
      }
      Path logDir = config.storage().dataDir().toAbsolutePath().normalize().resolve("logs");
      Files.createDirectories(logDir);
      // Must be set before the first logger exists: the log4j2 configuration reads it.
      System.setProperty("almanac.log.dir", logDir.toString());
      return ServerMain.runUntilStopped(
          "collector",
          LoggerFactory.getLogger(Main.class),
          () -> {
            CollectorServer server = new CollectorServer(config);
            server.start(); // stops what it started when it fails
            return server;
          });
    }

    private Map<String, String> overrides() {
      Map<String, String> o = new HashMap<>();
      if (dataDir != null) {
        o.put(ConfigKeys.DATA_DIR.name(), dataDir.toString());
      }
      if (port != null || bind != null) {
        CollectorConfig base = ConfigLoader.load(configFile, Map.of());
        String host = bind != null ? bind : base.http().bind();
        int p = port != null ? port : base.http().port();
        o.put(ConfigKeys.WEBAPP_ADDRESS.name(), host + ":" + p);
      }
      return o;
    }
  }

  /**
   * {@code almanac hbase}: the embedded HBase alone, for several collectors on one machine or a
   * test to share (a development aid: one master, one region server, files on local disk).
   */
  @Command(
      name = "hbase",
      mixinStandardHelpOptions = true,
      description = {
        "Run a standalone HBase (master, region server, ZooKeeper on 127.0.0.1) in the foreground"
            + " until SIGTERM or Ctrl-C, for several collectors to share. A development aid, not"
            + " for production: point collectors at it with almanac.storage.mode=distributed,"
            + " almanac.storage.zookeeper.quorum=127.0.0.1 and almanac.storage.zookeeper.port=PORT."
      })
  static final class Hbase implements Callable<Integer> {
    @Option(
        names = "--data-dir",
        required = true,
        description = "Directory of its files and logs (never under /tmp).")
    Path dataDir;

    @Option(
        names = "--zk-port",
        defaultValue = "2181",
        description = "ZooKeeper client port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
    int zkPort;

    @Override
    public Integer call() throws Exception {
      Path dir = dataDir.toAbsolutePath().normalize();
      Path logDir = dir.resolve("logs");
      Files.createDirectories(logDir);
      System.setProperty("almanac.log.dir", logDir.toString());
      System.setProperty("almanac.log.name", "hbase");
      return ServerMain.runUntilStopped(
          "hbase",
          LoggerFactory.getLogger(Main.class),
          () -> {
            EmbeddedHBase hbase = new EmbeddedHBase(dir, zkPort);
            try {
              hbase.start(java.time.Duration.ofMinutes(5));
            } catch (Exception | Error e) {
              hbase.close();
              throw e;
            }
            LoggerFactory.getLogger(Main.class)
                .info(
                    "Standalone HBase ready: ZooKeeper on 127.0.0.1:{}, files under {}",
                    hbase.zookeeperPort(),
                    dir);
            return hbase;
          });
    }
  }

  /** Reads the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"almanac " + (v == null ? "development build" : v)};
    }
  }
}
