package io.almanac.ops.server.http;

import io.almanac.ops.server.engine.OpsEngine;
import io.almanac.ops.server.security.AgentEnrollment;
import io.almanac.ops.server.security.AuditLog;
import io.almanac.ops.server.security.OpsAccess;
import io.almanac.ops.server.store.OpsDatabase;
import io.almanac.runtime.http.WebServer;

/** The REST API and status page: the ops server's Jersey resources and error format. */
public final class OpsHttp {

  private OpsHttp() {}

  /** Registers the API on {@code server}; changes are recorded in {@code audit}. */
  public static WebServer.Builder register(
      WebServer.Builder server,
      OpsEngine engine,
      OpsDatabase db,
      AuditLog audit,
      AgentEnrollment enrollment,
      OpsAccess.ServerTokens tokens,
      TaskOutputStreams streams) {
    OpsQueries queries = new OpsQueries(db, engine::isConnected);
    return server
        .register(new OpsResource(engine, queries, audit, streams))
        .register(new RunsResource(engine, queries, audit))
        .register(new AgentsResource(enrollment, tokens, engine, audit))
        .register(new ServicesResource(engine, db, audit, java.time.Clock.systemUTC()))
        .register(new UnexpectedErrors());
  }
}
