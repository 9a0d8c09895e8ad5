package io.almanac.ops.server.metrics;

import io.almanac.ops.server.model.Host;
import io.almanac.ops.server.model.HostState;
import io.almanac.ops.server.store.HostStore;
import io.almanac.ops.server.store.OpsDatabase;
import io.almanac.sinks.emitter.SinkMetric;
import io.almanac.sinks.emitter.TimelineEmitter;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the state of every registered agent to the collectors, so that alert rules can tell when an
 * agent is lost: per agent host (the series' {@code hostname}), appid {@value #APP_ID}, {@value
 * #UP} (1 while it heartbeats, 0 once the server has declared it lost) and {@value #AGE} (seconds
 * since its last heartbeat), and for the server's own host {@value #ENGINE_LAG} (how long the
 * oldest event waiting for the ops engine has waited). Owns one thread; the emitter's own thread
 * does the sending.
 */
public final class AgentStateReporter implements AutoCloseable {
  /** The appid of the ops server's series. */
  public static final String APP_ID = "almanac_ops";

  /** 1 while the agent heartbeats, 0 when lost. */
  public static final String UP = "almanac.ops.agent.up";

  /** Seconds since the agent's last heartbeat. */
  public static final String AGE = "almanac.ops.agent.heartbeat.age.seconds";

  /** Milliseconds the oldest event waiting for the ops engine has waited. */
  public static final String ENGINE_LAG = "almanac.ops.engine.lag.ms";

  private static final Logger LOG = LoggerFactory.getLogger(AgentStateReporter.class);

  private final OpsDatabase db;
  private final TimelineEmitter emitter;
  private final Clock clock;
  private final String serverHost;
  private final LongSupplier engineLagMs;
  private final HostStore hosts = new HostStore();
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "almanac-ops-agent-metrics");
            t.setDaemon(true);
            return t;
          });

  /**
   * Reads the agents from {@code db} and sends through {@code emitter}, which it then owns; the
   * engine's lag is reported for {@code serverHost}.
   */
  public AgentStateReporter(
      OpsDatabase db,
      TimelineEmitter emitter,
      Clock clock,
      String serverHost,
      LongSupplier engineLagMs) {
    this.db = db;
    this.emitter = emitter;
    this.clock = clock;
    this.serverHost = serverHost;
    this.engineLagMs = engineLagMs;
  }

  /** Reports now and then every {@code interval}. */
  public void start(Duration interval) {
    thread.scheduleWithFixedDelay(
        this::reportSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void reportSafely() {
    try {
      List<SinkMetric> metrics = read(clock.millis());
      if (!metrics.isEmpty()) {
        emitter.emit(metrics);
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warn("Agent states not reported this time: {}", e.toString());
    }
  }

  /** The series of every registered agent at {@code now}. */
  public List<SinkMetric> read(long now) throws SQLException {
    List<SinkMetric> out = new ArrayList<>();
    for (Host host : db.read(hosts::all)) {
      boolean up = host.state() == HostState.HEALTHY;
      double age = Math.max(0, now - host.lastHeartbeat()) / 1000.0;
      out.add(gauge(UP, host.hostname(), now, up ? 1 : 0));
      out.add(gauge(AGE, host.hostname(), now, age));
    }
    out.add(gauge(ENGINE_LAG, serverHost, now, engineLagMs.getAsLong()));
    return out;
  }

  private static SinkMetric gauge(String name, String host, long now, double value) {
    return new SinkMetric(name, APP_ID, null, host, "GAUGE", null, Map.of(now, value), Map.of());
  }

  /** Stops reporting and closes the emitter (which sends what it holds first). */
  @Override
  public void close() {
    thread.shutdownNow();
    emitter.close();
  }
}
