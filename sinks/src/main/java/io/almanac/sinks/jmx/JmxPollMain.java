package io.almanac.sinks.jmx;

import io.almanac.sinks.emitter.EmitterConfig;
import io.almanac.sinks.emitter.LocalHost;
import io.almanac.sinks.emitter.SinkMetric;
import io.almanac.sinks.emitter.TimelineEmitter;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code almanac jmx-poll}: polls MBeans and posts them to collectors until stopped. Plain argument
 * parsing, because the sinks jar carries no command-line library.
 */
public final class JmxPollMain {
  private static final String USAGE = String.join("\n",
      "Usage: almanac jmx-poll --target TARGET --app APPID [options]",
      "Poll JMX attributes and post them to Almanac (or AMS) collectors.",
      "  --target TARGET      local | service:jmx:rmi:///jndi/rmi://HOST:PORT/jmxrmi | http://HOST:PORT/jmx",
      "  --app APPID          appId the metrics are posted under",
      "  --collector HOSTS    comma-separated collector host[:port] list (default 127.0.0.1:6188)",
      "  --hostname NAME      host name to report (default: this host)",
      "  --interval SECONDS   poll period (default 10)",
      "  --include REGEX      object names to poll (default all)",
      "  --exclude REGEX      object names to skip",
      "  --include-attr REGEX attributes to poll (default all)",
      "  --exclude-attr REGEX attributes to skip",
      "  --spool DIR          where batches wait while no collector answers, up to 64 MiB",
      "                       (default data/jmx-poll/spool; none: in memory only)",
      "  --once               poll once, send, and exit",
      "  -h, --help           show this help");

  private JmxPollMain() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<String, String>();
    boolean once = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) {
        System.out.println(USAGE);
        return;
      }
      if (a.equals("--once")) {
        once = true;
        continue;
      }
      if (!a.startsWith("--") || i + 1 >= args.length) {
        fail("unexpected argument '" + a + "'");
      }
      opts.put(a.substring(2), args[++i]);
    }
    String target = opts.get("target");
    String app = opts.get("app");
    if (target == null || app == null) {
      fail("--target and --app are required");
    }
    JmxSource source = target.equals("local") ? MBeanServerSource.local()
        : target.startsWith("http") ? new HttpJmxSource(target, 10_000) : MBeanServerSource.remote(target);
    String host = opts.containsKey("hostname") ? opts.get("hostname") : LocalHost.name();
    JmxPoller poller = new JmxPoller(source, app, host, opts.get("include"), opts.get("exclude"),
        opts.get("include-attr"), opts.get("exclude-attr"));
    List<String> collectors = new ArrayList<String>(Arrays.asList(
        (opts.containsKey("collector") ? opts.get("collector") : "127.0.0.1:6188").replace("http://", "").split(",")));
    EmitterConfig config = new EmitterConfig().collectors(collectors).hostName(host);
    String spool = opts.containsKey("spool") ? opts.get("spool") : "data/jmx-poll/spool";
    if (!spool.equals("none")) {
      config.spoolDir(new File(spool));
    }
    long intervalMs = Long.parseLong(opts.containsKey("interval") ? opts.get("interval") : "10") * 1000;
    TimelineEmitter emitter = new TimelineEmitter(config);
    Runtime.getRuntime().addShutdownHook(new Thread(emitter::close, "almanac-jmx-poll-stop"));
    do {
      List<SinkMetric> metrics = poller.poll(System.currentTimeMillis());
      emitter.emit(metrics);
      System.out.println("polled " + metrics.size() + " values; " + emitter.counters());
      if (once) {
        emitter.flush(30_000);
        break;
      }
      Thread.sleep(intervalMs);
    } while (true);
    emitter.close();
  }

  private static void fail(String message) {
    System.err.println("almanac jmx-poll: " + message);
    System.err.println(USAGE);
    System.exit(2);
  }
}
