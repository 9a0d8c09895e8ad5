package io.almanac.hostmonitor;

import io.almanac.cli.ClientSecurityOptions;
import io.almanac.cli.CommandLines;
import io.almanac.cli.Durations;
import io.almanac.cli.Foreground;
import io.almanac.hostmonitor.checks.ChecksFile;
import io.almanac.hostmonitor.checks.ChecksFileException;
import io.almanac.hostmonitor.checks.HostChecks;
import io.almanac.sinks.emitter.EmitterConfig;
import io.almanac.sinks.emitter.LocalHost;
import io.almanac.sinks.emitter.TimelineEmitter;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code almanac host-monitor}: this host's CPU, memory, disk, network and processes, sent as appId
 * HOST.
 */
@Command(
    name = "host-monitor",
    mixinStandardHelpOptions = true,
    description =
        "Send this host's CPU, memory, disk, network and process metrics (appId HOST) to collectors.")
public final class HostMonitorMain implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(HostMonitorMain.class);

  @Option(
      names = "--collector",
      split = ",",
      paramLabel = "URL",
      description =
          "Collectors, comma-separated: http://HOST:PORT, https://HOST:PORT or HOST:PORT (default port"
              + " 6188; default "
              + "${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1:6188")
  List<String> collectors;

  @Mixin ClientSecurityOptions security = new ClientSecurityOptions();

  @Option(
      names = "--interval",
      defaultValue = "10s",
      description =
          "Collection period, e.g. 2s or 1m; a plain number is seconds (default ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(
      names = "--send-interval",
      defaultValue = "60s",
      description = "Send period (default ${DEFAULT-VALUE}).")
  Duration sendInterval;

  @Spec CommandSpec spec;

  @Option(
      names = "--hostname",
      description = "Host name to report (default: this host's canonical name).")
  String hostName = LocalHost.name();

  @Option(
      names = "--instance-id",
      description = "Instance id (cluster name) to send; default empty, as AMS.")
  String instanceId = "";

  @Option(
      names = "--process",
      description =
          "Also report CPU %%, RSS and threads of processes with this name " + "(repeatable).")
  List<String> processes = new ArrayList<>();

  @Option(
      names = "--spool",
      description =
          "Directory where batches wait while no collector takes them, in order, "
              + "up to 64 MiB (hours of this host's metrics; the oldest go first when it is full) "
              + "(default: data/host-monitor/spool).")
  File spool = new File("data/host-monitor/spool");

  @Option(
      names = "--no-spool",
      description =
          "Keep waiting batches in memory only (100 batches; the oldest go "
              + "first when full, and all are lost if the monitor stops).")
  boolean noSpool;

  @Option(
      names = "--checks",
      paramLabel = "FILE",
      description =
          "Run the port, web and script checks of this YAML file and report them as "
              + "almanac.check.* series (see docs/host-monitor.md).")
  File checksFile;

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(CommandLines.execute(new HostMonitorMain(), args));
  }

  @Override
  public Integer call() throws InterruptedException {
    List<String> urls =
        collectors.stream()
            .map(c -> CommandLines.address(spec, "--collector", c, 6188).url())
            .toList();
    if (interval.isZero() || sendInterval.isZero()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--interval and --send-interval must be above 0");
    }
    EmitterConfig config;
    try {
      config =
          new EmitterConfig()
              .collectorUrls(urls)
              .hostName(hostName)
              .security(security.ca(), security.tokenFile());
    } catch (IllegalArgumentException | IOException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!noSpool) {
      config.spoolDir(spool);
    }
    HostChecks checks = null;
    if (checksFile != null) {
      try {
        checks =
            new HostChecks(
                ChecksFile.load(checksFile.toPath()),
                HostMonitor.APP_ID,
                instanceId,
                hostName,
                System::currentTimeMillis);
      } catch (ChecksFileException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--checks " + checksFile + ":\n  " + String.join("\n  ", e.problems()));
      }
      LOG.info("Running {} checks from {}", checks.checks().size(), checksFile);
    }
    HostMonitor monitor =
        new HostMonitor(
            new OshiReadingSource(processes),
            new TimelineEmitter(config),
            hostName,
            instanceId,
            checks);
    monitor.start(interval, sendInterval);
    LOG.info(
        "Reporting {} to {}: collecting every {}, sending every {}",
        hostName,
        urls,
        Durations.format(interval),
        Durations.format(sendInterval));
    return Foreground.runUntilStopped("host-monitor", monitor);
  }
}
