package io.almanac.ops.server;

import io.almanac.ops.server.channel.AgentChannel;
import io.almanac.ops.server.config.OpsSettings;
import io.almanac.ops.server.engine.OpsEngine;
import io.almanac.ops.server.http.OpsHttp;
import io.almanac.ops.server.store.OpsDatabase;
import io.almanac.runtime.http.WebServer;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ops server: database, engine, and one Jetty serving the REST API, the status page and the
 * agents' WebSocket endpoint on the same port.
 */
public final class OpsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);

  private final OpsDatabase db;
  private final OpsEngine engine;
  private final WebServer web;

  private OpsServer(OpsDatabase db, OpsEngine engine, WebServer web) {
    this.db = db;
    this.engine = engine;
    this.web = web;
  }

  /** Opens the database, starts the engine and starts listening. */
  public static OpsServer start(
      String bind, int port, String dbUrl, String dbUser, String dbPassword, OpsSettings settings)
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
              .handler(
                  jetty ->
                      AgentChannel.handler(
                          jetty, engine, settings.heartbeatLostAfter().multipliedBy(2)));
      web = OpsHttp.register(builder, engine, db).build();
      web.start();
      LOG.info("Ops server listening on {}:{} (database {})", bind, web.port(), redact(dbUrl));
      return new OpsServer(db, engine, web);
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
      web.close();
    } finally {
      engine.close();
      db.close();
    }
  }
}
