package io.almanac.ops.server.http;

import static io.almanac.ops.server.http.OpsResource.JSON;
import static io.almanac.ops.server.http.OpsResource.error;
import static io.almanac.ops.server.http.OpsResource.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.almanac.ops.protocol.TaskFile;
import io.almanac.ops.protocol.TaskInputs;
import io.almanac.ops.server.engine.EngineBusyException;
import io.almanac.ops.server.engine.InvalidRequestException;
import io.almanac.ops.server.engine.OpsEngine;
import io.almanac.ops.server.model.HostState;
import io.almanac.ops.server.model.RequestSpec;
import io.almanac.ops.server.model.StageSpec;
import io.almanac.ops.server.model.TaskSpec;
import io.almanac.ops.server.security.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/runs}: one command, with the files and environment it brings, on the hosts
 * named or on any N live agents, as a request of one stage (YARN's DistributedShell, over the ops
 * engine). Its tasks' output is kept as for any request.
 */
@Path("api/v1/runs")
public final class RunsResource {
  private final OpsEngine engine;
  private final OpsQueries queries;
  private final AuditLog audit;

  /**
   * The body.
   *
   * @param hosts a list of host names, or a number: that many live agents (in name order)
   */
  record RunBody(
      String name,
      String command,
      List<TaskFile> files,
      Map<String, String> env,
      JsonNode hosts,
      Integer timeoutSeconds,
      Boolean holdOnFailure) {}

  RunsResource(OpsEngine engine, OpsQueries queries, AuditLog audit) {
    this.engine = engine;
    this.queries = queries;
    this.audit = audit;
  }

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  public Response run(String body, @Context HttpServletRequest http) throws SQLException {
    RunBody run;
    try {
      run = JSON.readValue(body == null || body.isBlank() ? "null" : body, RunBody.class);
    } catch (JsonProcessingException e) {
      return error(400, "the body is not a run: " + e.getOriginalMessage(), List.of());
    }
    if (run == null) {
      return error(400, "the body must be a JSON object with \"command\" and \"hosts\"", List.of());
    }
    List<String> hosts = new ArrayList<>();
    if (run.hosts() != null && run.hosts().isInt()) {
      int wanted = run.hosts().asInt();
      List<String> live =
          queries.hosts().stream()
              .filter(h -> h.connected() && h.state().equals(HostState.HEALTHY.name()))
              .map(Views.HostView::hostname)
              .sorted()
              .toList();
      if (wanted < 1 || wanted > live.size()) {
        return error(
            400,
            "\"hosts\": "
                + wanted
                + " asks for more live agents than the "
                + live.size()
                + " there are (or fewer than 1)",
            List.of());
      }
      hosts.addAll(live.subList(0, wanted));
    } else if (run.hosts() != null && run.hosts().isArray() && !run.hosts().isEmpty()) {
      run.hosts().forEach(h -> hosts.add(h.asText()));
    } else {
      return error(
          400, "\"hosts\" must be a list of host names or a number of live agents", List.of());
    }
    TaskInputs inputs =
        run.files() == null && run.env() == null ? null : new TaskInputs(run.files(), run.env());
    int timeout =
        run.timeoutSeconds() == null ? SubmitBody.DEFAULT_TIMEOUT_SECONDS : run.timeoutSeconds();
    List<TaskSpec> tasks = new ArrayList<>();
    for (String host : hosts) {
      tasks.add(new TaskSpec(host, "RUN", run.command(), timeout, null, inputs));
    }
    String name = run.name() == null ? "run" : run.name();
    try {
      long id =
          engine
              .submit(
                  new RequestSpec(
                      name,
                      List.of(new StageSpec("run", 1.0, false, tasks)),
                      Boolean.TRUE.equals(run.holdOnFailure())),
                  null)
              .requestId();
      String href = "/api/v1/requests/" + id;
      audit.record(http, "RUN", "request=" + id + " hosts=" + hosts.size());
      return Response.created(URI.create(href)).entity(json(new Views.Created(id, href))).build();
    } catch (InvalidRequestException e) {
      return error(400, "the run has " + e.problems().size() + " problem(s)", e.problems());
    } catch (EngineBusyException e) {
      return error(503, e.getMessage(), List.of());
    }
  }
}
