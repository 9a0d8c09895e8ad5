package io.almanac.ops.agent;

/**
 * The agent's own record of a task's latest attempt, in {@code state-<task>.json}. It is how a
 * command re-sent by the server is recognised (and not run twice), and how a restarted agent finds
 * commands that were running when it died.
 *
 * @param pid the process (and process group) id while RUNNING, else -1
 */
record TaskState(long taskId, int attempt, Phase phase, long pid) {

  enum Phase {
    ACCEPTED,
    RUNNING,
    DONE
  }
}
