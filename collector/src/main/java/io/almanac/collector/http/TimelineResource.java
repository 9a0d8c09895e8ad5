package io.almanac.collector.http;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.almanac.collector.query.MetricsQuery;
import io.almanac.collector.query.QueryAnswer;
import io.almanac.collector.query.QueryParser;
import io.almanac.model.json.MetricsJson;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.List;
import java.util.function.Function;

/**
 * The AMS timeline API under {@code /ws/v1/timeline}. Thin: check the body size, parse, call a
 * service, encode. The metrics POST itself is answered ahead of Jersey ({@link MetricsPostFilter}).
 * One class, because Jersey does not fall back from one root resource to another and {@code
 * /metrics/{instanceId}} shares its prefix with every listing endpoint.
 */
@Path("/ws/v1/timeline")
@Produces(MediaType.APPLICATION_JSON)
public final class TimelineResource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServiceGate gate;
  private final MetricsJson codec = new MetricsJson();
  private final long maxRequestBytes;
  private final boolean multipleClusters;
  private final com.codahale.metrics.Histogram answerPoints;

  /** A resource serving through {@code gate}, refusing bodies over {@code maxRequestBytes}. */
  public TimelineResource(
      ServiceGate gate, long maxRequestBytes, boolean multipleClusters, MetricRegistry registry) {
    this.gate = gate;
    this.maxRequestBytes = maxRequestBytes;
    this.multipleClusters = multipleClusters;
    this.answerPoints = registry.histogram("query.answer.points");
  }

  /** AMS's "about" answer. */
  @GET
  public String about() {
    return "{\"About\":\"AMS API\",\"implementation\":\"Almanac\"}";
  }

  /** Host-side minute aggregates (AMS's AggregationResult) into the host minute table. */
  @POST
  @Path("metrics/aggregated")
  @Consumes(MediaType.WILDCARD)
  public Response postAggregated(
      InputStream body,
      @HeaderParam("Content-Length") Long contentLength,
      @HeaderParam("Content-Encoding") String contentEncoding) {
    InputStream limited = limited(body, contentLength, contentEncoding);
    Services services = gate.get();
    return Response.ok(MetricsPost.answer(SideIngest.aggregated(limited, services.ingest())))
        .build();
  }

  /** YARN container statistics into CONTAINER_METRICS. */
  @POST
  @Path("containermetrics{slash: /?}")
  @Consumes(MediaType.WILDCARD)
  public Response postContainerMetrics(
      InputStream body,
      @HeaderParam("Content-Length") Long contentLength,
      @HeaderParam("Content-Encoding") String contentEncoding) {
    InputStream limited = limited(body, contentLength, contentEncoding);
    Services services = gate.get();
    if (services.containerMetricsDisabled()) {
      return Response.ok(MetricsPost.answer(List.of())).build();
    }
    return Response.ok(MetricsPost.answer(SideIngest.containers(limited, services.ingest())))
        .build();
  }

  private InputStream limited(InputStream body, Long contentLength, String contentEncoding) {
    return RequestBodies.open(body, contentLength, contentEncoding, maxRequestBytes);
  }

  /** The points of the named series, with every AMS query parameter. */
  @GET
  @Path("metrics{slash: /?}")
  public Response get(@Context UriInfo uri) {
    return query(uri, null);
  }

  /** As {@link #get}, with the instance id in the path. */
  @GET
  @Path("metrics/{instanceId}")
  public Response getForInstance(@Context UriInfo uri, @PathParam("instanceId") String instanceId) {
    return query(uri, instanceId);
  }

  /**
   * Response header naming the precision an answer was read at: seconds, minutes, hours or days.
   */
  public static final String PRECISION_HEADER = "X-Almanac-Precision";

  private Response query(UriInfo uri, String instanceId) {
    MultivaluedMap<String, String> params = uri.getQueryParameters();
    Function<String, String> param = params::getFirst;
    MetricsQuery query = QueryParser.parse(param, instanceId);
    QueryAnswer answer = gate.get().query().query(query);
    StreamingOutput body =
        out -> {
          long[] points = new long[1];
          codec.write(
              each ->
                  answer
                      .series()
                      .forEach(
                          m -> {
                            points[0] += m.points().size();
                            each.accept(m);
                          }),
              out);
          answerPoints.update(points[0]);
        };
    return Response.ok(body)
        .header(PRECISION_HEADER, answer.precision().name().toLowerCase(java.util.Locale.ROOT))
        .build();
  }

  /** Known metrics per application; {@code metricName} is a regular expression. */
  @GET
  @Path("metrics/metadata")
  public String metadata(
      @QueryParam("appId") String appId,
      @QueryParam("metricName") String metricName,
      @QueryParam("includeAll") String includeAll) {
    // includeAll (default true) matters once whitelisting exists; every metric is whitelisted now.
    return MetadataViews.metadata(gate.get().metadata(), appId, metricName);
  }

  /** As {@link #metadata}; AMS ignores the instance id in this path, and so does this. */
  @GET
  @Path("metrics/{instanceId}/metadata")
  public String metadataForInstance(
      @QueryParam("appId") String appId,
      @QueryParam("metricName") String metricName,
      @QueryParam("includeAll") String includeAll) {
    return metadata(appId, metricName, includeAll);
  }

  /** Known hosts with their applications. */
  @GET
  @Path("metrics/hosts")
  public String hosts() {
    return MetadataViews.hosts(gate.get().metadata());
  }

  /** Instance id, then app, then hosts (the path Grafana's AMS plugin calls). */
  @GET
  @Path("metrics/instance")
  public String instance(
      @QueryParam("appId") String appId, @QueryParam("instanceId") String instanceId) {
    return MetadataViews.instances(gate.get().metadata(), multipleClusters, appId, instanceId);
  }

  /** The same under the plural path older AMS clients call. */
  @GET
  @Path("metrics/instances")
  public String instances(
      @QueryParam("appId") String appId, @QueryParam("instanceId") String instanceId) {
    return instance(appId, instanceId);
  }

  /** As {@link #instance} with the instance id in the path. */
  @GET
  @Path("metrics/{instanceId}/instance")
  public String instanceInPath(
      @PathParam("instanceId") String instanceId, @QueryParam("appId") String appId) {
    return instance(appId, instanceId);
  }

  /** Host names of live collectors, for sink discovery. */
  @GET
  @Path("metrics/livenodes")
  public String liveNodes() {
    return JSON.valueToTree(gate.get().liveNodes()).toString();
  }

  /** Hosts and metric counts per app. */
  @GET
  @Path("metrics/summary")
  public String summary() {
    Services services = gate.get();
    return MetadataViews.summary(
        services.metadata(), services.aggregation(), System.currentTimeMillis());
  }

  /** The ids a series is stored under (AMS's UUID lookup). */
  @GET
  @Path("metrics/uuid")
  public String uuid(
      @QueryParam("metricName") String metricName,
      @QueryParam("appId") String appId,
      @QueryParam("instanceId") String instanceId,
      @QueryParam("hostname") String hostname) {
    return MetadataViews.ids(gate.get().metadata(), metricName, appId, instanceId, hostname);
  }
}
