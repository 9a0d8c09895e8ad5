package io.almanac.ops.server.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns exceptions into JSON errors: Jersey's own (404, 405, 415) keep their status. */
final class UnexpectedErrors implements ExceptionMapper<Exception> {

  private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrors.class);

  @Override
  public Response toResponse(Exception e) {
    if (e instanceof WebApplicationException web) {
      int status = web.getResponse().getStatus();
      return OpsResource.error(status, web.getMessage(), List.of());
    }
    LOG.error("Ops API request failed", e);
    return OpsResource.error(500, "internal error: " + e.getMessage(), List.of());
  }
}
