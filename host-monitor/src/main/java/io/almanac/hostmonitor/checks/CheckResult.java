package io.almanac.hostmonitor.checks;

/**
 * What one run of a check found.
 *
 * @param status the outcome
 * @param latencySeconds how long the connect, the HTTP exchange or the script took (the timeout
 *     when it ran out)
 * @param message what to log when the status changes: the script's first line of output, the HTTP
 *     status, or why it failed
 */
public record CheckResult(CheckStatus status, double latencySeconds, String message) {
  /** Whether the target answered as it should: {@code almanac.check.up} is 1. */
  public boolean up() {
    return status == CheckStatus.OK || status == CheckStatus.WARNING;
  }
}
