package io.almanac.collector.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.almanac.alerting.AlertingService;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code POST /-/reload}: reads the rule files again, as Prometheus's endpoint of that name. */
@Path("/-")
@Produces(MediaType.APPLICATION_JSON)
public final class ReloadResource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServiceGate gate;

  /** A resource serving through {@code gate}. */
  public ReloadResource(ServiceGate gate) {
    this.gate = gate;
  }

  /** Loads the rule files again; a broken file keeps the running rules and the answer says why. */
  @POST
  @Path("reload")
  public Response reload() {
    AlertingService alerting = gate.get().alerting();
    if (alerting == null) {
      ObjectNode body = JSON.createObjectNode();
      body.put("status", "error");
      body.put("errorType", "unavailable");
      body.put("error", "alerting is off: set almanac.alerting.rules");
      return Response.status(404).entity(body.toString()).build();
    }
    AlertingService.ReloadResult r = alerting.reload();
    if (!r.ok()) {
      ObjectNode body = JSON.createObjectNode();
      body.put("status", "error");
      body.put("errorType", "bad_data");
      body.put("error", "the rule files were not loaded; the previous rules keep running");
      body.set("problems", JSON.valueToTree(r.problems()));
      return Response.status(400).entity(body.toString()).build();
    }
    ObjectNode data = JSON.createObjectNode();
    data.put("groups", r.groups());
    data.put("rules", r.rules());
    return AlertsResource.success(data);
  }
}
