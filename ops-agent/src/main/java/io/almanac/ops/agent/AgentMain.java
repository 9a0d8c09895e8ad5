package io.almanac.ops.agent;

import io.almanac.cli.CommandLines;
import io.almanac.cli.Foreground;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code almanac ops-agent}: runs one agent until it is stopped. */
@Command(
    name = "ops-agent",
    mixinStandardHelpOptions = true,
    description =
        "Runs an Almanac ops agent: registers with the ops server and runs the commands it sends.")
public final class AgentMain implements Callable<Integer> {

  @Option(
      names = "--server",
      required = true,
      description =
          "The ops server: http://HOST:PORT, https://HOST:PORT or HOST:PORT (default port 8440);"
              + " the agent derives the WebSocket address.")
  String server;

  @Spec CommandSpec spec;

  @Option(
      names = "--hostname",
      description = "Name to register with (default: this machine's host name).")
  String hostname;

  @Option(
      names = "--data-dir",
      defaultValue = "data/ops-agent",
      description =
          "Directory for command files, output and the report journal (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--max-parallel",
      defaultValue = "4",
      description =
          "Commands run at once at most (default: ${DEFAULT-VALUE}); the server's per-host limit applies first.")
  int maxParallel;

  @Option(
      names = "--enroll-token-file",
      paramLabel = "FILE",
      description =
          "File whose first line is the ops server's enrollment token (its"
              + " <data-dir>/agent-enroll.token). Needed once: the agent enrolls with it and keeps"
              + " its own credential in <data-dir>/credentials.")
  java.io.File enrollTokenFile;

  @Option(
      names = "--enroll-token",
      paramLabel = "TOKEN",
      description = "The enrollment token itself (visible in the process list; prefer the file).")
  String enrollToken;

  @Option(
      names = "--ca",
      paramLabel = "FILE",
      description =
          "CA certificates (PEM, JKS or PKCS12) to trust for an https:// server (default: the"
              + " JVM's).")
  Path ca;

  @Override
  public Integer call() throws Exception {
    String token = enrollToken;
    if (enrollTokenFile != null) {
      try {
        token = io.almanac.cli.TokenFiles.read(enrollTokenFile);
      } catch (java.io.IOException e) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--enroll-token-file: " + e.getMessage());
      }
    }
    if (ca != null && !java.nio.file.Files.isReadable(ca)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--ca " + ca + ": no readable file there");
    }
    AgentSettings settings =
        new AgentSettings(
            AgentSettings.channelOf(CommandLines.address(spec, "--server", server, 8440)),
            hostname != null ? hostname : localHostname(),
            dataDir.toAbsolutePath(),
            maxParallel,
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            token,
            ca);
    Agent agent = new Agent(settings);
    agent.start();
    return Foreground.runUntilStopped("ops-agent", agent);
  }

  static String localHostname() throws UnknownHostException {
    // The plain host name: on some machines the canonical one resolves to "localhost".
    return InetAddress.getLocalHost().getHostName();
  }

  public static void main(String[] args) {
    System.exit(CommandLines.execute(new AgentMain(), args));
  }
}
