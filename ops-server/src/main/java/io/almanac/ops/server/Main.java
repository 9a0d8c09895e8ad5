package io.almanac.ops.server;

import io.almanac.cli.CommandLines;
import io.almanac.ops.server.config.OpsSettings;
import io.almanac.ops.server.security.AuditLog;
import io.almanac.ops.server.security.OpsAccess;
import io.almanac.ops.server.store.OpsDatabase;
import io.almanac.runtime.ServerMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code almanac ops-server}: runs the ops server until it is stopped. */
@Command(
    name = "ops-server",
    mixinStandardHelpOptions = true,
    description =
        "Runs the Almanac ops server: REST API, status page and agent channel on one port.")
public final class Main implements Callable<Integer> {

  @Option(
      names = "--port",
      defaultValue = "8440",
      description = "HTTP and agent port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; give 0.0.0.0 or"
              + " an address of this host for agents on other hosts).")
  String bind;

  @Option(
      names = "--tokens",
      paramLabel = "FILE",
      description =
          "File of further API tokens, ROLE TOKEN [NAME] per line (roles viewer, operator,"
              + " admin; sha256:HEX accepted), read again when it changes. The admin token is"
              + " always <data-dir>/admin.token.")
  Path tokensFile;

  @Option(
      names = "--data-dir",
      defaultValue = "data/ops-server",
      description = "Directory for the embedded database and logs (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--db-url",
      description =
          "JDBC URL of the database, e.g. jdbc:postgresql://db:5432/almanac (default: embedded H2 in the data dir).")
  String dbUrl;

  @Option(names = "--db-user", description = "Database user.")
  String dbUser;

  @Option(
      names = "--db-password-env",
      defaultValue = "ALMANAC_OPS_DB_PASSWORD",
      description =
          "Environment variable holding the database password (default: ${DEFAULT-VALUE}).")
  String dbPasswordEnv;

  @Option(
      names = "--heartbeat-interval",
      defaultValue = "5s",
      description = "How often agents heartbeat (default: ${DEFAULT-VALUE}).")
  Duration heartbeatInterval;

  @Option(
      names = "--heartbeat-lost-after",
      defaultValue = "30s",
      description =
          "Silence after which a host is HEARTBEAT_LOST and its running tasks LOST (default: ${DEFAULT-VALUE}).")
  Duration heartbeatLostAfter;

  @Option(
      names = "--lost-task-deadline",
      defaultValue = "10m",
      description =
          "How long a LOST task waits for its agent's report before it fails (default: ${DEFAULT-VALUE}).")
  Duration lostTaskDeadline;

  @Option(
      names = "--task-timeout-grace",
      defaultValue = "60s",
      description =
          "Added to a command's timeout before the server gives up on an attempt (default: ${DEFAULT-VALUE}).")
  Duration taskTimeoutGrace;

  @Option(
      names = "--max-attempts",
      defaultValue = "1",
      description =
          "Dispatches per task when the server-side timeout fires (default: ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Option(
      names = "--per-host-concurrency",
      defaultValue = "1",
      description = "Tasks one host runs at once (default: ${DEFAULT-VALUE}).")
  int perHostConcurrency;

  @Option(
      names = "--output-retention",
      defaultValue = "30d",
      description = "How long full task output is kept (default: ${DEFAULT-VALUE}).")
  Duration outputRetention;

  @Option(
      names = "--collector",
      split = ",",
      paramLabel = "URL",
      description =
          "Send each agent's state (almanac.ops.agent.up, appid almanac_ops) every minute to these"
              + " collectors, http://HOST:PORT or HOST:PORT, so alert rules see lost agents"
              + " (default: none).")
  List<String> collectors = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<String> collectorHosts =
        collectors.stream()
            .map(c -> CommandLines.address(spec, "--collector", c, 6188).hostPort())
            .toList();
    Files.createDirectories(dataDir);
    if (tokensFile != null && !Files.isReadable(tokensFile)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--tokens " + tokensFile + ": no readable file there");
    }
    OpsSettings settings =
        new OpsSettings(
            heartbeatInterval,
            heartbeatLostAfter,
            taskTimeoutGrace,
            maxAttempts,
            perHostConcurrency,
            outputRetention,
            Duration.ofSeconds(10),
            lostTaskDeadline);
    String url = dbUrl != null ? dbUrl : OpsDatabase.embeddedUrl(dataDir);
    String password = dbPasswordEnv == null ? null : System.getenv(dbPasswordEnv);
    return ServerMain.runUntilStopped(
        "ops server",
        LoggerFactory.getLogger(Main.class),
        () ->
            OpsServer.start(
                bind,
                port,
                url,
                dbUser,
                password,
                settings,
                collectorHosts,
                OpsAccess.settings(dataDir, tokensFile),
                new AuditLog(dataDir.resolve("audit.log"))));
  }

  public static void main(String[] args) {
    System.exit(CommandLines.execute(new Main(), args));
  }
}
