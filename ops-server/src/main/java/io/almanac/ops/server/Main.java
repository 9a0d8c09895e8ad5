package io.almanac.ops.server;

import io.almanac.cli.CommandLines;
import io.almanac.ops.server.config.OpsSettings;
import io.almanac.ops.server.store.OpsDatabase;
import io.almanac.runtime.ServerMain;
import io.almanac.sinks.emitter.EmitterConfig;
import java.io.File;
import java.io.IOException;
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
      description =
          "Address to listen on (default: 127.0.0.1, this machine only, unless TLS is on, then"
              + " 0.0.0.0; give 0.0.0.0 or an address of this host for agents on other hosts).")
  String bind;

  @Option(
      names = "--tls-certificate",
      paramLabel = "PEM",
      description =
          "Serve HTTPS and wss:// only, with this certificate chain (PEM, the server's first);"
              + " needs --tls-private-key.")
  Path tlsCertificate;

  @Option(
      names = "--tls-private-key",
      paramLabel = "PEM",
      description = "The unencrypted PKCS#8 PEM key of --tls-certificate.")
  Path tlsPrivateKey;

  @Option(
      names = "--collector-ca",
      paramLabel = "FILE",
      description =
          "CA certificates (PEM, JKS or PKCS12) to trust for https:// --collector addresses"
              + " (default: the JVM's).")
  File collectorCa;

  @Option(
      names = "--collector-token-file",
      paramLabel = "FILE",
      description = "File whose first line is a write token of the --collector(s).")
  File collectorTokenFile;

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
      names = "--services-dir",
      description =
          "A directory of service definitions (NAME.yml, NAME.yaml or NAME.json), stored at start (default: none).")
  Path servicesDir;

  @Option(
      names = "--status-check-interval",
      defaultValue = "60s",
      description =
          "How often agents check the status of each service component on their host (default: ${DEFAULT-VALUE}).")
  Duration statusCheckInterval;

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
              + " collectors, http://HOST:PORT, https://HOST:PORT or HOST:PORT, so alert rules"
              + " see lost agents (default: none).")
  List<String> collectors = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    EmitterConfig reporting = reporting();
    Files.createDirectories(dataDir);
    readable("--tokens", tokensFile);
    if ((tlsCertificate == null) != (tlsPrivateKey == null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--tls-certificate and --tls-private-key go together");
    }
    readable("--tls-certificate", tlsCertificate);
    readable("--tls-private-key", tlsPrivateKey);
    String address = bind != null ? bind : tlsCertificate != null ? "0.0.0.0" : "127.0.0.1";
    OpsServer.Security security =
        new OpsServer.Security(dataDir, tokensFile, tlsCertificate, tlsPrivateKey);
    OpsSettings settings =
        new OpsSettings(
            heartbeatInterval,
            heartbeatLostAfter,
            taskTimeoutGrace,
            maxAttempts,
            perHostConcurrency,
            outputRetention,
            Duration.ofSeconds(10),
            lostTaskDeadline,
            statusCheckInterval);
    String url = dbUrl != null ? dbUrl : OpsDatabase.embeddedUrl(dataDir);
    String password = dbPasswordEnv == null ? null : System.getenv(dbPasswordEnv);
    return ServerMain.runUntilStopped(
        "ops server",
        LoggerFactory.getLogger(Main.class),
        () ->
            OpsServer.start(
                address, port, url, dbUser, password, settings, reporting, servicesDir, security));
  }

  /** Where agent states go ({@code --collector} and its security options), or null: nowhere. */
  private EmitterConfig reporting() {
    if (collectors.isEmpty()) {
      return null;
    }
    collectors.forEach(c -> CommandLines.address(spec, "--collector", c, 6188));
    try {
      return new EmitterConfig()
          .collectorUrls(collectors)
          .port(6188)
          .security(collectorCa, collectorTokenFile);
    } catch (IllegalArgumentException | IOException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--collector: " + e.getMessage());
    }
  }

  private void readable(String option, Path file) {
    if (file != null && !Files.isReadable(file)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + " " + file + ": no readable file there");
    }
  }

  public static void main(String[] args) {
    System.exit(CommandLines.execute(new Main(), args));
  }
}
