package io.almanac.collector.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

/**
 * {@code GET /graph?g0.expr=QUERY}: the form of an alert's {@code generatorURL} (Prometheus's),
 * sent on to {@code /api/v1/query?query=QUERY} so the link in Alertmanager or a notification shows
 * the rule's current result. Without an expression: 400.
 */
@Path("/graph")
public final class GraphLinkResource {
  /** Redirects to the instant query of {@code expr}. */
  @GET
  public Response graph(@QueryParam("g0.expr") String expr) {
    if (expr == null || expr.isBlank()) {
      return Response.status(400)
          .type("text/plain")
          .entity("expected ?g0.expr=QUERY, as in an alert's generatorURL\n")
          .build();
    }
    return Response.seeOther(
            UriBuilder.fromPath("/api/v1/query").queryParam("query", "{q}").build(expr))
        .build();
  }
}
