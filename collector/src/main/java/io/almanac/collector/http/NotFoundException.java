package io.almanac.collector.http;

/** What was asked for does not exist: 404. */
final class NotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  NotFoundException(String message) {
    super(message);
  }
}
