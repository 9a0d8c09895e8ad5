package io.almanac.collector.http;

/** The collector cannot serve the request now (starting, stopping, overloaded): 503. */
final class UnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UnavailableException(String message) {
    super(message);
  }
}
