package io.almanac.model.json;

/** The body is not the JSON of a {@code TimelineMetrics} object; nothing in it can be used. */
public final class MalformedMetricsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message that says where and what. */
  public MalformedMetricsException(String message, Throwable cause) {
    super(message, cause);
  }
}
