package io.almanac.collector.query;

/**
 * The query would return more rows than the limit at the precision asked for. The class name is
 * part of the API: the Ambari server looks for it in a 400 body and retries one precision coarser.
 */
public final class PrecisionLimitExceededException extends BadQueryException {
  private static final long serialVersionUID = 1L;

  /** With the reason and a way out. */
  public PrecisionLimitExceededException(String message) {
    super(message);
  }
}
