package io.almanac.aggregators;

/**
 * A checkpoint write was refused: another collector has led in a later epoch since this one was
 * elected. What this one aggregated after that is not recorded as done; the leader does it.
 */
public final class FencedOffException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FencedOffException(String message) {
    super(message);
  }
}
