package io.almanac.collector.http;

/** The request body is larger than the configured limit: 413. */
final class RequestTooLargeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RequestTooLargeException(long limit) {
    super(
        "request body exceeds the limit of "
            + limit
            + " bytes (almanac.ingest.max.request.size); "
            + "nothing of it was stored, send it in smaller batches");
  }
}
