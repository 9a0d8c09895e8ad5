package io.almanac.ops.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.almanac.ops.server.engine.AbortOutcome;
import io.almanac.ops.server.engine.EngineBusyException;
import io.almanac.ops.server.engine.HoldOutcome;
import io.almanac.ops.server.engine.InvalidRequestException;
import io.almanac.ops.server.engine.OpsEngine;
import io.almanac.ops.server.model.TaskOutput;
import io.almanac.ops.server.security.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;

/** The ops REST API under /api/v1 and the status page at /. */
@Path("/")
public final class OpsResource {

  static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
  private static final int MAX_LIST = 1000;

  private final OpsEngine engine;
  private final OpsQueries queries;
  private final AuditLog audit;
  private final TaskOutputStreams streams;

  OpsResource(OpsEngine engine, OpsQueries queries, AuditLog audit, TaskOutputStreams streams) {
    this.engine = engine;
    this.queries = queries;
    this.audit = audit;
    this.streams = streams;
  }

  @POST
  @Path("api/v1/requests")
  @Produces(MediaType.APPLICATION_JSON)
  public Response submit(
      String body,
      @HeaderParam("Idempotency-Key") String idempotencyKey,
      @Context HttpServletRequest http) {
    if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255)) {
      return error(400, "the Idempotency-Key header must have 1 to 255 characters", List.of());
    }
    SubmitBody parsed;
    try {
      parsed = JSON.readValue(body == null || body.isBlank() ? "null" : body, SubmitBody.class);
    } catch (UnrecognizedPropertyException e) {
      return error(400, "unknown field \"" + e.getPropertyName() + "\" at " + path(e), List.of());
    } catch (JsonProcessingException e) {
      return error(400, "the body is not a valid request: " + e.getOriginalMessage(), List.of());
    }
    if (parsed == null) {
      return error(400, "the body must be a JSON object with \"name\" and \"stages\"", List.of());
    }
    try {
      OpsEngine.Submitted submitted = engine.submit(parsed.toSpec(), idempotencyKey);
      long id = submitted.requestId();
      String href = "/api/v1/requests/" + id;
      if (submitted.repeated()) {
        // The same key again (a retry): the request stored the first time, and nothing new.
        return Response.ok(json(new Views.Created(id, href))).location(URI.create(href)).build();
      }
      audit.record(
          http, "SUBMIT", "request=" + id + " name=" + JSON.writeValueAsString(parsed.name()));
      return Response.created(URI.create(href)).entity(json(new Views.Created(id, href))).build();
    } catch (EngineBusyException e) {
      return error(503, e.getMessage(), List.of());
    } catch (InvalidRequestException e) {
      return error(400, "the request has " + e.problems().size() + " problem(s)", e.problems());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a name always renders", e);
    }
  }

  private static String path(JsonProcessingException e) {
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping) {
      StringBuilder where = new StringBuilder();
      for (var ref : mapping.getPath()) {
        if (ref.getFieldName() != null) {
          where.append(where.length() == 0 ? "" : ".").append(ref.getFieldName());
        } else {
          where.append('[').append(ref.getIndex()).append(']');
        }
      }
      return where.length() == 0 ? "the top level" : where.toString();
    }
    return "?";
  }

  @GET
  @Path("api/v1/requests")
  @Produces(MediaType.APPLICATION_JSON)
  public Response list(@QueryParam("limit") @DefaultValue("100") String limitText)
      throws SQLException {
    int limit;
    try {
      limit = Integer.parseInt(limitText.trim());
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_LIST) {
      return error(
          400,
          "limit must be a whole number between 1 and " + MAX_LIST + ", got \"" + limitText + "\"",
          List.of());
    }
    return Response.ok(json(queries.recent(limit))).build();
  }

  @GET
  @Path("api/v1/requests/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response get(@PathParam("id") String id) throws SQLException {
    Long requestId = parseId(id);
    if (requestId == null) {
      return error(404, "no request " + id, List.of());
    }
    return queries
        .detail(requestId)
        .map(detail -> Response.ok(json(detail)).build())
        .orElseGet(() -> error(404, "no request " + id, List.of()));
  }

  @POST
  @Path("api/v1/requests/{id}/abort")
  @Produces(MediaType.APPLICATION_JSON)
  public Response abort(
      @PathParam("id") String id,
      @QueryParam("reason") String reason,
      @Context HttpServletRequest http)
      throws SQLException {
    Long requestId = parseId(id);
    if (requestId == null) {
      return error(404, "no request " + id, List.of());
    }
    String why = reason == null || reason.isBlank() ? "aborted by the operator" : reason;
    AbortOutcome outcome;
    try {
      outcome = engine.abort(requestId, why);
    } catch (EngineBusyException e) {
      return error(503, e.getMessage(), List.of());
    }
    return switch (outcome) {
      case NOT_FOUND -> error(404, "no request " + id, List.of());
      case ALREADY_ENDED -> error(409, "request " + id + " has already ended", List.of());
      case ABORTED -> {
        audit.record(http, "ABORT", "request=" + requestId + " reason=" + why);
        yield Response.ok(json(queries.detail(requestId).orElseThrow())).build();
      }
    };
  }

  /** The operator's retry or skip of a holding task; answers the request as it is afterwards. */
  @POST
  @Path("api/v1/requests/{id}/tasks/{taskId}/{decision: retry|skip}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response decide(
      @PathParam("id") String id,
      @PathParam("taskId") String taskId,
      @PathParam("decision") String path,
      @Context HttpServletRequest http)
      throws SQLException {
    String decision = path.toUpperCase(java.util.Locale.ROOT);
    Long requestId = parseId(id);
    Long task = parseId(taskId);
    if (requestId == null || task == null) {
      return error(404, "no task " + taskId + " in request " + id, List.of());
    }
    HoldOutcome outcome;
    try {
      outcome =
          decision.equals("RETRY") ? engine.retry(requestId, task) : engine.skip(requestId, task);
    } catch (EngineBusyException e) {
      return error(503, e.getMessage(), List.of());
    }
    return switch (outcome) {
      case NOT_FOUND -> error(404, "no task " + taskId + " in request " + id, List.of());
      case NOT_HOLDING ->
          error(
              409,
              "task "
                  + taskId
                  + " is "
                  + queries.task(requestId, task).map(t -> t.status().name()).orElse("gone")
                  + ", not holding: only a task that failed in a request that holds on failure"
                  + " can be retried or skipped",
              List.of());
      case DONE -> {
        audit.record(http, decision, "request=" + requestId + " task=" + task);
        yield Response.ok(json(queries.detail(requestId).orElseThrow())).build();
      }
    };
  }

  @GET
  @Path("api/v1/requests/{id}/tasks/{taskId}/output")
  @Produces(MediaType.APPLICATION_JSON)
  public Response output(@PathParam("id") String id, @PathParam("taskId") String taskId)
      throws SQLException {
    Long requestId = parseId(id);
    Long task = parseId(taskId);
    if (requestId == null || task == null || queries.task(requestId, task).isEmpty()) {
      return error(404, "no task " + taskId + " in request " + id, List.of());
    }
    TaskOutput output = queries.output(task).orElse(null);
    if (output == null) {
      return error(
          404,
          "task "
              + taskId
              + " has no stored output: it has not finished, or its output was purged"
              + " (see --output-retention)",
          List.of());
    }
    return Response.ok(json(OpsQueries.view(output))).build();
  }

  /**
   * The task's output as it grows, as server-sent events ({@link TaskOutputStreams}): {@code task}
   * whenever the task changed, {@code output} with the full output once it has finished; then the
   * stream ends.
   */
  @GET
  @Path("api/v1/requests/{id}/tasks/{taskId}/output/stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void outputStream(
      @PathParam("id") String id,
      @PathParam("taskId") String taskId,
      @Context SseEventSink sink,
      @Context Sse sse)
      throws SQLException {
    Long requestId = parseId(id);
    Long task = parseId(taskId);
    if (requestId == null || task == null || queries.task(requestId, task).isEmpty()) {
      throw new WebApplicationException(
          error(404, "no task " + taskId + " in request " + id, List.of()));
    }
    if (!streams.open(requestId, task, sink, sse)) {
      throw new WebApplicationException(
          error(
              503,
              "too many output streams are open ("
                  + TaskOutputStreams.MAX_STREAMS
                  + "); close one or try again later",
              List.of()));
    }
  }

  @GET
  @Path("api/v1/hosts")
  @Produces(MediaType.APPLICATION_JSON)
  public Response hosts() throws SQLException {
    return Response.ok(json(queries.hosts())).build();
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  public Response page() throws IOException {
    try (InputStream in = OpsResource.class.getResourceAsStream("index.html")) {
      if (in == null) {
        return Response.status(404).build();
      }
      return Response.ok(new String(in.readAllBytes(), StandardCharsets.UTF_8)).build();
    }
  }

  private static Long parseId(String text) {
    try {
      long id = Long.parseLong(text);
      return id > 0 ? id : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static Response error(int status, String message, List<String> problems) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(json(new Views.Error(status, message, problems)))
        .build();
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }
}
