package io.almanac.ops.server.http;

import static io.almanac.ops.server.http.OpsResource.JSON;
import static io.almanac.ops.server.http.OpsResource.error;
import static io.almanac.ops.server.http.OpsResource.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.almanac.ops.server.engine.EngineBusyException;
import io.almanac.ops.server.engine.InvalidRequestException;
import io.almanac.ops.server.engine.OpsEngine;
import io.almanac.ops.server.security.AuditLog;
import io.almanac.ops.server.service.ServiceActionSpec;
import io.almanac.ops.server.service.ServiceDefinition;
import io.almanac.ops.server.service.ServicePlanner;
import io.almanac.ops.server.service.ServiceValidator;
import io.almanac.ops.server.store.OpsDatabase;
import io.almanac.ops.server.store.ServiceStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Services: {@code PUT /api/v1/services/{name}} stores a definition, {@code GET} lists them with
 * the live state of each component on each host, and {@code POST .../actions} turns an action into
 * an ordinary request (followed, aborted and shown like any other).
 */
@Path("api/v1/services")
public final class ServicesResource {
  private final OpsEngine engine;
  private final OpsDatabase db;
  private final ServiceStore services = new ServiceStore();
  private final AuditLog audit;
  private final Clock clock;

  ServicesResource(OpsEngine engine, OpsDatabase db, AuditLog audit, Clock clock) {
    this.engine = engine;
    this.db = db;
    this.audit = audit;
    this.clock = clock;
  }

  @PUT
  @Path("{name}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response put(@PathParam("name") String name, String body, @Context HttpServletRequest http)
      throws SQLException {
    ServiceDefinition def;
    try {
      def = JSON.readValue(body == null || body.isBlank() ? "null" : body, ServiceDefinition.class);
    } catch (JsonProcessingException e) {
      return error(
          400, "the body is not a service definition: " + e.getOriginalMessage(), List.of());
    }
    List<String> problems = ServiceValidator.problems(def, name);
    if (!problems.isEmpty()) {
      return error(400, "the service has " + problems.size() + " problem(s)", problems);
    }
    String stored = json(new ServiceDefinition(name, def.components()));
    boolean created = db.inTransaction(c -> services.put(c, name, stored, clock.millis()));
    audit.record(http, "SERVICE", (created ? "created " : "replaced ") + name);
    engine.servicesChanged();
    String href = "/api/v1/services/" + name;
    return (created ? Response.created(URI.create(href)) : Response.ok())
        .type(MediaType.APPLICATION_JSON)
        .entity(view(name, stored))
        .build();
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response list() throws SQLException {
    Map<String, String> all = db.read(services::all);
    ArrayNode out = JSON.createArrayNode();
    for (Map.Entry<String, String> e : all.entrySet()) {
      out.add(tree(e.getKey(), e.getValue()));
    }
    return Response.ok(json(out)).build();
  }

  @GET
  @Path("{name}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response get(@PathParam("name") String name) throws SQLException {
    Optional<String> stored = db.read(c -> services.get(c, name));
    if (stored.isEmpty()) {
      return error(404, "no service " + name, List.of());
    }
    return Response.ok(view(name, stored.get())).build();
  }

  @POST
  @Path("{name}/actions")
  @Produces(MediaType.APPLICATION_JSON)
  public Response act(@PathParam("name") String name, String body, @Context HttpServletRequest http)
      throws SQLException {
    Optional<String> stored = db.read(c -> services.get(c, name));
    if (stored.isEmpty()) {
      return error(404, "no service " + name, List.of());
    }
    ServiceActionSpec action;
    try {
      action =
          JSON.readValue(body == null || body.isBlank() ? "null" : body, ServiceActionSpec.class);
    } catch (JsonProcessingException e) {
      return error(400, "the body is not an action: " + e.getOriginalMessage(), List.of());
    }
    try {
      ServiceDefinition def = ServiceDefinition.fromStored(name, stored.get());
      long id = engine.submit(ServicePlanner.plan(def, action), null).requestId();
      String href = "/api/v1/requests/" + id;
      audit.record(http, "SERVICE_ACTION", name + " " + action.action() + " request=" + id);
      return Response.accepted(json(new Views.Created(id, href)))
          .type(MediaType.APPLICATION_JSON)
          .location(URI.create(href))
          .build();
    } catch (InvalidRequestException e) {
      return error(400, "the action has " + e.problems().size() + " problem(s)", e.problems());
    } catch (EngineBusyException e) {
      return error(503, e.getMessage(), List.of());
    }
  }

  private String view(String name, String stored) throws SQLException {
    return json(tree(name, stored));
  }

  /** The definition with, in each component, {@code state}: host -> {state, checkedAt}. */
  private JsonNode tree(String name, String stored) throws SQLException {
    ObjectNode def;
    try {
      def = (ObjectNode) JSON.readTree(stored);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored service definition is not readable: " + name, e);
    }
    List<ServiceStore.ComponentState> states = db.read(c -> services.states(c, name));
    for (JsonNode component : def.withArray("components")) {
      ObjectNode state = ((ObjectNode) component).putObject("state");
      for (JsonNode host : component.withArray("hosts")) {
        ObjectNode hostState = state.putObject(host.asText());
        ServiceStore.ComponentState known =
            states.stream()
                .filter(
                    s ->
                        s.component().equals(component.get("name").asText())
                            && s.host().equals(host.asText()))
                .findFirst()
                .orElse(null);
        hostState.put("state", known == null ? "UNKNOWN" : known.state());
        if (known == null) {
          hostState.putNull("checkedAt");
        } else {
          hostState.put("checkedAt", known.checkedAt());
        }
      }
    }
    return def;
  }
}
