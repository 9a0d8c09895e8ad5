package io.almanac.hostmonitor;

import io.almanac.hostmonitor.checks.HostChecks;
import io.almanac.sinks.emitter.SinkMetric;
import io.almanac.sinks.emitter.TimelineEmitter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads the host every collection interval and sends what it read every send interval, under appId
 * {@code HOST}, through the sinks' emitter (so spooling and failover come with it), together with
 * the results of its host checks, if it has any. Owns one scheduler thread, and the checks.
 */
public final class HostMonitor implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(HostMonitor.class.getName());

  /** AMS's appId for host metrics. */
  public static final String APP_ID = "HOST";

  private final ReadingSource source;
  private final TimelineEmitter emitter;
  private final String hostName;
  private final String instanceId;
  private final HostChecks checks;
  private final Map<String, TreeMap<Long, Double>> buffer = new LinkedHashMap<>();
  private ScheduledExecutorService scheduler;
  private HostReading previous;
  private long lastSent;
  private long sendIntervalMs;

  /**
   * A monitor reading {@code source} and sending through {@code emitter}. {@code instanceId} is
   * sent as given; AMS's monitor always sends the field, empty when not configured.
   */
  public HostMonitor(
      ReadingSource source, TimelineEmitter emitter, String hostName, String instanceId) {
    this(source, emitter, hostName, instanceId, null);
  }

  /**
   * A monitor that also sends what {@code checks} found (null for none), and starts and stops them
   * with itself.
   */
  public HostMonitor(
      ReadingSource source,
      TimelineEmitter emitter,
      String hostName,
      String instanceId,
      HostChecks checks) {
    this.source = source;
    this.emitter = emitter;
    this.hostName = hostName;
    this.instanceId = instanceId == null ? "" : instanceId;
    this.checks = checks;
  }

  /** Starts collecting every {@code interval} and sending every {@code sendInterval}. */
  public synchronized void start(Duration interval, Duration sendInterval) {
    this.sendIntervalMs = sendInterval.toMillis();
    this.lastSent = System.currentTimeMillis();
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "almanac-host-monitor");
              t.setDaemon(true);
              return t;
            });
    scheduler.scheduleAtFixedRate(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    if (checks != null) {
      checks.start();
    }
  }

  private void tick() {
    try {
      collect();
      if (System.currentTimeMillis() - lastSent >= sendIntervalMs) {
        send();
      }
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "Host reading failed; trying again next interval", t);
    }
  }

  /** Takes one reading into the buffer. */
  synchronized void collect() {
    HostReading now = source.read();
    for (Map.Entry<String, Double> e : AmsHostMetrics.of(previous, now).entrySet()) {
      buffer.computeIfAbsent(e.getKey(), k -> new TreeMap<>()).put(now.time(), e.getValue());
    }
    previous = now;
  }

  /** Hands everything buffered to the emitter; nothing when nothing is. */
  synchronized void send() {
    List<SinkMetric> metrics = new ArrayList<>(buffer.size());
    for (Map.Entry<String, TreeMap<Long, Double>> e : buffer.entrySet()) {
      metrics.add(
          new SinkMetric(
              e.getKey(), APP_ID, instanceId, hostName, null, null, e.getValue(), Map.of()));
    }
    buffer.clear();
    if (checks != null) {
      metrics.addAll(checks.drain());
    }
    lastSent = System.currentTimeMillis();
    if (!metrics.isEmpty()) {
      emitter.emit(metrics);
    }
  }

  /** Stops collecting, sends what is buffered, closes the emitter. */
  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
    if (checks != null) {
      checks.close();
    }
    send();
    emitter.close();
  }
}
