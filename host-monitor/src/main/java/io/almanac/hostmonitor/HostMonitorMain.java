package io.almanac.hostmonitor;

import io.almanac.sinks.emitter.EmitterConfig;
import io.almanac.sinks.emitter.LocalHost;
import io.almanac.sinks.emitter.TimelineEmitter;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code almanac host-monitor}: this host's CPU, memory, disk, network and processes, sent as appId HOST. */
@Command(name = "host-monitor", mixinStandardHelpOptions = true,
    description = "Send this host's CPU, memory, disk, network and process metrics (appId HOST) to collectors.")
public final class HostMonitorMain implements Callable<Integer> {
  @Option(names = "--collector", split = ",", description = "Collector host[:port] list (default 127.0.0.1:6188).")
  List<String> collectors = new ArrayList<>(List.of("127.0.0.1:6188"));

  @Option(names = "--interval", description = "Collection period in seconds (default 10).")
  long intervalSeconds = 10;

  @Option(names = "--send-interval", description = "Send period in seconds (default 60).")
  long sendIntervalSeconds = 60;

  @Option(names = "--hostname", description = "Host name to report (default: this host's canonical name).")
  String hostName = LocalHost.name();

  @Option(names = "--instance-id", description = "Instance id (cluster name) to send; default empty, as AMS.")
  String instanceId = "";

  @Option(names = "--process", description = "Also report CPU %, RSS and threads of processes with this name "
      + "(repeatable).")
  List<String> processes = new ArrayList<>();

  @Option(names = "--spool", description = "Directory where batches wait while no collector takes them, in order, "
      + "up to 64 MiB (hours of this host's metrics; the oldest go first when it is full) "
      + "(default: data/host-monitor/spool).")
  File spool = new File("data/host-monitor/spool");

  @Option(names = "--no-spool", description = "Keep waiting batches in memory only (100 batches; the oldest go "
      + "first when full, and all are lost if the monitor stops).")
  boolean noSpool;

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new HostMonitorMain()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    List<String> hosts = collectors.stream().map(c -> c.replaceFirst("^https?://", "")).toList();
    EmitterConfig config = new EmitterConfig().collectors(hosts).hostName(hostName);
    if (!noSpool) {
      config.spoolDir(spool);
    }
    HostMonitor monitor = new HostMonitor(new OshiReadingSource(processes), new TimelineEmitter(config), hostName,
        instanceId);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      monitor.close();
      stopped.countDown();
    }, "almanac-host-monitor-stop"));
    monitor.start(Duration.ofSeconds(intervalSeconds), Duration.ofSeconds(sendIntervalSeconds));
    System.out.println("host-monitor: reporting " + hostName + " to " + hosts + " every " + sendIntervalSeconds + " s");
    stopped.await();
    return 0;
  }
}
