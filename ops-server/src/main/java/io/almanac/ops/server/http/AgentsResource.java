package io.almanac.ops.server.http;

import static io.almanac.ops.server.http.OpsResource.JSON;
import static io.almanac.ops.server.http.OpsResource.error;
import static io.almanac.ops.server.http.OpsResource.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.almanac.ops.server.engine.OpsEngine;
import io.almanac.ops.server.model.AgentCredential;
import io.almanac.ops.server.security.AgentEnrollment;
import io.almanac.ops.server.security.AuditLog;
import io.almanac.ops.server.security.OpsAccess;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Agent enrollment and the admin's hold on agent credentials: enroll (with the enrollment token),
 * list, revoke, forget, and a new enrollment token.
 */
@Path("/")
public final class AgentsResource {

  /** An agent's enrollment request. */
  record EnrollBody(String hostname, String publicKey) {}

  /** A credential as the admin API shows it (never the token). */
  record CredentialView(
      String hostname, String certificateSerial, String issuedAt, String revokedAt) {
    static CredentialView of(AgentCredential c) {
      return new CredentialView(
          c.hostname(),
          c.certificateSerial(),
          Instant.ofEpochMilli(c.issuedAt()).toString(),
          c.revokedAt() == null ? null : Instant.ofEpochMilli(c.revokedAt()).toString());
    }
  }

  private final AgentEnrollment enrollment;
  private final OpsAccess.ServerTokens tokens;
  private final OpsEngine engine;
  private final AuditLog audit;

  AgentsResource(
      AgentEnrollment enrollment, OpsAccess.ServerTokens tokens, OpsEngine engine, AuditLog audit) {
    this.enrollment = enrollment;
    this.tokens = tokens;
    this.engine = engine;
    this.audit = audit;
  }

  @POST
  @Path("api/v1/agents/enroll")
  @Produces(MediaType.APPLICATION_JSON)
  public Response enroll(String body, @Context HttpServletRequest http) throws SQLException {
    EnrollBody parsed;
    try {
      parsed = JSON.readValue(body == null || body.isBlank() ? "null" : body, EnrollBody.class);
    } catch (JsonProcessingException e) {
      return error(400, "the body is not an enrollment: " + e.getOriginalMessage(), List.of());
    }
    if (parsed == null) {
      return error(
          400, "the body must be a JSON object with \"hostname\" and \"publicKey\"", List.of());
    }
    try {
      AgentEnrollment.Enrollment done = enrollment.enroll(parsed.hostname(), parsed.publicKey());
      audit.record(
          http, "ENROLL", "host=" + parsed.hostname() + (done.replaced() ? " replaced=true" : ""));
      if (done.replaced()) {
        engine.evict(parsed.hostname(), "the host enrolled again");
      }
      return Response.ok(json(done.answer())).build();
    } catch (AgentEnrollment.Refused e) {
      return error(e.status(), e.getMessage(), List.of());
    }
  }

  @GET
  @Path("api/v1/admin/agents")
  @Produces(MediaType.APPLICATION_JSON)
  public Response credentials() throws SQLException {
    return Response.ok(json(enrollment.credentials().stream().map(CredentialView::of).toList()))
        .build();
  }

  @POST
  @Path("api/v1/admin/agents/{host}/revoke")
  @Produces(MediaType.APPLICATION_JSON)
  public Response revoke(@PathParam("host") String host, @Context HttpServletRequest http)
      throws SQLException {
    if (!enrollment.revoke(host)) {
      return error(404, host + " holds no valid credential", List.of());
    }
    audit.record(http, "REVOKE", "host=" + host);
    engine.evict(host, "its credential was revoked");
    return Response.ok(json(new Outcome(host, "revoked"))).build();
  }

  @DELETE
  @Path("api/v1/admin/agents/{host}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response forget(@PathParam("host") String host, @Context HttpServletRequest http)
      throws SQLException {
    if (!enrollment.forget(host)) {
      return error(404, host + " holds no credential", List.of());
    }
    audit.record(http, "FORGET", "host=" + host);
    engine.evict(host, "its credential was removed");
    return Response.ok(json(new Outcome(host, "forgotten: it may enroll again"))).build();
  }

  @POST
  @Path("api/v1/admin/enroll-token/rotate")
  @Produces(MediaType.APPLICATION_JSON)
  public Response rotate(@Context HttpServletRequest http) throws IOException {
    tokens.enroll().rotate();
    audit.record(http, "ROTATE", "file=" + tokens.enroll().file().getFileName());
    return Response.ok(
            json(
                new Outcome(
                    tokens.enroll().file().toAbsolutePath().toString(),
                    "a new enrollment token is in this file; the previous one no longer works")))
        .build();
  }

  /** What an admin call did. */
  record Outcome(String subject, String outcome) {}
}
