package io.almanac.ops.server.engine;

/** What became of an operator's retry or skip of a holding task. */
public enum HoldOutcome {
  /** The request has no such task. */
  NOT_FOUND,
  /** The task is not holding (it runs, completed, or was already retried or skipped). */
  NOT_HOLDING,
  /** Retried (a new attempt is due) or skipped (it counts as done). */
  DONE
}
