package io.almanac.hostmonitor.checks;

import io.almanac.model.TaggedName;
import io.almanac.sinks.emitter.SinkMetric;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each check at its interval and keeps the results as points of three series per check, with
 * tags {@code check} and {@code target} in the name ({@link TaggedName}), which the Prometheus API
 * reads as labels: {@value #UP} (1 when the status is OK or WARNING, else 0), {@value #LATENCY} and
 * {@value #STATUS} (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN). A check whose previous run is still
 * going when it is due again is skipped that time. A change of status is logged with the check's
 * message.
 *
 * <p>Owns a scheduler thread, which starts the due checks, and a small pool that runs them, so a
 * slow check delays no other.
 */
public final class HostChecks implements AutoCloseable {
  /** The series of whether the target answered as it should. */
  public static final String UP = "almanac.check.up";

  /** The series of how long the check took, in seconds. */
  public static final String LATENCY = "almanac.check.latency.seconds";

  /** The series of the check's status code. */
  public static final String STATUS = "almanac.check.status";

  private static final Logger LOG = LoggerFactory.getLogger(HostChecks.class);
  private static final int MAX_WORKERS = 4;
  private static final long TICK_MS = 1000;

  private final List<HostCheck> checks;
  private final String appId;
  private final String instanceId;
  private final String hostName;
  private final LongSupplier clock;
  private final Map<String, Long> nextRun = new HashMap<>();
  private final Map<String, Boolean> running = new HashMap<>();
  private final Map<String, CheckStatus> lastStatus = new HashMap<>();
  private final Map<String, TreeMap<Long, Double>> buffer = new LinkedHashMap<>();
  private ScheduledExecutorService scheduler;
  private ExecutorService workers;

  /** Checks reported as series of {@code appId} and {@code hostName}, timed by {@code clock}. */
  public HostChecks(
      List<HostCheck> checks,
      String appId,
      String instanceId,
      String hostName,
      LongSupplier clock) {
    this.checks = List.copyOf(checks);
    this.appId = appId;
    this.instanceId = instanceId;
    this.hostName = hostName;
    this.clock = clock;
  }

  /** The checks, in file order. */
  public List<HostCheck> checks() {
    return checks;
  }

  /** Starts running the checks: each at once, then at its interval. */
  public synchronized void start() {
    AtomicInteger n = new AtomicInteger();
    workers =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(MAX_WORKERS, checks.size())),
            r -> daemon(r, "almanac-host-check-" + n.incrementAndGet()));
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "almanac-host-checks"));
    scheduler.scheduleWithFixedDelay(this::startDue, 0, TICK_MS, TimeUnit.MILLISECONDS);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Hands every due check that is not running to the pool. */
  synchronized void startDue() {
    long now = clock.getAsLong();
    for (HostCheck check : checks) {
      String name = check.name();
      if (now < nextRun.getOrDefault(name, Long.MIN_VALUE) || running.getOrDefault(name, false)) {
        continue;
      }
      nextRun.put(name, now + check.interval().toMillis());
      running.put(name, true);
      try {
        workers.execute(() -> runOne(check));
      } catch (RejectedExecutionException e) {
        running.put(name, false); // closing
      }
    }
  }

  /** Runs every check once, one after another, on the calling thread, and records the results. */
  public void runAllOnce() {
    checks.forEach(this::runOne);
  }

  /** Runs {@code check} on the calling thread and records the result. */
  void runOne(HostCheck check) {
    long time = clock.getAsLong();
    CheckResult result;
    try {
      result = check.run();
    } catch (RuntimeException e) {
      result = new CheckResult(CheckStatus.UNKNOWN, 0, "the check failed: " + e);
    }
    record(check, time, result);
  }

  private synchronized void record(HostCheck check, long time, CheckResult result) {
    running.put(check.name(), false);
    TreeMap<String, String> tags = new TreeMap<>();
    tags.put("check", check.name());
    tags.put("target", check.target());
    put(TaggedName.format(UP, tags), time, result.up() ? 1 : 0);
    put(TaggedName.format(LATENCY, tags), time, result.latencySeconds());
    put(TaggedName.format(STATUS, tags), time, result.status().code());
    CheckStatus before = lastStatus.put(check.name(), result.status());
    if (before != result.status()) {
      if (result.status() == CheckStatus.OK) {
        LOG.info(
            "Check {} is OK{}: {}", check.name(), before == null ? "" : " again", result.message());
      } else {
        LOG.warn("Check {} is {}: {}", check.name(), result.status(), result.message());
      }
    }
  }

  private void put(String name, long time, double value) {
    buffer.computeIfAbsent(name, k -> new TreeMap<>()).put(time, value);
  }

  /** The points recorded since the last call, as metrics to send. */
  public synchronized List<SinkMetric> drain() {
    List<SinkMetric> out = new ArrayList<>(buffer.size());
    buffer.forEach(
        (name, points) ->
            out.add(
                new SinkMetric(
                    name, appId, instanceId, hostName, "GAUGE", null, points, Map.of())));
    buffer.clear();
    return out;
  }

  /** Stops starting checks and stops the running ones. */
  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      workers.shutdownNow();
      scheduler = null;
    }
  }
}
