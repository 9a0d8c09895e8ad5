package io.almanac.collector.http;

import io.almanac.collector.ingest.OverloadedException;
import io.almanac.collector.query.BadQueryException;
import io.almanac.collector.query.PrecisionLimitExceededException;
import io.almanac.model.json.MalformedMetricsException;
import io.almanac.model.store.StorageException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps every failure of a resource to a status code and an error body that says what is wrong. */
final class ErrorMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  /** Seconds a client is asked to wait after a 503. */
  static final String RETRY_AFTER_SECONDS = "5";

  private final com.codahale.metrics.Meter rejected;
  private final com.codahale.metrics.Meter unavailable;

  ErrorMapper(com.codahale.metrics.MetricRegistry registry) {
    this.rejected = registry.meter("http.requests.rejected");
    this.unavailable = registry.meter("http.requests.unavailable");
  }

  @Override
  public Response toResponse(Throwable e) {
    if (e instanceof WebApplicationException wae) {
      Response r = wae.getResponse();
      return ErrorBodies.response(r.getStatus(), e.getClass().getSimpleName(), e.getMessage());
    }
    rejected.mark();
    if (e instanceof MalformedMetricsException) {
      return ErrorBodies.response(400, "BadRequestException", e.getMessage());
    }
    if (e instanceof PrecisionLimitExceededException) {
      return ErrorBodies.response(400, "PrecisionLimitExceededException", e.getMessage());
    }
    if (e instanceof BadQueryException) {
      return ErrorBodies.response(400, "IllegalArgumentException", e.getMessage());
    }
    if (e instanceof NotFoundException) {
      return ErrorBodies.response(404, "NotFoundException", e.getMessage());
    }
    if (e instanceof RequestTooLargeException) {
      return ErrorBodies.response(413, "RequestTooLargeException", e.getMessage());
    }
    if (e instanceof RequestBodies.UnsupportedEncodingException) {
      return ErrorBodies.response(415, "UnsupportedMediaTypeException", e.getMessage());
    }
    if (e instanceof OverloadedException || e instanceof UnavailableException) {
      unavailable.mark();
      Response r = ErrorBodies.response(503, "ServiceUnavailableException", e.getMessage());
      return Response.fromResponse(r).header("Retry-After", RETRY_AFTER_SECONDS).build();
    }
    if (e instanceof StorageException) {
      LOG.warn("Storage failure while serving a request: {}", e.getMessage());
      return ErrorBodies.response(500, "StorageException", e.getMessage());
    }
    LOG.error("Unexpected failure while serving a request", e);
    return ErrorBodies.response(500, e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
  }
}
