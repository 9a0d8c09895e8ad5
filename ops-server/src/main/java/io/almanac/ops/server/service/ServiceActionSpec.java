package io.almanac.ops.server.service;

import java.util.List;

/**
 * An action on a service as asked for: {@code POST /api/v1/services/{name}/actions}.
 *
 * @param action INSTALL, CONFIGURE, START, STOP, RESTART or STATUS
 * @param components null or empty: every component the action applies to
 * @param batchSize null: each component on all its hosts at once; else at most this many hosts of a
 *     component at a time, one batch done (and, when starting, ready) before the next begins
 * @param pauseSeconds null or 0: none; else a pause between batches
 * @param failureTolerance null or 0: any failed task fails the request; else how many tasks of each
 *     stage may fail while the request goes on
 * @param holdOnFailure null or false: a failure past the tolerance ends the request; true: it holds
 *     the request until the operator retries or skips the failed task
 */
public record ServiceActionSpec(
    String action,
    List<String> components,
    Integer batchSize,
    Integer pauseSeconds,
    Integer failureTolerance,
    Boolean holdOnFailure) {

  /** An action that ends on a failure past its tolerance. */
  public ServiceActionSpec(
      String action,
      List<String> components,
      Integer batchSize,
      Integer pauseSeconds,
      Integer failureTolerance) {
    this(action, components, batchSize, pauseSeconds, failureTolerance, null);
  }
}
