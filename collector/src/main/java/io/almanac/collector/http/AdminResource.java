package io.almanac.collector.http;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.json.MetricsModule;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.TimeUnit;

/** Health and self-metrics for operators and load balancers. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminResource {
  private final ServiceGate gate;
  private final MetricRegistry registry;
  private final ObjectMapper json =
      new ObjectMapper()
          .registerModule(new MetricsModule(TimeUnit.SECONDS, TimeUnit.MILLISECONDS, false));

  /** Reports on {@code gate} and {@code registry}. */
  public AdminResource(ServiceGate gate, MetricRegistry registry) {
    this.gate = gate;
    this.registry = registry;
  }

  /** 200 once storage accepts writes, 503 before and after. */
  @GET
  @Path("health")
  public Response health() {
    String body = "{\"status\":\"" + gate.state().replace("\"", "'") + "\"}";
    return Response.status(gate.isReady() ? 200 : 503).entity(body).build();
  }

  /** Every self-metric of the collector (rates per second, durations in ms). */
  @GET
  @Path("admin/metrics")
  public String metrics() throws JsonProcessingException {
    return json.writeValueAsString(registry);
  }
}
