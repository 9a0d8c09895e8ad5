package io.almanac.collector.http;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.almanac.collector.ingest.IngestResult;
import io.almanac.collector.query.MetricsQuery;
import io.almanac.collector.query.QueryParser;
import io.almanac.model.TimelineMetrics;
import io.almanac.model.json.DecodedBatch;
import io.almanac.model.json.MetricProblem;
import io.almanac.model.json.MetricsJson;
import io.almanac.model.store.MetricDescriptor;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The AMS timeline API under {@code /ws/v1/timeline}. Thin: parse, call a service, encode. */
@Path("/ws/v1/timeline")
@Produces(MediaType.APPLICATION_JSON)
public final class TimelineResource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServiceGate gate;
  private final MetricsJson codec = new MetricsJson();
  private final long maxRequestBytes;
  private final Meter requests;
  private final Meter malformed;

  /** A resource serving through {@code gate}, refusing bodies over {@code maxRequestBytes}. */
  public TimelineResource(ServiceGate gate, long maxRequestBytes, MetricRegistry registry) {
    this.gate = gate;
    this.maxRequestBytes = maxRequestBytes;
    this.requests = registry.meter("ingest.requests");
    this.malformed = registry.meter("ingest.requests.malformed");
  }

  /** AMS's "about" answer. */
  @GET
  public String about() {
    return "{\"About\":\"AMS API\",\"implementation\":\"Almanac\"}";
  }

  /** Stores a {@code TimelineMetrics} body; 200 only once the valid metrics are committed. */
  @POST
  @Path("metrics{slash: /?}")
  @Consumes(MediaType.WILDCARD)
  public Response post(InputStream body, @HeaderParam("Content-Length") Long contentLength) {
    requests.mark();
    if (contentLength != null && contentLength > maxRequestBytes) {
      throw new RequestTooLargeException(maxRequestBytes);
    }
    Services services = gate.get();
    DecodedBatch batch;
    try {
      batch = codec.decode(new LimitedInputStream(body, maxRequestBytes));
    } catch (io.almanac.model.json.MalformedMetricsException e) {
      malformed.mark();
      throw e;
    } catch (RequestTooLargeException e) {
      drain(body);
      throw e;
    }
    IngestResult result = services.ingest().ingest(batch);
    return Response.ok(putResponse(result.problems())).build();
  }

  /**
   * Reads and drops what is left of a refused chunked body (up to a bound), so the client, which
   * is still sending, gets to read the 413 instead of a reset connection.
   */
  private static void drain(InputStream body) {
    byte[] buf = new byte[64 * 1024];
    long left = 64L << 20;
    try {
      int n;
      while (left > 0 && (n = body.read(buf)) > 0) {
        left -= n;
      }
    } catch (java.io.IOException ignored) {
      // The client went away; there is nobody left to answer.
    }
  }

  private static String putResponse(List<MetricProblem> problems) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode errors = root.putArray("errors");
    for (MetricProblem p : problems) {
      ObjectNode e = errors.addObject();
      e.put("entity", p.metricName() == null ? "" : p.metricName());
      e.put("entitytype", p.appId() == null ? "" : p.appId());
      e.put("errorcode", 1);
      e.put("index", p.index());
      if (p.hostName() != null) {
        e.put("hostname", p.hostName());
      }
      e.put("message", "metrics[" + p.index() + "]: " + p.reason());
    }
    return root.toString();
  }

  /** The points of the named series. */
  @GET
  @Path("metrics{slash: /?}")
  public StreamingOutput get(
      @QueryParam("metricNames") String metricNames,
      @QueryParam("hostname") String hostname,
      @QueryParam("appId") String appId,
      @QueryParam("instanceId") String instanceId,
      @QueryParam("startTime") String startTime,
      @QueryParam("endTime") String endTime,
      @QueryParam("precision") String precision,
      @QueryParam("grouped") String grouped) {
    MetricsQuery query =
        QueryParser.parse(metricNames, hostname, appId, instanceId, startTime, endTime, precision, grouped);
    TimelineMetrics result = gate.get().query().query(query);
    return out -> codec.write(result, out);
  }

  /** Known metrics per application, optionally filtered by app and a name regex. */
  @GET
  @Path("metrics/metadata")
  public String metadata(@QueryParam("appId") String appId, @QueryParam("metricName") String metricName) {
    Pattern namePattern;
    try {
      namePattern = metricName == null || metricName.isBlank() ? null : Pattern.compile(metricName);
    } catch (PatternSyntaxException e) {
      throw new io.almanac.collector.query.BadQueryException("metricName is not a valid regular expression: "
          + e.getDescription(), e);
    }
    Map<String, ArrayNode> byApp = new TreeMap<>();
    for (MetricDescriptor d : gate.get().metadata().metrics()) {
      String app = d.key().appId();
      if (appId != null && !appId.isBlank() && !app.equalsIgnoreCase(appId.trim())) {
        continue;
      }
      if (namePattern != null && !namePattern.matcher(d.key().metricName()).find()) {
        continue;
      }
      ObjectNode m = byApp.computeIfAbsent(app, k -> JSON.createArrayNode()).addObject();
      m.put("metricname", d.key().metricName());
      m.put("appid", app);
      if (!d.key().instanceId().isEmpty()) {
        m.put("instanceId", d.key().instanceId());
      }
      if (d.units() != null) {
        m.put("units", d.units());
      }
      m.put("type", d.type() == null ? "UNDEFINED" : d.type());
      m.put("seriesStartTime", d.seriesStartTime());
      m.put("supportsAggregation", d.supportsAggregation());
      m.put("isWhitelisted", true);
    }
    ObjectNode root = JSON.createObjectNode();
    byApp.forEach(root::set);
    return root.toString();
  }

  /** Known hosts with the applications that report from each. */
  @GET
  @Path("metrics/hosts")
  public String hosts() {
    ObjectNode root = JSON.createObjectNode();
    for (Map.Entry<String, Set<String>> e : gate.get().metadata().appsByHost().entrySet()) {
      ArrayNode apps = root.putArray(e.getKey());
      e.getValue().forEach(apps::add);
    }
    return root.toString();
  }
}
