package io.almanac.collector.http;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.json.MetricsModule;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.collector.storage.StorageMaintenance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
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

  /**
   * Flushes and fully compacts the raw tables, so that rows merged away by sealing leave the disk
   * now rather than at HBase's next major compaction; answers when done (or after 10 minutes).
   */
  @POST
  @Path("admin/storage/compact")
  public Response compact() throws JsonProcessingException {
    if (!gate.isReady()) {
      return Response.status(503).entity("{\"error\":\"storage is not ready\"}").build();
    }
    StorageMaintenance maintenance = gate.get().maintenance();
    if (maintenance == null) {
      return Response.status(501).entity("{\"error\":\"this store has no compaction\"}").build();
    }
    return Response.ok(
            json.writeValueAsString(maintenance.compactRawTables(Duration.ofMinutes(10))))
        .build();
  }

  /**
   * The collectors sharing this store: {@code {"self", "leader", "members", "epoch"}} ({@code
   * host:port} each; the leader aggregates).
   */
  @GET
  @Path("admin/cluster")
  public Response cluster() throws JsonProcessingException {
    if (!gate.isReady()) {
      return Response.status(503).entity("{\"error\":\"storage is not ready\"}").build();
    }
    return Response.ok(json.writeValueAsString(gate.get().cluster().view())).build();
  }

  /** Every self-metric of the collector (rates per second, durations in ms). */
  @GET
  @Path("admin/metrics")
  public String metrics() throws JsonProcessingException {
    return json.writeValueAsString(registry);
  }
}
