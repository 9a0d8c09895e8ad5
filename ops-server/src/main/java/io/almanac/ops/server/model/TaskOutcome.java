package io.almanac.ops.server.model;

/**
 * How a task ended: its terminal status, and what is known of its last attempt. A null field keeps
 * what the task already holds, so the server's own verdict (an abort, a timeout) does not erase the
 * exit code and output an agent reported before.
 *
 * @param status a terminal status
 * @param exitCode the command's exit code, or null
 * @param detail why it ended so, or null
 * @param stdout the command's standard output (its tail is kept), or null
 * @param stderr the command's standard error (its tail is kept), or null
 */
public record TaskOutcome(
    TaskStatus status, Integer exitCode, String detail, String stdout, String stderr) {
  /** Checks that the status is terminal. */
  public TaskOutcome {
    if (!status.isTerminal()) {
      throw new IllegalArgumentException(status + " is not terminal");
    }
  }

  /** The server's verdict: a status and its reason, nothing of the command's own. */
  public static TaskOutcome verdict(TaskStatus status, String detail) {
    return new TaskOutcome(status, null, detail, null, null);
  }
}
