package io.almanac.ops.server.model;

/** Summary of a stage or of a whole request, computed by {@link StatusRules}. */
public enum StageStatus {
  PENDING,
  IN_PROGRESS,
  /**
   * A task failed in a request that holds on failure; it waits for the operator's retry or skip.
   */
  HOLDING,
  COMPLETED,
  FAILED,
  TIMEDOUT,
  ABORTED;

  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == TIMEDOUT || this == ABORTED;
  }

  public static boolean isLive(StageStatus status) {
    return status == PENDING || status == IN_PROGRESS || status == HOLDING;
  }
}
