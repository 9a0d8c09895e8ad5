package io.almanac.collector.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.almanac.alerting.Alert;
import io.almanac.alerting.AlertState;
import io.almanac.alerting.AlertingService;
import io.almanac.alerting.GroupStatus;
import io.almanac.alerting.RuleStatus;
import io.almanac.alerting.StateChange;
import io.almanac.alerting.rules.AlertingRule;
import io.almanac.alerting.rules.GoFloats;
import io.almanac.alerting.rules.RecordingRule;
import io.almanac.promql.PromQlException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/**
 * The alerting part of the Prometheus API ({@code /api/v1/rules}, {@code /api/v1/alerts}, in
 * Prometheus's format, which Grafana reads), the history of state changes ({@code
 * /api/v1/alerts/history}); {@link ReloadResource} reloads the rules.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class AlertsResource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServiceGate gate;

  /** A resource serving through {@code gate}. */
  public AlertsResource(ServiceGate gate) {
    this.gate = gate;
  }

  /** The rule groups with each rule's health and alerts; {@code type=alert|record} filters. */
  @GET
  @Path("rules")
  public Response rules(@QueryParam("type") String type) {
    AlertingService alerting = gate.get().alerting();
    ObjectNode data = JSON.createObjectNode();
    ArrayNode groups = data.putArray("groups");
    if (alerting != null) {
      for (GroupStatus g : alerting.groups()) {
        ObjectNode group = groups.addObject();
        group.put("name", g.group().name());
        group.put("file", g.group().file());
        group.put("interval", g.group().intervalMs() / 1000.0);
        group.put("limit", g.group().limit());
        ArrayNode rules = group.putArray("rules");
        for (RuleStatus r : g.rules()) {
          boolean alert = r.rule() instanceof AlertingRule;
          if (type == null || type.isBlank() || type.equals(alert ? "alert" : "record")) {
            rules.add(rule(r));
          }
        }
        group.put("evaluationTime", g.evaluationMs() / 1000);
        group.put("lastEvaluation", time(g.lastEvaluation()));
      }
    }
    return success(data);
  }

  /** The pending and firing alerts. */
  @GET
  @Path("alerts")
  public Response alerts() {
    AlertingService alerting = gate.get().alerting();
    ObjectNode data = JSON.createObjectNode();
    ArrayNode list = data.putArray("alerts");
    if (alerting != null) {
      for (GroupStatus g : alerting.groups()) {
        for (RuleStatus r : g.rules()) {
          for (Alert a : r.alerts()) {
            if (a.state() != AlertState.INACTIVE) {
              list.add(alert(a));
            }
          }
        }
      }
    }
    return success(data);
  }

  /**
   * The state changes between {@code start} and {@code end} (Unix seconds or RFC 3339; default the
   * last 24 hours).
   */
  @GET
  @Path("alerts/history")
  public Response history(@QueryParam("start") String start, @QueryParam("end") String end) {
    try {
      return history(
          start == null || start.isBlank() ? null : PrometheusResource.timeMs(start, "start"),
          end == null || end.isBlank() ? null : PrometheusResource.timeMs(end, "end"));
    } catch (PromQlException e) {
      return Response.status(400)
          .type(MediaType.APPLICATION_JSON_TYPE)
          .entity(PrometheusJson.error("bad_data", e.getMessage()))
          .build();
    }
  }

  private Response history(Long startMs, Long endMs) {
    long to = endMs == null ? System.currentTimeMillis() : endMs;
    long from = startMs == null ? to - 86_400_000L : startMs;
    AlertingService alerting = gate.get().alerting();
    ObjectNode data = JSON.createObjectNode();
    ArrayNode list = data.putArray("changes");
    if (alerting != null) {
      for (StateChange c : alerting.history(from, to)) {
        ObjectNode n = list.addObject();
        n.put("time", time(c.time()));
        n.put("rule", c.rule());
        n.set("labels", JSON.valueToTree(c.labels()));
        n.put("from", c.from().apiName());
        n.put("to", c.to().apiName());
        n.put("value", GoFloats.e(c.value()));
      }
    }
    return success(data);
  }

  private static ObjectNode rule(RuleStatus r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("name", r.rule().name());
    n.put("query", r.rule().expr());
    if (r.rule() instanceof AlertingRule a) {
      AlertState worst = AlertState.INACTIVE;
      for (Alert al : r.alerts()) {
        if (al.state().ordinal() > worst.ordinal()) {
          worst = al.state();
        }
      }
      n.put("state", worst.apiName());
      n.put("duration", a.forMs() / 1000.0);
      n.put("keepFiringFor", a.keepFiringForMs() / 1000.0);
      ObjectNode labels = n.putObject("labels");
      a.labels().forEach((k, t) -> labels.put(k, t.source()));
      ObjectNode annotations = n.putObject("annotations");
      a.annotations().forEach((k, t) -> annotations.put(k, t.source()));
      ArrayNode alerts = n.putArray("alerts");
      r.alerts().stream()
          .filter(x -> x.state() != AlertState.INACTIVE)
          .forEach(x -> alerts.add(alert(x)));
      n.put("type", "alerting");
    } else {
      n.set("labels", JSON.valueToTree(((RecordingRule) r.rule()).labels()));
      n.put("type", "recording");
    }
    n.put("health", r.health());
    n.put("lastError", r.lastError());
    n.put("evaluationTime", r.evaluationMs() / 1000);
    n.put("lastEvaluation", time(r.lastEvaluation()));
    return n;
  }

  private static ObjectNode alert(Alert a) {
    ObjectNode n = JSON.createObjectNode();
    n.set("labels", JSON.valueToTree(a.labels()));
    n.set("annotations", JSON.valueToTree(a.annotations()));
    n.put("state", a.state().apiName());
    n.put("activeAt", time(a.activeAt()));
    if (a.keepFiringSince() > 0) {
      n.put("keepFiringSince", time(a.keepFiringSince()));
    }
    n.put("value", GoFloats.e(a.value()));
    return n;
  }

  private static String time(long ms) {
    return ms <= 0 ? "0001-01-01T00:00:00Z" : Instant.ofEpochMilli(ms).toString();
  }

  static Response success(ObjectNode data) {
    ObjectNode root = JSON.createObjectNode();
    root.put("status", "success");
    root.set("data", data);
    return Response.ok(root.toString(), MediaType.APPLICATION_JSON_TYPE).build();
  }
}
