package io.almanac.collector.http;

import io.almanac.collector.prometheus.PrometheusQueries;
import io.almanac.model.store.StorageException;
import io.almanac.promql.Parser;
import io.almanac.promql.PromQlException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Prometheus HTTP API on the collector's port, so that Grafana's Prometheus datasource,
 * promtool and the rest of that ecosystem read Almanac without a plugin. Every endpoint answers GET
 * and form-encoded POST (Grafana POSTs by default), in Prometheus's format, errors included.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class PrometheusResource {
  private static final Logger LOG = LoggerFactory.getLogger(PrometheusResource.class);

  private final ServiceGate gate;

  /** A resource serving through {@code gate}. */
  public PrometheusResource(ServiceGate gate) {
    this.gate = gate;
  }

  /** {@code /api/v1/query}: a PromQL query at one instant ({@code time}, default now). */
  @GET
  @Path("query")
  public Response query(@Context UriInfo uri) {
    return answer(uri.getQueryParameters(), this::query);
  }

  /** As the GET, from a form. */
  @POST
  @Path("query")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response queryForm(@Context UriInfo uri, MultivaluedMap<String, String> form) {
    return answer(merge(uri, form), this::query);
  }

  /**
   * {@code /api/v1/query_range}: a PromQL query from {@code start} to {@code end} every {@code
   * step}.
   */
  @GET
  @Path("query_range")
  public Response queryRange(@Context UriInfo uri) {
    return answer(uri.getQueryParameters(), this::queryRange);
  }

  /** As the GET, from a form. */
  @POST
  @Path("query_range")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response queryRangeForm(@Context UriInfo uri, MultivaluedMap<String, String> form) {
    return answer(merge(uri, form), this::queryRange);
  }

  /** {@code /api/v1/series}: the series {@code match[]} selects. */
  @GET
  @Path("series")
  public Response series(@Context UriInfo uri) {
    return answer(uri.getQueryParameters(), this::series);
  }

  /** As the GET, from a form. */
  @POST
  @Path("series")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response seriesForm(@Context UriInfo uri, MultivaluedMap<String, String> form) {
    return answer(merge(uri, form), this::series);
  }

  /** {@code /api/v1/labels}: label names. */
  @GET
  @Path("labels")
  public Response labels(@Context UriInfo uri) {
    return answer(uri.getQueryParameters(), this::labels);
  }

  /** As the GET, from a form. */
  @POST
  @Path("labels")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response labelsForm(@Context UriInfo uri, MultivaluedMap<String, String> form) {
    return answer(merge(uri, form), this::labels);
  }

  /** {@code /api/v1/label/<name>/values}: the values of one label. */
  @GET
  @Path("label/{name}/values")
  public Response labelValues(@PathParam("name") String name, @Context UriInfo uri) {
    return answer(uri.getQueryParameters(), p -> labelValues(name, p));
  }

  /** {@code /api/v1/metadata}: no metric metadata is kept in Prometheus's form. */
  @GET
  @Path("metadata")
  public Response metadata() {
    return ok(PrometheusJson.emptyObject());
  }

  /** {@code /api/v1/query_exemplars}: Almanac keeps no exemplars. */
  @GET
  @Path("query_exemplars")
  public Response exemplars() {
    return ok(PrometheusJson.emptyArray());
  }

  /** As the GET. */
  @POST
  @Path("query_exemplars")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response exemplarsForm() {
    return exemplars();
  }

  /** {@code /api/v1/status/buildinfo}: what clients use to tell the server's features. */
  @GET
  @Path("status/buildinfo")
  public Response buildInfo() {
    String v = PrometheusResource.class.getPackage().getImplementationVersion();
    return ok(PrometheusJson.buildInfo(v == null ? "dev" : v));
  }

  // ---- the endpoints' work ----

  private byte[] query(MultivaluedMap<String, String> p) {
    String query = required(p, "query");
    String time = p.getFirst("time");
    long at = time == null || time.isBlank() ? System.currentTimeMillis() : timeMs(time, "time");
    return PrometheusJson.result(queries().instant(query, at));
  }

  private byte[] queryRange(MultivaluedMap<String, String> p) {
    String query = required(p, "query");
    long start = timeMs(required(p, "start"), "start");
    long end = timeMs(required(p, "end"), "end");
    long step = stepMs(required(p, "step"));
    return PrometheusJson.result(queries().range(query, start, end, step));
  }

  private byte[] series(MultivaluedMap<String, String> p) {
    return PrometheusJson.labelSets(queries().series(matches(p)));
  }

  private byte[] labels(MultivaluedMap<String, String> p) {
    return PrometheusJson.strings(queries().labelNames(matches(p)));
  }

  private byte[] labelValues(String name, MultivaluedMap<String, String> p) {
    return PrometheusJson.strings(queries().labelValues(name, matches(p)));
  }

  private PrometheusQueries queries() {
    return gate.get().prometheus();
  }

  // ---- parameters ----

  private static MultivaluedMap<String, String> merge(
      UriInfo uri, MultivaluedMap<String, String> form) {
    MultivaluedMap<String, String> all = new MultivaluedHashMap<>(uri.getQueryParameters());
    form.forEach((k, v) -> all.addAll(k, v));
    return all;
  }

  private static List<String> matches(MultivaluedMap<String, String> p) {
    List<String> m = p.get("match[]");
    return m == null ? List.of() : m.stream().filter(s -> !s.isBlank()).toList();
  }

  private static String required(MultivaluedMap<String, String> p, String name) {
    String v = p.getFirst(name);
    if (v == null || v.isBlank()) {
      throw new PromQlException("missing parameter \"" + name + "\"");
    }
    return v;
  }

  /** Unix seconds (with a fraction) or RFC 3339, as Prometheus takes them. */
  static long timeMs(String text, String param) {
    try {
      return Math.round(Double.parseDouble(text) * 1000);
    } catch (NumberFormatException notSeconds) {
      try {
        return Instant.parse(text).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new PromQlException(
            "invalid parameter \""
                + param
                + "\": cannot parse \""
                + text
                + "\" to a valid timestamp");
      }
    }
  }

  /** Seconds (with a fraction) or a duration such as 30s. */
  static long stepMs(String text) {
    try {
      // a duration ("30s", "5m") ends in its unit; seconds as a number never end in a letter but
      // for NaN and Infinity, which are no step either (nor an exception per query, as before)
      if (!text.isEmpty() && Character.isLetter(text.charAt(text.length() - 1))) {
        return Parser.durationMs(text);
      }
      return Math.round(Double.parseDouble(text) * 1000);
    } catch (NumberFormatException | PromQlException e) {
      throw new PromQlException(
          "invalid parameter \"step\": cannot parse \"" + text + "\" to a valid duration");
    }
  }

  // ---- answers ----

  private static Response answer(
      MultivaluedMap<String, String> params,
      Function<MultivaluedMap<String, String>, byte[]> work) {
    try {
      return ok(work.apply(params));
    } catch (PromQlException e) {
      return error(400, "bad_data", e.getMessage());
    } catch (UnavailableException | StorageException e) {
      return error(503, "unavailable", e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("Prometheus API request failed", e);
      return error(500, "internal", String.valueOf(e.getMessage()));
    }
  }

  private static Response ok(byte[] body) {
    return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
  }

  private static Response error(int status, String type, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(PrometheusJson.error(type, message))
        .build();
  }
}
