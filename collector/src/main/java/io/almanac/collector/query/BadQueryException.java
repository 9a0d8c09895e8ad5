package io.almanac.collector.query;

/** The query's parameters are wrong; the message says how, for the client. */
public class BadQueryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With the reason. */
  public BadQueryException(String message) {
    super(message);
  }

  /** With the reason and the parse failure behind it. */
  public BadQueryException(String message, Throwable cause) {
    super(message, cause);
  }
}
