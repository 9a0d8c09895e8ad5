package io.almanac.collector;

import io.almanac.cli.CommandLines;
import io.almanac.collector.config.CollectorConfig;
import io.almanac.collector.config.ConfigException;
import io.almanac.collector.config.ConfigKeys;
import io.almanac.collector.config.ConfigLoader;
import io.almanac.collector.server.CollectorServer;
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
    subcommands = {Main.Collector.class, CommandLine.HelpCommand.class})
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

  /** Reads the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"almanac " + (v == null ? "development build" : v)};
    }
  }
}
