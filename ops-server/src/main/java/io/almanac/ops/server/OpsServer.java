package io.almanac.ops.server;

import io.almanac.ops.server.channel.AgentChannel;
import io.almanac.ops.server.config.OpsSettings;
import io.almanac.ops.server.engine.OpsEngine;
import io.almanac.ops.server.http.OpsHttp;
import io.almanac.ops.server.store.OpsDatabase;
import java.time.Clock;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
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
  private final Server jetty;
  private final ServerConnector connector;

  private OpsServer(OpsDatabase db, OpsEngine engine, Server jetty, ServerConnector connector) {
    this.db = db;
    this.engine = engine;
    this.jetty = jetty;
    this.connector = connector;
  }

  /** Opens the database, starts the engine and starts listening. */
  public static OpsServer start(String bind, int port, String dbUrl, String dbUser, String dbPassword,
      OpsSettings settings) throws Exception {
    OpsDatabase db = OpsDatabase.open(dbUrl, dbUser, dbPassword);
    OpsEngine engine = new OpsEngine(db, settings, Clock.systemUTC());
    try {
      engine.start();
      QueuedThreadPool threads = new QueuedThreadPool(32, 4);
      threads.setName("ops-http");
      Server jetty = new Server(threads);
      // Request lines and headers up to 64 KB, as on the collector (Jetty's default is 8 KB).
      org.eclipse.jetty.server.HttpConfiguration http = new org.eclipse.jetty.server.HttpConfiguration();
      http.setRequestHeaderSize(64 * 1024);
      ServerConnector connector = new ServerConnector(jetty, new org.eclipse.jetty.server.HttpConnectionFactory(http));
      connector.setHost(bind);
      connector.setPort(port);
      jetty.addConnector(connector);
      ContextHandlerCollection contexts = new ContextHandlerCollection();
      contexts.addHandler(AgentChannel.handler(jetty, engine, settings.heartbeatLostAfter().multipliedBy(2)));
      contexts.addHandler(OpsHttp.handler(engine, db));
      jetty.setHandler(contexts);
      jetty.setStopTimeout(5_000);
      jetty.start();
      LOG.info("Ops server listening on {}:{} (database {})", bind, connector.getLocalPort(), redact(dbUrl));
      return new OpsServer(db, engine, jetty, connector);
    } catch (Exception e) {
      engine.close();
      db.close();
      throw e;
    }
  }

  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
  }

  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() throws Exception {
    try {
      jetty.stop();
    } finally {
      engine.close();
      db.close();
    }
  }
}
