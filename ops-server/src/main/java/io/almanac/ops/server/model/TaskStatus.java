package io.almanac.ops.server.model;

import java.util.EnumSet;
import java.util.Set;

/** Where one task stands. The names and their groups follow Ambari's HostRoleStatus. */
public enum TaskStatus {
  /** Not yet sent to its host. */
  PENDING,
  /** Sent (or being sent); the agent has not said it started. */
  QUEUED,
  /** The agent reported the command running. */
  IN_PROGRESS,
  /**
   * Dispatched, and then its host stopped heartbeating: the command may still be running, or may
   * have finished with a report the agent still holds. It waits for that report (which wins
   * whenever it comes) until the lost-task deadline, then fails.
   */
  LOST,
  COMPLETED,
  FAILED,
  TIMEDOUT,
  ABORTED,
  /**
   * Failed in a request that holds on failure, where the failure would have ended the request: it
   * waits for the operator to retry it (a new attempt) or skip it (SKIPPED_FAILED).
   */
  HOLDING_FAILED,
  /** As {@link #HOLDING_FAILED}, for an attempt that timed out. */
  HOLDING_TIMEDOUT,
  /** Failed and then skipped by the operator, or failed where that is tolerated; counts as done. */
  SKIPPED_FAILED;

  private static final Set<TaskStatus> TERMINAL =
      EnumSet.of(COMPLETED, FAILED, TIMEDOUT, ABORTED, SKIPPED_FAILED);
  private static final Set<TaskStatus> FAILURES =
      EnumSet.of(FAILED, TIMEDOUT, ABORTED, SKIPPED_FAILED);

  /** Terminal statuses never change again; later reports may only add output. */
  public boolean isTerminal() {
    return TERMINAL.contains(this);
  }

  /** Dispatched and not finished: the host is busy with it. */
  public boolean isActive() {
    return this == QUEUED || this == IN_PROGRESS || this == LOST;
  }

  /** Failed, and waiting for the operator's retry or skip. */
  public boolean isHolding() {
    return this == HOLDING_FAILED || this == HOLDING_TIMEDOUT;
  }

  /** The holding status for a failure ({@code FAILED} or {@code TIMEDOUT}). */
  public TaskStatus holding() {
    return switch (this) {
      case FAILED -> HOLDING_FAILED;
      case TIMEDOUT -> HOLDING_TIMEDOUT;
      default -> throw new IllegalStateException(this + " does not hold");
    };
  }

  public boolean isFailure() {
    return FAILURES.contains(this);
  }

  public static Set<TaskStatus> unfinished() {
    return EnumSet.of(PENDING, QUEUED, IN_PROGRESS, LOST, HOLDING_FAILED, HOLDING_TIMEDOUT);
  }
}
