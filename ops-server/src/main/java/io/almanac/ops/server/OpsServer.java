package io.almanac.ops.server;

import io.almanac.ops.server.channel.AgentChannel;
import io.almanac.ops.server.config.OpsSettings;
import io.almanac.ops.server.engine.OpsEngine;
import io.almanac.ops.server.http.OpsHttp;
import io.almanac.ops.server.http.TaskOutputStreams;
import io.almanac.ops.server.metrics.AgentStateReporter;
import io.almanac.ops.server.security.AgentEnrollment;
import io.almanac.ops.server.security.AuditLog;
import io.almanac.ops.server.security.OpsAccess;
import io.almanac.ops.server.service.ServiceFiles;
import io.almanac.ops.server.store.OpsDatabase;
import io.almanac.runtime.http.WebServer;
import io.almanac.runtime.security.AccessSettings;
import io.almanac.runtime.tls.ServerTls;
import io.almanac.sinks.emitter.EmitterConfig;
import io.almanac.sinks.emitter.LocalHost;
import io.almanac.sinks.emitter.TimelineEmitter;
import java.nio.file.Path;
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
  private static final Duration REPORT_INTERVAL = Duration.ofMinutes(1);

  private final OpsDatabase db;
  private final OpsEngine engine;
  private final WebServer web;
  private final AgentStateReporter reporter;
  private final TaskOutputStreams streams;

  private OpsServer(
      OpsDatabase db,
      OpsEngine engine,
      WebServer web,
      AgentStateReporter reporter,
      TaskOutputStreams streams) {
    this.db = db;
    this.streams = streams;
    this.engine = engine;
    this.web = web;
    this.reporter = reporter;
  }

  /**
   * How the server guards itself, all kept in {@code dataDir}: its tokens, the CA of agent
   * certificates, the audit log.
   *
   * @param tokensFile further API tokens (null: none)
   * @param tlsCertificate PEM chain of the listener's certificate (null: plain HTTP)
   * @param tlsPrivateKey PEM PKCS#8 key of that certificate
   */
  public record Security(Path dataDir, Path tokensFile, Path tlsCertificate, Path tlsPrivateKey) {
    public boolean tls() {
      return tlsCertificate != null;
    }
  }

  /** Stores the service definitions of {@code dir}; a file with problems is logged and skipped. */
  private static void loadServices(Path dir, OpsDatabase db) throws Exception {
    for (ServiceFiles.Outcome o : ServiceFiles.load(dir, db, Clock.systemUTC())) {
      if (o.stored()) {
        LOG.info("Service {} loaded from {}", o.service(), o.file());
      } else {
        LOG.error(
            "Service file {} not loaded ({} problem(s)): {}",
            o.file(),
            o.problems().size(),
            String.join("; ", o.problems()));
      }
    }
  }

  /**
   * Opens the database, starts the engine and starts listening; with {@code reporting} (null:
   * none), reports the agents' states to those collectors every minute ({@link
   * AgentStateReporter}); with {@code servicesDir} (null: none), first stores the service
   * definitions it holds ({@link ServiceFiles}).
   */
  public static OpsServer start(
      String bind,
      int port,
      String dbUrl,
      String dbUser,
      String dbPassword,
      OpsSettings settings,
      EmitterConfig reporting,
      Path servicesDir,
      Security security)
      throws Exception {
    OpsDatabase db = OpsDatabase.open(dbUrl, dbUser, dbPassword);
    OpsEngine engine = new OpsEngine(db, settings, Clock.systemUTC());
    WebServer web = null;
    TaskOutputStreams streams = null;
    try {
      OpsAccess.ServerTokens own = OpsAccess.ServerTokens.ensure(security.dataDir());
      AgentEnrollment enrollment = AgentEnrollment.open(security.dataDir(), db, Clock.systemUTC());
      AccessSettings access =
          OpsAccess.settings(own, enrollment.hostTokens(), security.tokensFile());
      AuditLog audit = new AuditLog(security.dataDir().resolve("audit.log"));
      engine.start();
      if (servicesDir != null) {
        loadServices(servicesDir, db);
      }
      WebServer.Builder builder =
          WebServer.builder("ops-http")
              .listen(bind, port)
              .maxThreads(32)
              .stopTimeout(Duration.ofSeconds(5))
              .access(access)
              .handler(
                  jetty ->
                      AgentChannel.handler(
                          jetty,
                          engine,
                          settings.heartbeatLostAfter().multipliedBy(2),
                          enrollment));
      if (security.tls()) {
        // Agents present the certificates this server's own CA issued them at enrollment.
        builder.tls(
            new ServerTls(
                security.tlsCertificate(), security.tlsPrivateKey(), enrollment.caFile(), false));
      }
      streams = new TaskOutputStreams(db);
      web = OpsHttp.register(builder, engine, db, audit, enrollment, own, streams).build();
      web.start();
      LOG.info(
          "Ops server listening on {}://{}:{} (database {})",
          security.tls() ? "https" : "http",
          bind,
          web.port(),
          redact(dbUrl));
      AgentStateReporter reporter = null;
      if (reporting != null) {
        String self = LocalHost.name();
        reporter =
            new AgentStateReporter(
                db,
                new TimelineEmitter(reporting.hostName(self)),
                Clock.systemUTC(),
                self,
                engine::lagMs);
        reporter.start(REPORT_INTERVAL);
        LOG.info("Reporting agent states to {}", reporting.collectors());
      }
      return new OpsServer(db, engine, web, reporter, streams);
    } catch (Exception e) {
      if (streams != null) {
        streams.close();
      }
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
      streams.close();
      web.close();
    } finally {
      engine.close();
      db.close();
    }
  }
}
