package io.almanac.promql;

/** A query that cannot be parsed or evaluated; the message says why (Prometheus's "bad_data"). */
public class PromQlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure with its reason. */
  public PromQlException(String message) {
    super(message);
  }
}
