package io.almanac.ops.server;

import io.almanac.ops.server.channel.AgentChannel;
import io.almanac.ops.server.config.OpsSettings;
import io.almanac.ops.server.engine.OpsEngine;
import io.almanac.ops.server.http.OpsHttp;
import io.almanac.ops.server.metrics.AgentStateReporter;
import io.almanac.ops.server.security.AuditLog;
import io.almanac.ops.server.store.OpsDatabase;
import io.almanac.runtime.http.WebServer;
import io.almanac.runtime.security.AccessSettings;
import io.almanac.sinks.emitter.EmitterConfig;
import io.almanac.sinks.emitter.LocalHost;
import io.almanac.sinks.emitter.TimelineEmitter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ops server: database, engine, and one Jetty serving the REST API, the status page and the
 * agents' WebSocket endpoint on the same port.
 */
public final class OpsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
  private static final Duration REPORT_INTERVAL = Duration.ofMinutes(1);

  private final OpsDatabase db;
  private final OpsEngine engine;
  private final WebServer web;
  private final AgentStateReporter reporter;

  private OpsServer(OpsDatabase db, OpsEngine engine, WebServer web, AgentStateReporter reporter) {
    this.db = db;
    this.engine = engine;
    this.web = web;
    this.reporter = reporter;
  }

  /**
   * Opens the database, starts the engine and starts listening; when {@code collectors} are given
   * ({@code host:port}), reports the agents' states to them every minute ({@link
   * AgentStateReporter}). Callers are checked by {@code access} and what they change is recorded in
   * {@code audit}; both null leave the server open (tests only).
   */
  public static OpsServer start(
      String bind,
      int port,
      String dbUrl,
      String dbUser,
      String dbPassword,
      OpsSettings settings,
      List<String> collectors,
      AccessSettings access,
      AuditLog audit)
      throws Exception {
    OpsDatabase db = OpsDatabase.open(dbUrl, dbUser, dbPassword);
    OpsEngine engine = new OpsEngine(db, settings, Clock.systemUTC());
    WebServer web = null;
    try {
      engine.start();
      WebServer.Builder builder =
          WebServer.builder("ops-http")
              .listen(bind, port)
              .maxThreads(32)
              .stopTimeout(Duration.ofSeconds(5))
              .access(access)
              .handler(
                  jetty ->
                      AgentChannel.handler(
                          jetty, engine, settings.heartbeatLostAfter().multipliedBy(2)));
      web = OpsHttp.register(builder, engine, db, audit).build();
      web.start();
      LOG.info("Ops server listening on {}:{} (database {})", bind, web.port(), redact(dbUrl));
      AgentStateReporter reporter = null;
      if (!collectors.isEmpty()) {
        reporter =
            new AgentStateReporter(
                db,
                new TimelineEmitter(
                    new EmitterConfig().collectors(collectors).hostName(LocalHost.name())),
                Clock.systemUTC());
        reporter.start(REPORT_INTERVAL);
        LOG.info("Reporting agent states to {}", collectors);
      }
      return new OpsServer(db, engine, web, reporter);
    } catch (Exception e) {
      if (web != null) {
        web.close();
      }
      engine.close();
      db.close();
      throw e;
    }
  }

  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
  }

  public int port() {
    return web.port();
  }

  @Override
  public void close() throws Exception {
    try {
      if (reporter != null) {
        reporter.close();
      }
      web.close();
    } finally {
      engine.close();
      db.close();
    }
  }
}
