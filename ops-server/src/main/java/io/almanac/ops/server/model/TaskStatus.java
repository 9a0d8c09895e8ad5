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
  /** Failed in a stage that tolerates it; counts as done. */
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

  public boolean isFailure() {
    return FAILURES.contains(this);
  }

  public static Set<TaskStatus> unfinished() {
    return EnumSet.of(PENDING, QUEUED, IN_PROGRESS, LOST);
  }
}
