package io.almanac.collector.ingest;

/** The write path cannot take the request now; nothing of it was stored and a retry may succeed. */
public final class OverloadedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With the reason, for the client. */
  public OverloadedException(String message, Throwable cause) {
    super(message, cause);
  }
}
