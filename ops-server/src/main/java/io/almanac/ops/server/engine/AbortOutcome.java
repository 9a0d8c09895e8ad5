package io.almanac.ops.server.engine;

/** What an abort request found. */
public enum AbortOutcome {
  ABORTED,
  NOT_FOUND,
  ALREADY_ENDED
}
