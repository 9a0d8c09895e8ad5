package io.almanac.sinks.jmx;

import io.almanac.cli.ClientSecurityOptions;
import io.almanac.cli.CommandLines;
import io.almanac.sinks.emitter.EmitterConfig;
import io.almanac.sinks.emitter.LocalHost;
import io.almanac.sinks.emitter.SinkMetric;
import io.almanac.sinks.emitter.TimelineEmitter;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code almanac jmx-poll}: polls MBeans and posts them to collectors until stopped. */
@Command(
    name = "jmx-poll",
    mixinStandardHelpOptions = true,
    description = "Poll JMX attributes and post them to Almanac (or AMS) collectors.")
public final class JmxPollMain implements Callable<Integer> {
  @Option(
      names = "--target",
      required = true,
      paramLabel = "TARGET",
      description = "local | service:jmx:rmi:///jndi/rmi://HOST:PORT/jmxrmi | http://HOST:PORT/jmx")
  String target;

  @Option(
      names = "--app",
      required = true,
      paramLabel = "APPID",
      description = "appId the metrics are posted under.")
  String app;

  @Option(
      names = "--collector",
      split = ",",
      paramLabel = "URL",
      defaultValue = "127.0.0.1:6188",
      description =
          "Collectors, comma-separated: http://HOST:PORT, https://HOST:PORT or HOST:PORT (default port"
              + " 6188; default "
              + "${DEFAULT-VALUE}).")
  List<String> collectors;

  @Mixin ClientSecurityOptions security = new ClientSecurityOptions();

  @Option(names = "--hostname", description = "Host name to report (default: this host).")
  String hostName;

  @Option(
      names = "--interval",
      defaultValue = "10s",
      description =
          "Poll period, e.g. 10s or 1m; a plain number is seconds (default ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(
      names = "--include",
      paramLabel = "REGEX",
      description = "Object names to poll (default all).")
  String include;

  @Option(names = "--exclude", paramLabel = "REGEX", description = "Object names to skip.")
  String exclude;

  @Option(
      names = "--include-attr",
      paramLabel = "REGEX",
      description = "Attributes to poll (default all).")
  String includeAttributes;

  @Option(names = "--exclude-attr", paramLabel = "REGEX", description = "Attributes to skip.")
  String excludeAttributes;

  @Option(
      names = "--spool",
      paramLabel = "DIR",
      defaultValue = "data/jmx-poll/spool",
      description =
          "Where batches wait while no collector answers, up to 64 MiB; none: in memory only"
              + " (default ${DEFAULT-VALUE}).")
  String spool;

  @Option(names = "--once", description = "Poll once, send, and exit.")
  boolean once;

  @Spec CommandSpec spec;

  /**
   * The sinks log through java.util.logging (they run inside other programs' JVMs); as a program of
   * its own, jmx-poll prints those lines in the format of every Almanac program.
   */
  private static final String LOG_FORMAT = "%1$tF %1$tT.%1$tL %4$-5s [%2$s] %3$s - %5$s%6$s%n";

  /** Entry point. */
  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", LOG_FORMAT);
    }
    System.exit(CommandLines.execute(new JmxPollMain(), args));
  }

  @Override
  public Integer call() throws Exception {
    if (interval.isZero() || interval.isNegative()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--interval must be above 0");
    }
    List<String> urls = new ArrayList<String>();
    for (String collector : collectors) {
      urls.add(CommandLines.address(spec, "--collector", collector, 6188).url());
    }
    JmxSource source =
        target.equals("local")
            ? MBeanServerSource.local()
            : target.startsWith("http")
                ? new HttpJmxSource(target, 10_000)
                : MBeanServerSource.remote(target);
    String host = hostName != null ? hostName : LocalHost.name();
    JmxPoller poller =
        new JmxPoller(source, app, host, include, exclude, includeAttributes, excludeAttributes);
    EmitterConfig config;
    try {
      config =
          new EmitterConfig()
              .collectorUrls(urls)
              .hostName(host)
              .security(security.ca(), security.tokenFile());
    } catch (IllegalArgumentException | IOException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!spool.equals("none")) {
      config.spoolDir(new File(spool));
    }
    TimelineEmitter emitter = new TimelineEmitter(config);
    Runtime.getRuntime().addShutdownHook(new Thread(emitter::close, "almanac-jmx-poll-stop"));
    Logger log = Logger.getLogger(JmxPollMain.class.getName());
    do {
      List<SinkMetric> metrics = poller.poll(System.currentTimeMillis());
      emitter.emit(metrics);
      log.info("polled " + metrics.size() + " values; " + emitter.counters());
      if (once) {
        emitter.flush(30_000);
        break;
      }
      Thread.sleep(interval.toMillis());
    } while (true);
    emitter.close();
    return 0;
  }
}
